//! What the user can ask of the basemap (a file, the tile cache) and how the app carries it out.

use std::path::PathBuf;

use crate::app::{JobOutput, TerritoireApp};
use crate::settings::{BasemapId, CustomBasemap, CustomBasemapKind};

/// Something the user asked of the basemap.
#[derive(Clone, Debug, PartialEq)]
pub enum BasemapAction {
    /// Choose an MBTiles or PMTiles file in a dialog.
    PickFile,
    /// Show this brought basemap (saved in the settings).
    UseCustom(CustomBasemap),
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
    /// The cache was emptied (or not), and what it holds now.
    CacheCleared(bool, u64),
    /// What the cache holds.
    CacheMeasured(u64),
}

impl TerritoireApp {
    /// Carries out one request about the basemap.
    pub(crate) fn apply_basemap(&mut self, action: BasemapAction) {
        match action {
            BasemapAction::PickFile => {
                self.jobs.spawn(|_| {
                    JobOutput::Basemap(BasemapJob::FilePicked(
                        crate::sources::dialog::pick_tile_file(),
                    ))
                });
            }
            BasemapAction::UseCustom(custom) => {
                self.settings.custom_basemap = Some(custom);
                self.settings.basemap = BasemapId::Custom;
                self.show_basemap(BasemapId::Custom);
                self.save_settings();
            }
            BasemapAction::ClearCache => self.cache_job(true),
            BasemapAction::MeasureCache => self.cache_job(false),
            BasemapAction::SetCacheLimit(mb) => {
                self.settings.tile_cache_mb = mb.max(10);
                self.map.tile_server.cache_limit_mb = self.settings.tile_cache_mb;
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

    /// Takes a basemap job's answer.
    pub(crate) fn basemap_job_done(&mut self, output: BasemapJob) {
        match output {
            BasemapJob::FilePicked(None) => {}
            BasemapJob::FilePicked(Some(path)) => {
                self.apply_basemap(BasemapAction::UseCustom(CustomBasemap {
                    kind: CustomBasemapKind::File,
                    location: path.to_string_lossy().into_owned(),
                    ..CustomBasemap::default()
                }));
            }
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
