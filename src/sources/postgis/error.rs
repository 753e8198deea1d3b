//! Why a PostGIS operation failed, as a kind put in words when shown; the server's and the
//! client library's own text only goes to the log.

use postgres::error::SqlState;

use crate::i18n::tr_args;
use crate::sources::SourceError;

/// A PostGIS connection or query that failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PgError {
    /// The server refused the user name or the password.
    #[error("{}", tr_args("err-pg-auth", &[("user", .user)]))]
    Auth {
        /// The user name tried.
        user: String,
    },
    /// The server asks for a password and none is saved (keyring, `PGPASSWORD`).
    #[error("{}", tr_args("err-pg-password-missing", &[("user", .user)]))]
    PasswordMissing {
        /// The user name.
        user: String,
    },
    /// No database of that name on the server.
    #[error("{}", tr_args("err-pg-database", &[("database", .0)]))]
    UnknownDatabase(String),
    /// No table (or schema) of that name, or without a geometry column.
    #[error("{}", tr_args("err-pg-table", &[("table", .0)]))]
    UnknownTable(String),
    /// A field named in a filter is not a column of the table.
    #[error("{}", tr_args("err-pg-column", &[("table", .0)]))]
    UnknownColumn(String),
    /// The user may not read that table.
    #[error("{}", tr_args("err-pg-permission", &[("table", .0)]))]
    PermissionDenied(String),
    /// Nothing answers at that address.
    #[error("{}", tr_args("err-pg-unreachable", &[("server", .0)]))]
    Unreachable(String),
    /// The server went away during the work (stopped, restarted, network cut).
    #[error("{}", tr_args("err-pg-lost", &[("server", .0)]))]
    ConnectionLost(String),
    /// The encrypted connection could not be set up or its certificate was refused.
    #[error("{}", tr_args("err-pg-tls", &[("server", .0)]))]
    Tls(String),
    /// The server stopped a query that ran past its time limit.
    #[error("{}", tr_args("err-pg-timeout", &[]))]
    Timeout,
    /// A `postgresql://` address that cannot be read.
    #[error("{}", tr_args("err-pg-url", &[("reason", &crate::i18n::tr(.0))]))]
    BadUrl(&'static str),
    /// Anything else the server said no to.
    #[error("{}", tr_args("err-pg-other", &[("server", .0)]))]
    Other(String),
    /// The user cancelled.
    #[error("{}", tr_args("err-cancelled", &[]))]
    Cancelled,
}

/// What the error is about: the server, and the table when a query was on one.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    /// `host:port`.
    pub server: &'a str,
    /// The database name.
    pub database: &'a str,
    /// The user name.
    pub user: &'a str,
    /// `schema.table`, when the query was on one.
    pub table: &'a str,
}

impl PgError {
    /// Classifies a client error, logging its own text (never shown).
    pub fn of(error: &postgres::Error, cx: Context) -> Self {
        log::info!("PostGIS {}/{}: {error:?}", cx.server, cx.database);
        if let Some(code) = error.code() {
            return Self::of_code(code, cx);
        }
        if has_source::<rustls::Error>(error) {
            return Self::Tls(cx.server.to_owned());
        }
        let mut text = error.to_string();
        let mut next = std::error::Error::source(error);
        while let Some(e) = next {
            text.push_str(&format!(": {e}"));
            next = e.source();
        }
        if text.contains("password missing") {
            return Self::PasswordMissing {
                user: cx.user.to_owned(),
            };
        }
        if text.contains("TLS") || text.contains("tls") {
            return Self::Tls(cx.server.to_owned());
        }
        if let Some(io) = io_source(error) {
            use std::io::ErrorKind as K;
            if let Some(inner) = io.get_ref()
                && inner.is::<rustls::Error>()
            {
                return Self::Tls(cx.server.to_owned());
            }
            return match io.kind() {
                K::ConnectionRefused | K::TimedOut | K::HostUnreachable | K::NotFound => {
                    Self::Unreachable(cx.server.to_owned())
                }
                _ => Self::ConnectionLost(cx.server.to_owned()),
            };
        }
        if error.is_closed() || text.contains("connection") {
            return Self::ConnectionLost(cx.server.to_owned());
        }
        Self::Other(cx.server.to_owned())
    }

    fn of_code(code: &SqlState, cx: Context) -> Self {
        let table = || cx.table.to_owned();
        match code {
            c if *c == SqlState::INVALID_PASSWORD
                || *c == SqlState::INVALID_AUTHORIZATION_SPECIFICATION =>
            {
                Self::Auth {
                    user: cx.user.to_owned(),
                }
            }
            c if *c == SqlState::INVALID_CATALOG_NAME => {
                Self::UnknownDatabase(cx.database.to_owned())
            }
            c if *c == SqlState::UNDEFINED_TABLE || *c == SqlState::INVALID_SCHEMA_NAME => {
                Self::UnknownTable(table())
            }
            c if *c == SqlState::UNDEFINED_COLUMN => Self::UnknownColumn(table()),
            c if *c == SqlState::INSUFFICIENT_PRIVILEGE => Self::PermissionDenied(table()),
            c if *c == SqlState::QUERY_CANCELED => Self::Timeout,
            c if *c == SqlState::ADMIN_SHUTDOWN
                || *c == SqlState::CRASH_SHUTDOWN
                || *c == SqlState::CANNOT_CONNECT_NOW =>
            {
                Self::ConnectionLost(cx.server.to_owned())
            }
            _ => Self::Other(cx.server.to_owned()),
        }
    }
}

fn has_source<T: std::error::Error + 'static>(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut next: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = next {
        if e.is::<T>() {
            return true;
        }
        next = e.source();
    }
    false
}

fn io_source<'a>(error: &'a (dyn std::error::Error + 'static)) -> Option<&'a std::io::Error> {
    let mut next: Option<&'a (dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = next {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            return Some(io);
        }
        next = e.source();
    }
    None
}

impl From<PgError> for SourceError {
    fn from(error: PgError) -> Self {
        match error {
            PgError::Cancelled => SourceError::Cancelled,
            other => SourceError::Postgis(other),
        }
    }
}
