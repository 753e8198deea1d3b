//! The filter window: conditions in plain French (field, operator, value pickers), ET / OU
//! groups, the live count, the expression for power users, saved filters.

use egui::{Color32, RichText, Ui};

use super::TerritoireApp;
use super::filter::{FieldSummary, FilterEdit, FilterPanel};
use crate::action::Action;
use crate::data::{Dataset, FieldType};
use crate::filter::preset::{Picker, Preset};
use crate::filter::{Condition, Group, Join, Operator};
use crate::i18n::{tr, tr_args};

/// Values listed at once in a picker (the search box narrows the rest).
const MAX_LISTED: usize = 300;

/// A field offered in the field list.
struct FieldChoice {
    name: String,
    label: String,
    field_type: FieldType,
    picker: Option<Picker>,
}

/// The preset's fields first, with their labels, then every other field by name.
fn field_choices(dataset: &Dataset, preset: Option<&Preset>) -> Vec<FieldChoice> {
    let names: Vec<&str> = dataset.columns.iter().map(|c| c.name.as_str()).collect();
    let mut out: Vec<FieldChoice> = Vec::new();
    if let Some(preset) = preset {
        for (name, field) in preset.present(&names) {
            if let Some(column) = dataset.column(name) {
                out.push(FieldChoice {
                    name: name.to_owned(),
                    label: field.label.get().to_owned(),
                    field_type: column.field_type(),
                    picker: Some(field.picker),
                });
            }
        }
    }
    for column in &dataset.columns {
        if !out.iter().any(|c| c.name == column.name) {
            out.push(FieldChoice {
                name: column.name.clone(),
                label: column.name.clone(),
                field_type: column.field_type(),
                picker: None,
            });
        }
    }
    out
}

/// A new condition on a field, with the operator its picker suggests.
fn condition_for(choice: &FieldChoice) -> Condition {
    let mut c = Condition::new(&choice.name, choice.field_type);
    let wanted = match choice.picker {
        Some(Picker::Values) => Operator::Is,
        Some(Picker::Range) => Operator::Between,
        Some(Picker::Text) => Operator::Contains,
        None => c.op,
    };
    if Operator::for_type(choice.field_type).contains(&wanted) {
        c.op = wanted;
    }
    c
}

impl TerritoireApp {
    pub(super) fn filter_ui(&self, ctx: &egui::Context, actions: &mut Vec<Action>) {
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
                        expression_ui(ui, panel, &mut edit);
                        ui.separator();
                        name_ui(ui, panel, &mut edit, actions);
                        saved_ui(ui, self, &dataset, actions);
                    });
                ui.separator();
                footer_ui(ui, layer, actions);
            });
        if !open {
            actions.push(Action::CloseFilter);
        }
        if edit.typed.is_some()
            || edit.draft != panel.draft
            || edit.name != panel.name
            || edit.places != panel.places
        {
            actions.push(Action::EditFilter(Box::new(edit)));
        }
    }
}

