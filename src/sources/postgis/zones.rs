//! Zone statistics computed in the database: the zones (from the app's own dataset, sent as
//! WKB so both sides use the same coordinates) meet the counted table on its spatial index;
//! counts, sums and nearness come back per zone. A point on a border shared by two zones goes
//! to the zone east of it (north for an east–west border), as the local computation does: the
//! test is made on the point nudged a hair east and north.

use postgres::types::ToSql;

use super::browse::{qualified, quote_ident};
use super::{PgError, Session, TableRef};
use crate::analysis::zone_sums::FieldSum;
use crate::analysis::zones::{ZoneCounts, zone_polygons};
use crate::data::Dataset;
use crate::filter::Expr;
use crate::filter::sql::to_sql;

/// The nudge, in degrees (about 0.1 mm): east, and far less north, so that only a border
/// exactly through the point decides differently from its plain position.
const NUDGE: (f64, f64) = (1e-9, 1e-12);

/// What to count in the database.
#[derive(Clone, Debug)]
pub struct ZoneQuery {
    /// The counted table (points).
    pub table: TableRef,
    /// Its filter, pushed down (it must be printable as SQL).
    pub filter: Option<Expr>,
    /// A numeric field to sum and average.
    pub field: Option<String>,
    /// Another table of the same database and a distance in metres: the share within it.
    pub near: Option<(TableRef, f64)>,
}

/// The zone polygons of `zones` as WKB (multipolygons, WGS 84), in [`zone_polygons`] order.
fn zone_wkb(zones: &Dataset) -> Vec<Vec<u8>> {
    let put = |out: &mut Vec<u8>, n: u32| out.extend_from_slice(&n.to_le_bytes());
    zone_polygons(zones)
        .into_iter()
        .map(|row| {
            let parts: Vec<Vec<&[[f64; 2]]>> = zones
                .geometry
                .parts(row)
                .map(|rings| rings.collect())
                .collect();
            let mut out = vec![1u8];
            put(&mut out, 6);
            put(&mut out, parts.len() as u32);
            for rings in parts {
                out.push(1);
                put(&mut out, 3);
                put(&mut out, rings.len() as u32);
                for ring in rings {
                    put(&mut out, ring.len() as u32);
                    for c in ring {
                        out.extend_from_slice(&c[0].to_le_bytes());
                        out.extend_from_slice(&c[1].to_le_bytes());
                    }
                }
            }
            out
        })
        .collect()
}

/// Counts `query` per zone of `zones` in the database of `session`.
pub fn zone_counts(
    session: &mut Session,
    zones: &Dataset,
    query: &ZoneQuery,
) -> Result<ZoneCounts, PgError> {
    let name = query.table.to_string();
    let (client, cx) = session.parts(&name);
    let columns = super::columns(client, &query.table, cx)?;
    let geometry = columns
        .iter()
        .find(|c| c.type_name == "geometry")
        .map(|c| c.name.clone())
        .ok_or_else(|| PgError::UnknownTable(name.clone()))?;
    let kind_of = |field: &str| {
        columns
            .iter()
            .find(|c| c.name == field)
            .map(|c| super::load::kind_of(&c.type_name))
    };
    let wkb = zone_wkb(zones);
    let ids: Vec<i32> = (0..wkb.len() as i32).collect();
    let mut params: Vec<Box<dyn ToSql + Sync>> = vec![Box::new(ids), Box::new(wkb.clone())];
    let (filter, filter_count) = match &query.filter {
        Some(expr) => {
            let printed =
                to_sql(expr, &kind_of, 2).map_err(|_| PgError::UnknownColumn(name.clone()))?;
            params.extend(super::bound(&printed.params));
            (printed.sql, printed.params.len())
        }
        None => ("TRUE".into(), 0),
    };
    let other_geometry = match &query.near {
        Some((other, _)) => super::columns(client, other, cx)?
            .into_iter()
            .find(|c| c.type_name == "geometry")
            .map(|c| c.name)
            .ok_or_else(|| PgError::UnknownTable(other.to_string()))?,
        None => String::new(),
    };
    let geometries = (geometry.as_str(), other_geometry.as_str());
    let sql = counting_sql(&query.table, geometries, &filter, query, params.len());
    if let Some((_, metres)) = &query.near {
        params.push(Box::new(*metres));
    }
    let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|b| b.as_ref()).collect();
    let fail = |e: postgres::Error| PgError::of(&e, cx);
    let rows = client.query(&sql, &refs).map_err(fail)?;
    let total_sql = format!(
        "SELECT count(*) FROM {} AS p WHERE {filter}",
        qualified(&query.table)
    );
    let total = client
        .query_one(&renumber(&total_sql, 2), &refs[2..2 + filter_count])
        .map_err(fail)?
        .try_get::<_, i64>(0)
        .unwrap_or(0)
        .max(0) as usize;
    Ok(collect(rows, wkb.len(), total, query))
}

