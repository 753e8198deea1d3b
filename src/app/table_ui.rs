//! The attribute table of a layer: every row, drawn only where the window shows it (millions stay fluid).

use egui::{Label, RichText, Ui};

use super::{LayerId, TerritoireApp};
use crate::action::Action;
use crate::data::{Dataset, Value};
use crate::i18n::{tr, tr_args};

/// Width of a cell, in points.
const CELL_WIDTH: f32 = 150.0;
/// Width of the row-number column, in points.
const NUMBER_WIDTH: f32 = 64.0;

impl TerritoireApp {
    pub(super) fn table_ui(&self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        let Some(id) = self.table else {
            return;
        };
        let Some((name, dataset)) = self
            .layer(id)
            .and_then(|l| Some((l.name.clone(), l.dataset.clone()?)))
        else {
            return;
        };
        let mut open = true;
        egui::Window::new(tr_args("table-title", &[("layer", &name)]))
            .id(egui::Id::unique("attribute-table"))
            .open(&mut open)
            .default_size([720.0, 380.0])
            .resizable(true)
            .show(ctx, |ui| {
                ui.label(tr_args(
                    "table-rows",
                    &[("count", &super::layers_ui::format_count(dataset.len()))],
                ));
                ui.separator();
                egui::ScrollArea::horizontal()
                    .id_salt(("table-h", id.0))
                    .show(ui, |ui| table_body_ui(ui, id, &dataset));
            });
        if !open {
            actions.push(Action::CloseTable);
        }
    }
}

fn table_body_ui(ui: &mut Ui, id: LayerId, dataset: &Dataset) {
    ui.horizontal(|ui| {
        ui.add_sized(
            [NUMBER_WIDTH, 18.0],
            Label::new(RichText::new("#").strong()),
        );
        for column in &dataset.columns {
            ui.add_sized(
                [CELL_WIDTH, 18.0],
                Label::new(RichText::new(&column.name).strong()).truncate(),
            )
            .on_hover_text(format!("{} ({})", column.name, column.field_type().name()));
        }
    });
    ui.separator();
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y;
    egui::ScrollArea::vertical()
        .id_salt(("table-v", id.0))
        .auto_shrink([false, false])
        .show_rows(ui, row_height, dataset.len(), |ui, rows| {
            for row in rows {
                ui.horizontal(|ui| {
                    ui.add_sized(
                        [NUMBER_WIDTH, row_height],
                        Label::new(RichText::new((row + 1).to_string()).weak()),
                    );
                    for column in &dataset.columns {
                        let text = match column.value(row) {
                            Value::Null => String::new(),
                            value => value.to_string(),
                        };
                        ui.add_sized([CELL_WIDTH, row_height], Label::new(text).truncate());
                    }
                });
            }
        });
    if dataset.columns.is_empty() {
        ui.label(tr("table-no-fields"));
    }
}
