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

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Serves `body` (cacheable for a day) to the first `answers` requests, then closes.
    fn server(body: &'static [u8], answers: usize) -> (String, Arc<AtomicUsize>) {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let served = Arc::new(AtomicUsize::new(0));
        let count = Arc::clone(&served);
        std::thread::spawn(move || {
            for mut stream in listener.incoming().flatten().take(answers) {
                let mut request = Vec::new();
                let mut buf = [0u8; 512];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                let status = if request.starts_with(b"GET /1/") {
                    "200 OK"
                } else {
                    "404 Not Found"
                };
                let head = format!(
                    "HTTP/1.1 {status}\r\nCache-Control: max-age=86400\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(body);
                count.fetch_add(1, Ordering::SeqCst);
            }
        });
        (format!("http://127.0.0.1:{port}"), served)
    }

    #[test]
    fn tiles_come_from_the_server_once_then_from_the_cache() {
        let cache = tempfile::tempdir().expect("tempdir");
        let how = TileFetch {
            cache_dir: Some(cache.path().to_path_buf()),
            user_agent: "Territoire/test".into(),
        };
        let (base, served) = server(b"tile", 2);
        let urls = [format!("{base}/1/0/0.png"), format!("{base}/2/0/0.png")];
        let first = fetch_tiles(&urls, &how);
        assert_eq!(first, [Some(b"tile".to_vec()), None], "a 404 is no tile");
        assert_eq!(served.load(Ordering::SeqCst), 2);
        // The server is gone: the tile comes from the disk cache, the other stays missing.
        let again = fetch_tiles(&urls, &how);
        assert_eq!(again, [Some(b"tile".to_vec()), None]);
    }

    #[test]
    fn without_a_server_nor_a_cache_no_tile_and_no_wait() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        drop(listener);
        let urls: Vec<String> = (0..40)
            .map(|k| format!("http://127.0.0.1:{port}/1/{k}/0.png"))
            .collect();
        let started = std::time::Instant::now();
        let tiles = fetch_tiles(&urls, &TileFetch::default());
        assert!(tiles.iter().all(Option::is_none));
        assert!(started.elapsed() < Duration::from_secs(10));
    }
}
