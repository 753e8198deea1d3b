//! The data-quality report of a layer: invalid and empty geometries, features outside the
//! metropolis (swapped latitude/longitude detected), duplicate geometries and identifiers, empty
//! fields and text that looks mis-decoded — each check with its count and a few example rows.
//!
//! ```
//! use territoire::analysis::quality::{quality_report, CheckId};
//! use territoire::data::DatasetBuilder;
//! let mut b = DatasetBuilder::new(true);
//! b.geometry.push_point([-0.55, 47.47]);
//! b.end_row();
//! b.geometry.push_empty();
//! b.end_row();
//! let report = quality_report(&b.finish(None), None);
//! let empty = report.checks.iter().find(|c| c.id == CheckId::EmptyGeometry).expect("check");
//! assert_eq!((empty.count, empty.examples.clone()), (1, vec![1]));
//! ```

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use geo::Validation;

use crate::data::{ColumnData, Dataset, GeomKind, Value};

/// Example rows kept per check.
const EXAMPLES: usize = 10;

/// The extent of Angers Loire Métropole, with a margin, `[min_lon, min_lat, max_lon, max_lat]`.
pub const METROPOLIS_BBOX: [f64; 4] = [-0.85, 47.30, -0.30, 47.68];

/// What a check looks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckId {
    /// Self-intersection, an unclosed or too short ring, a line of one position.
    InvalidGeometry,
    /// No geometry.
    EmptyGeometry,
    /// Outside the metropolis's extent.
    OutOfTerritory,
    /// The same geometry as an earlier feature.
    DuplicateGeometry,
    /// The same identifier as an earlier feature.
    DuplicateId,
    /// A column without any value (its rows are not listed).
    EmptyField,
    /// Text such as "Ã©" where "é" was meant.
    SuspectEncoding,
}

impl CheckId {
    /// The locale key naming the check.
    pub fn locale_key(self) -> &'static str {
        match self {
            Self::InvalidGeometry => "check-invalid-geometry",
            Self::EmptyGeometry => "check-empty-geometry",
            Self::OutOfTerritory => "check-out-of-territory",
            Self::DuplicateGeometry => "check-duplicate-geometry",
            Self::DuplicateId => "check-duplicate-id",
            Self::EmptyField => "check-empty-field",
            Self::SuspectEncoding => "check-suspect-encoding",
        }
    }
}

/// One check's outcome.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Check {
    /// What was looked for.
    pub id: CheckId,
    /// How many features (or, for empty fields, columns) it found.
    pub count: usize,
    /// The first rows found, at most ten.
    pub examples: Vec<usize>,
    /// Out of territory: how many would be inside with latitude and longitude swapped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub swapped: Option<usize>,
    /// Empty fields: their names.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
    /// Every row found (to select them on the map), not written out.
    #[serde(skip)]
    pub rows: Vec<usize>,
}

/// Every check of a dataset.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct QualityReport {
    /// Features looked at.
    pub features: usize,
    /// The checks, in the documented order.
    pub checks: Vec<Check>,
}

/// The rows a check finds.
#[derive(Default)]
struct Found {
    rows: Vec<usize>,
}

impl Found {
    fn add(&mut self, row: usize) {
        self.rows.push(row);
    }

    fn check(self, id: CheckId) -> Check {
        Check {
            id,
            count: self.rows.len(),
            examples: self.rows.iter().copied().take(EXAMPLES).collect(),
            swapped: None,
            fields: Vec::new(),
            rows: self.rows,
        }
    }
}

