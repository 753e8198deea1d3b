//! Reading an MBTiles file (raster tiles in SQLite): its metadata (name, attribution, zooms,
//! bounds, format) and one tile at a time, rows counted from the south (TMS).

use std::path::Path;

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use super::{TileKey, TileMeta, TileSourceError};

/// An open MBTiles file.
pub struct MbTiles {
    conn: Connection,
    meta: TileMeta,
}

impl MbTiles {
    /// Opens `path` read-only and reads its metadata.
    pub fn open(path: &Path) -> Result<Self, TileSourceError> {
        if !path.is_file() {
            return Err(std::io::Error::from(std::io::ErrorKind::NotFound).into());
        }
        let bad = |e: rusqlite::Error| TileSourceError::NotMbTiles(e.to_string());
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(bad)?;
        let values = metadata(&conn).map_err(bad)?;
        let get = |name: &str| {
            values
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        if get("format").is_some_and(|f| f == "pbf" || f == "mvt") {
            return Err(TileSourceError::VectorTiles);
        }
        let (low, high): (Option<i64>, Option<i64>) = conn
            .query_row(
                "SELECT MIN(zoom_level), MAX(zoom_level) FROM tiles",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(bad)?;
        let zoom = |key: &str, found: Option<i64>, default: u8| {
            get(key)
                .and_then(|v| v.parse::<u8>().ok())
                .or(found.and_then(|z| u8::try_from(z).ok()))
                .unwrap_or(default)
                .min(24)
        };
        let meta = TileMeta {
            attribution: get("attribution"),
            name: get("name"),
            min_zoom: zoom("minzoom", low, 0),
            max_zoom: zoom("maxzoom", high, 19),
            bounds: get("bounds").and_then(|b| parse_bounds(&b)),
        };
        Ok(Self { conn, meta })
    }

    /// What the file says about itself.
    pub fn meta(&self) -> &TileMeta {
        &self.meta
    }

    /// The bytes of tile `key`, `None` when the file does not have it.
    pub fn tile(&self, key: TileKey) -> rusqlite::Result<Option<Vec<u8>>> {
        if !key.valid() {
            return Ok(None);
        }
        let row = (1u64 << key.zoom) - 1 - u64::from(key.y);
        self.conn
            .query_row(
                "SELECT tile_data FROM tiles WHERE zoom_level=?1 AND tile_column=?2 AND tile_row=?3",
                params![key.zoom, key.x, row as i64],
                |r| r.get::<_, Vec<u8>>(0),
            )
            .optional()
    }
}

/// The `metadata` table's pairs (none when the table is missing).
fn metadata(conn: &Connection) -> rusqlite::Result<Vec<(String, String)>> {
    let has = conn
        .query_row(
            "SELECT 1 FROM sqlite_master WHERE name='metadata'",
            [],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    if !has {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare("SELECT name, value FROM metadata")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0).unwrap_or_default(),
            r.get::<_, String>(1).unwrap_or_default(),
        ))
    })?;
    Ok(rows.flatten().collect())
}

/// `minlon,minlat,maxlon,maxlat` as numbers.
pub fn parse_bounds(text: &str) -> Option<[f64; 4]> {
    let v: Vec<f64> = text
        .split(',')
        .map(|p| p.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .ok()?;
    let b: [f64; 4] = v.try_into().ok()?;
    (b.iter().all(|x| x.is_finite()) && b[0] < b[2] && b[1] < b[3]).then_some(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::tiles::mbtiles_write::MbTilesWriter;

    #[test]
    fn tiles_are_found_by_rows_counted_from_the_south() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("kit.mbtiles");
        let mut writer = MbTilesWriter::create(&path, "Kit", "© Essai").expect("create");
        let key = TileKey {
            zoom: 2,
            x: 1,
            y: 0,
        };
        writer.put(key, b"\x89PNG one").expect("put");
        writer
            .finish([-1.0, 47.0, 0.0, 48.0], 2, 2)
            .expect("finish");
        // The row on disk is 2^2 - 1 - 0 = 3.
        let conn = Connection::open(&path).expect("raw");
        let row: i64 = conn
            .query_row("SELECT tile_row FROM tiles", [], |r| r.get(0))
            .expect("row");
        assert_eq!(row, 3);
        let file = MbTiles::open(&path).expect("open");
        assert_eq!(file.tile(key).expect("read"), Some(b"\x89PNG one".to_vec()));
        assert_eq!(file.tile(TileKey { y: 3, ..key }).expect("read"), None);
        let meta = file.meta();
        assert_eq!(meta.attribution.as_deref(), Some("© Essai"));
        assert_eq!((meta.min_zoom, meta.max_zoom), (2, 2));
        assert_eq!(meta.bounds, Some([-1.0, 47.0, 0.0, 48.0]));
    }

    #[test]
    fn a_file_that_is_not_mbtiles_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("other.mbtiles");
        std::fs::write(&path, b"not sqlite at all").expect("write");
        assert!(matches!(
            MbTiles::open(&path),
            Err(TileSourceError::NotMbTiles(_))
        ));
        assert!(matches!(
            MbTiles::open(&dir.path().join("absent.mbtiles")),
            Err(TileSourceError::Io(_))
        ));
    }
}
