//! The project in the app: capturing the state as a `Project`, opening one (its layers, then
//! its state shown as a snapshot, see `snapshot.rs`), missing files to locate.

mod action;

pub use action::ProjectAction;
pub use io::Opened;

pub mod autosave;
mod bookmarks_ui;
mod close;
mod convert;
mod io;
mod snapshot;
mod ui;

use convert::{hex, parse_hex, source_entry};

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::app::filter::FilterSpec;
use crate::app::layers::{Layer, LayerId, LayerSource, LayerState, default_style};
use crate::app::{JobOutput, TerritoireApp};
use crate::project::{
    Bookmark, LayerEntry, Project, ProjectWarning, Snapshot, SourceEntry, Step, StyleEntry,
    layer_key, paths,
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
    /// What the last opened project named and could not be taken back, shown after opening.
    pub warnings: Vec<ProjectWarning>,
    /// The open project is the demo kit: saving starts an untitled copy elsewhere.
    pub demo: bool,
    /// The project as last opened or saved, to tell whether there are unsaved changes.
    pub(crate) saved: Option<Project>,
    /// A new, empty project: the start screen stays hidden.
    pub blank: bool,
    /// The window where the title is typed is shown.
    pub title_open: bool,
}

/// The key of each layer for this save: the project's own when it has one, else made from the
/// name. Keys of removed layers are not given again in the session, so that a bookmark naming a
/// removed layer never comes to name a new one.
pub(crate) fn assign_keys(
    layers: &[Layer],
    known: &BTreeMap<String, LayerId>,
) -> HashMap<LayerId, String> {
    let present: BTreeSet<LayerId> = layers.iter().map(|l| l.id).collect();
    let mut taken: BTreeSet<String> = known
        .iter()
        .filter(|(_, id)| !present.contains(id))
        .map(|(k, _)| k.clone())
        .collect();
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
                    label: l.label.clone(),
                },
                personal: l.personal,
            })
            .collect();
        let mut project = Project {
            title: self.project.title.clone(),
            layers,
            state: self.snapshot_with(&keys),
            bookmarks: self.project.bookmarks.clone(),
            steps: self.project.steps.clone(),
            ..Project::default()
        };
        // Bookmarks and steps may name layers removed since: the file must reopen.
        for w in project.repair() {
            log::debug!("saving: {w:?}");
        }
        project
    }

    /// Replaces every layer by the project's, then shows its state. `folder` resolves relative paths.
    pub(crate) fn open_project(&mut self, project: Project, path: Option<PathBuf>) {
        let folder = path
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .unwrap_or_default();
        self.clear_session();
        self.project.path = path;
        self.project.title = project.title.clone();
        self.project.bookmarks = project.bookmarks.clone();
        self.project.steps = project.steps.clone();
        self.project.opening = Some(project.state.clone());
        for entry in &project.layers {
            let id = self.add_project_layer(entry, &folder);
            self.project.keys.insert(entry.key.clone(), id);
        }
        self.show_snapshot(&project.state);
        self.mark_saved();
        // The portal panel opens on the portal the project uses (unless one was asked for).
        let used = self.layers.iter().find_map(|l| match &l.source {
            LayerSource::Portal { portal, .. } => Some(portal.clone()),
            LayerSource::File { .. } | LayerSource::Internal(_) => None,
        });
        if let Some(portal) = used.filter(|_| self.start.portal.is_none()) {
            self.select_portal_quietly(&portal);
        }
    }

    /// Adds a layer of the project and starts its load; returns its new id.
    fn add_project_layer(&mut self, entry: &LayerEntry, folder: &Path) -> LayerId {
        let id = LayerId(self.next_layer_id);
        self.next_layer_id += 1;
        let (source, state) = match &entry.source {
            SourceEntry::File { path, crs, layer } => {
                let path = paths::from_project(path, folder);
                let options = LoadOptions {
                    crs: crs.clone(),
                    layer: layer.clone(),
                    keep_unplaced: false,
                    ..Default::default()
                };
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
                self.load_portal_entry(portal, request)
            }
            SourceEntry::Internal(internal) => {
                let job = if internal.follows_map {
                    self.spawn_view_load(id, internal)
                } else {
                    self.spawn_internal_load(internal.clone())
                };
                (
                    LayerSource::Internal(internal.clone()),
                    LayerState::Loading { job },
                )
            }
        };
        let mut layer = Layer::new(
            id,
            entry.name.clone(),
            style_of(&entry.style, self.layers.len()),
            source,
            state,
        );
        layer.personal = entry.personal;
        // A field the data no longer has labels nothing: the map simply finds no column.
        layer.label = entry.style.label.clone().filter(|name| !name.is_empty());
        self.layers.push(layer);
        id
    }

    /// Starts the download of a portal layer of the project; a portal address that does not
    /// parse leaves the layer failed, with its request kept.
    fn load_portal_entry(
        &mut self,
        portal: &str,
        request: ExportRequest,
    ) -> (LayerSource, LayerState) {
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
                            path: PathBuf::from(request.dataset),
                            options: LoadOptions::default(),
                        },
                        error,
                    ),
                }
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
/// A layer's look as saved; the colour falls back to the default for its place in the list, and
/// opacity and point size are kept in range whatever the file says.
fn style_of(entry: &StyleEntry, index: usize) -> crate::map::LayerStyle {
    let mut style = default_style("", index);
    if let Some(c) = parse_hex(&entry.color) {
        style.color = c;
    }
    style.opacity = entry.opacity.clamp(0.0, 1.0);
    style.point_radius_px = entry.point_radius.clamp(0.5, 30.0);
    style
}
