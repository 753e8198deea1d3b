//! Statistics per zone: how many (filtered) features of a layer fall in each zone of a zone
//! layer, their share, their density per km² (Lambert-93 areas), the share within a distance of
//! another layer, the rate per 1 000 addresses, and the sum and mean of a numeric field.

use crate::data::lambert93::to_lambert93;
use crate::data::{Bitmap, Column, ColumnData, Dataset, Value};
use crate::filter::spatial::assign_zones;

/// What secondary suppression decided for one count, and under which threshold.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Protection {
    /// The threshold the decision was taken for; 0 before any. Under another threshold the
    /// count and its figures are withheld: a table never shows more than was decided.
    pub threshold: usize,
    /// Withheld although not under the threshold, so that no hidden count can be derived.
    pub withheld: bool,
}

impl Protection {
    /// True when the count must not be shown under `threshold` (besides being under it).
    pub fn withholds(self, threshold: usize) -> bool {
        self.threshold != threshold || self.withheld
    }
}

/// One zone's figures.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ZoneStat {
    /// The zone's row in the zone layer.
    #[serde(skip)]
    pub row: usize,
    /// Its identifier (a code field, else its number).
    pub id: String,
    /// Its name.
    pub name: String,
    /// Features counted in it.
    pub count: usize,
    /// `count` over every feature counted (0 when none).
    pub share: f64,
    /// Its area in km², measured in Lambert-93.
    #[serde(skip)]
    pub area_km2: f64,
    /// Features per km².
    pub per_km2: f64,
    /// Share of its features within the distance of the other layer, when asked.
    pub near_share: Option<f64>,
    /// Its features farther than the distance, when asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beyond: Option<usize>,
    /// Addresses in it (those the address layer's filter keeps), when an address layer is given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub addresses: Option<usize>,
    /// Features per 1 000 addresses; `None` without any address in the zone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_1000_addresses: Option<f64>,
    /// Sum of the field over its features (empty cells ignored), when a field is given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sum: Option<f64>,
    /// Mean of the field over its features that have a value; `None` when none has.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean: Option<f64>,
    /// What secondary suppression decided for its count ([`ZoneTable::protect`]).
    #[serde(skip)]
    pub protection: Protection,
}

/// The figures of every zone.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ZoneTable {
    /// One entry per polygon of the zone layer, in its order.
    pub zones: Vec<ZoneStat>,
    /// Features counted (those the filter keeps).
    pub total: usize,
    /// Counted features in no zone (or without geometry).
    pub outside: usize,
    /// The field summed and averaged, when one was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// True when nearness was measured.
    #[serde(skip)]
    pub near_asked: bool,
    /// True when addresses were counted.
    #[serde(skip)]
    pub addresses_asked: bool,
    /// What secondary suppression decided for `outside` ([`ZoneTable::protect`]).
    #[serde(skip)]
    pub outside_protection: Protection,
    /// What secondary suppression decided for `total` ([`ZoneTable::protect`]).
    #[serde(skip)]
    pub total_protection: Protection,
}

/// What [`zone_figures`] computes besides counts, shares and densities.
#[derive(Clone, Copy, Debug, Default)]
pub struct ZoneOptions<'a> {
    /// The counted features within the distance of another layer.
    pub near: Option<&'a Bitmap>,
    /// A numeric field of the counted layer to sum and average.
    pub field: Option<&'a Column>,
    /// An address layer and its filter: addresses are counted per zone for the rate per 1 000.
    pub addresses: Option<(&'a Dataset, Option<&'a Bitmap>)>,
}

/// Counts the features of `target` kept by `mask` in each polygon of `zones`. With `near`, the
/// features (of the kept ones) within the distance: each zone also gets the share of its
/// features that are near. A feature on a border shared by two zones is counted once.
pub fn zone_table(
    zones: &Dataset,
    target: &Dataset,
    mask: Option<&Bitmap>,
    near: Option<&Bitmap>,
) -> ZoneTable {
    zone_figures(
        zones,
        target,
        mask,
        &ZoneOptions {
            near,
            ..ZoneOptions::default()
        },
    )
}

/// Features kept, per zone and in all.
struct Tally {
    counts: Vec<usize>,
    near_counts: Vec<usize>,
    total: usize,
    outside: usize,
}

