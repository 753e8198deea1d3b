//! The layer panel: visibility, order, style, rename, remove, zoom to layer, counts and filters;
//! the load state under each row is drawn by `state_ui`.

use egui::{Color32, RichText, Ui};

use crate::app::action::{
    Action, FilterAction, LayersAction, PortalAction, TableAction, ZonesAction,
};
use crate::app::layers::state_ui::{LoadProgress, crs_menu_ui, state_ui};
use crate::app::{Layer, LayerState, TerritoireApp};
use crate::i18n::{tr, tr_args};

/// `20 000` (French, narrow no-break space) or `20,000` (English).
pub fn format_count(n: usize) -> String {
    crate::i18n::format_count(n as u64)
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
        self.undo_ui(ui, actions);
        if self.layers.is_empty() {
            ui.label(tr("layers-empty"));
        }
        egui::ScrollArea::vertical().show(ui, |ui| {
            let count = self.layers.len();
            // Top of the list is the layer drawn last (on top).
            for (row, index) in (0..count).rev().enumerate() {
                let layer = &self.layers[index];
                let progress = match layer.state {
                    LayerState::Loading { job } => LoadProgress {
                        fraction: self.load_progress(job),
                        items: self.load_items(job),
                        bytes: self.load_bytes(job),
                    },
                    _ => LoadProgress::default(),
                };
                let partial = self.partial_display(layer.id);
                let reading =
                    matches!(layer.state, LayerState::Ready) && self.reading_view(layer.id);
                let frame = egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    layer_row_ui(ui, layer, row, count, progress, actions);
                    crate::app::internal::view_state_ui(ui, partial, reading);
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
            crate::app::focus::keep_focus_in_view(ui);
        });
    }
}