/// "12 345 sur 98 000 adresses", with a spinner while a large layer is being filtered.
fn count_ui(ui: &mut Ui, layer: &super::Layer, dataset: &Dataset, preset: Option<&Preset>) {
    let total = dataset.len();
    let kept = layer.filter.as_ref().map_or(total, |f| f.count);
    let noun = preset.map_or_else(|| tr("filter-noun-default"), |p| p.noun.get().to_owned());
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(tr_args(
                "filter-count",
                &[
                    ("kept", &super::layers_ui::format_count(kept)),
                    ("total", &super::layers_ui::format_count(total)),
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

/// The AND/OR choice, named for screen readers by the label before it.
fn join_ui(
    ui: &mut Ui,
    id: impl std::hash::Hash + std::fmt::Debug,
    join: &mut Join,
    long: bool,
    label: egui::Id,
) {
    let text = |j: Join| match (long, j) {
        (true, Join::And) => tr("filter-join-all"),
        (true, Join::Or) => tr("filter-join-any"),
        (false, j) => tr(j.label_key()),
    };
    egui::ComboBox::from_id_salt(id)
        .selected_text(text(*join))
        .show_ui(ui, |ui| {
            for j in [Join::And, Join::Or] {
                ui.selectable_value(join, j, text(j));
            }
        })
        .response
        .labelled_by(label);
}

fn groups_ui(
    ui: &mut Ui,
    panel: &FilterPanel,
    choices: &[FieldChoice],
    edit: &mut FilterEdit,
    actions: &mut Vec<Action>,
) {
    if edit.draft.groups.is_empty() {
        edit.draft.groups.push(Group::default());
    }
    let many = edit.draft.groups.len() > 1;
    let mut remove_group = None;
    let top_join = &mut edit.draft.join;
    for (g, group) in edit.draft.groups.iter_mut().enumerate() {
        if g > 0 {
            ui.horizontal(|ui| {
                let label = ui.label(tr("filter-between-groups"));
                join_ui(ui, ("top-join", g), top_join, false, label.id);
            });
        }
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                if many {
                    ui.label(
                        RichText::new(tr_args("filter-group", &[("n", &(g + 1).to_string())]))
                            .strong(),
                    );
                }
                let label = ui.label(tr("filter-keep"));
                join_ui(ui, ("join", g), &mut group.join, true, label.id);
                if many && ui.small_button(tr("filter-remove-group")).clicked() {
                    remove_group = Some(g);
                }
            });
            let mut remove = None;
            for (c, condition) in group.conditions.iter_mut().enumerate() {
                if condition_ui(ui, (g, c), condition, choices, panel, actions) {
                    remove = Some(c);
                }
            }
            if let Some(c) = remove {
                group.conditions.remove(c);
            }
            if ui.button(tr("filter-add-condition")).clicked() {
                group.conditions.push(Condition::new("", FieldType::Text));
            }
        });
    }
    if let Some(g) = remove_group {
        edit.draft.groups.remove(g);
    }
    if ui.button(tr("filter-add-group")).clicked() {
        edit.draft.groups.push(Group::default());
    }
}

/// One condition's row and picker; returns true when the user removes it.
fn condition_ui(
    ui: &mut Ui,
    at: (usize, usize),
    condition: &mut Condition,
    choices: &[FieldChoice],
    panel: &FilterPanel,
    actions: &mut Vec<Action>,
) -> bool {
    let mut removed = false;
    ui.horizontal_wrapped(|ui| {
        let current = choices.iter().find(|c| c.name == condition.field);
        let shown = current.map_or_else(|| tr("filter-pick-field"), |c| c.label.clone());
        egui::ComboBox::from_id_salt(("field", at))
            .selected_text(shown)
            .width(170.0)
            .show_ui(ui, |ui| {
                let mut presets_done = false;
                for choice in choices {
                    if choice.picker.is_none() && !presets_done {
                        presets_done = true;
                        if choices.iter().any(|c| c.picker.is_some()) {
                            ui.separator();
                        }
                    }
                    let selected = choice.name == condition.field;
                    let response = ui
                        .selectable_label(selected, &choice.label)
                        .on_hover_text(format!("{} ({})", choice.name, choice.field_type.name()));
                    if response.clicked() && !selected {
                        *condition = condition_for(choice);
                    }
                }
            })
            .response
            .accessible_name(tr("filter-field-name"));
        if !condition.field.is_empty() {
            egui::ComboBox::from_id_salt(("op", at))
                .selected_text(tr(condition.op.label_key()))
                .show_ui(ui, |ui| {
                    for &op in Operator::for_type(condition.field_type) {
                        ui.selectable_value(&mut condition.op, op, tr(op.label_key()));
                    }
                })
                .response
                .accessible_name(tr("filter-operator-name"));
            value_ui(ui, at, condition);
        }
        if ui
            .small_button("×")
            .on_hover_text(tr("filter-remove-condition"))
            .accessible_name(tr("filter-remove-condition"))
            .clicked()
        {
            removed = true;
        }
    });
    if condition.field.is_empty() {
        return removed;
    }
    let summary = panel.summaries.get(&condition.field);
    if summary.is_none() && (condition.op.picks_values() || condition.op == Operator::Between) {
        actions.push(Action::SummarizeField(condition.field.clone()));
    }
    if condition.op.picks_values() {
        values_picker_ui(ui, at, condition, summary);
    } else if condition.op == Operator::Between
        && let Some(h) = summary.and_then(|s| s.histogram.as_ref())
    {
        histogram_ui(ui, condition, h);
    }
    removed
}

