//! The basemap a project or the user chose: a built-in one, none, or one brought (a tile file, an XYZ server, a WMTS layer), and how `--basemap` names it.

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
    /// The basemap the user brought (a tile file, a server): the settings' or the project's
    /// custom basemap.
    Custom,
    /// No basemap: a plain background.
    None,
}

impl BasemapId {
    /// The built-in choices, in menu order (the brought basemap is listed after them).
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
            Self::Custom => "basemap-custom",
            Self::None => "basemap-none",
        }
    }
}

/// What kind of basemap the user brought.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CustomBasemapKind {
    /// An MBTiles or PMTiles file.
    #[default]
    File,
    /// A tile server by its `{z}/{x}/{y}` address.
    Xyz,
    /// A layer of a WMTS service (its capabilities address, layer and style).
    Wmts,
}

/// A basemap the user brought: a tile file, a tile server's address, a WMTS layer.
#[derive(Clone, Debug, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct CustomBasemap {
    /// File, XYZ server or WMTS layer.
    pub kind: CustomBasemapKind,
    /// The file's path, the XYZ address, or the WMTS capabilities address.
    pub location: String,
    /// WMTS: the tile address built from the capabilities (`{z}`, `{x}`, `{y}` in it).
    pub template: String,
    /// WMTS: the layer's identifier.
    pub layer: String,
    /// WMTS: the style's identifier.
    pub style: String,
    /// The credit shown on the map and printed (a file's own when empty).
    pub attribution: String,
    /// The deepest zoom of a server (files say theirs).
    pub max_zoom: Option<u8>,
}

impl CustomBasemap {
    /// A short name for menus: the file's name, the layer, or the server's host.
    pub fn short_name(&self) -> String {
        match self.kind {
            CustomBasemapKind::File => std::path::Path::new(&self.location)
                .file_name()
                .map_or_else(
                    || self.location.clone(),
                    |n| n.to_string_lossy().into_owned(),
                ),
            CustomBasemapKind::Wmts if !self.layer.is_empty() => self.layer.clone(),
            _ => url::Url::parse(&self.location)
                .ok()
                .and_then(|u| u.host_str().map(str::to_owned))
                .unwrap_or_else(|| self.location.clone()),
        }
    }
}

/// What `--basemap` names: `osm`, `ign-plan`, `ign-ortho`, `none`, an XYZ address (with
/// `{z}`), a WMTS capabilities address (any other `http(s)` address) or a tile file.
pub fn parse_basemap(text: &str) -> Option<(BasemapId, Option<CustomBasemap>)> {
    let text = text.trim();
    let preset = match text.to_ascii_lowercase().as_str() {
        "" => return None,
        "osm" | "openstreetmap" => Some(BasemapId::OpenStreetMap),
        "ign-plan" => Some(BasemapId::IgnPlan),
        "ign-ortho" => Some(BasemapId::IgnOrtho),
        "none" | "aucun" => Some(BasemapId::None),
        _ => None,
    };
    if let Some(id) = preset {
        return Some((id, None));
    }
    let lower = text.to_ascii_lowercase();
    let kind = if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        CustomBasemapKind::File
    } else if text.contains("{z}") {
        CustomBasemapKind::Xyz
    } else {
        CustomBasemapKind::Wmts
    };
    let custom = CustomBasemap {
        kind,
        location: text.to_owned(),
        ..CustomBasemap::default()
    };
    Some((BasemapId::Custom, Some(custom)))
}
