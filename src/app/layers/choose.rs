//! A file that holds several layers (a GeoPackage) asks which to open: its layers are listed in
//! the background, then a window offers a box per layer with its number of objects.

use std::path::PathBuf;

use egui::Ui;

use crate::app::action::{Action, LayersAction};
use crate::app::{JobOutput, TerritoireApp};
use crate::i18n::{tr, tr_args, tr_count};
use crate::sources::open::SourceLayer;

/// The layers of a file, waiting for the user's choice.
#[derive(Debug, Default)]
pub struct LayerChoice {
    pending: Option<(PathBuf, Vec<SourceLayer>, Vec<bool>)>,
}

impl LayerChoice {
    /// True while the layers of a file wait for the user's choice.
    pub fn is_pending(&self) -> bool {
        self.pending.is_some()
    }
}

impl TerritoireApp {
    /// Opens a file; one that may hold several layers has them listed first.
    pub(crate) fn open_file_asking(&mut self, path: PathBuf) {
        if !crate::sources::open::may_hold_layers(&path) {
            return self.open_file(path);
        }
        if let Some(layer) = self.start.layer.clone() {
            return self.open_file_layer(path, Some(layer));
        }
        self.jobs.spawn(move |_| {
            let layers = crate::sources::open::source_layers(&path);
            JobOutput::SourceLayers(path, layers)
        });
    }

    /// The layers listed: when only one holds objects it opens at once, several are offered
    /// (those with objects ticked), none (or an unreadable file) opens the file so that its
    /// card says why.
    pub(crate) fn source_layers_listed(&mut self, path: PathBuf, layers: Option<Vec<SourceLayer>>) {
        let layers = layers.unwrap_or_default();
        let filled: Vec<&SourceLayer> = layers.iter().filter(|l| l.count > 0).collect();
        match filled.len() {
            0 => self.open_file(path),
            1 => {
                let only = filled[0].name.clone();
                self.open_file_layer(path, Some(only));
            }
            _ => {
                let ticked = layers.iter().map(|l| l.count > 0).collect();
                self.layer_choice.pending = Some((path, layers, ticked));
            }
        }
    }

    /// The user's answer: these layers of the file, each as a layer of the map.
    pub(crate) fn open_chosen(&mut self, path: PathBuf, layers: Vec<String>) {
        self.layer_choice.pending = None;
        for layer in layers {
            self.open_file_layer(path.clone(), Some(layer));
        }
    }

    /// The window listing the layers of a file, every box ticked at first.
    pub(crate) fn layer_choice_ui(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        let Some((path, layers, ticked)) = self.layer_choice.pending.as_mut() else {
            return;
        };
        let file = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        egui::Window::new(tr_args("choose-title", &[("file", &file)]))
            .id(egui::Id::unique("layer-choice"))
            .collapsible(false)
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .show(ctx, |ui: &mut Ui| {
                ui.label(tr("choose-why"));
                egui::ScrollArea::vertical()
                    .max_height(320.0)
                    .show(ui, |ui| {
                        for (layer, on) in layers.iter().zip(ticked.iter_mut()) {
                            let objects = tr_count("choose-objects", layer.count, &[]);
                            ui.checkbox(on, format!("{} ({objects})", layer.name));
                        }
                    });
                ui.horizontal(|ui| {
                    let chosen: Vec<String> = layers
                        .iter()
                        .zip(ticked.iter())
                        .filter(|(_, on)| **on)
                        .map(|(l, _)| l.name.clone())
                        .collect();
                    let open = egui::Button::new(tr_count("choose-open", chosen.len() as u64, &[]));
                    if ui.add_enabled(!chosen.is_empty(), open).clicked() {
                        actions.push(Action::Layers(LayersAction::OpenChosen(
                            path.clone(),
                            chosen,
                        )));
                    }
                    if ui.button(tr("action-cancel")).clicked() {
                        actions.push(Action::Layers(LayersAction::OpenChosen(
                            path.clone(),
                            Vec::new(),
                        )));
                    }
                });
            });
    }
}
