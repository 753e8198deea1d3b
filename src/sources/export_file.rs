//! Writes rows of a layer to a GeoJSON or CSV file, atomically: what the table's export and the
//! `export` command share.

use std::path::Path;

use super::atomic_file::write_atomically;
use crate::data::Dataset;

/// The file formats a layer is exported to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// GeoJSON FeatureCollection, WGS 84.
    GeoJson,
    /// CSV, UTF-8 with BOM, with this separator (`;` for French spreadsheets, or `,`).
    Csv(u8),
}

impl ExportFormat {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::GeoJson => "geojson",
            Self::Csv(_) => "csv",
        }
    }
}

/// Writes `rows` of `dataset` to `path`; the file appears complete or not at all.
pub fn export_rows(
    dataset: &Dataset,
    rows: impl Iterator<Item = usize>,
    format: ExportFormat,
    path: &Path,
) -> std::io::Result<()> {
    write_atomically(path, |mut out| match format {
        ExportFormat::GeoJson => super::geojson_write::write_geojson(dataset, rows, None, &mut out),
        ExportFormat::Csv(separator) => {
            super::csv_write::write_csv(dataset, rows, None, separator, &mut out)
        }
    })
}
