//! The metropolis's own servers as saved connections (one variant per kind of server; PostGIS
//! today) and the layers read from them, as settings and projects store them: never a secret.

use super::SourceError;
use super::postgis::{LoadRequest, PgConnection, Session, TableRef};
use crate::data::Dataset;
use crate::jobs::Progress;

/// A saved connection to an internal server, known by its name.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum InternalConnection {
    /// A PostgreSQL/PostGIS database.
    Postgis(PgConnection),
}

impl InternalConnection {
    /// The name the user gave it (what projects refer to).
    pub fn name(&self) -> &str {
        match self {
            Self::Postgis(c) => &c.name,
        }
    }

    /// The key of its secret in the credential store.
    pub fn credential_key(&self) -> String {
        match self {
            Self::Postgis(c) => c.credential_key(),
        }
    }
}

/// A layer read from an internal server: which connection (by name), which table, and what part
/// of it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct InternalLayer {
    /// The connection's name.
    pub connection: String,
    /// The table.
    pub table: TableRef,
    /// The filter pushed down, in the filter language.
    #[serde(default, rename = "where", skip_serializing_if = "Option::is_none")]
    pub filter: Option<String>,
    /// Only this extent was read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bbox: Option<[f64; 4]>,
}

/// Loads `layer` through `connection` (blocking: run it in a job), with `password` when the
/// session holds one (else the keyring's or `PGPASSWORD`). A filter the database cannot evaluate
/// as the app does is refused.
pub fn load_layer(
    connection: &InternalConnection,
    layer: &InternalLayer,
    password: Option<&str>,
    progress: &Progress,
) -> Result<Dataset, SourceError> {
    let InternalConnection::Postgis(pg) = connection;
    let filter = match &layer.filter {
        Some(text) => Some(crate::filter::parse(text).map_err(|e| {
            SourceError::format("err-internal-filter", &[("reason", &e.to_string())])
        })?),
        None => None,
    };
    let request = LoadRequest {
        table: layer.table.clone(),
        filter,
        bbox: layer.bbox,
    };
    let loaded = Session::open(pg, password)?.load(&request, progress)?;
    if loaded.unpushed.is_some() {
        return Err(SourceError::format("filter-err-not-pushable", &[]));
    }
    Ok(loaded.dataset)
}
