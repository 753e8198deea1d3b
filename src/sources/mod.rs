//! Everything that reads (or writes) the outside world: files of each format, and the CRS door to PROJ.

pub mod atomic_file;
pub mod credentials;
pub mod crs;
pub mod csv;
pub mod csv_write;
pub mod dbf;
pub mod demo;
pub mod dialog;
pub mod error;
pub mod export_file;
pub mod fault;
pub mod fgb;
pub mod geocoder;
pub mod geojson;
pub mod geojson_write;
pub mod gml;
pub mod gpkg;
pub mod gpx;
pub mod internal;
pub mod internal_address;
pub mod kml;
pub mod ogcapi;
pub mod open;
mod parallel_runs;
pub mod png;
pub mod portal;
pub mod postgis;
pub mod project_file;
pub mod quality_csv;
pub mod service;
pub mod settings_file;
pub mod shape_text;
pub mod shapefile;
pub mod table_csv;
pub mod tiles;
pub mod topojson;
pub mod wfs;
pub mod wkt_write;
pub mod zone_csv;

pub use error::SourceError;
pub use open::{LoadOptions, load_path};

use crate::data::DatasetBuilder;

/// A layer of a file that holds several, with its number of features.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SourceLayer {
    /// Its name (what `--layer` takes).
    pub name: String,
    /// Its features.
    pub count: u64,
}

/// What a format reader returns: rows with coordinates still in the source CRS.
#[derive(Debug)]
pub struct RawSource {
    /// The rows; geometry coordinates in the declared CRS (or unknown).
    pub builder: DatasetBuilder,
    /// The CRS the file declares (EPSG code, WKT, PROJ string), `None` when it declares none.
    pub crs: Option<String>,
}
