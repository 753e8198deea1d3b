//! The layer panel: visibility, order, style, rename, remove, zoom to layer, counts, load progress and errors.

use egui::{Color32, RichText, Ui};

use crate::action::{
    Action, FilterAction, LayersAction, PortalAction, ProjectAction, TableAction, ZonesAction,
};
use crate::app::{Layer, LayerState, TerritoireApp};
use crate::i18n::{tr, tr_args};

/// CRS offered when a file declares none (code, locale key).
const CRS_CHOICES: [(&str, &str); 6] = [
    ("EPSG:2154", "crs-2154"),
    ("EPSG:4326", "crs-4326"),
    ("EPSG:3857", "crs-3857"),
    ("EPSG:27572", "crs-27572"),
    ("EPSG:3945", "crs-3945"),
    ("EPSG:3947", "crs-3947"),
];

/// `20 000`: thousands separated by a narrow no-break space, as in French.
pub fn format_count(n: usize) -> String {
    crate::app::status_ui::format_metres(n as f64)
}

impl TerritoireApp {
    pub(crate) fn layers_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        ui.horizontal(|ui| {
            ui.heading(tr("layers-title"));
            if ui.button(tr("menu-open")).clicked() {
                actions.push(Action::Layers(LayersAction::ShowOpenDialog));
            }
            if ui.button(tr("portal-button")).clicked() {
                actions.push(Action::Portal(PortalAction::Toggle));
            }
            if ui
                .button(tr("zones-button"))
                .on_hover_text(tr("zones-title"))
                .clicked()
            {
                actions.push(Action::Zones(ZonesAction::Toggle));
            }
        });
        ui.separator();
        if self.layers.is_empty() {
            ui.label(tr("layers-empty"));
        }
        egui::ScrollArea::vertical().show(ui, |ui| {
            let count = self.layers.len();
            // Top of the list is the layer drawn last (on top).
            for (row, index) in (0..count).rev().enumerate() {
                let layer = &self.layers[index];
                let progress = match layer.state {
                    LayerState::Loading { job } => (self.load_progress(job), self.load_items(job)),
                    _ => (None, 0),
                };
                let frame = egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    layer_row_ui(ui, layer, row, count, progress, actions);
                });
                // Drag a layer by its handle and drop it on another row to take that place.
                let response = frame.response;
                if response
                    .dnd_hover_payload::<crate::app::LayerId>()
                    .is_some()
                {
                    let stroke = ui.visuals().selection.stroke;
                    ui.painter()
                        .hline(response.rect.x_range(), response.rect.top(), stroke);
                }
                if let Some(dragged) = response.dnd_release_payload::<crate::app::LayerId>() {
                    actions.push(Action::Layers(LayersAction::MoveTo(*dragged, row)));
                }
            }
        });
    }
}

fn layer_row_ui(
    ui: &mut Ui,
    layer: &Layer,
    row: usize,
    count: usize,
    progress: (Option<f32>, u64),
    actions: &mut Vec<Action>,
) {
    let id = layer.id;
    let rename_id = ui.scope_id().with(("rename", id.0));
    let mut renaming: Option<String> = ui.data(|d| d.get_temp(rename_id));
    ui.horizontal(|ui| {
        ui.dnd_drag_source(ui.scope_id().with(("drag", id.0)), id, |ui| {
            // Three short bars: a grip drawn by hand, so it needs no font glyph.
            let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 14.0), egui::Sense::hover());
            let stroke = egui::Stroke::new(1.5, ui.visuals().weak_text_color());
            for dy in [-4.0, 0.0, 4.0] {
                let y = rect.center().y + dy;
                ui.painter().hline(rect.x_range(), y, stroke);
            }
        })
        .response
        .on_hover_text(tr("layer-drag"));
        let mut visible = layer.visible;
        if let Some(text) = &mut renaming {
            // No label beside it: the field is named for screen readers ("Renommer (Quartiers)").
            let edit = ui
                .add(egui::TextEdit::singleline(text).desired_width(150.0))
                .accessible_name(format!("{} ({})", tr("layer-rename"), layer.name));
            edit.request_focus();
            if ui.input(|i| i.key_pressed(egui::Key::Enter)) || edit.lost_focus() {
                actions.push(Action::Layers(LayersAction::Rename(id, text.clone())));
                renaming = None;
            }
        } else if ui
            .checkbox(&mut visible, &layer.name)
            .on_hover_text(tr("layer-visible"))
            .changed()
        {
            actions.push(Action::Layers(LayersAction::SetVisible(id, visible)));
        }
        if let Some(ds) = &layer.dataset {
            ui.label(RichText::new(format_count(ds.len())).weak())
                .on_hover_text(tr_args(
                    "layer-count-tooltip",
                    &[
                        ("count", &format_count(ds.len())),
                        ("empty", &format_count(ds.without_geometry())),
                    ],
                ));
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            // Symbols are not names: each button is named with its action and layer.
            let named = |key: &str| format!("{} ({})", tr(key), layer.name);
            ui.menu_button("…", |ui| layer_menu_ui(ui, layer, &mut renaming, actions))
                .response
                .on_hover_text(tr("layer-menu"))
                .accessible_name(named("layer-menu"));
            if ui
                .add_enabled(row + 1 < count, egui::Button::new("⬇"))
                .on_hover_text(tr("layer-down"))
                .accessible_name(named("layer-down"))
                .clicked()
            {
                actions.push(Action::Layers(LayersAction::Move(id, -1)));
            }
            if ui
                .add_enabled(row > 0, egui::Button::new("⬆"))
                .on_hover_text(tr("layer-up"))
                .accessible_name(named("layer-up"))
                .clicked()
            {
                actions.push(Action::Layers(LayersAction::Move(id, 1)));
            }
        });
    });
    ui.data_mut(|d| {
        if let Some(text) = renaming {
            d.insert_temp(rename_id, text);
        } else {
            d.remove::<String>(rename_id);
        }
    });
    state_ui(ui, layer, progress, actions);
    if let Some(ds) = &layer.dataset {
        filter_row_ui(ui, layer, ds.len(), actions);
        style_ui(ui, layer, actions);
    }
}

