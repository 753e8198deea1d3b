//! What the zone statistics window changed in a frame: the panel's settings, edited by the window and applied by an action.

use crate::analysis::classes::Palette;
use crate::app::LayerId;
use crate::app::zones::{Measure, MethodChoice, ZoneStatsPanel};

/// What the window changed.
#[derive(Clone, Debug, PartialEq)]
pub struct ZoneStatsEdit {
    /// The zone layer.
    pub zones: Option<LayerId>,
    /// The layer counted.
    pub indicator: Option<LayerId>,
    /// The layer whose nearness is measured.
    pub near: Option<LayerId>,
    /// The distance, as typed.
    pub near_metres: String,
    /// What colours the zones.
    pub measure: Measure,
    /// How bounds are chosen.
    pub method: MethodChoice,
    /// Manual bounds as typed.
    pub manual: String,
    /// Number of classes.
    pub classes: usize,
    /// Colours.
    pub palette: Palette,
    /// Ranking by value (else by name).
    pub sort_by_value: bool,
    /// The numeric field summed and averaged.
    pub field: Option<String>,
    /// Other layers counted per zone beside the main one.
    pub others: Vec<LayerId>,
}

impl ZoneStatsEdit {
    /// The panel's settings, as the window starts editing them.
    pub(crate) fn of(p: &ZoneStatsPanel) -> Self {
        Self {
            zones: p.zones,
            indicator: p.indicator,
            near: p.near,
            near_metres: p.near_metres.clone(),
            others: p.others.clone(),
            measure: p.measure,
            method: p.method,
            manual: p.manual.clone(),
            classes: p.classes,
            palette: p.palette,
            sort_by_value: p.sort_by_value,
            field: p.field.clone(),
        }
    }
}
