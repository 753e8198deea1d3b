//! Conditions of place in a layer's filter, without GIS words: "dans la zone", "à moins / plus
//! de X m de", "dans le dessin" — resolved against the other layers, evaluated into masks.

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::app::{Layer, LayerId};
use crate::data::{Bitmap, Dataset, GeomKind};
use crate::i18n::tr_args;

/// A condition of place.
#[derive(Clone, Debug, PartialEq)]
pub enum Place {
    /// In one of the chosen polygons of a zone layer (quartiers, IRIS, QPV, communes).
    InZones {
        /// The zone layer.
        layer: Option<LayerId>,
        /// The chosen zones (feature indices of the zone layer).
        zones: BTreeSet<usize>,
    },
    /// Within (or beyond) a straight-line distance of another layer's (filtered) features.
    Near {
        /// The other layer.
        layer: Option<LayerId>,
        /// The distance as typed, in metres.
        metres: String,
        /// "à plus de": beyond the distance instead of within it.
        beyond: bool,
    },
    /// In a rectangle or polygon drawn on the map.
    InDrawing {
        /// The closed ring, `[lon, lat]`; empty until drawn.
        ring: Vec<[f64; 2]>,
    },
}

impl Place {
    /// The other layer the condition names, if any.
    pub fn layer(&self) -> Option<LayerId> {
        match self {
            Self::InZones { layer, .. } | Self::Near { layer, .. } => *layer,
            Self::InDrawing { .. } => None,
        }
    }
}

/// A condition of place ready to evaluate, with the data it needs.
pub enum Resolved {
    /// Zones of this dataset.
    Zones(Arc<Dataset>, Vec<usize>),
    /// Distance to this dataset's features (those its filter keeps), beyond or within.
    Near(Arc<Dataset>, Option<Arc<Bitmap>>, f64, bool),
    /// A drawn ring.
    Ring(Vec<[f64; 2]>),
}

/// The conditions that are complete, with their data; incomplete ones (no zone chosen, no
/// drawing yet, layer not loaded) are left out; a distance that is not a number is an error.
pub fn resolve(places: &[Place], layers: &[Layer]) -> Result<Vec<Resolved>, String> {
    let data = |id: Option<LayerId>| {
        layers.iter().find(|l| Some(l.id) == id).and_then(|l| {
            Some((
                l.dataset.clone()?,
                l.filter.as_ref().map(|f| f.mask.clone()),
            ))
        })
    };
    let mut out = Vec::new();
    for place in places {
        match place {
            Place::InZones { layer, zones } => {
                if let (Some((ds, _)), false) = (data(*layer), zones.is_empty()) {
                    out.push(Resolved::Zones(ds, zones.iter().copied().collect()));
                }
            }
            Place::Near {
                layer,
                metres,
                beyond,
            } => {
                if metres.trim().is_empty() {
                    continue;
                }
                let distance = parse_metres(metres)
                    .ok_or_else(|| tr_args("filter-err-metres", &[("value", metres.trim())]))?;
                if let Some((ds, mask)) = data(*layer) {
                    out.push(Resolved::Near(ds, mask, distance, *beyond));
                }
            }
            Place::InDrawing { ring } => {
                if ring.len() >= 4 {
                    out.push(Resolved::Ring(ring.clone()));
                }
            }
        }
    }
    Ok(out)
}

/// A distance typed in metres, read as the filter language reads it.
pub use crate::filter::parse_metres;

/// The rows of `target` the condition keeps.
pub fn mask(target: &Dataset, place: &Resolved) -> Bitmap {
    use crate::filter::spatial;
    match place {
        Resolved::Zones(zones, rows) => spatial::within_zones(target, zones, rows),
        Resolved::Near(other, mask, metres, false) => {
            spatial::near(target, other, mask.as_deref(), *metres)
        }
        Resolved::Near(other, mask, metres, true) => {
            spatial::far(target, other, mask.as_deref(), *metres)
        }
        Resolved::Ring(ring) => spatial::within_polygon(target, ring),
    }
}

/// Layers that can serve as zones: loaded, with polygons.
pub fn zone_layers(layers: &[Layer], except: LayerId) -> Vec<&Layer> {
    layers
        .iter()
        .filter(|l| l.id != except)
        .filter(|l| {
            l.dataset.as_ref().is_some_and(|d| {
                (0..d.len().min(1_000)).any(|i| {
                    matches!(
                        d.geometry.kind(i),
                        GeomKind::Polygon | GeomKind::MultiPolygon
                    )
                })
            })
        })
        .collect()
}

/// The name of each zone (see [`crate::analysis::zones::zone_names`]).
pub use crate::analysis::zones::zone_names;

impl crate::app::TerritoireApp {
    /// A change to the window's conditions of place, evaluated at once.
    fn edit_places(&mut self, change: impl FnOnce(&mut Vec<Place>)) {
        let Some(panel) = self.filter_panel.as_ref() else {
            return;
        };
        let mut places = panel.places.clone();
        change(&mut places);
        let edit = crate::app::filter::FilterEdit {
            draft: panel.draft.clone(),
            typed: None,
            name: panel.name.clone(),
            places,
        };
        self.edit_filter(edit);
    }

    /// The map drawing is done (or given up): its ring becomes the condition's shape.
    pub(crate) fn sketch_finished(&mut self, event: crate::map::SketchEvent) {
        self.map.sketch = None;
        let Some(index) = self.filter_panel.as_mut().and_then(|p| p.sketching.take()) else {
            return;
        };
        if let crate::map::SketchEvent::Done(drawn) = event {
            self.edit_places(|places| {
                if let Some(Place::InDrawing { ring }) = places.get_mut(index) {
                    *ring = drawn;
                }
            });
        }
    }

    /// While zones are picked on the map, a click toggles the zone under it; returns true when
    /// the click was used so.
    pub(crate) fn pick_zone(&mut self, lon_lat: [f64; 2], tolerance: f64) -> bool {
        let Some((
            index,
            Some(Place::InZones {
                layer: Some(id), ..
            }),
        )) = self
            .filter_panel
            .as_ref()
            .and_then(|p| Some((p.picking?, p.places.get(p.picking?).cloned())))
        else {
            return false;
        };
        let Some(ds) = self.layer(id).and_then(|l| l.dataset.clone()) else {
            return false;
        };
        if let Some(zone) = crate::data::hit::hit_test(&ds, lon_lat, tolerance, None) {
            self.edit_places(|places| {
                if let Some(Place::InZones { zones, .. }) = places.get_mut(index)
                    && !zones.remove(&zone)
                {
                    zones.insert(zone);
                }
            });
        }
        true
    }

    /// Drawn shapes used by filters, to outline on the map.
    pub(crate) fn drawn_rings(&self) -> Vec<Vec<[f64; 2]>> {
        let in_window = self.filter_panel.iter().flat_map(|p| p.places.iter());
        let in_layers = self
            .layers
            .iter()
            .filter(|l| l.visible)
            .filter_map(|l| l.filter.as_ref())
            .flat_map(|f| f.places.iter());
        let mut rings: Vec<Vec<[f64; 2]>> = Vec::new();
        for place in in_window.chain(in_layers) {
            if let Place::InDrawing { ring } = place
                && ring.len() >= 4
                && !rings.contains(ring)
            {
                rings.push(ring.clone());
            }
        }
        rings
    }
}
