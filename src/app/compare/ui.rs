//! The "Comparer" control: the toggle in the menu bar and the bar over the map (mode, sides, lens, opacity).

use egui::{Panel, Ui};

use crate::app::TerritoireApp;
use crate::app::action::{Action, CompareAction};
use crate::app::compare::Side;
use crate::i18n::tr;
use crate::map::{CompareMode, CompareView};

impl TerritoireApp {
    /// The menu bar's "Comparer" toggle.
    pub(crate) fn compare_toggle_ui(&self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let response = ui
            .selectable_label(self.compare.active, tr("compare-button"))
            .on_hover_text(tr("compare-hint"));
        if response.clicked() {
            actions.push(Action::Compare(CompareAction::Toggle));
        }
    }

    /// The bar over the map while comparing: mode, its setting, the sides, close.
    pub(crate) fn compare_bar_ui(&self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let view = self.compare.view;
        Panel::top("compare-bar").show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.strong(tr("compare-title"));
                modes_ui(ui, view, actions);
                ui.separator();
                mode_setting_ui(ui, view, actions);
                // The menu stays open while several layers change side.
                let config = egui::containers::menu::MenuConfig::new()
                    .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside);
                egui::containers::menu::MenuButton::new(tr("compare-sides"))
                    .config(config)
                    .ui(ui, |ui| self.sides_ui(ui, actions));
                if ui.button(tr("compare-close")).clicked() {
                    actions.push(Action::Compare(CompareAction::Toggle));
                }
            });
        });
    }

    /// Which side each layer is on: A, B or both.
    fn sides_ui(&self, ui: &mut Ui, actions: &mut Vec<Action>) {
        egui::Grid::new("compare-sides-grid")
            .num_columns(4)
            .striped(true)
            .show(ui, |ui| {
                for layer in self.layers.iter().rev() {
                    ui.label(&layer.name);
                    let current = self.compare.side(layer.id);
                    for side in Side::ALL {
                        let name = format!("{} — {}", tr(side.label_key()), layer.name);
                        let response = ui.radio(current == side, tr(side.label_key()));
                        response.widget_info(|| {
                            egui::WidgetInfo::selected(
                                egui::Role::RadioButton,
                                true,
                                current == side,
                                name.clone(),
                            )
                        });
                        if response.clicked() && current != side {
                            actions.push(Action::Compare(CompareAction::SetSide(layer.id, side)));
                        }
                    }
                    ui.end_row();
                }
            });
    }
}

/// One button per comparison mode, the current one selected.
fn modes_ui(ui: &mut Ui, view: CompareView, actions: &mut Vec<Action>) {
    for mode in CompareMode::ALL {
        if ui
            .selectable_label(view.mode == mode, tr(mode.label_key()))
            .on_hover_text(tr(mode.hint_key()))
            .clicked()
            && view.mode != mode
        {
            actions.push(Action::Compare(CompareAction::SetView(CompareView {
                mode,
                ..view
            })));
        }
    }
}

/// The current mode's setting: the lens radius, or side B's opacity; the swipes and
/// side by side have none here.
fn mode_setting_ui(ui: &mut Ui, view: CompareView, actions: &mut Vec<Action>) {
    match view.mode {
        CompareMode::Lens => {
            let mut radius = view.lens_radius;
            let label = ui.label(tr("compare-lens-radius"));
            let slider = egui::Slider::new(&mut radius, 40.0..=400.0).suffix(" px");
            if ui.add(slider).labelled_by(label.id).changed() {
                actions.push(Action::Compare(CompareAction::SetView(CompareView {
                    lens_radius: radius,
                    ..view
                })));
            }
        }
        CompareMode::Transparency => {
            let mut percent = view.opacity * 100.0;
            let label = ui.label(tr("compare-opacity"));
            let slider = egui::Slider::new(&mut percent, 0.0..=100.0)
                .suffix(" %")
                .integer();
            if ui.add(slider).labelled_by(label.id).changed() {
                actions.push(Action::Compare(CompareAction::SetView(CompareView {
                    opacity: percent / 100.0,
                    ..view
                })));
            }
        }
        CompareMode::SwipeVertical | CompareMode::SwipeHorizontal | CompareMode::SideBySide => {}
    }
}
