//! Why a request to an OGC service (OGC API Features, WFS) failed, in the interface language.
//!
//! No variant carries a server's or a library's sentence: those go to the log, the user reads a
//! kind with the server's codes (an OGC exception code, an HTTP status) and what to do.

use crate::i18n::{format_count, tr_args};
use crate::sources::fault::NetFault;

/// A failed request to an OGC service.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The text is not the address of a service, a collection or a feature type.
    #[error("{}", tr_args("ogc-err-address", &[("text", .0)]))]
    BadAddress(String),
    /// The server cannot be reached (offline, refused, TLS).
    #[error("{}", tr_args("ogc-err-network", &[("reason", &.0.text())]))]
    Network(NetFault),
    /// No answer in time after the retries.
    #[error("{}", tr_args("ogc-err-timeout", &[("tries", &.0.to_string())]))]
    Timeout(u32),
    /// 5xx after the retries.
    #[error("{}", tr_args("ogc-err-server", &[("status", &.status.to_string()), ("tries", &.tries.to_string())]))]
    Server {
        /// The last HTTP status.
        status: u16,
        /// How many tries were made.
        tries: u32,
    },
    /// 401 or 403: the service wants credentials.
    #[error("{}", tr_args("ogc-err-denied", &[("status", &.0.to_string())]))]
    Denied(u16),
    /// 404, or a collection or feature type the service does not list.
    #[error("{}", missing_text(.name, .available))]
    Missing {
        /// What was asked for.
        name: String,
        /// What the service offers (a few names), when known.
        available: Vec<String>,
    },
    /// A WFS address that names no feature type: those offered.
    #[error("{}", tr_args("ogc-err-type-needed", &[("available", &.0.join(", "))]))]
    TypeNeeded(Vec<String>),
    /// Another HTTP status, without an error document.
    #[error("{}", tr_args("ogc-err-status", &[("status", &.0.to_string())]))]
    Status(u16),
    /// An OGC API exception document (`{"code", "description"}`): the code is shown, the
    /// description logged.
    #[error("{}", tr_args("ogc-err-api", &[("status", &.status.to_string()), ("code", .code)]))]
    ApiError {
        /// The HTTP status.
        status: u16,
        /// The exception code (`InvalidParameterValue`, …).
        code: String,
    },
    /// A WFS `ExceptionReport`: its `exceptionCode` and `locator` are shown, its text logged.
    #[error("{}", exception_text(.code, .locator))]
    Exception {
        /// `exceptionCode` (`InvalidParameterValue`, `OperationParsingFailed`, …).
        code: String,
        /// The parameter it is about, when the server says.
        locator: String,
    },
    /// The answer is not what the protocol promises.
    #[error("{}", tr_args(.0.key(), &[]))]
    BadAnswer(AnswerKind),
    /// The pages never end: a `next` link seen before, an empty page that still has a `next`, or
    /// more pages than the limit.
    #[error("{}", tr_args("ogc-err-endless", &[("pages", &format_count(*.pages)), ("rows", &format_count(*.rows))]))]
    EndlessPages {
        /// Pages read before stopping.
        pages: u64,
        /// Rows read before stopping.
        rows: u64,
    },
    /// The WFS offers no output format this client reads (GeoJSON, GML 3.2 or 3.1).
    #[error("{}", tr_args("ogc-err-no-geometry", &[]))]
    NoFormat,
    /// A page could not be read as GeoJSON or GML.
    #[error("{0}")]
    Source(crate::sources::SourceError),
    /// The user cancelled.
    #[error("{}", tr_args("err-cancelled", &[]))]
    Cancelled,
}

/// What is wrong with an answer that arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnswerKind {
    /// A web page instead of data (a login page, a proxy's notice, a wrong address).
    Html,
    /// Not the JSON of an OGC API.
    NotJson,
    /// Not the XML of a WFS.
    NotXml,
    /// Well-formed, but without what the protocol promises there.
    Unexpected,
    /// The connection broke while the answer came.
    Cut,
}

impl AnswerKind {
    fn key(self) -> &'static str {
        match self {
            Self::Html => "ogc-err-html",
            Self::NotJson => "ogc-err-not-json",
            Self::NotXml => "ogc-err-not-xml",
            Self::Unexpected => "ogc-err-unexpected",
            Self::Cut => "ogc-err-cut",
        }
    }

    /// Why `body` is not the JSON or XML expected: a web page, or something else (`other`).
    pub fn of_body(body: &[u8], other: Self) -> Self {
        let start = body.trim_ascii_start();
        let head = String::from_utf8_lossy(&start[..start.len().min(200)]).to_ascii_lowercase();
        if head.starts_with("<!doctype html") || head.starts_with("<html") {
            Self::Html
        } else {
            other
        }
    }
}

fn missing_text(name: &str, available: &[String]) -> String {
    if available.is_empty() {
        tr_args("ogc-err-missing", &[("name", name)])
    } else {
        let mut list: Vec<&str> = available.iter().take(8).map(String::as_str).collect();
        if available.len() > 8 {
            list.push("…");
        }
        tr_args(
            "ogc-err-missing-among",
            &[("name", name), ("available", &list.join(", "))],
        )
    }
}

fn exception_text(code: &str, locator: &str) -> String {
    if locator.is_empty() {
        tr_args("ogc-err-exception", &[("code", code)])
    } else {
        tr_args(
            "ogc-err-exception-at",
            &[("code", code), ("locator", locator)],
        )
    }
}

impl From<crate::sources::SourceError> for ServiceError {
    fn from(error: crate::sources::SourceError) -> Self {
        match error {
            crate::sources::SourceError::Cancelled => Self::Cancelled,
            other => Self::Source(other),
        }
    }
}

impl ServiceError {
    /// True when trying again later may succeed (network, timeouts, server errors).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::Server { .. } | Self::Timeout(_) | Self::Network(_)
        )
    }
}
