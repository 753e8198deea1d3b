//! The connection form of the *Sources internes* panel: its kind (PostGIS, OGC API Features,
//! WFS) and fields, and the saved connection it describes (never its password).

use crate::sources::internal::{InternalConnection, ServiceConnection};
use crate::sources::postgis::{PgConnection, SslMode};

/// The kind of server a connection reaches.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ConnectionKind {
    /// A PostgreSQL/PostGIS database.
    #[default]
    Postgis,
    /// An OGC API Features service.
    Ogcapi,
    /// A WFS.
    Wfs,
}

impl ConnectionKind {
    /// Every kind, in the order offered.
    pub const ALL: [Self; 3] = [Self::Postgis, Self::Ogcapi, Self::Wfs];

    /// Its locale key.
    pub fn key(self) -> &'static str {
        match self {
            Self::Postgis => "internal-kind-postgis",
            Self::Ogcapi => "internal-kind-ogcapi",
            Self::Wfs => "internal-kind-wfs",
        }
    }
}

/// The connection being written or edited in the form (the password goes to the keyring).
#[derive(Clone, PartialEq)]
pub struct ConnectionForm {
    /// Its name.
    pub name: String,
    /// Host.
    pub host: String,
    /// Port, as typed.
    pub port: String,
    /// Database.
    pub database: String,
    /// User.
    pub user: String,
    /// Password (never saved in the settings).
    pub password: String,
    /// TLS mode.
    pub sslmode: SslMode,
    /// The kind of server.
    pub kind: ConnectionKind,
    /// The service's address (OGC API landing page, WFS GetCapabilities).
    pub url: String,
}

impl Default for ConnectionForm {
    fn default() -> Self {
        Self {
            name: String::new(),
            host: "localhost".into(),
            port: "5432".into(),
            database: String::new(),
            user: String::new(),
            password: String::new(),
            sslmode: SslMode::default(),
            kind: ConnectionKind::default(),
            url: String::new(),
        }
    }
}

/// Passwords never appear in a debug print (a log line, a test failure).
impl std::fmt::Debug for ConnectionForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectionForm")
            .field("name", &self.name)
            .field("host", &self.host)
            .field("port", &self.port)
            .field("database", &self.database)
            .field("user", &self.user)
            .field("sslmode", &self.sslmode)
            .field("kind", &self.kind)
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

impl ConnectionForm {
    /// The form of a saved connection (its password stays in the keyring).
    pub fn of(saved: &InternalConnection) -> Self {
        let (kind, service) = match saved {
            InternalConnection::Postgis(connection) => return Self::of_postgis(connection),
            InternalConnection::Ogcapi(s) => (ConnectionKind::Ogcapi, s),
            InternalConnection::Wfs(s) => (ConnectionKind::Wfs, s),
        };
        Self {
            name: service.name.clone(),
            url: service.url.clone(),
            kind,
            ..Self::default()
        }
    }

    fn of_postgis(connection: &PgConnection) -> Self {
        Self {
            name: connection.name.clone(),
            host: connection.host.clone(),
            port: connection.port.to_string(),
            database: connection.database.clone(),
            user: connection.user.clone(),
            password: String::new(),
            sslmode: connection.sslmode,
            ..Self::default()
        }
    }

    /// The connection the form describes, or the locale key of what is missing.
    pub fn connection(&self) -> Result<InternalConnection, &'static str> {
        let service = || {
            let (name, url) = (self.name.trim(), self.url.trim());
            if name.is_empty() || url.is_empty() {
                return Err("internal-missing-url");
            }
            Ok(ServiceConnection {
                name: name.to_owned(),
                url: url.to_owned(),
            })
        };
        match self.kind {
            ConnectionKind::Postgis => self.postgis().map(InternalConnection::Postgis),
            ConnectionKind::Ogcapi => service().map(InternalConnection::Ogcapi),
            ConnectionKind::Wfs => service().map(InternalConnection::Wfs),
        }
    }

    fn postgis(&self) -> Result<PgConnection, &'static str> {
        let port = self.port.trim().parse().map_err(|_| "internal-bad-port")?;
        if self.name.trim().is_empty() || self.host.trim().is_empty() {
            return Err("internal-missing-fields");
        }
        let user = self.user.trim().to_owned();
        let database = match self.database.trim() {
            "" => user.clone(),
            d => d.to_owned(),
        };
        Ok(PgConnection {
            name: self.name.trim().to_owned(),
            host: self.host.trim().to_owned(),
            port,
            database,
            user,
            sslmode: self.sslmode,
            sslrootcert: None,
        })
    }
}
