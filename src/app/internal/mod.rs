//! The *Sources internes* panel: saved connections to the metropolis's own servers (PostGIS
//! today; the connection enum leaves room for OGC API and WFS), browsing their tables with a
//! search, and adding a table as a layer (large tables ask first, as on the portal).

mod action;
mod ui;

use std::sync::Arc;

pub use action::InternalAction;

use super::layers::{Layer, LayerError, LayerId, LayerSource, LayerState, default_style};
use super::{JobOutput, TerritoireApp};
use crate::jobs::JobId;
use crate::sources::internal::{InternalConnection, InternalLayer, load_layer};
use crate::sources::postgis::{PgConnection, PgError, PgTable, Session, SslMode};

/// The tables of the chosen connection.
#[derive(Debug, Default)]
pub enum TablesState {
    /// Nothing asked yet.
    #[default]
    Idle,
    /// Being listed.
    Loading(JobId),
    /// Listed.
    Ready(Vec<PgTable>),
    /// The server said no.
    Failed(PgError),
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
            .finish_non_exhaustive()
    }
}

/// Passwords typed this session, by credential key; never printed.
#[derive(Default)]
pub(crate) struct SessionPasswords(std::collections::HashMap<String, String>);

impl std::fmt::Debug for SessionPasswords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SessionPasswords({} kept)", self.0.len())
    }
}

impl ConnectionForm {
    /// The form of a saved connection (its password stays in the keyring).
    pub fn of(connection: &PgConnection) -> Self {
        Self {
            name: connection.name.clone(),
            host: connection.host.clone(),
            port: connection.port.to_string(),
            database: connection.database.clone(),
            user: connection.user.clone(),
            password: String::new(),
            sslmode: connection.sslmode,
        }
    }

    /// The connection the form describes, or the locale key of what is missing.
    pub fn connection(&self) -> Result<PgConnection, &'static str> {
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

/// A large table waiting for the user's choice: everything, the map extent, or a filter.
#[derive(Clone, Debug, PartialEq)]
pub struct LargeTable {
    /// The connection's name.
    pub connection: String,
    /// The table.
    pub table: PgTable,
    /// The filter typed.
    pub filter: String,
    /// Why the filter was refused, if it was.
    pub error: Option<String>,
}

/// The panel's state.
#[derive(Debug, Default)]
pub struct InternalPanel {
    /// Whether the panel is shown.
    pub open: bool,
    /// The connection form.
    pub form: ConnectionForm,
    /// The saved connection being edited (index), `None` for a new one.
    pub editing: Option<usize>,
    /// The connection whose tables are listed.
    pub selected: Option<String>,
    /// Its tables.
    pub tables: TablesState,
    /// The text searched in the table list.
    pub search: String,
    /// A large table waiting for the user's choice.
    pub large: Option<LargeTable>,
    /// A message for the panel (a keyring refusal, a form to complete).
    pub notice: Option<String>,
    /// Exact row counts asked for, by `schema.table` of the listed connection.
    pub exact_counts: std::collections::HashMap<String, u64>,
    /// Passwords typed this session, by credential key: used when the keyring cannot keep them
    /// (never written anywhere).
    pub(crate) session_passwords: SessionPasswords,
}

impl TerritoireApp {
    /// The saved connection called `name`.
    fn internal_connection(&self, name: &str) -> Option<InternalConnection> {
        self.settings
            .internal_connections
            .iter()
            .find(|c| c.name() == name)
            .cloned()
    }

