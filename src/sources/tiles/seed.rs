//! Preparing a session without network: the tiles of an extent at chosen zooms, counted and
//! sized before starting, then downloaded politely (at most 4 requests at once, `Retry-After`
//! honoured) into the tile cache or an MBTiles file. OpenStreetMap's public tiles are refused:
//! their usage policy forbids bulk downloading.

use std::ops::RangeInclusive;
use std::path::Path;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::mbtiles_write::MbTilesWriter;
use super::{TileCache, TileFault, TileFetcher, TileKey, TileSourceError, TileSpec};
use crate::jobs::Progress;

/// Requests at once, at most (tile servers' usual courtesy limit).
pub const PARALLEL: usize = 4;
/// Tiles one preparation may ask for, at most.
pub const MAX_TILES: u64 = 200_000;
/// The usual size of a basemap tile, for the estimate shown before starting.
pub const TILE_BYTES_ESTIMATE: u64 = 20_000;
/// Waits asked by `Retry-After` honoured per tile before giving it up.
const RETRIES: usize = 5;

/// Why a preparation could not run or stopped.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    /// OpenStreetMap's public tile servers forbid bulk downloading.
    #[error("OpenStreetMap's tile usage policy forbids bulk downloading")]
    OsmPolicy,
    /// More tiles than [`MAX_TILES`].
    #[error("{0} tiles is too many")]
    TooMany(u64),
    /// The source could not be opened.
    #[error(transparent)]
    Source(#[from] TileSourceError),
    /// The MBTiles file could not be written.
    #[error("MBTiles file: {0}")]
    Write(String),
    /// The user stopped it.
    #[error("cancelled")]
    Cancelled,
}

impl SeedError {
    /// The locale key of its message.
    pub fn message_key(&self) -> &'static str {
        match self {
            Self::OsmPolicy => "seed-osm-refused",
            Self::TooMany(_) => "seed-too-many",
            Self::Source(e) => e.message_key(),
            Self::Write(_) => "seed-write-failed",
            Self::Cancelled => "seed-cancelled",
        }
    }
}

/// What a preparation did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SeedReport {
    /// Tiles now available (cached or written).
    pub ready: u64,
    /// Tiles the server does not have (404).
    pub missing: u64,
    /// Tiles that could not be had (no answer, server error, waits exhausted).
    pub failed: u64,
    /// Bytes of the tiles made available.
    pub bytes: u64,
}

/// True for OpenStreetMap's public tile servers (bulk downloading forbidden).
pub fn is_osm_public(spec: &TileSpec) -> bool {
    match spec {
        TileSpec::Url { template, .. } => template.contains("tile.openstreetmap.org"),
        _ => false,
    }
}

/// Column and row range of `bbox` (`[min_lon, min_lat, max_lon, max_lat]`) at `zoom`.
fn range_at(bbox: [f64; 4], zoom: u8) -> (RangeInclusive<u32>, RangeInclusive<u32>) {
    let n = f64::from(1u32 << zoom.min(30));
    let last = (1u64 << zoom.min(30)) as f64 - 1.0;
    let col = |lon: f64| ((lon + 180.0) / 360.0 * n).floor().clamp(0.0, last) as u32;
    let row = |lat: f64| {
        let phi = lat.clamp(-85.05, 85.05).to_radians();
        let y = (1.0 - (phi.tan() + 1.0 / phi.cos()).ln() / std::f64::consts::PI) / 2.0;
        (y * n).floor().clamp(0.0, last) as u32
    };
    (col(bbox[0])..=col(bbox[2]), row(bbox[3])..=row(bbox[1]))
}

/// How many tiles cover `bbox` at `zooms` (without listing them).
pub fn tile_count(bbox: [f64; 4], zooms: RangeInclusive<u8>) -> u64 {
    zooms
        .map(|z| {
            let (x, y) = range_at(bbox, z);
            u64::from(x.end() - x.start() + 1) * u64::from(y.end() - y.start() + 1)
        })
        .sum()
}

/// The tiles that cover `bbox` at `zooms`, shallow zooms first.
pub fn tiles_in(bbox: [f64; 4], zooms: RangeInclusive<u8>) -> Vec<TileKey> {
    let mut keys = Vec::new();
    for zoom in zooms {
        let (xs, ys) = range_at(bbox, zoom);
        for x in xs {
            keys.extend(ys.clone().map(|y| TileKey { zoom, x, y }));
        }
    }
    keys
}

/// Where the tiles go, and the file's description.
pub struct SeedTarget<'a> {
    /// The tile cache a server's tiles are kept in.
    pub cache: Option<Arc<TileCache>>,
    /// An MBTiles file to write, with the kit's name and credit.
    pub mbtiles: Option<(&'a Path, &'a str, &'a str)>,
    /// The User-Agent sent.
    pub user_agent: &'a str,
}

