//! New and closed projects, the project's title, and whether the session holds unsaved work.

use std::path::Path;

use crate::app::TerritoireApp;
use crate::app::layers::LayerState;
use crate::project::Project;

impl TerritoireApp {
    /// The project as it would be saved, without what is not work (the map's view and basemap).
    fn work(&self) -> Project {
        let folder = self.project.path.as_deref().and_then(Path::parent);
        let mut project = self.to_project(folder);
        project.state.view = Default::default();
        project.state.basemap = None;
        project
    }

    /// Whether the session holds work that no project file has (layers, filters, bookmarks,
    /// steps, title changed since the project was opened or saved).
    pub fn has_unsaved_changes(&self) -> bool {
        let empty = self.layers.is_empty()
            && self.project.bookmarks.is_empty()
            && self.project.steps.is_empty()
            && self.project.title.is_empty();
        !empty && self.project.saved.as_ref() != Some(&self.work())
    }

    /// The session as it is now is the project's file.
    pub(crate) fn mark_saved(&mut self) {
        self.project.saved = Some(self.work());
    }

    /// Closes everything (layers, bookmarks, steps, title, windows); `blank`: a new project,
    /// else back to the start screen. Nothing is asked: unsaved work goes to the autosave first.
    pub(crate) fn close_project(&mut self, blank: bool) {
        self.keep_unsaved_work();
        self.clear_session();
        self.project.blank = blank;
        let notice = if blank {
            "project-new-done"
        } else {
            "project-closed"
        };
        self.project.notice = Some(Ok(crate::i18n::tr(notice)));
    }

    /// Before the session is replaced: work no project file has goes to the autosave, kept on quit
    /// and offered at the next start (until newer work replaces it).
    pub(crate) fn keep_unsaved_work(&mut self) {
        if self.has_unsaved_changes() {
            self.autosave_now();
            self.autosave.keep = true;
        }
    }

    /// Sets the project's title (saved with it).
    pub(crate) fn set_title(&mut self, title: String) {
        self.project.title = title;
    }

    /// Drops the layers and the project's parts; the files being read still arrive.
    pub(crate) fn clear_session(&mut self) {
        for layer in std::mem::take(&mut self.layers) {
            if let LayerState::Loading { job } = layer.state {
                self.jobs.cancel(job);
            }
        }
        // A removal is undone in its own project: Ctrl+Z must not bring an old layer into
        // the next one.
        self.removed = Default::default();
        self.table = None;
        self.filter_panel = None;
        self.identified = None;
        self.presentation = None;
        self.scenario.selected = None;
        self.compare = crate::app::compare::Compare::default();
        let zones = &mut self.zone_stats;
        zones.open = false;
        (zones.zones, zones.indicator, zones.near) = (None, None, None);
        zones.others.clear();
        self.project = super::ProjectState {
            reading: self.project.reading,
            ..super::ProjectState::default()
        };
    }
}
