//! The session saved every few minutes beside the caches, offered back after a crash, removed on a clean exit.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::app::{JobOutput, TerritoireApp};
use crate::project::Project;

/// How often the session is saved when it changed.
pub const AUTOSAVE_EVERY: Duration = Duration::from_secs(120);
/// The file name of the saved session.
const FILE: &str = "session-autosave.territoire";

/// Autosave bookkeeping.
#[derive(Debug)]
pub struct Autosave {
    /// The last state written (nothing is written when it did not change).
    last: Option<Project>,
    /// When the last check happened.
    checked: Instant,
    /// A session left by a crash, offered back to the user.
    pub offer: Option<Project>,
}

impl Default for Autosave {
    fn default() -> Self {
        Self {
            last: None,
            checked: Instant::now(),
            offer: None,
        }
    }
}

impl TerritoireApp {
    /// Where the session is saved: beside the caches; `None` for throwaway sessions (tests).
    pub fn autosave_path(&self) -> Option<PathBuf> {
        match &self.start.cache_dir {
            Some(dir) => Some(dir.join(FILE)),
            None if self.start.ephemeral => None,
            None => crate::sources::settings_file::cache_dir().map(|d| d.join(FILE)),
        }
    }

    /// At start: looks for a session a crash left behind (read in the background).
    pub(crate) fn look_for_autosave(&mut self) {
        let Some(path) = self.autosave_path() else {
            return;
        };
        self.jobs.spawn(move |_| {
            let found = path
                .is_file()
                .then(|| crate::sources::project_file::read(&path).ok())
                .flatten();
            JobOutput::AutosaveFound(found)
        });
    }

    /// Every [`AUTOSAVE_EVERY`], writes the session when it changed.
    pub(crate) fn autosave_step(&mut self) {
        if self.autosave.checked.elapsed() < AUTOSAVE_EVERY {
            return;
        }
        self.autosave_now();
    }

    /// Writes the session now if it changed since the last autosave (in the background).
    pub fn autosave_now(&mut self) {
        self.autosave.checked = Instant::now();
        let Some(path) = self.autosave_path() else {
            return;
        };
        if self.layers.is_empty() || self.presentation.is_some() {
            return;
        }
        let project = self.to_project(None);
        if self.autosave.last.as_ref() == Some(&project) {
            return;
        }
        self.autosave.last = Some(project.clone());
        self.jobs.spawn(move |_| {
            if let Err(e) = crate::sources::project_file::write(&path, &project) {
                log::warn!("{e}");
            }
            JobOutput::Autosaved
        });
    }

    /// The user takes the crashed session back (`true`) or drops it.
    pub(crate) fn restore_autosave(&mut self, restore: bool) {
        let Some(project) = self.autosave.offer.take() else {
            return;
        };
        if restore {
            self.open_project(project, None);
        } else if let Some(path) = self.autosave_path() {
            crate::sources::project_file::remove(&path);
        }
    }

    /// On a clean exit the saved session is not needed any more.
    pub(crate) fn forget_autosave(&mut self) {
        if let Some(path) = self.autosave_path() {
            crate::sources::project_file::remove(&path);
        }
    }
}
