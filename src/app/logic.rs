//! Per-frame logic: drains finished jobs, takes dropped files, converts the cursor position.

use super::{JobOutput, LayerState, TerritoireApp};
use crate::action::Action;

impl TerritoireApp {
    /// Applies every finished job; results for removed or reloaded layers are dropped.
    pub(super) fn drain_jobs(&mut self) {
        while let Some((job, output)) = self.jobs.try_recv() {
            match output {
                JobOutput::Picked(paths) => {
                    if !paths.is_empty() {
                        self.apply(Action::OpenFiles(paths));
                    }
                }
                JobOutput::Loaded(result) => {
                    let Some(layer) = self
                        .layers
                        .iter_mut()
                        .find(|l| matches!(l.state, LayerState::Loading { job: j } if j == job))
                    else {
                        continue;
                    };
                    match result {
                        Ok(dataset) => {
                            layer.dataset = Some(dataset);
                            layer.state = LayerState::Ready;
                        }
                        Err(message) => {
                            log::warn!("{}: {message}", layer.path.display());
                            layer.state = LayerState::Failed(message);
                        }
                    }
                }
            }
        }
    }

    /// Files dropped on the window become layers.
    pub(super) fn take_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<_> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if !dropped.is_empty() {
            self.apply(Action::OpenFiles(dropped));
        }
    }

    /// Progress of a loading layer's job (0–1), when known.
    pub fn load_progress(&self, job: crate::jobs::JobId) -> Option<f32> {
        self.jobs.progress(job).and_then(|p| p.fraction())
    }

    /// The cursor in Lambert-93 metres, when PROJ can convert it.
    pub fn cursor_lambert93(&mut self) -> Option<[f64; 2]> {
        let lon_lat = self.cursor?;
        let converter = self.lambert93.get_or_insert_with(|| {
            crate::sources::crs::PointConverter::from_wgs84("EPSG:2154").ok()
        });
        converter.as_ref()?.convert(lon_lat)
    }
}
