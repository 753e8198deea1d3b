//! The "Exporter la carte (PNG)" window: a title, what the export holds, the button, the outcome.

use crate::action::{Action, PrintAction};
use crate::app::TerritoireApp;
use crate::i18n::{tr, tr_args};

impl TerritoireApp {
    pub(crate) fn print_ui(&self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        if !self.print.open {
            return;
        }
        let mut open = true;
        egui::Window::new(tr("print-window"))
            .open(&mut open)
            .resizable(false)
            .collapsible(false)
            .show(ctx, |ui| {
                let label = ui.label(tr("print-title"));
                let mut title = self.print.title.clone();
                let edit = egui::TextEdit::singleline(&mut title)
                    .id_salt("print-title")
                    .hint_text(tr("print-default-title"))
                    .desired_width(320.0);
                if ui.add(edit).labelled_by(label.id).changed() {
                    actions.push(Action::Print(PrintAction::SetTitle(title)));
                }
                ui.small(tr("print-contents"));
                if self.compare.active {
                    ui.small(tr("print-compare-note"));
                }
                ui.horizontal(|ui| {
                    let busy = self.print.is_busy();
                    if ui
                        .add_enabled(!busy, egui::Button::new(tr("print-export")))
                        .clicked()
                    {
                        actions.push(Action::Print(PrintAction::Export(None)));
                    }
                    if busy {
                        ui.spinner();
                    }
                });
                match &self.print.notice {
                    Some(Ok(path)) => {
                        ui.label(tr_args(
                            "print-done",
                            &[("path", &path.display().to_string())],
                        ));
                    }
                    Some(Err(error)) => {
                        ui.colored_label(ui.visuals().error_fg_color, error.to_string());
                    }
                    None => {}
                }
            });
        if !open {
            actions.push(Action::Print(PrintAction::Toggle));
        }
    }
}