    /// Starts reading a layer of an internal server; a connection this machine does not have
    /// leaves the layer failed with its name.
    pub(crate) fn spawn_internal_load(&mut self, layer: InternalLayer) -> JobId {
        let connection = self.internal_connection(&layer.connection);
        let password = self.session_password(connection.as_ref());
        self.jobs.spawn(move |progress| {
            let Some(connection) = connection else {
                return JobOutput::Loaded(Err(LayerError::from(
                    crate::sources::SourceError::format(
                        "err-internal-missing",
                        &[("connection", &layer.connection)],
                    ),
                )));
            };
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                load_layer(&connection, &layer, password.as_deref(), progress)
            }));
            JobOutput::Loaded(match result {
                Ok(Ok(dataset)) => Ok(Arc::new(dataset)),
                Ok(Err(e)) => Err(e.into()),
                Err(_) => Err(LayerError::Internal),
            })
        })
    }

    /// Keeps `password` for this session only, as when typed in the form (the keyring untouched).
    pub fn remember_internal_password(&mut self, key: String, password: String) {
        self.internal.session_passwords.0.insert(key, password);
    }

    /// The password typed this session for `connection`, if any.
    fn session_password(&self, connection: Option<&InternalConnection>) -> Option<String> {
        let key = connection?.credential_key();
        self.internal.session_passwords.0.get(&key).cloned()
    }

    /// Adds `layer` to the map and starts its load.
    pub(crate) fn add_internal_layer(&mut self, layer: InternalLayer) {
        let id = LayerId(self.next_layer_id);
        self.next_layer_id += 1;
        let name = layer.table.table.clone();
        let job = self.spawn_internal_load(layer.clone());
        self.layers.push(Layer::new(
            id,
            name.clone(),
            default_style(&name, self.layers.len()),
            LayerSource::Internal(layer),
            LayerState::Loading { job },
        ));
        self.fit.add(id);
    }

    /// Lists the tables of the connection called `name`.
    pub(crate) fn browse_internal(&mut self, name: String) {
        let Some(saved) = self.internal_connection(&name) else {
            return;
        };
        let password = self.session_password(Some(&saved));
        let InternalConnection::Postgis(connection) = saved;
        self.internal.selected = Some(name.clone());
        self.internal.exact_counts.clear();
        let job = self.jobs.spawn(move |_| {
            let tables =
                Session::open(&connection, password.as_deref()).and_then(|mut s| s.tables());
            JobOutput::InternalTables(name, tables)
        });
        self.internal.tables = TablesState::Loading(job);
    }

    /// Counts the rows of `table` of the listed connection in the background.
    pub(crate) fn count_internal(&mut self, table: crate::sources::postgis::TableRef) {
        let Some(saved) = self
            .internal
            .selected
            .clone()
            .and_then(|n| self.internal_connection(&n))
        else {
            return;
        };
        let password = self.session_password(Some(&saved));
        let InternalConnection::Postgis(connection) = saved;
        let name = connection.name.clone();
        self.jobs.spawn(move |_| {
            let count =
                Session::open(&connection, password.as_deref()).and_then(|mut s| s.count(&table));
            JobOutput::InternalCount(name, table, count)
        });
    }

    /// An exact count arrived (kept while the same connection is listed).
    pub(crate) fn internal_count_arrived(
        &mut self,
        name: String,
        table: crate::sources::postgis::TableRef,
        count: Result<u64, PgError>,
    ) {
        if self.internal.selected.as_deref() != Some(name.as_str()) {
            return;
        }
        match count {
            Ok(n) => {
                self.internal.exact_counts.insert(table.to_string(), n);
            }
            Err(e) => self.internal.notice = Some(e.to_string()),
        }
    }

    /// The tables of a connection arrived; an answer for a connection left since is dropped.
    pub(crate) fn internal_tables_arrived(
        &mut self,
        job: JobId,
        name: String,
        tables: Result<Vec<PgTable>, PgError>,
    ) {
        let current = matches!(self.internal.tables, TablesState::Loading(j) if j == job);
        if !current || self.internal.selected.as_deref() != Some(name.as_str()) {
            return;
        }
        self.internal.tables = match tables {
            Ok(tables) => TablesState::Ready(tables),
            Err(e) => TablesState::Failed(e),
        };
    }
}
