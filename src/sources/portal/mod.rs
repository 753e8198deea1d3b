//! The Opendatasoft portal client (Explore API v2.1): addresses, catalog, HTTP with retries, cache, exports.

pub mod address;
pub mod browse;
pub mod cache;
pub mod catalog;
pub mod error;
pub mod export;
pub mod html;
pub mod http;

pub use address::{DEFAULT_PORTAL, DatasetRef, PortalUrl, parse_dataset_ref};
pub use browse::{CatalogQuery, catalog_facets, search_all, search_catalog};
pub use cache::PortalCache;
pub use catalog::{
    CatalogPage, DatasetMeta, Facet, FieldKind, FieldMeta, parse_catalog, parse_dataset,
    parse_facets,
};
pub use error::{AnswerFault, PortalError};
pub use export::{ExportRequest, Freshness, PortalLoad, load_dataset};
pub use http::{ApiKey, PortalClient, RetryPolicy, Validators};
