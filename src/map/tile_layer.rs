//! The basemap's tiles on the screen, supplied to walkers: tile workers (`tile_workers.rs`) read
//! each tile (cache, server or file, through `sources::tiles`) off the UI thread and turn it into
//! a texture; the map asks for tiles each frame and gets the tile, or a lower zoom's piece while
//! it is missing.

use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use egui::{Rect, TextureHandle, pos2};
use walkers::sources::Attribution;
use walkers::{Tile, TileId, TilePiece, Tiles};

pub use super::tile_workers::TileLayerSource;
use super::tile_workers::{Done, Queue, Shared};
use crate::sources::tiles::{TileFault, TileKey, TileMeta, TileSourceError};

/// Tiles waiting at most; older wishes are forgotten when the view moves on.
const QUEUE_MAX: usize = 160;
/// Textures kept in memory at most (about 256 kB each).
const TEXTURES_MAX: usize = 700;
/// A tile that failed for want of network is asked again after this.
const RETRY_AFTER: Duration = Duration::from_secs(30);

enum Slot {
    Loading,
    Ready(TextureHandle, u64),
    Missing,
    Failed(Instant),
}

/// The basemap's tiles for walkers.
pub struct TileLayer {
    shared: Arc<Shared>,
    done: Receiver<Done>,
    slots: HashMap<TileKey, Slot>,
    opened: Arc<OnceLock<Result<TileMeta, TileSourceError>>>,
    uses: u64,
}

impl TileLayer {
    /// Starts the workers; the source is opened by the first of them, never on the UI thread.
    pub fn start(source: TileLayerSource, ctx: &egui::Context) -> Self {
        let shared = Arc::new(Shared::default());
        let opened = Arc::new(OnceLock::new());
        let (tx, done) = channel();
        let (shared_, opened_, ctx) = (Arc::clone(&shared), Arc::clone(&opened), ctx.clone());
        let spawned = std::thread::Builder::new()
            .name("tiles-open".into())
            .spawn(move || super::tile_workers::open_and_serve(source, shared_, opened_, tx, ctx));
        if let Err(e) = spawned {
            log::error!("could not start the tile workers: {e}");
        }
        Self {
            shared,
            done,
            slots: HashMap::new(),
            opened,
            uses: 0,
        }
    }

    /// The source's metadata once opened; `Some(Err)` when it could not be opened.
    pub fn opened(&self) -> Option<&Result<TileMeta, TileSourceError>> {
        self.opened.get()
    }

    /// A new size limit for the disk cache, applied from its next write (no disk work here).
    pub fn set_cache_limit_mb(&self, limit_mb: u64) {
        if let Some(cache) = self.shared.cache.get() {
            cache.set_limit_mb(limit_mb);
        }
    }

    /// Tiles waiting or being read.
    pub fn in_progress(&self) -> usize {
        let queued = {
            let queue = self.lock();
            queue.wanted.len() + queue.network.len()
        };
        queued + self.shared.busy.load(Ordering::Relaxed)
    }

