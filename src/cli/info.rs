//! The `info` command's output: one JSON object in the documented key order, or a text summary.

use std::collections::BTreeMap;

use crate::data::{Bitmap, Dataset, GeomKind};
use crate::i18n::{tr, tr_args};

/// The `info --json` object, fields in the documented order.
#[derive(serde::Serialize)]
pub struct Info<'a> {
    source: String,
    features: usize,
    without_geometry: usize,
    geometry_types: BTreeMap<&'static str, usize>,
    crs: Option<&'a str>,
    bbox: Option<[f64; 4]>,
    fields: Vec<InfoField<'a>>,
    issues: &'a [crate::data::LoadIssue],
    /// Every layer of a source that holds several (a GeoPackage), in its own order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layers: Option<Vec<crate::sources::open::SourceLayer>>,
    /// The `--where` text, shown in the text summary only (the JSON schema does not change).
    #[serde(skip)]
    filter: Option<&'a str>,
}

#[derive(serde::Serialize)]
struct InfoField<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    field_type: &'static str,
}

/// Describes `dataset` as the `info --json` object (fields in the documented order).
pub fn info<'a>(source: &str, dataset: &'a Dataset) -> Info<'a> {
    info_filtered(source, dataset, None, None)
}

/// Describes the features of `dataset` that `mask` keeps (all of them without a mask): counts,
/// geometry types and extent cover the kept features; fields and load issues are the dataset's.
/// `filter` is the filter's text, printed by the text summary.
pub fn info_filtered<'a>(
    source: &str,
    dataset: &'a Dataset,
    mask: Option<&Bitmap>,
    filter: Option<&'a str>,
) -> Info<'a> {
    let kept = match mask {
        Some(mask) => Kept::of(dataset, mask.iter_ones()),
        None => Kept::of(dataset, 0..dataset.len()),
    };
    Info {
        source: source.to_string(),
        features: kept.features,
        without_geometry: kept.without_geometry,
        geometry_types: kept.geometry_types,
        crs: dataset.source_crs.as_deref(),
        bbox: kept.bbox,
        fields: dataset
            .columns
            .iter()
            .map(|c| InfoField {
                name: &c.name,
                field_type: c.field_type().name(),
            })
            .collect(),
        issues: &dataset.issues,
        layers: None,
        filter,
    }
}

/// Counts and extent of some rows, in one pass.
#[derive(Default)]
struct Kept {
    features: usize,
    without_geometry: usize,
    geometry_types: BTreeMap<&'static str, usize>,
    bbox: Option<[f64; 4]>,
}

impl Kept {
    fn of(dataset: &Dataset, rows: impl Iterator<Item = usize>) -> Self {
        let geometry = &dataset.geometry;
        let mut kinds = [0usize; 7];
        let mut kept = Self::default();
        for row in rows {
            kept.features += 1;
            let kind = geometry.kind(row);
            kinds[kind as usize] += 1;
            if kind == GeomKind::Empty {
                continue;
            }
            if let Some(b) = geometry.feature_bbox(row) {
                kept.bbox = Some(match kept.bbox {
                    Some(a) => [
                        a[0].min(b[0]),
                        a[1].min(b[1]),
                        a[2].max(b[2]),
                        a[3].max(b[3]),
                    ],
                    None => b,
                });
            }
        }
        kept.without_geometry = kinds[GeomKind::Empty as usize];
        for kind in [
            GeomKind::Point,
            GeomKind::LineString,
            GeomKind::Polygon,
            GeomKind::MultiPoint,
            GeomKind::MultiLineString,
            GeomKind::MultiPolygon,
        ] {
            if kinds[kind as usize] > 0 {
                kept.geometry_types
                    .insert(kind.name(), kinds[kind as usize]);
            }
        }
        kept
    }
}

/// The `info --json` line.
pub fn info_json(info: &Info<'_>) -> String {
    serde_json::to_string(info).unwrap_or_default()
}

/// The `info` text summary.
pub fn info_text(info: &Info<'_>) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let count = |n: usize| n.to_string();
    let _ = writeln!(out, "{}", info.source);
    if let Some(filter) = info.filter {
        let _ = writeln!(out, "  {}", tr_args("info-filter", &[("filter", filter)]));
    }
    let _ = writeln!(
        out,
        "  {}",
        tr_args("info-features", &[("count", &count(info.features))])
    );
    let _ = writeln!(
        out,
        "  {}",
        tr_args(
            "info-without-geometry",
            &[("count", &count(info.without_geometry))]
        )
    );
    for (kind, n) in &info.geometry_types {
        let _ = writeln!(out, "    {kind}: {n}");
    }
    let crs = info.crs.map_or_else(|| tr("info-crs-none"), str::to_string);
    let _ = writeln!(out, "  {}", tr_args("info-crs", &[("crs", &crs)]));
    if let Some(b) = info.bbox {
        let bbox = format!("{:.6}, {:.6}, {:.6}, {:.6}", b[0], b[1], b[2], b[3]);
        let _ = writeln!(out, "  {}", tr_args("info-bbox", &[("bbox", &bbox)]));
    }
    let _ = writeln!(out, "  {}", tr("info-fields"));
    for field in &info.fields {
        let _ = writeln!(out, "    {} ({})", field.name, field.field_type);
    }
    for issue in info.issues {
        let _ = writeln!(out, "  ! {}", issue.message);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::DatasetBuilder;

    fn dataset() -> Dataset {
        let mut b = DatasetBuilder::new(false);
        let commune = b.add_column("commune");
        for (xy, name) in [
            (Some([-0.55, 47.47]), "Angers"),
            (None, "Angers"),
            (Some([-0.60, 47.50]), "Avrillé"),
            (Some([-0.50, 47.40]), "Angers"),
        ] {
            match xy {
                Some(xy) => b.geometry.push_point(xy),
                None => b.geometry.push_empty(),
            }
            b.column(commune).push_text(name);
            b.end_row();
        }
        b.finish(None)
    }

    #[test]
    fn without_a_mask_the_counts_are_the_datasets() {
        let ds = dataset();
        let all = info("d", &ds);
        assert_eq!(all.features, ds.len());
        assert_eq!(all.without_geometry, ds.without_geometry());
        assert_eq!(all.geometry_types, ds.geometry.kind_counts());
        assert_eq!(all.bbox, ds.bbox);
    }

    #[test]
    fn a_mask_restricts_counts_and_extent_only() {
        let ds = dataset();
        let mut mask = Bitmap::new(ds.len(), false);
        mask.set(0, true);
        mask.set(1, true);
        let kept = info_filtered("d", &ds, Some(&mask), Some("commune = \"Angers\""));
        assert_eq!(
            (kept.features, kept.without_geometry),
            (2, 1),
            "one kept feature has no geometry"
        );
        assert_eq!(kept.geometry_types.get("Point"), Some(&1));
        assert_eq!(kept.bbox, Some([-0.55, 47.47, -0.55, 47.47]));
        assert_eq!(kept.fields.len(), 1);
        assert!(info_text(&kept).contains("commune = \"Angers\""));
        let none = info_filtered("d", &ds, Some(&Bitmap::new(ds.len(), false)), None);
        assert_eq!((none.features, none.bbox), (0, None));
        assert!(none.geometry_types.is_empty());
    }
}
