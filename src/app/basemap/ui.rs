//! The basemap menu: the built-in basemaps, the brought one, *Depuis un fichier…*.

use egui::Ui;

use super::BasemapAction;
use crate::app::TerritoireApp;
use crate::app::action::{Action, SettingsAction};
use crate::i18n::tr;
use crate::settings::BasemapId;

impl TerritoireApp {
    /// The entries of the *Fond de carte* menu.
    pub(crate) fn basemap_menu_ui(&self, ui: &mut Ui, actions: &mut Vec<Action>) {
        for id in BasemapId::ALL {
            if ui
                .radio(self.map.basemap() == id, tr(id.label_key()))
                .clicked()
            {
                actions.push(Action::Settings(SettingsAction::SetBasemap(id)));
            }
        }
        if let Some(custom) = &self.settings.custom_basemap {
            let shown = self.map.basemap() == BasemapId::Custom;
            if ui.radio(shown, custom.short_name()).clicked() {
                actions.push(Action::Settings(SettingsAction::SetBasemap(
                    BasemapId::Custom,
                )));
            }
        }
        ui.separator();
        if ui.button(tr("basemap-from-file")).clicked() {
            actions.push(Action::Basemap(BasemapAction::PickFile));
        }
        if ui.button(tr("basemap-from-server")).clicked() {
            actions.push(Action::Basemap(BasemapAction::OpenServer));
        }
        ui.separator();
        if ui.button(tr("offline-menu")).clicked() {
            actions.push(Action::Basemap(BasemapAction::OpenOffline));
        }
    }
}