fn value_ui(ui: &mut Ui, at: (usize, usize), condition: &mut Condition) {
    let hint = match condition.field_type {
        FieldType::Date | FieldType::Datetime => tr("filter-hint-date"),
        FieldType::Integer | FieldType::Float => tr("filter-hint-number"),
        _ => tr("filter-hint-text"),
    };
    if condition.op == Operator::Between {
        for (key, text, salt) in [
            ("filter-from", &mut condition.value, "low"),
            ("filter-to", &mut condition.upper, "high"),
        ] {
            let label = ui.label(tr(key));
            ui.add(
                egui::TextEdit::singleline(text)
                    .id_salt((salt, at))
                    .hint_text(&hint)
                    .desired_width(80.0),
            )
            .labelled_by(label.id);
        }
    } else if condition.op.needs_value() {
        ui.add(
            egui::TextEdit::singleline(&mut condition.value)
                .id_salt(("value", at))
                .hint_text(hint)
                .desired_width(140.0),
        );
    } else if condition.op.picks_values() && !condition.values.is_empty() {
        ui.label(
            RichText::new(tr_args(
                "filter-chosen",
                &[("count", &condition.values.len().to_string())],
            ))
            .weak(),
        );
    }
}

/// The distinct values with their counts, searchable, ticked to choose.
fn values_picker_ui(
    ui: &mut Ui,
    at: (usize, usize),
    condition: &mut Condition,
    summary: Option<&FieldSummary>,
) {
    let Some(summary) = summary else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(tr("filter-values-loading"));
        });
        return;
    };
    let search_id = ui.scope_id().with(("value-search", at));
    let mut search: String = ui.data(|d| d.get_temp(search_id)).unwrap_or_default();
    ui.add(
        egui::TextEdit::singleline(&mut search)
            .hint_text(tr_args(
                "filter-values-search",
                &[(
                    "count",
                    &super::layers_ui::format_count(summary.values.len()),
                )],
            ))
            .desired_width(f32::INFINITY),
    );
    let wanted = crate::filter::eval::fold(search.trim());
    ui.data_mut(|d| d.insert_temp(search_id, search));
    let matching: Vec<&crate::filter::ValueCount> = summary
        .values
        .iter()
        .filter(|v| wanted.is_empty() || crate::filter::eval::fold(&v.value).contains(&wanted))
        .collect();
    egui::ScrollArea::vertical()
        .id_salt(("values", at))
        .max_height(150.0)
        .show(ui, |ui| {
            for v in matching.iter().take(MAX_LISTED) {
                let mut ticked = condition.values.contains(&v.value);
                let label = format!("{} ({})", v.value, super::layers_ui::format_count(v.count));
                if ui.checkbox(&mut ticked, label).changed() {
                    if ticked {
                        condition.values.insert(v.value.clone());
                    } else {
                        condition.values.remove(&v.value);
                    }
                }
            }
            if matching.len() > MAX_LISTED {
                ui.label(
                    RichText::new(tr_args(
                        "filter-values-more",
                        &[(
                            "count",
                            &super::layers_ui::format_count(matching.len() - MAX_LISTED),
                        )],
                    ))
                    .weak(),
                );
            }
        });
}

/// How a bin bound is written in the value boxes.
fn bound_text(field_type: FieldType, value: f64) -> String {
    match field_type {
        FieldType::Date => crate::filter::builder::format_user_date(value.round() as i32),
        FieldType::Datetime => {
            crate::filter::builder::format_user_date((value / 86_400.0).floor() as i32)
        }
        FieldType::Integer => format!("{}", value.round() as i64),
        _ => format!("{}", (value * 100.0).round() / 100.0).replace('.', ","),
    }
}

