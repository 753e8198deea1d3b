//! Zone statistics computed in the database: the zones (from the app's own dataset, sent as
//! WKB so both sides use the same coordinates) and the grid of cells the local computation
//! decides most points with meet the counted table in one pass; counts, sums and nearness come
//! back per zone. A point on a border shared by two zones goes
//! to the zone east of it (north for an east–west border), as the local computation does: the
//! test is made on the point nudged a hair east and north.

use postgres::types::ToSql;

use super::browse::{qualified, quote_ident};
use super::{PgError, Session, TableRef};
use crate::analysis::zone_sums::FieldSum;
use crate::analysis::zones::{ZoneCounts, zone_polygons};
use crate::data::Dataset;
use crate::filter::Expr;
use crate::filter::spatial::{ZoneCells, zone_cells};
use crate::filter::sql::to_sql;

/// The nudge, in degrees (about 0.1 mm): east, and far less north, so that only a border
/// exactly through the point decides differently from its plain position.
const NUDGE: (f64, f64) = (1e-9, 1e-12);

/// The group of the rows the filter leaves out.
const FILTERED: i32 = -2;

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
    let counted = Counted::describe(client, &query.table, cx)?;
    let wkb = zone_wkb(zones);
    let mut params: Vec<Box<dyn ToSql + Sync>> = vec![Box::new(wkb.clone())];
    let (filter, filter_count) = match &query.filter {
        Some(expr) => {
            let kind_of = |field: &str| counted.kind_of(field);
            let printed =
                to_sql(expr, &kind_of, 1).map_err(|_| PgError::UnknownColumn(name.clone()))?;
            params.extend(super::bound(&printed.params));
            (printed.sql, printed.params.len())
        }
        None => ("TRUE".into(), 0),
    };
    let other_geometry = match &query.near {
        Some((other, _)) => geometry_column(client, other, cx)?,
        None => String::new(),
    };
    let fail = |e: postgres::Error| PgError::of(&e, cx);
    let grid = zone_cells(
        zones,
        &zone_polygons(zones),
        estimated_rows(client, &query.table),
    );
    let (rows, total) = match grid {
        Some(grid) => {
            let next = params.len();
            let longest = grid
                .starts
                .windows(2)
                .map(|w| (w[1] - w[0]).max(0) as usize)
                .max();
            push_grid(&mut params, grid);
            if let Some((_, metres)) = &query.near {
                params.push(Box::new(*metres));
            }
            let sql = counting_sql(
                &counted,
                &other_geometry,
                &filter,
                query,
                (next, longest.unwrap_or(0)),
            );
            let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|b| b.as_ref()).collect();
            let rows = grouped(client, &sql, &refs).map_err(fail)?;
            // The rows in no zone (or without a position) come back as a group of their own;
            // those the filter leaves out, as another.
            let total = rows
                .iter()
                .filter(|row| row.try_get::<_, Option<i32>>(0).ok().flatten() != Some(FILTERED))
                .map(|row| row.try_get::<_, i64>(1).unwrap_or(0).max(0) as usize)
                .sum();
            (rows, total)
        }
        None => {
            let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|b| b.as_ref()).collect();
            let total_sql = format!(
                "SELECT count(*) FROM {} AS p WHERE {filter}",
                qualified(&query.table)
            );
            let total = client
                .query_one(&renumber(&total_sql, 1), &refs[1..1 + filter_count])
                .map_err(fail)?
                .try_get::<_, i64>(0)
                .unwrap_or(0)
                .max(0) as usize;
            (Vec::new(), total)
        }
    };
    Ok(collect(rows, wkb.len(), total, query))
}

/// Runs the counting query. About fifty groups, which the planner cannot know: without a hint
/// it sorts every row before grouping instead of counting in each worker.
fn grouped(
    client: &mut postgres::Client,
    sql: &str,
    params: &[&(dyn ToSql + Sync)],
) -> Result<Vec<postgres::Row>, postgres::Error> {
    let mut transaction = client.transaction()?;
    transaction.batch_execute("SET LOCAL enable_sort = off; SET LOCAL work_mem = '64MB'")?;
    let rows = transaction.query(sql, params)?;
    transaction.commit()?;
    Ok(rows)
}

/// The counted table as the counting query needs it.
struct Counted {
    table: TableRef,
    columns: Vec<super::PgColumn>,
    geometry: String,
    /// Its system (WGS 84 when it says none).
    srid: i32,
    /// Its geometry column is declared as points.
    points_only: bool,
}

