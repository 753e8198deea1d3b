//! What the user can ask of the *Sources internes* panel, and how the app carries it out.

use super::{ConnectionForm, LargeTable, TablesState};
use crate::app::TerritoireApp;
use crate::app::portal::LoadScope;
use crate::i18n::tr;
use crate::sources::internal::{InternalConnection, InternalLayer};
use crate::sources::postgis::{PgConnection, PgTable, TableRef};

/// Something the user asked of the *Sources internes* panel.
#[derive(Clone, Debug, PartialEq)]
pub enum InternalAction {
    /// Show or hide the panel.
    Toggle,
    /// Save the form as a connection (new, or the one being edited); its password to the keyring.
    SaveForm,
    /// Put a saved connection in the form.
    Edit(usize),
    /// Empty the form for a new connection.
    NewForm,
    /// Forget a saved connection (and its password).
    Remove(usize),
    /// List the tables of the connection of that name.
    Browse(String),
    /// Add a table of the listed connection as a layer (asks first when it is large).
    AddTable(PgTable),
    /// Load the pending large table with this scope (and the typed filter).
    LoadLarge(LoadScope),
    /// Give up the pending large table.
    CancelLarge,
    /// Count the rows of a table of the listed connection exactly (a full scan, on demand).
    Count(TableRef),
    /// Save a `pg_service.conf` service as a connection.
    AddService(PgConnection),
    /// Add a collection or feature type (by id, with its title) of the listed OGC service.
    AddItem(String, String),
}

impl TerritoireApp {
    /// Carries out one request about the *Sources internes* panel.
    pub(crate) fn apply_internal(&mut self, action: InternalAction) {
        match action {
            InternalAction::Toggle => self.internal.open = !self.internal.open,
            InternalAction::SaveForm => self.save_internal_form(),
            InternalAction::Edit(index) => {
                if let Some(c) = self.settings.internal_connections.get(index) {
                    self.internal.form = ConnectionForm::of(c);
                    self.internal.editing = Some(index);
                }
            }
            InternalAction::NewForm => {
                self.internal.form = ConnectionForm::default();
                self.internal.editing = None;
            }
            InternalAction::Remove(index) => self.remove_internal(index),
            InternalAction::Browse(name) => self.browse_internal(name),
            InternalAction::AddTable(table) => self.add_internal_table(table),
            InternalAction::LoadLarge(scope) => self.load_large_internal(scope),
            InternalAction::CancelLarge => self.internal.large = None,
            InternalAction::Count(table) => self.count_internal(table),
            InternalAction::AddItem(id, title) => self.add_internal_item(id, title),
            InternalAction::AddService(service) => {
                let list = &mut self.settings.internal_connections;
                if !list.iter().any(|c| c.name() == service.name) {
                    list.push(InternalConnection::Postgis(service));
                    self.save_settings();
                }
            }
        }
    }

    fn save_internal_form(&mut self) {
        let connection = match self.internal.form.connection() {
            Ok(c) => c,
            Err(key) => {
                self.internal.notice = Some(tr(key));
                return;
            }
        };
        let saved = connection;
        self.internal.notice = None;
        let password = std::mem::take(&mut self.internal.form.password);
        if !password.is_empty() && saved.has_secret() {
            let key = saved.credential_key();
            if let Err(message) = crate::sources::credentials::save_pg_password(&key, &password) {
                self.internal.notice = Some(message);
            }
            self.internal.session_passwords.0.insert(key, password);
        }
        let list = &mut self.settings.internal_connections;
        match self.internal.editing.filter(|&i| i < list.len()) {
            Some(i) => list[i] = saved,
            None => match list.iter().position(|c| c.name() == saved.name()) {
                Some(i) => list[i] = saved,
                None => list.push(saved),
            },
        }
        self.internal.form = ConnectionForm::default();
        self.internal.editing = None;
        self.save_settings();
    }

    fn remove_internal(&mut self, index: usize) {
        if index >= self.settings.internal_connections.len() {
            return;
        }
        let removed = self.settings.internal_connections.remove(index);
        if removed.has_secret()
            && let Err(message) =
                crate::sources::credentials::delete_pg_password(&removed.credential_key())
        {
            self.internal.notice = Some(message);
        }
        if self.internal.selected.as_deref() == Some(removed.name()) {
            self.internal.selected = None;
            self.internal.tables = TablesState::Idle;
        }
        self.save_settings();
    }

    fn add_internal_table(&mut self, table: PgTable) {
        let Some(connection) = self.internal.selected.clone() else {
            return;
        };
        let large = table
            .estimated_rows
            .is_some_and(|n| n > self.settings.large_dataset_records);
        if large {
            self.internal.large = Some(LargeTable {
                connection,
                name: table.table.table.clone(),
                table,
                filter: String::new(),
                error: None,
            });
        } else {
            self.add_internal_layer(
                table.table.table.clone(),
                InternalLayer {
                    connection,
                    table: table.table,
                    ..InternalLayer::default()
                },
            );
        }
    }

    fn load_large_internal(&mut self, scope: LoadScope) {
        let Some(mut large) = self.internal.large.take() else {
            return;
        };
        let filter = if scope == LoadScope::Filter {
            match crate::filter::parse(&large.filter) {
                Ok(expr) => Some(crate::filter::to_odsql(&expr)),
                Err(e) => {
                    large.error = Some(e.to_string());
                    self.internal.large = Some(large);
                    return;
                }
            }
        } else {
            None
        };
        let name = large.name;
        let layer = InternalLayer {
            connection: large.connection,
            table: large.table.table,
            filter,
            ..InternalLayer::default()
        };
        if scope == LoadScope::Extent {
            self.add_following_layer(name, layer);
        } else {
            self.add_internal_layer(name, layer);
        }
    }
}
