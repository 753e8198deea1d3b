//! The project entries of the File menu: open, save, save as, recent projects, and the last outcome.

use egui::Ui;

use super::TerritoireApp;
use crate::action::Action;
use crate::i18n::tr;

impl TerritoireApp {
    /// Open / save / save as / recent projects.
    pub(super) fn project_menu_ui(&self, ui: &mut Ui, actions: &mut Vec<Action>) {
        if ui.button(tr("menu-project-open")).clicked() {
            actions.push(Action::OpenProject(None));
        }
        if ui.button(tr("menu-project-save")).clicked() {
            actions.push(Action::SaveProject(None));
        }
        if ui.button(tr("menu-project-save-as")).clicked() {
            actions.push(Action::SaveProjectAs);
        }
        let recent = &self.settings.recent_projects;
        ui.add_enabled_ui(!recent.is_empty(), |ui| {
            ui.menu_button(tr("menu-project-recent"), |ui| {
                for path in recent {
                    let name = std::path::Path::new(path)
                        .file_name()
                        .map_or_else(|| path.clone(), |n| n.to_string_lossy().into_owned());
                    if ui.button(name).on_hover_text(path).clicked() {
                        actions.push(Action::OpenProject(Some(path.into())));
                    }
                }
            });
        });
    }

    /// The last project message, in the status bar.
    pub(super) fn project_notice_ui(&self, ui: &mut Ui) {
        match &self.project.notice {
            Some(Ok(text)) => {
                ui.label(egui::RichText::new(text).small());
            }
            Some(Err(text)) => {
                ui.colored_label(ui.visuals().error_fg_color, text);
            }
            None => {}
        }
    }
}
