//! Writes datasets as the vector tables of a GeoPackage (WGS 84, EPSG:4326), each with its
//! typed columns, its geometries as GeoPackage blobs and an R-tree-free header; the file appears
//! complete or not at all.

use std::path::Path;

use rusqlite::types::Value as Sql;
use rusqlite::{Connection, params_from_iter};

use crate::data::{Dataset, FieldType, GeomKind, GeometryColumn, Value};

/// The tables every GeoPackage holds, and WGS 84 declared in its CRS table.
const SCHEMA: &str = "
PRAGMA application_id = 1196444487;
PRAGMA user_version = 10400;
CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY,
  organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL,
  definition TEXT NOT NULL, description TEXT);
CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,
  identifier TEXT UNIQUE, description TEXT DEFAULT '',
  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER);
CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL,
  geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL,
  m TINYINT NOT NULL, CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name));
INSERT INTO gpkg_spatial_ref_sys VALUES
  ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', NULL),
  ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', NULL),
  ('WGS 84 geodetic', 4326, 'EPSG', 4326, 'GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563]],PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433]]', NULL);
";

/// Writes `layers` (table name, data) to a new GeoPackage at `path`, replacing the file.
pub fn write_gpkg(path: &Path, layers: &[(&str, &Dataset)]) -> std::io::Result<()> {
    create(path, |db| {
        for (name, dataset) in layers {
            write_layer(db, name, dataset, &(0..dataset.len()).collect::<Vec<_>>())?;
        }
        Ok(())
    })
}

/// Writes `rows` of `dataset` as the one table `name` of a new GeoPackage at `path`.
pub fn write_gpkg_rows(
    path: &Path,
    name: &str,
    dataset: &Dataset,
    rows: impl Iterator<Item = usize>,
) -> std::io::Result<()> {
    let rows: Vec<usize> = rows.collect();
    create(path, |db| write_layer(db, name, dataset, &rows))
}

/// A new GeoPackage filled by `fill` in a temporary file, then moved to `path`.
fn create(
    path: &Path,
    fill: impl FnOnce(&mut Connection) -> rusqlite::Result<()>,
) -> std::io::Result<()> {
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
    let temp = tempfile::Builder::new()
        .suffix(".gpkg")
        .tempfile_in(folder.unwrap_or(Path::new(".")))?;
    {
        let mut db = Connection::open(temp.path()).map_err(std::io::Error::other)?;
        db.execute_batch(SCHEMA).map_err(std::io::Error::other)?;
        fill(&mut db).map_err(std::io::Error::other)?;
        db.close().map_err(|(_, e)| std::io::Error::other(e))?;
    }
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

fn write_layer(
    db: &mut Connection,
    name: &str,
    ds: &Dataset,
    rows: &[usize],
) -> rusqlite::Result<()> {
    let table = super::quoted(name);
    let mut columns = vec![
        "fid INTEGER PRIMARY KEY AUTOINCREMENT".to_owned(),
        "geom BLOB".to_owned(),
    ];
    columns.extend(ds.columns.iter().map(|c| {
        let sql = match c.field_type() {
            FieldType::Integer => "INTEGER",
            FieldType::Float => "DOUBLE",
            FieldType::Text => "TEXT",
            FieldType::Boolean => "BOOLEAN",
            FieldType::Date => "DATE",
            FieldType::Datetime => "DATETIME",
        };
        format!("{} {sql}", super::quoted(&c.name))
    }));
    let transaction = db.transaction()?;
    transaction.execute(
        &format!("CREATE TABLE {table} ({})", columns.join(", ")),
        [],
    )?;
    let extent = ds.geometry.extent_of(rows.iter().copied());
    transaction.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, min_x, min_y, max_x, max_y, srs_id) \
         VALUES (?1, 'features', ?1, ?2, ?3, ?4, ?5, 4326)",
        rusqlite::params![name, extent.map(|e| e[0]), extent.map(|e| e[1]), extent.map(|e| e[2]), extent.map(|e| e[3])],
    )?;
    transaction.execute(
        "INSERT INTO gpkg_geometry_columns VALUES (?1, 'geom', ?2, 4326, 0, 0)",
        rusqlite::params![name, type_name(&ds.geometry)],
    )?;
    {
        let marks = vec!["?"; ds.columns.len() + 1].join(", ");
        let names: Vec<String> = ds.columns.iter().map(|c| super::quoted(&c.name)).collect();
        let fields = std::iter::once("geom".to_owned())
            .chain(names)
            .collect::<Vec<_>>()
            .join(", ");
        let mut insert =
            transaction.prepare(&format!("INSERT INTO {table} ({fields}) VALUES ({marks})"))?;
        for &row in rows {
            let geometry = blob(&ds.geometry, row).map_or(Sql::Null, Sql::Blob);
            let cells = ds.columns.iter().map(|c| sql_value(c.value(row)));
            insert.execute(params_from_iter(std::iter::once(geometry).chain(cells)))?;
        }
    }
    transaction.commit()
}

