//! Why a source could not be read, in words a user understands (French by default).

use std::path::PathBuf;

use crate::i18n::tr_args;

/// A load that failed as a whole. Recoverable problems are counted as issues instead.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The file could not be opened or read.
    #[error("{}", tr_args("err-io", &[("error", &.source.to_string()), ("path", &.path.display().to_string())]))]
    Io {
        /// The file.
        path: PathBuf,
        /// The system's error.
        source: std::io::Error,
    },
    /// The JSON is not well-formed or not GeoJSON.
    #[error("{}", tr_args("err-json", &[("line", &.line.to_string()), ("column", &.column.to_string()), ("error", .message)]))]
    Json {
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The content does not follow its format.
    #[error("{0}")]
    Format(String),
    /// The coordinate reference system is unknown or the reprojection failed.
    #[error("{}", tr_args("err-crs", &[("error", .0)]))]
    Crs(String),
    /// No CRS was declared and the coordinates are not longitude/latitude.
    #[error("{}", tr_args("err-crs-missing", &[]))]
    CrsMissing,
    /// The file type is not one Territoire reads.
    #[error("{}", tr_args("err-unsupported", &[("ext", .0)]))]
    Unsupported(String),
    /// The user cancelled the load.
    #[error("{}", tr_args("err-cancelled", &[]))]
    Cancelled,
}

impl SourceError {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io {
            path: path.into(),
            source,
        }
    }

    /// A format error built from a locale key and its arguments.
    pub fn format(key: &str, args: &[(&str, &str)]) -> Self {
        Self::Format(tr_args(key, args))
    }
}
