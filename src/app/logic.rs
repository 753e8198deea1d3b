//! Per-frame logic: drains finished jobs, takes dropped files, converts the cursor position.

use super::portal::CatalogState;
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
                JobOutput::Catalog(result) => self.catalog_arrived(job, result),
                JobOutput::PortalMeta(result) => match result {
                    Ok((portal, meta)) => self.request_dataset(portal, meta),
                    Err(message) => self.portal.notice = Some(message),
                },
                JobOutput::PortalLoaded(result) => {
                    self.portal_layer_arrived(job, result);
                    self.apply_pending_filters();
                }
                JobOutput::Notice(message) => self.portal.notice = Some(message),
                JobOutput::CacheCleared(dataset, result) => match result {
                    Ok(()) => {
                        self.portal.cache_sizes.insert(dataset, 0);
                    }
                    Err(message) => self.portal.notice = Some(message),
                },
                JobOutput::FilterMask {
                    layer,
                    spec,
                    result,
                } => {
                    if self.layer(layer).is_some_and(|l| l.filter_job == Some(job)) {
                        if let Some(l) = self.layer_mut(layer) {
                            l.filter_job = None;
                        }
                        self.filter_evaluated(layer, spec, result);
                    }
                }
                JobOutput::Addresses {
                    local,
                    query,
                    result,
                } => self.addresses_arrived(job, local, query, result),
                JobOutput::Exported(result) => {
                    if let (Some(table), Some(result)) = (self.table.as_mut(), result) {
                        table.notice = Some(result);
                    }
                }
                JobOutput::ProjectRead(read) => self.project_read(read),
                JobOutput::AutosaveFound(found) => self.autosave.offer = found,
                JobOutput::Autosaved => {}
                JobOutput::ProjectSaveTarget(Some(path)) => self.write_project(path),
                JobOutput::ProjectSaveTarget(None) => {}
                JobOutput::ProjectSaved(path, result) => self.project_saved(path, result),
                JobOutput::Relocated(id, Some(path)) => self.relocate(id, path),
                JobOutput::Relocated(_, None) => {}
                JobOutput::MapExportTarget(path) => self.map_export_target(path),
                JobOutput::MapExported(result) => self.map_exported(result),
                JobOutput::ZoneStats(table, others) => self.zone_stats_arrived(job, table, others),
                JobOutput::ZonesExported(result) => {
                    if result.is_some() {
                        self.zone_stats.notice = result;
                    }
                }
                JobOutput::Change(output) => self.change_arrived(job, output),
                JobOutput::TableRows(layer, query, rows) => {
                    self.table_rows_arrived(job, layer, query, rows);
                }
                JobOutput::FieldSummary(layer, field, summary) => {
                    self.summary_arrived(layer, field, summary);
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
                            let id = layer.id;
                            self.refilter(id);
                            self.apply_pending_filters();
                        }
                        Err(message) => {
                            log::warn!("{}: {message}", layer.source.describe());
                            layer.state = LayerState::Failed(message);
                        }
                    }
                }
            }
        }
    }

    fn catalog_arrived(&mut self, job: crate::jobs::JobId, result: super::CatalogResult) {
        if !matches!(self.portal.state, CatalogState::Loading(j) if j == job) {
            return; // An older search, replaced since.
        }
        match result {
            Ok((page, facets, sizes)) => {
                self.portal.page = page;
                self.portal.facets = facets;
                self.portal.cache_sizes = sizes;
                self.portal.state = CatalogState::Ready;
            }
            Err(message) => self.portal.state = CatalogState::Failed(message),
        }
    }

    fn portal_layer_arrived(
        &mut self,
        job: crate::jobs::JobId,
        result: Result<(std::sync::Arc<crate::data::Dataset>, super::Provenance), String>,
    ) {
        let Some(layer) = self
            .layers
            .iter_mut()
            .find(|l| matches!(l.state, LayerState::Loading { job: j } if j == job))
        else {
            return;
        };
        match result {
            Ok((dataset, mut provenance)) => {
                // Bytes add up over the session's reloads.
                provenance.bytes_this_session += layer
                    .provenance
                    .as_ref()
                    .map_or(0, |p| p.bytes_this_session);
                self.portal
                    .cache_sizes
                    .insert(provenance.dataset.clone(), provenance.cache_bytes);
                // A dataset without any position is a table: show it as one.
                let table_only = !dataset.is_empty() && dataset.without_geometry() == dataset.len();
                layer.keep_previous_copy(&provenance);
                layer.dataset = Some(dataset);
                layer.provenance = Some(provenance);
                layer.state = LayerState::Ready;
                let id = layer.id;
                if table_only {
                    self.show_table(id);
                }
                self.refilter(id);
            }
            Err(message) => {
                log::warn!("{}: {message}", layer.source.describe());
                layer.state = LayerState::Failed(message);
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

    /// Records read so far by a loading layer's job.
    pub fn load_items(&self, job: crate::jobs::JobId) -> u64 {
        self.jobs.progress(job).map_or(0, |p| p.items())
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
