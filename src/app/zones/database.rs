//! Zone statistics of a PostGIS layer that follows the map, computed in its database over the
//! whole table (the rows in view are only the first ones of the view): the zones are sent, the
//! points stay on the server, with the layer's filter pushed down.

use crate::analysis::zones::{ZoneTable, zone_table_from_counts};
use crate::app::{LayerId, LayerSource, TerritoireApp};
use crate::data::Dataset;
use crate::filter::Expr;
use crate::sources::internal::InternalConnection;
use crate::sources::postgis::{PgConnection, Session, ZoneQuery, zone_counts};

/// A computation to run in the counted layer's database.
pub(super) struct InDatabase {
    connection: PgConnection,
    password: Option<String>,
    query: ZoneQuery,
}

impl std::fmt::Debug for InDatabase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "InDatabase({})", self.query.table)
    }
}

impl InDatabase {
    /// What the figures depend on: the table, its filter and the field.
    pub(super) fn key(&self) -> String {
        format!(
            "{} {:?} {:?} {:?}",
            self.query.table, self.query.filter, self.query.field, self.connection
        )
    }

    /// The figures per zone of `zones`, or `None` when the database could not give them (the
    /// caller then computes on the rows loaded; the reason goes to the log).
    pub(super) fn run(self, zones: &Dataset) -> Option<ZoneTable> {
        let counted = Session::open(&self.connection, self.password.as_deref())
            .and_then(|mut session| zone_counts(&mut session, zones, &self.query));
        match counted {
            Ok(counts) => Some(zone_table_from_counts(zones, counts)),
            Err(e) => {
                log::warn!("zone statistics in {}: {e:?}", self.query.table);
                None
            }
        }
    }
}

impl TerritoireApp {
    /// The computation in the database for the counted layer `id`, when it is a PostGIS table
    /// that follows the map, nothing else is asked (nearness, addresses: computed here) and its
    /// filters can run there.
    pub(super) fn zone_database(
        &self,
        id: Option<LayerId>,
        local_only: bool,
        field: Option<String>,
    ) -> Option<InDatabase> {
        let layer = self.layer(id?).filter(|_| !local_only)?;
        let LayerSource::Internal(internal) = &layer.source else {
            return None;
        };
        let saved = self
            .internal_connection(&internal.connection)
            .filter(|_| internal.follows_map)?;
        let password = self.session_password(Some(&saved));
        let InternalConnection::Postgis(connection) = saved else {
            return None;
        };
        let mut parts = Vec::new();
        if let Some(text) = &internal.filter {
            parts.push(crate::filter::parse(text).ok()?);
        }
        if let Some(filter) = &layer.filter {
            if !filter.places.is_empty() {
                return None;
            }
            if !filter.expression.trim().is_empty() {
                parts.push(crate::filter::parse(&filter.expression).ok()?);
            }
        }
        let filter = match parts.len() {
            0 => None,
            1 => parts.pop(),
            _ => Some(Expr::And(parts)),
        };
        if filter
            .as_ref()
            .is_some_and(|f| !crate::app::internal::follow::sql_pushable(f))
        {
            return None;
        }
        let query = ZoneQuery {
            table: internal.table.clone(),
            filter,
            field,
            near: None,
        };
        Some(InDatabase {
            connection,
            password,
            query,
        })
    }
}
