//! The change view window: old and new versions, the pairing key, counts per category with
//! their colour and a map toggle, notes, and the list of changed features (click to zoom).

use egui::{Color32, RichText, Ui};

use crate::analysis::diff::{Match, common_field_names};
use crate::app::action::Action;
use crate::app::change::{Category, ChangeAction, ChangePanel, ChangeResult, Version};
use crate::app::{TerritoireApp, format_count};
use crate::i18n::{tr, tr_args};

/// Width of the status column of the list, in points.
const STATUS_WIDTH: f32 = 90.0;
/// Width of the key column of the list, in points.
const KEY_WIDTH: f32 = 130.0;

impl TerritoireApp {
    pub(crate) fn change_ui(&self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        let panel = &self.change;
        if !panel.open {
            return;
        }
        let mut edits = Vec::new();
        let mut open = true;
        egui::Window::new(tr("change-title"))
            .id(egui::Id::unique("change-view"))
            .open(&mut open)
            .default_size([480.0, 520.0])
            .default_pos([820.0, 60.0])
            .show(ctx, |ui| {
                self.change_inputs_ui(ui, &mut edits);
                ui.separator();
                result_ui(ui, panel, &mut edits);
            });
        if !open {
            edits.push(ChangeAction::Close);
        }
        actions.extend(edits.into_iter().map(Action::Change));
    }

    fn change_inputs_ui(&self, ui: &mut Ui, edits: &mut Vec<ChangeAction>) {
        let panel = &self.change;
        let versions = self.versions();
        egui::Grid::new("change-inputs")
            .num_columns(2)
            .show(ui, |ui| {
                for (label, salt, chosen, old) in [
                    ("change-old", "change-old", panel.old, true),
                    ("change-new", "change-new", panel.new, false),
                ] {
                    ui.label(tr(label));
                    let mut value = chosen;
                    ui.horizontal(|ui| {
                        version_combo_ui(ui, salt, &versions, &mut value);
                        if !old
                            && ui
                                .button(tr("change-new-from-file"))
                                .on_hover_text(tr("change-new-from-file-hint"))
                                .clicked()
                        {
                            edits.push(ChangeAction::NewFromFile);
                        }
                    });
                    if value != chosen
                        && let Some(v) = value
                    {
                        edits.push(if old {
                            ChangeAction::SetOld(v)
                        } else {
                            ChangeAction::SetNew(v)
                        });
                    }
                    ui.end_row();
                }
                ui.label(tr("change-key"));
                self.key_combo_ui(ui, edits);
                ui.end_row();
            });
    }

    fn key_combo_ui(&self, ui: &mut Ui, edits: &mut Vec<ChangeAction>) {
        let panel = &self.change;
        let data = |v: Option<Version>| v.and_then(|v| self.version_dataset(v));
        let (old, new) = (data(panel.old), data(panel.new));
        let fields: Vec<&str> = match (&old, &new) {
            (Some(o), Some(n)) => common_field_names(o, n),
            _ => Vec::new(),
        };
        let shown = match &panel.key {
            Some(Match::Key(field)) => field.clone(),
            Some(Match::Geometry) => tr("change-geometry"),
            None => "–".to_owned(),
        };
        let mut key = panel.key.clone();
        ui.add_enabled_ui(old.is_some() && new.is_some(), |ui| {
            egui::ComboBox::from_id_salt("change-key")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut key, Some(Match::Geometry), tr("change-geometry"));
                    for f in fields {
                        ui.selectable_value(&mut key, Some(Match::Key(f.to_owned())), f);
                    }
                })
                .response
                .on_hover_text(tr("change-key-hint"));
        });
        if key != panel.key
            && let Some(key) = key
        {
            edits.push(ChangeAction::SetKey(key));
        }
    }
}

fn version_combo_ui(
    ui: &mut Ui,
    salt: &str,
    versions: &[(Version, String)],
    value: &mut Option<Version>,
) {
    let shown = versions
        .iter()
        .find(|(v, _)| Some(*v) == *value)
        .map_or_else(|| tr("change-pick-version"), |(_, name)| name.clone());
    egui::ComboBox::from_id_salt(salt)
        .selected_text(shown)
        .width(260.0)
        .show_ui(ui, |ui| {
            for (v, name) in versions {
                ui.selectable_value(value, Some(*v), name);
            }
        });
}

fn result_ui(ui: &mut Ui, panel: &ChangePanel, edits: &mut Vec<ChangeAction>) {
    if panel.is_computing() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(tr("change-computing"));
        });
    }
    if let Some(message) = &panel.error {
        ui.label(RichText::new(message.to_string()).color(Color32::from_rgb(0xb0, 0x20, 0x20)));
    }
    let Some(r) = panel.result.as_deref() else {
        if !panel.is_computing() && panel.error.is_none() {
            ui.label(RichText::new(tr("change-choose")).weak());
        }
        return;
    };
    counts_ui(ui, panel, r, edits);
    for note in r.diff.notes() {
        ui.label(RichText::new(format!("⚠ {note}")).small().weak());
    }
    export_ui(ui, panel, edits);
    ui.separator();
    list_ui(ui, panel, r, edits);
}

