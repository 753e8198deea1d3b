//! GeoPackage reader (OGC 12-128): every vector table listed in `gpkg_contents`, its geometry
//! column decoded from the GeoPackage binary header and WKB, its other columns typed from their
//! declared SQL types, its CRS from `gpkg_spatial_ref_sys`.

mod binary;
mod write;

pub use write::{write_gpkg, write_gpkg_rows};

#[cfg(test)]
mod tests;

use std::path::Path;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};

use super::{RawSource, SourceError};
use crate::data::{ColumnBuilder, DatasetBuilder, IssueKind};
use crate::jobs::Progress;

/// Rows between two progress reports and cancellation checks.
const CHECK_EVERY: u64 = 10_000;

/// A vector table of a GeoPackage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GpkgLayer {
    /// The table name (what `--layer` names).
    pub name: String,
    /// Its geometry column.
    pub geometry: String,
    /// Its CRS id in `gpkg_spatial_ref_sys`.
    pub srs_id: i64,
    /// Its rows.
    pub count: u64,
}

/// Opens `path` read-only as a GeoPackage; a file that is not one is told as such.
fn open(path: &Path) -> Result<Connection, SourceError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let db = Connection::open_with_flags(path, flags).map_err(|e| not_gpkg(path, &e))?;
    // A file SQLite cannot read, or a database without the GeoPackage tables.
    db.query_row("SELECT count(*) FROM gpkg_contents", [], |_| Ok(()))
        .map_err(|e| not_gpkg(path, &e))?;
    Ok(db)
}

fn not_gpkg(path: &Path, e: &rusqlite::Error) -> SourceError {
    log::info!("{}: {e}", path.display());
    SourceError::format("err-gpkg-not", &[])
}

/// The vector tables of the GeoPackage at `path`, in the order of `gpkg_contents`.
pub fn gpkg_layers(path: &Path) -> Result<Vec<GpkgLayer>, SourceError> {
    let db = open(path)?;
    layers(&db).map_err(|e| not_gpkg(path, &e))
}

fn layers(db: &Connection) -> rusqlite::Result<Vec<GpkgLayer>> {
    let mut statement = db.prepare(
        "SELECT c.table_name, g.column_name, g.srs_id FROM gpkg_contents c \
         JOIN gpkg_geometry_columns g ON g.table_name = c.table_name \
         WHERE c.data_type = 'features' ORDER BY c.rowid",
    )?;
    let rows = statement.query_map([], |r| {
        Ok(GpkgLayer {
            name: r.get(0)?,
            geometry: r.get(1)?,
            srs_id: r.get(2)?,
            count: 0,
        })
    })?;
    let mut out: Vec<GpkgLayer> = rows.collect::<rusqlite::Result<_>>()?;
    for layer in &mut out {
        let sql = format!("SELECT count(*) FROM {}", quoted(&layer.name));
        layer.count = db.query_row(&sql, [], |r| r.get::<_, i64>(0))?.max(0) as u64;
    }
    Ok(out)
}

/// An SQL identifier in double quotes, its own quotes doubled.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Reads one vector table of the GeoPackage at `path`: `layer` by name, else the first listed.
pub fn read_gpkg(
    path: &Path,
    layer: Option<&str>,
    progress: &Progress,
) -> Result<RawSource, SourceError> {
    let db = open(path)?;
    let all = layers(&db).map_err(|e| not_gpkg(path, &e))?;
    let chosen = match layer {
        Some(name) => all.iter().find(|l| l.name == name).ok_or_else(|| {
            let names: Vec<&str> = all.iter().map(|l| l.name.as_str()).collect();
            SourceError::format(
                "err-layer-missing",
                &[("layer", name), ("layers", &names.join(", "))],
            )
        })?,
        None => all
            .first()
            .ok_or_else(|| SourceError::format("err-gpkg-empty", &[]))?,
    };
    progress.set_total(chosen.count);
    let crs = crs_of(&db, chosen.srs_id);
    let builder = read_table(&db, chosen, progress).map_err(|e| match e {
        Read::Cancelled => SourceError::Cancelled,
        Read::Sql(e) => {
            log::warn!("{}: {e}", path.display());
            SourceError::format("err-gpkg-read", &[("layer", &chosen.name)])
        }
    })?;
    Ok(RawSource { builder, crs })
}

