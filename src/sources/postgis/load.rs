//! Loads a PostGIS table as a layer: `ST_AsBinary` of the geometry (transformed to WGS 84 by
//! PostGIS) and the columns, streamed through a server-side portal in batches, with progress and
//! cancel, into the same columnar dataset as every other source.

use postgres::types::ToSql;

use super::browse::{PgColumn, columns, estimated_rows, qualified, quote_ident};
use super::error::Context;
use super::{PgError, TableRef};
use crate::data::{ColumnBuilder, Dataset, DatasetBuilder, FieldType, IssueKind};
use crate::filter::Expr;
use crate::filter::sql::{SqlError, SqlParam, to_sql};
use crate::jobs::Progress;
use crate::sources::shape_text::read_wkb;

/// Rows fetched per round trip (and between two cancel checks).
const BATCH: i32 = 10_000;

/// A limited read whose box holds more than this many rows per row asked (by the planner's
/// estimate) walks the key in order and stops at the limit, rather than sorting every row of
/// the box: the whole of a large table in view costs the limit, not the table.
const DENSE: f64 = 4.0;

/// What to read of a table.
#[derive(Clone, Debug, Default)]
pub struct LoadRequest {
    /// The table.
    pub table: TableRef,
    /// Rows kept by this filter, evaluated in the database when it can be; `None` for all.
    pub filter: Option<Expr>,
    /// Only the features meeting this box `[min_lon, min_lat, max_lon, max_lat]` (the map extent).
    pub bbox: Option<[f64; 4]>,
    /// At most this many rows, the first in a stable order (the primary key, else the
    /// geometry): the same request gives the same rows. [`Loaded::partial`] tells whether the
    /// table held more.
    pub limit: Option<u64>,
}

/// How one column is selected and read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Read {
    Int,
    Float,
    Bool,
    Day,
    Text,
}

impl Read {
    fn of(type_name: &str) -> Option<Self> {
        Some(match type_name {
            "int2" | "int4" | "int8" | "oid" => Self::Int,
            "float4" | "float8" | "numeric" | "money" => Self::Float,
            "bool" => Self::Bool,
            "date" => Self::Day,
            // Other geometries, rasters and raw bytes are not attributes.
            "geometry" | "geography" | "raster" | "bytea" => return None,
            _ => Self::Text,
        })
    }

    fn kind(self) -> FieldType {
        match self {
            Self::Int => FieldType::Integer,
            Self::Float => FieldType::Float,
            Self::Bool => FieldType::Boolean,
            Self::Day => FieldType::Date,
            Self::Text => FieldType::Text,
        }
    }

    fn select(self, column: &str) -> String {
        let c = quote_ident(column);
        match self {
            Self::Int => format!("{c}::int8"),
            Self::Float => format!("{c}::float8"),
            Self::Bool => c,
            Self::Day => format!("CASE WHEN isfinite({c}) THEN ({c} - DATE '1970-01-01') END"),
            Self::Text => format!("{c}::text"),
        }
    }
}

/// The type a column of SQL type `type_name` has once loaded (what filters are checked against).
pub(super) fn kind_of(type_name: &str) -> FieldType {
    Read::of(type_name).map_or(FieldType::Text, Read::kind)
}

/// The table as the loader reads it.
struct Shape {
    geometry: String,
    srid: i32,
    attributes: Vec<(PgColumn, Read)>,
    /// The primary key's column, which orders a limited read.
    key: Option<String>,
}

fn describe(
    client: &mut postgres::Client,
    table: &TableRef,
    cx: Context,
) -> Result<Shape, PgError> {
    let all = columns(client, table, cx)?;
    let geometry = all
        .iter()
        .find(|c| c.type_name == "geometry")
        .map(|c| c.name.clone())
        .ok_or_else(|| PgError::UnknownTable(table.to_string()))?;
    let srid = srid_of(client, table, &geometry, cx)?;
    let key = all.iter().find(|c| c.is_key).map(|c| c.name.clone());
    let attributes = all
        .into_iter()
        .filter(|c| c.name != geometry && !(c.is_key && Read::of(&c.type_name) == Some(Read::Int)))
        .filter_map(|c| Read::of(&c.type_name).map(|r| (c, r)))
        .collect();
    Ok(Shape {
        geometry,
        srid,
        attributes,
        key,
    })
}

/// The column's declared SRID, else the first row's (a column declared as plain `geometry`).
fn srid_of(
    client: &mut postgres::Client,
    table: &TableRef,
    geometry: &str,
    cx: Context,
) -> Result<i32, PgError> {
    let g = quote_ident(geometry);
    let sql = format!(
        "SELECT COALESCE(NULLIF(postgis_typmod_srid(a.atttypmod), 0), \
                (SELECT ST_SRID({g}) FROM {} WHERE {g} IS NOT NULL LIMIT 1), 0) \
         FROM pg_attribute a WHERE a.attrelid = to_regclass($1) AND a.attname = $2",
        qualified(table)
    );
    let row = client
        .query_one(&sql, &[&qualified(table), &geometry])
        .map_err(|e| PgError::of(&e, cx))?;
    Ok(row.try_get::<_, i32>(0).unwrap_or(0))
}

