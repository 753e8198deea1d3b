//! The identify popup: the attributes of the clicked feature.

use crate::app::TerritoireApp;
use crate::app::action::{Action, LayersAction};
use crate::i18n::{tr, tr_args};

impl TerritoireApp {
    pub(crate) fn identify_ui(&self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        let Some(identified) = &self.identified else {
            return;
        };
        let layer_name = self
            .layer(identified.layer)
            .map(|l| l.name.clone())
            .unwrap_or_default();
        let mut open = true;
        egui::Window::new(tr("identify-title"))
            .id(egui::Id::unique("identify"))
            .open(&mut open)
            .default_width(320.0)
            .show(ctx, |ui| {
                ui.strong(tr_args(
                    "identify-feature",
                    &[
                        ("layer", &layer_name),
                        ("n", &(identified.feature + 1).to_string()),
                    ],
                ));
                ui.separator();
                egui::ScrollArea::vertical()
                    .max_height(360.0)
                    .show(ui, |ui| {
                        egui::Grid::new("identify-grid")
                            .striped(true)
                            .num_columns(2)
                            .show(ui, |ui| {
                                for (name, value) in &identified.attributes {
                                    ui.label(egui::RichText::new(name).strong());
                                    ui.label(value);
                                    ui.end_row();
                                }
                            });
                        if identified.attributes.is_empty() {
                            ui.label(tr("identify-no-attributes"));
                        }
                    });
            });
        if !open {
            actions.push(Action::Layers(LayersAction::CloseIdentify));
        }
    }
}
