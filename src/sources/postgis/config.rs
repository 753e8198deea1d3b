//! A PostGIS connection as saved (host, port, database, user, TLS mode; never a password), read
//! from a `postgresql://` address or a `pg_service.conf` entry.

use super::PgError;

/// How the connection is encrypted, with libpq's names (`sslmode`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SslMode {
    /// No encryption.
    Disable,
    /// Encrypted when the server offers it, certificate not checked.
    Prefer,
    /// Encrypted, certificate not checked.
    Require,
    /// Encrypted, certificate signed by a trusted authority (any host name).
    VerifyCa,
    /// Encrypted, certificate trusted and issued for this host name (the default).
    #[default]
    VerifyFull,
}

impl SslMode {
    /// The mode named as libpq does (`disable`, `verify-full`…).
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text.trim().to_ascii_lowercase().as_str() {
            "disable" => Self::Disable,
            // libpq's `allow` tries plain first; encrypting when offered is the safer reading.
            "allow" | "prefer" => Self::Prefer,
            "require" => Self::Require,
            "verify-ca" => Self::VerifyCa,
            "verify-full" => Self::VerifyFull,
            _ => return None,
        })
    }

    /// The libpq name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Disable => "disable",
            Self::Prefer => "prefer",
            Self::Require => "require",
            Self::VerifyCa => "verify-ca",
            Self::VerifyFull => "verify-full",
        }
    }
}

/// Where a PostGIS server is and who connects; saved in settings and named by projects.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PgConnection {
    /// The name the user gave it (what projects refer to).
    pub name: String,
    /// Host name or address.
    pub host: String,
    /// TCP port.
    pub port: u16,
    /// Database name.
    pub database: String,
    /// User name.
    pub user: String,
    /// TLS mode.
    #[serde(default)]
    pub sslmode: SslMode,
    /// A file of trusted certificates (PEM) added to the system's, as libpq's `sslrootcert`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sslrootcert: Option<std::path::PathBuf>,
}

impl PgConnection {
    /// `host:port`, as messages show the server.
    pub fn server(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }

    /// The key of its password in the credential store: `user@host:port/database`.
    pub fn credential_key(&self) -> String {
        format!("{}@{}/{}", self.user, self.server(), self.database)
    }

    /// The address without any password: `postgresql://user@host:port/database`.
    pub fn label(&self) -> String {
        format!(
            "postgresql://{}@{}/{}",
            self.user,
            self.server(),
            self.database
        )
    }
}

pub use crate::project::TableRef;

/// What a `postgresql://` address says.
#[derive(Clone, PartialEq, Eq)]
pub struct PgAddress {
    /// The connection.
    pub connection: PgConnection,
    /// The table, from `?table=schema.name`.
    pub table: Option<TableRef>,
    /// A password written in the address (kept out of every label and log line).
    pub password: Option<String>,
}

/// The password is never printed, even in a debug line.
impl std::fmt::Debug for PgAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgAddress")
            .field("connection", &self.connection)
            .field("table", &self.table)
            .field("password", &self.password.as_ref().map(|_| "…"))
            .finish()
    }
}

/// True for `postgresql://` and `postgres://` addresses.
pub fn is_postgres_url(text: &str) -> bool {
    let lower = text.trim_start().to_ascii_lowercase();
    lower.starts_with("postgresql://") || lower.starts_with("postgres://")
}

/// Reads `postgresql://user[:password]@host[:port]/database?table=schema.name&sslmode=…`.
/// Missing parts take libpq's defaults (port 5432, the system user, database = user);
/// `service=name` takes them from `pg_service.conf`.
pub fn parse_url(text: &str) -> Result<PgAddress, PgError> {
    let url = url::Url::parse(text.trim()).map_err(|_| PgError::BadUrl("pg-url-syntax"))?;
    if !matches!(url.scheme(), "postgresql" | "postgres") {
        return Err(PgError::BadUrl("pg-url-scheme"));
    }
    let decode = |s: &str| percent_decode(s).ok_or(PgError::BadUrl("pg-url-syntax"));
    let query: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    let get = |key: &str| query.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    let mut connection = match get("service") {
        Some(name) => super::service::find(&name)?,
        None => PgConnection {
            name: String::new(),
            host: "localhost".into(),
            port: 5432,
            database: String::new(),
            user: std::env::var("PGUSER")
                .or_else(|_| std::env::var("USER"))
                .unwrap_or_else(|_| "postgres".into()),
            sslmode: SslMode::default(),
            sslrootcert: None,
        },
    };
    if let Some(host) = url.host_str().filter(|h| !h.is_empty()) {
        connection.host = host.trim_matches(['[', ']']).to_owned();
    }
    if let Some(port) = url.port() {
        connection.port = port;
    }
    if !url.username().is_empty() {
        connection.user = decode(url.username())?;
    }
    let path = decode(url.path().trim_start_matches('/'))?;
    if !path.is_empty() {
        connection.database = path;
    }
    if connection.database.is_empty() {
        connection.database = connection.user.clone();
    }
    if let Some(mode) = get("sslmode") {
        connection.sslmode = SslMode::parse(&mode).ok_or(PgError::BadUrl("pg-url-sslmode"))?;
    }
    if let Some(root) = get("sslrootcert") {
        connection.sslrootcert = Some(root.into());
    }
    connection.name = connection.label();
    let table = match get("table") {
        Some(t) => Some(TableRef::parse(&t).ok_or(PgError::BadUrl("pg-url-table"))?),
        None => None,
    };
    let password = url.password().map(decode).transpose()?;
    Ok(PgAddress {
        connection,
        table,
        password,
    })
}

fn percent_decode(text: &str) -> Option<String> {
    url::form_urlencoded::parse(format!("x={}", text.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_full_address() {
        let a = parse_url(
            "postgresql://agent:s%40cret@db.example:6543/sig?table=cadastre.parcelles&sslmode=require",
        )
        .expect("address");
        assert_eq!(a.connection.host, "db.example");
        assert_eq!(a.connection.port, 6543);
        assert_eq!(a.connection.database, "sig");
        assert_eq!(a.connection.user, "agent");
        assert_eq!(a.connection.sslmode, SslMode::Require);
        assert_eq!(a.password.as_deref(), Some("s@cret"));
        assert!(!format!("{a:?}").contains("cret"));
        assert_eq!(
            a.table.map(|t| t.to_string()).as_deref(),
            Some("cadastre.parcelles")
        );
        assert!(!a.connection.label().contains("cret"));
    }

    #[test]
    fn defaults_follow_libpq_and_verify_certificates() {
        let a = parse_url("postgres://agent@db/sig?table=parcelles").expect("address");
        assert_eq!(a.connection.port, 5432);
        assert_eq!(a.connection.sslmode, SslMode::VerifyFull);
        assert_eq!(a.table.expect("table").schema, "public");
        assert!(a.password.is_none());
    }

    #[test]
    fn bad_addresses_are_told() {
        assert!(parse_url("http://db/sig").is_err());
        assert!(parse_url("postgresql://db/sig?sslmode=maybe").is_err());
        assert!(parse_url("postgresql://db/sig?table=.").is_err());
    }
}