/// Fetches every tile of `bbox` at `zooms` from `spec`; progress counts tiles. Blocks.
pub fn seed(
    spec: &TileSpec,
    bbox: [f64; 4],
    zooms: RangeInclusive<u8>,
    target: SeedTarget<'_>,
    progress: &Progress,
) -> Result<SeedReport, SeedError> {
    if is_osm_public(spec) {
        return Err(SeedError::OsmPolicy);
    }
    let count = tile_count(bbox, zooms.clone());
    if count > MAX_TILES {
        return Err(SeedError::TooMany(count));
    }
    let fetcher = TileFetcher::open(spec, target.cache.clone(), target.user_agent)?;
    let writer = match target.mbtiles {
        Some((path, name, credit)) => Some(Mutex::new(
            MbTilesWriter::create(path, name, credit)
                .map_err(|e| SeedError::Write(e.to_string()))?,
        )),
        None => None,
    };
    let keys = tiles_in(bbox, zooms.clone());
    progress.set_total(keys.len() as u64);
    let counts = Counts::default();
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..PARALLEL.min(keys.len()) {
            scope.spawn(|| {
                while let Some(key) = keys.get(next.fetch_add(1, Ordering::Relaxed)) {
                    if progress.is_cancelled() {
                        break;
                    }
                    counts.take(
                        fetch_politely(&fetcher, *key, progress),
                        *key,
                        writer.as_ref(),
                    );
                    progress.add_done(1);
                }
            });
        }
    });
    if progress.is_cancelled() {
        return Err(SeedError::Cancelled);
    }
    if let Some(writer) = writer {
        let writer = writer.into_inner().unwrap_or_else(|p| p.into_inner());
        writer
            .finish(bbox, *zooms.start(), *zooms.end())
            .map_err(|e| SeedError::Write(e.to_string()))?;
    }
    Ok(counts.report())
}

#[derive(Default)]
struct Counts {
    ready: AtomicU64,
    missing: AtomicU64,
    failed: AtomicU64,
    bytes: AtomicU64,
}

impl Counts {
    fn take(
        &self,
        got: Result<Vec<u8>, TileFault>,
        key: TileKey,
        writer: Option<&Mutex<MbTilesWriter>>,
    ) {
        match got {
            Ok(bytes) => {
                if let Some(w) = writer {
                    let mut w = w.lock().unwrap_or_else(|p| p.into_inner());
                    if let Err(e) = w.put(key, &bytes) {
                        log::warn!("kit tile {key:?} not written: {e}");
                        self.failed.fetch_add(1, Ordering::Relaxed);
                        return;
                    }
                }
                self.ready.fetch_add(1, Ordering::Relaxed);
                self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
            }
            Err(TileFault::Missing) => {
                self.missing.fetch_add(1, Ordering::Relaxed);
            }
            Err(_) => {
                self.failed.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    fn report(&self) -> SeedReport {
        SeedReport {
            ready: self.ready.load(Ordering::Relaxed),
            missing: self.missing.load(Ordering::Relaxed),
            failed: self.failed.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
        }
    }
}

/// One tile, waiting as long as the server asks (within reason) before asking again.
fn fetch_politely(
    fetcher: &TileFetcher,
    key: TileKey,
    progress: &Progress,
) -> Result<Vec<u8>, TileFault> {
    let mut last = Err(TileFault::Unreachable);
    for _ in 0..RETRIES {
        last = fetcher.get(key);
        let Err(TileFault::RateLimited(wait)) = last else {
            return last;
        };
        let wait = wait
            .unwrap_or(Duration::from_secs(5))
            .min(Duration::from_secs(120));
        log::info!("tile server asks to wait {} s", wait.as_secs());
        let step = Duration::from_millis(100);
        let mut waited = Duration::ZERO;
        while waited < wait {
            if progress.is_cancelled() {
                return last;
            }
            std::thread::sleep(step);
            waited += step;
        }
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn angers_at_city_zooms_is_a_few_hundred_tiles() {
        let bbox = [-0.62, 47.43, -0.50, 47.51];
        let count = tile_count(bbox, 10..=14);
        assert_eq!(count, tiles_in(bbox, 10..=14).len() as u64);
        assert!((20..400).contains(&count), "{count}");
        let one = tiles_in(bbox, 0..=0);
        assert_eq!(
            one,
            vec![TileKey {
                zoom: 0,
                x: 0,
                y: 0
            }]
        );
    }

    #[test]
    fn openstreetmap_public_tiles_are_refused() {
        let spec = TileSpec::Url {
            template: "https://tile.openstreetmap.org/{z}/{x}/{y}.png".into(),
            max_zoom: 19,
        };
        let target = SeedTarget {
            cache: None,
            mbtiles: None,
            user_agent: "test",
        };
        let done = seed(
            &spec,
            [-0.6, 47.4, -0.5, 47.5],
            10..=12,
            target,
            &Progress::default(),
        );
        assert!(matches!(done, Err(SeedError::OsmPolicy)));
    }
}
