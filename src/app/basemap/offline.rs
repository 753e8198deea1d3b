//! Preparing a session without network from the app: the extent (the territory or the view),
//! the zooms, the tile count and size before starting, then a job with progress and cancel that
//! fills the tile cache or writes an MBTiles kit.

use std::path::PathBuf;
use std::sync::Arc;

use crate::app::{JobOutput, TerritoireApp};
use crate::data::Bbox;
use crate::jobs::JobId;
use crate::settings::BasemapId;
use crate::sources::tiles::seed::{self, SeedError, SeedReport, SeedTarget};
use crate::sources::tiles::{TileCache, TileSpec};

use super::BasemapJob;

/// The metropolis's extent, when no layer is open.
pub const METROPOLIS_BBOX: Bbox = [-0.75, 47.38, -0.40, 47.60];

/// Which extent to prepare.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OfflineExtent {
    /// The open layers' joint extent (the metropolis when none is open).
    #[default]
    Territory,
    /// What the map shows.
    View,
}

/// The *Préparer le hors-ligne…* window.
#[derive(Debug)]
pub struct OfflineForm {
    /// True while the window is shown.
    pub open: bool,
    /// The extent prepared.
    pub extent: OfflineExtent,
    /// The shallowest zoom.
    pub min_zoom: u8,
    /// The deepest zoom.
    pub max_zoom: u8,
    /// Write an MBTiles kit instead of filling the cache.
    pub to_file: bool,
    /// The preparation running.
    pub job: Option<JobId>,
    /// The last preparation's outcome (a locale key for a failure).
    pub result: Option<Result<SeedReport, &'static str>>,
}

impl Default for OfflineForm {
    fn default() -> Self {
        Self {
            open: false,
            extent: OfflineExtent::Territory,
            min_zoom: 10,
            max_zoom: 15,
            to_file: false,
            job: None,
            result: None,
        }
    }
}

impl TerritoireApp {
    /// The extent the window prepares.
    pub(super) fn offline_bbox(&self) -> Bbox {
        match self.basemap.offline.extent {
            OfflineExtent::View => self.map.visible_bbox(),
            OfflineExtent::Territory => self
                .layers
                .iter()
                .filter_map(|l| l.dataset.as_ref()?.bbox)
                .reduce(|a, b| {
                    [
                        a[0].min(b[0]),
                        a[1].min(b[1]),
                        a[2].max(b[2]),
                        a[3].max(b[3]),
                    ]
                })
                .unwrap_or(METROPOLIS_BBOX),
        }
    }

    /// Where the basemap shown takes its tiles, and its credit (`None`: no basemap).
    pub(super) fn shown_tile_spec(&self) -> Option<(TileSpec, String)> {
        let id = self.map.basemap();
        if id == BasemapId::Custom {
            let custom = self.settings.custom_basemap.as_ref()?;
            let credit = self
                .map
                .basemap_tiles()
                .and_then(|t| t.credit())
                .map(|c| c.0)
                .unwrap_or_default();
            return Some((crate::sources::tiles::custom_spec(custom), credit));
        }
        let template = self.map.tile_server.url_template(id)?;
        let max_zoom = crate::map::basemap::max_zoom(id);
        let credit = crate::map::basemap::attribution_text(id).unwrap_or_default();
        Some((TileSpec::Url { template, max_zoom }, credit))
    }

    /// Starts the preparation: asks where to write the kit first when one is wanted.
    pub(super) fn start_offline(&mut self) {
        if self.basemap.offline.job.is_some() {
            return;
        }
        if self.basemap.offline.to_file {
            let job = self.jobs.spawn(|_| {
                let path =
                    crate::sources::dialog::save_file("kit-fond-de-carte.mbtiles", "mbtiles");
                JobOutput::Basemap(BasemapJob::OfflineTarget(path))
            });
            self.basemap.offline.job = Some(job);
        } else {
            self.seed_job(None);
        }
    }

    /// The kit's place was chosen (`None`: cancelled).
    pub(super) fn offline_target(&mut self, path: Option<PathBuf>) {
        self.basemap.offline.job = None;
        if let Some(path) = path {
            self.seed_job(Some(path));
        }
    }

    fn seed_job(&mut self, out: Option<PathBuf>) {
        let Some((spec, credit)) = self.shown_tile_spec() else {
            return;
        };
        let form = &self.basemap.offline;
        let (bbox, zooms) = (
            self.offline_bbox(),
            form.min_zoom..=form.max_zoom.max(form.min_zoom),
        );
        let cache_dir = self.map.tile_server.cache_dir();
        let limit = self.settings.tile_cache_mb;
        self.basemap.offline.result = None;
        let job = self.jobs.spawn(move |progress| {
            let cache = cache_dir
                .filter(|_| out.is_none())
                .and_then(|dir| TileCache::open(&dir, limit).ok())
                .map(Arc::new);
            let name = out
                .as_ref()
                .and_then(|p| p.file_stem())
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let target = SeedTarget {
                cache,
                mbtiles: out.as_deref().map(|p| (p, name.as_str(), credit.as_str())),
                user_agent: crate::map::basemap::USER_AGENT,
            };
            let done = seed::seed(&spec, bbox, zooms, target, progress);
            JobOutput::Basemap(BasemapJob::Seeded(done))
        });
        self.basemap.offline.job = Some(job);
    }

    /// Stops the preparation running.
    pub(super) fn cancel_offline(&mut self) {
        if let Some(job) = self.basemap.offline.job {
            self.jobs.cancel(job);
        }
    }

    /// The preparation ended.
    pub(super) fn offline_done(&mut self, done: Result<SeedReport, SeedError>) {
        self.basemap.offline.job = None;
        self.basemap.offline.result = Some(done.map_err(|e| {
            log::info!("session preparation: {e}");
            e.message_key()
        }));
    }
}
