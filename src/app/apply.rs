//! Applies user actions: each goes to the feature that carries it out.

use super::TerritoireApp;
use crate::app::action::Action;

impl TerritoireApp {
    /// Carries out one user intent; features change the state, nothing else does.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Layers(action) => self.apply_layers(action),
            Action::Filter(action) => self.apply_filter(action),
            Action::Portal(action) => self.apply_portal(action),
            Action::Zones(action) => self.apply_zones(action),
            Action::Internal(action) => self.apply_internal(action),
            Action::Compare(action) => self.apply_compare(action),
            Action::Change(action) => self.apply_change(action),
            Action::Table(action) => self.apply_table(action),
            Action::Quality(action) => self.apply_quality(action),
            Action::Basemap(action) => self.apply_basemap(action),
            Action::Project(action) => self.apply_project(action),
            Action::Scenario(action) => self.apply_scenario(action),
            Action::Print(action) => self.apply_print(action),
            Action::Search(action) => self.apply_search(action),
            Action::Settings(action) => self.apply_settings(action),
        }
    }
}