/// The "Filtrer…" button, and the filter's badge (name, kept count) with its remove button.
fn filter_row_ui(ui: &mut Ui, layer: &Layer, total: usize, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| match &layer.filter {
        Some(filter) => {
            let name = if filter.name.is_empty() {
                tr("layer-filter-unnamed")
            } else {
                filter.name.clone()
            };
            let badge = RichText::new(tr_args(
                "layer-filter-badge",
                &[
                    ("name", &name),
                    ("kept", &format_count(filter.count)),
                    ("total", &format_count(total)),
                ],
            ))
            .small()
            .background_color(Color32::from_rgb(0xdc, 0xe8, 0xf7))
            .color(Color32::from_rgb(0x10, 0x3a, 0x6b));
            if ui
                .add(egui::Button::new(badge).frame(false))
                .on_hover_text(format!(
                    "{}\n{}",
                    tr("layer-filter-edit"),
                    filter.expression
                ))
                .clicked()
            {
                actions.push(Action::Filter(FilterAction::Open(layer.id)));
            }
            if ui
                .small_button("×")
                .on_hover_text(tr("layer-filter-remove"))
                .clicked()
            {
                actions.push(Action::Filter(FilterAction::Clear(layer.id)));
            }
        }
        None => {
            if ui.small_button(tr("layer-filter")).clicked() {
                actions.push(Action::Filter(FilterAction::Open(layer.id)));
            }
        }
    });
}

fn layer_menu_ui(
    ui: &mut Ui,
    layer: &Layer,
    renaming: &mut Option<String>,
    actions: &mut Vec<Action>,
) {
    let id = layer.id;
    if ui
        .add_enabled(layer.dataset.is_some(), egui::Button::new(tr("layer-zoom")))
        .clicked()
    {
        actions.push(Action::Layers(LayersAction::ZoomTo(id)));
    }
    if ui
        .add_enabled(
            layer.dataset.is_some(),
            egui::Button::new(tr("layer-table")),
        )
        .clicked()
    {
        actions.push(Action::Table(TableAction::Show(id)));
    }
    if ui
        .add_enabled(
            layer.dataset.is_some(),
            egui::Button::new(tr("layer-filter")),
        )
        .clicked()
    {
        actions.push(Action::Filter(FilterAction::Open(id)));
    }
    if ui
        .add_enabled(
            layer.dataset.is_some(),
            egui::Button::new(tr("layer-compare")),
        )
        .clicked()
    {
        actions.push(Action::Change(crate::app::change::ChangeAction::Open(
            Some(id),
        )));
    }
    if ui.button(tr("layer-rename")).clicked() {
        *renaming = Some(layer.name.clone());
    }
    let mut personal = layer.personal;
    if ui.checkbox(&mut personal, tr("layer-personal")).changed() {
        actions.push(Action::Layers(LayersAction::SetPersonal(id, personal)));
    }
    ui.menu_button(tr("layer-set-crs"), |ui| {
        for (code, key) in CRS_CHOICES {
            if ui.button(tr(key)).clicked() {
                actions.push(Action::Layers(LayersAction::Reload(
                    id,
                    Some(code.to_owned()),
                )));
            }
        }
    });
    if ui.button(tr("layer-reload")).clicked() {
        actions.push(Action::Layers(LayersAction::Reload(id, layer.source.crs())));
    }
    ui.separator();
    if ui.button(tr("layer-remove")).clicked() {
        actions.push(Action::Layers(LayersAction::Remove(id)));
    }
}

