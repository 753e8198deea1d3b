//! Loading layers: the file dialog, a file opened as a new layer in the background, the demo,
//! a layer loaded again, and the feature under a click.

use std::path::PathBuf;
use std::sync::Arc;

use crate::app::layers::{LayerError, LayerSource, default_style, display_name};
use crate::app::{Identified, JobOutput, Layer, LayerId, LayerState, TerritoireApp};
use crate::data::hit::hit_test;
use crate::sources::LoadOptions;

impl TerritoireApp {
    /// Shows the native file dialog in the background; the files picked come back as a job.
    pub(crate) fn show_open_dialog(&mut self) {
        if !self.native_dialogs() {
            return self.ask_path();
        }
        self.jobs
            .spawn(|_| JobOutput::Picked(crate::sources::dialog::pick_files()));
    }

    /// Opens the demo: its project when there is one, else its files one by one.
    pub(crate) fn open_demo(&mut self) {
        match crate::sources::demo::demo_project() {
            Some(project) => self.open_project_file(Some(project)),
            None => crate::sources::demo::demo_files()
                .into_iter()
                .for_each(|p| self.open_file(p)),
        }
    }

    pub(crate) fn open_file(&mut self, path: PathBuf) {
        self.open_file_layer(path, None);
    }

    /// Opens one layer of a file (`layer`: a table of a GeoPackage; `None`: the file's only or
    /// first layer), named after the file and the table.
    pub(crate) fn open_file_layer(&mut self, path: PathBuf, layer: Option<String>) {
        let id = LayerId(self.next_layer_id);
        self.next_layer_id += 1;
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let name = match &layer {
            Some(table) => format!("{} — {table}", display_name(&path)),
            None => display_name(&path),
        };
        let options = LoadOptions {
            crs: self.start.crs.clone(),
            layer,
            keep_unplaced: false,
            ..Default::default()
        };
        let job = self.spawn_load(path.clone(), options.clone());
        self.layers.push(Layer::new(
            id,
            name,
            default_style(&stem, self.layers.len()),
            LayerSource::File { path, options },
            LayerState::Loading { job },
        ));
        self.fit.add(id);
        if std::mem::take(&mut self.change.new_from_file) {
            // Asked from the change view: this file is the new version to compare.
            self.change.new = Some(crate::app::change::Version::Layer(id));
        }
    }

    pub(crate) fn spawn_load(&mut self, path: PathBuf, options: LoadOptions) -> crate::jobs::JobId {
        self.jobs.spawn(move |progress| {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                crate::sources::load_path(&path, &options, progress)
            }));
            JobOutput::Loaded(match result {
                Ok(Ok(dataset)) => Ok(Arc::new(dataset)),
                Ok(Err(e)) => Err(e.into()),
                Err(_) => Err(LayerError::Internal),
            })
        })
    }

    pub(crate) fn reload(&mut self, id: LayerId, crs: Option<String>) {
        let Some(source) = self.layer(id).map(|l| l.source.clone()) else {
            return;
        };
        if let LayerState::Loading { job } = self.layer(id).map_or(&LayerState::Ready, |l| &l.state)
        {
            self.jobs.cancel(*job);
        }
        let (job, source) = match source {
            LayerSource::File { path, mut options } => {
                options.crs = crs;
                let job = self.spawn_load(path.clone(), options.clone());
                (job, LayerSource::File { path, options })
            }
            LayerSource::Portal { portal, request } => {
                let job = self.spawn_portal_load(portal.clone(), request.clone());
                (job, LayerSource::Portal { portal, request })
            }
            LayerSource::Internal(layer) if layer.follows_map => {
                let job = self.spawn_view_load(id, &layer);
                (job, LayerSource::Internal(layer))
            }
            LayerSource::Internal(layer) => {
                let job = self.spawn_internal_load(layer.clone());
                (job, LayerSource::Internal(layer))
            }
        };
        if let Some(layer) = self.layer_mut(id) {
            layer.source = source;
            layer.state = LayerState::Loading { job };
        }
    }

    /// Top layer first: the first feature found under the click is shown.
    pub(crate) fn identify(&mut self, lon_lat: [f64; 2], tolerance: f64) {
        self.identified = self
            .layers
            .iter()
            .rev()
            .filter(|l| l.visible)
            .find_map(|layer| {
                let ds = layer.dataset.as_ref()?;
                let shown = layer
                    .filter
                    .as_ref()
                    .filter(|_| layer.filter_mode == super::FilterMode::Hide)
                    .map(|f| f.mask.as_ref());
                let feature = hit_test(ds, lon_lat, tolerance, shown)?;
                let attributes = ds
                    .columns
                    .iter()
                    .map(|c| (c.name.clone(), c.value(feature).shown()))
                    .collect();
                Some(Identified {
                    layer: layer.id,
                    feature,
                    attributes,
                })
            });
        // A feature clicked on the map is selected in its open attribute table.
        if let (Some(found), Some(table)) = (&self.identified, self.table.as_mut())
            && table.layer == found.layer
        {
            table.selected.clear();
            table.selected.insert(found.feature);
            table.scroll_to = Some(found.feature);
        }
    }

    /// A file layer's load finished; a result for a layer removed or reloaded since is dropped.
    pub(crate) fn layer_loaded(
        &mut self,
        job: crate::jobs::JobId,
        result: Result<Arc<crate::data::Dataset>, LayerError>,
    ) {
        let Some(layer) = self.layer_loading_by(job) else {
            return;
        };
        match result {
            Ok(dataset) => {
                layer.dataset = Some(dataset);
                layer.state = LayerState::Ready;
                let id = layer.id;
                self.refilter(id);
                self.apply_pending_filters();
                self.fit_when_loaded(id);
            }
            Err(error) => {
                log::warn!("{}: {error:?}", layer.source.describe());
                layer.state = LayerState::Failed(error);
                let id = layer.id;
                self.fit_when_loaded(id);
            }
        }
    }

    /// The layer a load job is loading; none when it was removed or reloaded since.
    pub(crate) fn layer_loading_by(&mut self, job: crate::jobs::JobId) -> Option<&mut Layer> {
        self.layers
            .iter_mut()
            .find(|l| matches!(l.state, LayerState::Loading { job: j } if j == job))
    }
}