/// The type written in `gpkg_geometry_columns`: the one kind of every feature, else GEOMETRY.
fn type_name(geometry: &GeometryColumn) -> &'static str {
    let mut kinds = (0..geometry.len())
        .map(|i| geometry.kind(i))
        .filter(|k| *k != GeomKind::Empty);
    let Some(first) = kinds.next() else {
        return "GEOMETRY";
    };
    if kinds.all(|k| k == first) {
        match first {
            GeomKind::Point => "POINT",
            GeomKind::LineString => "LINESTRING",
            GeomKind::Polygon => "POLYGON",
            GeomKind::MultiPoint => "MULTIPOINT",
            GeomKind::MultiLineString => "MULTILINESTRING",
            GeomKind::MultiPolygon => "MULTIPOLYGON",
            GeomKind::Empty => "GEOMETRY",
        }
    } else {
        "GEOMETRY"
    }
}

fn sql_value(value: Value) -> Sql {
    match value {
        Value::Null => Sql::Null,
        Value::Integer(i) => Sql::Integer(i),
        Value::Float(x) => Sql::Real(x),
        Value::Text(t) => Sql::Text(t.to_owned()),
        Value::Boolean(b) => Sql::Integer(i64::from(b)),
        Value::Date(_) | Value::DateTime(_) => Sql::Text(value.to_string()),
    }
}

/// The GeoPackage blob of feature `i`: header (little endian, no envelope, SRS 4326) then WKB;
/// `None` for a feature without geometry.
fn blob(geometry: &GeometryColumn, i: usize) -> Option<Vec<u8>> {
    let kind = geometry.kind(i);
    if kind == GeomKind::Empty {
        return None;
    }
    let mut out = b"GP\0\x01".to_vec();
    out.extend(4326i32.to_le_bytes());
    let parts: Vec<Vec<&[[f64; 2]]>> = geometry.parts(i).map(|p| p.collect()).collect();
    let simple = |out: &mut Vec<u8>, code: u32, rings: &[&[[f64; 2]]]| {
        out.push(1);
        out.extend(code.to_le_bytes());
        match code {
            1 => coords(
                out,
                rings.first().copied().unwrap_or(&[]).iter().take(1),
                false,
            ),
            2 => coords(out, rings.first().copied().unwrap_or(&[]).iter(), true),
            _ => {
                out.extend((rings.len() as u32).to_le_bytes());
                for ring in rings {
                    coords(out, ring.iter(), true);
                }
            }
        }
    };
    let (code, multi) = match kind {
        GeomKind::Point => (1u32, false),
        GeomKind::LineString => (2, false),
        GeomKind::Polygon => (3, false),
        GeomKind::MultiPoint => (1, true),
        GeomKind::MultiLineString => (2, true),
        GeomKind::MultiPolygon | GeomKind::Empty => (3, true),
    };
    if multi {
        out.push(1);
        out.extend((code + 3).to_le_bytes());
        out.extend((parts.len() as u32).to_le_bytes());
        for part in &parts {
            simple(&mut out, code, part);
        }
    } else {
        simple(&mut out, code, parts.first().map_or(&[][..], Vec::as_slice));
    }
    Some(out)
}

/// Positions, preceded by their count when `counted`.
fn coords<'a>(
    out: &mut Vec<u8>,
    positions: impl ExactSizeIterator<Item = &'a [f64; 2]>,
    counted: bool,
) {
    if counted {
        out.extend((positions.len() as u32).to_le_bytes());
    }
    for p in positions {
        out.extend(p[0].to_le_bytes());
        out.extend(p[1].to_le_bytes());
    }
}
