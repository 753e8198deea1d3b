//! What the OGC service clients share: HTTP with retries, typed errors, the result of a load.

pub mod error;
pub mod http;

pub use error::{AnswerKind, ServiceError};
pub use http::{Fetched, ServiceHttp, ServicePolicy};

use crate::data::Dataset;
use crate::filter::Expr;

/// A layer loaded from an OGC service, with what the server did for it.
#[derive(Debug)]
pub struct ServiceLoad {
    /// The rows, in WGS 84: those the pushed-down filter kept (all when none was pushed).
    pub dataset: Dataset,
    /// The part of the filter the server evaluated, as the expression sent.
    pub pushed: Option<Expr>,
    /// The part the server could not take: evaluate it on `dataset` (a mask), as for any layer.
    pub local: Option<Expr>,
    /// Pages (requests for features) read.
    pub pages: u64,
    /// The number of matching features the server announced, when it did.
    pub announced: Option<u64>,
    /// The load stopped at the request's most features while the server held more.
    pub partial: bool,
}