/// The counts line, then one ticked box per category with its colour swatch.
fn counts_ui(ui: &mut Ui, panel: &ChangePanel, r: &ChangeResult, edits: &mut Vec<ChangeAction>) {
    let d = &r.diff;
    ui.label(
        RichText::new(tr_args(
            "change-counts",
            &[
                ("added", &format_count(d.added.len())),
                ("removed", &format_count(d.removed.len())),
                ("modified", &format_count(d.modified.len())),
                ("unchanged", &format_count(d.unchanged)),
            ],
        ))
        .strong(),
    );
    ui.horizontal_wrapped(|ui| {
        ui.label(tr("change-show"));
        for category in Category::ALL {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
            ui.painter().rect_filled(rect, 2.0, category.color());
            let mut shown = panel.is_shown(category);
            if ui
                .checkbox(&mut shown, tr(category_key(category)))
                .changed()
            {
                edits.push(ChangeAction::Show(category, shown));
            }
        }
    });
}

/// The export button and what the last export did.
fn export_ui(ui: &mut Ui, panel: &ChangePanel, edits: &mut Vec<ChangeAction>) {
    ui.horizontal_wrapped(|ui| {
        if ui
            .button(tr("change-export"))
            .on_hover_text(tr("change-export-hint"))
            .clicked()
        {
            edits.push(ChangeAction::Export(None));
        }
        match &panel.notice {
            Some(Ok((path, n))) => {
                ui.label(
                    RichText::new(crate::i18n::tr_count(
                        "change-exported",
                        *n as u64,
                        &[("path", &path.display().to_string())],
                    ))
                    .small()
                    .color(Color32::from_rgb(0x1b, 0x6e, 0x35)),
                );
            }
            Some(Err(message)) => {
                ui.label(
                    RichText::new(message.to_string())
                        .small()
                        .color(Color32::from_rgb(0xb0, 0x20, 0x20)),
                );
            }
            None => {}
        }
    });
}

fn category_key(category: Category) -> &'static str {
    match category {
        Category::Added => "change-show-added",
        Category::Removed => "change-show-removed",
        Category::Modified => "change-show-modified",
    }
}

/// The `position`-th listed change, given the listed ranges.
fn nth(ranges: &[std::ops::Range<usize>], mut position: usize) -> Option<usize> {
    for range in ranges {
        if position < range.len() {
            return Some(range.start + position);
        }
        position -= range.len();
    }
    None
}

/// Status, key and changed fields of each listed change; only the rows in view are laid out.
fn list_ui(ui: &mut Ui, panel: &ChangePanel, r: &ChangeResult, edits: &mut Vec<ChangeAction>) {
    let ranges = panel.listed(&r.diff);
    let total: usize = ranges.iter().map(|r| r.len()).sum();
    ui.horizontal(|ui| {
        ui.add_sized(
            [STATUS_WIDTH, 18.0],
            egui::Label::new(RichText::new(tr("change-status")).strong()),
        );
        ui.add_sized(
            [KEY_WIDTH, 18.0],
            egui::Label::new(RichText::new(tr("change-key-column")).strong()),
        );
        ui.label(RichText::new(tr("change-fields")).strong());
    });
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y;
    let geometry = tr("change-geometry");
    egui::ScrollArea::vertical()
        .id_salt("change-list")
        .auto_shrink([false, false])
        .show_rows(ui, row_height, total, |ui, visible| {
            for position in visible {
                let Some(index) = nth(&ranges, position) else {
                    continue;
                };
                let Some(change) = r.diff.change(index) else {
                    continue;
                };
                let category = Category::of(change);
                let selected = panel.selected == Some(index);
                ui.horizontal(|ui| {
                    let status =
                        RichText::new(tr(status_key(category))).color(text_color(category));
                    let clicked = ui
                        .add_sized(
                            [STATUS_WIDTH, row_height],
                            egui::Button::selectable(selected, status),
                        )
                        .on_hover_text(tr("change-row-hint"))
                        .clicked();
                    let key = r.diff.change_key(&r.old, &r.new, change);
                    ui.add_sized([KEY_WIDTH, row_height], egui::Label::new(key).truncate());
                    let fields = r.diff.change_fields(change, &geometry).join(", ");
                    if !fields.is_empty() {
                        ui.add(egui::Label::new(fields).truncate());
                    }
                    if clicked {
                        edits.push(ChangeAction::Select(index));
                    }
                });
            }
        });
}

fn status_key(category: Category) -> &'static str {
    match category {
        Category::Added => "change-added-one",
        Category::Removed => "change-removed-one",
        Category::Modified => "change-modified-one",
    }
}

/// The category's colour, darkened enough to read as text on a light background.
fn text_color(category: Category) -> Color32 {
    let c = category.color();
    Color32::from_rgb(
        (c.r() as f32 * 0.7) as u8,
        (c.g() as f32 * 0.7) as u8,
        (c.b() as f32 * 0.7) as u8,
    )
}
