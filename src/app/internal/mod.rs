//! The *Sources internes* panel: saved connections to the metropolis's own servers (PostGIS,
//! OGC API Features, WFS), browsing their tables or collections with a search, and adding one as
//! a layer (large tables ask first, as on the portal).

mod action;
mod address;
pub mod follow;
mod follow_ui;
mod form;
mod service;
mod service_ui;
mod ui;

use std::sync::Arc;

pub use action::InternalAction;
pub use follow::{Follow, VIEW_CAP};
pub use follow_ui::view_state_ui;
pub use form::{ConnectionForm, ConnectionKind};

use super::layers::{Layer, LayerError, LayerId, LayerSource, LayerState, default_style};
use super::{JobOutput, TerritoireApp};
use crate::jobs::JobId;
use crate::sources::internal::{InternalConnection, InternalLayer, ServiceItem, load_layer};
use crate::sources::postgis::{PgError, PgTable, Session};
use crate::sources::service::ServiceError;

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
    /// The collections or feature types of an OGC service, listed.
    Items(Vec<ServiceItem>),
    /// The OGC service said no.
    ItemsFailed(ServiceError),
}

/// Passwords typed this session, by credential key; never printed.
#[derive(Default)]
pub(crate) struct SessionPasswords(std::collections::HashMap<String, String>);

impl std::fmt::Debug for SessionPasswords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SessionPasswords({} kept)", self.0.len())
    }
}

/// A large table (or collection, or feature type: an empty schema) waiting for the user's
/// choice: everything, the view (following the map), or a filter.
#[derive(Clone, Debug, PartialEq)]
pub struct LargeTable {
    /// The connection's name.
    pub connection: String,
    /// The name of the layer it would become (the table's, or the collection's title).
    pub name: String,
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
    /// The collection or feature type (title) being counted before it is added.
    pub counting: Option<(JobId, String)>,
    /// A message for the panel (a keyring refusal, a form to complete).
    pub notice: Option<String>,
    /// Exact row counts asked for, by `schema.table` of the listed connection.
    pub exact_counts: std::collections::HashMap<String, u64>,
    /// Passwords typed this session, by credential key: used when the keyring cannot keep them
    /// (never written anywhere).
    pub(crate) session_passwords: SessionPasswords,
    /// The layers that follow the map (tables shown by extent).
    pub follow: follow::Following,
    /// Features read per view at most ([`VIEW_CAP`] when `None`; lower in tests).
    pub view_cap: Option<u64>,
}

impl TerritoireApp {
    /// The saved connection called `name`.
    pub(crate) fn internal_connection(&self, name: &str) -> Option<InternalConnection> {
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

    /// Hands a finished job of the *Sources internes* panel, or of a layer that follows the
    /// map, to its place.
    pub(crate) fn internal_job_done(&mut self, job: JobId, output: JobOutput) {
        match output {
            JobOutput::ViewLoaded(layer, view) => self.view_loaded(job, layer, view),
            JobOutput::InternalCount(name, table, count) => {
                self.internal_count_arrived(name, table, count);
            }
            JobOutput::InternalTables(name, tables) => {
                self.internal_tables_arrived(job, name, tables);
            }
            JobOutput::InternalItemCount(name, item, count) => {
                self.internal_item_counted(name, item, count);
            }
            JobOutput::InternalItems(name, items) => {
                self.internal_items_arrived(job, name, items);
            }
            _ => {}
        }
    }

    /// Keeps `password` for this session only, as when typed in the form (the keyring untouched).
    pub fn remember_internal_password(&mut self, key: String, password: String) {
        self.internal.session_passwords.0.insert(key, password);
    }

    /// The password typed this session for `connection`, if any.
    pub(crate) fn session_password(
        &self,
        connection: Option<&InternalConnection>,
    ) -> Option<String> {
        let key = connection?.credential_key();
        self.internal.session_passwords.0.get(&key).cloned()
    }

    /// Adds `layer` to the map under `name` and starts its load.
    pub(crate) fn add_internal_layer(&mut self, name: String, layer: InternalLayer) {
        let id = LayerId(self.next_layer_id);
        self.next_layer_id += 1;
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
        self.internal.selected = Some(name.clone());
        let InternalConnection::Postgis(connection) = saved else {
            self.browse_service(name, saved);
            return;
        };
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
        let InternalConnection::Postgis(connection) = saved else {
            return;
        };
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
