//! Basemap tiles fetched for a printed page, through the same disk cache as the map on the
//! screen (walkers keeps its tiles in an HTTP cache, cacache entries keyed by method and URL):
//! a tile seen on the screen prints without the network, a missing one is downloaded once.

use std::path::{Path, PathBuf};
use std::time::Duration;

use http_cache_reqwest::{CACacheManager, Cache, CacheMode, HttpCache, HttpCacheOptions};
use reqwest_middleware::{ClientBuilder, ClientWithMiddleware};

/// Tiles asked for at once.
const PARALLEL: usize = 8;

/// Where to look for tiles and how to ask for the missing ones.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TileFetch {
    /// The HTTP cache folder the map's tile downloader uses (`None`: no cache).
    pub cache_dir: Option<PathBuf>,
    /// The User-Agent sent to tile servers.
    pub user_agent: String,
}

/// The bytes of each tile of `urls` (in order), `None` for a tile neither cached nor reachable.
/// Blocks: run it in a background job.
pub fn fetch_tiles(urls: &[String], how: &TileFetch) -> Vec<Option<Vec<u8>>> {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            log::warn!("no runtime for basemap tiles: {e}");
            return vec![None; urls.len()];
        }
    };
    let cache = how.cache_dir.as_deref();
    let Some(online) = client(cache, &how.user_agent, CacheMode::ForceCache) else {
        return vec![None; urls.len()];
    };
    let cached = cache.and_then(|_| client(cache, &how.user_agent, CacheMode::OnlyIfCached));
    let mut out = vec![None; urls.len()];
    runtime.block_on(async {
        // After a whole batch fails, the server is taken as unreachable: the cache only, so
        // that a print without network does not wait for every tile's timeout.
        let mut reachable = true;
        for (batch, chunk) in urls.chunks(PARALLEL).enumerate() {
            let client = match (&cached, reachable) {
                (_, true) => &online,
                (Some(cached), false) => cached,
                (None, false) => break,
            };
            let mut set = tokio::task::JoinSet::new();
            for (k, url) in chunk.iter().enumerate() {
                let (client, url) = (client.clone(), url.clone());
                set.spawn(async move { (batch * PARALLEL + k, fetch_one(&client, &url).await) });
            }
            let mut answered = false;
            while let Some(joined) = set.join_next().await {
                let Ok((k, fetched)) = joined else {
                    continue;
                };
                answered |= !matches!(fetched, Fetched::Unreachable);
                if let (Fetched::Tile(bytes), Some(slot)) = (fetched, out.get_mut(k)) {
                    *slot = Some(bytes);
                }
            }
            reachable &= answered;
        }
    });
    let missing = out.iter().filter(|t| t.is_none()).count();
    if missing > 0 {
        log::warn!(
            "{missing} of {} basemap tiles unavailable for the print",
            urls.len()
        );
    }
    out
}

/// A client like the map's with the tile cache in front, in `mode` (`ForceCache`: any cached
/// tile, even stale, before the network; `OnlyIfCached`: never the network), short timeouts.
fn client(
    cache_dir: Option<&Path>,
    user_agent: &str,
    mode: CacheMode,
) -> Option<ClientWithMiddleware> {
    let inner = reqwest::Client::builder()
        .user_agent(user_agent)
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(20))
        .build()
        .map_err(|e| log::warn!("no HTTP client for basemap tiles: {e}"))
        .ok()?;
    let builder = ClientBuilder::new(inner);
    Some(match cache_dir {
        Some(dir) => builder
            .with(Cache(HttpCache {
                mode,
                manager: CACacheManager::new(dir.to_path_buf(), false),
                options: HttpCacheOptions::default(),
            }))
            .build(),
        None => builder.build(),
    })
}

/// What asking for one tile gave.
enum Fetched {
    /// The tile's bytes (from the cache or the server).
    Tile(Vec<u8>),
    /// The server answered without the tile.
    Missing,
    /// No answer: no network, no server, a timeout (or not in the cache, offline).
    Unreachable,
}

async fn fetch_one(client: &ClientWithMiddleware, url: &str) -> Fetched {
    let response = match client.get(url).send().await {
        Ok(r) => r,
        Err(e) => {
            log::debug!("basemap tile {url}: {e}");
            return Fetched::Unreachable;
        }
    };
    if !response.status().is_success() {
        log::debug!("basemap tile {url}: {}", response.status());
        return Fetched::Missing;
    }
    match response.bytes().await {
        Ok(bytes) => Fetched::Tile(bytes.to_vec()),
        Err(e) => {
            log::debug!("basemap tile {url}: {e}");
            Fetched::Unreachable
        }
    }
}
