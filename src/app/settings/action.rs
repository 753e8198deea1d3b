//! What the user can ask of the preferences (language, renderer, basemap, address service, secrecy, display), and how the app carries it out.

use crate::app::TerritoireApp;
use crate::i18n::Language;
use crate::settings::{BasemapId, Renderer};

/// Something the user asked of the preferences (language, renderer, basemap, address service, secrecy, display).
#[derive(Clone, Debug, PartialEq)]
pub enum SettingsAction {
    /// Switch the basemap.
    SetBasemap(BasemapId),
    /// Switch the interface language.
    SetLanguage(Language),
    /// Choose the renderer for the next start.
    SetRenderer(Renderer),
    /// Show or hide the settings window.
    Toggle,
    /// Use another address service (base URL), saved in the settings.
    SetGeocoderUrl(String),
    /// Hide counts of personal data below this threshold; saved in the settings.
    SetSecrecyThreshold(usize),
    /// Change the interface size, contrast and map labels; saved in the settings.
    SetDisplay(crate::settings::DisplaySettings),
    /// Turn the presentation mode (large, high contrast) on, or back to the previous display.
    TogglePresentation,
}

impl TerritoireApp {
    /// Carries out one request about the preferences (language, renderer, basemap, address service, secrecy, display).
    pub(crate) fn apply_settings(&mut self, action: SettingsAction) {
        match action {
            SettingsAction::SetBasemap(basemap) => {
                self.show_basemap(basemap);
                self.settings.basemap = basemap;
                self.save_settings();
            }
            SettingsAction::SetLanguage(language) => {
                crate::i18n::set_language(language);
                self.settings.language = language;
                self.save_settings();
            }
            SettingsAction::SetRenderer(renderer) => {
                self.settings.renderer = renderer;
                self.save_settings();
            }
            SettingsAction::Toggle => self.settings_open = !self.settings_open,
            SettingsAction::SetGeocoderUrl(url) => {
                self.settings.geocoder_url = url.trim().to_owned();
                self.save_settings();
            }
            SettingsAction::SetSecrecyThreshold(threshold) => {
                self.settings.secrecy_threshold = threshold.max(1);
                self.save_settings();
                self.classify_zones();
            }
            SettingsAction::SetDisplay(display) => self.set_display(display),
            SettingsAction::TogglePresentation => self.toggle_presentation(),
        }
    }

    /// Shows basemap `id` (the brought one from the settings for `custom`; a WMTS named
    /// without its tile address has its capabilities read first).
    pub(crate) fn show_basemap(&mut self, id: BasemapId) {
        if id == BasemapId::Custom
            && let Some(custom) = &self.settings.custom_basemap
            && custom.kind == crate::settings::CustomBasemapKind::Wmts
            && custom.template.is_empty()
        {
            return self.resolve_wmts(custom.clone());
        }
        let ctx = self.ctx.clone();
        self.map
            .set_basemap(id, self.settings.custom_basemap.as_ref(), &ctx);
    }

    pub(crate) fn save_settings(&self) {
        if self.start.ephemeral {
            return;
        }
        if let Err(e) = crate::sources::settings_file::save(&self.settings) {
            log::warn!("settings not saved: {e}");
        }
    }
}