/// The `SELECT`, its parameters, and the filter left to evaluate after loading (one the
/// database cannot evaluate as the app does).
fn query(
    shape: &Shape,
    request: &LoadRequest,
) -> Result<(String, Vec<SqlParam>, Option<Expr>), PgError> {
    let g = quote_ident(&shape.geometry);
    let geometry = if shape.srid > 0 && shape.srid != 4326 {
        format!("ST_AsBinary(ST_Transform({g}, 4326))")
    } else {
        format!("ST_AsBinary({g})")
    };
    let mut select = vec![geometry];
    select.extend(shape.attributes.iter().map(|(c, r)| r.select(&c.name)));
    let mut conditions: Vec<String> = Vec::new();
    let mut params: Vec<SqlParam> = Vec::new();
    if let Some([x0, y0, x1, y1]) = request.bbox {
        // The box in the table's system uses the spatial index (its boxes are rounded outward);
        // the exact test compares the feature's own box in WGS 84 with the view, as locally.
        let envelope = "ST_MakeEnvelope($1::float8, $2::float8, $3::float8, $4::float8, 4326)";
        let (index, wgs84) = if shape.srid > 0 && shape.srid != 4326 {
            let srid = shape.srid;
            (
                format!("{g} && ST_Transform({envelope}, {srid})"),
                format!("ST_Transform({g}, 4326)"),
            )
        } else {
            (format!("{g} && {envelope}"), g.clone())
        };
        conditions.push(format!(
            "{index} AND ST_XMax({wgs84}) >= $1::float8 AND ST_XMin({wgs84}) <= $3::float8 \
             AND ST_YMax({wgs84}) >= $2::float8 AND ST_YMin({wgs84}) <= $4::float8"
        ));
        params.extend([x0, y0, x1, y1].map(SqlParam::Number));
    }
    let mut local = None;
    if let Some(filter) = &request.filter {
        let kind_of = |field: &str| {
            shape
                .attributes
                .iter()
                .find(|(c, _)| c.name == field)
                .map(|(_, r)| r.kind())
        };
        match to_sql(filter, &kind_of, params.len()) {
            Ok(printed) => {
                conditions.push(printed.sql);
                params.extend(printed.params);
            }
            Err(SqlError::NotPushable) => local = Some(filter.clone()),
            Err(SqlError::UnknownField(_)) => {
                return Err(PgError::UnknownColumn(request.table.to_string()));
            }
            Err(SqlError::Type(..)) => local = Some(filter.clone()),
        }
    }
    let mut sql = format!(
        "SELECT {} FROM {}",
        select.join(", "),
        qualified(&request.table)
    );
    if !conditions.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&conditions.join(" AND "));
    }
    if let Some(limit) = request.limit {
        // One row more than asked tells whether the table holds more. Without a key, the
        // geometry's bytes give the order (ties are rare and only reorder equal rows).
        let order = shape
            .key
            .as_deref()
            .map_or_else(|| "1".to_string(), quote_ident);
        sql.push_str(&format!(
            " ORDER BY {order} LIMIT {}",
            limit.saturating_add(1)
        ));
    }
    Ok((sql, params, local))
}

