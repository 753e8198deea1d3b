//! What the user can ask of the layers (open, show, order, style, remove, identify), and how the app carries it out.

use std::path::PathBuf;

use crate::app::TerritoireApp;
use crate::app::{JobOutput, LayerId, LayerState};

/// Something the user asked of the layers (open, show, order, style, remove, identify).
#[derive(Clone, Debug, PartialEq)]
pub enum LayersAction {
    /// Show the native file dialog (in the background).
    ShowOpenDialog,
    /// Load these files as new layers.
    OpenFiles(Vec<PathBuf>),
    /// Load the bundled demo layers.
    OpenDemo,
    /// Show or hide a layer.
    SetVisible(LayerId, bool),
    /// Move a layer up (+1, drawn later, above) or down (−1).
    Move(LayerId, i32),
    /// Move a layer to a position in the list (drag and drop), 0 being the top of the list.
    MoveTo(LayerId, usize),
    /// Change a layer's look.
    SetStyle(LayerId, crate::map::LayerStyle),
    /// Rename a layer.
    Rename(LayerId, String),
    /// Remove a layer.
    Remove(LayerId),
    /// Fit the view to a layer.
    ZoomTo(LayerId),
    /// Back to the whole of Angers.
    ZoomToAngers,
    /// Stop a layer's load.
    CancelLoad(LayerId),
    /// Load a layer again, with this source CRS (or the declared one).
    Reload(LayerId, Option<String>),
    /// Look for a feature under a click: `[lon, lat]` and tolerance in degrees.
    Identify([f64; 2], f64),
    /// Close the attribute popup.
    CloseIdentify,
    /// Mark a layer as holding personal data (statistical secrecy applies to its counts).
    SetPersonal(LayerId, bool),
}

impl TerritoireApp {
    /// Carries out one request about the layers (open, show, order, style, remove, identify).
    pub(crate) fn apply_layers(&mut self, action: LayersAction) {
        match action {
            LayersAction::ShowOpenDialog => {
                self.jobs
                    .spawn(|_| JobOutput::Picked(crate::sources::dialog::pick_files()));
            }
            LayersAction::OpenFiles(paths) => paths.into_iter().for_each(|p| self.open_file(p)),
            LayersAction::OpenDemo => match crate::sources::demo::demo_project() {
                Some(project) => self.open_project_file(Some(project)),
                None => crate::sources::demo::demo_files()
                    .into_iter()
                    .for_each(|p| self.open_file(p)),
            },
            LayersAction::SetVisible(id, visible) => {
                if let Some(l) = self.layer_mut(id) {
                    l.visible = visible;
                }
            }
            LayersAction::Move(id, delta) => self.move_layer(id, delta),
            LayersAction::MoveTo(id, list_pos) => {
                if let Some(from) = self.layers.iter().position(|l| l.id == id) {
                    let layer = self.layers.remove(from);
                    let to = self
                        .layers
                        .len()
                        .saturating_sub(list_pos.min(self.layers.len()));
                    self.layers.insert(to, layer);
                }
            }
            LayersAction::SetStyle(id, style) => {
                if let Some(l) = self.layer_mut(id) {
                    l.style = style;
                }
            }
            LayersAction::Rename(id, name) => {
                if let Some(l) = self.layer_mut(id)
                    && !name.trim().is_empty()
                {
                    l.name = name.trim().to_owned();
                }
            }
            LayersAction::Remove(id) => {
                if let Some(LayerState::Loading { job }) = self.layer(id).map(|l| &l.state) {
                    self.jobs.cancel(*job);
                }
                self.layers.retain(|l| l.id != id);
                if self.table.as_ref().is_some_and(|t| t.layer == id) {
                    self.table = None;
                }
                if self.filter_panel.as_ref().is_some_and(|p| p.layer == id) {
                    self.filter_panel = None;
                }
                if self.identified.as_ref().is_some_and(|i| i.layer == id) {
                    self.identified = None;
                }
            }
            LayersAction::ZoomTo(id) => {
                if let Some(bbox) = self
                    .layer(id)
                    .and_then(|l| l.dataset.as_ref())
                    .and_then(|d| d.bbox)
                {
                    self.map.fit(bbox);
                }
            }
            LayersAction::ZoomToAngers => self.map.zoom_to_angers(),
            LayersAction::CancelLoad(id) => {
                if let Some(LayerState::Loading { job }) = self.layer(id).map(|l| &l.state) {
                    self.jobs.cancel(*job);
                }
            }
            LayersAction::Reload(id, crs) => self.reload(id, crs),
            LayersAction::Identify(lon_lat, tolerance) => {
                if !self.pick_zone(lon_lat, tolerance) {
                    self.identify(lon_lat, tolerance);
                }
            }
            LayersAction::CloseIdentify => self.identified = None,
            LayersAction::SetPersonal(id, personal) => {
                if let Some(l) = self.layer_mut(id) {
                    l.personal = personal;
                }
                self.classify_zones();
            }
        }
    }
}
