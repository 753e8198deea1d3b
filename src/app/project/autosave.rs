//! The session saved beside the caches within seconds of a change and on quit, offered back at the
//! next start when it holds work no project file has (after a crash, or a quit without saving).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::app::{JobOutput, TerritoireApp};
use crate::project::Project;

/// How often the session is looked at, and saved when it changed: a change is on disk within
/// this delay (plus the write), so that a crash a few seconds after it loses nothing. Looking
/// costs a comparison of the saved model, not a write.
pub const AUTOSAVE_EVERY: Duration = Duration::from_secs(2);
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
    /// The saved session holds work closed without saving (not the current session): keep it on quit.
    pub(crate) keep: bool,
    /// How often the session is looked at ([`AUTOSAVE_EVERY`]; shorter in tests).
    pub every: Duration,
}

impl Default for Autosave {
    fn default() -> Self {
        Self {
            last: None,
            checked: Instant::now(),
            offer: None,
            keep: false,
            every: AUTOSAVE_EVERY,
        }
    }
}

impl TerritoireApp {
    /// Where the session is saved: beside the caches; `None` for throwaway sessions (tests) and
    /// scripted runs (screenshots, benchmarks).
    pub fn autosave_path(&self) -> Option<PathBuf> {
        if self.start.screenshot.is_some() || self.start.benchmark_frames.is_some() {
            return None; // A scripted run is not the user's work.
        }
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
        let elapsed = self.autosave.checked.elapsed();
        if elapsed < self.autosave.every {
            // An idle window draws no frames: wake up for the next look.
            self.ctx
                .request_repaint_after(self.autosave.every - elapsed);
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
        // The file now holds this session, no longer one closed without saving.
        self.autosave.keep = false;
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
            // Taken back, the session is still in no project file.
            self.project.saved = None;
        } else if let Some(path) = self.autosave_path() {
            crate::sources::project_file::remove(&path);
        }
    }

    /// On quit: work that no project file has is saved now (and offered at the next start);
    /// otherwise the saved session is not needed any more.
    pub(crate) fn autosave_on_quit(&mut self) {
        let Some(path) = self.autosave_path() else {
            return;
        };
        if self.has_unsaved_changes() && self.presentation.is_none() {
            if let Err(e) = crate::sources::project_file::write(&path, &self.to_project(None)) {
                log::warn!("{e}");
            }
        } else if !self.autosave.keep && self.autosave.offer.is_none() {
            crate::sources::project_file::remove(&path);
        }
    }
}
