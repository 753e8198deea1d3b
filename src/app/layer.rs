//! A layer of the map: its source, its loading state, its dataset and its style.

use std::path::PathBuf;
use std::sync::Arc;

use crate::data::Dataset;
use crate::jobs::JobId;
use crate::map::LayerStyle;
use crate::sources::LoadOptions;

/// Identifies a layer for its whole life, whatever its position in the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LayerId(pub u64);

/// Where a layer is in its life.
#[derive(Debug)]
pub enum LayerState {
    /// A job is reading it.
    Loading {
        /// The job.
        job: JobId,
    },
    /// Loaded.
    Ready,
    /// The load failed; the message is for the user. A previous dataset, if any, is kept.
    Failed(String),
}

/// One layer of the map.
#[derive(Debug)]
pub struct Layer {
    /// Stable identifier.
    pub id: LayerId,
    /// Name shown in the layer panel.
    pub name: String,
    /// The file it comes from.
    pub path: PathBuf,
    /// How it was loaded (CRS choice).
    pub options: LoadOptions,
    /// Loading, ready or failed.
    pub state: LayerState,
    /// The data, once loaded (kept through a reload or a failure).
    pub dataset: Option<Arc<Dataset>>,
    /// Shown on the map.
    pub visible: bool,
    /// Colour, opacity, point size.
    pub style: LayerStyle,
}

/// Colours given to new layers in turn (colour-blind-safe: Okabe–Ito).
const PALETTE: [[u8; 3]; 7] = [
    [0x00, 0x72, 0xb2],
    [0xd5, 0x5e, 0x00],
    [0x00, 0x9e, 0x73],
    [0xcc, 0x79, 0xa7],
    [0xe6, 0x9f, 0x00],
    [0x56, 0xb4, 0xe9],
    [0x8e, 0x44, 0xad],
];

/// A style for a new layer: known demo names get their usual look, others a palette colour.
pub fn default_style(stem: &str, index: usize) -> LayerStyle {
    let rgb = |c: [u8; 3]| egui::Color32::from_rgb(c[0], c[1], c[2]);
    let (color, radius) = match stem {
        "quartiers" => (rgb([0x6a, 0x3d, 0x9a]), 3.0),
        "espaces-verts" => (rgb([0x1b, 0x9e, 0x4b]), 3.0),
        "adresses" => (rgb([0x00, 0x72, 0xb2]), 2.0),
        "patrimoine" => (rgb([0xc0, 0x39, 0x2b]), 5.0),
        _ => (rgb(PALETTE[index % PALETTE.len()]), 3.5),
    };
    LayerStyle {
        color,
        opacity: 1.0,
        point_radius_px: radius,
    }
}

/// A readable layer name from a file name: `espaces-verts.geojson` → `Espaces verts`.
pub fn display_name(path: &std::path::Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let spaced = stem.replace(['-', '_'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => stem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_file_names() {
        assert_eq!(
            display_name(std::path::Path::new("/d/espaces-verts.geojson")),
            "Espaces verts"
        );
        assert_eq!(display_name(std::path::Path::new("stops.txt")), "Stops");
    }
}
