//! Saved filters: the window's filter kept under a name in the settings, used again on a
//! layer that has the fields it names.

use crate::app::TerritoireApp;
use crate::app::filter::{FilterEdit, panel_layer};
use crate::data::Dataset;
use crate::settings::SavedFilter;

impl TerritoireApp {
    /// Saves the window's filter under its name (replacing one of the same name).
    pub(crate) fn save_filter(&mut self) {
        let Some(panel) = self.filter_panel.as_ref() else {
            return;
        };
        let name = panel.name.trim().to_owned();
        if name.is_empty() || panel.expression.trim().is_empty() {
            return;
        }
        let saved = SavedFilter {
            name: name.clone(),
            expression: panel.expression.clone(),
        };
        self.settings.saved_filters.retain(|f| f.name != name);
        self.settings.saved_filters.push(saved);
        self.save_settings();
        if let Some(filter) = self
            .layer_mut(panel_layer(&self.filter_panel))
            .and_then(|l| l.filter.as_mut())
        {
            filter.name = name;
        }
    }

    /// Loads a saved filter into the window of the current layer.
    pub(crate) fn use_saved_filter(&mut self, index: usize) {
        let (Some(saved), Some(panel)) = (
            self.settings.saved_filters.get(index).cloned(),
            self.filter_panel.as_ref(),
        ) else {
            return;
        };
        let edit = FilterEdit {
            draft: panel.draft.clone(),
            typed: Some(saved.expression),
            name: saved.name,
            places: panel.places.clone(),
        };
        self.edit_filter(edit);
    }
}

/// True when every field a saved filter names exists in `dataset`.
pub fn fits(saved: &SavedFilter, dataset: &Dataset) -> bool {
    crate::filter::parse(&saved.expression)
        .map(|e| e.fields().iter().all(|f| dataset.column(f).is_some()))
        .unwrap_or(false)
}
