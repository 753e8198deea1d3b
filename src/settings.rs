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

/// Everything remembered between sessions.
#[derive(Clone, Debug, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Interface language.
    pub language: Language,
    /// The basemap shown at start.
    pub basemap: BasemapId,
    /// The graphics back-end, applied at the next start.
    pub renderer: Renderer,
}
