//! Why a portal request failed, in words a user understands (in the interface language).
//!
//! No variant carries a library's text: the client logs it and keeps a kind.

use crate::i18n::{format_count, tr_args};
use crate::sources::fault::NetFault;

/// A failed portal request. Each variant says what the user can do about it.
#[derive(Debug, thiserror::Error)]
pub enum PortalError {
    /// The text is not a portal address or a dataset reference.
    #[error("{}", tr_args("portal-err-address", &[("text", .0)]))]
    BadAddress(String),
    /// Plain `http` to a remote host: refused.
    #[error("{}", tr_args("portal-err-https", &[("text", .0)]))]
    NotHttps(String),
    /// 400: the portal rejected the query (its own message goes to the log only).
    #[error("{}", tr_args(if *.0 { "portal-err-query-filter" } else { "portal-err-query" }, &[]))]
    Query(bool),
    /// 401 or 403: the dataset is private.
    #[error("{}", private_text(.0))]
    Private(String),
    /// 404: no such dataset on this portal.
    #[error("{}", tr_args("portal-err-missing", &[("id", .dataset), ("portal", .portal)]))]
    Missing {
        /// The dataset id asked for.
        dataset: String,
        /// The portal asked.
        portal: String,
    },
    /// 429: the quota is used up until `reset`.
    #[error("{}", tr_args("portal-err-quota", &[("reset", .reset)]))]
    Quota {
        /// When the quota resets, as the portal says it.
        reset: String,
    },
    /// 5xx after the retries.
    #[error("{}", tr_args("portal-err-server", &[("status", &.status.to_string()), ("tries", &.tries.to_string())]))]
    Server {
        /// The last HTTP status.
        status: u16,
        /// How many tries were made.
        tries: u32,
    },
    /// No answer in time after the retries.
    #[error("{}", tr_args("portal-err-timeout", &[("tries", &.0.to_string())]))]
    Timeout(u32),
    /// The portal cannot be reached (offline, DNS, TLS).
    #[error("{}", tr_args("portal-err-network", &[("reason", &.0.text())]))]
    Network(NetFault),
    /// The answer was cut short or is not what the API promises.
    #[error("{0}")]
    BadAnswer(AnswerFault),
    /// Another HTTP status.
    #[error("{}", tr_args("portal-err-status", &[("status", &.0.to_string())]))]
    Status(u16),
    /// The cache folder could not be written.
    #[error("{}", tr_args("portal-err-cache", &[("reason", &crate::i18n::tr(crate::sources::fault::io_key(*.0)))]))]
    Cache(std::io::ErrorKind),
    /// The downloaded data could not be read.
    #[error("{0}")]
    Source(crate::sources::SourceError),
    /// The user cancelled.
    #[error("{}", tr_args("err-cancelled", &[]))]
    Cancelled,
}

/// What is wrong with an answer that arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AnswerFault {
    /// A web page came instead of data (a login page, a proxy's notice, a wrong address).
    #[error("{}", tr_args("portal-err-html", &[]))]
    Html,
    /// Not JSON at all.
    #[error("{}", tr_args("portal-err-not-json", &[]))]
    NotJson,
    /// JSON, but without what the API promises there.
    #[error("{}", tr_args("portal-err-unexpected", &[]))]
    Unexpected,
    /// The body is shorter than the length announced.
    #[error("{}", tr_args("portal-err-truncated", &[("got", &format_count(*.got)), ("expected", &format_count(*.expected))]))]
    Truncated {
        /// Bytes received.
        got: u64,
        /// Bytes announced.
        expected: u64,
    },
    /// The connection broke during the download.
    #[error("{}", cut_text(*.bytes, *.expected, *.fault))]
    Cut {
        /// Bytes received before the break.
        bytes: u64,
        /// Bytes announced, when the portal said.
        expected: Option<u64>,
        /// How it broke.
        fault: NetFault,
    },
}

fn private_text(dataset: &str) -> String {
    if dataset.is_empty() {
        tr_args("portal-err-private-portal", &[])
    } else {
        tr_args("portal-err-private", &[("id", dataset)])
    }
}

fn cut_text(bytes: u64, expected: Option<u64>, fault: NetFault) -> String {
    let bytes = format_count(bytes);
    let reason = fault.text();
    match expected {
        Some(total) => tr_args(
            "portal-err-cut-of",
            &[
                ("bytes", &bytes),
                ("expected", &format_count(total)),
                ("reason", &reason),
            ],
        ),
        None => tr_args("portal-err-cut", &[("bytes", &bytes), ("reason", &reason)]),
    }
}

impl AnswerFault {
    /// Why `body` is not the JSON expected: a web page, or something else.
    pub fn of_body(body: &[u8]) -> Self {
        if looks_like_html(body) {
            Self::Html
        } else {
            Self::NotJson
        }
    }
}

/// Whether `body` starts like an HTML page.
pub fn looks_like_html(body: &[u8]) -> bool {
    let start = body.trim_ascii_start();
    let start = start.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(start);
    start.first() == Some(&b'<')
}

impl From<crate::sources::SourceError> for PortalError {
    fn from(error: crate::sources::SourceError) -> Self {
        match error {
            crate::sources::SourceError::Cancelled => Self::Cancelled,
            other => Self::Source(other),
        }
    }
}

impl PortalError {
    /// True when trying again later may succeed (network, timeouts, server errors).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::Server { .. } | Self::Timeout(_) | Self::Network(_) | Self::Quota { .. }
        )
    }
}
