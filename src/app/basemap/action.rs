//! What the user can ask of the basemap (a file, a server, the session preparation, the tile
//! cache) and how the app carries it out.

use std::path::PathBuf;

use super::OfflineExtent;
use crate::app::{JobOutput, TerritoireApp};
use crate::settings::{BasemapId, CustomBasemap, CustomBasemapKind};
use crate::sources::tiles::seed::{SeedError, SeedReport};
use crate::sources::tiles::wmts::{Capabilities, WmtsError};

/// Something the user asked of the basemap.
#[derive(Clone, Debug, PartialEq)]
pub enum BasemapAction {
    /// Choose an MBTiles or PMTiles file in a dialog.
    PickFile,
    /// Show this brought basemap (saved in the settings).
    UseCustom(CustomBasemap),
    /// Open the server window.
    OpenServer,
    /// Close the server window.
    CloseServer,
    /// Read the capabilities of the WMTS at this address.
    ReadCapabilities(String),
    /// Choose a WMTS layer and style.
    ChooseLayer(String, String),
    /// Use the server of the window.
    UseServer {
        /// The XYZ or WMTS capabilities address.
        url: String,
        /// The credit typed.
        attribution: String,
        /// The WMTS layer.
        layer: String,
        /// The WMTS style.
        style: String,
    },
    /// Open the session preparation window.
    OpenOffline,
    /// Close it.
    CloseOffline,
    /// Change what is prepared.
    SetOffline {
        /// The extent.
        extent: OfflineExtent,
        /// The shallowest zoom.
        min_zoom: u8,
        /// The deepest zoom.
        max_zoom: u8,
        /// Write an MBTiles kit.
        to_file: bool,
    },
    /// Start the preparation.
    StartOffline,
    /// Stop it.
    CancelOffline,
    /// Empty the tile cache.
    ClearCache,
    /// Measure the tile cache.
    MeasureCache,
    /// Change the tile cache's size limit (megabytes).
    SetCacheLimit(u64),
}

/// What a basemap job answers.
#[derive(Debug)]
pub enum BasemapJob {
    /// The tile file chosen (`None`: cancelled).
    FilePicked(Option<PathBuf>),
    /// The capabilities of the WMTS at this address, or why not.
    Capabilities(String, Result<Capabilities, WmtsError>),
    /// A WMTS basemap with its tile address, or why not.
    Resolved(Result<CustomBasemap, WmtsError>),
    /// Where to write the kit (`None`: cancelled).
    OfflineTarget(Option<PathBuf>),
    /// The preparation ended.
    Seeded(Result<SeedReport, SeedError>),
    /// The cache was emptied (or not), and what it holds now.
    CacheCleared(bool, u64),
    /// What the cache holds.
    CacheMeasured(u64),
}

impl TerritoireApp {
    /// Carries out one request about the basemap.
    pub(crate) fn apply_basemap(&mut self, action: BasemapAction) {
        match action {
            BasemapAction::PickFile if !self.native_dialogs() => self.ask_path(),
            BasemapAction::PickFile => {
                self.jobs.spawn(|_| {
                    JobOutput::Basemap(BasemapJob::FilePicked(
                        crate::sources::dialog::pick_tile_file(),
                    ))
                });
            }
            BasemapAction::UseCustom(custom) => {
                self.basemap.notice = None;
                self.settings.custom_basemap = Some(custom);
                self.settings.basemap = BasemapId::Custom;
                self.show_basemap(BasemapId::Custom);
                self.save_settings();
            }
            BasemapAction::OpenServer => self.basemap.server.open = true,
            BasemapAction::CloseServer => self.basemap.server.open = false,
            BasemapAction::ReadCapabilities(url) => self.read_capabilities(url),
            BasemapAction::ChooseLayer(layer, style) => {
                self.basemap.server.layer = layer;
                self.basemap.server.style = style;
            }
            BasemapAction::UseServer {
                url,
                attribution,
                layer,
                style,
            } => self.use_server(url, attribution, layer, style),
            BasemapAction::OpenOffline => self.basemap.offline.open = true,
            BasemapAction::CloseOffline => self.basemap.offline.open = false,
            BasemapAction::SetOffline {
                extent,
                min_zoom,
                max_zoom,
                to_file,
            } => {
                let form = &mut self.basemap.offline;
                (form.extent, form.min_zoom, form.max_zoom, form.to_file) =
                    (extent, min_zoom, max_zoom, to_file);
            }
            BasemapAction::StartOffline => self.start_offline(),
            BasemapAction::CancelOffline => self.cancel_offline(),
            BasemapAction::ClearCache => self.cache_job(true),
            BasemapAction::MeasureCache => self.cache_job(false),
            BasemapAction::SetCacheLimit(mb) => {
                self.settings.tile_cache_mb = mb.max(10);
                self.map
                    .set_tile_cache_limit_mb(self.settings.tile_cache_mb);
                self.save_settings();
            }
        }
    }

    fn cache_job(&mut self, clear: bool) {
        let Some(dir) = self.map.tile_server.cache_dir() else {
            return;
        };
        self.basemap.cache_busy = true;
        self.jobs.spawn(move |_| {
            use crate::sources::tiles::cache;
            let output = if clear {
                let ok = cache::clear_dir(&dir)
                    .map_err(|e| log::warn!("tile cache not emptied: {e}"))
                    .is_ok();
                BasemapJob::CacheCleared(ok, cache::size_of_dir(&dir))
            } else {
                BasemapJob::CacheMeasured(cache::size_of_dir(&dir))
            };
            JobOutput::Basemap(output)
        });
    }

    /// Shows the tile file at `path` as the basemap (chosen, dropped or typed).
    pub(crate) fn use_tile_file(&mut self, path: PathBuf) {
        self.apply_basemap(BasemapAction::UseCustom(CustomBasemap {
            kind: CustomBasemapKind::File,
            location: path.to_string_lossy().into_owned(),
            ..CustomBasemap::default()
        }));
    }

    /// Takes a basemap job's answer.
    pub(crate) fn basemap_job_done(&mut self, output: BasemapJob) {
        match output {
            BasemapJob::FilePicked(None) => {}
            BasemapJob::FilePicked(Some(path)) => self.use_tile_file(path),
            BasemapJob::Capabilities(url, read) => self.capabilities_read(url, read),
            BasemapJob::Resolved(resolved) => self.wmts_resolved(resolved),
            BasemapJob::OfflineTarget(path) => self.offline_target(path),
            BasemapJob::Seeded(done) => self.offline_done(done),
            BasemapJob::CacheCleared(ok, bytes) => {
                self.basemap.cache_busy = false;
                self.basemap.cache_bytes = Some(bytes);
                self.basemap.notice = (!ok).then_some("basemap-cache-not-cleared");
            }
            BasemapJob::CacheMeasured(bytes) => {
                self.basemap.cache_busy = false;
                self.basemap.cache_bytes = Some(bytes);
            }
        }
    }
}
