//! The OGC services of the *Sources internes* panel: their collections (OGC API Features) or
//! feature types (WFS) listed in the background, and one added as a layer.

use super::TablesState;
use crate::app::{JobOutput, TerritoireApp};
use crate::jobs::JobId;
use crate::sources::internal::{InternalConnection, InternalLayer, ServiceItem, list_items};
use crate::sources::postgis::TableRef;
use crate::sources::service::ServiceError;

impl TerritoireApp {
    /// Lists the collections or feature types of the saved service `saved`, called `name`.
    pub(super) fn browse_service(&mut self, name: String, saved: InternalConnection) {
        self.internal.exact_counts.clear();
        let job = self
            .jobs
            .spawn(move |progress| JobOutput::InternalItems(name, list_items(&saved, progress)));
        self.internal.tables = TablesState::Loading(job);
    }

    /// The collections of a service arrived; an answer for a connection left since is dropped.
    pub(crate) fn internal_items_arrived(
        &mut self,
        job: JobId,
        name: String,
        items: Result<Vec<ServiceItem>, ServiceError>,
    ) {
        let current = matches!(self.internal.tables, TablesState::Loading(j) if j == job);
        if !current || self.internal.selected.as_deref() != Some(name.as_str()) {
            return;
        }
        self.internal.tables = match items {
            Ok(items) => TablesState::Items(items),
            Err(e) => TablesState::ItemsFailed(e),
        };
    }

    /// Adds the collection or feature type `id` of the listed service as a layer named `title`.
    pub(super) fn add_internal_item(&mut self, id: String, title: String) {
        let Some(connection) = self.internal.selected.clone() else {
            return;
        };
        self.add_internal_layer(
            title,
            InternalLayer {
                connection,
                table: TableRef {
                    schema: String::new(),
                    table: id,
                },
                ..InternalLayer::default()
            },
        );
    }
}
