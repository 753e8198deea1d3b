//! What went wrong outside the program (disk, network), as a kind the interface can put in
//! words: the library's own text only goes to the log.

use std::io::ErrorKind;

use crate::i18n::tr;

/// Why a file operation failed, in the interface language (`io-*` keys).
pub fn io_reason(error: &std::io::Error) -> String {
    tr(io_key(error.kind()))
}

/// The locale key for an I/O error kind.
pub fn io_key(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::NotFound => "io-not-found",
        ErrorKind::PermissionDenied => "io-permission",
        ErrorKind::IsADirectory => "io-directory",
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => "io-full",
        ErrorKind::ReadOnlyFilesystem => "io-read-only",
        ErrorKind::UnexpectedEof => "io-truncated",
        ErrorKind::InvalidData => "io-invalid-data",
        ErrorKind::AlreadyExists => "io-exists",
        ErrorKind::FileTooLarge => "io-too-large",
        ErrorKind::ResourceBusy | ErrorKind::ExecutableFileBusy => "io-busy",
        ErrorKind::OutOfMemory => "io-memory",
        ErrorKind::TimedOut => "io-timeout",
        ErrorKind::ConnectionReset | ErrorKind::ConnectionAborted | ErrorKind::BrokenPipe => {
            "io-connection-lost"
        }
        _ => "io-other",
    }
}

/// Why a server could not be reached or stopped answering.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NetFault {
    /// The server's name could not be resolved (offline, or a mistyped address).
    Dns,
    /// Nothing listens at that address (service stopped, port closed, firewall).
    Refused,
    /// The secure connection failed (certificate, TLS interception by a proxy).
    Tls,
    /// The connection was cut while talking.
    Reset,
    /// No answer in time.
    Timeout,
    /// Something else on the way; the detail is in the log.
    Other,
}

impl NetFault {
    /// Classifies a reqwest error by its causes, logging its own text (never shown).
    pub fn of(error: &reqwest::Error) -> Self {
        log::debug!("network: {}", chain(error));
        if error.is_timeout() {
            return Self::Timeout;
        }
        let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
        let mut found = None;
        while let Some(inner) = source {
            if let Some(io) = inner.downcast_ref::<std::io::Error>() {
                found = found.or(match io.kind() {
                    ErrorKind::ConnectionRefused => Some(Self::Refused),
                    ErrorKind::TimedOut => Some(Self::Timeout),
                    ErrorKind::ConnectionReset
                    | ErrorKind::ConnectionAborted
                    | ErrorKind::BrokenPipe
                    | ErrorKind::UnexpectedEof => Some(Self::Reset),
                    _ => None,
                });
            }
            let text = inner.to_string().to_ascii_lowercase();
            if text.contains("dns") || text.contains("lookup") || text.contains("resolve") {
                return Self::Dns;
            }
            if text.contains("certificate") || text.contains("tls") || text.contains("handshake") {
                return Self::Tls;
            }
            source = inner.source();
        }
        found.unwrap_or(if error.is_connect() {
            Self::Refused
        } else if error.is_body() || error.is_decode() {
            Self::Reset
        } else {
            Self::Other
        })
    }

    /// What happened, in the interface language.
    pub fn text(self) -> String {
        tr(match self {
            Self::Dns => "net-dns",
            Self::Refused => "net-refused",
            Self::Tls => "net-tls",
            Self::Reset => "net-reset",
            Self::Timeout => "net-timeout",
            Self::Other => "net-other",
        })
    }
}

impl std::fmt::Display for NetFault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text())
    }
}

/// An error and its causes on one line, for the log.
pub fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(inner) = source {
        text.push_str(" : ");
        text.push_str(&inner.to_string());
        source = inner.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_kinds_have_words_and_no_system_text() {
        let error = std::io::Error::from_raw_os_error(2);
        let text = io_reason(&error);
        assert!(!text.contains("os error") && !text.is_empty(), "{text}");
        assert_eq!(io_key(ErrorKind::NotFound), "io-not-found");
        assert!(crate::i18n::has_key(io_key(ErrorKind::Other)));
    }
}
