//! What the user can ask of the change view, and how the app carries it out.

use std::path::PathBuf;

use super::{Category, ChangePanel, Version};
use crate::analysis::diff::Match;
use crate::app::{LayerId, TerritoireApp};

/// What the user did in the change view.
#[derive(Clone, Debug, PartialEq)]
pub enum ChangeAction {
    /// Open the view, on this layer's versions when given.
    Open(Option<LayerId>),
    /// Close the view.
    Close,
    /// Choose the old version.
    SetOld(Version),
    /// Choose the new version.
    SetNew(Version),
    /// Open a file (asking which) and compare it as the new version once loaded.
    NewFromFile,
    /// Choose how features are paired.
    SetKey(Match),
    /// Show or hide a category on the map and in the list.
    Show(Category, bool),
    /// Select a change (its index in [`Diff::change`]) and zoom to it.
    Select(usize),
    /// Write the listed changes to a CSV file (asking where first when `None`).
    Export(Option<PathBuf>),
}

impl TerritoireApp {
    /// Carries out an action of the change view.
    pub(crate) fn apply_change(&mut self, action: ChangeAction) {
        let panel = &mut self.change;
        match action {
            ChangeAction::Open(layer) => {
                panel.open = true;
                let (old, new) = self.default_versions(layer);
                let panel = &mut self.change;
                if layer.is_some() || panel.old.is_none() || panel.new.is_none() {
                    panel.old = old;
                    panel.new = new;
                }
            }
            ChangeAction::Close => {
                // The result holds both versions' data: let it go with the view.
                *panel = ChangePanel {
                    old: panel.old,
                    new: panel.new,
                    key: panel.key.take(),
                    shown: panel.shown,
                    ..ChangePanel::default()
                };
            }
            ChangeAction::SetOld(v) => panel.old = Some(v),
            ChangeAction::SetNew(v) => panel.new = Some(v),
            ChangeAction::NewFromFile => {
                panel.new_from_file = true;
                self.show_open_dialog();
            }
            ChangeAction::SetKey(key) => panel.key = Some(key),
            ChangeAction::Show(category, shown) => {
                panel.shown[category.index()] = shown;
                panel.selected = None;
            }
            ChangeAction::Select(index) => {
                panel.selected = Some(index);
                self.zoom_to_change(index);
            }
            ChangeAction::Export(path) => self.export_changes(path),
        }
    }
}
