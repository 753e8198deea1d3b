//! Display controls: interface size, high contrast and large map labels, and the presentation toggle.

use egui::Ui;

use crate::app::TerritoireApp;
use crate::app::action::{Action, SettingsAction};
use crate::i18n::tr;
use crate::settings::DisplaySettings;

impl TerritoireApp {
    /// The preferences' display section: size slider (100–200 %), contrast and label checkboxes.
    pub(crate) fn display_settings_ui(&self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let display = self.settings.display;
        ui.strong(tr("display-title"));
        if let Some(percent) = ui_scale_slider_ui(ui, display.ui_scale_clamped() * 100.0) {
            actions.push(Action::Settings(SettingsAction::SetDisplay(
                DisplaySettings {
                    ui_scale: percent / 100.0,
                    ..display
                },
            )));
        }
        let mut high_contrast = display.high_contrast;
        if ui
            .checkbox(&mut high_contrast, tr("display-high-contrast"))
            .changed()
        {
            actions.push(Action::Settings(SettingsAction::SetDisplay(
                DisplaySettings {
                    high_contrast,
                    ..display
                },
            )));
        }
        let mut large_labels = display.large_labels;
        if ui
            .checkbox(&mut large_labels, tr("display-large-labels"))
            .changed()
        {
            actions.push(Action::Settings(SettingsAction::SetDisplay(
                DisplaySettings {
                    large_labels,
                    ..display
                },
            )));
        }
        ui.small(tr("display-zoom-keys"));
    }

    /// The View menu's one-click presentation mode (150 %, high contrast, large labels).
    pub(crate) fn presentation_toggle_ui(&self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let mut on = self.settings.display.is_presentation();
        let response = ui
            .checkbox(&mut on, tr("menu-presentation"))
            .on_hover_text(tr("menu-presentation-hint"));
        if response.clicked() {
            actions.push(Action::Settings(SettingsAction::TogglePresentation));
            ui.close();
        }
    }
}

/// The interface size slider, in percent. The size is applied when the value settles (a key, a
/// click, the end of a drag): zooming under a dragged handle would move it away from the mouse.
fn ui_scale_slider_ui(ui: &mut Ui, current_percent: f32) -> Option<f32> {
    let id = ui.scope_id().with("display-ui-scale-dragged");
    let mut percent = ui
        .data(|d| d.get_temp::<f32>(id))
        .unwrap_or(current_percent);
    let response = ui.add(
        egui::Slider::new(&mut percent, 100.0..=200.0)
            .step_by(10.0)
            .suffix(" %")
            .text(tr("display-ui-scale")),
    );
    if response.dragged() {
        ui.data_mut(|d| d.insert_temp(id, percent));
        return None;
    }
    ui.data_mut(|d| d.remove::<f32>(id));
    ((percent - current_percent).abs() >= 1.0).then_some(percent)
}
