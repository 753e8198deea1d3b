//! Writes rows of a layer to a GeoJSON or CSV file, atomically: what the table's export and the
//! `export` command share.

use std::path::{Path, PathBuf};

use super::atomic_file::write_atomically;
use crate::data::Dataset;
use crate::i18n::{tr, tr_args};

/// An export that could not be written: the file and what to check, in the interface language
/// when shown; the system's own words go to the log.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", tr_args("export-failed", &[("path", &.path.display().to_string()), ("reason", &tr(.problem.key()))]))]
pub struct ExportError {
    /// The file asked for.
    pub path: PathBuf,
    /// Why it could not be written.
    pub problem: WriteProblem,
}

/// Why a file could not be written, as a user can act on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteProblem {
    /// The folder does not exist (any more).
    NoFolder,
    /// Writing there is not allowed.
    NotAllowed,
    /// The disk is full.
    DiskFull,
    /// The disk or share is read-only.
    ReadOnly,
    /// Something else refused the write.
    Other,
}

impl WriteProblem {
    /// The locale key of the sentence that explains it.
    fn key(self) -> &'static str {
        match self {
            Self::NoFolder => "write-no-folder",
            Self::NotAllowed => "write-not-allowed",
            Self::DiskFull => "write-disk-full",
            Self::ReadOnly => "write-read-only",
            Self::Other => "write-other",
        }
    }
}

impl ExportError {
    /// The export to `path` failed with `error`, which is logged.
    pub fn new(path: &Path, error: &std::io::Error) -> Self {
        use std::io::ErrorKind;
        log::warn!("export to {} failed: {error}", path.display());
        let problem = match error.kind() {
            ErrorKind::NotFound => WriteProblem::NoFolder,
            ErrorKind::PermissionDenied => WriteProblem::NotAllowed,
            ErrorKind::StorageFull | ErrorKind::QuotaExceeded => WriteProblem::DiskFull,
            ErrorKind::ReadOnlyFilesystem => WriteProblem::ReadOnly,
            _ => WriteProblem::Other,
        };
        Self {
            path: path.to_path_buf(),
            problem,
        }
    }
}

/// The file formats a layer is exported to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// GeoJSON FeatureCollection, WGS 84.
    GeoJson,
    /// CSV, UTF-8 with BOM, in this dialect (French spreadsheets, or `,` with a decimal point).
    Csv(super::csv::CsvDialect),
    /// GeoPackage, one table named after the file, WGS 84.
    GeoPackage,
    /// FlatGeobuf, one layer named after the file, WGS 84.
    FlatGeobuf,
}

impl ExportFormat {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::GeoJson => "geojson",
            Self::Csv(_) => "csv",
            Self::GeoPackage => "gpkg",
            Self::FlatGeobuf => "fgb",
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
    // Files made whole beside and moved: SQLite writes a file, not a stream.
    let name = || {
        path.file_stem()
            .map_or_else(|| "export".to_owned(), |s| s.to_string_lossy().into_owned())
    };
    match format {
        ExportFormat::GeoPackage => {
            return super::gpkg::write_gpkg_rows(path, &name(), dataset, rows);
        }
        ExportFormat::FlatGeobuf => {
            return super::fgb::write::write_fgb_rows(path, &name(), dataset, rows);
        }
        _ => {}
    }
    write_atomically(path, |mut out| match format {
        ExportFormat::GeoJson => super::geojson_write::write_geojson(dataset, rows, None, &mut out),
        ExportFormat::Csv(dialect) => {
            super::csv_write::write_csv(dataset, rows, None, dialect, &mut out)
        }
        ExportFormat::GeoPackage | ExportFormat::FlatGeobuf => Ok(()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_folder_is_said_in_words_with_the_file() {
        let path = Path::new("/dossier-absent/export.csv");
        let error = ExportError::new(path, &std::io::Error::from(std::io::ErrorKind::NotFound));
        assert_eq!(error.problem, WriteProblem::NoFolder);
        let message = error.to_string();
        assert!(message.contains("export.csv"), "{message}");
        assert!(!message.contains("os error"), "no system text: {message}");
    }
}
