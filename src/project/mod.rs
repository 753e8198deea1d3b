//! The project file's model: layers and their sources, styles, filters, view, comparison, bookmarks, scenario.
//!
//! A project is plain data (TOML on disk, see `sources::project_file`). Layers are named by a key
//! unique in the file; everything else refers to them by that key. Paths are stored relative to
//! the project's folder when they are inside it.

pub mod basemap;
mod internal;
mod parts;
pub mod paths;
mod repair;
mod stored;

pub use internal::{InternalLayer, TableRef};
pub use parts::Part;
pub use repair::{ProjectWarning, Referrer};

pub use stored::{
    ANGERS_LON_LAT, ANGERS_ZOOM, CompareMode, CompareView, FilterMode, MethodChoice, Side,
};

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::i18n::{tr, tr_args};
use basemap::BasemapId;

/// The format's name, written first in every project file.
pub const FORMAT: &str = "territoire-project";
/// The version written; files of a newer version are refused with a clear message.
pub const VERSION: u32 = 1;

/// A whole project.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Project {
    /// Always [`FORMAT`].
    pub format: String,
    /// The version of the format.
    pub version: u32,
    /// A title for the window and handouts.
    #[serde(default)]
    pub title: String,
    /// Layers, bottom first.
    #[serde(default)]
    pub layers: Vec<LayerEntry>,
    /// The state shown when the project opens.
    #[serde(default)]
    pub state: Snapshot,
    /// Named views.
    #[serde(default)]
    pub bookmarks: Vec<Bookmark>,
    /// The training scenario's steps, in order.
    #[serde(default)]
    pub steps: Vec<Step>,
}

impl Default for Project {
    fn default() -> Self {
        Self {
            format: FORMAT.to_owned(),
            version: VERSION,
            title: String::new(),
            layers: Vec::new(),
            state: Snapshot::default(),
            bookmarks: Vec::new(),
            steps: Vec::new(),
        }
    }
}

/// One layer: where it comes from and how it looks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LayerEntry {
    /// Unique in the project; other parts name the layer by it (made from the name when absent).
    #[serde(default)]
    pub key: String,
    /// The name shown.
    #[serde(default)]
    pub name: String,
    /// Where its data comes from.
    pub source: SourceEntry,
    /// Its look.
    #[serde(default)]
    pub style: StyleEntry,
    /// Marked as holding personal data (statistical secrecy applies to its counts).
    #[serde(default)]
    pub personal: bool,
}

/// Where a layer's data comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum SourceEntry {
    /// A file; the path is relative to the project's folder when it lies inside it.
    File {
        /// The file.
        path: String,
        /// The CRS chosen by the user for a file that declares none.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        crs: Option<String>,
        /// The layer read in a file that holds several (a GeoPackage table).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        layer: Option<String>,
    },
    /// A dataset of an open-data portal (reloaded from the cache or the portal).
    Portal {
        /// The portal's address.
        portal: String,
        /// The dataset id.
        dataset: String,
        /// Fields kept; all when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        fields: Option<Vec<String>>,
        /// The filter sent to the portal.
        #[serde(default, rename = "where", skip_serializing_if = "Option::is_none")]
        filter: Option<String>,
        /// Only this extent was downloaded.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        bbox: Option<[f64; 4]>,
    },
    /// A table of an internal server, through the connection of that name (saved in each
    /// user's settings, without its password).
    Internal(InternalLayer),
}

/// A layer's look.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StyleEntry {
    /// `#rrggbb`.
    pub color: String,
    /// 0 to 1.
    pub opacity: f32,
    /// Point symbols' radius in pixels.
    pub point_radius: f32,
    /// The field whose values label the polygons, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

impl Default for StyleEntry {
    fn default() -> Self {
        Self {
            color: "#0072b2".to_owned(),
            opacity: 1.0,
            point_radius: 3.0,
            label: None,
        }
    }
}

/// The part of the state that bookmarks and scenario steps restore.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Snapshot {
    /// Centre and zoom.
    pub view: ViewEntry,
    /// The basemap; unchanged when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basemap: Option<BasemapId>,
    /// The basemap brought by the user, when `basemap` is `custom`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_basemap: Option<basemap::CustomBasemap>,
    /// Keys of the visible layers.
    pub visible: Vec<String>,
    /// Filters in force, by layer key.
    pub filters: BTreeMap<String, FilterEntry>,
    /// The comparison, when one is shown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare: Option<CompareEntry>,
    /// The zone statistics, when shown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zones: Option<ZonesEntry>,
}

/// Centre and zoom of the map.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ViewEntry {
    /// `[lon, lat]`.
    pub center: [f64; 2],
    /// Web Mercator zoom.
    pub zoom: f64,
}

impl Default for ViewEntry {
    fn default() -> Self {
        Self {
            center: ANGERS_LON_LAT,
            zoom: ANGERS_ZOOM,
        }
    }
}

/// A filter of a layer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FilterEntry {
    /// Its name (may be empty).
    pub name: String,
    /// Conditions on fields, in the filter language.
    pub expression: String,
    /// Conditions of place.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<PlaceEntry>,
    /// Hide or grey out what it leaves out.
    pub mode: FilterMode,
}

