//! The "Exporter la carte" window: a title, the paper (size, orientation, resolution), PNG or
//! PDF, what the page holds, the button, the outcome.

use crate::app::TerritoireApp;
use crate::app::action::{Action, PrintAction};
use crate::i18n::{tr, tr_args};
use crate::print::{Format, Orientation, PaperSize, Resolution};

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
                self.paper_ui(ui, actions);
                ui.small(tr("print-contents"));
                if self.compare.active {
                    ui.small(tr("print-compare-note"));
                }
                self.export_button_ui(ui, actions);
            });
        if !open {
            actions.push(Action::Print(PrintAction::Toggle));
        }
    }

    /// Paper size, orientation, resolution and file type, each a row of labelled radio buttons.
    fn paper_ui(&self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        let paper = self.print.paper;
        let mut chosen = paper;
        let mut format = self.print.format;
        egui::Grid::new("print-paper")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                ui.label(tr("print-paper"));
                ui.horizontal(|ui| {
                    ui.radio_value(&mut chosen.size, PaperSize::A4, "A4");
                    ui.radio_value(&mut chosen.size, PaperSize::A3, "A3");
                });
                ui.end_row();
                ui.label(tr("print-orientation"));
                ui.horizontal(|ui| {
                    let landscape = tr("print-landscape");
                    ui.radio_value(&mut chosen.orientation, Orientation::Landscape, landscape);
                    let portrait = tr("print-portrait");
                    ui.radio_value(&mut chosen.orientation, Orientation::Portrait, portrait);
                });
                ui.end_row();
                ui.label(tr("print-resolution"));
                ui.horizontal(|ui| {
                    ui.radio_value(&mut chosen.resolution, Resolution::Dpi150, "150 dpi");
                    ui.radio_value(&mut chosen.resolution, Resolution::Dpi300, "300 dpi");
                });
                ui.end_row();
                ui.label(tr("print-format"));
                ui.horizontal(|ui| {
                    ui.radio_value(&mut format, Format::Png, "PNG");
                    ui.radio_value(&mut format, Format::Pdf, "PDF");
                });
                ui.end_row();
            });
        if chosen != paper {
            actions.push(Action::Print(PrintAction::SetPaper(chosen)));
        }
        if format != self.print.format {
            actions.push(Action::Print(PrintAction::SetFormat(format)));
        }
        if format == Format::Png {
            let [w, h] = chosen.size_px();
            ui.small(tr_args(
                "print-pixels",
                &[("width", &w.to_string()), ("height", &h.to_string())],
            ));
        }
    }

    fn export_button_ui(&self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
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
    }
}