fn tally(
    assigned: &[Option<u32>],
    mask: Option<&Bitmap>,
    near: Option<&Bitmap>,
    zone_count: usize,
) -> Tally {
    let mut t = Tally {
        counts: vec![0; zone_count],
        near_counts: vec![0; zone_count],
        total: 0,
        outside: 0,
    };
    for (row, zone) in assigned.iter().enumerate() {
        if mask.is_some_and(|m| !m.get(row)) {
            continue;
        }
        t.total += 1;
        match zone.map(|z| z as usize).filter(|&z| z < zone_count) {
            Some(z) => {
                t.counts[z] += 1;
                if near.is_some_and(|n| n.get(row)) {
                    t.near_counts[z] += 1;
                }
            }
            None => t.outside += 1,
        }
    }
    t
}

/// [`zone_table`] with the figures `options` asks for: the features beyond the distance, the
/// rate per 1 000 addresses (`None` in a zone without address), the sum and mean of a field.
pub fn zone_figures(
    zones: &Dataset,
    target: &Dataset,
    mask: Option<&Bitmap>,
    options: &ZoneOptions,
) -> ZoneTable {
    let polygons: Vec<usize> = (0..zones.len())
        .filter(|&r| zones.geometry.kind(r).is_areal())
        .collect();
    let assigned = assign_zones(target, zones, &polygons);
    let t = tally(&assigned, mask, options.near, polygons.len());
    let sums = options
        .field
        .map(|c| super::zone_sums::field_sums(c, &assigned, mask, polygons.len()));
    let addresses = options.addresses.map(|(ds, ds_mask)| {
        // Counting the address layer itself: its features are already placed.
        let placed = if std::ptr::eq(ds, target) {
            None
        } else {
            Some(assign_zones(ds, zones, &polygons))
        };
        let placed = placed.as_deref().unwrap_or(&assigned);
        tally(placed, ds_mask, None, polygons.len()).counts
    });
    let counted = Counted {
        tally: t,
        sums,
        addresses,
        field: options.field.map(|c| c.name.clone()),
        near_asked: options.near.is_some(),
    };
    figures(zones, &polygons, counted)
}

/// What was counted per zone, wherever it was counted (here or in a database).
struct Counted {
    tally: Tally,
    sums: Option<Vec<super::zone_sums::FieldSum>>,
    addresses: Option<Vec<usize>>,
    field: Option<String>,
    near_asked: bool,
}

/// Figures counted elsewhere (in a PostGIS database) for the polygons of a zone layer, in the
/// order of [`zone_polygons`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ZoneCounts {
    /// Features in each zone.
    pub counts: Vec<usize>,
    /// Of those, the features within the distance, when nearness was asked.
    pub near_counts: Option<Vec<usize>>,
    /// The field summed and averaged, with its sum per zone, when asked.
    pub sums: Option<(String, Vec<super::zone_sums::FieldSum>)>,
    /// Features counted (those the filter keeps).
    pub total: usize,
    /// Counted features in no zone (or without geometry).
    pub outside: usize,
}

/// The rows of `zones` that are zones (polygons), in order: what the figures are given for.
pub fn zone_polygons(zones: &Dataset) -> Vec<usize> {
    (0..zones.len())
        .filter(|&r| zones.geometry.kind(r).is_areal())
        .collect()
}

/// The table of figures from counts made elsewhere: names, areas, shares and densities come
/// from `zones` as for [`zone_figures`].
pub fn zone_table_from_counts(zones: &Dataset, counts: ZoneCounts) -> ZoneTable {
    let polygons = zone_polygons(zones);
    let n = polygons.len();
    let near_asked = counts.near_counts.is_some();
    let fit = |mut v: Vec<usize>| {
        v.resize(n, 0);
        v
    };
    let tally = Tally {
        counts: fit(counts.counts),
        near_counts: fit(counts.near_counts.unwrap_or_default()),
        total: counts.total,
        outside: counts.outside,
    };
    let (field, sums) = match counts.sums {
        Some((name, mut sums)) => {
            sums.resize(n, super::zone_sums::FieldSum::default());
            (Some(name), Some(sums))
        }
        None => (None, None),
    };
    let counted = Counted {
        tally,
        sums,
        addresses: None,
        field,
        near_asked,
    };
    figures(zones, &polygons, counted)
}