/// The filter's placeholders start at `$3` in the counting query; alone they start at `$1`.
fn renumber(sql: &str, shift: usize) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '$' {
            out.push(c);
            continue;
        }
        let mut digits = String::new();
        while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
            digits.push(*d);
            chars.next();
        }
        match digits.parse::<usize>() {
            Ok(n) => out.push_str(&format!("${}", n - shift)),
            Err(_) => out.push('$'),
        }
    }
    out
}

fn counting_sql(
    table: &TableRef,
    (geometry, other_geometry): (&str, &str),
    filter: &str,
    query: &ZoneQuery,
    next: usize,
) -> String {
    let g = quote_ident(geometry);
    let value = match &query.field {
        Some(f) => format!("{}::float8", quote_ident(f)),
        None => "NULL::float8".into(),
    };
    let near = match &query.near {
        Some((other, _)) => {
            let (o, m) = (qualified(other), format!("${}::float8", next + 1));
            let og = quote_ident(other_geometry);
            // The other table's index meets the point's box widened by the distance (in
            // Lambert-93, brought back to the table's system); the exact test is in Lambert-93.
            format!(
                "EXISTS (SELECT 1 FROM {o} AS o WHERE o.{og} && ST_Transform(ST_Expand(\
                 ST_Transform(p.{g}, 2154), {m}), COALESCE(NULLIF((SELECT ST_SRID(x.{og}) \
                 FROM {o} AS x WHERE x.{og} IS NOT NULL LIMIT 1), 0), 4326)) \
                 AND ST_DWithin(ST_Transform(o.{og}, 2154), ST_Transform(p.{g}, 2154), {m}))"
            )
        }
        None => "FALSE".into(),
    };
    let (dx, dy) = NUDGE;
    format!(
        "WITH z AS (SELECT i, ST_GeomFromWKB(w, 4326) AS g FROM unnest($1::int4[], $2::bytea[]) AS u(i, w)), \
         zn AS (SELECT i, g, ST_Expand(ST_Envelope(ST_Transform(g, \
                COALESCE(NULLIF((SELECT ST_SRID({g}) FROM {t} WHERE {g} IS NOT NULL LIMIT 1), 0), 4326))), 1e-6) AS b FROM z) \
         SELECT zn.i, count(*), sum(q.v), count(q.v), count(*) FILTER (WHERE q.near) \
         FROM zn JOIN LATERAL (SELECT {value} AS v, {near} AS near FROM {t} AS p \
              WHERE p.{g} && zn.b AND {filter} \
              AND ST_Contains(zn.g, ST_Translate(ST_Transform(p.{g}, 4326), {dx:e}, {dy:e})) \
              AND NOT EXISTS (SELECT 1 FROM zn AS e WHERE e.i < zn.i AND p.{g} && e.b \
                  AND ST_Contains(e.g, ST_Translate(ST_Transform(p.{g}, 4326), {dx:e}, {dy:e})))) AS q ON TRUE \
         GROUP BY zn.i",
        t = qualified(table),
    )
}

fn collect(rows: Vec<postgres::Row>, zones: usize, total: usize, query: &ZoneQuery) -> ZoneCounts {
    let mut counts = vec![0usize; zones];
    let mut near = vec![0usize; zones];
    let mut sums = vec![FieldSum::default(); zones];
    for row in rows {
        let Ok(i) = row.try_get::<_, i32>(0) else {
            continue;
        };
        let Some(z) = usize::try_from(i).ok().filter(|&z| z < zones) else {
            continue;
        };
        counts[z] = row.try_get::<_, i64>(1).unwrap_or(0).max(0) as usize;
        sums[z] = FieldSum {
            sum: row
                .try_get::<_, Option<f64>>(2)
                .ok()
                .flatten()
                .unwrap_or(0.0),
            values: row.try_get::<_, i64>(3).unwrap_or(0).max(0) as usize,
        };
        near[z] = row.try_get::<_, i64>(4).unwrap_or(0).max(0) as usize;
    }
    let inside: usize = counts.iter().sum();
    ZoneCounts {
        counts,
        near_counts: query.near.is_some().then_some(near),
        sums: query.field.clone().map(|f| (f, sums)),
        total,
        outside: total.saturating_sub(inside),
    }
}
