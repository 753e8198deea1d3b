//! What the user can ask of the layers (open, show, order, style, remove, identify), and how the app carries it out.

use std::path::PathBuf;

use crate::app::{LayerId, TerritoireApp};

/// Something the user asked of the layers (open, show, order, style, remove, identify).
#[derive(Clone, Debug, PartialEq)]
pub enum LayersAction {
    /// Show the native file dialog (in the background).
    ShowOpenDialog,
    /// Load these files as new layers.
    OpenFiles(Vec<PathBuf>),
    /// Open these layers of a file that holds several (the chooser's answer; none: cancelled).
    OpenChosen(PathBuf, Vec<String>),
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
    /// Label a layer's polygons with a field's values (`None`: no labels).
    SetLabel(LayerId, Option<String>),
    /// Rename a layer.
    Rename(LayerId, String),
    /// Remove a layer (it can be put back).
    Remove(LayerId),
    /// Put back the last layer removed.
    UndoRemove,
    /// Add again what is already on the map (`true`), or not.
    AnswerDuplicate(bool),
    /// Hide the notice that offers to put back the last layer removed.
    DismissUndo,
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
            LayersAction::ShowOpenDialog => self.show_open_dialog(),
            LayersAction::OpenFiles(paths) => self.open_files(paths),
            LayersAction::OpenChosen(path, layers) => self.open_chosen(path, layers),
            LayersAction::OpenDemo => self.open_demo(),
            LayersAction::SetVisible(id, visible) => self.edit_layer(id, |l| l.visible = visible),
            LayersAction::Move(id, delta) => self.move_layer(id, delta),
            LayersAction::MoveTo(id, list_pos) => self.move_layer_to(id, list_pos),
            LayersAction::SetStyle(id, style) => self.edit_layer(id, |l| l.style = style),
            LayersAction::SetLabel(id, label) => self.edit_layer(id, |l| l.label = label),
            LayersAction::Rename(id, name) => self.rename_layer(id, &name),
            LayersAction::Remove(id) => self.remove_layer(id),
            LayersAction::UndoRemove => self.undo_remove(),
            LayersAction::AnswerDuplicate(again) => self.answer_duplicate(again),
            LayersAction::DismissUndo => self.dismiss_undo(),
            LayersAction::ZoomTo(id) => self.zoom_to_layer(id),
            LayersAction::ZoomToAngers => self.map.zoom_to_angers(),
            LayersAction::CancelLoad(id) => self.cancel_load(id),
            LayersAction::Reload(id, crs) => self.reload(id, crs),
            LayersAction::Identify(lon_lat, tolerance) => {
                // A click while picking zones for a filter picks a zone instead.
                if !self.pick_zone(lon_lat, tolerance) {
                    self.identify(lon_lat, tolerance);
                }
            }
            LayersAction::CloseIdentify => self.identified = None,
            LayersAction::SetPersonal(id, personal) => self.set_personal(id, personal),
        }
    }
}
