//! The eframe application: state, `logic()` that drains finished jobs, `ui()` that lays out panels.

pub mod action;
mod apply;
pub mod basemap;
pub mod change;
pub mod compare;
pub mod filter;
pub mod focus;
pub mod frame_stats;
pub mod internal;
pub mod layers;
mod logic;
pub mod portal;
pub mod print;
pub mod project;
pub mod quality;
pub mod scenario;
mod screenshot;
pub mod search;
pub mod settings;
mod status_ui;
pub mod table;
mod ui;
pub mod zones;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

pub use layers::{
    FilterMode, Layer, LayerError, LayerFilter, LayerId, LayerSource, LayerState, PreviousCopy,
    Provenance, format_count,
};
pub use ui::floating_windows;

use crate::app::action::{LayersAction, PortalAction, ProjectAction};
use crate::data::Dataset;
use crate::i18n::Language;
use crate::jobs::JobRunner;
use crate::map::MapView;
use crate::settings::Settings;
use crate::sources::portal::{CatalogPage, DatasetMeta, Facet, PortalUrl};
use crate::sources::project_file::ProjectFileError;

/// How the app starts (from the command line or a test).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StartOptions {
    /// Files to open as layers; the demo kit when empty.
    pub files: Vec<PathBuf>,
    /// Save a PNG of the window here once loaded, then exit.
    pub screenshot: Option<PathBuf>,
    /// CRS for files that declare none.
    pub crs: Option<String>,
    /// The layer to open in files that hold several, without asking.
    pub layer: Option<String>,
    /// Interface language for this run (else the saved setting).
    pub language: Option<Language>,
    /// Start without basemap downloads (tests, offline demos).
    pub no_basemap: bool,
    /// Do not open the demo kit when no file is given.
    pub no_demo: bool,
    /// Do not read or write the settings file (tests).
    pub ephemeral: bool,
    /// Open the portal panel on this portal (added to the list when new).
    pub portal: Option<String>,
    /// Open the *Sources internes* panel on this address (`postgresql://`, WFS or OGC API
    /// Features) and list what it offers, as if typed in the panel's form.
    pub internal: Option<String>,
    /// Keep portal downloads here instead of the platform cache folder (tests, portable use).
    pub cache_dir: Option<PathBuf>,
    /// Base URL of the address service for this run (else the saved setting).
    pub geocoder: Option<String>,
    /// Start comparing the topmost layer with the others in this mode.
    pub compare: Option<crate::map::CompareMode>,
    /// With `screenshot`: save only the map, laid out for a note with this title.
    pub print_title: Option<String>,
    /// With `print_title`: the paper, orientation and resolution of the page.
    pub print_paper: crate::print::Paper,
    /// Present this step (from 1) of the project's scenario once it is open.
    pub step: Option<usize>,
    /// Pan and zoom for this many frames once loaded, print frame-time percentiles, then exit.
    pub benchmark_frames: Option<usize>,
    /// Ask for paths in the app's own window even where native file dialogs exist (tests).
    pub no_native_dialogs: bool,
    /// Take basemap tiles from this `{z}/{x}/{y}` address instead of the basemap's own server
    /// (a local tile server in tests, a mirror), on the map and on printed pages.
    pub tile_url: Option<String>,
    /// Keep basemap tiles here instead of the platform cache folder (tests, portable use).
    pub tile_cache: Option<PathBuf>,
    /// The basemap to show instead of the saved one (`--basemap`), not saved.
    pub basemap: Option<(
        crate::settings::BasemapId,
        Option<crate::settings::CustomBasemap>,
    )>,
}

