//! Writing an MBTiles file (the kit handed to a trainer's laptop): the standard tables, tiles
//! stored with rows counted from the south, the metadata written when it is finished.

use std::path::Path;

use rusqlite::{Connection, params};

use super::TileKey;

/// An MBTiles file being filled.
pub struct MbTilesWriter {
    conn: Connection,
    name: String,
    attribution: String,
    format: Option<&'static str>,
}

impl MbTilesWriter {
    /// Creates `path` (replacing a file there) with the MBTiles tables.
    pub fn create(path: &Path, name: &str, attribution: &str) -> rusqlite::Result<Self> {
        if path.exists() {
            let _ = std::fs::remove_file(path);
        }
        let conn = Connection::open(path)?;
        conn.execute_batch(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
             CREATE TABLE metadata (name TEXT, value TEXT);
             CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER,
                                 tile_data BLOB);
             CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);
             BEGIN;",
        )?;
        Ok(Self {
            conn,
            name: name.to_owned(),
            attribution: attribution.to_owned(),
            format: None,
        })
    }

    /// Adds one tile (`key` with rows from the north, as everywhere else in the app).
    pub fn put(&mut self, key: TileKey, bytes: &[u8]) -> rusqlite::Result<()> {
        if self.format.is_none() {
            self.format = Some(if bytes.starts_with(&[0xFF, 0xD8]) {
                "jpg"
            } else if bytes.starts_with(b"RIFF") {
                "webp"
            } else {
                "png"
            });
        }
        let row = (1u64 << key.zoom).saturating_sub(1 + u64::from(key.y));
        self.conn.execute(
            "INSERT OR REPLACE INTO tiles VALUES (?1, ?2, ?3, ?4)",
            params![key.zoom, key.x, row as i64, bytes],
        )?;
        Ok(())
    }

    /// Writes the metadata (extent, zooms) and closes the file.
    pub fn finish(self, bounds: [f64; 4], min_zoom: u8, max_zoom: u8) -> rusqlite::Result<()> {
        let bounds = format!("{},{},{},{}", bounds[0], bounds[1], bounds[2], bounds[3]);
        let pairs = [
            ("name", self.name.clone()),
            ("type", "baselayer".to_owned()),
            ("version", "1.0".to_owned()),
            ("format", self.format.unwrap_or("png").to_owned()),
            ("attribution", self.attribution.clone()),
            ("bounds", bounds),
            ("minzoom", min_zoom.to_string()),
            ("maxzoom", max_zoom.to_string()),
        ];
        for (name, value) in pairs {
            self.conn
                .execute("INSERT INTO metadata VALUES (?1, ?2)", params![name, value])?;
        }
        self.conn.execute_batch("COMMIT;")
    }
}
