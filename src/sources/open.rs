//! Opens any supported file: picks the reader by extension, settles the CRS, reprojects once to WGS84.

use std::path::Path;

pub use super::SourceLayer;
use super::{RawSource, SourceError, crs};
use crate::data::Dataset;
use crate::jobs::Progress;

/// Choices the user makes about a load.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// The CRS to use when the file declares none (EPSG code, WKT or PROJ string); also overrides a wrong one.
    pub crs: Option<String>,
    /// The layer to read in a file that holds several (a GeoPackage table); the first when `None`.
    pub layer: Option<String>,
    /// A source whose CRS is unknown is kept in its own coordinates, with an issue saying so,
    /// instead of refused (to describe it; it cannot be placed on the map).
    pub keep_unplaced: bool,
    /// The dataset is only described (counts, fields, extent): no spatial index is built unless
    /// something asks it a place.
    pub describe_only: bool,
    /// A filter a server may evaluate itself, to send fewer rows: only the part that gives
    /// exactly the local rows is sent, and the caller still applies the whole filter.
    pub pushdown: Option<String>,
}

/// The formats Territoire reads, by file extension.
pub const EXTENSIONS: [&str; 14] = [
    "geojson", "json", "shp", "zip", "csv", "txt", "tsv", "gpkg", "kml", "kmz", "gpx", "topojson",
    "gml", "fgb",
];

/// True for the formats that can hold several layers (a GeoPackage, a GPX file, a TopoJSON
/// topology).
pub fn may_hold_layers(path: &Path) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    matches!(ext.as_str(), "gpkg" | "gpx" | "topojson" | "gml")
        || (ext == "json" && is_topojson(path))
}

/// True when the JSON file at `path` is a TopoJSON topology (read from its first bytes).
fn is_topojson(path: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::with_capacity(4096);
    std::fs::File::open(path)
        .and_then(|f| f.take(4096).read_to_end(&mut head))
        .is_ok_and(|_| super::topojson::looks_like_topojson(&head))
}

/// The layers of a file that holds several (a GeoPackage), in the file's own order; `None` for
/// single-layer formats and unreadable files (whose loading says why).
pub fn source_layers(path: &Path) -> Option<Vec<SourceLayer>> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "gpkg" => super::gpkg::gpkg_layers(path).ok().map(|layers| {
            layers
                .into_iter()
                .map(|l| SourceLayer {
                    name: l.name,
                    count: l.count,
                })
                .collect()
        }),
        "gpx" => super::gpx::gpx_layers(path).ok(),
        "gml" => super::gml::gml_layers(path).ok(),
        "topojson" => super::topojson::topojson_layers(path).ok(),
        "json" if is_topojson(path) => super::topojson::topojson_layers(path).ok(),
        _ => None,
    }
}

/// Loads `path` into a dataset in WGS84. Runs in a background job: it blocks.
pub fn load_path(
    path: &Path,
    options: &LoadOptions,
    progress: &Progress,
) -> Result<Dataset, SourceError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let raw = match ext.as_str() {
        "topojson" => super::topojson::read_topojson(path, options.layer.as_deref(), progress)?,
        "geojson" | "json" if is_topojson(path) => {
            super::topojson::read_topojson(path, options.layer.as_deref(), progress)?
        }
        "geojson" | "json" => super::geojson::read_geojson(path, progress)?,
        "shp" => super::shapefile::read_shapefile(path, progress)?,
        "zip" => super::shapefile::read_zip(path, progress)?,
        "csv" | "txt" | "tsv" => super::csv::read_csv(path, progress)?,
        "gpkg" => super::gpkg::read_gpkg(path, options.layer.as_deref(), progress)?,
        "gpx" => super::gpx::read_gpx(path, options.layer.as_deref(), progress)?,
        "gml" => super::gml::read_gml(path, options.layer.as_deref(), progress)?,
        "fgb" => super::fgb::read_fgb(path, progress)?,
        "kml" | "kmz" => super::kml::read_kml(path, progress)?,
        _ => return Err(SourceError::Unsupported(ext)),
    };
    // GeoJSON (RFC 7946) and TopoJSON are longitude/latitude in WGS 84 unless they say otherwise.
    let wgs84_by_rule = matches!(ext.as_str(), "geojson" | "json" | "topojson");
    finish_source(raw, options, progress, wgs84_by_rule)
}

/// Settles the CRS of `raw`, reprojects its coordinates to WGS84 and builds the dataset. A
/// source without a declared CRS is never guessed: longitude/latitude stays as is, anything
/// else asks for the system (with a suggestion), or opens unplaced when `keep_unplaced`.
pub fn finish(
    raw: RawSource,
    options: &LoadOptions,
    progress: &Progress,
) -> Result<Dataset, SourceError> {
    finish_source(raw, options, progress, false)
}

/// [`finish`], for a format whose coordinates are WGS 84 by its rule when it declares no CRS
/// (`wgs84_by_rule`): such a source in degrees is then labelled WGS 84, not "no CRS".
fn finish_source(
    raw: RawSource,
    options: &LoadOptions,
    progress: &Progress,
    wgs84_by_rule: bool,
) -> Result<Dataset, SourceError> {
    let RawSource {
        mut builder,
        crs: declared,
    } = raw;
    if options.describe_only {
        builder.describe_only();
    }
    let chosen = options.crs.clone().or(declared);
    let mut label = None;
    let definition = match chosen {
        Some(definition) => Some(definition),
        None => match undeclared_crs(builder.geometry.coords_mut()) {
            Ok(None) if wgs84_by_rule && !builder.geometry.coords_mut().is_empty() => {
                label = Some(WGS84.to_owned());
                None
            }
            Err(SourceError::CrsMissing(suggestion)) if options.keep_unplaced => {
                let message = SourceError::CrsMissing(suggestion).to_string();
                builder.add_issue(crate::data::IssueKind::CrsUnknown, || message);
                return Ok(builder.finish_native());
            }
            other => other?,
        },
    };
    if let Some(definition) = &definition {
        let coords = builder.geometry.coords_mut();
        progress.set_done(0);
        progress.set_total(coords.len() as u64);
        crs::to_wgs84(definition, coords, progress)?;
    }
    if progress.is_cancelled() {
        return Err(SourceError::Cancelled);
    }
    Ok(builder.finish(definition.map(|d| crs::label(&d)).or(label)))
}

/// The label of WGS 84 longitude/latitude.
const WGS84: &str = "EPSG:4326";

/// No declared CRS: longitude/latitude stays as is; for metres the system they suggest is only
/// proposed, never taken.
fn undeclared_crs(coords: &[[f64; 2]]) -> Result<Option<String>, SourceError> {
    let sample: Vec<[f64; 2]> = coords
        .iter()
        .filter(|c| c[0].is_finite() && c[1].is_finite())
        .step_by((coords.len() / 1000).max(1))
        .copied()
        .collect();
    // No position at all (a table): nothing to place, so no system to ask for.
    if sample.is_empty() {
        return Ok(None);
    }
    // A few stray values (a typo, a swapped pair) must not decide for the whole file.
    let share = |test: fn([f64; 2]) -> bool| {
        sample.iter().filter(|&&c| test(c)).count() as f64 / sample.len().max(1) as f64
    };
    if share(crs::looks_like_lon_lat) >= 0.5 {
        return Ok(None);
    }
    Err(SourceError::CrsMissing(crs::suggest(&sample)))
}
