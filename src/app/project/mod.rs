//! The project in the app: capturing the state as a `Project`, opening one (layers, filters,
//! comparison, view), snapshots for bookmarks and scenario steps, missing files to locate.

mod action;

pub use action::ProjectAction;

pub mod autosave;
mod bookmarks_ui;
mod io;
mod ui;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::app::compare::Side;
use crate::app::filter::FilterSpec;
use crate::app::filter::place::Place;
use crate::app::layers::{Layer, LayerId, LayerSource, LayerState, default_style};
use crate::app::{JobOutput, TerritoireApp};
use crate::project::{
    Bookmark, CompareEntry, FilterEntry, LayerEntry, PlaceEntry, Project, Snapshot, SourceEntry,
    Step, StyleEntry, ViewEntry, ZonesEntry, layer_key, paths,
};
use crate::sources::LoadOptions;
use crate::sources::portal::{ExportRequest, PortalUrl};
use crate::sources::project_file::ProjectFileError;

/// The project open in the app: where it is saved, its title, bookmarks and scenario.
#[derive(Clone, Debug, Default)]
pub struct ProjectState {
    /// The file it was opened from or saved to.
    pub path: Option<PathBuf>,
    /// Its title.
    pub title: String,
    /// Named views.
    pub bookmarks: Vec<Bookmark>,
    /// The training scenario.
    pub steps: Vec<Step>,
    /// The state the project opened with ("reset the exercise" returns to it).
    pub opening: Option<Snapshot>,
    /// The last message about opening or saving: what was done, or why it failed.
    pub notice: Option<Result<String, Arc<ProjectFileError>>>,
    /// Filters to set once their layers (and the layers they name) are loaded.
    pub(crate) pending_filters: HashMap<LayerId, FilterSpec>,
    /// Layer keys of the open project.
    pub(crate) keys: BTreeMap<String, LayerId>,
    /// Project files being read.
    pub reading: usize,
}

/// The key of each layer for this save: the project's own when it has one, else made from the name.
pub(crate) fn assign_keys(
    layers: &[Layer],
    known: &BTreeMap<String, LayerId>,
) -> HashMap<LayerId, String> {
    let mut taken = BTreeSet::new();
    let mut out = HashMap::new();
    for layer in layers {
        if let Some((key, _)) = known
            .iter()
            .find(|(k, id)| **id == layer.id && !taken.contains(*k))
        {
            taken.insert(key.clone());
            out.insert(layer.id, key.clone());
        }
    }
    for layer in layers {
        if let std::collections::hash_map::Entry::Vacant(slot) = out.entry(layer.id) {
            let key = layer_key(&layer.name, &taken);
            taken.insert(key.clone());
            slot.insert(key);
        }
    }
    out
}

fn hex(c: egui::Color32) -> String {
    format!("#{:02x}{:02x}{:02x}", c.r(), c.g(), c.b())
}

