//! Bookmarks and the training scenario: capture the current state, go to a bookmark or a step,
//! edit the list of steps, present step by step (next, previous, reset the exercise).

mod action;

pub use action::ScenarioAction;

mod presentation_ui;
mod ui;

use crate::app::TerritoireApp;
use crate::project::{Bookmark, Snapshot, Step};

/// The scenario editor's state, and the map as it was before the presentation started.
#[derive(Debug, Default)]
pub struct ScenarioPanel {
    /// The editor is shown.
    pub open: bool,
    /// The step selected in the editor.
    pub selected: Option<usize>,
    /// The state to give back when the presentation ends (view, layers, filters, comparison).
    before: Option<Snapshot>,
}

impl TerritoireApp {
    /// Gives every layer a key (kept for the session) so that snapshots can name them.
    pub(crate) fn ensure_keys(&mut self) {
        let keys = crate::app::project::assign_keys(&self.layers, &self.project.keys);
        for (id, key) in keys {
            self.project.keys.retain(|_, v| *v != id);
            self.project.keys.insert(key, id);
        }
    }

    /// Adds the current view and visible layers as a bookmark.
    pub(crate) fn add_bookmark(&mut self, name: String) {
        self.ensure_keys();
        let s = self.snapshot();
        let name = if name.trim().is_empty() {
            crate::i18n::tr_args(
                "bookmark-default-name",
                &[("n", &(self.project.bookmarks.len() + 1).to_string())],
            )
        } else {
            name.trim().to_owned()
        };
        self.project.bookmarks.push(Bookmark {
            name,
            view: s.view,
            visible: s.visible,
        });
    }

    /// Shows a bookmark: its view and its visible layers.
    pub(crate) fn go_to_bookmark(&mut self, index: usize) {
        let Some(b) = self.project.bookmarks.get(index).cloned() else {
            return;
        };
        self.map.go_to(b.view.center, b.view.zoom);
        let keys = self.project.keys.clone();
        for layer in &mut self.layers {
            layer.visible = b.visible.iter().any(|k| keys.get(k) == Some(&layer.id));
        }
    }

    /// Adds the current state as the last step of the scenario.
    pub(crate) fn capture_step(&mut self, title: String, text: String) {
        self.ensure_keys();
        let title = if title.trim().is_empty() {
            crate::i18n::tr_args(
                "scenario-default-title",
                &[("n", &(self.project.steps.len() + 1).to_string())],
            )
        } else {
            title.trim().to_owned()
        };
        let state = self.snapshot();
        self.project.steps.push(Step {
            title,
            text: text.trim().to_owned(),
            state,
        });
    }

    /// Replaces a step's state by the current one.
    pub(crate) fn recapture_step(&mut self, index: usize) {
        self.ensure_keys();
        let state = self.snapshot();
        if let Some(step) = self.project.steps.get_mut(index) {
            step.state = state;
        }
    }

    /// Shows step `index` (and in a presentation, makes it the current one).
    pub(crate) fn go_to_step(&mut self, index: usize) {
        let Some(step) = self.project.steps.get(index).cloned() else {
            return;
        };
        self.show_snapshot(&step.state);
        if self.presentation.is_some() {
            self.presentation = Some(index);
        }
        self.scenario.selected = Some(index);
    }

    /// Moves a step up (−1) or down (+1) in the list.
    pub(crate) fn move_step(&mut self, index: usize, delta: i32) {
        let steps = &mut self.project.steps;
        let to = index as i64 + i64::from(delta);
        if index < steps.len() && (0..steps.len() as i64).contains(&to) {
            steps.swap(index, to as usize);
            self.scenario.selected = Some(to as usize);
        }
    }

    /// Starts presenting at step `index` (full screen, large text, keyboard navigation).
    pub(crate) fn start_presentation(&mut self, index: usize) {
        if self.project.steps.is_empty() {
            return;
        }
        let index = index.min(self.project.steps.len() - 1);
        if self.presentation.is_none() {
            self.ensure_keys();
            self.scenario.before = Some(self.snapshot());
        }
        self.presentation = Some(index);
        self.go_to_step(index);
        if self.start.screenshot.is_none() {
            self.ctx
                .send_viewport_cmd(egui::ViewportCommand::Fullscreen(true));
        }
    }

    /// Next (+1) or previous (−1) step of the presentation.
    pub(crate) fn presentation_step(&mut self, delta: i64) {
        let Some(current) = self.presentation else {
            return;
        };
        let last = self.project.steps.len().saturating_sub(1) as i64;
        let next = (current as i64 + delta).clamp(0, last) as usize;
        if next != current {
            self.go_to_step(next);
        }
    }

    /// Back to step 1 with its original state, whatever was changed meanwhile.
    pub(crate) fn reset_exercise(&mut self) {
        if self.presentation.is_some() {
            self.presentation = Some(0);
        }
        self.go_to_step(0);
    }

    /// Leaves the presentation; the map goes back to what it showed before it started.
    pub(crate) fn stop_presentation(&mut self) {
        self.presentation = None;
        if let Some(before) = self.scenario.before.take() {
            self.show_snapshot(&before);
        }
        self.ctx
            .send_viewport_cmd(egui::ViewportCommand::Fullscreen(false));
    }
}
