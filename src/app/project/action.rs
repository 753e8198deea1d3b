//! What the user can ask of the project (open, save, locate files, bookmarks, the session after a crash), and how the app carries it out.

use std::path::PathBuf;

use crate::app::LayerId;
use crate::app::TerritoireApp;

/// Something the user asked of the project (open, save, locate files, bookmarks, the session after a crash).
#[derive(Clone, Debug, PartialEq)]
pub enum ProjectAction {
    /// Add the current view and visible layers as a bookmark with this name.
    AddBookmark(String),
    /// Show a bookmark.
    GoToBookmark(usize),
    /// Forget a bookmark.
    RemoveBookmark(usize),
    /// Take back the session a crash left behind (`true`) or drop it.
    RestoreSession(bool),
    /// Open a project file, or ask which first.
    Open(Option<PathBuf>),
    /// Save the project: to this file, to its own, or asking where.
    Save(Option<PathBuf>),
    /// Save the project under another name (asks where).
    SaveAs,
    /// A layer's file is now there (`None`: ask where first).
    LocateFile(LayerId, Option<PathBuf>),
}

impl TerritoireApp {
    /// Carries out one request about the project (open, save, locate files, bookmarks, the session after a crash).
    pub(crate) fn apply_project(&mut self, action: ProjectAction) {
        match action {
            ProjectAction::AddBookmark(name) => self.add_bookmark(name),
            ProjectAction::GoToBookmark(i) => self.go_to_bookmark(i),
            ProjectAction::RemoveBookmark(i) => {
                if i < self.project.bookmarks.len() {
                    self.project.bookmarks.remove(i);
                }
            }
            ProjectAction::RestoreSession(restore) => self.restore_autosave(restore),
            ProjectAction::Open(None) if !self.native_dialogs() => self.ask_path(),
            ProjectAction::Open(path) => self.open_project_file(path),
            ProjectAction::Save(path) => self.save_project(path, false),
            ProjectAction::SaveAs => self.save_project(None, true),
            ProjectAction::LocateFile(id, Some(path)) => self.relocate(id, path),
            ProjectAction::LocateFile(id, None) => self.ask_relocation(id),
        }
    }
}
