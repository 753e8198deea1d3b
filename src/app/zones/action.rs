//! What the user can ask of the zone statistics window, and how the app carries it out.

use crate::app::TerritoireApp;
use std::path::PathBuf;

/// Something the user asked of the zone statistics window.
#[derive(Clone, Debug, PartialEq)]
pub enum ZonesAction {
    /// Show or hide the zone statistics window.
    Toggle,
    /// The zone statistics window changed.
    Edit(Box<crate::app::zones::edit::ZoneStatsEdit>),
    /// Export the zone statistics table as CSV: to this file, or asking where first.
    ExportTable(Option<PathBuf>),
    /// Take the choropleth off the map and close the window (closing alone keeps it).
    Remove,
}

impl TerritoireApp {
    /// Carries out one request about the zone statistics window.
    pub(crate) fn apply_zones(&mut self, action: ZonesAction) {
        match action {
            ZonesAction::Toggle => self.toggle_zone_stats(),
            ZonesAction::Edit(edit) => {
                let e = *edit;
                let p = &mut self.zone_stats;
                p.zones = e.zones;
                p.indicator = e.indicator;
                p.near = e.near;
                p.near_metres = e.near_metres;
                p.measure = e.measure;
                p.method = e.method;
                p.manual = e.manual;
                p.classes = e.classes;
                p.palette = e.palette;
                p.sort_by_value = e.sort_by_value;
                p.field = e.field;
                p.others = e.others;
                self.classify_zones();
            }
            ZonesAction::ExportTable(path) => self.export_zone_table(path),
            ZonesAction::Remove => {
                let p = &mut self.zone_stats;
                p.open = false;
                p.zones = None;
                p.table = None;
                p.job = None;
                p.inputs = Default::default();
                self.classify_zones();
            }
        }
    }
}
