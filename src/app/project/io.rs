//! Opening and saving project files in the background, and the list of recent projects.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::app::{JobOutput, TerritoireApp};
use crate::project::Project;
use crate::sources::project_file::ProjectFileError;

/// How many recent projects the File menu lists.
const RECENT: usize = 8;

impl TerritoireApp {
    /// Opens a project file (read in the background), or asks which first.
    pub(crate) fn open_project_file(&mut self, path: Option<PathBuf>) {
        self.project.reading += 1;
        self.jobs.spawn(move |_| {
            let Some(path) = path.or_else(crate::sources::dialog::pick_project) else {
                return JobOutput::ProjectRead(None);
            };
            let path = crate::sources::project_file::absolute(&path);
            let result = crate::sources::project_file::read_with_warnings(&path);
            JobOutput::ProjectRead(Some((path, result)))
        });
    }

    /// A project file was read (or not): it opens with what could be taken back, and the notes.
    pub(crate) fn project_read(
        &mut self,
        read: Option<(PathBuf, Result<Opened, ProjectFileError>)>,
    ) {
        self.project.reading = self.project.reading.saturating_sub(1);
        let Some((path, result)) = read else {
            return;
        };
        match result {
            Ok((project, warnings)) => {
                let demo = is_demo(&path);
                self.remember_recent(&path);
                self.keep_unsaved_work();
                self.open_project(project, Some(path.clone()));
                self.project.demo = demo;
                self.project.warnings = warnings;
                self.start_compare();
                if let Some(step) = self.start.step.take() {
                    self.start_presentation(step.saturating_sub(1));
                }
                self.project.notice = Some(Ok(crate::i18n::tr_args(
                    "project-opened",
                    &[("path", &file_name(&path))],
                )));
            }
            Err(error) => self.project.notice = Some(Err(Arc::new(error))),
        }
    }

    /// Saves the project: to `path`, to its file, or asking where first (`save_as`). The demo
    /// kit is never written over: saving it asks where to keep an untitled copy.
    pub(crate) fn save_project(&mut self, path: Option<PathBuf>, save_as: bool) {
        let known = if save_as || self.project.demo {
            None
        } else {
            self.project.path.clone()
        };
        match path.or(known).filter(|p| !is_demo(p)) {
            Some(path) => self.write_project(path),
            None => {
                let title = self.project.title.trim();
                let name = if title.is_empty() || self.project.demo {
                    "projet".to_owned()
                } else {
                    title.replace(['/', '\\', ':'], "-")
                };
                let name = format!("{name}.{}", crate::sources::project_file::EXTENSION);
                let folder = match &self.project.path {
                    Some(p) if !self.project.demo => p.parent().map(Path::to_path_buf),
                    _ => None,
                };
                if !self.native_dialogs() {
                    // No file chooser: the path is typed in the app's own window.
                    let folder = folder.or_else(crate::sources::dialog::user_folder);
                    return self.ask_save_path(folder.unwrap_or_default().join(name));
                }
                self.jobs.spawn(move |_| {
                    let folder = folder.or_else(crate::sources::dialog::user_folder);
                    JobOutput::ProjectSaveTarget(crate::sources::dialog::save_file_in(
                        folder.as_deref(),
                        &name,
                        crate::sources::project_file::EXTENSION,
                    ))
                });
            }
        }
    }

    /// Writes the project to `path` in the background (paths relative to its folder).
    pub(crate) fn write_project(&mut self, path: PathBuf) {
        if is_demo(&path) {
            return self.save_project(None, true);
        }
        self.ensure_keys();
        let demo_title = self.project.saved.as_ref().map(|p| p.title.as_str());
        if self.project.demo && demo_title == Some(self.project.title.as_str()) {
            // A copy of the demo is the user's own project: it does not keep the demo's title
            // (a title the user typed stays).
            self.project.title.clear();
        }
        let project = self.to_project(path.parent());
        // The previous notice ("opened", "saved") no longer holds until this write ends.
        self.project.notice = None;
        self.jobs.spawn(move |_| {
            let result = crate::sources::project_file::write(&path, &project);
            JobOutput::ProjectSaved(path, result)
        });
    }

    /// The project was written (or not).
    pub(crate) fn project_saved(&mut self, path: PathBuf, result: Result<(), ProjectFileError>) {
        match result {
            Ok(()) => {
                self.remember_recent(&path);
                self.project.notice = Some(Ok(crate::i18n::tr_args(
                    "project-saved",
                    &[("path", &file_name(&path))],
                )));
                self.project.path = Some(path);
                self.project.demo = false;
                self.mark_saved();
            }
            Err(error) => self.project.notice = Some(Err(Arc::new(error))),
        }
    }

    fn remember_recent(&mut self, path: &Path) {
        if self.start.screenshot.is_some() {
            return; // A scripted capture is not the user's work.
        }
        let text = path.display().to_string();
        let recent = &mut self.settings.recent_projects;
        recent.retain(|p| *p != text);
        recent.insert(0, text);
        recent.truncate(RECENT);
        self.save_settings();
    }
}

/// A project read, with what it named and could not be taken back.
pub type Opened = (Project, Vec<crate::project::ProjectWarning>);

/// Whether `path` is the demo kit's project, which is never written over.
fn is_demo(path: &Path) -> bool {
    let canonical = crate::sources::project_file::absolute;
    crate::sources::demo::demo_project().is_some_and(|demo| canonical(&demo) == canonical(path))
}

/// The file name alone, for short messages.
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
