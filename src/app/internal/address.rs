//! The *Sources internes* panel opened on one address (the window's `--internal`): the
//! connection saved as the form would save it, then listed at once.

use super::{InternalPanel, TablesState};
use crate::app::TerritoireApp;
use crate::sources::internal_address::InternalAddress;

impl InternalPanel {
    /// True while a listing or a count of the panel is on its way (a screenshot waits for it).
    pub fn is_busy(&self) -> bool {
        matches!(self.tables, TablesState::Loading(_)) || self.counting.is_some()
    }
}

impl TerritoireApp {
    /// Opens the panel on the server at `text` and lists its tables, collections or feature
    /// types, searching for the one the address names. The connection is saved as the form
    /// saves it (replacing one of the same name); a password written in the address is kept
    /// for this session only: a command line is no place to decide to store a secret.
    pub(crate) fn open_internal_address(&mut self, text: &str) {
        self.internal.open = true;
        let address = match InternalAddress::parse(text) {
            Ok(address) => address,
            Err(e) => {
                self.internal.notice = Some(e.to_string());
                return;
            }
        };
        let connection = address.connection;
        let name = connection.name().to_owned();
        if let Some(password) = address.password {
            self.remember_internal_password(connection.credential_key(), password);
        }
        let list = &mut self.settings.internal_connections;
        match list.iter().position(|c| c.name() == name) {
            Some(i) => list[i] = connection,
            None => list.push(connection),
        }
        self.save_settings();
        self.internal.search = address.search.unwrap_or_default();
        self.browse_internal(name);
    }
}
