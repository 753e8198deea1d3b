//! The basemap under a printed map: the tiles a page needs, at the zoom where one tile pixel is
//! about one printed dot, fetched through the map's tile cache (or its server) in the print job,
//! then stitched into one picture that the PNG and the PDF stretch over the map frame.

use std::path::PathBuf;
use std::sync::Arc;

pub use super::map::BasemapPicture;
use super::map::Projection;
use super::{Pixels, PrintPage, layout};
pub use crate::sources::tiles::TileKey;
use crate::sources::tiles::{TileFetch, TileSpec, fetch_tiles};

/// Tiles of a square picture, in pixels (the web's usual tiles).
const TILE_PX: u32 = 256;
/// Tiles a page asks for at most: beyond, a coarser zoom (resampled) keeps the job short.
const MAX_TILES: usize = 400;

/// The basemap chosen in the app, and where its tiles come from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BasemapSource {
    /// Where the tiles are: a server's `{z}/{x}/{y}` address or a tile file.
    pub tiles: TileSpec,
    /// The credit printed with the sources when at least one tile is drawn.
    pub credit: String,
    /// The deepest zoom the server has.
    pub max_zoom: u8,
    /// The map's tile cache folder (`None`: no cache).
    pub cache_dir: Option<PathBuf>,
    /// The User-Agent sent to the tile server.
    pub user_agent: String,
}

/// The tiles that cover every map pane of `page` about one tile pixel per printed dot (a
/// coarser zoom when that would take more than [`MAX_TILES`]).
pub fn tiles_for(page: &PrintPage, max_zoom: u8) -> Vec<TileKey> {
    let dots_per_pt = page.paper.resolution.dpi() as f64 / 72.0;
    let Some(first) = projections(page).into_iter().next() else {
        return Vec::new();
    };
    let dots_per_world = first.points_per_world() * dots_per_pt;
    let ideal = (dots_per_world / f64::from(TILE_PX)).log2().round();
    let mut zoom = if ideal.is_finite() {
        ideal.clamp(0.0, f64::from(max_zoom.min(22))) as u8
    } else {
        0
    };
    loop {
        let keys = tiles_at(page, zoom);
        if keys.len() <= MAX_TILES || zoom == 0 {
            return keys;
        }
        zoom -= 1;
    }
}

/// The map panes' projections, laid out as printed with the basemap's credit.
fn projections(page: &PrintPage) -> Vec<Projection> {
    layout::pane_frames(page, true)
        .into_iter()
        .map(|frame| Projection::fit(page.extent, frame))
        .collect()
}