/// What a background job hands back.
pub enum JobOutput {
    /// A layer's load finished.
    Loaded(Result<Arc<Dataset>, LayerError>),
    /// The features in view of a layer that follows the map were read.
    ViewLoaded(LayerId, internal::follow::ViewResult),
    /// A table of an internal connection (by name) was counted exactly, or why not.
    InternalCount(
        String,
        crate::sources::postgis::TableRef,
        Result<u64, crate::sources::postgis::PgError>,
    ),
    /// The tables of an internal connection (by name) were listed, or why not.
    InternalTables(
        String,
        Result<Vec<crate::sources::postgis::PgTable>, crate::sources::postgis::PgError>,
    ),
    /// The collections or feature types of an internal OGC service (by name), or why not.
    InternalItems(
        String,
        Result<Vec<crate::sources::internal::ServiceItem>, crate::sources::service::ServiceError>,
    ),
    /// A collection or feature type (id, title) of an internal OGC service (by name), counted
    /// (`None`: the service does not say).
    InternalItemCount(String, (String, String), Option<u64>),
    /// The file dialog closed with these files (empty when cancelled).
    Picked(Vec<PathBuf>),
    /// The layers of a file that may hold several (`None`: unreadable, opened to say why).
    SourceLayers(PathBuf, Option<Vec<crate::sources::open::SourceLayer>>),
    /// A catalog search finished: datasets, facets, cache size per dataset.
    Catalog(CatalogResult),
    /// The metadata of a pasted dataset arrived.
    PortalMeta(Result<(PortalUrl, DatasetMeta), crate::sources::portal::PortalError>),
    /// A message for the portal panel.
    Notice(String),
    /// The cache of a dataset was cleared (or could not be).
    CacheCleared(String, Result<(), crate::sources::portal::PortalError>),
    /// A portal layer's load finished.
    PortalLoaded(Result<(Arc<Dataset>, Provenance), LayerError>),
    /// A layer's filter mask is ready (or the filter does not fit the layer).
    FilterMask {
        /// The layer.
        layer: LayerId,
        /// The filter evaluated.
        spec: filter::FilterSpec,
        /// The rows kept.
        result: Result<crate::data::Bitmap, crate::filter::EvalError>,
    },
    /// Address suggestions for a typed text, from loaded layers (`local`) or the national service.
    Addresses {
        /// From loaded address layers.
        local: bool,
        /// The text searched.
        query: String,
        /// Suggestions, or why there are none.
        result: Result<
            Vec<crate::sources::geocoder::Suggestion>,
            crate::sources::geocoder::GeocodeError,
        >,
    },
    /// A project file was read: its path and content, or why not (`None`: cancelled).
    ProjectRead(Option<(PathBuf, Result<project::Opened, ProjectFileError>)>),
    /// Where to save the project (`None`: cancelled).
    ProjectSaveTarget(Option<PathBuf>),
    /// The project was written to this file, or why not.
    ProjectSaved(PathBuf, Result<(), ProjectFileError>),
    /// The new place of a missing file (`None`: cancelled).
    Relocated(LayerId, Option<PathBuf>),
    /// A session a crash left behind, if any.
    AutosaveFound(Option<crate::project::Project>),
    /// The session was saved (or the failure logged).
    Autosaved,
    /// Where to save the exported map (`None`: the dialog was cancelled).
    MapExportTarget(Option<PathBuf>),
    /// The exported map was written, or why not.
    MapExported(Result<PathBuf, print::PrintError>),
    /// An export of the table's rows finished: file and count, or why not (`None`: cancelled).
    Exported(Option<Result<(PathBuf, usize), crate::sources::export_file::ExportError>>),
    /// Figures per zone for the zone statistics window (computed in a database or not).
    ZoneStats(
        Arc<crate::analysis::zones::ZoneTable>,
        Arc<Vec<zones::OtherCounts>>,
        bool,
    ),
    /// The attribute table's rows, listed in the background.
    TableRows(LayerId, table::TableQuery, Arc<Vec<u32>>),
    /// A basemap job's answer (a file chosen, the tile cache).
    Basemap(basemap::BasemapJob),
    /// A layer's data-quality report.
    Quality(LayerId, Arc<crate::analysis::quality::QualityReport>),
    /// The data-quality report was written (to this file), could not be, or was not asked.
    QualityExported(Option<Result<PathBuf, crate::sources::export_file::ExportError>>),
    /// What a field holds, for the filter window's picker.
    FieldSummary(LayerId, String, filter::FieldSummary),
    /// The zone table's export finished: file and number of zones, or why not (`None`: cancelled).
    ZonesExported(Option<Result<(PathBuf, usize), crate::sources::export_file::ExportError>>),
    /// The change view's comparison or export finished.
    Change(change::ChangeOutput),
}

/// A catalog page, its facets and the cache size of each dataset.
pub type CatalogResult =
    Result<(CatalogPage, Vec<Facet>, HashMap<String, u64>), crate::sources::portal::PortalError>;

/// The identify popup's content.
#[derive(Clone, Debug, PartialEq)]
pub struct Identified {
    /// The layer the feature belongs to.
    pub layer: LayerId,
    /// Feature index in the dataset.
    pub feature: usize,
    /// Field name and displayed value.
    pub attributes: Vec<(String, String)>,
}

