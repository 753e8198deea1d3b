//! Per-frame logic: hands each finished job to its feature, takes dropped files, converts the
//! cursor position.

use super::{JobOutput, TerritoireApp};
use crate::app::action::{Action, LayersAction};

impl TerritoireApp {
    /// Applies every finished job; results for removed or reloaded layers are dropped.
    pub(super) fn drain_jobs(&mut self) {
        while let Some((job, output)) = self.jobs.try_recv() {
            self.job_done(job, output);
        }
    }

    /// Hands one finished job to the feature that started it.
    fn job_done(&mut self, job: crate::jobs::JobId, output: JobOutput) {
        match output {
            JobOutput::Picked(paths) => {
                if paths.is_empty() {
                    // The dialog was cancelled: nothing waits for a file any more.
                    self.change.new_from_file = false;
                } else {
                    self.apply(Action::Layers(LayersAction::OpenFiles(paths)));
                }
            }
            JobOutput::SourceLayers(path, layers) => self.source_layers_listed(path, layers),
            JobOutput::Quality(layer, report) => self.quality_arrived(job, layer, report),
            JobOutput::Basemap(output) => self.basemap_job_done(output),
            JobOutput::QualityExported(notice) => {
                if notice.is_some() {
                    self.quality.notice = notice;
                }
            }
            JobOutput::Loaded(result) => self.layer_loaded(job, result),
            output @ (JobOutput::ViewLoaded(..)
            | JobOutput::InternalCount(..)
            | JobOutput::InternalTables(..)
            | JobOutput::InternalItemCount(..)
            | JobOutput::InternalItems(..)) => self.internal_job_done(job, output),
            JobOutput::Catalog(result) => self.catalog_arrived(job, result),
            JobOutput::PortalMeta(result) => match result {
                Ok((portal, meta)) => self.request_dataset(portal, meta),
                Err(error) => self.portal.notice = Some(error.to_string()),
            },
            JobOutput::PortalLoaded(result) => {
                self.portal_layer_arrived(job, result);
                self.apply_pending_filters();
            }
            JobOutput::Notice(message) => self.portal.notice = Some(message),
            JobOutput::CacheCleared(dataset, result) => self.cache_cleared(dataset, result),
            JobOutput::FilterMask {
                layer,
                spec,
                result,
            } => self.filter_mask_arrived(job, layer, spec, result),
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
            JobOutput::Autosaved | JobOutput::ProjectSaveTarget(None) => {}
            JobOutput::ProjectSaveTarget(Some(path)) => self.write_project(path),
            JobOutput::ProjectSaved(path, result) => self.project_saved(path, result),
            JobOutput::Relocated(id, Some(path)) => self.relocate(id, path),
            JobOutput::Relocated(_, None) => {}
            JobOutput::MapExportTarget(path) => self.map_export_target(path),
            JobOutput::MapExported(result) => self.map_exported(result),
            JobOutput::ZoneStats(table, others, in_database) => {
                self.zone_stats_arrived(job, table, others, in_database);
            }
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
            self.apply(Action::Layers(LayersAction::OpenFiles(dropped)));
        }
    }

    /// Records read so far by a loading layer's job.
    pub fn load_items(&self, job: crate::jobs::JobId) -> u64 {
        self.jobs.progress(job).map_or(0, |p| p.items())
    }

    /// Bytes read so far by a loading layer's job (a download of unknown length shows them).
    pub fn load_bytes(&self, job: crate::jobs::JobId) -> u64 {
        self.jobs.progress(job).map_or(0, |p| p.done())
    }

    /// Progress of a loading layer's job (0–1), when known.
    pub fn load_progress(&self, job: crate::jobs::JobId) -> Option<f32> {
        self.jobs.progress(job).and_then(|p| p.fraction())
    }

    /// The cursor in Lambert-93 metres (closed form, within a millimetre of PROJ, without
    /// opening its database for the status bar).
    pub fn cursor_lambert93(&self) -> Option<[f64; 2]> {
        self.cursor.map(crate::data::lambert93::to_lambert93)
    }
}
