//! The OGC services of the *Sources internes* panel: their collections (OGC API Features) or
//! feature types (WFS) listed in the background, and one added as a layer (counted first: a
//! large one gets the guard rail).

use super::{LargeTable, TablesState};
use crate::app::{JobOutput, TerritoireApp};
use crate::jobs::JobId;
use crate::sources::internal::{
    InternalConnection, InternalLayer, ServiceItem, count_item, list_items,
};
use crate::sources::postgis::{PgTable, TableRef};
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

    /// Adds the collection or feature type `id` of the listed service as a layer named `title`,
    /// once counted: past the large-dataset threshold the guard rail asks first, as for PostGIS.
    pub(super) fn add_internal_item(&mut self, id: String, title: String) {
        let Some(saved) = self
            .internal
            .selected
            .clone()
            .and_then(|n| self.internal_connection(&n))
        else {
            return;
        };
        let name = saved.name().to_string();
        let shown = title.clone();
        let job = self.jobs.spawn(move |progress| {
            let count = count_item(&saved, &id, progress).unwrap_or_else(|e| {
                // The load that follows tells the user what is wrong.
                log::info!("{id}: no count ({e:?})");
                None
            });
            JobOutput::InternalItemCount(name, (id, title), count)
        });
        self.internal.counting = Some((job, shown));
    }

    /// The count of a collection arrived: a large one waits for the user's choice, another is
    /// added at once; an answer for a connection left since is dropped.
    pub(crate) fn internal_item_counted(
        &mut self,
        name: String,
        (id, title): (String, String),
        count: Option<u64>,
    ) {
        self.internal.counting = None;
        if self.internal.selected.as_deref() != Some(name.as_str()) {
            return;
        }
        let table = TableRef {
            schema: String::new(),
            table: id,
        };
        if count.is_some_and(|n| n > self.settings.large_dataset_records) {
            self.internal.large = Some(LargeTable {
                connection: name,
                name: title,
                table: PgTable {
                    table,
                    geometry_column: String::new(),
                    geometry_type: String::new(),
                    srid: 0,
                    estimated_rows: count,
                },
                filter: String::new(),
                error: None,
            });
            return;
        }
        let layer = InternalLayer {
            connection: name,
            table,
            ..InternalLayer::default()
        };
        self.add_internal_layer(title, layer);
    }
}
