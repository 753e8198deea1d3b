//! The disk cache of basemap tiles: one SQLite file, tiles by source and position, written only
//! from good answers, the least recently used dropped when it passes its size limit.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, OptionalExtension, params};

use super::TileKey;

/// The cache size limit when the settings say none: 500 MB.
pub const DEFAULT_LIMIT_MB: u64 = 500;
/// Writes between two checks of the size limit.
const PUTS_PER_CHECK: u32 = 64;
/// After eviction the cache is this share of its limit (room for the next tiles).
const EVICT_TO: f64 = 0.9;

/// The cache's file in a cache folder.
pub fn cache_file(dir: &Path) -> PathBuf {
    dir.join("tiles.sqlite")
}

/// A tile read from the cache, and how old it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CachedTile {
    /// The picture's bytes as the server sent them.
    pub bytes: Vec<u8>,
    /// Time since it was downloaded.
    pub age: Duration,
}

/// The tile cache, shared by the map's workers and the print job (SQLite serialises writers).
pub struct TileCache {
    conn: Mutex<Connection>,
    limit_bytes: AtomicU64,
    puts: AtomicU32,
}

fn now_s() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

impl TileCache {
    /// Opens (or creates) the cache in `dir`, keeping it under `limit_mb` megabytes.
    pub fn open(dir: &Path, limit_mb: u64) -> rusqlite::Result<Self> {
        if let Err(e) = std::fs::create_dir_all(dir) {
            log::warn!("tile cache folder {}: {e}", dir.display());
        }
        let conn = Connection::open(cache_file(dir))?;
        conn.busy_timeout(Duration::from_secs(5))?;
        // WAL lets the print read while the map writes; a lost journal is only a lost tile.
        let _: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
        conn.execute_batch(
            "PRAGMA synchronous=NORMAL;
             CREATE TABLE IF NOT EXISTS tiles (
                source TEXT NOT NULL, z INTEGER NOT NULL, x INTEGER NOT NULL, y INTEGER NOT NULL,
                data BLOB NOT NULL, size INTEGER NOT NULL, fetched INTEGER NOT NULL,
                used INTEGER NOT NULL, PRIMARY KEY (source, z, x, y));
             CREATE INDEX IF NOT EXISTS tiles_used ON tiles (used);",
        )?;
        Ok(Self {
            conn: Mutex::new(conn),
            limit_bytes: AtomicU64::new(limit_mb.saturating_mul(1_000_000)),
            puts: AtomicU32::new(0),
        })
    }

    /// The size limit, in megabytes.
    pub fn limit_mb(&self) -> u64 {
        self.limit_bytes.load(Ordering::Relaxed) / 1_000_000
    }

    /// Changes the size limit (takes effect at the next write).
    pub fn set_limit_mb(&self, limit_mb: u64) {
        self.limit_bytes
            .store(limit_mb.saturating_mul(1_000_000), Ordering::Relaxed);
        self.puts.store(PUTS_PER_CHECK, Ordering::Relaxed);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Connection> {
        // A worker that panicked mid-query leaves a usable connection: SQLite rolls back.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The tile `key` of `source` if cached; marks it used.
    pub fn get(&self, source: &str, key: TileKey) -> Option<CachedTile> {
        let conn = self.lock();
        let found = conn
            .query_row(
                "SELECT data, fetched FROM tiles WHERE source=?1 AND z=?2 AND x=?3 AND y=?4",
                params![source, key.zoom, key.x, key.y],
                |r| Ok((r.get::<_, Vec<u8>>(0)?, r.get::<_, i64>(1)?)),
            )
            .optional()
            .map_err(|e| log::warn!("tile cache read: {e}"))
            .ok()??;
        let _ = conn.execute(
            "UPDATE tiles SET used=?5 WHERE source=?1 AND z=?2 AND x=?3 AND y=?4",
            params![source, key.zoom, key.x, key.y, now_s()],
        );
        Some(CachedTile {
            bytes: found.0,
            age: Duration::from_secs(now_s().saturating_sub(found.1).max(0) as u64),
        })
    }

    /// True when the tile is cached (does not mark it used).
    pub fn contains(&self, source: &str, key: TileKey) -> bool {
        self.lock()
            .query_row(
                "SELECT 1 FROM tiles WHERE source=?1 AND z=?2 AND x=?3 AND y=?4",
                params![source, key.zoom, key.x, key.y],
                |_| Ok(()),
            )
            .optional()
            .ok()
            .flatten()
            .is_some()
    }

    /// Keeps a tile a server sent; only pictures are kept (never an error page).
    pub fn put(&self, source: &str, key: TileKey, bytes: &[u8]) {
        if !super::looks_like_image(bytes) {
            return;
        }
        let now = now_s();
        let written = self.lock().execute(
            "INSERT OR REPLACE INTO tiles (source, z, x, y, data, size, fetched, used)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
            params![
                source,
                key.zoom,
                key.x,
                key.y,
                bytes,
                bytes.len() as i64,
                now
            ],
        );
        if let Err(e) = written {
            log::warn!("tile cache write: {e}");
            return;
        }
        if self.puts.fetch_add(1, Ordering::Relaxed) + 1 >= PUTS_PER_CHECK {
            self.puts.store(0, Ordering::Relaxed);
            self.evict();
        }
    }

    /// Bytes of tiles held.
    pub fn size_bytes(&self) -> u64 {
        self.lock()
            .query_row("SELECT COALESCE(SUM(size), 0) FROM tiles", [], |r| {
                r.get::<_, i64>(0)
            })
            .map_or(0, |n| n.max(0) as u64)
    }

    /// Tiles held.
    pub fn count(&self) -> u64 {
        self.lock()
            .query_row("SELECT COUNT(*) FROM tiles", [], |r| r.get::<_, i64>(0))
            .map_or(0, |n| n.max(0) as u64)
    }

    /// Drops the least recently used tiles until the cache is under its limit.
    pub fn evict(&self) {
        let limit = self.limit_bytes.load(Ordering::Relaxed);
        let size = self.size_bytes();
        if size <= limit {
            return;
        }
        let target = (limit as f64 * EVICT_TO) as u64;
        let mut excess = size - target;
        let conn = self.lock();
        let victims: Vec<(i64, i64)> = {
            let Ok(mut stmt) = conn.prepare("SELECT rowid, size FROM tiles ORDER BY used, fetched")
            else {
                return;
            };
            let Ok(rows) = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))
            else {
                return;
            };
            let mut out = Vec::new();
            for (rowid, size) in rows.flatten() {
                if excess == 0 {
                    break;
                }
                excess = excess.saturating_sub(size.max(0) as u64);
                out.push((rowid, size));
            }
            out
        };
        let Ok(tx) = conn.unchecked_transaction() else {
            return;
        };
        for (rowid, _) in &victims {
            let _ = tx.execute("DELETE FROM tiles WHERE rowid=?1", [rowid]);
        }
        if let Err(e) = tx.commit() {
            log::warn!("tile cache eviction: {e}");
        }
        log::info!("tile cache: {} tiles evicted", victims.len());
    }

