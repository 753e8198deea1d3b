//! The filter window: conditions in plain French (field, operator, value pickers), ET / OU
//! groups, the live count, the expression for power users, saved filters.

use egui::{Color32, RichText, Ui};

use super::conditions_ui::{field_choices, groups_ui};
use crate::app::TerritoireApp;
use crate::app::action::{Action, FilterAction};
use crate::app::filter::{FilterEdit, FilterPanel};
use crate::data::Dataset;
use crate::filter::preset::Preset;
use crate::i18n::{tr, tr_args};

impl TerritoireApp {
    pub(crate) fn filter_ui(&self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        let Some(panel) = &self.filter_panel else {
            return;
        };
        let Some(layer) = self.layer(panel.layer) else {
            return;
        };
        let Some(dataset) = layer.dataset.clone() else {
            return;
        };
        let preset = layer.preset();
        let choices = field_choices(&dataset, preset);
        let mut edit = FilterEdit {
            draft: panel.draft.clone(),
            typed: None,
            name: panel.name.clone(),
            places: panel.places.clone(),
        };
        let mut open = true;
        egui::Window::new(tr_args("filter-title", &[("layer", &layer.name)]))
            .id(egui::Id::unique("filter-window"))
            .open(&mut open)
            .default_size([520.0, 560.0])
            .default_pos([312.0, 40.0])
            .resizable(true)
            .show(ctx, |ui| {
                count_ui(ui, layer, &dataset, preset);
                ui.separator();
                egui::ScrollArea::vertical()
                    .id_salt("filter-scroll")
                    // The buttons below stay on screen, however many conditions there are.
                    .max_height((ctx.content_rect().height() - 260.0).max(160.0))
                    .show(ui, |ui| {
                        if panel.custom {
                            ui.label(RichText::new(tr("filter-custom")).italics());
                        } else {
                            groups_ui(ui, panel, &choices, &mut edit, actions);
                        }
                        ui.separator();
                        self.places_ui(ui, panel, &mut edit.places, actions);
                        ui.separator();
                        let lines: Vec<String> = edit
                            .places
                            .iter()
                            .filter_map(|p| super::place_text::place_line(p, &self.layers))
                            .collect();
                        expression_ui(ui, panel, &lines, &mut edit);
                        ui.separator();
                        name_ui(ui, panel, &mut edit, actions);
                        saved_ui(ui, self, &dataset, actions);
                    });
                ui.separator();
                footer_ui(ui, layer, actions);
            });
        if !open {
            actions.push(Action::Filter(FilterAction::Close));
        }
        if edit.typed.is_some()
            || edit.draft != panel.draft
            || edit.name != panel.name
            || edit.places != panel.places
        {
            actions.push(Action::Filter(FilterAction::Edit(Box::new(edit))));
        }
    }
}

/// "12 345 sur 98 000 adresses", with a spinner while a large layer is being filtered.
fn count_ui(ui: &mut Ui, layer: &crate::app::Layer, dataset: &Dataset, preset: Option<&Preset>) {
    let total = dataset.len();
    let kept = layer.filter.as_ref().map_or(total, |f| f.count);
    let noun = preset.map_or_else(|| tr("filter-noun-default"), |p| p.noun.get().to_owned());
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(tr_args(
                "filter-count",
                &[
                    ("kept", &crate::app::format_count(kept)),
                    ("total", &crate::app::format_count(total)),
                    ("noun", &noun),
                ],
            ))
            .heading(),
        );
        if layer.filter_job.is_some() {
            ui.spinner().on_hover_text(tr("filter-computing"));
        }
    });
    if let Some(p) = preset {
        ui.label(
            RichText::new(tr_args("filter-preset", &[("noun", p.noun.get())]))
                .small()
                .weak(),
        );
    }
}

