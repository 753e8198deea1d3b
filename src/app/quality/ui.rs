//! The data-quality window: one line per check with its count, a button selecting its rows,
//! and the CSV export.

use egui::{Color32, RichText, Ui};

use crate::analysis::quality::Check;
use crate::app::TerritoireApp;
use crate::app::action::{Action, QualityAction};
use crate::i18n::{format_count, tr, tr_args, tr_count};

impl TerritoireApp {
    pub(crate) fn quality_ui(&self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        let Some(layer) = self.quality.layer.and_then(|id| self.layer(id)) else {
            return;
        };
        let mut open = true;
        egui::Window::new(tr_args("quality-title", &[("layer", &layer.name)]))
            .id(egui::Id::unique("quality"))
            .open(&mut open)
            .default_width(460.0)
            .show(ctx, |ui| match &self.quality.report {
                None => {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label(tr("quality-computing"));
                    });
                }
                Some(report) => {
                    ui.label(tr_count("quality-features", report.features as u64, &[]));
                    ui.separator();
                    for check in &report.checks {
                        check_ui(ui, check, actions);
                    }
                    ui.separator();
                    self.quality_export_ui(ui, actions);
                }
            });
        if !open {
            actions.push(Action::Quality(QualityAction::Close));
        }
    }

    fn quality_export_ui(&self, ui: &mut Ui, actions: &mut Vec<Action>) {
        if ui.button(tr("quality-export")).clicked() {
            actions.push(Action::Quality(QualityAction::Export(None)));
        }
        match &self.quality.notice {
            Some(Ok(path)) => {
                ui.label(
                    RichText::new(tr_args(
                        "quality-exported",
                        &[("path", &path.display().to_string())],
                    ))
                    .small(),
                );
            }
            Some(Err(error)) => {
                ui.colored_label(ui.visuals().error_fg_color, error.to_string());
            }
            None => {}
        }
    }
}

/// One check: a mark, its name and count, what it found, and *Sélectionner*.
fn check_ui(ui: &mut Ui, check: &Check, actions: &mut Vec<Action>) {
    ui.horizontal_wrapped(|ui| {
        let (mark, color) = if check.count == 0 {
            ("✔", Color32::from_rgb(0x1b, 0x6e, 0x35))
        } else {
            ("⚠", Color32::from_rgb(0xa0, 0x50, 0x00))
        };
        ui.label(RichText::new(mark).color(color));
        let count = format_count(check.count as u64);
        let name = tr(check.id.locale_key());
        ui.label(tr_args(
            "cli-check-line",
            &[("check", &name), ("count", &count)],
        ));
        if !check.fields.is_empty() {
            ui.label(RichText::new(check.fields.join(", ")).weak());
        }
        if let Some(swapped) = check.swapped.filter(|&n| n > 0) {
            ui.label(RichText::new(tr_count("cli-check-swapped", swapped as u64, &[])).weak());
        }
        if !check.rows.is_empty() && ui.button(tr("quality-select")).clicked() {
            actions.push(Action::Quality(QualityAction::Select(check.id)));
        }
    });
}
