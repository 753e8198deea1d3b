//! The layer list edited: order, visibility, look, name, personal flag, removal, and the view
//! fitted to a layer.

use crate::app::{Layer, LayerId, LayerState, TerritoireApp};

impl TerritoireApp {
    /// Changes one layer in place; nothing happens when it was removed meanwhile.
    pub(crate) fn edit_layer(&mut self, id: LayerId, edit: impl FnOnce(&mut Layer)) {
        if let Some(l) = self.layer_mut(id) {
            edit(l);
        }
    }

    pub(crate) fn move_layer(&mut self, id: LayerId, delta: i32) {
        let Some(from) = self.layers.iter().position(|l| l.id == id) else {
            return;
        };
        let to = (from as i64 + i64::from(delta)).clamp(0, self.layers.len() as i64 - 1) as usize;
        let layer = self.layers.remove(from);
        self.layers.insert(to, layer);
    }

    /// Moves a layer to a position in the panel's list, 0 at the top; the list shows the
    /// layers top first while `layers` is in drawing order, hence the count from the end.
    pub(crate) fn move_layer_to(&mut self, id: LayerId, list_pos: usize) {
        if let Some(from) = self.layers.iter().position(|l| l.id == id) {
            let layer = self.layers.remove(from);
            let to = self
                .layers
                .len()
                .saturating_sub(list_pos.min(self.layers.len()));
            self.layers.insert(to, layer);
        }
    }

    /// Renames a layer; a blank name is ignored.
    pub(crate) fn rename_layer(&mut self, id: LayerId, name: &str) {
        if let Some(l) = self.layer_mut(id)
            && !name.trim().is_empty()
        {
            l.name = name.trim().to_owned();
        }
    }

    /// Stops a layer's load, when it is loading.
    pub(crate) fn cancel_load(&mut self, id: LayerId) {
        if let Some(LayerState::Loading { job }) = self.layer(id).map(|l| &l.state) {
            self.jobs.cancel(*job);
        }
    }

    /// Removes a layer with its load (kept for an undo), and closes the table, filter and
    /// popup that showed it.
    pub(crate) fn remove_layer(&mut self, id: LayerId) {
        self.cancel_load(id);
        if let Some(index) = self.layers.iter().position(|l| l.id == id) {
            self.keep_removed(index);
        }
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

    /// Fits the view to a layer's extent, once it has data.
    pub(crate) fn zoom_to_layer(&mut self, id: LayerId) {
        if let Some(bbox) = self
            .layer(id)
            .and_then(|l| l.dataset.as_ref())
            .and_then(|d| d.bbox)
        {
            self.map.fit(bbox);
        }
    }

    /// Marks a layer as holding personal data or not; the zone classes change with the secrecy.
    pub(crate) fn set_personal(&mut self, id: LayerId, personal: bool) {
        self.edit_layer(id, |l| l.personal = personal);
        self.classify_zones();
    }
}
