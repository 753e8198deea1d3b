//! One tile source behind one door: a server (cache first, the network only when the tile is
//! missing or old and the network is not known down) or a tile file. Used by the map's tile
//! workers, the print and the session preparation. Blocks: call it off the UI thread.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::{TileCache, TileFault, TileKey, TileMeta, TileSourceError, http};
use super::{mbtiles::MbTiles, pmtiles::PmTiles};

/// A cached tile younger than this is shown without asking the server (OpenStreetMap's policy
/// asks for at least 7 days of caching).
pub const FRESH_FOR: Duration = Duration::from_secs(7 * 24 * 3600);
/// After the network failed, how long uncached tiles are given up at once instead of waiting.
const OFFLINE_FOR: Duration = Duration::from_secs(20);

/// Where a basemap's tiles are.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum TileSpec {
    /// No tiles (an empty address).
    #[default]
    None,
    /// A server, by its `{z}/{x}/{y}` address template, and its deepest zoom.
    Url {
        /// The address of a tile, with `{z}`, `{x}` and `{y}` (or `{-y}`).
        template: String,
        /// The deepest zoom the server has.
        max_zoom: u8,
    },
    /// An MBTiles or PMTiles file.
    File(PathBuf),
}

impl TileSpec {
    /// True for a tile file (no network, no cache).
    pub fn is_file(&self) -> bool {
        matches!(self, Self::File(_))
    }
}

/// How a fetcher reaches its server: the client, its cache, and what it learnt of the network.
struct Server {
    template: String,
    client: reqwest::blocking::Client,
    cache: Option<Arc<TileCache>>,
    offline_until: Mutex<Option<Instant>>,
    paused_until: Mutex<Option<Instant>>,
}

enum Backend {
    Server(Server),
    MbTiles(Mutex<MbTiles>),
    PmTiles(PmTiles),
}

/// An opened tile source.
pub struct TileFetcher {
    backend: Backend,
    meta: TileMeta,
}

impl TileFetcher {
    /// Opens `spec` (reads a file's metadata). Blocks.
    pub fn open(
        spec: &TileSpec,
        cache: Option<Arc<TileCache>>,
        user_agent: &str,
    ) -> Result<Self, TileSourceError> {
        match spec {
            TileSpec::Url { template, max_zoom } => {
                let client = http::client(user_agent).ok_or(TileSourceError::UnknownFormat)?;
                Ok(Self {
                    backend: Backend::Server(Server {
                        template: template.clone(),
                        client,
                        cache,
                        offline_until: Mutex::new(None),
                        paused_until: Mutex::new(None),
                    }),
                    meta: TileMeta {
                        max_zoom: *max_zoom,
                        ..TileMeta::default()
                    },
                })
            }
            TileSpec::File(path) => open_file(path),
            TileSpec::None => Err(TileSourceError::UnknownFormat),
        }
    }

    /// What the source says about itself.
    pub fn meta(&self) -> &TileMeta {
        &self.meta
    }

    /// The tile `key`, or why not. Blocks.
    pub fn get(&self, key: TileKey) -> Result<Vec<u8>, TileFault> {
        match &self.backend {
            Backend::Server(server) => server.get(key),
            Backend::MbTiles(file) => {
                let file = file.lock().unwrap_or_else(|p| p.into_inner());
                match file.tile(key) {
                    Ok(Some(bytes)) if !bytes.is_empty() => Ok(bytes),
                    Ok(_) => Err(TileFault::Missing),
                    Err(e) => {
                        log::warn!("MBTiles tile {key:?}: {e}");
                        Err(TileFault::File)
                    }
                }
            }
            Backend::PmTiles(file) => match file.tile(key) {
                Ok(Some(bytes)) if !bytes.is_empty() => Ok(bytes),
                Ok(_) => Err(TileFault::Missing),
                Err(e) => {
                    log::warn!("PMTiles tile {key:?}: {e}");
                    Err(TileFault::File)
                }
            },
        }
    }