/// One layer in the panel: its row (grip, name, count, buttons), its load state, its filter and
/// its style.
fn layer_row_ui(
    ui: &mut Ui,
    layer: &Layer,
    row: usize,
    count: usize,
    progress: LoadProgress,
    actions: &mut Vec<Action>,
) {
    let id = layer.id;
    // The name being typed lives in egui's memory between frames, not in the app's state.
    let rename_id = ui.scope_id().with(("rename", id.0));
    let mut renaming: Option<String> = ui.data(|d| d.get_temp(rename_id));
    line_ui(ui, layer, (row, count), &mut renaming, actions);
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

/// The row's line, left to right as Tab goes: grip, visibility box named after the layer,
/// count, up, down, menu. The name takes what the count and the buttons (measured last frame)
/// leave, cut with "…" (the whole name in its tooltip). The line is drawn in a child that does
/// not widen the panel: a line grown for one frame (a count appearing) would widen it for good.
fn line_ui(
    ui: &mut Ui,
    layer: &Layer,
    (row, count): (usize, usize),
    renaming: &mut Option<String>,
    actions: &mut Vec<Action>,
) {
    let id = layer.id;
    let right_id = ui.scope_id().with(("row-right", id.0));
    let right: f32 = ui.data(|d| d.get_temp(right_id)).unwrap_or(120.0);
    let height = ui.spacing().interact_size.y;
    let place =
        egui::Rect::from_min_size(ui.cursor().min, egui::vec2(ui.available_width(), height));
    let builder = egui::UiBuilder::new()
        .id_salt(("layer-line", id.0))
        .max_rect(place)
        .layout(egui::Layout::left_to_right(egui::Align::Center));
    let mut line = ui.new_child(builder);
    let ui_line = &mut line;
    grip_ui(ui_line, layer);
    let spacing = ui_line.spacing().item_spacing.x;
    let name_width = (ui_line.available_width() - right - spacing).max(40.0);
    let size = egui::vec2(name_width, height);
    let layout = egui::Layout::left_to_right(egui::Align::Center);
    let name = ui_line.allocate_ui_with_layout(size, layout, |ui| {
        ui.set_max_width(name_width);
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
        name_ui(ui, layer, renaming, actions);
    });
    ui_line.add_space((name_width - name.response.rect.width()).max(0.0));
    let start = ui_line.cursor().min.x;
    count_ui(ui_line, layer);
    row_buttons_ui(ui_line, layer, (row, count), renaming, actions);
    let used = ui_line.min_rect().right() - start;
    if (used - right).abs() > 0.5 {
        ui.data_mut(|d| d.insert_temp(right_id, used));
        ui.ctx().request_repaint();
    }
    let bottom = line.min_rect().bottom().max(place.bottom());
    ui.advance_cursor_after_rect(egui::Rect::from_min_max(
        place.min,
        egui::pos2(place.right(), bottom),
    ));
}

/// The handle a layer is dragged by to another place in the list.
fn grip_ui(ui: &mut Ui, layer: &Layer) {
    let id = layer.id;
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
}

/// The visibility box named after the layer, or the field its new name is typed in; Enter or
/// leaving the field renames it.
fn name_ui(ui: &mut Ui, layer: &Layer, renaming: &mut Option<String>, actions: &mut Vec<Action>) {
    let id = layer.id;
    let mut visible = layer.visible;
    if let Some(text) = renaming {
        // No label beside it: the field is named for screen readers ("Renommer (Quartiers)").
        let edit = ui
            .add(egui::TextEdit::singleline(text).desired_width(150.0))
            .accessible_name(format!("{} ({})", tr("layer-rename"), layer.name));
        edit.request_focus();
        if ui.input(|i| i.key_pressed(egui::Key::Enter)) || edit.lost_focus() {
            actions.push(Action::Layers(LayersAction::Rename(id, text.clone())));
            *renaming = None;
        }
    } else if ui
        .checkbox(&mut visible, &layer.name)
        .on_hover_text(format!("{}\n{}", layer.name, tr("layer-visible")))
        .changed()
    {
        actions.push(Action::Layers(LayersAction::SetVisible(id, visible)));
    }
}

/// The number of features, with those without geometry in its tooltip.
fn count_ui(ui: &mut Ui, layer: &Layer) {
    if let Some(ds) = &layer.dataset {
        ui.label(RichText::new(format_count(ds.len())).weak())
            .on_hover_text(crate::i18n::tr_count(
                "layer-count-tooltip",
                ds.len() as u64,
                &[("empty", &format_count(ds.without_geometry()))],
            ));
    }
}

/// Up and down (off at the top and bottom of the list), then the layer's menu.
fn row_buttons_ui(
    ui: &mut Ui,
    layer: &Layer,
    (row, count): (usize, usize),
    renaming: &mut Option<String>,
    actions: &mut Vec<Action>,
) {
    let id = layer.id;
    // Symbols are not names: each button is named with its action and layer.
    let named = |key: &str| format!("{} ({})", tr(key), layer.name);
    if ui
        .add_enabled(row > 0, egui::Button::new("⬆"))
        .on_hover_text(tr("layer-up"))
        .accessible_name(named("layer-up"))
        .clicked()
    {
        actions.push(Action::Layers(LayersAction::Move(id, 1)));
    }
    if ui
        .add_enabled(row + 1 < count, egui::Button::new("⬇"))
        .on_hover_text(tr("layer-down"))
        .accessible_name(named("layer-down"))
        .clicked()
    {
        actions.push(Action::Layers(LayersAction::Move(id, -1)));
    }
    ui.menu_button("…", |ui| layer_menu_ui(ui, layer, renaming, actions))
        .response
        .on_hover_text(tr("layer-menu"))
        .accessible_name(named("layer-menu"));
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
            let blue = Color32::from_rgb(0x10, 0x3a, 0x6b);
            let badge = RichText::new(tr_args(
                "layer-filter-badge",
                &[
                    ("name", &name),
                    ("kept", &format_count(filter.count)),
                    ("total", &format_count(total)),
                ],
            ))
            .small()
            .color(blue);
            // A framed pill with a pencil: it reads as what it is, a button that reopens the
            // filter.
            let button = egui::Button::new(badge)
                .right_text(RichText::new("✏").small().color(blue))
                .fill(Color32::from_rgb(0xdc, 0xe8, 0xf7))
                .stroke(egui::Stroke::new(1.0, Color32::from_rgb(0x6b, 0x8e, 0xbd)))
                .corner_radius(9.0);
            if ui
                .add(button)
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

/// The layer's "…" menu: what can be done with its data, rename, personal data, CRS, reload,
/// remove.
fn layer_menu_ui(
    ui: &mut Ui,
    layer: &Layer,
    renaming: &mut Option<String>,
    actions: &mut Vec<Action>,
) {
    let id = layer.id;
    data_menu_ui(ui, layer, actions);
    if ui.button(tr("layer-rename")).clicked() {
        *renaming = Some(layer.name.clone());
    }
    let mut personal = layer.personal;
    if ui.checkbox(&mut personal, tr("layer-personal")).changed() {
        actions.push(Action::Layers(LayersAction::SetPersonal(id, personal)));
    }
    crs_menu_ui(ui, id, None, actions);
    if ui.button(tr("layer-reload")).clicked() {
        actions.push(Action::Layers(LayersAction::Reload(id, layer.source.crs())));
    }
    ui.separator();
    if ui.button(tr("layer-remove")).clicked() {
        actions.push(Action::Layers(LayersAction::Remove(id)));
    }
}

/// Zoom, table, filter and compare: offered once the layer has data.
fn data_menu_ui(ui: &mut Ui, layer: &Layer, actions: &mut Vec<Action>) {
    let id = layer.id;
    let loaded = layer.dataset.is_some();
    if ui
        .add_enabled(loaded, egui::Button::new(tr("layer-zoom")))
        .clicked()
    {
        actions.push(Action::Layers(LayersAction::ZoomTo(id)));
    }
    if ui
        .add_enabled(loaded, egui::Button::new(tr("layer-table")))
        .clicked()
    {
        actions.push(Action::Table(TableAction::Show(id)));
    }
    if ui
        .add_enabled(loaded, egui::Button::new(tr("layer-quality")))
        .clicked()
    {
        actions.push(Action::Quality(crate::app::action::QualityAction::Show(id)));
    }
    if ui
        .add_enabled(loaded, egui::Button::new(tr("layer-filter")))
        .clicked()
    {
        actions.push(Action::Filter(FilterAction::Open(id)));
    }
    if ui
        .add_enabled(loaded, egui::Button::new(tr("layer-compare")))
        .clicked()
    {
        actions.push(Action::Change(crate::app::change::ChangeAction::Open(
            Some(id),
        )));
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
            label_ui(ui, layer, actions);
        });
}

/// The field that labels a polygon layer's features (polygon layers only).
fn label_ui(ui: &mut Ui, layer: &Layer, actions: &mut Vec<Action>) {
    let Some(ds) = layer.dataset.as_ref() else {
        return;
    };
    // The first rows tell (drawn every frame while the style is open: no full scan).
    if !(0..ds.len().min(10_000)).any(|i| ds.geometry.kind(i).is_areal()) {
        return;
    }
    let mut label = layer.label.clone();
    let none = tr("layer-label-none");
    ui.horizontal(|ui| {
        let caption = ui.label(tr("layer-label"));
        egui::ComboBox::from_id_salt(("label", layer.id.0))
            .selected_text(label.clone().unwrap_or_else(|| none.clone()))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut label, None, none.clone());
                for column in &ds.columns {
                    ui.selectable_value(&mut label, Some(column.name.clone()), &column.name);
                }
            })
            .response
            .labelled_by(caption.id);
    });
    if label != layer.label {
        actions.push(Action::Layers(LayersAction::SetLabel(layer.id, label)));
    }
}
