//! Snapshots: what the map shows (view, basemap, visible layers, filters, comparison, zone
//! statistics) captured under the layers' keys for a bookmark or a step, and shown again.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::app::TerritoireApp;
use crate::app::compare::Side;
use crate::app::filter::FilterSpec;
use crate::app::filter::place::Place;
use crate::app::layers::LayerId;
use crate::app::project::assign_keys;
use crate::project::{CompareEntry, FilterEntry, Snapshot, ViewEntry, ZonesEntry};

use super::convert::{place_entry, place_of};

impl TerritoireApp {
    /// What the map shows now, for a bookmark or a scenario step.
    pub fn snapshot(&self) -> Snapshot {
        self.snapshot_with(&assign_keys(&self.layers, &self.project.keys))
    }

    /// What the map shows now, each layer named by its key in `keys`.
    pub(super) fn snapshot_with(&self, keys: &HashMap<LayerId, String>) -> Snapshot {
        let key = |id: LayerId| keys.get(&id).cloned();
        let (center, zoom) = self.map.center_zoom();
        let compare = self.compare.active.then(|| CompareEntry {
            view: self.compare.view,
            sides: self
                .layers
                .iter()
                .filter_map(|l| Some((key(l.id)?, self.compare.side(l.id))))
                .filter(|(_, side)| *side != Side::A)
                .collect(),
        });
        Snapshot {
            view: ViewEntry { center, zoom },
            basemap: Some(self.map.basemap()),
            custom_basemap: (self.map.basemap() == crate::settings::BasemapId::Custom)
                .then(|| self.settings.custom_basemap.clone())
                .flatten(),
            visible: self
                .layers
                .iter()
                .filter(|l| l.visible)
                .filter_map(|l| key(l.id))
                .collect(),
            filters: self.filter_entries(&key),
            compare,
            zones: self.zones_entry(&key),
        }
    }

    /// Each layer's filter by key; one still waiting for its layers counts as set.
    fn filter_entries(
        &self,
        key: &dyn Fn(LayerId) -> Option<String>,
    ) -> BTreeMap<String, FilterEntry> {
        let mut filters = BTreeMap::new();
        for l in &self.layers {
            let spec = match (&l.filter, self.project.pending_filters.get(&l.id)) {
                (_, Some(pending)) => Some(pending.clone()),
                (Some(f), None) => Some(FilterSpec {
                    name: f.name.clone(),
                    expression: f.expression.clone(),
                    places: f.places.clone(),
                }),
                (None, None) => None,
            };
            if let (Some(spec), Some(k)) = (spec, key(l.id)) {
                let places = spec
                    .places
                    .iter()
                    .filter_map(|p| place_entry(p, key))
                    .collect();
                filters.insert(
                    k,
                    FilterEntry {
                        name: spec.name,
                        expression: spec.expression,
                        places,
                        mode: l.filter_mode,
                    },
                );
            }
        }
        filters
    }

    /// The zone statistics window's choices, when it is open with a zone layer.
    fn zones_entry(&self, key: &dyn Fn(LayerId) -> Option<String>) -> Option<ZonesEntry> {
        let z = &self.zone_stats;
        z.zones.is_some().then(|| ZonesEntry {
            zones: z.zones.and_then(key).unwrap_or_default(),
            count: z.indicator.and_then(key).unwrap_or_default(),
            near: z.near.and_then(key),
            distance: z.near_metres.clone(),
            measure: z.measure,
            field: z.field.clone(),
            method: z.method,
            manual: z.manual.clone(),
            classes: z.classes,
            palette: z.palette,
            sort_by_value: z.sort_by_value,
            others: z.others.iter().filter_map(|id| key(*id)).collect(),
        })
    }

