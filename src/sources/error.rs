//! Why a source could not be read, in words a user understands (in the interface language).
//!
//! No variant carries a library's text: the reader logs it and keeps a kind that can be put in
//! words when shown.

use std::path::PathBuf;

use crate::i18n::tr_args;

/// A load that failed as a whole. Recoverable problems are counted as issues instead.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The file could not be opened or read.
    #[error("{}", tr_args("err-io", &[("reason", &super::fault::io_reason(.source)), ("path", &.path.display().to_string())]))]
    Io {
        /// The file.
        path: PathBuf,
        /// The system's error (its text is only logged).
        source: std::io::Error,
    },
    /// The JSON is not well-formed or not GeoJSON.
    #[error("{}", .kind.text(*.line, *.column))]
    Json {
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// What is wrong.
        kind: JsonFault,
    },
    /// The content does not follow its format.
    #[error("{0}")]
    Format(Message),
    /// The coordinate reference system (as the file or the user gave it) is unknown to PROJ or
    /// the reprojection failed.
    #[error("{}", tr_args("err-crs", &[("crs", &shortened(.0))]))]
    Crs(String),
    /// No CRS was declared and the coordinates are not longitude/latitude; the system the
    /// coordinates suggest, if any.
    #[error("{}", crs_missing_text(*.0))]
    CrsMissing(Option<&'static str>),
    /// The file type is not one Territoire reads.
    #[error("{}", tr_args("err-unsupported", &[("ext", .0)]))]
    Unsupported(String),
    /// The user cancelled the load.
    #[error("{}", tr_args("err-cancelled", &[]))]
    Cancelled,
    /// A PostGIS server or table could not be read.
    #[error("{0}")]
    Postgis(super::postgis::PgError),
    /// An OGC API Features or WFS service could not be read.
    #[error("{0}")]
    Service(Box<super::service::ServiceError>),
}

impl From<super::service::ServiceError> for SourceError {
    fn from(error: super::service::ServiceError) -> Self {
        use super::service::ServiceError;
        match error {
            ServiceError::Cancelled => Self::Cancelled,
            ServiceError::Source(inner) => inner,
            other => Self::Service(Box::new(other)),
        }
    }
}

/// What kind of fault stopped a JSON reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonFault {
    /// The text stops before the document ends (a cut download, a truncated copy).
    Eof,
    /// Not JSON at that place (garbage, another format, a damaged file).
    Syntax,
    /// Text that is not UTF-8 (a file saved as Latin-1 or Windows-1252).
    Encoding,
    /// JSON, but not the GeoJSON shape expected there (a wrong type, a missing member).
    Data,
    /// The bytes could not be read, for this reason.
    Io(std::io::ErrorKind),
}

impl JsonFault {
    /// Classifies a serde_json error, logging its own text (never shown).
    pub fn of(error: &serde_json::Error) -> Self {
        log::debug!("JSON: {error}");
        match error.classify() {
            serde_json::error::Category::Eof => Self::Eof,
            // serde_json has no kind of its own for bad UTF-8: its text is the only sign.
            serde_json::error::Category::Syntax if error.to_string().contains("unicode") => {
                Self::Encoding
            }
            serde_json::error::Category::Syntax => Self::Syntax,
            serde_json::error::Category::Data => Self::Data,
            serde_json::error::Category::Io => {
                Self::Io(error.io_error_kind().unwrap_or(std::io::ErrorKind::Other))
            }
        }
    }

    /// The message, in the interface language, for a fault at `line`, `column`.
    pub fn text(self, line: usize, column: usize) -> String {
        let key = match self {
            Self::Eof => "err-json-eof",
            Self::Syntax => "err-json-syntax",
            Self::Encoding => "err-json-encoding",
            Self::Data => "err-json-data",
            Self::Io(kind) => {
                let reason = crate::i18n::tr(super::fault::io_key(kind));
                return tr_args("err-json-io", &[("reason", &reason)]);
            }
        };
        let (line, column) = (line.to_string(), column.to_string());
        tr_args(key, &[("line", &line), ("column", &column)])
    }
}

/// A message made of a locale key and its arguments, put in words when shown so that it follows
/// the interface language. Arguments are the user's own data (paths, numbers), never a library's
/// text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// The locale key.
    pub key: String,
    /// The `{name}` placeholders and their values.
    pub args: Vec<(String, String)>,
}

impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let args: Vec<(&str, &str)> = self
            .args
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        f.write_str(&tr_args(&self.key, &args))
    }
}

impl SourceError {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        let path = path.into();
        log::debug!("{}: {source}", path.display());
        Self::Io { path, source }
    }

    /// A JSON error, classified (its text goes to the log).
    pub fn json(error: &serde_json::Error) -> Self {
        Self::Json {
            line: error.line(),
            column: error.column(),
            kind: JsonFault::of(error),
        }
    }

    /// A format error built from a locale key and its arguments.
    pub fn format(key: &str, args: &[(&str, &str)]) -> Self {
        Self::Format(Message {
            key: key.to_owned(),
            args: args
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        })
    }
}

/// "No CRS", with the system the coordinates suggest when there is one.
fn crs_missing_text(suggestion: Option<&str>) -> String {
    match suggestion {
        Some(code) => tr_args(
            "err-crs-missing-suggested",
            &[("crs", &crate::sources::crs::name(code)), ("code", code)],
        ),
        None => tr_args("err-crs-missing", &[]),
    }
}

/// A definition as shown in a message: its first 80 characters on one line (a damaged `.prj`
/// can hold a megabyte of anything).
fn shortened(definition: &str) -> String {
    let line: String = definition.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(80) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_crs_definition_is_shortened_in_the_message() {
        let garbage = "x".repeat(1_000_000);
        let message = SourceError::Crs(garbage).to_string();
        assert!(message.chars().count() < 300, "{}", message.len());
        assert!(message.contains("xxx…"));
        let short = SourceError::Crs("EPSG:99999".into()).to_string();
        assert!(short.contains("EPSG:99999") && !short.contains('…'));
    }
}
