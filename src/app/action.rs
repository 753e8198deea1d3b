//! What the user asked for, by feature. Panels return actions; the app's `apply` dispatches
//! each to the feature that carries it out.

pub use crate::app::basemap::BasemapAction;
pub use crate::app::change::ChangeAction;
pub use crate::app::compare::CompareAction;
pub use crate::app::filter::FilterAction;
pub use crate::app::internal::InternalAction;
pub use crate::app::layers::LayersAction;
pub use crate::app::portal::PortalAction;
pub use crate::app::print::PrintAction;
pub use crate::app::project::ProjectAction;
pub use crate::app::quality::QualityAction;
pub use crate::app::scenario::ScenarioAction;
pub use crate::app::search::SearchAction;
pub use crate::app::settings::SettingsAction;
pub use crate::app::table::TableAction;
pub use crate::app::zones::ZonesAction;

/// Something the user asked for, named by the feature that carries it out.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Layers: open, show, order, style, remove, identify.
    Layers(LayersAction),
    /// A layer's filter and the filter window.
    Filter(FilterAction),
    /// The open-data portal panel.
    Portal(PortalAction),
    /// The zone statistics window.
    Zones(ZonesAction),
    /// The *Sources internes* panel (PostGIS connections and tables).
    Internal(InternalAction),
    /// The comparison of two sides on the map.
    Compare(CompareAction),
    /// The change view between two versions of a layer.
    Change(ChangeAction),
    /// The attribute table.
    Table(TableAction),
    /// The data-quality panel.
    Quality(QualityAction),
    /// The project: open, save, locate files, bookmarks, the session after a crash.
    Project(ProjectAction),
    /// The training scenario and its presentation.
    Scenario(ScenarioAction),
    /// The map export.
    Print(PrintAction),
    /// The address search.
    Search(SearchAction),
    /// The preferences.
    Settings(SettingsAction),
    /// The basemap: a tile file or server, the tile cache.
    Basemap(BasemapAction),
}

macro_rules! from_feature {
    ($($variant:ident($action:ty)),* $(,)?) => {
        $(impl From<$action> for Action {
            fn from(action: $action) -> Self {
                Self::$variant(action)
            }
        })*
    };
}

from_feature!(
    Basemap(BasemapAction),
    Layers(LayersAction),
    Filter(FilterAction),
    Portal(PortalAction),
    Zones(ZonesAction),
    Internal(InternalAction),
    Compare(CompareAction),
    Change(ChangeAction),
    Table(TableAction),
    Quality(QualityAction),
    Project(ProjectAction),
    Scenario(ScenarioAction),
    Print(PrintAction),
    Search(SearchAction),
    Settings(SettingsAction),
);
