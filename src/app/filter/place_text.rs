//! A layer filter's conditions of place written out as lines under its expression, so the
//! advanced box shows the whole filter (the zone names and the layer measured from, by name).

use crate::app::Layer;
use crate::app::filter::place::{Place, zone_names};

/// Zone names written out at most; the rest is counted.
const MAX_NAMES: usize = 12;

/// The condition as a line of the filter language, or `None` while it is incomplete.
pub fn place_line(place: &Place, layers: &[Layer]) -> Option<String> {
    let named = |id| layers.iter().find(|l| l.id == id);
    match place {
        Place::InZones {
            layer: Some(id),
            zones,
        } if !zones.is_empty() => {
            let layer = named(*id)?;
            let names = layer.dataset.as_deref().map(zone_names).unwrap_or_default();
            let mut listed: Vec<String> = zones
                .iter()
                .take(MAX_NAMES)
                .map(|&z| quoted(names.get(z).map_or("?", String::as_str)))
                .collect();
            if zones.len() > MAX_NAMES {
                listed.push(format!("… +{}", zones.len() - MAX_NAMES));
            }
            Some(format!(
                "in_zones({}, [{}])",
                quoted(&layer.name),
                listed.join(", ")
            ))
        }
        Place::Near {
            layer: Some(id),
            metres,
            beyond,
        } => {
            let layer = named(*id)?;
            let not = if *beyond { "NOT " } else { "" };
            Some(format!(
                "{not}within_distance(geo, layer{}, {}m)",
                quoted(&layer.name),
                metres.trim()
            ))
        }
        Place::InDrawing { ring } if ring.len() >= 4 => {
            let points: Vec<String> = ring
                .iter()
                .map(|p| format!("{:.6} {:.6}", p[0], p[1]))
                .collect();
            Some(format!(
                "intersects(geo, geom'POLYGON(({}))')",
                points.join(", ")
            ))
        }
        _ => None,
    }
}

impl crate::app::TerritoireApp {
    /// A layer's filter written out whole: its expression and its conditions of place, joined
    /// by `AND` (`None` when the layer is not filtered).
    pub(crate) fn filter_text(&self, id: crate::app::LayerId) -> Option<String> {
        let filter = self.layer(id)?.filter.as_ref()?;
        let mut parts: Vec<String> = Vec::new();
        if !filter.expression.trim().is_empty() {
            parts.push(filter.expression.trim().to_owned());
        }
        parts.extend(
            filter
                .places
                .iter()
                .filter_map(|p| place_line(p, &self.layers)),
        );
        (!parts.is_empty()).then(|| parts.join(" AND "))
    }
}

/// A name between single quotes, its own quotes doubled as the language writes them.
fn quoted(name: &str) -> String {
    format!("'{}'", name.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn incomplete_conditions_write_nothing_and_drawings_are_polygons() {
        let layers: Vec<Layer> = Vec::new();
        let near = Place::Near {
            layer: None,
            metres: "300".into(),
            beyond: true,
        };
        assert_eq!(place_line(&near, &layers), None);
        let ring = vec![[-0.5, 47.4], [-0.4, 47.4], [-0.4, 47.5], [-0.5, 47.4]];
        let line = place_line(&Place::InDrawing { ring }, &layers).expect("a drawing");
        assert!(line.starts_with("intersects(geo, geom'POLYGON((-0.500000 47.400000"));
        assert_eq!(quoted("Val d'Anjou"), "'Val d''Anjou'");
    }
}
