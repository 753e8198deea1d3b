//! A filter that cannot be read: the message for the user, made in the UI language, and the character where it went wrong.

use crate::i18n::tr_args;

/// A filter that cannot be read: what is wrong and at which character.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct ParseError {
    /// The explanation for the user.
    pub message: String,
    /// Character offset of the problem in the text.
    pub position: usize,
}

/// A parse error with a localised message.
pub(super) fn error(key: &str, args: &[(&str, &str)], position: usize) -> ParseError {
    ParseError {
        message: tr_args(key, args),
        position,
    }
}
