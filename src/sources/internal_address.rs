//! An internal server named by one address (the window's `--internal`): a `postgresql://`
//! database, a WFS (`…SERVICE=WFS…`) or an OGC API Features landing page, read with the
//! command line's parsers into the connection the *Sources internes* form would save.

use super::internal::{InternalConnection, ServiceConnection};
use super::ogcapi::{parse_collection, parse_landing};
use super::postgis::{PgError, is_postgres_url, parse_url};
use super::service::ServiceError;
use super::wfs::parse_wfs;

/// What an address says: the connection, a password written in it, and the table, collection
/// or feature type it names (to search for in the listing).
#[derive(Clone, PartialEq, Eq)]
pub struct InternalAddress {
    /// The connection, named as the panel shows it (the address without its password).
    pub connection: InternalConnection,
    /// A password written in a `postgresql://` address (for this session only).
    pub password: Option<String>,
    /// The table (`schema.name`), collection or feature type the address names.
    pub search: Option<String>,
}

/// The password is never printed, even in a debug line.
impl std::fmt::Debug for InternalAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InternalAddress")
            .field("connection", &self.connection)
            .field("password", &self.password.as_ref().map(|_| "…"))
            .field("search", &self.search)
            .finish()
    }
}

/// Why an address names no internal server.
#[derive(Debug, thiserror::Error)]
pub enum InternalAddressError {
    /// A `postgresql://` address that does not read.
    #[error(transparent)]
    Postgis(#[from] PgError),
    /// An http(s) address that does not read.
    #[error(transparent)]
    Service(#[from] ServiceError),
}

impl InternalAddress {
    /// Reads `postgresql://user@host:port/db?sslmode=…[&table=schema.name]`, a WFS address
    /// (`…?SERVICE=WFS…`, a `TYPENAMES` searched for), an OGC API collection address
    /// (`…/collections/name`: its landing page, the collection searched for) or a landing page.
    pub fn parse(text: &str) -> Result<Self, InternalAddressError> {
        if is_postgres_url(text) {
            let address = parse_url(text)?;
            return Ok(Self {
                connection: InternalConnection::Postgis(address.connection),
                password: address.password,
                search: address.table.map(|t| t.to_string()),
            });
        }
        let text = text.trim();
        if let Some(wfs) = parse_wfs(text) {
            let connection = ServiceConnection {
                name: service_name(&wfs.endpoint),
                url: text.to_owned(),
            };
            return Ok(Self {
                connection: InternalConnection::Wfs(connection),
                password: None,
                search: wfs.type_name,
            });
        }
        let (landing, search) = match parse_collection(text) {
            Some(found) => (found.landing, Some(found.collection)),
            None => (parse_landing(text)?, None),
        };
        let connection = ServiceConnection {
            name: service_name(&landing),
            url: landing.to_string(),
        };
        Ok(Self {
            connection: InternalConnection::Ogcapi(connection),
            password: None,
            search,
        })
    }
}

/// `host[:port]/path`: the service's name in the panel (no scheme, query or trailing slash).
fn service_name(url: &url::Url) -> String {
    let host = url.host_str().unwrap_or_default();
    let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
    format!("{host}{port}{}", url.path().trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_database_address_names_its_connection_and_table() {
        let a = InternalAddress::parse(
            "postgresql://agent:s3cret@127.0.0.1:55432/bench?sslmode=disable&table=points_1m",
        )
        .expect("address");
        let InternalConnection::Postgis(c) = &a.connection else {
            panic!("not PostGIS: {a:?}");
        };
        assert_eq!((c.host.as_str(), c.port), ("127.0.0.1", 55432));
        assert_eq!(c.name, "postgresql://agent@127.0.0.1:55432/bench");
        assert_eq!(a.password.as_deref(), Some("s3cret"));
        assert_eq!(a.search.as_deref(), Some("public.points_1m"));
        assert!(!format!("{a:?}").contains("s3cret"));
    }

    #[test]
    fn a_wfs_address_is_told_from_a_landing_page() {
        let a = InternalAddress::parse(
            "http://127.0.0.1:8080/ows?map=a.map&SERVICE=WFS&TYPENAMES=ms:bati",
        )
        .expect("wfs");
        assert!(
            matches!(&a.connection, InternalConnection::Wfs(c) if c.name == "127.0.0.1:8080/ows")
        );
        assert_eq!(a.search.as_deref(), Some("ms:bati"));
        let a = InternalAddress::parse("https://sig.example.org/ogcapi/").expect("ogc");
        let InternalConnection::Ogcapi(c) = &a.connection else {
            panic!("not OGC API: {a:?}");
        };
        assert_eq!(c.url, "https://sig.example.org/ogcapi");
        assert_eq!(c.name, "sig.example.org/ogcapi");
        assert_eq!(a.search, None);
    }

    #[test]
    fn a_collection_address_opens_its_landing_page() {
        let a = InternalAddress::parse("https://sig.example.org/ogc/collections/bati/items?f=json")
            .expect("ogc");
        assert!(
            matches!(&a.connection, InternalConnection::Ogcapi(c) if c.url == "https://sig.example.org/ogc")
        );
        assert_eq!(a.search.as_deref(), Some("bati"));
    }

    #[test]
    fn other_addresses_are_refused() {
        assert!(InternalAddress::parse("ftp://sig.example.org/").is_err());
        assert!(InternalAddress::parse("postgresql://db/sig?sslmode=maybe").is_err());
        assert!(InternalAddress::parse("cadastre").is_err());
    }
}