/// The tiles of `zoom` that cover every map pane of `page`.
fn tiles_at(page: &PrintPage, zoom: u8) -> Vec<TileKey> {
    let mut keys: Vec<TileKey> = projections(page)
        .iter()
        .flat_map(|p| covering(p.mercator_box(), zoom))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// The tiles of `zoom` over a Web Mercator box.
fn covering(bbox: [f64; 4], zoom: u8) -> Vec<TileKey> {
    let n = 1u32 << zoom;
    let cell = |v: f64| (v * f64::from(n)).floor().clamp(0.0, f64::from(n - 1)) as u32;
    let (x0, x1) = (cell(bbox[0]), cell(bbox[2]));
    let (y0, y1) = (cell(bbox[1]), cell(bbox[3]));
    (y0..=y1)
        .flat_map(|y| (x0..=x1).map(move |x| TileKey { zoom, x, y }))
        .collect()
}

/// A tile's picture from its PNG or JPEG bytes (`None` when unreadable or not a square tile).
pub fn decode_tile(bytes: &[u8]) -> Option<Pixels> {
    let image = image::load_from_memory(bytes)
        .map_err(|e| log::debug!("unreadable basemap tile: {e}"))
        .ok()?
        .to_rgba8();
    let (width, height) = image.dimensions();
    (width > 0 && width == height).then(|| Pixels {
        width,
        height,
        rgba: image.into_raw(),
    })
}

/// The tiles side by side in one picture, composed over white; `None` without any tile.
pub fn stitch(tiles: &[(TileKey, Pixels)], credit: &str) -> Option<BasemapPicture> {
    let zoom = tiles.first()?.0.zoom;
    let tiles: Vec<&(TileKey, Pixels)> = tiles.iter().filter(|(k, _)| k.zoom == zoom).collect();
    let x0 = tiles.iter().map(|(k, _)| k.x).min()?;
    let x1 = tiles.iter().map(|(k, _)| k.x).max()?;
    let y0 = tiles.iter().map(|(k, _)| k.y).min()?;
    let y1 = tiles.iter().map(|(k, _)| k.y).max()?;
    let (columns, rows) = (x1 - x0 + 1, y1 - y0 + 1);
    let (width, height) = (columns * TILE_PX, rows * TILE_PX);
    let mut rgba = vec![255u8; (width as usize) * (height as usize) * 4];
    for (key, tile) in tiles {
        let scaled = resized(tile, TILE_PX);
        let (left, top) = ((key.x - x0) * TILE_PX, (key.y - y0) * TILE_PX);
        for row in 0..TILE_PX {
            for col in 0..TILE_PX {
                let from = ((row * TILE_PX + col) * 4) as usize;
                let to = (((top + row) * width + left + col) * 4) as usize;
                let [r, g, b, a] = [0, 1, 2, 3].map(|c| u32::from(scaled.rgba[from + c]));
                let over = |v: u32| ((v * a + 255 * (255 - a)) / 255) as u8;
                rgba[to..to + 4].copy_from_slice(&[over(r), over(g), over(b), 255]);
            }
        }
    }
    let n = f64::from(1u32 << zoom);
    Some(BasemapPicture {
        mercator: [
            f64::from(x0) / n,
            f64::from(y0) / n,
            f64::from(x1 + 1) / n,
            f64::from(y1 + 1) / n,
        ],
        image: Arc::new(Pixels {
            width,
            height,
            rgba,
        }),
        credit: credit.to_owned(),
    })
}

/// A square tile at `size` pixels (nearest neighbour: servers of 512-pixel tiles are rare).
fn resized(tile: &Pixels, size: u32) -> std::borrow::Cow<'_, Pixels> {
    if tile.width == size && tile.height == size {
        return std::borrow::Cow::Borrowed(tile);
    }
    let mut rgba = Vec::with_capacity((size * size * 4) as usize);
    for row in 0..size {
        for col in 0..size {
            let (x, y) = (col * tile.width / size, row * tile.height / size);
            let at = ((y * tile.width + x) * 4) as usize;
            rgba.extend_from_slice(tile.rgba.get(at..at + 4).unwrap_or(&[255; 4]));
        }
    }
    std::borrow::Cow::Owned(Pixels {
        width: size,
        height: size,
        rgba,
    })
}

/// Coarser zooms tried when tiles of the print's zoom are missing (offline, the screen's
/// tiles are often one zoom below the print's).
const COARSER_TRIES: u8 = 2;

/// Fetches the tiles `page` needs for its basemap (from the cache, else the server) and keeps
/// them as the page's picture; when some are missing, a coarser zoom that covers more of the
/// map (resampled) is taken instead. Without any tile, the page has no basemap and no credit.
/// Blocks: call it in the print job.
pub fn load_basemap(page: &mut PrintPage) {
    page.basemap_picture = None;
    let Some(source) = page.basemap.clone() else {
        return;
    };
    let how = TileFetch {
        cache_dir: source.cache_dir.clone(),
        user_agent: source.user_agent.clone(),
    };
    let mut keys = tiles_for(page, source.max_zoom);
    let mut best: (f64, Vec<(TileKey, Pixels)>) = (0.0, Vec::new());
    for _ in 0..=COARSER_TRIES {
        let Some(zoom) = keys.first().map(|k| k.zoom) else {
            break;
        };
        let asked = keys.len();
        let fetched = fetch_tiles(&source.tiles, &keys, &how);
        let tiles: Vec<(TileKey, Pixels)> = keys
            .into_iter()
            .zip(fetched)
            .filter_map(|(k, bytes)| Some((k, decode_tile(&bytes?)?)))
            .collect();
        let share = tiles.len() as f64 / asked as f64;
        if share > best.0 {
            best = (share, tiles);
        }
        if best.0 >= 1.0 || zoom == 0 {
            break;
        }
        keys = tiles_at(page, zoom - 1);
    }
    page.basemap_picture = stitch(&best.1, &source.credit);
}