fn figures(zones: &Dataset, polygons: &[usize], counted: Counted) -> ZoneTable {
    let Counted {
        tally: t,
        sums,
        addresses,
        field,
        near_asked,
    } = counted;
    let (ids, names) = (zone_ids(zones), zone_names(zones));
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let figures = polygons
        .iter()
        .enumerate()
        .map(|(z, &row)| {
            let area_km2 = area_m2(zones, row) / 1_000_000.0;
            let count = t.counts[z];
            let addresses = addresses.as_ref().map(|a| a[z]);
            ZoneStat {
                row,
                id: ids[row].clone(),
                name: names[row].clone(),
                count,
                share: ratio(count, t.total),
                area_km2,
                per_km2: if area_km2 > 0.0 {
                    count as f64 / area_km2
                } else {
                    0.0
                },
                near_share: near_asked.then(|| ratio(t.near_counts[z], count)),
                beyond: near_asked.then(|| count - t.near_counts[z]),
                addresses,
                per_1000_addresses: addresses
                    .filter(|&a| a > 0)
                    .map(|a| count as f64 * 1000.0 / a as f64),
                sum: sums.as_ref().map(|s| s[z].sum),
                mean: sums.as_ref().and_then(|s| s[z].mean()),
                protection: Protection::default(),
            }
        })
        .collect();
    ZoneTable {
        zones: figures,
        total: t.total,
        outside: t.outside,
        field,
        near_asked,
        addresses_asked: addresses.is_some(),
        outside_protection: Protection::default(),
        total_protection: Protection::default(),
    }
}

/// The area of feature `row` in m², in Lambert-93: outer rings minus holes.
pub fn area_m2(ds: &Dataset, row: usize) -> f64 {
    ds.geometry
        .parts(row)
        .map(|rings| {
            rings
                .enumerate()
                .map(|(i, ring)| {
                    let a = ring_area(ring);
                    if i == 0 { a } else { -a }
                })
                .sum::<f64>()
        })
        .sum::<f64>()
        .max(0.0)
}

fn ring_area(ring: &[[f64; 2]]) -> f64 {
    let pts: Vec<[f64; 2]> = ring.iter().map(|&c| to_lambert93(c)).collect();
    let twice: f64 = pts
        .iter()
        .zip(pts.iter().cycle().skip(1))
        .map(|(a, b)| a[0] * b[1] - b[0] * a[1])
        .sum();
    (twice / 2.0).abs()
}

/// A text column named like `wanted` (case ignored), else `None`.
fn text_column<'a>(ds: &'a Dataset, wanted: &[&str]) -> Option<&'a crate::data::Column> {
    ds.columns.iter().find(|c| {
        let name = c.name.to_lowercase();
        !matches!(c.data, ColumnData::Boolean { .. }) && wanted.iter().any(|w| name.contains(w))
    })
}

/// Each zone's name: the first text field called like a name (nom, libellé, name…), else the
/// first text field, else its number.
pub fn zone_names(ds: &Dataset) -> Vec<String> {
    let is_text = |c: &&crate::data::Column| matches!(c.data, ColumnData::Text { .. });
    let named = ds.columns.iter().filter(is_text).find(|c| {
        let n = c.name.to_lowercase();
        ["nom", "name", "libelle", "label", "lib_"]
            .iter()
            .any(|k| n.contains(k))
    });
    let column = named.or_else(|| ds.columns.iter().find(is_text));
    values_or_numbers(ds, column)
}

/// Each zone's identifier: a field called like a code or an id, else its number.
pub fn zone_ids(ds: &Dataset) -> Vec<String> {
    let column = text_column(ds, &["code", "insee", "iris", "id"]);
    values_or_numbers(ds, column)
}

fn values_or_numbers(ds: &Dataset, column: Option<&crate::data::Column>) -> Vec<String> {
    (0..ds.len())
        .map(|row| match column.map(|c| c.value(row)) {
            Some(Value::Null) | None => (row + 1).to_string(),
            Some(v) => v.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests;
