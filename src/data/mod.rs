//! The columnar dataset shared by every source: geometry in WGS84, typed attribute columns, an R-tree.

pub mod bitmap;
pub mod column;
pub mod column_builder;
pub mod dataset;
pub mod geometry;
pub mod hit;
pub mod label_point;
pub mod lambert93;
pub mod tessellate;

pub use bitmap::Bitmap;
pub use column::{Column, ColumnData, FieldType, Value};
pub use column_builder::ColumnBuilder;
pub use dataset::{Bbox, Dataset, DatasetBuilder, DatasetId, IssueKind, LoadIssue};
pub use geometry::{GeomKind, GeometryBuilder, GeometryColumn};