/// A condition of place of a filter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum PlaceEntry {
    /// In the zones (feature numbers) of a zone layer.
    InZones {
        /// The zone layer's key.
        layer: String,
        /// Feature numbers of the chosen zones.
        zones: Vec<usize>,
    },
    /// Within or beyond a distance of another layer's features.
    Near {
        /// The other layer's key.
        layer: String,
        /// Metres, as typed.
        metres: String,
        /// Beyond instead of within.
        #[serde(default)]
        beyond: bool,
    },
    /// In a drawn ring.
    InDrawing {
        /// `[lon, lat]` points.
        ring: Vec<[f64; 2]>,
    },
}

/// A comparison of two sides.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CompareEntry {
    /// Mode, divider, lens radius, opacity.
    #[serde(flatten)]
    pub view: CompareView,
    /// The side of each layer by key; unlisted layers are on side A.
    pub sides: BTreeMap<String, Side>,
}

/// The zone statistics window's settings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ZonesEntry {
    /// Zone layer key.
    pub zones: String,
    /// Counted layer key.
    pub count: String,
    /// Nearness layer key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub near: Option<String>,
    /// Metres, as typed.
    pub distance: String,
    /// What colours the zones.
    pub measure: crate::analysis::measures::Measure,
    /// The numeric field summed or averaged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// How class bounds are chosen.
    pub method: MethodChoice,
    /// Bounds typed for manual classes.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub manual: String,
    /// Number of classes.
    pub classes: usize,
    /// Colours.
    pub palette: crate::analysis::classes::Palette,
    /// The ranking is sorted by value (else by name).
    pub sort_by_value: bool,
    /// More layers counted beside the main one, by key.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub others: Vec<String>,
}

/// A named view.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bookmark {
    /// Its name.
    #[serde(default)]
    pub name: String,
    /// Centre and zoom.
    #[serde(default)]
    pub view: ViewEntry,
    /// Keys of the visible layers.
    #[serde(default)]
    pub visible: Vec<String>,
}

/// A step of a training scenario.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// Its title.
    #[serde(default)]
    pub title: String,
    /// A short text read out or shown large.
    #[serde(default)]
    pub text: String,
    /// What the map shows.
    #[serde(default)]
    pub state: Snapshot,
}

/// Why a file is not a project Territoire can open; the words are in the interface language.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ProjectError {
    /// Not TOML, or not the expected shape; `line` counts from 1 (the parser's text is for the log).
    #[error("{}", match .line {
        Some(line) => tr_args("project-error-syntax-line", &[("line", &line.to_string())]),
        None => tr("project-error-syntax"),
    })]
    Syntax {
        /// Where the problem is, when known.
        line: Option<usize>,
        /// The parser's own words, for the log.
        detail: String,
    },
    /// Another kind of file.
    #[error("{}", if .0.trim().is_empty() {
        tr("project-error-no-header")
    } else {
        tr_args("project-error-not-a-project", &[("format", .0)])
    })]
    NotAProject(String),
    /// Written by a newer version.
    #[error("{}", tr_args("project-error-too-new", &[("version", &.0.to_string()), ("max", &VERSION.to_string())]))]
    TooNew(u32),
}

/// What every project file starts with.
#[derive(Deserialize)]
struct Header {
    #[serde(default)]
    format: String,
    #[serde(default)]
    version: u32,
}

/// A parse error, with its line for the user and the parser's words for the log.
fn syntax(text: &str, e: &toml::de::Error) -> ProjectError {
    let line = e.span().map(|span| {
        let before = &text.as_bytes()[..span.start.min(text.len())];
        before.iter().filter(|b| **b == b'\n').count() + 1
    });
    log::info!("project file: {e}");
    ProjectError::Syntax {
        line,
        detail: e.message().to_owned(),
    }
}

impl Project {
    /// Parses a project file's text: everything that can be shown is kept (see
    /// [`Project::repair`]); only a file that is not a readable project is refused.
    pub fn from_toml(text: &str) -> Result<Self, ProjectError> {
        Self::from_toml_with_warnings(text).map(|(project, _)| project)
    }

    /// [`Project::from_toml`], with what had to be dropped or renamed for the project to hold together.
    pub fn from_toml_with_warnings(
        text: &str,
    ) -> Result<(Self, Vec<ProjectWarning>), ProjectError> {
        // The header first: a newer or foreign file is named as such, whatever its shape.
        let header: Header = toml::from_str(text).map_err(|e| syntax(text, &e))?;
        if header.format != FORMAT {
            return Err(ProjectError::NotAProject(header.format));
        }
        if header.version > VERSION {
            return Err(ProjectError::TooNew(header.version));
        }
        let (mut project, mut warnings) = parts::read(text)?;
        warnings.extend(project.repair());
        Ok((project, warnings))
    }

    /// The project as TOML text.
    pub fn to_toml(&self) -> Result<String, ProjectError> {
        toml::to_string_pretty(self).map_err(|e| ProjectError::Syntax {
            line: None,
            detail: e.to_string(),
        })
    }
}

/// A key for a layer name: lower case letters and digits joined by dashes, unique among `taken`.
pub fn layer_key(name: &str, taken: &std::collections::BTreeSet<String>) -> String {
    let mut base = String::new();
    for c in name.to_lowercase().chars() {
        let c = match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            base.push(c);
        } else if !base.ends_with('-') && !base.is_empty() {
            base.push('-');
        }
    }
    let base = base.trim_end_matches('-');
    let base = if base.is_empty() { "couche" } else { base };
    let mut key = base.to_owned();
    let mut n = 2;
    while taken.contains(&key) {
        key = format!("{base}-{n}");
        n += 1;
    }
    key
}

#[cfg(test)]
mod tests;