    /// Tiles shown from memory (for tests and diagnostics).
    pub fn ready(&self) -> usize {
        self.slots
            .values()
            .filter(|s| matches!(s, Slot::Ready(..)))
            .count()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Queue> {
        self.shared.queue.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn drain(&mut self) {
        while let Ok((key, result)) = self.done.try_recv() {
            let slot = match result {
                Ok(texture) => {
                    super::health::record_success();
                    Slot::Ready(texture, self.uses)
                }
                // A tile shown from the cache stays when its refresh fails.
                Err(_) if matches!(self.slots.get(&key), Some(Slot::Ready(..))) => continue,
                Err(TileFault::Missing) => Slot::Missing,
                Err(fault) => {
                    if super::health::record_failure() {
                        log::warn!("basemap tiles unavailable ({fault:?})");
                    }
                    Slot::Failed(Instant::now())
                }
            };
            self.slots.insert(key, slot);
        }
        self.forget_old_textures();
    }

    fn forget_old_textures(&mut self) {
        // Counting is skipped while the map holds fewer slots than textures allowed.
        if self.slots.len() <= TEXTURES_MAX {
            return;
        }
        let ready = self.ready();
        if ready <= TEXTURES_MAX {
            return;
        }
        let mut ages: Vec<(u64, TileKey)> = self
            .slots
            .iter()
            .filter_map(|(k, s)| match s {
                Slot::Ready(_, used) => Some((*used, *k)),
                _ => None,
            })
            .collect();
        ages.sort_unstable();
        for (_, key) in ages.into_iter().take(ready - TEXTURES_MAX * 3 / 4) {
            self.slots.remove(&key);
        }
    }

    /// Asks the workers for `key` unless it is known, loading, or failed a moment ago.
    fn request(&mut self, key: TileKey) {
        match self.slots.get(&key) {
            None => {}
            Some(Slot::Failed(at)) if at.elapsed() > RETRY_AFTER => {}
            Some(_) => return,
        }
        self.slots.insert(key, Slot::Loading);
        let mut queue = self.lock();
        queue.wanted.push(key);
        let dropped: Vec<TileKey> = if queue.wanted.len() > QUEUE_MAX {
            let excess = queue.wanted.len() - QUEUE_MAX;
            queue.wanted.drain(..excess).collect()
        } else {
            Vec::new()
        };
        drop(queue);
        self.shared.wake_cache.notify_one();
        for key in dropped {
            self.slots.remove(&key);
        }
    }

    /// The zooms the source has (everything until it is opened).
    fn zooms(&self) -> (u8, u8) {
        match self.opened.get() {
            Some(Ok(meta)) => (meta.min_zoom, meta.max_zoom.max(meta.min_zoom)),
            _ => (0, 19),
        }
    }

    /// The tile `want`, or the piece of the nearest lower zoom's tile that covers it; a tile the
    /// source lacks makes the workers look one zoom lower.
    fn best(&mut self, tile: TileKey, want: TileKey, min_zoom: u8) -> Option<TilePiece> {
        let mut zoom = want.zoom;
        loop {
            let key = want.ancestor(zoom);
            match self.slots.get_mut(&key) {
                Some(Slot::Ready(texture, used)) => {
                    *used = self.uses;
                    let texture = texture.clone();
                    return Some(TilePiece::new(Tile::Raster(texture), uv_within(tile, zoom)));
                }
                Some(Slot::Missing | Slot::Failed(_)) if zoom > min_zoom => {
                    self.request(want.ancestor(zoom - 1));
                }
                _ => {}
            }
            if zoom <= min_zoom {
                return None;
            }
            zoom -= 1;
        }
    }
}

impl Drop for TileLayer {
    fn drop(&mut self) {
        self.lock().stop = true;
        self.shared.wake_cache.notify_all();
        self.shared.wake_network.notify_all();
    }
}

/// Which part of its ancestor at `zoom` a tile covers.
fn uv_within(tile: TileKey, zoom: u8) -> Rect {
    let shift = tile.zoom.saturating_sub(zoom);
    let n = (1u32 << shift) as f32;
    let (dx, dy) = (
        (tile.x & ((1 << shift) - 1)) as f32,
        (tile.y & ((1 << shift) - 1)) as f32,
    );
    Rect::from_min_max(pos2(dx / n, dy / n), pos2((dx + 1.0) / n, (dy + 1.0) / n))
}

impl Tiles for TileLayer {
    fn at(&mut self, tile_id: TileId) -> Option<TilePiece> {
        self.drain();
        self.uses += 1;
        let tile = TileKey {
            zoom: tile_id.zoom,
            x: tile_id.x,
            y: tile_id.y,
        };
        if !tile.valid() || matches!(self.opened.get(), Some(Err(_))) {
            return None;
        }
        let (min_zoom, max_zoom) = self.zooms();
        if tile.zoom < min_zoom {
            return None;
        }
        let want = tile.ancestor(max_zoom);
        self.request(want);
        self.best(tile, want, min_zoom)
    }

    fn attribution(&self) -> Attribution {
        // The map draws the credit itself (walkers keeps only fixed texts).
        Attribution {
            text: "",
            url: "",
            logo_light: None,
            logo_dark: None,
        }
    }

    fn tile_size(&self) -> u32 {
        256
    }

    fn stats(&self) -> walkers::Stats {
        walkers::Stats {
            in_progress: self.in_progress(),
        }
    }
}

#[cfg(test)]
mod tests;
