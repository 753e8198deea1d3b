//! Basemap tiles fetched for a printed page, through the same disk cache as the map on the
//! screen: a tile seen on the screen prints without the network, a missing one is downloaded
//! once; a tile file is read directly.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{TileCache, TileFetcher, TileKey, TileSpec};

/// Tiles asked for at once.
const PARALLEL: usize = 4;

/// Where to look for tiles and how to ask for the missing ones.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TileFetch {
    /// The cache folder the map's tile workers use (`None`: no cache).
    pub cache_dir: Option<PathBuf>,
    /// The User-Agent sent to tile servers.
    pub user_agent: String,
}

/// Opens the tile cache of `how`, if it names one.
pub fn open_cache(how: &TileFetch) -> Option<Arc<TileCache>> {
    let dir = how.cache_dir.as_deref()?;
    TileCache::open(dir, super::cache::DEFAULT_LIMIT_MB)
        .map_err(|e| log::warn!("tile cache {}: {e}", dir.display()))
        .ok()
        .map(Arc::new)
}

/// The bytes of each tile of `keys` (in order), `None` for a tile neither cached nor reachable.
/// Blocks: run it in a background job.
pub fn fetch_tiles(spec: &TileSpec, keys: &[TileKey], how: &TileFetch) -> Vec<Option<Vec<u8>>> {
    let fetcher = match TileFetcher::open(spec, open_cache(how), &how.user_agent) {
        Ok(f) => f,
        Err(e) => {
            log::warn!("basemap for the print: {e}");
            return vec![None; keys.len()];
        }
    };
    let next = AtomicUsize::new(0);
    let out: Vec<std::sync::Mutex<Option<Vec<u8>>>> =
        keys.iter().map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..PARALLEL.min(keys.len()) {
            scope.spawn(|| {
                loop {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    let (Some(key), Some(slot)) = (keys.get(k), out.get(k)) else {
                        break;
                    };
                    if let Ok(bytes) = fetcher.get(*key) {
                        *slot.lock().unwrap_or_else(|p| p.into_inner()) = Some(bytes);
                    }
                }
            });
        }
    });
    let out: Vec<Option<Vec<u8>>> = out
        .into_iter()
        .map(|m| m.into_inner().unwrap_or_else(|p| p.into_inner()))
        .collect();
    let missing = out.iter().filter(|t| t.is_none()).count();
    if missing > 0 {
        log::warn!(
            "{missing} of {} basemap tiles unavailable for the print",
            keys.len()
        );
    }
    out
}