/// The whole application state.
pub struct TerritoireApp {
    /// Layers, bottom first (drawn first).
    pub layers: Vec<Layer>,
    /// Position, zoom and basemap of the map.
    pub map: MapView,
    /// Preferences.
    pub settings: Settings,
    /// The identify popup, when open.
    pub identified: Option<Identified>,
    /// Under the cursor, `[lon, lat]`.
    pub cursor: Option<[f64; 2]>,
    /// Whether the settings window is open.
    pub settings_open: bool,
    /// The open-data portal panel.
    pub portal: portal::PortalPanel,
    /// The *Sources internes* panel.
    pub internal: internal::InternalPanel,
    /// The attribute table, when open.
    pub table: Option<table::TableView>,
    /// The address search box.
    pub search: search::AddressSearch,
    /// The zone statistics window.
    pub zone_stats: zones::ZoneStatsPanel,
    /// The filter window, when open.
    pub filter_panel: Option<filter::FilterPanel>,
    /// The comparison of two sides on the map.
    pub compare: compare::Compare,
    /// The map export window and the export under way.
    pub print: print::PrintPanel,
    /// The open project: file, title, bookmarks, scenario.
    pub project: project::ProjectState,
    /// Frame times (`TERRITOIRE_FRAME_STATS=1`, `--benchmark-frames`).
    pub frame_stats: frame_stats::FrameStats,
    /// The session saved every few minutes, and one a crash left behind.
    pub autosave: project::autosave::Autosave,
    /// The step shown full screen, while presenting the scenario.
    pub presentation: Option<usize>,
    /// The scenario editor and the state the presentation will give back.
    pub scenario: scenario::ScenarioPanel,
    /// The change view between two versions of a layer.
    pub change: change::ChangePanel,
    /// Layers just added by the user, whose extent the view fits once they have loaded.
    pub(crate) fit: layers::FitOnLoad,
    /// Layers removed in this session, for an undo.
    pub(crate) removed: layers::Removed,
    /// An addition of what is already on the map, waiting for the user's answer.
    pub(crate) duplicate: layers::Duplicate,
    /// The layers of a file that holds several, waiting for the user's choice.
    pub(crate) layer_choice: layers::LayerChoice,
    /// The data-quality panel.
    pub quality: quality::QualityPanel,
    /// The basemap windows and the tile cache.
    pub basemap: basemap::BasemapPanel,
    /// The path typed where no native file dialog can open.
    pub(crate) path_prompt: layers::PathPrompt,
    jobs: JobRunner<JobOutput>,
    /// Filters computed again because a layer they depend on changed, since the filters last
    /// settled (a loop guard: reset once no mask is being computed).
    filter_cascade: usize,
    next_layer_id: u64,
    start: StartOptions,
    screenshot: screenshot::Screenshot,
    ctx: egui::Context,
}

impl TerritoireApp {
    /// Builds the app; opens the files of `start` (or the demo kit) in the background.
    pub fn new(ctx: &egui::Context, start: StartOptions) -> Self {
        let settings = if start.ephemeral {
            Settings::default()
        } else {
            crate::sources::settings_file::load()
        };
        crate::i18n::set_language(start.language.unwrap_or(settings.language));
        // A light map tool reads better on projectors and in printed handouts.
        ctx.set_theme(egui::Theme::Light);
        let repaint_ctx = ctx.clone();
        let mut app = Self {
            layers: Vec::new(),
            map: MapView::new(),
            identified: None,
            cursor: None,
            settings_open: false,
            portal: portal::PortalPanel::default(),
            internal: internal::InternalPanel::default(),
            table: None,
            filter_panel: None,
            compare: compare::Compare::default(),
            print: print::PrintPanel::default(),
            project: project::ProjectState::default(),
            presentation: None,
            autosave: project::autosave::Autosave::default(),
            frame_stats: frame_stats::FrameStats::new(start.benchmark_frames),
            scenario: scenario::ScenarioPanel::default(),
            search: search::AddressSearch::default(),
            zone_stats: zones::ZoneStatsPanel::default(),
            change: change::ChangePanel::default(),
            fit: layers::FitOnLoad::default(),
            removed: layers::Removed::default(),
            layer_choice: layers::LayerChoice::default(),
            quality: quality::QualityPanel::default(),
            basemap: basemap::BasemapPanel::default(),
            duplicate: layers::Duplicate::default(),
            path_prompt: layers::PathPrompt::default(),
            jobs: JobRunner::new(Arc::new(move || repaint_ctx.request_repaint())),
            filter_cascade: 0,
            next_layer_id: 1,
            screenshot: screenshot::Screenshot::new(start.screenshot.clone()),
            ctx: ctx.clone(),
            settings,
            start,
        };
        app.apply_display();
        app.map.tile_server = crate::map::basemap::TileServer {
            url_template: app.start.tile_url.clone(),
            cache_dir: app.start.tile_cache.clone(),
            cache_limit_mb: app.settings.tile_cache_mb,
        };
        if let Some((id, custom)) = app.start.basemap.clone() {
            app.settings.basemap = id;
            if custom.is_some() {
                app.settings.custom_basemap = custom;
            }
        }
        if !app.start.no_basemap {
            app.show_basemap(app.settings.basemap);
        }
        if let Some(portal) = app.start.portal.clone() {
            app.portal.open = true;
            app.apply(crate::app::action::Action::Portal(PortalAction::Add(
                portal,
            )));
        }
        if let Some(address) = app.start.internal.clone() {
            app.open_internal_address(&address);
        }
        app.open_start_files();
        if app.start.screenshot.is_none() {
            app.look_for_autosave();
        }
        if app.project.reading == 0 {
            app.start_compare();
        }
        app
    }

