//! The map: the only place that uses walkers. Basemaps, layer drawing, scale bar, view fitting.

pub mod basemap;
pub mod clip;
pub mod compare;
pub mod draw;
pub mod fallback;
pub mod health;
pub mod labels;
pub mod layer_rasters;
pub mod legend;
pub mod point_raster;
pub mod raster_view;
pub mod scale_bar;
pub mod shape_raster;
pub mod sketch;
pub mod tile_layer;
mod tile_workers;
pub mod view;
pub mod wheel;

pub use compare::{CompareMode, CompareView};
pub use draw::{Clip, LayerDraw, LayerStyle};
pub use sketch::{Sketch, SketchEvent, SketchKind};
pub use view::{Comparison, MapOutput, MapView, Scene, map_ui};

pub use crate::project::{ANGERS_LON_LAT, ANGERS_ZOOM};
