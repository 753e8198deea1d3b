//! The basemap feature: a tile file or a tile server brought as the basemap (XYZ, WMTS), the
//! session preparation (*Préparer le hors-ligne…*), the tile cache (its size limit and *Vider*),
//! and the answers of their background jobs.

mod action;
mod cache_ui;
mod offline;
mod offline_ui;
mod server;
mod server_ui;
mod ui;

pub use action::{BasemapAction, BasemapJob};
pub use offline::{OfflineExtent, OfflineForm};

use crate::jobs::JobId;
use crate::sources::tiles::wmts::Capabilities;

/// The *Depuis un serveur…* window: the address typed, its capabilities once read.
#[derive(Debug, Default)]
pub struct ServerForm {
    /// True while the window is shown.
    pub open: bool,
    /// The XYZ or WMTS capabilities address.
    pub url: String,
    /// The credit to show.
    pub attribution: String,
    /// The WMTS layer chosen (its identifier).
    pub layer: String,
    /// The WMTS style chosen.
    pub style: String,
    /// The capabilities read for `url`, or the locale key of why not.
    pub capabilities: Option<Result<Capabilities, &'static str>>,
    /// True while the capabilities are being read.
    pub reading: bool,
}

/// The basemap windows' state.
#[derive(Debug, Default)]
pub struct BasemapPanel {
    /// Bytes held by the tile cache, once measured.
    pub cache_bytes: Option<u64>,
    /// True while the cache is being emptied or measured.
    pub cache_busy: bool,
    /// Why the last tile file, server or cache operation failed (locale key).
    pub notice: Option<&'static str>,
    /// The server window.
    pub server: ServerForm,
    /// The session preparation window.
    pub offline: OfflineForm,
    /// The WMTS basemap being resolved (its tile address read from the capabilities).
    resolving: Option<JobId>,
}