    /// Shows a bookmark's or a step's state: view, visible layers, filters, comparison.
    pub(crate) fn show_snapshot(&mut self, s: &Snapshot) {
        self.map.go_to(s.view.center, s.view.zoom);
        if let Some(custom) = &s.custom_basemap
            && s.basemap == Some(crate::settings::BasemapId::Custom)
            && self.settings.custom_basemap.as_ref() != Some(custom)
        {
            self.settings.custom_basemap = Some(custom.clone());
            self.map
                .set_basemap(crate::settings::BasemapId::None, None, &self.ctx.clone());
        }
        if let Some(basemap) = s.basemap
            && !self.start.no_basemap
            && basemap != self.map.basemap()
        {
            self.show_basemap(basemap);
        }
        let keys = self.project.keys.clone();
        let visible: BTreeSet<LayerId> = s
            .visible
            .iter()
            .filter_map(|k| keys.get(k))
            .copied()
            .collect();
        for layer in &mut self.layers {
            layer.visible = visible.contains(&layer.id);
        }
        self.show_filters(&s.filters, &keys);
        self.show_zones(s.zones.as_ref(), &keys);
        self.compare.active = false;
        if let Some(c) = &s.compare {
            self.compare.active = true;
            self.compare.view = c.view;
            self.compare.sides = c
                .sides
                .iter()
                .filter_map(|(k, side)| Some((*keys.get(k)?, *side)))
                .collect();
        }
    }

    /// Sets the snapshot's filters and clears the others; a filter waits until its layers
    /// are loaded.
    fn show_filters(
        &mut self,
        filters: &BTreeMap<String, FilterEntry>,
        keys: &BTreeMap<String, LayerId>,
    ) {
        self.project.pending_filters.clear();
        let ids: Vec<LayerId> = self.layers.iter().map(|l| l.id).collect();
        for id in ids {
            let key = keys.iter().find(|(_, v)| **v == id).map(|(k, _)| k.clone());
            match key.and_then(|k| filters.get(&k)) {
                Some(f) => {
                    if let Some(layer) = self.layer_mut(id) {
                        layer.filter_mode = f.mode;
                    }
                    let spec = FilterSpec {
                        name: f.name.clone(),
                        expression: f.expression.clone(),
                        places: f.places.iter().map(|p| place_of(p, keys)).collect(),
                    };
                    self.project.pending_filters.insert(id, spec);
                }
                None => self.clear_filter(id),
            }
        }
        self.apply_pending_filters();
    }

    /// Opens the zone statistics window with the snapshot's choices, or closes it without any.
    fn show_zones(&mut self, zones: Option<&ZonesEntry>, keys: &BTreeMap<String, LayerId>) {
        let Some(z) = zones else {
            self.zone_stats.open = false;
            // No zones in the project: no choropleth either.
            self.zone_stats.zones = None;
            return;
        };
        let p = &mut self.zone_stats;
        p.open = true;
        p.zones = keys.get(&z.zones).copied();
        p.indicator = keys.get(&z.count).copied();
        p.near = z.near.as_ref().and_then(|k| keys.get(k)).copied();
        p.near_metres = z.distance.clone();
        p.measure = z.measure;
        p.field = z.field.clone();
        p.method = z.method;
        p.manual = z.manual.clone();
        p.classes = z.classes.clamp(3, 9);
        p.palette = z.palette;
        p.sort_by_value = z.sort_by_value;
        p.others = z
            .others
            .iter()
            .filter_map(|k| keys.get(k))
            .copied()
            .collect();
    }

    /// Sets the filters waiting for their layers, for those whose data is now loaded.
    pub(crate) fn apply_pending_filters(&mut self) {
        let ready: Vec<LayerId> = self
            .project
            .pending_filters
            .iter()
            .filter(|(id, spec)| {
                let loaded = |id: LayerId| self.layer(id).is_some_and(|l| l.dataset.is_some());
                loaded(**id) && spec.places.iter().filter_map(Place::layer).all(loaded)
            })
            .map(|(id, _)| *id)
            .collect();
        for id in ready {
            if let Some(spec) = self.project.pending_filters.remove(&id) {
                self.set_filter(id, spec);
            }
        }
    }
}
