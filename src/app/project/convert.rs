//! Conversions between the app's layers, filters and colours and the saved project's entries.

use std::collections::BTreeMap;
use std::path::Path;

use crate::app::filter::place::Place;
use crate::app::layers::{LayerId, LayerSource};
use crate::project::{PlaceEntry, SourceEntry, paths};

/// A colour as `#rrggbb`.
pub(super) fn hex(c: egui::Color32) -> String {
    format!("#{:02x}{:02x}{:02x}", c.r(), c.g(), c.b())
}

/// A `#rrggbb` colour, or `None`.
pub(super) fn parse_hex(s: &str) -> Option<egui::Color32> {
    let s = s.strip_prefix('#')?;
    if s.len() != 6 {
        return None;
    }
    let v = u32::from_str_radix(s, 16).ok()?;
    Some(egui::Color32::from_rgb(
        (v >> 16) as u8,
        (v >> 8) as u8,
        v as u8,
    ))
}

/// Where a layer comes from, as saved in a project in `folder` (relative paths inside it).
pub(super) fn source_entry(source: &LayerSource, folder: Option<&Path>) -> SourceEntry {
    match source {
        LayerSource::File { path, options } => SourceEntry::File {
            path: match folder {
                Some(folder) => paths::to_project(path, folder),
                None => path.to_string_lossy().into_owned(),
            },
            crs: options.crs.clone(),
            layer: options.layer.clone(),
        },
        LayerSource::Portal { portal, request } => SourceEntry::Portal {
            portal: portal.as_str().to_owned(),
            dataset: request.dataset.clone(),
            fields: request.fields.clone(),
            filter: request.filter.clone(),
            bbox: request.bbox,
        },
        LayerSource::Internal(layer) => SourceEntry::Internal(layer.clone()),
    }
}

/// A condition of place as saved; `None` when it names a layer without a key (removed).
pub(super) fn place_entry(
    place: &Place,
    key: &dyn Fn(LayerId) -> Option<String>,
) -> Option<PlaceEntry> {
    Some(match place {
        Place::InZones { layer, zones } => PlaceEntry::InZones {
            layer: key((*layer)?)?,
            zones: zones.iter().copied().collect(),
        },
        Place::Near {
            layer,
            metres,
            beyond,
        } => PlaceEntry::Near {
            layer: key((*layer)?)?,
            metres: metres.clone(),
            beyond: *beyond,
        },
        Place::InDrawing { ring } => PlaceEntry::InDrawing { ring: ring.clone() },
    })
}

/// A saved condition of place, with layer keys turned back into ids.
pub(super) fn place_of(entry: &PlaceEntry, keys: &BTreeMap<String, LayerId>) -> Place {
    match entry {
        PlaceEntry::InZones { layer, zones } => Place::InZones {
            layer: keys.get(layer).copied(),
            zones: zones.iter().copied().collect(),
        },
        PlaceEntry::Near {
            layer,
            metres,
            beyond,
        } => Place::Near {
            layer: keys.get(layer).copied(),
            metres: metres.clone(),
            beyond: *beyond,
        },
        PlaceEntry::InDrawing { ring } => Place::InDrawing { ring: ring.clone() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_written_in_hex() {
        let c = egui::Color32::from_rgb(0x1b, 0x9e, 0x4b);
        assert_eq!(hex(c), "#1b9e4b");
        assert_eq!(parse_hex("#1b9e4b"), Some(c));
        assert_eq!(parse_hex("vert"), None);
    }
}
