//! The preferences window: language, renderer, address service, statistical secrecy, display.

use crate::app::TerritoireApp;
use crate::app::action::{Action, SettingsAction};
use crate::i18n::{Language, tr};
use crate::settings::Renderer;

impl TerritoireApp {
    /// The preferences window; closing it toggles it off.
    pub(crate) fn settings_ui(&self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        let mut open = true;
        egui::Window::new(tr("settings-title"))
            .open(&mut open)
            .resizable(false)
            .collapsible(false)
            .show(ctx, |ui| {
                language_ui(ui, actions);
                ui.separator();
                self.renderer_ui(ui, actions);
                ui.separator();
                self.geocoder_ui(ui, actions);
                ui.separator();
                self.secrecy_ui(ui, actions);
                ui.separator();
                self.display_settings_ui(ui, actions);
                ui.separator();
                self.tile_cache_ui(ui, actions);
            });
        if !open {
            actions.push(Action::Settings(SettingsAction::Toggle));
        }
    }

    /// The map renderer, with a note on the variable that forces it.
    fn renderer_ui(&self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        ui.label(tr("settings-renderer"));
        for (renderer, key) in [
            (Renderer::Glow, "settings-renderer-glow"),
            (Renderer::Wgpu, "settings-renderer-wgpu"),
        ] {
            if ui
                .radio(self.settings.renderer == renderer, tr(key))
                .clicked()
            {
                actions.push(Action::Settings(SettingsAction::SetRenderer(renderer)));
            }
        }
        ui.small(tr("settings-renderer-note"));
    }

    /// The address service's address; the text being typed stays in egui's memory until it is
    /// applied, and only a valid service address can be.
    fn geocoder_ui(&self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        let label = ui.label(tr("settings-geocoder"));
        let id = egui::Id::unique("settings-geocoder-url");
        let mut url: String = ui
            .data(|d| d.get_temp(id))
            .unwrap_or_else(|| self.settings.geocoder_url.clone());
        ui.horizontal(|ui| {
            ui.add(egui::TextEdit::singleline(&mut url).desired_width(280.0))
                .labelled_by(label.id);
            let valid = crate::sources::geocoder::is_service_url(&url);
            if ui
                .add_enabled(
                    valid && url != self.settings.geocoder_url,
                    egui::Button::new(tr("settings-apply")),
                )
                .clicked()
            {
                actions.push(Action::Settings(SettingsAction::SetGeocoderUrl(
                    url.clone(),
                )));
            }
        });
        ui.data_mut(|d| d.insert_temp(id, url));
    }

    /// The threshold under which counts of personal data are hidden.
    fn secrecy_ui(&self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        ui.horizontal(|ui| {
            let label = ui.label(tr("settings-secrecy"));
            let mut threshold = self.settings.secrecy_threshold;
            let edit = egui::DragValue::new(&mut threshold).range(2..=1000);
            if ui.add(edit).labelled_by(label.id).changed() {
                actions.push(Action::Settings(SettingsAction::SetSecrecyThreshold(
                    threshold,
                )));
            }
        });
    }
}

/// The interface language, one button per language named in itself.
fn language_ui(ui: &mut egui::Ui, actions: &mut Vec<Action>) {
    ui.label(tr("settings-language"));
    for language in Language::ALL {
        if ui
            .radio(crate::i18n::language() == language, language.native_name())
            .clicked()
        {
            actions.push(Action::Settings(SettingsAction::SetLanguage(language)));
        }
    }
}