    /// Empties the cache and gives the space back to the disk.
    pub fn clear(&self) -> rusqlite::Result<()> {
        let conn = self.lock();
        conn.execute("DELETE FROM tiles", [])?;
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); VACUUM;")
    }
}

/// Empties the tile cache in `dir` (the settings' *Vider*), with the HTTP cache earlier
/// versions kept there (cacache folders): blocks, run it in a job.
pub fn clear_dir(dir: &Path) -> rusqlite::Result<()> {
    for old in ["content-v2", "index-v5", "tmp"] {
        let folder = dir.join(old);
        if folder.is_dir()
            && let Err(e) = std::fs::remove_dir_all(&folder)
        {
            log::warn!("old tile cache {}: {e}", folder.display());
        }
    }
    TileCache::open(dir, DEFAULT_LIMIT_MB)?.clear()
}

/// Bytes held by the tile cache in `dir` (0 when there is none): blocks, run it in a job.
pub fn size_of_dir(dir: &Path) -> u64 {
    if !cache_file(dir).exists() {
        return 0;
    }
    TileCache::open(dir, DEFAULT_LIMIT_MB).map_or(0, |c| c.size_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(x: u32) -> TileKey {
        TileKey { zoom: 12, x, y: 7 }
    }

    fn png(len: usize) -> Vec<u8> {
        let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
        bytes.resize(len, 0);
        bytes
    }

    #[test]
    fn tiles_come_back_and_error_pages_are_never_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = TileCache::open(dir.path(), 10).expect("open");
        cache.put("a", key(1), &png(100));
        cache.put("a", key(2), b"<html>500</html>");
        assert_eq!(cache.get("a", key(1)).map(|t| t.bytes), Some(png(100)));
        assert_eq!(cache.get("a", key(2)), None, "not a picture");
        assert_eq!(cache.get("b", key(1)), None, "another source");
        assert_eq!(cache.count(), 1);
        cache.clear().expect("clear");
        assert_eq!(cache.count(), 0);
    }

    #[test]
    fn past_the_limit_the_least_recently_used_go_first() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = TileCache::open(dir.path(), 1).expect("open");
        // Ten tiles of 200 kB: 2 MB for a 1 MB limit.
        for x in 0..10 {
            cache.put("a", key(x), &png(200_000));
        }
        {
            let conn = cache.lock();
            conn.execute("UPDATE tiles SET used = 1000 + x", [])
                .expect("ages");
            conn.execute("UPDATE tiles SET used = 99999 WHERE x = 0", [])
                .expect("recently used");
        }
        cache.evict();
        assert!(cache.size_bytes() <= 1_000_000, "{}", cache.size_bytes());
        assert!(cache.contains("a", key(0)), "the recently used one stays");
        assert!(cache.contains("a", key(9)));
        assert!(!cache.contains("a", key(1)), "the oldest went");
    }
}
