//! Where no native file dialog can open, *Ouvrir…* asks for the path in the app's own window
//! (a file opens as a layer, a `.territoire` file as a project, a tile file as the basemap), and
//! saving a new project asks where to write it. The field has the keyboard focus as soon as the window opens.

use std::path::PathBuf;

use egui::Ui;

use crate::app::TerritoireApp;
use crate::app::action::{Action, LayersAction, ProjectAction};
use crate::i18n::tr;

/// The path being typed, while the window is open.
#[derive(Debug, Default)]
pub struct PathPrompt {
    text: Option<String>,
    /// Saving the project there, rather than opening what is there.
    save: bool,
    /// The field takes the keyboard focus on the next frame.
    focus: bool,
}

impl TerritoireApp {
    /// True when native file dialogs can open on this machine (and were not turned off).
    pub(crate) fn native_dialogs(&self) -> bool {
        !self.start.no_native_dialogs && crate::sources::dialog::native_available()
    }

    /// Opens the path window (empty) to open a file or a project.
    pub(crate) fn ask_path(&mut self) {
        self.path_prompt = PathPrompt {
            text: Some(String::new()),
            save: false,
            focus: true,
        };
    }

    /// Opens the path window to save the project, with `proposed` written in it.
    pub(crate) fn ask_save_path(&mut self, proposed: PathBuf) {
        self.path_prompt = PathPrompt {
            text: Some(proposed.display().to_string()),
            save: true,
            focus: true,
        };
    }

    /// The path window: a field, *Ouvrir* (or *Enregistrer*) and *Annuler*; Enter confirms.
    pub(crate) fn path_prompt_ui(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        let save = self.path_prompt.save;
        let focus = std::mem::take(&mut self.path_prompt.focus);
        let Some(text) = self.path_prompt.text.as_mut() else {
            return;
        };
        let (title, why, confirm) = if save {
            ("path-save-title", "path-save-why", "path-save")
        } else {
            ("path-title", "path-why", "path-open")
        };
        let mut done = false;
        egui::Window::new(tr(title))
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .show(ctx, |ui: &mut Ui| {
                ui.label(tr(why));
                let label = ui.label(tr("path-label"));
                let field = ui
                    .add(egui::TextEdit::singleline(text).desired_width(420.0))
                    .labelled_by(label.id);
                if focus {
                    field.request_focus();
                }
                let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                ui.horizontal(|ui| {
                    let path = typed_path(text);
                    let ready = !path.as_os_str().is_empty();
                    let clicked = ui
                        .add_enabled(ready, egui::Button::new(tr(confirm)))
                        .clicked();
                    if (clicked || (enter && ready)) && !done {
                        actions.push(path_action(path, save));
                        done = true;
                    }
                    if ui.button(tr("action-cancel")).clicked() {
                        done = true;
                        self.change.new_from_file = false;
                    }
                });
            });
        if done {
            self.path_prompt = PathPrompt::default();
        }
    }
}

/// What the typed path does: the project saved there, or opened as a project or a layer.
fn path_action(path: PathBuf, save: bool) -> Action {
    let is_project = path
        .extension()
        .is_some_and(|e| e == crate::sources::project_file::EXTENSION);
    if save {
        Action::Project(ProjectAction::Save(Some(path)))
    } else if is_project {
        Action::Project(ProjectAction::Open(Some(path)))
    } else {
        Action::Layers(LayersAction::OpenFiles(vec![path]))
    }
}

/// The path typed or pasted, without the quotes a file manager's "copy as path" puts around it.
fn typed_path(text: &str) -> PathBuf {
    let text = text.trim();
    let unquoted = ['"', '\'']
        .iter()
        .find_map(|q| text.strip_prefix(*q).and_then(|t| t.strip_suffix(*q)));
    PathBuf::from(unquoted.unwrap_or(text).trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_pasted_with_quotes_is_read_without_them() {
        let plain = PathBuf::from("/data/arrets.csv");
        assert_eq!(typed_path("  /data/arrets.csv "), plain);
        assert_eq!(typed_path("\"/data/arrets.csv\""), plain);
        assert_eq!(typed_path("'/data/arrets.csv'\n"), plain);
        assert_eq!(
            typed_path("\"/data/it's.csv"),
            PathBuf::from("\"/data/it's.csv")
        );
        assert!(typed_path(" \"\" ").as_os_str().is_empty());
    }
}
