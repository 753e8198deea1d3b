//! The *Préparer le hors-ligne…* window: extent, zooms, what it will take, then progress.

use egui::Ui;

use super::{BasemapAction, OfflineExtent};
use crate::app::TerritoireApp;
use crate::app::action::Action;
use crate::i18n::{format_count, tr, tr_args};
use crate::sources::tiles::seed;

impl TerritoireApp {
    /// The session preparation window, while open.
    pub(crate) fn basemap_offline_ui(&self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        if !self.basemap.offline.open {
            return;
        }
        let mut open = true;
        egui::Window::new(tr("offline-title"))
            .id(egui::Id::unique("basemap-offline"))
            .open(&mut open)
            .resizable(false)
            .collapsible(false)
            .show(ctx, |ui| self.offline_form_ui(ui, actions));
        if !open {
            actions.push(Action::Basemap(BasemapAction::CloseOffline));
        }
    }

    fn offline_form_ui(&self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let form = &self.basemap.offline;
        let Some((spec, _)) = self.shown_tile_spec() else {
            ui.label(tr("offline-no-basemap"));
            return;
        };
        if spec.is_file() {
            ui.label(tr("offline-already-local"));
            return;
        }
        if seed::is_osm_public(&spec) {
            ui.colored_label(ui.visuals().warn_fg_color, tr("seed-osm-refused"));
            return;
        }
        let mut choice = (form.extent, form.min_zoom, form.max_zoom, form.to_file);
        ui.label(tr("offline-extent"));
        ui.radio_value(
            &mut choice.0,
            OfflineExtent::Territory,
            tr("offline-extent-territory"),
        );
        ui.radio_value(
            &mut choice.0,
            OfflineExtent::View,
            tr("offline-extent-view"),
        );
        ui.horizontal(|ui| {
            let label = ui.label(tr("offline-zoom-min"));
            ui.add(egui::DragValue::new(&mut choice.1).range(0..=19))
                .labelled_by(label.id);
            let label = ui.label(tr("offline-zoom-max"));
            ui.add(egui::DragValue::new(&mut choice.2).range(0..=19))
                .labelled_by(label.id);
        });
        ui.checkbox(&mut choice.3, tr("offline-to-file"));
        if choice != (form.extent, form.min_zoom, form.max_zoom, form.to_file) {
            actions.push(Action::Basemap(BasemapAction::SetOffline {
                extent: choice.0,
                min_zoom: choice.1,
                max_zoom: choice.2.max(choice.1),
                to_file: choice.3,
            }));
        }
        self.offline_estimate_ui(ui, actions);
    }

    /// The count and size before starting; progress and cancel while running; the outcome.
    fn offline_estimate_ui(&self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let form = &self.basemap.offline;
        let count = seed::tile_count(
            self.offline_bbox(),
            form.min_zoom..=form.max_zoom.max(form.min_zoom),
        );
        let mb = (count * seed::TILE_BYTES_ESTIMATE) as f64 / 1e6;
        ui.label(tr_args(
            "offline-estimate",
            &[("tiles", &format_count(count)), ("mb", &format!("{mb:.0}"))],
        ));
        if !form.to_file && mb > self.settings.tile_cache_mb as f64 {
            ui.colored_label(ui.visuals().warn_fg_color, tr("offline-over-cache"));
        }
        if let Some(job) = form.job {
            let fraction = self
                .jobs
                .progress(job)
                .and_then(|p| p.fraction())
                .unwrap_or(0.0);
            ui.add(egui::ProgressBar::new(fraction).show_percentage());
            if ui.button(tr("offline-cancel")).clicked() {
                actions.push(Action::Basemap(BasemapAction::CancelOffline));
            }
            return;
        }
        let allowed = count <= seed::MAX_TILES;
        if !allowed {
            ui.colored_label(ui.visuals().warn_fg_color, tr("seed-too-many"));
        }
        if ui
            .add_enabled(allowed, egui::Button::new(tr("offline-start")))
            .clicked()
        {
            actions.push(Action::Basemap(BasemapAction::StartOffline));
        }
        match &form.result {
            Some(Ok(report)) => {
                let mb = format!("{:.1}", report.bytes as f64 / 1e6);
                ui.label(tr_args(
                    "seed-done",
                    &[
                        ("ready", &format_count(report.ready)),
                        ("missing", &format_count(report.missing)),
                        ("failed", &format_count(report.failed)),
                        ("mb", &mb),
                    ],
                ));
            }
            Some(Err(key)) => {
                ui.colored_label(ui.visuals().warn_fg_color, tr(key));
            }
            None => {}
        }
    }
}