impl Counted {
    fn describe(
        client: &mut postgres::Client,
        table: &TableRef,
        cx: super::Context,
    ) -> Result<Self, PgError> {
        let columns = super::columns(client, table, cx)?;
        let geometry = columns
            .iter()
            .find(|c| c.type_name == "geometry")
            .map(|c| c.name.clone())
            .ok_or_else(|| PgError::UnknownTable(table.to_string()))?;
        let fail = |e: postgres::Error| PgError::of(&e, cx);
        let srid_sql = format!(
            "SELECT ST_SRID({g}) FROM {t} WHERE {g} IS NOT NULL LIMIT 1",
            g = quote_ident(&geometry),
            t = qualified(table)
        );
        let srid = client
            .query_opt(&srid_sql, &[])
            .map_err(fail)?
            .and_then(|row| row.try_get::<_, i32>(0).ok())
            .filter(|&s| s != 0)
            .unwrap_or(4326);
        let points_only = client
            .query_opt(
                "SELECT type FROM geometry_columns WHERE f_table_schema = $1 \
                 AND f_table_name = $2 AND f_geometry_column = $3",
                &[&schema_of(table), &table.table, &geometry],
            )
            .map_err(fail)?
            .and_then(|row| row.try_get::<_, String>(0).ok())
            .is_some_and(|t| t.eq_ignore_ascii_case("POINT"));
        Ok(Self {
            table: table.clone(),
            columns,
            geometry,
            srid,
            points_only,
        })
    }

    fn kind_of(&self, field: &str) -> Option<crate::data::FieldType> {
        self.columns
            .iter()
            .find(|c| c.name == field)
            .map(|c| super::load::kind_of(&c.type_name))
    }

    /// The point each feature is counted by, in WGS 84.
    fn point(&self) -> String {
        let g = quote_ident(&self.geometry);
        let point = if self.points_only {
            format!("p.{g}")
        } else {
            format!(
                "CASE WHEN GeometryType(p.{g}) = 'POINT' THEN p.{g} ELSE ST_PointOnSurface(p.{g}) END"
            )
        };
        if self.srid == 4326 {
            point
        } else {
            format!("ST_Transform(ST_SetSRID({point}, {}), 4326)", self.srid)
        }
    }
}

/// The geometry column of `table`.
fn geometry_column(
    client: &mut postgres::Client,
    table: &TableRef,
    cx: super::Context,
) -> Result<String, PgError> {
    super::columns(client, table, cx)?
        .into_iter()
        .find(|c| c.type_name == "geometry")
        .map(|c| c.name)
        .ok_or_else(|| PgError::UnknownTable(table.to_string()))
}

/// The filter's placeholders start at `$2` in the counting query; alone they start at `$1`.
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

/// The planner's row count of `table` (sizes the grid as the local computation would for it).
fn estimated_rows(client: &mut postgres::Client, table: &TableRef) -> usize {
    let sql = "SELECT c.reltuples::float8 FROM pg_class c JOIN pg_namespace n \
               ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2";
    client
        .query_opt(sql, &[&schema_of(table), &table.table])
        .ok()
        .flatten()
        .and_then(|row| row.try_get::<_, f64>(0).ok())
        .filter(|n| n.is_finite() && *n > 0.0)
        .map_or(100_000, |n| n as usize)
}

/// The table's schema (`public` when unnamed).
fn schema_of(table: &TableRef) -> &str {
    if table.schema.is_empty() {
        "public"
    } else {
        &table.schema
    }
}

/// The grid's numbers, bound in the order [`counting_sql`] reads them. The cells get a border of
/// empty cells all round, so that a point off the grid is clamped into it with no test: per
/// padded cell, the zone holding it whole (-1 otherwise: an array without NULLs is read in
/// constant time), and where its candidates start in
/// `lists` and how many there are (none for a whole or empty cell).
fn push_grid(params: &mut Vec<Box<dyn ToSql + Sync>>, grid: ZoneCells) {
    let (nx, ny) = (grid.nx as usize, grid.ny as usize);
    let padded = (nx + 2) * (ny + 2);
    let mut whole = vec![-1i32; padded];
    let mut start = vec![0i32; padded];
    let mut count = vec![0i32; padded];
    for (cell, &c) in grid.cells.iter().enumerate() {
        let at = (cell / nx + 1) * (nx + 2) + cell % nx + 1;
        if c >= 0 {
            whole[at] = c;
        } else if c <= -2 {
            let m = (-2 - c) as usize;
            let (a, b) = (grid.starts[m], grid.starts[m + 1]);
            start[at] = a;
            count[at] = b - a;
        }
    }
    params.push(Box::new(whole));
    params.push(Box::new(start));
    params.push(Box::new(count));
    params.push(Box::new(grid.lists));
    params.push(Box::new(grid.lon0));
    params.push(Box::new(grid.lat0));
    // The far corner, for `width_bucket`: one call per axis instead of a floor and two clamps
    // (a point off the grid falls in the border; one a hair across a cell edge from where the
    // local grid puts it lands in a neighbouring cell, which holds the same zone or tests it).
    params.push(Box::new(grid.lon0 + f64::from(grid.nx) / grid.per_lon));
    params.push(Box::new(grid.lat0 + f64::from(grid.ny) / grid.per_lat));
    params.push(Box::new(grid.nx));
    params.push(Box::new(grid.ny));
}

