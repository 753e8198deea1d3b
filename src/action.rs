//! One enum of user intents. Panels return actions; the app's `apply` is the only mutator.

use std::path::PathBuf;

use crate::app::LayerId;
use crate::app::portal::LoadScope;
use crate::i18n::Language;
use crate::settings::{BasemapId, Renderer};
use crate::sources::portal::{DatasetMeta, PortalUrl};

/// Something the user asked for.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Show the native file dialog (in the background).
    ShowOpenDialog,
    /// Load these files as new layers.
    OpenFiles(Vec<PathBuf>),
    /// Load the bundled demo layers.
    OpenDemo,
    /// Show or hide a layer.
    SetVisible(LayerId, bool),
    /// Move a layer up (+1, drawn later, above) or down (−1).
    MoveLayer(LayerId, i32),
    /// Move a layer to a position in the list (drag and drop), 0 being the top of the list.
    MoveLayerTo(LayerId, usize),
    /// Change a layer's look.
    SetStyle(LayerId, crate::map::LayerStyle),
    /// Rename a layer.
    Rename(LayerId, String),
    /// Remove a layer.
    Remove(LayerId),
    /// Fit the view to a layer.
    ZoomToLayer(LayerId),
    /// Back to the whole of Angers.
    ZoomToAngers,
    /// Stop a layer's load.
    CancelLoad(LayerId),
    /// Load a layer again, with this source CRS (or the declared one).
    Reload(LayerId, Option<String>),
    /// Switch the basemap.
    SetBasemap(BasemapId),
    /// Turn the comparison of two sides on or off.
    ToggleCompare,
    /// Change the comparison's mode, divider, lens or opacity.
    SetCompareView(crate::map::CompareView),
    /// Put a layer on a side of the comparison.
    SetCompareSide(LayerId, crate::app::compare::Side),
    /// Add the current view and visible layers as a bookmark with this name.
    AddBookmark(String),
    /// Show a bookmark.
    GoToBookmark(usize),
    /// Forget a bookmark.
    RemoveBookmark(usize),
    /// Show or hide the scenario editor.
    ToggleScenario,
    /// Add the current state as a step: title and text.
    CaptureStep(String, String),
    /// Replace a step's state by the current one.
    RecaptureStep(usize),
    /// Change a step's title and text.
    EditStep(usize, String, String),
    /// Show a step.
    GoToStep(usize),
    /// Move a step up (−1) or down (+1).
    MoveStep(usize, i32),
    /// Remove a step.
    RemoveStep(usize),
    /// Present the scenario from this step, full screen.
    StartPresentation(usize),
    /// Next (+1) or previous (−1) step of the presentation.
    PresentationStep(i64),
    /// Back to step 1 and its original state.
    ResetExercise,
    /// Leave the presentation.
    StopPresentation,
    /// Take back the session a crash left behind (`true`) or drop it.
    RestoreSession(bool),
    /// Open a project file, or ask which first.
    OpenProject(Option<PathBuf>),
    /// Save the project: to this file, to its own, or asking where.
    SaveProject(Option<PathBuf>),
    /// Save the project under another name (asks where).
    SaveProjectAs,
    /// A layer's file is now there (`None`: ask where first).
    LocateFile(LayerId, Option<PathBuf>),
    /// Show or hide the map export window.
    ToggleMapExport,
    /// Set the title of the exported map.
    SetPrintTitle(String),
    /// Export the map as PNG: to this file, or asking where first.
    ExportMap(Option<PathBuf>),
    /// Switch the interface language.
    SetLanguage(Language),
    /// Choose the renderer for the next start.
    SetRenderer(Renderer),
    /// Look for a feature under a click: `[lon, lat]` and tolerance in degrees.
    Identify([f64; 2], f64),
    /// Close the attribute popup.
    CloseIdentify,
    /// Show or hide the settings window.
    ToggleSettings,
    /// Show a layer's attribute table.
    ShowTable(LayerId),
    /// Close the attribute table.
    CloseTable,
    /// Change how the attribute table lists rows (filtered only, search, sort).
    SetTableQuery(crate::app::table::TableQuery),
    /// Select rows of the attribute table (feature indices); `add` toggles them in the
    /// selection; `zoom` fits the map to them.
    SelectRows {
        /// The rows.
        rows: Vec<usize>,
        /// Toggle them in the current selection instead of replacing it.
        add: bool,
        /// Fit the map to them.
        zoom: bool,
    },
    /// Fit the map to these rows of the attribute table's layer.
    ZoomToRows(Vec<usize>),
    /// The attribute table scrolled to the row asked for.
    TableScrolled,
    /// Export the rows listed in the attribute table: to this file, or asking where first.
    ExportRows(
        crate::sources::export_file::ExportFormat,
        Option<std::path::PathBuf>,
    ),
    /// Copy the selected rows (or all listed rows) to the clipboard.
    CopyRows,
    /// Show or hide the open-data portal panel.
    TogglePortal,
    /// Choose the portal at this index of the list.
    SelectPortal(usize),
    /// Add a portal address to the list.
    AddPortal(String),
    /// Search the catalog with the panel's text and facets.
    SearchCatalog,
    /// Tick or untick a facet value (`theme`, `Environnement`).
    ToggleFacet(String, String),
    /// Keep or drop a field of a dataset before downloading it.
    ToggleField(String, String),
    /// Add a dataset of the catalog as a layer (asks first when it is large).
    AddPortalDataset(PortalUrl, Box<DatasetMeta>),
    /// Add the dataset named by a pasted page URL, API URL or id.
    PasteDataset(String),
    /// Load the pending large dataset with this scope (and the typed filter).
    LoadLarge(LoadScope),
    /// Give up the pending large dataset.
    CancelLarge,
    /// Delete the cached copies of a dataset of the current portal.
    ClearPortalCache(String),
    /// Save (or with `None`, forget) the API key of the current portal.
    SetPortalKey(Option<String>),
    /// The address search box's text changed.
    SearchAddress(String),
    /// Go to a suggested address and mark it.
    GoToAddress(Box<crate::sources::geocoder::Suggestion>),
    /// Close the address suggestions.
    CloseAddressSearch,
    /// Use another address service (base URL), saved in the settings.
    SetGeocoderUrl(String),
    /// Remove the marker of a found address.
    ClearMarker,
    /// Pick the zones of this condition of place by clicking them on the map (`None` stops).
    PickZones(Option<usize>),
    /// Draw the shape of this condition of place on the map.
    StartSketch(usize, crate::map::SketchKind),
    /// The map drawing finished or was given up.
    SketchFinished(crate::map::SketchEvent),
    /// Show or hide the zone statistics window.
    ToggleZoneStats,
    /// The zone statistics window changed.
    EditZoneStats(Box<crate::app::zone_stats_ui::ZoneStatsEdit>),
    /// Open the filter window on a layer.
    OpenFilter(LayerId),
    /// Close the filter window (the filter stays).
    CloseFilter,
    /// The filter window changed: builder, typed expression or name.
    EditFilter(Box<crate::app::filter::FilterEdit>),
    /// Remove a layer's filter.
    ClearFilter(LayerId),
    /// Hide or grey out what a layer's filter leaves out.
    SetFilterMode(LayerId, crate::app::FilterMode),
    /// Ask for what a field holds (values with counts, histogram) for its picker.
    SummarizeField(String),
    /// Save the filter window's filter under its name.
    SaveFilter,
    /// Use a saved filter (index in the settings) on the filter window's layer.
    UseSavedFilter(usize),
    /// Forget a saved filter.
    DeleteSavedFilter(usize),
    /// Download a portal layer again with its filter sent to the portal.
    ReloadWithFilter(LayerId),
    /// Mark a layer as holding personal data (statistical secrecy applies to its counts).
    SetPersonal(LayerId, bool),
    /// Hide counts of personal data below this threshold; saved in the settings.
    SetSecrecyThreshold(usize),
    /// Filter a layer to its features farther than a distance from another layer (kept with
    /// its current filter).
    FilterFarFrom {
        /// The layer filtered.
        layer: LayerId,
        /// The other layer.
        other: LayerId,
        /// The distance as typed, in metres.
        metres: String,
    },
    /// Export the zone statistics table as CSV: to this file, or asking where first.
    ExportZoneTable(Option<PathBuf>),
    /// Change the interface size, contrast and map labels; saved in the settings.
    SetDisplay(crate::settings::DisplaySettings),
    /// Turn the presentation mode (large, high contrast) on, or back to the previous display.
    TogglePresentation,
    /// Something in the change view between two versions of a layer.
    Change(crate::app::change::ChangeAction),
}