/// The report of `ds`; duplicate identifiers are looked for in `key`, else in a field named `id`.
pub fn quality_report(ds: &Dataset, key: Option<&str>) -> QualityReport {
    let (mut invalid, mut empty, mut outside, mut twins) = Default::default();
    let mut swapped = 0;
    let mut seen: HashMap<Vec<u64>, usize> = HashMap::new();
    let g = &ds.geometry;
    for row in 0..ds.len() {
        if g.kind(row) == GeomKind::Empty {
            Found::add(&mut empty, row);
            continue;
        }
        if !is_valid(ds, row) {
            Found::add(&mut invalid, row);
        }
        if let Some(b) = g.feature_bbox(row)
            && !overlaps(b, METROPOLIS_BBOX)
        {
            Found::add(&mut outside, row);
            swapped += usize::from(overlaps([b[1], b[0], b[3], b[2]], METROPOLIS_BBOX));
        }
        let bits: Vec<u64> = g
            .feature_coords(row)
            .iter()
            .flat_map(|c| [c[0].to_bits(), c[1].to_bits()])
            .collect();
        match seen.entry(bits) {
            Entry::Occupied(_) => Found::add(&mut twins, row),
            Entry::Vacant(slot) => {
                slot.insert(row);
            }
        }
    }
    let mut outside = Found::check(outside, CheckId::OutOfTerritory);
    outside.swapped = (outside.count > 0).then_some(swapped);
    QualityReport {
        features: ds.len(),
        checks: vec![
            Found::check(invalid, CheckId::InvalidGeometry),
            Found::check(empty, CheckId::EmptyGeometry),
            outside,
            Found::check(twins, CheckId::DuplicateGeometry),
            duplicate_ids(ds, key),
            empty_fields(ds),
            suspect_encoding(ds),
        ],
    }
}

fn overlaps(a: [f64; 4], b: [f64; 4]) -> bool {
    a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]
}

/// Rings closed with at least four positions, lines of two, and geo's validity (no
/// self-intersection, holes inside their shell).
fn is_valid(ds: &Dataset, row: usize) -> bool {
    let g = &ds.geometry;
    let kind = g.kind(row);
    let shapes_ok = g.parts(row).all(|mut rings| {
        rings.all(|ring| match kind {
            _ if kind.is_areal() => ring.len() >= 4 && ring.first() == ring.last(),
            _ if kind.is_lineal() => ring.len() >= 2,
            _ => !ring.is_empty(),
        })
    });
    shapes_ok && g.to_geo(row).is_some_and(|geometry| geometry.is_valid())
}

/// Rows whose identifier (non-empty) repeats an earlier one.
fn duplicate_ids(ds: &Dataset, key: Option<&str>) -> Check {
    let column = match key {
        Some(name) => ds.column(name),
        None => ds
            .columns
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case("id")),
    };
    let mut found = Found::default();
    if let Some(column) = column {
        let mut seen = std::collections::HashSet::new();
        for row in 0..ds.len() {
            let value = column.value(row);
            if value != Value::Null && !seen.insert(value.to_string()) {
                found.add(row);
            }
        }
    }
    found.check(CheckId::DuplicateId)
}

/// Columns without a single value.
fn empty_fields(ds: &Dataset) -> Check {
    let fields: Vec<String> = ds
        .columns
        .iter()
        .filter(|c| {
            (0..c.len()).all(|row| c.value(row) == Value::Null || c.value(row) == Value::Text(""))
        })
        .map(|c| c.name.clone())
        .collect();
    Check {
        id: CheckId::EmptyField,
        count: fields.len(),
        examples: Vec::new(),
        swapped: None,
        fields,
        rows: Vec::new(),
    }
}

/// UTF-8 read as Windows-1252 or Latin-1 leaves these pairs where accented letters were.
const MOJIBAKE: [&str; 12] = [
    "Ã©", "Ã¨", "Ãª", "Ã ", "Ã§", "Ã´", "Ã®", "Ã¹", "Ã‰", "Ã€", "â€™", "Ã¢",
];

/// Rows with a text value that looks mis-decoded (each dictionary entry is looked at once).
fn suspect_encoding(ds: &Dataset) -> Check {
    let mut rows = vec![false; ds.len()];
    for column in &ds.columns {
        if let ColumnData::Text { dictionary, codes } = &column.data {
            let bad: Vec<bool> = dictionary
                .iter()
                .map(|t| MOJIBAKE.iter().any(|m| t.contains(m)))
                .collect();
            if !bad.contains(&true) {
                continue;
            }
            for (row, &code) in codes.iter().enumerate() {
                if bad.get(code as usize).copied().unwrap_or(false) {
                    rows[row] = true;
                }
            }
        }
    }
    let mut found = Found::default();
    rows.iter()
        .enumerate()
        .filter(|(_, b)| **b)
        .for_each(|(row, _)| found.add(row));
    found.check(CheckId::SuspectEncoding)
}
