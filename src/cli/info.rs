//! The `info` command's output: one JSON object in the documented key order, or a text summary.

use crate::data::Dataset;
use crate::i18n::{tr, tr_args};

/// The `info --json` object, fields in the documented order.
#[derive(serde::Serialize)]
pub struct Info<'a> {
    source: String,
    features: usize,
    without_geometry: usize,
    geometry_types: std::collections::BTreeMap<&'static str, usize>,
    crs: Option<&'a str>,
    bbox: Option<[f64; 4]>,
    fields: Vec<InfoField<'a>>,
    issues: &'a [crate::data::LoadIssue],
}

#[derive(serde::Serialize)]
struct InfoField<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    field_type: &'static str,
}

/// Describes `dataset` as the `info --json` object (fields in the documented order).
pub fn info<'a>(source: &str, dataset: &'a Dataset) -> Info<'a> {
    Info {
        source: source.to_string(),
        features: dataset.len(),
        without_geometry: dataset.without_geometry(),
        geometry_types: dataset.geometry.kind_counts(),
        crs: dataset.source_crs.as_deref(),
        bbox: dataset.bbox,
        fields: dataset
            .columns
            .iter()
            .map(|c| InfoField {
                name: &c.name,
                field_type: c.field_type().name(),
            })
            .collect(),
        issues: &dataset.issues,
    }
}

/// The `info --json` line.
pub fn info_json(source: &str, dataset: &Dataset) -> String {
    serde_json::to_string(&info(source, dataset)).unwrap_or_default()
}

/// The `info` text summary.
pub fn info_text(source: &str, dataset: &Dataset) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let count = |n: usize| n.to_string();
    let _ = writeln!(out, "{source}");
    let _ = writeln!(
        out,
        "  {}",
        tr_args("info-features", &[("count", &count(dataset.len()))])
    );
    let _ = writeln!(
        out,
        "  {}",
        tr_args(
            "info-without-geometry",
            &[("count", &count(dataset.without_geometry()))]
        )
    );
    for (kind, n) in dataset.geometry.kind_counts() {
        let _ = writeln!(out, "    {kind}: {n}");
    }
    let crs = dataset
        .source_crs
        .clone()
        .unwrap_or_else(|| tr("info-crs-none"));
    let _ = writeln!(out, "  {}", tr_args("info-crs", &[("crs", &crs)]));
    if let Some(b) = dataset.bbox {
        let bbox = format!("{:.6}, {:.6}, {:.6}, {:.6}", b[0], b[1], b[2], b[3]);
        let _ = writeln!(out, "  {}", tr_args("info-bbox", &[("bbox", &bbox)]));
    }
    let _ = writeln!(out, "  {}", tr("info-fields"));
    for c in &dataset.columns {
        let _ = writeln!(out, "    {} ({})", c.name, c.field_type().name());
    }
    for issue in &dataset.issues {
        let _ = writeln!(out, "  ! {}", issue.message);
    }
    out
}
