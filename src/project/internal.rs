//! The reference a project keeps to a layer of the metropolis's own servers (a PostGIS table,
//! an OGC API collection, a WFS feature type): plain data, read and loaded by `sources::internal`.

/// A layer read from an internal server: which connection (by name), which table, and what part
/// of it. For an OGC service, `table` holds the collection or feature type in `table.table` with
/// an empty schema.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct InternalLayer {
    /// The connection's name.
    pub connection: String,
    /// The table.
    pub table: TableRef,
    /// The filter pushed down, in the filter language.
    #[serde(default, rename = "where", skip_serializing_if = "Option::is_none")]
    pub filter: Option<String>,
    /// Only this extent was read (for a layer that follows the map: the last view read).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bbox: Option<[f64; 4]>,
    /// The layer follows the map: the features in view are read again each time the view
    /// settles, at most a fixed number per view.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub follows_map: bool,
}

/// A table named in an address: `schema.table` (`public` when the schema is left out).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TableRef {
    /// The schema.
    pub schema: String,
    /// The table or view.
    pub table: String,
}

impl TableRef {
    /// Reads `schema.table` or `table`.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let (schema, table) = text.split_once('.').unwrap_or(("public", text));
        (!schema.is_empty() && !table.is_empty()).then(|| Self {
            schema: schema.to_owned(),
            table: table.to_owned(),
        })
    }
}

impl std::fmt::Display for TableRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.schema.is_empty() {
            // An OGC service's collection or feature type (see [`InternalLayer`]).
            return write!(f, "{}", self.table);
        }
        write!(f, "{}.{}", self.schema, self.table)
    }
}

impl Default for TableRef {
    fn default() -> Self {
        Self {
            schema: "public".into(),
            table: String::new(),
        }
    }
}
