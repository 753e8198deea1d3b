//! The basemap feature: a tile file or a tile server brought as the basemap, the tile cache
//! (its size limit and *Vider*), and the answers of their background jobs.

mod action;
mod cache_ui;
mod ui;

pub use action::{BasemapAction, BasemapJob};

/// The basemap windows' state.
#[derive(Debug, Default)]
pub struct BasemapPanel {
    /// Bytes held by the tile cache, once measured.
    pub cache_bytes: Option<u64>,
    /// True while the cache is being emptied or measured.
    pub cache_busy: bool,
    /// Why the last tile file or server could not be used (locale key).
    pub notice: Option<&'static str>,
}