fn parse_hex(s: &str) -> Option<egui::Color32> {
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

impl TerritoireApp {
    /// The whole state as a project saved in `folder` (paths inside it become relative).
    pub fn to_project(&self, folder: Option<&Path>) -> Project {
        let keys = assign_keys(&self.layers, &self.project.keys);
        let layers = self
            .layers
            .iter()
            .map(|l| LayerEntry {
                key: keys.get(&l.id).cloned().unwrap_or_default(),
                name: l.name.clone(),
                source: source_entry(&l.source, folder),
                style: StyleEntry {
                    color: hex(l.style.color),
                    opacity: l.style.opacity,
                    point_radius: l.style.point_radius_px,
                },
                personal: l.personal,
            })
            .collect();
        Project {
            title: self.project.title.clone(),
            layers,
            state: self.snapshot_with(&keys),
            bookmarks: self.project.bookmarks.clone(),
            steps: self.project.steps.clone(),
            ..Project::default()
        }
    }

    /// What the map shows now, for a bookmark or a scenario step.
    pub fn snapshot(&self) -> Snapshot {
        self.snapshot_with(&assign_keys(&self.layers, &self.project.keys))
    }

    fn snapshot_with(&self, keys: &HashMap<LayerId, String>) -> Snapshot {
        let key = |id: LayerId| keys.get(&id).cloned();
        let (center, zoom) = self.map.center_zoom();
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
                    .filter_map(|p| place_entry(p, &key))
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
        let compare = self.compare.active.then(|| CompareEntry {
            view: self.compare.view,
            sides: self
                .layers
                .iter()
                .filter_map(|l| Some((key(l.id)?, self.compare.side(l.id))))
                .filter(|(_, side)| *side != Side::A)
                .collect(),
        });
        let z = &self.zone_stats;
        let zones = z.zones.is_some().then(|| ZonesEntry {
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
        });
        Snapshot {
            view: ViewEntry { center, zoom },
            basemap: Some(self.map.basemap()),
            visible: self
                .layers
                .iter()
                .filter(|l| l.visible)
                .filter_map(|l| key(l.id))
                .collect(),
            filters,
            compare,
            zones,
        }
    }

    /// Replaces every layer by the project's, then shows its state. `folder` resolves relative paths.
    pub(crate) fn open_project(&mut self, project: Project, path: Option<PathBuf>) {
        let folder = path
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .unwrap_or_default();
        for layer in std::mem::take(&mut self.layers) {
            if let LayerState::Loading { job } = layer.state {
                self.jobs.cancel(job);
            }
        }
        self.table = None;
        self.filter_panel = None;
        self.identified = None;
        self.compare = crate::app::compare::Compare::default();
        self.project = ProjectState {
            path,
            title: project.title.clone(),
            bookmarks: project.bookmarks.clone(),
            steps: project.steps.clone(),
            opening: Some(project.state.clone()),
            ..ProjectState::default()
        };
        for entry in &project.layers {
            let id = self.add_project_layer(entry, &folder);
            self.project.keys.insert(entry.key.clone(), id);
        }
        self.show_snapshot(&project.state);
    }

    fn add_project_layer(&mut self, entry: &LayerEntry, folder: &Path) -> LayerId {
        let id = LayerId(self.next_layer_id);
        self.next_layer_id += 1;
        let (source, state) = match &entry.source {
            SourceEntry::File { path, crs } => {
                let path = paths::from_project(path, folder);
                let options = LoadOptions { crs: crs.clone() };
                let job = self.spawn_load(path.clone(), options.clone());
                (
                    LayerSource::File { path, options },
                    LayerState::Loading { job },
                )
            }
            SourceEntry::Portal {
                portal,
                dataset,
                fields,
                filter,
                bbox,
            } => {
                let request = ExportRequest {
                    dataset: dataset.clone(),
                    fields: fields.clone(),
                    filter: filter.clone(),
                    bbox: *bbox,
                };
                match PortalUrl::parse(portal) {
                    Ok(portal) => {
                        let job = self.spawn_portal_load(portal.clone(), request.clone());
                        (
                            LayerSource::Portal { portal, request },
                            LayerState::Loading { job },
                        )
                    }
                    Err(e) => {
                        // Kept in the list with its error, so that saving again loses nothing.
                        let error = LayerState::Failed(e.into());
                        let fallback = PortalUrl::parse(crate::settings::DEFAULT_PORTAL);
                        match fallback {
                            Ok(portal) => (LayerSource::Portal { portal, request }, error),
                            Err(_) => (
                                LayerSource::File {
                                    path: PathBuf::from(dataset),
                                    options: LoadOptions::default(),
                                },
                                error,
                            ),
                        }
                    }
                }
            }
        };
        let mut style = default_style("", self.layers.len());
        if let Some(c) = parse_hex(&entry.style.color) {
            style.color = c;
        }
        style.opacity = entry.style.opacity.clamp(0.0, 1.0);
        style.point_radius_px = entry.style.point_radius.clamp(0.5, 30.0);
        self.layers.push(Layer {
            id,
            name: entry.name.clone(),
            source,
            provenance: None,
            state,
            dataset: None,
            visible: true,
            style,
            filter: None,
            filter_mode: Default::default(),
            filter_job: None,
            personal: entry.personal,
            previous: None,
        });
        id
    }

    /// Shows a bookmark's or a step's state: view, visible layers, filters, comparison.
    pub(crate) fn show_snapshot(&mut self, s: &Snapshot) {
        self.map.go_to(s.view.center, s.view.zoom);
        if let Some(basemap) = s.basemap
            && !self.start.no_basemap
            && basemap != self.map.basemap()
        {
            self.map.set_basemap(basemap, &self.ctx.clone());
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
        self.project.pending_filters.clear();
        let ids: Vec<LayerId> = self.layers.iter().map(|l| l.id).collect();
        for id in ids {
            let key = keys.iter().find(|(_, v)| **v == id).map(|(k, _)| k.clone());
            match key.and_then(|k| s.filters.get(&k)) {
                Some(f) => {
                    if let Some(layer) = self.layer_mut(id) {
                        layer.filter_mode = f.mode;
                    }
                    let spec = FilterSpec {
                        name: f.name.clone(),
                        expression: f.expression.clone(),
                        places: f.places.iter().map(|p| place_of(p, &keys)).collect(),
                    };
                    self.project.pending_filters.insert(id, spec);
                }
                None => self.clear_filter(id),
            }
        }
        self.apply_pending_filters();
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

    fn show_zones(&mut self, zones: Option<&ZonesEntry>, keys: &BTreeMap<String, LayerId>) {
        let Some(z) = zones else {
            // No zones in the project: no choropleth either.
            self.zone_stats.open = false;
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

    /// Gives a file layer a new place on disk (after "Localiser…") and loads it again.
    pub(crate) fn relocate(&mut self, id: LayerId, path: PathBuf) {
        if let Some(layer) = self.layer_mut(id)
            && let LayerSource::File { path: old, .. } = &mut layer.source
        {
            *old = path;
        }
        let crs = self.layer(id).and_then(|l| l.source.crs());
        self.reload(id, crs);
    }

    /// Asks where a missing file is, in the background.
    pub(crate) fn ask_relocation(&mut self, id: LayerId) {
        self.jobs.spawn(move |_| {
            let picked = crate::sources::dialog::pick_files().into_iter().next();
            JobOutput::Relocated(id, picked)
        });
    }
}

fn source_entry(source: &LayerSource, folder: Option<&Path>) -> SourceEntry {
    match source {
        LayerSource::File { path, options } => SourceEntry::File {
            path: match folder {
                Some(folder) => paths::to_project(path, folder),
                None => path.to_string_lossy().into_owned(),
            },
            crs: options.crs.clone(),
        },
        LayerSource::Portal { portal, request } => SourceEntry::Portal {
            portal: portal.as_str().to_owned(),
            dataset: request.dataset.clone(),
            fields: request.fields.clone(),
            filter: request.filter.clone(),
            bbox: request.bbox,
        },
    }
}

fn place_entry(place: &Place, key: &dyn Fn(LayerId) -> Option<String>) -> Option<PlaceEntry> {
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

fn place_of(entry: &PlaceEntry, keys: &BTreeMap<String, LayerId>) -> Place {
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
