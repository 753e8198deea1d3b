//! The threads behind the basemap's tiles: one opens the source, then reads the disk cache (or
//! the tile file) for every tile the map asks, so that tiles already seen show at once even
//! when the network hangs; four others ask the server for the tiles the cache lacks. The queue
//! they share with the map (`Shared`) is defined here.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Condvar, Mutex, OnceLock};

use egui::{ColorImage, TextureHandle};

use crate::sources::tiles::fetcher::FRESH_FOR;
use crate::sources::tiles::{
    TileCache, TileFault, TileFetcher, TileKey, TileMeta, TileSourceError, TileSpec,
};

/// Where a basemap's tiles come from and how its cache is kept.
#[derive(Clone, Debug)]
pub struct TileLayerSource {
    /// Server or file.
    pub spec: TileSpec,
    /// The cache folder for a server's tiles (`None`: no cache).
    pub cache_dir: Option<std::path::PathBuf>,
    /// The cache size limit, in megabytes.
    pub cache_limit_mb: u64,
    /// The User-Agent sent to servers.
    pub user_agent: String,
}

#[derive(Default)]
pub(super) struct Queue {
    /// Tiles asked by the map, newest last: the cache (or the file) is read first.
    pub(super) wanted: Vec<TileKey>,
    /// Tiles the cache did not have (or had old), for the network workers, newest last.
    pub(super) network: Vec<TileKey>,
    pub(super) stop: bool,
}

#[derive(Default)]
pub(super) struct Shared {
    pub(super) queue: Mutex<Queue>,
    /// Wakes the cache reader.
    pub(super) wake_cache: Condvar,
    /// Wakes the network workers.
    pub(super) wake_network: Condvar,
    pub(super) busy: AtomicUsize,
    /// The disk cache, once opened: its size limit can change while the layer runs.
    pub(super) cache: OnceLock<Arc<TileCache>>,
}

pub(super) type Done = (TileKey, Result<TextureHandle, TileFault>);

/// Network workers per basemap (tile servers ask for few parallel requests).
const NETWORK_WORKERS: usize = 4;

/// Which queue a worker takes its tiles from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lane {
    /// The cache (or the file), for every tile asked.
    Cache,
    /// The server, for the tiles the cache lacks.
    Network,
}

/// Opens the source (and the cache), starts the network workers, then reads the cache.
pub(super) fn open_and_serve(
    source: TileLayerSource,
    shared: Arc<Shared>,
    opened: Arc<OnceLock<Result<TileMeta, TileSourceError>>>,
    tx: Sender<Done>,
    ctx: egui::Context,
) {
    let cache = match (&source.spec, &source.cache_dir) {
        (TileSpec::Url { .. }, Some(dir)) => TileCache::open(dir, source.cache_limit_mb)
            .map_err(|e| log::warn!("tile cache {}: {e}", dir.display()))
            .ok()
            .map(Arc::new),
        _ => None,
    };
    if let Some(cache) = &cache {
        let _ = shared.cache.set(Arc::clone(cache));
    }
    let fetcher = match TileFetcher::open(&source.spec, cache, &source.user_agent) {
        Ok(f) => {
            let _ = opened.set(Ok(f.meta().clone()));
            Arc::new(f)
        }
        Err(e) => {
            log::warn!("basemap source: {e}");
            let _ = opened.set(Err(e));
            ctx.request_repaint();
            return;
        }
    };
    ctx.request_repaint();
    if !fetcher.is_file() {
        for k in 0..NETWORK_WORKERS {
            let (f, s, t, c) = (
                Arc::clone(&fetcher),
                Arc::clone(&shared),
                tx.clone(),
                ctx.clone(),
            );
            let _ = std::thread::Builder::new()
                .name(format!("tiles-net-{k}"))
                .spawn(move || serve(Lane::Network, &f, &s, &t, &c));
        }
    }
    serve(Lane::Cache, &fetcher, &shared, &tx, &ctx);
}

/// The next tile of `lane`, newest first; `None` once the layer is dropped.
fn next(lane: Lane, shared: &Shared) -> Option<TileKey> {
    let mut queue = shared.queue.lock().unwrap_or_else(|p| p.into_inner());
    loop {
        if queue.stop {
            return None;
        }
        let popped = match lane {
            Lane::Cache => queue.wanted.pop(),
            Lane::Network => queue.network.pop(),
        };
        if let Some(key) = popped {
            shared.busy.fetch_add(1, Ordering::Relaxed);
            return Some(key);
        }
        let wake = match lane {
            Lane::Cache => &shared.wake_cache,
            Lane::Network => &shared.wake_network,
        };
        queue = wake.wait(queue).unwrap_or_else(|p| p.into_inner());
    }
}

/// Hands `key` to the network workers.
fn to_network(shared: &Shared, key: TileKey) {
    let mut queue = shared.queue.lock().unwrap_or_else(|p| p.into_inner());
    queue.network.retain(|k| *k != key);
    queue.network.push(key);
    drop(queue);
    shared.wake_network.notify_one();
}

/// Serves `lane` until the layer is dropped.
fn serve(
    lane: Lane,
    fetcher: &TileFetcher,
    shared: &Shared,
    tx: &Sender<Done>,
    ctx: &egui::Context,
) {
    while let Some(key) = next(lane, shared) {
        let result = match lane {
            Lane::Network => Some(fetcher.get(key)),
            Lane::Cache if fetcher.is_file() => Some(fetcher.get(key)),
            Lane::Cache => match fetcher.cached(key) {
                Some(tile) => {
                    if tile.age >= FRESH_FOR {
                        to_network(shared, key);
                    }
                    Some(Ok(tile.bytes))
                }
                None => {
                    to_network(shared, key);
                    None
                }
            },
        };
        let sent = match result {
            Some(bytes) => tx
                .send((key, bytes.and_then(|b| texture(ctx, key, &b))))
                .is_ok(),
            None => true,
        };
        shared.busy.fetch_sub(1, Ordering::Relaxed);
        if !sent {
            return;
        }
        ctx.request_repaint();
    }
}

/// The tile's picture as a texture (loaded from this thread: egui's context is shared).
fn texture(ctx: &egui::Context, key: TileKey, bytes: &[u8]) -> Result<TextureHandle, TileFault> {
    let image = decode(bytes).ok_or(TileFault::NotAnImage)?;
    Ok(ctx.load_texture(
        format!("tile-{}-{}-{}", key.zoom, key.x, key.y),
        image,
        egui::TextureOptions::LINEAR,
    ))
}

/// A tile's picture as egui pixels.
fn decode(bytes: &[u8]) -> Option<ColorImage> {
    let image = image::load_from_memory(bytes)
        .map_err(|e| log::debug!("basemap tile not decoded: {e}"))
        .ok()?
        .to_rgba8();
    let size = [image.width() as usize, image.height() as usize];
    Some(ColorImage::from_rgba_unmultiplied(size, image.as_raw()))
}