/// The expression for power users: shown, editable, with the error pointing at its column.
/// The conditions of place follow, read-only (they are set above).
fn expression_ui(ui: &mut Ui, panel: &FilterPanel, places: &[String], edit: &mut FilterEdit) {
    egui::CollapsingHeader::new(tr("filter-expression"))
        .id_salt("filter-expression")
        .default_open(panel.custom)
        .show(ui, |ui| {
            let mut text = panel.expression.clone();
            let response = ui.add(
                egui::TextEdit::multiline(&mut text)
                    .id_salt("filter-expression-text")
                    .code_editor()
                    .desired_rows(2)
                    .desired_width(f32::INFINITY)
                    .hint_text(tr("filter-expression-hint")),
            );
            if response.changed() {
                edit.typed = Some(text);
            }
            if !places.is_empty() {
                ui.label(RichText::new(tr("filter-expression-places")).small().weak());
                for line in places {
                    ui.label(RichText::new(format!("AND {line}")).monospace().weak());
                }
            }
        });
    if let Some(problem) = &panel.problem {
        let red = Color32::from_rgb(0xb0, 0x20, 0x20);
        match problem.position {
            Some(position) => {
                ui.label(
                    RichText::new(tr_args(
                        "filter-error-at",
                        &[
                            ("column", &(position + 1).to_string()),
                            ("message", &problem.message),
                        ],
                    ))
                    .color(red),
                );
                let caret = format!(
                    "{}\n{}^",
                    panel.expression,
                    " ".repeat(panel.expression[..].chars().take(position).count())
                );
                ui.label(RichText::new(caret).monospace().color(red));
            }
            None => {
                ui.label(RichText::new(&problem.message).color(red));
            }
        }
    }
}

fn name_ui(ui: &mut Ui, panel: &FilterPanel, edit: &mut FilterEdit, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        let label = ui.label(tr("filter-name"));
        ui.add(
            egui::TextEdit::singleline(&mut edit.name)
                .id_salt("filter-name")
                .hint_text(tr("filter-name-hint"))
                .desired_width(180.0),
        )
        .labelled_by(label.id);
        let can_save = !panel.name.trim().is_empty() && !panel.expression.trim().is_empty();
        if ui
            .add_enabled(can_save, egui::Button::new(tr("filter-save")))
            .on_hover_text(tr("filter-save-hint"))
            .clicked()
        {
            actions.push(Action::Filter(FilterAction::Save));
        }
    });
}

/// Saved filters that fit this layer's fields, one click to use.
fn saved_ui(ui: &mut Ui, app: &TerritoireApp, dataset: &Dataset, actions: &mut Vec<Action>) {
    let saved = &app.settings.saved_filters;
    if saved.is_empty() {
        return;
    }
    egui::CollapsingHeader::new(tr_args(
        "filter-saved",
        &[("count", &saved.len().to_string())],
    ))
    .id_salt("filter-saved")
    .show(ui, |ui| {
        for (i, filter) in saved.iter().enumerate() {
            let fits = crate::app::filter::fits(filter, dataset);
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(fits, egui::Button::new(&filter.name))
                    .on_hover_text(&filter.expression)
                    .on_disabled_hover_text(tr("filter-saved-unfit"))
                    .clicked()
                {
                    actions.push(Action::Filter(FilterAction::UseSaved(i)));
                }
                if ui
                    .small_button("×")
                    .on_hover_text(tr("filter-saved-delete"))
                    .accessible_name(format!("{} ({})", tr("filter-saved-delete"), filter.name))
                    .clicked()
                {
                    actions.push(Action::Filter(FilterAction::DeleteSaved(i)));
                }
            });
        }
    });
}

fn footer_ui(ui: &mut Ui, layer: &crate::app::Layer, actions: &mut Vec<Action>) {
    ui.horizontal_wrapped(|ui| {
        let mut mode = layer.filter_mode;
        ui.radio_value(
            &mut mode,
            crate::app::FilterMode::Hide,
            tr("filter-mode-hide"),
        );
        ui.radio_value(
            &mut mode,
            crate::app::FilterMode::Grey,
            tr("filter-mode-grey"),
        );
        if mode != layer.filter_mode {
            actions.push(Action::Filter(FilterAction::SetMode(layer.id, mode)));
        }
    });
    ui.horizontal(|ui| {
        if ui
            .add_enabled(
                layer.filter.is_some(),
                egui::Button::new(tr("filter-clear")),
            )
            .clicked()
        {
            actions.push(Action::Filter(FilterAction::Clear(layer.id)));
        }
        if matches!(layer.source, crate::app::LayerSource::Portal { .. })
            && ui
                .add_enabled(
                    layer.filter.is_some(),
                    egui::Button::new(tr("filter-reload-portal")),
                )
                .on_hover_text(tr("filter-reload-portal-hint"))
                .clicked()
        {
            actions.push(Action::Filter(FilterAction::ReloadWithFilter(layer.id)));
        }
        if ui.button(tr("action-close")).clicked() {
            actions.push(Action::Filter(FilterAction::Close));
        }
    });
}