fn state_ui(ui: &mut Ui, layer: &Layer, progress: (Option<f32>, u64), actions: &mut Vec<Action>) {
    let (progress, items) = progress;
    match &layer.state {
        LayerState::Loading { .. } => {
            if items > 0 {
                ui.label(
                    RichText::new(tr_args(
                        "layer-items-read",
                        &[("count", &format_count(items as usize))],
                    ))
                    .small()
                    .weak(),
                );
            }
            ui.horizontal(|ui| {
                let bar = egui::ProgressBar::new(progress.unwrap_or(0.0))
                    .desired_width(160.0)
                    .show_percentage()
                    .animate(progress.is_none());
                ui.add(bar).on_hover_text(tr("layer-loading"));
                if ui.button(tr("action-cancel")).clicked() {
                    actions.push(Action::Layers(LayersAction::CancelLoad(layer.id)));
                }
            });
        }
        LayerState::Failed(error) => {
            ui.label(RichText::new(error.to_string()).color(Color32::from_rgb(0xb0, 0x20, 0x20)));
            ui.horizontal(|ui| {
                if ui.button(tr("layer-retry")).clicked() {
                    actions.push(Action::Layers(LayersAction::Reload(
                        layer.id,
                        layer.source.crs(),
                    )));
                }
                if matches!(layer.source, crate::app::LayerSource::File { .. })
                    && error.is_missing_file()
                    && ui
                        .button(tr("layer-locate"))
                        .on_hover_text(tr("layer-locate-hint"))
                        .clicked()
                {
                    actions.push(Action::Project(ProjectAction::LocateFile(layer.id, None)));
                }
                if error.is_crs() {
                    ui.menu_button(tr("layer-set-crs"), |ui| {
                        for (code, key) in CRS_CHOICES {
                            if ui.button(tr(key)).clicked() {
                                actions.push(Action::Layers(LayersAction::Reload(
                                    layer.id,
                                    Some(code.to_owned()),
                                )));
                            }
                        }
                    });
                }
            });
        }
        LayerState::Ready => {
            if let Some(provenance) = &layer.provenance {
                provenance_ui(ui, provenance);
            }
            if let Some(ds) = &layer.dataset {
                for issue in &ds.issues {
                    ui.label(RichText::new(format!("⚠ {}", issue.message)).small().weak());
                }
            }
        }
    }
}

/// Where a portal layer comes from: portal, dataset, licence, update, bytes; a badge for a cached copy.
fn provenance_ui(ui: &mut Ui, p: &crate::app::Provenance) {
    use crate::sources::portal::Freshness;
    let mut facts = vec![p.portal.clone(), p.dataset.clone()];
    if !p.licence.is_empty() {
        facts.push(p.licence.clone());
    }
    ui.label(RichText::new(facts.join(" · ")).small().weak());
    let mut second = Vec::new();
    if let Some(m) = &p.modified {
        second.push(tr_args(
            "portal-modified",
            &[("date", &crate::app::portal::format_modified(m))],
        ));
    }
    second.push(tr_args(
        "layer-downloaded",
        &[(
            "size",
            &crate::app::portal::format_bytes(p.bytes_this_session),
        )],
    ));
    ui.label(RichText::new(second.join(" · ")).small().weak());
    let date = crate::sources::portal::cache::format_day(p.copy_date);
    match &p.freshness {
        Freshness::Offline(reason) => {
            ui.label(
                RichText::new(tr_args("layer-cached-copy", &[("date", &date)]))
                    .small()
                    .background_color(Color32::from_rgb(0xff, 0xe0, 0xa0))
                    .color(Color32::from_rgb(0x60, 0x40, 0x00)),
            )
            .on_hover_text(reason);
        }
        Freshness::Revalidated => {
            ui.label(
                RichText::new(tr_args("layer-revalidated", &[("date", &date)]))
                    .small()
                    .weak(),
            );
        }
        Freshness::Downloaded => {}
    }
}

fn style_ui(ui: &mut Ui, layer: &Layer, actions: &mut Vec<Action>) {
    egui::CollapsingHeader::new(tr("layer-style"))
        .id_salt(("style", layer.id.0))
        .show(ui, |ui| {
            let mut style = layer.style;
            ui.horizontal(|ui| {
                let label = ui.label(tr("layer-color"));
                ui.color_edit_button_srgba(&mut style.color)
                    .labelled_by(label.id);
            });
            ui.add(egui::Slider::new(&mut style.opacity, 0.0..=1.0).text(tr("layer-opacity")));
            ui.add(
                egui::Slider::new(&mut style.point_radius_px, 1.0..=12.0)
                    .text(tr("layer-point-size")),
            );
            if style != layer.style {
                actions.push(Action::Layers(LayersAction::SetStyle(layer.id, style)));
            }
        });
}
