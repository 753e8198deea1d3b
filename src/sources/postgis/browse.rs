//! What a PostGIS database offers: the tables and views with a geometry column (from
//! `geometry_columns`), their geometry type, SRID and estimated rows, their columns, and an
//! exact count on demand.

use super::error::Context;
use super::{PgError, TableRef};

/// A table or view with a geometry column.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct PgTable {
    /// Schema and name.
    pub table: TableRef,
    /// The geometry column.
    pub geometry_column: String,
    /// The geometry type PostGIS records (`POINT`, `MULTIPOLYGON`, `GEOMETRY`…).
    pub geometry_type: String,
    /// The SRID (0 when not declared).
    pub srid: i32,
    /// The planner's row estimate (`reltuples`); `None` for views and tables never analysed.
    pub estimated_rows: Option<u64>,
}

/// One column of a table.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct PgColumn {
    /// Its name.
    pub name: String,
    /// Its SQL type as PostgreSQL writes it (`integer`, `character varying(80)`…).
    pub sql_type: String,
    /// The type's internal name (`int4`, `varchar`, `geometry`…), which decides how it is read.
    pub type_name: String,
    /// The table's primary key on its own (the feature id, as GIS tools show it, not a field).
    pub is_key: bool,
}

/// An SQL identifier in double quotes, its own quotes doubled.
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// `"schema"."table"`.
pub fn qualified(table: &TableRef) -> String {
    format!(
        "{}.{}",
        quote_ident(&table.schema),
        quote_ident(&table.table)
    )
}

/// Maps a client error with the table in context.
pub(super) fn fail(client_error: &postgres::Error, cx: Context) -> PgError {
    PgError::of(client_error, cx)
}

/// Every table and view with a geometry column that the user may read, by schema and name.
pub fn list_tables(client: &mut postgres::Client, cx: Context) -> Result<Vec<PgTable>, PgError> {
    let rows = client
        .query(
            "SELECT g.f_table_schema::text, g.f_table_name::text, g.f_geometry_column::text, \
                    g.type::text, g.srid, \
                    CASE WHEN c.relkind IN ('r', 'p', 'm') AND c.reltuples >= 0 \
                         THEN c.reltuples::float8 END \
             FROM geometry_columns g \
             LEFT JOIN pg_namespace n ON n.nspname = g.f_table_schema \
             LEFT JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = g.f_table_name \
             ORDER BY 1, 2, 3",
            &[],
        )
        .map_err(|e| fail(&e, cx))?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let text = |i: usize| row.try_get::<_, Option<String>>(i).ok().flatten();
        out.push(PgTable {
            table: TableRef {
                schema: text(0).unwrap_or_default(),
                table: text(1).unwrap_or_default(),
            },
            geometry_column: text(2).unwrap_or_default(),
            geometry_type: text(3).unwrap_or_default(),
            srid: row.try_get::<_, i32>(4).unwrap_or(0),
            estimated_rows: row
                .try_get::<_, Option<f64>>(5)
                .ok()
                .flatten()
                .map(|n| n.max(0.0) as u64),
        });
    }
    Ok(out)
}

/// The columns of `table`, in order; `UnknownTable` when it does not exist.
pub fn columns(
    client: &mut postgres::Client,
    table: &TableRef,
    cx: Context,
) -> Result<Vec<PgColumn>, PgError> {
    let rows = client
        .query(
            "SELECT a.attname::text, format_type(a.atttypid, a.atttypmod), t.typname::text, \
                    EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = a.attrelid \
                            AND i.indisprimary AND i.indnatts = 1 AND i.indkey[0] = a.attnum) \
             FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid \
             WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped \
             ORDER BY a.attnum",
            &[&qualified(table)],
        )
        .map_err(|e| fail(&e, cx))?;
    if rows.is_empty() {
        return Err(PgError::UnknownTable(table.to_string()));
    }
    Ok(rows
        .iter()
        .map(|row| PgColumn {
            name: row.try_get(0).unwrap_or_default(),
            sql_type: row.try_get(1).unwrap_or_default(),
            type_name: row.try_get(2).unwrap_or_default(),
            is_key: row.try_get(3).unwrap_or(false),
        })
        .collect())
}

/// The exact number of rows of `table` (a full scan: asked for, never automatic).
pub fn exact_count(
    client: &mut postgres::Client,
    table: &TableRef,
    cx: Context,
) -> Result<u64, PgError> {
    let row = client
        .query_one(&format!("SELECT count(*) FROM {}", qualified(table)), &[])
        .map_err(|e| fail(&e, cx))?;
    Ok(row.try_get::<_, i64>(0).unwrap_or(0).max(0) as u64)
}

/// The planner's estimate for `table`, `None` for a view or a table never analysed.
pub fn estimated_rows(
    client: &mut postgres::Client,
    table: &TableRef,
    cx: Context,
) -> Result<Option<u64>, PgError> {
    let row = client
        .query_one(
            "SELECT CASE WHEN c.relkind IN ('r', 'p', 'm') AND c.reltuples >= 0 \
                    THEN c.reltuples::float8 END \
             FROM pg_class c WHERE c.oid = to_regclass($1)",
            &[&qualified(table)],
        )
        .ok();
    let _ = cx;
    Ok(row
        .and_then(|r| r.try_get::<_, Option<f64>>(0).ok().flatten())
        .map(|n| n.max(0.0) as u64))
}
