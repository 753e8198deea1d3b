//! Adding what is already on the map asks first: the same file, or the same dataset of the same
//! portal, is added again only when the user says so.

use std::path::PathBuf;

use egui::Ui;

use crate::app::action::{Action, LayersAction};
use crate::app::{LayerSource, TerritoireApp};
use crate::i18n::{tr, tr_args};
use crate::sources::portal::{DatasetMeta, PortalUrl};

/// What waits for the user's answer.
#[derive(Debug)]
pub enum PendingAdd {
    /// Files already open as layers.
    Files(Vec<PathBuf>),
    /// A portal dataset already on the map.
    Portal(PortalUrl, Box<DatasetMeta>),
}

/// The addition waiting for an answer, with the name of the layer that already shows it.
#[derive(Debug, Default)]
pub struct Duplicate {
    pending: Option<(PendingAdd, String)>,
}

impl TerritoireApp {
    /// The layer already showing this file, if any (paths compared once resolved).
    fn layer_of_file(&self, path: &std::path::Path) -> Option<String> {
        let wanted = crate::sources::project_file::absolute(path);
        self.layers.iter().find_map(|l| match &l.source {
            LayerSource::File { path, .. }
                if crate::sources::project_file::absolute(path) == wanted =>
            {
                Some(l.name.clone())
            }
            _ => None,
        })
    }

    /// The layer already showing this dataset of this portal, if any.
    pub(crate) fn layer_of_dataset(&self, portal: &PortalUrl, dataset: &str) -> Option<String> {
        self.layers.iter().find_map(|l| match &l.source {
            LayerSource::Portal { portal: p, request }
                if p == portal && request.dataset == dataset =>
            {
                Some(l.name.clone())
            }
            _ => None,
        })
    }

    /// Opens the files not on the map yet; those that are wait for the user's answer. (The
    /// same file twice in one request was asked for twice: both open.)
    pub(crate) fn open_files(&mut self, paths: Vec<PathBuf>) {
        // A tile file (MBTiles, PMTiles) becomes the basemap rather than a layer.
        let (tiles, paths): (Vec<PathBuf>, Vec<PathBuf>) = paths
            .into_iter()
            .partition(|p| crate::sources::tiles::is_tile_file(p));
        if let Some(tile_file) = tiles.into_iter().last() {
            self.use_tile_file(tile_file);
        }
        let known: Vec<Option<String>> = paths.iter().map(|p| self.layer_of_file(p)).collect();
        let mut again = Vec::new();
        let mut name = None;
        for (path, existing) in paths.into_iter().zip(known) {
            match existing {
                Some(existing) => {
                    name.get_or_insert(existing);
                    again.push(path);
                }
                None => self.open_file_asking(path),
            }
        }
        if let Some(name) = name {
            self.duplicate.pending = Some((PendingAdd::Files(again), name));
        }
    }

    /// A portal dataset already on the map waits for the user's answer.
    pub(crate) fn ask_before_adding(&mut self, portal: PortalUrl, meta: DatasetMeta, name: String) {
        self.duplicate.pending = Some((PendingAdd::Portal(portal, Box::new(meta)), name));
    }

    /// The user's answer: add it again, or leave the map as it is.
    pub(crate) fn answer_duplicate(&mut self, add_again: bool) {
        let Some((pending, _)) = self.duplicate.pending.take() else {
            return;
        };
        if !add_again {
            return;
        }
        match pending {
            PendingAdd::Files(paths) => paths.into_iter().for_each(|p| self.open_file(p)),
            PendingAdd::Portal(portal, meta) => self.request_dataset_again(portal, *meta),
        }
    }

    /// The question, while an addition waits for an answer.
    pub(crate) fn duplicate_ui(&self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        let Some((_, name)) = &self.duplicate.pending else {
            return;
        };
        egui::Window::new(tr("duplicate-title"))
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .show(ctx, |ui: &mut Ui| {
                ui.label(tr_args("duplicate-text", &[("name", name)]));
                ui.horizontal(|ui| {
                    if ui.button(tr("duplicate-add")).clicked() {
                        actions.push(Action::Layers(LayersAction::AnswerDuplicate(true)));
                    }
                    if ui.button(tr("duplicate-skip")).clicked() {
                        actions.push(Action::Layers(LayersAction::AnswerDuplicate(false)));
                    }
                });
            });
    }
}
