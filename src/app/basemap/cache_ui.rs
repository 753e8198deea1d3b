//! The tile cache in the preferences: its size limit, what it holds, *Vider*.

use egui::Ui;

use super::BasemapAction;
use crate::app::TerritoireApp;
use crate::app::action::Action;
use crate::i18n::{tr, tr_args};

impl TerritoireApp {
    /// The tile cache's part of the preferences window.
    pub(crate) fn tile_cache_ui(&self, ui: &mut Ui, actions: &mut Vec<Action>) {
        ui.horizontal(|ui| {
            let label = ui.label(tr("settings-tile-cache"));
            let mut mb = self.settings.tile_cache_mb;
            let edit = egui::DragValue::new(&mut mb)
                .range(10..=100_000)
                .suffix(" Mo");
            if ui.add(edit).labelled_by(label.id).changed() {
                actions.push(Action::Basemap(BasemapAction::SetCacheLimit(mb)));
            }
        });
        ui.horizontal(|ui| {
            let held = match self.basemap.cache_bytes {
                Some(bytes) => {
                    let mb = format!("{:.1}", bytes as f64 / 1e6);
                    tr_args("settings-tile-cache-held", &[("mb", &mb)])
                }
                None => String::new(),
            };
            let clear = ui.add_enabled(
                !self.basemap.cache_busy,
                egui::Button::new(tr("settings-tile-cache-clear")),
            );
            if clear.clicked() {
                actions.push(Action::Basemap(BasemapAction::ClearCache));
            }
            if self.basemap.cache_bytes.is_none() && !self.basemap.cache_busy {
                actions.push(Action::Basemap(BasemapAction::MeasureCache));
            }
            ui.label(held);
        });
        if let Some(key) = self.basemap.notice {
            ui.colored_label(ui.visuals().warn_fg_color, tr(key));
        }
        ui.small(tr("settings-tile-cache-note"));
    }
}
