//! PostGIS databases as sources: connections (address, `pg_service.conf`, TLS, password from the
//! keyring or `PGPASSWORD`), browsing the tables with a geometry column, and loading one as a
//! layer streamed from a server-side portal, with the filter pushed down as SQL.

mod browse;
mod config;
mod connect;
mod error;
mod load;
pub mod service;
mod zones;

pub use browse::{PgColumn, PgTable, columns, exact_count, list_tables, qualified, quote_ident};
pub use config::{PgAddress, PgConnection, SslMode, TableRef, is_postgres_url, parse_url};
pub use connect::{connect, password_for};
pub use error::{Context, PgError};
pub use load::{LoadRequest, Loaded, bound, load_table};
pub use zones::{ZoneQuery, zone_counts};

use crate::jobs::Progress;

/// An open session and what messages about it name.
pub struct Session {
    /// The client.
    pub client: postgres::Client,
    /// The connection it was opened with.
    pub connection: PgConnection,
    server: String,
}

impl Session {
    /// Opens `connection`; the password is `password`, else the keyring's, else `PGPASSWORD`.
    pub fn open(connection: &PgConnection, password: Option<&str>) -> Result<Self, PgError> {
        let password = password_for(connection, password);
        let client = connect(connection, password.as_deref())?;
        Ok(Self {
            client,
            connection: connection.clone(),
            server: connection.server(),
        })
    }

    /// The tables with a geometry column the user may read.
    pub fn tables(&mut self) -> Result<Vec<PgTable>, PgError> {
        let (client, cx) = self.parts("");
        list_tables(client, cx)
    }

    /// The exact number of rows of `table` (a full scan).
    pub fn count(&mut self, table: &TableRef) -> Result<u64, PgError> {
        let name = table.to_string();
        let (client, cx) = self.parts(&name);
        exact_count(client, table, cx)
    }

    /// The columns of `table`.
    pub fn columns(&mut self, table: &TableRef) -> Result<Vec<PgColumn>, PgError> {
        let name = table.to_string();
        let (client, cx) = self.parts(&name);
        columns(client, table, cx)
    }

    /// Loads a table (see [`load_table`]).
    pub fn load(&mut self, request: &LoadRequest, progress: &Progress) -> Result<Loaded, PgError> {
        let (client, cx) = self.parts("");
        load_table(client, request, cx, progress)
    }

    /// The client and the context of an error on `table`.
    pub fn parts<'a>(&'a mut self, table: &'a str) -> (&'a mut postgres::Client, Context<'a>) {
        let cx = Context {
            server: &self.server,
            database: &self.connection.database,
            user: &self.connection.user,
            table,
        };
        (&mut self.client, cx)
    }
}

/// Loads the table a `postgresql://…?table=schema.name` address names, whole (the command line's
/// `info`, `export`, `zones`). The label keeps no password.
pub fn load_address(
    text: &str,
    progress: &Progress,
) -> Result<(String, crate::data::Dataset), PgError> {
    let address = parse_url(text)?;
    let table = address
        .table
        .clone()
        .ok_or(PgError::BadUrl("pg-url-table"))?;
    let mut session = Session::open(&address.connection, address.password.as_deref())?;
    let request = LoadRequest {
        table: table.clone(),
        ..LoadRequest::default()
    };
    let loaded = session.load(&request, progress)?;
    let label = format!("{}?table={table}", address.connection.label());
    Ok((label, loaded.dataset))
}
