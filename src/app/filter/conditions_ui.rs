//! The filter window's conditions: ET / OU groups, one row per condition (field, operator,
//! value), the fields offered first by the layer's preset.

use egui::{RichText, Ui};

use super::values_ui::{histogram_ui, values_picker_ui};
use crate::app::action::{Action, FilterAction};
use crate::app::filter::{FilterEdit, FilterPanel};
use crate::data::{Dataset, FieldType};
use crate::filter::preset::{Picker, Preset};
use crate::filter::{Condition, Group, Join, Operator};
use crate::i18n::{tr, tr_args};

/// A field offered in the field list.
pub(super) struct FieldChoice {
    name: String,
    label: String,
    field_type: FieldType,
    picker: Option<Picker>,
}

/// The preset's fields first, with their labels, then every other field by name.
pub(super) fn field_choices(dataset: &Dataset, preset: Option<&Preset>) -> Vec<FieldChoice> {
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

pub(super) fn groups_ui(
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
        field_combo_ui(ui, at, condition, choices);
        if !condition.field.is_empty() {
            operator_combo_ui(ui, at, condition);
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
        actions.push(Action::Filter(FilterAction::SummarizeField(
            condition.field.clone(),
        )));
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

/// The field a condition tests: preset fields first, then the others after a separator;
/// choosing another field starts a fresh condition for it.
fn field_combo_ui(
    ui: &mut Ui,
    at: (usize, usize),
    condition: &mut Condition,
    choices: &[FieldChoice],
) {
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
}

/// The operators that fit the field's type.
fn operator_combo_ui(ui: &mut Ui, at: (usize, usize), condition: &mut Condition) {
    egui::ComboBox::from_id_salt(("op", at))
        .selected_text(tr(condition.op.label_key()))
        .show_ui(ui, |ui| {
            for &op in Operator::for_type(condition.field_type) {
                ui.selectable_value(&mut condition.op, op, tr(op.label_key()));
            }
        })
        .response
        .accessible_name(tr("filter-operator-name"));
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
            RichText::new(crate::i18n::tr_count(
                "filter-chosen",
                condition.values.len() as u64,
                &[],
            ))
            .weak(),
        );
    }
}
