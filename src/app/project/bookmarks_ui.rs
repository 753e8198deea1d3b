//! The bookmarks section of the layer panel: one click to go, add the current view, remove.

use egui::Ui;

use crate::app::TerritoireApp;
use crate::app::action::{Action, ProjectAction};
use crate::i18n::{tr, tr_args};

impl TerritoireApp {
    /// Named views, at the bottom of the layer panel.
    pub(crate) fn bookmarks_ui(&self, ui: &mut Ui, actions: &mut Vec<Action>) {
        egui::CollapsingHeader::new(tr("bookmarks-title"))
            .default_open(true)
            .show(ui, |ui| {
                if self.project.bookmarks.is_empty() {
                    ui.weak(tr("bookmarks-empty"));
                }
                egui::ScrollArea::vertical()
                    .id_salt("bookmarks-list")
                    .max_height(160.0)
                    .show(ui, |ui| {
                        for (i, b) in self.project.bookmarks.iter().enumerate() {
                            ui.horizontal(|ui| {
                                if ui
                                    .button(&b.name)
                                    .on_hover_text(tr("bookmark-go"))
                                    .clicked()
                                {
                                    actions.push(Action::Project(ProjectAction::GoToBookmark(i)));
                                }
                                let remove = ui.small_button("×");
                                let name = tr_args("bookmark-remove", &[("name", &b.name)]);
                                remove.widget_info(|| {
                                    egui::WidgetInfo::labeled(egui::Role::Button, true, &name)
                                });
                                if remove.on_hover_text(&name).clicked() {
                                    actions.push(Action::Project(ProjectAction::RemoveBookmark(i)));
                                }
                            });
                        }
                    });
                let id = egui::Id::unique("bookmark-new-name");
                let mut name: String = ui.data(|d| d.get_temp(id)).unwrap_or_default();
                ui.horizontal(|ui| {
                    let edit = egui::TextEdit::singleline(&mut name)
                        .id_salt("bookmark-name")
                        .hint_text(tr("bookmark-name-hint"))
                        .desired_width(140.0);
                    let response = ui.add(edit);
                    response.widget_info(|| {
                        egui::WidgetInfo::labeled(
                            egui::Role::TextInput,
                            true,
                            tr("bookmark-name-hint"),
                        )
                    });
                    let enter =
                        response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                    if ui.button(tr("bookmark-add")).clicked() || enter {
                        actions.push(Action::Project(ProjectAction::AddBookmark(std::mem::take(
                            &mut name,
                        ))));
                    }
                });
                ui.data_mut(|d| d.insert_temp(id, name));
            });
    }
}
