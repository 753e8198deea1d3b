//! The data-quality panel of a layer: its report computed in the background, each check able to
//! select its rows on the map and in the attribute table, the report written as CSV.

mod action;
mod ui;

pub use action::QualityAction;

use std::path::PathBuf;
use std::sync::Arc;

use crate::analysis::quality::{CheckId, QualityReport, quality_report};
use crate::app::{JobOutput, LayerId, TerritoireApp};
use crate::jobs::JobId;
use crate::sources::export_file::ExportError;

/// The panel: the layer checked, its report once computed, the last export.
#[derive(Debug, Default)]
pub struct QualityPanel {
    /// The layer checked, while the panel is open.
    pub layer: Option<LayerId>,
    /// Its report, once computed.
    pub report: Option<Arc<QualityReport>>,
    /// The last export: file, or why it failed.
    pub notice: Option<Result<PathBuf, ExportError>>,
    job: Option<JobId>,
}

impl QualityPanel {
    /// True while the report is computed.
    pub fn is_computing(&self) -> bool {
        self.job.is_some()
    }
}

impl TerritoireApp {
    /// Opens the panel on a layer and computes its report in the background.
    pub(crate) fn show_quality(&mut self, id: LayerId) {
        let Some(dataset) = self.layer(id).and_then(|l| l.dataset.clone()) else {
            return;
        };
        let job = self
            .jobs
            .spawn(move |_| JobOutput::Quality(id, Arc::new(quality_report(&dataset, None))));
        self.quality = QualityPanel {
            layer: Some(id),
            report: None,
            notice: None,
            job: Some(job),
        };
    }

    /// A report arrived; one for a layer no longer shown is dropped.
    pub(crate) fn quality_arrived(&mut self, job: JobId, id: LayerId, report: Arc<QualityReport>) {
        if self.quality.job == Some(job) && self.quality.layer == Some(id) {
            self.quality.report = Some(report);
            self.quality.job = None;
        }
    }

    /// Selects the rows a check found, in the attribute table and on the map.
    pub(crate) fn select_check(&mut self, check: CheckId) {
        let (Some(id), Some(report)) = (self.quality.layer, self.quality.report.clone()) else {
            return;
        };
        let Some(rows) = report
            .checks
            .iter()
            .find(|c| c.id == check)
            .map(|c| c.rows.clone())
        else {
            return;
        };
        self.show_table(id);
        self.select_rows(rows, false, true);
    }

    /// Writes the report as CSV (asking where first when `path` is `None`), in the background.
    pub(crate) fn export_quality(&mut self, path: Option<PathBuf>) {
        let (Some(id), Some(report)) = (self.quality.layer, self.quality.report.clone()) else {
            return;
        };
        let name = self.layer(id).map_or_else(String::new, |l| l.name.clone());
        let default_name = format!("{} - {name}.csv", crate::i18n::tr("quality-file-name"));
        self.jobs.spawn(move |_| {
            let Some(path) =
                path.or_else(|| crate::sources::dialog::save_file(&default_name, "csv"))
            else {
                return JobOutput::QualityExported(None);
            };
            let written = crate::sources::quality_csv::export_quality(&report, &path)
                .map(|()| path.clone())
                .map_err(|e| ExportError::new(&path, &e));
            JobOutput::QualityExported(Some(written))
        });
    }
}