    /// Opens what the command line named: a project, files, or else the demo.
    fn open_start_files(&mut self) {
        let (projects, files): (Vec<PathBuf>, Vec<PathBuf>) =
            self.start.files.iter().cloned().partition(|p| {
                p.extension()
                    .is_some_and(|e| e == crate::sources::project_file::EXTENSION)
            });
        if let Some(project) = projects.into_iter().next() {
            self.apply(crate::app::action::Action::Project(ProjectAction::Open(
                Some(project),
            )));
        }
        if !files.is_empty() {
            self.apply(crate::app::action::Action::Layers(LayersAction::OpenFiles(
                files,
            )));
        } else if !self.start.no_demo && self.project.reading == 0 {
            self.apply(crate::app::action::Action::Layers(LayersAction::OpenDemo));
        }
    }

    /// True while any layer is loading.
    pub fn is_loading(&self) -> bool {
        self.layers
            .iter()
            .any(|l| matches!(l.state, LayerState::Loading { .. }))
    }

    /// The layer with id `id`.
    pub fn layer(&self, id: LayerId) -> Option<&Layer> {
        self.layers.iter().find(|l| l.id == id)
    }

    pub(crate) fn layer_mut(&mut self, id: LayerId) -> Option<&mut Layer> {
        self.layers.iter_mut().find(|l| l.id == id)
    }
}

impl eframe::App for TerritoireApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.drain_jobs();
        self.follow_step();
        self.filters_settle();
        self.refresh_table(false);
        self.address_search_step();
        self.zone_stats_step();
        self.change_step();
        self.take_dropped_files(ctx);
        self.screenshot_step(ctx);
        self.autosave_step();
        self.frame_stats_step(ctx);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.autosave_on_quit();
        self.report_frame_stats();
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let actions = self.ui_panels(ui);
        for action in actions {
            self.apply(action);
        }
        focus::paint_focus_ring(ui.ctx());
    }
}

/// Opens the window and runs until it is closed.
///
/// The renderer comes from `TERRITOIRE_RENDERER` or the settings; when OpenGL cannot start
/// (remote desktops, VMs without a GL driver) the window is opened again with wgpu.
pub fn run(start: StartOptions) -> eframe::Result<()> {
    let settings: Settings = crate::sources::settings_file::load();
    let forced = std::env::var("TERRITOIRE_RENDERER").ok();
    let renderer = match forced.as_deref() {
        Some("wgpu") => eframe::Renderer::Wgpu,
        Some("glow") => eframe::Renderer::Glow,
        _ => match settings.renderer {
            crate::settings::Renderer::Glow => eframe::Renderer::Glow,
            crate::settings::Renderer::Wgpu => eframe::Renderer::Wgpu,
        },
    };
    let result = run_with(renderer, start.clone());
    match result {
        Err(e) if renderer == eframe::Renderer::Glow && forced.is_none() => {
            log::warn!("OpenGL unavailable ({e}), trying wgpu");
            run_with(eframe::Renderer::Wgpu, start)
        }
        other => other,
    }
}

fn run_with(renderer: eframe::Renderer, start: StartOptions) -> eframe::Result<()> {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("Territoire")
        .with_app_id("territoire")
        .with_inner_size([1280.0, 800.0])
        .with_min_inner_size([640.0, 400.0]);
    if let Some(icon) = icon() {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport,
        renderer,
        ..Default::default()
    };
    eframe::run_native(
        "Territoire",
        options,
        Box::new(move |cc| Ok(Box::new(TerritoireApp::new(&cc.egui_ctx, start)))),
    )
}

/// The window icon, from the PNG in `dist/`.
fn icon() -> Option<egui::IconData> {
    let bytes = include_bytes!("../../dist/territoire.png");
    let image = image::load_from_memory_with_format(bytes, image::ImageFormat::Png)
        .ok()?
        .to_rgba8();
    let (width, height) = image.dimensions();
    Some(egui::IconData {
        rgba: image.into_raw(),
        width,
        height,
    })
}
