//! User preferences (language, basemap, renderer); read and written by `sources::settings_file`.

use crate::i18n::Language;

/// The basemap choices offered in the map menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BasemapId {
    /// OpenStreetMap standard tiles.
    #[default]
    OpenStreetMap,
    /// IGN Plan (Géoplateforme WMTS).
    IgnPlan,
    /// IGN orthophotos (Géoplateforme WMTS).
    IgnOrtho,
    /// No basemap: a plain background.
    None,
}

impl BasemapId {
    /// Every choice, in menu order.
    pub const ALL: [BasemapId; 4] = [
        Self::OpenStreetMap,
        Self::IgnPlan,
        Self::IgnOrtho,
        Self::None,
    ];

    /// The locale key of its name.
    pub fn label_key(self) -> &'static str {
        match self {
            Self::OpenStreetMap => "basemap-osm",
            Self::IgnPlan => "basemap-ign-plan",
            Self::IgnOrtho => "basemap-ign-ortho",
            Self::None => "basemap-none",
        }
    }
}

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
pub const DEFAULT_PORTAL: &str = "https://data.angers.fr";

impl Default for Settings {
    fn default() -> Self {
        Self {
            language: Language::default(),
            basemap: BasemapId::default(),
            renderer: Renderer::default(),
            portals: vec![DEFAULT_PORTAL.to_string()],
            large_dataset_records: 50_000,
            saved_filters: Vec::new(),
            recent_projects: Vec::new(),
            geocoder_url: crate::sources::geocoder::DEFAULT_GEOCODER.to_string(),
            secrecy_threshold: crate::analysis::secrecy::DEFAULT_THRESHOLD,
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
}