    /// Asks the server for `key` even when it is cached (the session preparation); keeps it.
    pub fn download(&self, key: TileKey) -> Result<Vec<u8>, TileFault> {
        match &self.backend {
            Backend::Server(server) => server.download(key),
            _ => self.get(key),
        }
    }

    /// A server's tile from the disk cache only, never the network (`None` for a file, or
    /// when it is not cached).
    pub fn cached(&self, key: TileKey) -> Option<super::cache::CachedTile> {
        match &self.backend {
            Backend::Server(s) => s.cache.as_ref()?.get(&s.template, key),
            _ => None,
        }
    }

    /// True for a tile file (read directly, never through the network).
    pub fn is_file(&self) -> bool {
        !matches!(self.backend, Backend::Server(_))
    }

    /// True when the tile is in the disk cache.
    pub fn is_cached(&self, key: TileKey) -> bool {
        match &self.backend {
            Backend::Server(s) => s
                .cache
                .as_ref()
                .is_some_and(|c| c.contains(&s.template, key)),
            _ => true,
        }
    }
}

fn open_file(path: &std::path::Path) -> Result<TileFetcher, TileSourceError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let (backend, meta) = match ext.as_deref() {
        Some("mbtiles") => {
            let file = MbTiles::open(path)?;
            let meta = file.meta().clone();
            (Backend::MbTiles(Mutex::new(file)), meta)
        }
        Some("pmtiles") => {
            let file = PmTiles::open(path)?;
            let meta = file.meta().clone();
            (Backend::PmTiles(file), meta)
        }
        _ => return Err(TileSourceError::UnknownFormat),
    };
    Ok(TileFetcher { backend, meta })
}

fn until_passed(slot: &Mutex<Option<Instant>>) -> Option<Duration> {
    let until = (*slot.lock().unwrap_or_else(|p| p.into_inner()))?;
    until.checked_duration_since(Instant::now())
}

fn set_until(slot: &Mutex<Option<Instant>>, wait: Duration) {
    *slot.lock().unwrap_or_else(|p| p.into_inner()) = Some(Instant::now() + wait);
}

impl Server {
    /// Cache first; the network for tiles missing or older than [`FRESH_FOR`], unless the
    /// network is known down or the server asked to wait; an old tile beats no tile.
    fn get(&self, key: TileKey) -> Result<Vec<u8>, TileFault> {
        let cached = self.cache.as_ref().and_then(|c| c.get(&self.template, key));
        if let Some(tile) = &cached
            && tile.age < FRESH_FOR
        {
            return Ok(tile.bytes.clone());
        }
        let asked = if until_passed(&self.offline_until).is_some() {
            Err(TileFault::Unreachable)
        } else {
            self.download(key)
        };
        match (asked, cached) {
            (Ok(bytes), _) => Ok(bytes),
            (Err(_), Some(old)) => Ok(old.bytes),
            (Err(fault), None) => Err(fault),
        }
    }

    /// The network only; a good answer is kept in the cache, a failure never.
    fn download(&self, key: TileKey) -> Result<Vec<u8>, TileFault> {
        if let Some(wait) = until_passed(&self.paused_until) {
            return Err(TileFault::RateLimited(Some(wait)));
        }
        match http::get_tile(&self.client, &key.url(&self.template)) {
            Ok(bytes) => {
                if let Some(cache) = &self.cache {
                    cache.put(&self.template, key, &bytes);
                }
                Ok(bytes)
            }
            Err(fault) => {
                match fault {
                    TileFault::Unreachable => set_until(&self.offline_until, OFFLINE_FOR),
                    TileFault::RateLimited(wait) => {
                        set_until(&self.paused_until, wait.unwrap_or(Duration::from_secs(10)))
                    }
                    _ => {}
                }
                Err(fault)
            }
        }
    }
}