/// True when `request` is a limited read of a box that holds many more rows than asked (the
/// planner's estimate for the spatial index's test alone, made without reading the table).
fn dense(
    transaction: &mut postgres::Transaction,
    shape: &Shape,
    request: &LoadRequest,
    params: &[&(dyn ToSql + Sync)],
) -> bool {
    let (Some(limit), Some(_), Some(_)) = (request.limit, request.bbox, &shape.key) else {
        return false;
    };
    let g = quote_ident(&shape.geometry);
    let envelope = "ST_MakeEnvelope($1::float8, $2::float8, $3::float8, $4::float8, 4326)";
    let envelope = if shape.srid > 0 && shape.srid != 4326 {
        format!("ST_Transform({envelope}, {})", shape.srid)
    } else {
        envelope.to_string()
    };
    let sql = format!(
        "EXPLAIN SELECT 1 FROM {} WHERE {g} && {envelope}",
        qualified(&request.table)
    );
    let Some(first) = params.get(..4) else {
        return false;
    };
    let plan = transaction.query(&sql, first).ok();
    let line: Option<String> = plan.and_then(|rows| rows.first()?.try_get(0).ok());
    let estimate = line.as_deref().and_then(|l| {
        let rest = &l[l.find("rows=")? + 5..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        digits.parse::<f64>().ok()
    });
    estimate.is_some_and(|rows| rows > DENSE * limit as f64)
}

/// The filter's parameters as the client binds them.
pub fn bound(params: &[SqlParam]) -> Vec<Box<dyn ToSql + Sync>> {
    params
        .iter()
        .map(|p| -> Box<dyn ToSql + Sync> {
            match p {
                SqlParam::Text(t) => Box::new(t.clone()),
                SqlParam::Number(x) => Box::new(*x),
                SqlParam::Boolean(b) => Box::new(*b),
                SqlParam::Day(d) => Box::new(*d),
            }
        })
        .collect()
}

/// A loaded table and the part of the filter the database could not evaluate as the app does
/// (word matching, spatial tests): the caller applies it as a mask, as for a file.
#[derive(Debug)]
pub struct Loaded {
    /// The rows the database sent.
    pub dataset: Dataset,
    /// The filter still to apply, when it was not pushed down.
    pub unpushed: Option<Expr>,
    /// The request's limit left rows out: the table holds more than were sent.
    pub partial: bool,
}

/// Loads `request` from the database `client` is connected to (blocking: run it in a job).
pub fn load_table(
    client: &mut postgres::Client,
    request: &LoadRequest,
    cx: Context,
    progress: &Progress,
) -> Result<Loaded, PgError> {
    let table_name = request.table.to_string();
    let cx = Context {
        table: &table_name,
        ..cx
    };
    let shape = describe(client, &request.table, cx)?;
    let (sql, params, local) = query(&shape, request)?;
    progress.set_total(estimated_rows(client, &request.table, cx)?.unwrap_or(0));
    let fail = |e: postgres::Error| PgError::of(&e, cx);
    let mut builder = DatasetBuilder::new(true);
    let slots: Vec<(usize, Read)> = shape
        .attributes
        .iter()
        .map(|(c, r)| (builder.add_column(&c.name), *r))
        .collect();
    let boxed = bound(&params);
    let refs: Vec<&(dyn ToSql + Sync)> = boxed.iter().map(|b| b.as_ref()).collect();
    let mut transaction = client.transaction().map_err(fail)?;
    if dense(&mut transaction, &shape, request, &refs) {
        transaction
            .batch_execute("SET LOCAL enable_sort = off; SET LOCAL enable_bitmapscan = off")
            .map_err(fail)?;
    }
    let portal = transaction.bind(sql.as_str(), &refs).map_err(fail)?;
    let mut unreadable = 0u64;
    let limit = request.limit.map_or(usize::MAX, |n| n as usize);
    let mut partial = false;
    loop {
        let rows = transaction.query_portal(&portal, BATCH).map_err(fail)?;
        for row in &rows {
            if builder.rows() >= limit {
                partial = true;
                break;
            }
            unreadable += u64::from(!push_row(row, &slots, &mut builder));
        }
        progress.add_items(rows.len() as u64);
        progress.add_done(rows.len() as u64);
        if progress.is_cancelled() {
            return Err(PgError::Cancelled);
        }
        if partial || rows.len() < BATCH as usize {
            break;
        }
    }
    drop(transaction);
    if unreadable > 0 {
        let message = crate::i18n::tr_count("issue-pg-geometry", unreadable, &[]);
        (0..unreadable)
            .for_each(|_| builder.add_issue(IssueKind::NullGeometry, || message.clone()));
    }
    let crs = (shape.srid > 0).then(|| format!("EPSG:{}", shape.srid));
    Ok(Loaded {
        dataset: builder.finish(crs),
        unpushed: local,
        partial,
    })
}

/// One row into the builder; false when its geometry could not be read (kept without one).
fn push_row(row: &postgres::Row, slots: &[(usize, Read)], builder: &mut DatasetBuilder) -> bool {
    let wkb: Option<&[u8]> = row.try_get(0).ok().flatten();
    let readable = match wkb {
        None => {
            builder.geometry.push_empty();
            true
        }
        Some(bytes) => match read_wkb(bytes) {
            Some(shape) => {
                shape.push(&mut builder.geometry);
                true
            }
            None => {
                builder.geometry.push_empty();
                false
            }
        },
    };
    for (i, (slot, read)) in slots.iter().enumerate() {
        push_cell(builder.column(*slot), row, i + 1, *read);
    }
    builder.end_row();
    readable
}

fn push_cell(column: &mut ColumnBuilder, row: &postgres::Row, i: usize, read: Read) {
    match read {
        Read::Int => match row.try_get::<_, Option<i64>>(i) {
            Ok(Some(v)) => column.push_int(v),
            _ => column.push_null(),
        },
        Read::Float => match row.try_get::<_, Option<f64>>(i) {
            Ok(Some(v)) => column.push_float(v),
            _ => column.push_null(),
        },
        Read::Bool => match row.try_get::<_, Option<bool>>(i) {
            Ok(Some(v)) => column.push_bool(v),
            _ => column.push_null(),
        },
        Read::Day => match row.try_get::<_, Option<i32>>(i) {
            Ok(Some(v)) => column.push_date(v),
            _ => column.push_null(),
        },
        Read::Text => match row.try_get::<_, Option<&str>>(i) {
            Ok(Some(v)) => column.push_text(v),
            _ => column.push_null(),
        },
    }
}