/// A small histogram of the field; clicking a bar takes its range.
fn histogram_ui(ui: &mut Ui, condition: &mut Condition, h: &crate::filter::Histogram) {
    let size = egui::vec2(ui.available_width().min(360.0), 44.0);
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::click());
    let painter = ui.painter_at(rect);
    let most = h.bins.iter().copied().max().unwrap_or(1).max(1) as f32;
    let width = rect.width() / h.bins.len().max(1) as f32;
    let step = (h.max - h.min) / h.bins.len().max(1) as f64;
    let integer = condition.field_type == FieldType::Integer;
    let last = h.bins.len().saturating_sub(1);
    // Whole numbers: bins become whole, non-overlapping ranges (10–19, 20–29…).
    let bin_bounds = |b: usize| {
        let low = h.min + step * b as f64;
        let high = if b == last { h.max } else { low + step };
        match (integer, b == last) {
            (true, true) => (low.ceil(), high),
            (true, false) => (low.ceil(), (high.ceil() - 1.0).max(low.ceil())),
            (false, _) => (low, high),
        }
    };
    let (low, high) = (
        condition
            .bound(&condition.value)
            .unwrap_or(f64::NEG_INFINITY),
        condition.bound(&condition.upper).unwrap_or(f64::INFINITY),
    );
    let (inside, outside) = (
        Color32::from_rgb(0x1f, 0x5f, 0xa8),
        Color32::from_rgb(0xb8, 0xcc, 0xe4),
    );
    for (b, &count) in h.bins.iter().enumerate() {
        let height = match count {
            0 => 0.0,
            _ => ((count as f32 / most) * (rect.height() - 4.0)).max(1.5),
        };
        let (from, to) = bin_bounds(b);
        let color = if to >= low && from <= high {
            inside
        } else {
            outside
        };
        let bar = egui::Rect::from_min_max(
            egui::pos2(rect.left() + b as f32 * width + 1.0, rect.bottom() - height),
            egui::pos2(rect.left() + (b + 1) as f32 * width - 1.0, rect.bottom()),
        );
        painter.rect_filled(bar, 1.0, color);
    }
    if let Some(pos) = response.interact_pointer_pos()
        && response.clicked()
    {
        let b = (((pos.x - rect.left()) / width) as usize).min(h.bins.len().saturating_sub(1));
        let (low, high) = bin_bounds(b);
        condition.value = bound_text(condition.field_type, low);
        condition.upper = bound_text(condition.field_type, high);
    }
    response.on_hover_text(tr("filter-histogram-hint"));
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(bound_text(condition.field_type, h.min))
                .small()
                .weak(),
        );
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.label(
                RichText::new(bound_text(condition.field_type, h.max))
                    .small()
                    .weak(),
            );
        });
    });
}

/// The expression for power users: shown, editable, with the error pointing at its column.
fn expression_ui(ui: &mut Ui, panel: &FilterPanel, edit: &mut FilterEdit) {
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
            actions.push(Action::SaveFilter);
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
            let fits = super::filter::fits(filter, dataset);
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(fits, egui::Button::new(&filter.name))
                    .on_hover_text(&filter.expression)
                    .on_disabled_hover_text(tr("filter-saved-unfit"))
                    .clicked()
                {
                    actions.push(Action::UseSavedFilter(i));
                }
                if ui
                    .small_button("×")
                    .on_hover_text(tr("filter-saved-delete"))
                    .accessible_name(format!("{} ({})", tr("filter-saved-delete"), filter.name))
                    .clicked()
                {
                    actions.push(Action::DeleteSavedFilter(i));
                }
            });
        }
    });
}

fn footer_ui(ui: &mut Ui, layer: &super::Layer, actions: &mut Vec<Action>) {
    ui.horizontal_wrapped(|ui| {
        let mut mode = layer.filter_mode;
        ui.radio_value(&mut mode, super::FilterMode::Hide, tr("filter-mode-hide"));
        ui.radio_value(&mut mode, super::FilterMode::Grey, tr("filter-mode-grey"));
        if mode != layer.filter_mode {
            actions.push(Action::SetFilterMode(layer.id, mode));
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
            actions.push(Action::ClearFilter(layer.id));
        }
        if matches!(layer.source, super::LayerSource::Portal { .. })
            && ui
                .add_enabled(
                    layer.filter.is_some(),
                    egui::Button::new(tr("filter-reload-portal")),
                )
                .on_hover_text(tr("filter-reload-portal-hint"))
                .clicked()
        {
            actions.push(Action::ReloadWithFilter(layer.id));
        }
        if ui.button(tr("action-close")).clicked() {
            actions.push(Action::CloseFilter);
        }
    });
}
