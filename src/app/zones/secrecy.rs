//! Statistical secrecy in the zone window: the figures protected as the layers' personal marks
//! and the threshold stand now, the other layers' columns included.

use std::sync::Arc;

use super::ZoneStatsPanel;
use crate::analysis::secrecy::{Secrecy, Shown, shown_column};
use crate::app::TerritoireApp;

impl ZoneStatsPanel {
    /// The count of the `other`-th more layer in zone `row` as it may be shown.
    pub fn other_count(&self, other: usize, row: usize) -> Shown {
        self.others_shown
            .get(other)
            .and_then(|column| column.get(row))
            .copied()
            .unwrap_or(Shown::Missing)
    }
}

impl TerritoireApp {
    /// Applies secrecy as the layers' personal marks and the threshold stand now: counts withheld
    /// so that no hidden count can be derived, in the table and in each other layer's column.
    pub(super) fn protect_zone_figures(&mut self) {
        let secrecy = self.zone_secrecy();
        let threshold = self.settings.secrecy_threshold;
        let personal: Vec<bool> = self
            .zone_stats
            .other_counts
            .iter()
            .map(|o| self.layer(o.layer).is_some_and(|l| l.personal))
            .collect();
        let panel = &mut self.zone_stats;
        if let Some(table) = panel.table.as_mut() {
            Arc::make_mut(table).protect(secrecy);
        }
        let others = Arc::make_mut(&mut panel.other_counts);
        for (o, personal) in others.iter_mut().zip(personal) {
            o.secrecy = personal.then_some(Secrecy { threshold });
        }
        panel.others_shown = others
            .iter()
            .map(|o| shown_column(&o.counts, o.secrecy))
            .collect();
    }
}
