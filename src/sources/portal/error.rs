//! Why a portal request failed, in words a user understands (French by default).

use crate::i18n::tr_args;

/// A failed portal request. Each variant says what the user can do about it.
#[derive(Debug, thiserror::Error)]
pub enum PortalError {
    /// The text is not a portal address or a dataset reference.
    #[error("{}", tr_args("portal-err-address", &[("text", .0)]))]
    BadAddress(String),
    /// Plain `http` to a remote host: refused.
    #[error("{}", tr_args("portal-err-https", &[("text", .0)]))]
    NotHttps(String),
    /// 400: the portal rejected the query (its own message).
    #[error("{}", tr_args("portal-err-query", &[("message", .0)]))]
    Query(String),
    /// 401 or 403: the dataset is private.
    #[error("{}", tr_args("portal-err-private", &[("id", .0)]))]
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
    #[error("{}", tr_args("portal-err-network", &[("error", .0)]))]
    Network(String),
    /// The answer was cut short or is not what the API promises.
    #[error("{}", tr_args("portal-err-answer", &[("error", .0)]))]
    BadAnswer(String),
    /// Another HTTP status.
    #[error("{}", tr_args("portal-err-status", &[("status", &.0.to_string())]))]
    Status(u16),
    /// The cache folder could not be written.
    #[error("{}", tr_args("portal-err-cache", &[("error", .0)]))]
    Cache(String),
    /// The downloaded data could not be read.
    #[error("{0}")]
    Source(crate::sources::SourceError),
    /// The user cancelled.
    #[error("{}", tr_args("err-cancelled", &[]))]
    Cancelled,
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