/// The CRS of `srs_id`: an EPSG code when the organisation is EPSG, else its WKT; none for the
/// undefined systems (0 and −1).
fn crs_of(db: &Connection, srs_id: i64) -> Option<String> {
    if srs_id <= 0 {
        return None;
    }
    let (organization, code, definition): (String, i64, String) = db
        .query_row(
            "SELECT organization, organization_coordsys_id, definition \
             FROM gpkg_spatial_ref_sys WHERE srs_id = ?1",
            [srs_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .ok()?;
    if organization.eq_ignore_ascii_case("EPSG") && code > 0 {
        Some(format!("EPSG:{code}"))
    } else {
        let definition = definition.trim();
        (!definition.is_empty() && definition != "undefined").then(|| definition.to_owned())
    }
}

/// Why a table could not be read whole.
enum Read {
    Cancelled,
    Sql(rusqlite::Error),
}

impl From<rusqlite::Error> for Read {
    fn from(e: rusqlite::Error) -> Self {
        Self::Sql(e)
    }
}

/// How a column's cells are stored, from its declared SQL type.
#[derive(Clone, Copy)]
enum Cell {
    Geometry,
    /// Read by value type (INTEGER, REAL, TEXT); dates and booleans by their declared type.
    Plain,
    Date,
    Boolean,
    /// BLOBs other than the geometry are left out.
    Skipped,
}

/// The integer primary key of a table: the feature id, as GIS tools show it, not a field.
fn feature_id(db: &Connection, table: &str) -> rusqlite::Result<Option<String>> {
    let mut statement = db.prepare(&format!("PRAGMA table_info({})", quoted(table)))?;
    let mut keys = statement
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(5)?,
            ))
        })?
        .filter_map(Result::ok)
        .filter(|(_, _, pk)| *pk > 0);
    Ok(match (keys.next(), keys.next()) {
        (Some((name, declared, _)), None) if declared.eq_ignore_ascii_case("INTEGER") => Some(name),
        _ => None,
    })
}

fn read_table(
    db: &Connection,
    layer: &GpkgLayer,
    progress: &Progress,
) -> Result<DatasetBuilder, Read> {
    let fid = feature_id(db, &layer.name)?;
    let mut statement = db.prepare(&format!("SELECT * FROM {}", quoted(&layer.name)))?;
    let cells: Vec<Cell> = statement
        .columns()
        .iter()
        .map(|c| {
            let declared = c.decl_type().unwrap_or("").to_ascii_uppercase();
            if c.name() == layer.geometry {
                Cell::Geometry
            } else if fid.as_deref() == Some(c.name()) {
                Cell::Skipped
            } else if declared.starts_with("DATE") {
                Cell::Date
            } else if declared == "BOOLEAN" {
                Cell::Boolean
            } else if declared == "BLOB" {
                Cell::Skipped
            } else {
                Cell::Plain
            }
        })
        .collect();
    let mut builder = DatasetBuilder::new(true);
    let names: Vec<String> = statement
        .column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    let columns: Vec<Option<usize>> = names
        .iter()
        .zip(&cells)
        .map(|(name, cell)| {
            (!matches!(cell, Cell::Geometry | Cell::Skipped)).then(|| builder.add_column(name))
        })
        .collect();
    let mut rows = statement.query([])?;
    let (mut read, mut unreadable) = (0u64, 0usize);
    while let Some(row) = rows.next()? {
        for (i, cell) in cells.iter().enumerate() {
            let value = row.get_ref(i)?;
            match (cell, columns[i]) {
                (Cell::Geometry, _) => {
                    if !binary::push_geometry(value, &mut builder.geometry) {
                        unreadable += 1;
                    }
                }
                (_, Some(c)) => push_cell(builder.column(c), *cell, value),
                (_, None) => {}
            }
        }
        if !cells.iter().any(|c| matches!(c, Cell::Geometry)) {
            builder.geometry.push_empty();
        }
        builder.end_row();
        read += 1;
        if read.is_multiple_of(CHECK_EVERY) {
            progress.add_items(CHECK_EVERY);
            progress.add_done(CHECK_EVERY);
            if progress.is_cancelled() {
                return Err(Read::Cancelled);
            }
        }
    }
    progress.add_items(read % CHECK_EVERY);
    progress.add_done(read % CHECK_EVERY);
    if unreadable > 0 {
        let message = crate::i18n::tr_count("issue-gpkg-geometry", unreadable as u64, &[]);
        (0..unreadable)
            .for_each(|_| builder.add_issue(IssueKind::NullGeometry, || message.clone()));
    }
    Ok(builder)
}

/// One attribute cell, typed by SQLite's storage class (dates and booleans by declaration).
fn push_cell(column: &mut ColumnBuilder, cell: Cell, value: ValueRef) {
    match (cell, value) {
        (_, ValueRef::Null) => column.push_null(),
        (Cell::Boolean, ValueRef::Integer(i)) => column.push_bool(i != 0),
        (_, ValueRef::Integer(i)) => column.push_int(i),
        (_, ValueRef::Real(x)) => column.push_float(x),
        (Cell::Date, ValueRef::Text(t)) => column.push_inferred(&String::from_utf8_lossy(t)),
        (_, ValueRef::Text(t)) => column.push_text(&String::from_utf8_lossy(t)),
        (_, ValueRef::Blob(_)) => column.push_null(),
    }
}
