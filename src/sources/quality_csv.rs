//! Writes a data-quality report as CSV for French spreadsheets: one line per check with its
//! name in the interface language, its count and the rows it found (numbered from 1).

use std::path::Path;

use super::atomic_file::write_atomically;
use super::csv::CsvDialect;
use crate::analysis::quality::QualityReport;
use crate::i18n::tr;

/// Writes `report` to `path`; the file appears complete or not at all.
pub fn export_quality(report: &QualityReport, path: &Path) -> std::io::Result<()> {
    write_atomically(path, |out| {
        let mut w = CsvDialect::FRENCH.writer(out)?;
        w.write_record([
            tr("quality-csv-check"),
            tr("quality-csv-label"),
            tr("quality-csv-count"),
            tr("quality-csv-rows"),
        ])?;
        for check in &report.checks {
            let id = serde_json::to_value(check.id)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            let rows: Vec<String> = if check.fields.is_empty() {
                check.rows.iter().map(|r| (r + 1).to_string()).collect()
            } else {
                check.fields.clone()
            };
            w.write_record([
                id,
                tr(check.id.locale_key()),
                check.count.to_string(),
                rows.join(" "),
            ])?;
        }
        w.flush()
    })
}
