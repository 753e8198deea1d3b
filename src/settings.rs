//! User preferences (language, basemap, renderer, display); read and written by `sources::settings_file`, which knows the file, not this type.

use crate::i18n::Language;
pub use crate::project::basemap::{BasemapId, CustomBasemap, CustomBasemapKind, parse_basemap};

/// The graphics back-end; glow is the measured faster one under software OpenGL.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Renderer {
    /// OpenGL through glow.
    #[default]
    Glow,
    /// wgpu (Vulkan, DirectX, Metal or GL).
    Wgpu,
}

/// Everything remembered between sessions. API keys are not here: they live in the system keyring.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Interface language.
    pub language: Language,
    /// The basemap shown at start.
    pub basemap: BasemapId,
    /// The basemap the user brought, shown when `basemap` is `custom`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_basemap: Option<CustomBasemap>,
    /// The size limit of the tile cache, in megabytes (the least recently used go first).
    pub tile_cache_mb: u64,
    /// The graphics back-end, applied at the next start.
    pub renderer: Renderer,
    /// Open-data portals offered in the portal panel, the first being the default.
    pub portals: Vec<String>,
    /// Above this many records, adding a portal dataset asks how much to load.
    pub large_dataset_records: u64,
    /// Base URL of the national address service (its `/search` answers the address box).
    pub geocoder_url: String,
    /// Filters saved under a name, offered on every layer that has their fields.
    pub saved_filters: Vec<SavedFilter>,
    /// Projects opened or saved lately, newest first.
    pub recent_projects: Vec<String>,
    /// Statistical secrecy: on personal layers, counts from 1 to this − 1 are hidden.
    pub secrecy_threshold: usize,
    /// Interface size, contrast and map labels (projectors, accessibility).
    pub display: DisplaySettings,
    /// Connections to the metropolis's own servers (no password: those are in the keyring).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub internal_connections: Vec<crate::sources::internal::InternalConnection>,
    /// What the presentation mode replaced, restored when it is turned off.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_before_presentation: Option<DisplaySettings>,
}

/// How big and how contrasted the interface is.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct DisplaySettings {
    /// Interface size: 1.0 is 100 %, up to 2.0 (200 %).
    pub ui_scale: f32,
    /// A light theme with black text, thick dark outlines and a strong focus ring.
    pub high_contrast: bool,
    /// Bigger text on the map (scale bar, side names, markers, attribution).
    pub large_labels: bool,
}

impl DisplaySettings {
    /// The smallest and largest interface sizes offered.
    pub const UI_SCALE_RANGE: std::ops::RangeInclusive<f32> = 1.0..=2.0;

    /// What the presentation mode sets in one click: 150 %, high contrast, large labels.
    pub const PRESENTATION: DisplaySettings = DisplaySettings {
        ui_scale: 1.5,
        high_contrast: true,
        large_labels: true,
    };

    /// The interface size within [`Self::UI_SCALE_RANGE`] (100 % for a damaged value).
    pub fn ui_scale_clamped(&self) -> f32 {
        if self.ui_scale.is_finite() {
            self.ui_scale
                .clamp(*Self::UI_SCALE_RANGE.start(), *Self::UI_SCALE_RANGE.end())
        } else {
            1.0
        }
    }

    /// True when these are the presentation mode's settings.
    pub fn is_presentation(&self) -> bool {
        *self == Self::PRESENTATION
    }
}

impl Default for DisplaySettings {
    fn default() -> Self {
        Self {
            ui_scale: 1.0,
            high_contrast: false,
            large_labels: false,
        }
    }
}

/// A filter saved under a name.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SavedFilter {
    /// Its name.
    pub name: String,
    /// Its expression in the filter language.
    pub expression: String,
}

/// The portal every installation starts with.
pub use crate::sources::portal::DEFAULT_PORTAL;

impl Default for Settings {
    fn default() -> Self {
        Self {
            language: Language::default(),
            basemap: BasemapId::default(),
            custom_basemap: None,
            tile_cache_mb: crate::sources::tiles::cache::DEFAULT_LIMIT_MB,
            renderer: Renderer::default(),
            portals: vec![DEFAULT_PORTAL.to_string()],
            large_dataset_records: 50_000,
            saved_filters: Vec::new(),
            recent_projects: Vec::new(),
            geocoder_url: crate::sources::geocoder::DEFAULT_GEOCODER.to_string(),
            secrecy_threshold: crate::analysis::secrecy::DEFAULT_THRESHOLD,
            display: DisplaySettings::default(),
            display_before_presentation: None,
            internal_connections: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_written_before_the_secrecy_threshold_still_load() {
        let old = "language = \"fr\"\nbasemap = \"ign-plan\"\nrenderer = \"glow\"\n";
        let settings: Settings = toml::from_str(old).expect("old settings");
        assert_eq!(settings.basemap, BasemapId::IgnPlan);
        assert_eq!(settings.secrecy_threshold, 11);
    }

    #[test]
    fn settings_written_before_the_display_section_still_load() {
        let old = "language = \"fr\"\nsecrecy_threshold = 5\n";
        let settings: Settings = toml::from_str(old).expect("old settings");
        assert_eq!(settings.secrecy_threshold, 5);
        assert_eq!(settings.display, DisplaySettings::default());
        assert_eq!(settings.display_before_presentation, None);
    }

    #[test]
    fn a_partial_display_section_keeps_the_other_defaults() {
        let text = "[display]\nui_scale = 1.3\n";
        let settings: Settings = toml::from_str(text).expect("partial display");
        assert!((settings.display.ui_scale - 1.3).abs() < 1e-6);
        assert!(!settings.display.high_contrast && !settings.display.large_labels);
    }

    #[test]
    fn display_settings_survive_a_round_trip() {
        let settings = Settings {
            display: DisplaySettings::PRESENTATION,
            display_before_presentation: Some(DisplaySettings {
                ui_scale: 1.2,
                ..DisplaySettings::default()
            }),
            ..Settings::default()
        };
        let text = toml::to_string(&settings).expect("written");
        let back: Settings = toml::from_str(&text).expect("read back");
        assert_eq!(back, settings);
    }

    #[test]
    fn a_damaged_ui_scale_is_brought_back_in_range() {
        let scale = |ui_scale| DisplaySettings {
            ui_scale,
            ..DisplaySettings::default()
        };
        assert_eq!(scale(5.0).ui_scale_clamped(), 2.0);
        assert_eq!(scale(0.2).ui_scale_clamped(), 1.0);
        assert_eq!(scale(f32::NAN).ui_scale_clamped(), 1.0);
        assert_eq!(scale(1.4).ui_scale_clamped(), 1.4);
    }
}