/// Whether the point `p.{g}` lies within the distance (parameter `$distance`) of a feature of
/// `other`. The other table's index meets the point's box widened by the distance (in
/// Lambert-93, brought back to the table's system); the exact test is in Lambert-93.
fn near_sql(g: &str, other: &TableRef, other_geometry: &str, distance: usize) -> String {
    let (o, m) = (qualified(other), format!("${distance}::float8"));
    let og = quote_ident(other_geometry);
    format!(
        "EXISTS (SELECT 1 FROM {o} AS o WHERE o.{og} && ST_Transform(ST_Expand(\
         ST_Transform(p.{g}, 2154), {m}), COALESCE(NULLIF((SELECT ST_SRID(x.{og}) \
         FROM {o} AS x WHERE x.{og} IS NOT NULL LIMIT 1), 0), 4326)) \
         AND ST_DWithin(ST_Transform(o.{og}, 2154), ST_Transform(p.{g}, 2154), {m}))"
    )
}

/// One pass over the counted table (parallel where the server allows): the cell of each point
/// gives its zone, as in the local computation; only points in a cell an outline crosses are
/// tested against the candidate zones, in order, on the point nudged a hair east and north.
fn counting_sql(
    counted: &Counted,
    other_geometry: &str,
    filter: &str,
    query: &ZoneQuery,
    (next, longest_list): (usize, usize),
) -> String {
    let g = quote_ident(&counted.geometry);
    let value = match &query.field {
        Some(f) => format!("{}::float8", quote_ident(f)),
        None => "NULL::float8".into(),
    };
    let [whole, start, count, lists, lon0, lat0, lon1, lat1, nx, ny] =
        std::array::from_fn(|k| format!("${}", next + 1 + k));
    // The arrays are read through sub-queries the server computes once and hands its workers,
    // rather than as constants copied into the plan wherever they are used.
    let [whole, start, count, lists] =
        [whole, start, count, lists].map(|p| format!("(SELECT {p}::int4[])"));
    let near = match &query.near {
        Some((other, _)) => near_sql(&g, other, other_geometry, next + 11),
        None => "FALSE".into(),
    };
    let pt = format!("({})", counted.point());
    let (dx, dy) = NUDGE;
    // The padded cell of the point, computed as the local grid computes it.
    let cell = format!(
        "(width_bucket(NULLIF(ST_Y({pt}), 'NaN'), {lat0}::float8, {lat1}::float8, {ny}::int4) * ({nx}::int4 + 2) \
          + width_bucket(NULLIF(ST_X({pt}), 'NaN'), {lon0}::float8, {lon1}::float8, {nx}::int4) + 1)"
    );
    // The candidates of a crossed cell, tried in order (unrolled: a sub-query per point would
    // keep the server from sharing the scan between its workers).
    let tries: String = (1..=longest_list.max(1))
        .map(|j| {
            format!(
                "WHEN (CASE WHEN {count}[{cell}] >= {j} THEN ST_Contains(ST_GeomFromWKB((SELECT $1::bytea[])\
                 [{lists}[{start}[{cell}] + {j}] + 1], 4326), ST_Translate({pt}, {dx:e}, {dy:e})) \
                 ELSE FALSE END) THEN {lists}[{start}[{cell}] + {j}] "
            )
        })
        .collect();
    let zone = format!("COALESCE(NULLIF({whole}[{cell}], -1), CASE {tries}END)");
    // The filter decides the group rather than the rows read: the table is then read at the
    // union's own level, where the workers share the scan (a condition there would make it a
    // sub-query of its own, which the server reads apart from them).
    let (zone, near) = if query.filter.is_none() {
        (zone, near)
    } else {
        (
            format!("CASE WHEN {filter} THEN {zone} ELSE {FILTERED} END"),
            format!("(({filter}) AND {near})"),
        )
    };
    // The rows come through a union with an empty set: the server then sees the zone as a
    // column of unknown spread rather than one value per point, computes it once per point,
    // and lets each of its workers count its share before they are added up.
    format!(
        "SELECT zone, count(*), {sums}, {near_count} FROM (\
           SELECT {value} AS v, {near} AS near, {zone} AS zone FROM {t} AS p \
           UNION ALL SELECT NULL::float8, FALSE, NULL::int4 FROM generate_series(1, 0)\
         ) AS r GROUP BY zone",
        t = qualified(&counted.table),
        // Only the figures asked for are summed up.
        sums = if query.field.is_some() {
            "sum(v), count(v)"
        } else {
            "NULL::float8, 0::int8"
        },
        near_count = if query.near.is_some() {
            "count(*) FILTER (WHERE near)"
        } else {
            "0::int8"
        },
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
