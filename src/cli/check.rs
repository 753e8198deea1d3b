//! `territoire check`: the data-quality report of a source, as one JSON object or as text.

use std::path::PathBuf;
use std::process::ExitCode;

use super::Failure;
use crate::analysis::quality::{QualityReport, quality_report};
use crate::i18n::{tr, tr_args, tr_count};
use crate::sources::open::LoadOptions;

/// What `territoire check` was asked to do.
#[derive(Debug, PartialEq, clap::Args)]
pub struct CheckArgs {
    /// The file to check.
    pub source: PathBuf,
    /// The identifier field whose repeated values are reported (a field named `id` otherwise).
    #[arg(long)]
    pub key: Option<String>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
    /// CRS of a file that declares none.
    #[arg(long)]
    pub crs: Option<String>,
    /// The layer to check in a file that holds several.
    #[arg(long)]
    pub layer: Option<String>,
}

/// The `check --json` object.
#[derive(serde::Serialize)]
struct Output<'a> {
    source: String,
    #[serde(flatten)]
    report: &'a QualityReport,
}

/// Loads, checks, prints.
pub fn run(args: CheckArgs) -> Result<ExitCode, Failure> {
    let options = LoadOptions {
        crs: args.crs,
        layer: args.layer,
        keep_unplaced: false,
        ..Default::default()
    };
    let (label, dataset) = super::load_source(&args.source, options, None)?;
    if let Some(key) = &args.key
        && dataset.column(key).is_none()
    {
        return Err(Failure::usage(tr_args("cli-check-key", &[("field", key)])));
    }
    let report = quality_report(&dataset, args.key.as_deref());
    let text = if args.json {
        let output = Output {
            source: label,
            report: &report,
        };
        serde_json::to_string(&output).unwrap_or_default() + "\n"
    } else {
        report_text(&label, &report)
    };
    super::print_out(text.as_bytes())
}

/// The report in words: one line per check, the rows found first for each.
fn report_text(source: &str, report: &QualityReport) -> String {
    let mut out = tr_args(
        "cli-check-title",
        &[
            ("source", source),
            (
                "features",
                &crate::i18n::format_count(report.features as u64),
            ),
        ],
    ) + "\n";
    for check in &report.checks {
        let key = check.id.locale_key();
        let count = crate::i18n::format_count(check.count as u64);
        let mut line = format!(
            "  {}",
            tr_args("cli-check-line", &[("check", &tr(key)), ("count", &count)])
        );
        if !check.examples.is_empty() {
            let rows: Vec<String> = check.examples.iter().map(|r| (r + 1).to_string()).collect();
            line += &format!(
                " ({})",
                tr_args("cli-check-rows", &[("rows", &rows.join(", "))])
            );
        }
        if !check.fields.is_empty() {
            line += &format!(" ({})", check.fields.join(", "));
        }
        if let Some(swapped) = check.swapped.filter(|&n| n > 0) {
            line += &format!(" — {}", tr_count("cli-check-swapped", swapped as u64, &[]));
        }
        out += &line;
        out.push('\n');
    }
    out
}
