//! Removing a layer can be undone: the removed layers wait in a short stack with their place in
//! the list, their data, filter and style; *Annuler* or Ctrl+Z puts the last one back.

use egui::Ui;

use crate::app::action::{Action, LayersAction};
use crate::app::{Layer, LayerState, TerritoireApp};
use crate::i18n::{tr, tr_args};

/// How many removals can be undone.
const KEPT: usize = 10;

/// The layers removed in this session, last on top, each with its index in the list.
#[derive(Default)]
pub struct Removed {
    stack: Vec<(usize, Layer)>,
    /// The *Annuler* notice is shown for the last removal.
    notice: bool,
}

impl std::fmt::Debug for Removed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Removed")
            .field("layers", &self.stack.len())
            .field("notice", &self.notice)
            .finish()
    }
}

impl Removed {
    /// The name of the layer an undo would bring back.
    pub fn last_name(&self) -> Option<&str> {
        self.stack.last().map(|(_, l)| l.name.as_str())
    }
}

impl TerritoireApp {
    /// Takes a layer out of the list and keeps it for an undo.
    pub(crate) fn keep_removed(&mut self, index: usize) {
        let layer = self.layers.remove(index);
        self.removed.stack.push((index, layer));
        if self.removed.stack.len() > KEPT {
            self.removed.stack.remove(0);
        }
        self.removed.notice = true;
    }

    /// Puts the last removed layer back where it was; a load it interrupted starts again.
    pub(crate) fn undo_remove(&mut self) {
        let Some((index, layer)) = self.removed.stack.pop() else {
            return;
        };
        let (id, interrupted) = (layer.id, matches!(layer.state, LayerState::Loading { .. }));
        let crs = layer.source.crs();
        self.layers.insert(index.min(self.layers.len()), layer);
        self.removed.notice = false;
        if interrupted {
            self.reload(id, crs);
        }
    }

    /// Hides the *Annuler* notice (Ctrl+Z still works).
    pub(crate) fn dismiss_undo(&mut self) {
        self.removed.notice = false;
    }

    /// The notice after a removal, with *Annuler*; Ctrl+Z does the same outside text fields.
    pub(crate) fn undo_ui(&self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let undo = egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, egui::Key::Z);
        if !self.removed.stack.is_empty()
            && !ui.ctx().text_edit_focused()
            && ui.input_mut(|i| i.consume_shortcut(&undo))
        {
            actions.push(Action::Layers(LayersAction::UndoRemove));
        }
        let Some(name) = self.removed.last_name().filter(|_| self.removed.notice) else {
            return;
        };
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(tr_args("layer-removed", &[("name", name)]));
                if ui
                    .button(tr("layer-undo"))
                    .on_hover_text(tr("layer-undo-hint"))
                    .clicked()
                {
                    actions.push(Action::Layers(LayersAction::UndoRemove));
                }
                if ui
                    .small_button("×")
                    .accessible_name(tr("layer-undo-dismiss"))
                    .on_hover_text(tr("layer-undo-dismiss"))
                    .clicked()
                {
                    actions.push(Action::Layers(LayersAction::DismissUndo));
                }
            });
        });
    }
}
