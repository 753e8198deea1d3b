//! The project entries of the File menu (new, open, save, save as, close, title, recent projects),
//! the last outcome and the notes of the last opening in the status bar, the start screen.

use egui::Ui;

use crate::app::TerritoireApp;
use crate::app::action::{Action, LayersAction, PortalAction, ProjectAction};
use crate::i18n::{tr, tr_count};

impl TerritoireApp {
    /// New / open / save / save as / close / title / recent projects.
    pub(crate) fn project_menu_ui(&self, ui: &mut Ui, actions: &mut Vec<Action>) {
        if ui.button(tr("menu-project-new")).clicked() {
            actions.push(Action::Project(ProjectAction::New));
        }
        if ui.button(tr("menu-project-open")).clicked() {
            actions.push(Action::Project(ProjectAction::Open(None)));
        }
        if ui.button(tr("menu-project-save")).clicked() {
            actions.push(Action::Project(ProjectAction::Save(None)));
        }
        if ui.button(tr("menu-project-save-as")).clicked() {
            actions.push(Action::Project(ProjectAction::SaveAs));
        }
        if ui.button(tr("menu-project-close")).clicked() {
            actions.push(Action::Project(ProjectAction::Close));
        }
        if ui.button(tr("menu-project-title")).clicked() {
            actions.push(Action::Project(ProjectAction::ShowTitle(true)));
        }
        let recent = &self.settings.recent_projects;
        ui.add_enabled_ui(!recent.is_empty(), |ui| {
            ui.menu_button(tr("menu-project-recent"), |ui| {
                for path in recent {
                    let name = std::path::Path::new(path)
                        .file_name()
                        .map_or_else(|| path.clone(), |n| n.to_string_lossy().into_owned());
                    if ui.button(name).on_hover_text(path).clicked() {
                        actions.push(Action::Project(ProjectAction::Open(Some(path.into()))));
                    }
                }
            });
        });
    }

    /// The project's title in a small window (saved with the project).
    pub(crate) fn project_title_ui(&self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        if !self.project.title_open {
            return;
        }
        let mut open = true;
        egui::Window::new(tr("project-title-label"))
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                let mut title = self.project.title.clone();
                let edit = egui::TextEdit::singleline(&mut title)
                    .id_salt("project-title")
                    .hint_text(tr("project-title-hint"))
                    .desired_width(260.0);
                let response = ui.add(edit);
                response.widget_info(|| {
                    egui::WidgetInfo::labeled(
                        egui::Role::TextInput,
                        true,
                        tr("project-title-label"),
                    )
                });
                if response.changed() {
                    actions.push(Action::Project(ProjectAction::SetTitle(title)));
                }
                let enter = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if ui.button(tr("project-title-done")).clicked() || enter {
                    actions.push(Action::Project(ProjectAction::ShowTitle(false)));
                }
            });
        if !open {
            actions.push(Action::Project(ProjectAction::ShowTitle(false)));
        }
    }

    /// After a crash: take the saved session back?
    pub(crate) fn restore_ui(&self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        let Some(project) = &self.autosave.offer else {
            return;
        };
        egui::Window::new(tr("restore-title"))
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, 0.0))
            .show(ctx, |ui| {
                ui.label(crate::i18n::tr_args(
                    "restore-text",
                    &[("layers", &project.layers.len().to_string())],
                ));
                ui.horizontal(|ui| {
                    if ui.button(tr("restore-yes")).clicked() {
                        actions.push(Action::Project(ProjectAction::RestoreSession(true)));
                    }
                    if ui.button(tr("restore-no")).clicked() {
                        actions.push(Action::Project(ProjectAction::RestoreSession(false)));
                    }
                });
            });
    }

    /// The last project message, in the status bar.
    pub(crate) fn project_notice_ui(&self, ui: &mut Ui) {
        match &self.project.notice {
            Some(Ok(text)) => {
                ui.label(egui::RichText::new(text).small());
            }
            Some(Err(error)) => {
                ui.colored_label(ui.visuals().error_fg_color, error.to_string());
            }
            None => {}
        }
        let warnings = &self.project.warnings;
        if !warnings.is_empty() {
            let title = tr_count("project-warnings", warnings.len() as u64, &[]);
            ui.menu_button(title, |ui| {
                ui.weak(tr("project-warnings-hint"));
                for w in warnings {
                    ui.label(w.message());
                }
            });
        }
    }
}

impl TerritoireApp {
    /// Over an empty map: the demo, a project, files, and the recent projects.
    pub(crate) fn start_screen_ui(&self, ui: &mut Ui, actions: &mut Vec<Action>) {
        if !self.layers.is_empty()
            || self.project.blank
            || self.project.reading > 0
            || self.autosave.offer.is_some()
            || self.layer_choice.is_pending()
        {
            return;
        }
        let rect = ui.max_rect();
        let area = egui::Rect::from_center_size(rect.center(), egui::vec2(420.0, 320.0));
        ui.scope_builder(egui::UiBuilder::new().max_rect(area), |ui| {
            egui::Frame::window(ui.style()).show(ui, |ui| {
                ui.heading(tr("start-title"));
                ui.label(tr("start-text"));
                ui.add_space(6.0);
                if ui.button(tr("menu-open-demo")).clicked() {
                    actions.push(Action::Layers(LayersAction::OpenDemo));
                }
                if ui.button(tr("menu-project-open")).clicked() {
                    actions.push(Action::Project(ProjectAction::Open(None)));
                }
                if ui.button(tr("start-open-files")).clicked() {
                    actions.push(Action::Layers(LayersAction::ShowOpenDialog));
                }
                if ui.button(tr("menu-portal")).clicked() {
                    actions.push(Action::Portal(PortalAction::Toggle));
                }
                if !self.settings.recent_projects.is_empty() {
                    ui.separator();
                    ui.strong(tr("menu-project-recent"));
                    for path in self.settings.recent_projects.iter().take(5) {
                        if ui.link(path).clicked() {
                            actions.push(Action::Project(ProjectAction::Open(Some(path.into()))));
                        }
                    }
                }
            });
        });
    }
}
