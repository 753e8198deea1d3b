//! Spatial conditions on a layer: in chosen zones of another layer, near or far from another layer, in a drawn polygon, within a distance of a point.
//!
//! Pure functions from datasets (and masks) to masks, spread over every core. Distances are
//! straight lines in Lambert-93 metres (EPSG:2154) between the nearest points of two features;
//! exactly at the distance counts as within. A feature without geometry is in no result: in no
//! zone, neither near nor far, in no drawing.
//!
//! ```
//! use territoire::data::{DatasetBuilder, GeomKind};
//! use territoire::filter::spatial::{near, within_zones};
//!
//! let mut zones = DatasetBuilder::new(false);
//! zones.geometry.start_feature(GeomKind::Polygon);
//! zones.geometry.start_part();
//! zones.geometry.start_ring();
//! for c in [[-0.56, 47.46], [-0.54, 47.46], [-0.54, 47.48], [-0.56, 47.48], [-0.56, 47.46]] {
//!     zones.geometry.push_coord(c);
//! }
//! zones.end_row();
//! let zones = zones.finish(None);
//!
//! let mut points = DatasetBuilder::new(false);
//! for p in [[-0.55, 47.47], [-0.53, 47.47]] {
//!     points.geometry.push_point(p);
//!     points.end_row();
//! }
//! let points = points.finish(None);
//!
//! assert_eq!(within_zones(&points, &zones, &[0]).iter_ones().collect::<Vec<_>>(), [0]);
//! // The second point is about 750 m east of the zone's edge.
//! assert_eq!(near(&points, &zones, None, 700.0).count_ones(), 1);
//! assert_eq!(near(&points, &zones, None, 800.0).count_ones(), 2);
//! ```

mod distance;
mod grid;
mod near;
mod pip;
mod zones;

#[cfg(test)]
mod near_tests;
#[cfg(test)]
mod tests;

use geo::{InteriorPoint, Intersects};
use rayon::prelude::*;

use crate::data::lambert93::to_lambert93;
use crate::data::{Bbox, Bitmap, Dataset, GeomKind};

/// The position that places feature `row` in a zone: a point is itself; any other geometry
/// uses a point guaranteed to lie on it (`geo`'s interior point: inside a polygon even when
/// it is concave, on a line, one of a multipoint's points), never a centroid that could fall
/// outside. `None` for a feature without geometry.
pub fn representative_point(ds: &Dataset, row: usize) -> Option<[f64; 2]> {
    match ds.geometry.kind(row) {
        GeomKind::Empty => None,
        GeomKind::Point => ds.geometry.point(row),
        _ => ds
            .geometry
            .to_geo(row)?
            .interior_point()
            .map(|p| [p.x(), p.y()]),
    }
}

/// For each row of `target`, the position in `zone_rows` of the zone its representative point
/// falls in, `None` outside every zone (or without geometry).
///
/// Rows of `zones` that are not polygons, or out of range, are skipped. A point on a border
/// shared by two zones is in exactly one of them (the zone east of a north–south border, north
/// of an east–west one); where chosen zones overlap, the first in `zone_rows` wins. So the
/// zones never count a feature twice.
pub fn assign_zones(target: &Dataset, zones: &Dataset, zone_rows: &[usize]) -> Vec<Option<u32>> {
    zones::assign(target, zones, zone_rows)
}

pub use zones::ZoneCells;

/// The grid of cells [`assign_zones`] decides most points with, for `points` features, as plain
/// numbers (for a database to count the same way); `None` when no chosen zone is a polygon.
pub fn zone_cells(zones: &Dataset, zone_rows: &[usize], points: usize) -> Option<ZoneCells> {
    zones::cells(zones, zone_rows, points)
}

/// Rows of `target` whose representative point (see [`representative_point`]) is in one of
/// the chosen zones (`zone_rows`, rows of `zones`): "dans la zone".
pub fn within_zones(target: &Dataset, zones: &Dataset, zone_rows: &[usize]) -> Bitmap {
    assign_zones(target, zones, zone_rows)
        .iter()
        .map(Option::is_some)
        .collect()
}

/// Rows of `target` within `metres` of at least one feature of `other` kept by `other_mask`
/// (every feature when `None`): "à moins de X m de". A negative or undefined distance keeps
/// nothing, as does an empty selection of `other`.
pub fn near(target: &Dataset, other: &Dataset, other_mask: Option<&Bitmap>, metres: f64) -> Bitmap {
    near::near(target, &near::Others::build(other, other_mask), metres)
}

/// Rows of `target` farther than `metres` from every feature of `other` kept by `other_mask`:
/// "à plus de X m de", the complement of [`near`] among features that have a geometry (those
/// without are neither near nor far). With no feature of `other` kept, every located feature
/// is far.
pub fn far(target: &Dataset, other: &Dataset, other_mask: Option<&Bitmap>, metres: f64) -> Bitmap {
    let close = near(target, other, other_mask, metres);
    (0..target.len())
        .map(|row| target.geometry.kind(row) != GeomKind::Empty && !close.get(row))
        .collect()
}

/// Rows of `target` that meet the polygon `ring` (`[lon, lat]`, closed or not) drawn on the
/// map: "dans le dessin". Points inside or on the outline; lines and polygons that cross,
/// touch or hold it. These are the rows the portal keeps for `intersects(geo, geom'POLYGON…')`,
/// so a drawing filters the same locally and pushed down. A ring with fewer than three corners
/// or with impossible coordinates keeps nothing.
pub fn within_polygon(target: &Dataset, ring: &[[f64; 2]]) -> Bitmap {
    let n = target.len();
    let valid = ring.len() >= 3 && ring.iter().all(|c| c[0].is_finite() && c[1].is_finite());
    let Some(bbox) = crate::data::geometry::bbox_of(ring).filter(|_| valid) else {
        return Bitmap::new(n, false);
    };
    let outline: geo::LineString<f64> = ring
        .iter()
        .map(|c| geo::Coord { x: c[0], y: c[1] })
        .collect();
    let polygon = geo::Polygon::new(outline, Vec::new());
    rows_meeting(target, bbox, |row| match target.geometry.point(row) {
        Some(p) => polygon.intersects(&geo::Point::new(p[0], p[1])),
        None => target
            .geometry
            .to_geo(row)
            .is_some_and(|g| g.intersects(&polygon)),
    })
}

/// Rows of `target` whose nearest point is within `metres` of `centre` (`[lon, lat]`), in
/// Lambert-93: the local meaning of `within_distance(geo, geom'POINT(…)', Xm)`.
///
/// Candidates come from the R-tree, in a box padded generously in degrees: Lambert-93 has more
/// than 50 km per degree of latitude, and 50 km × cos(latitude) per degree of longitude,
/// wherever it is usable (over twice that in France).
pub fn within_distance(target: &Dataset, centre: [f64; 2], metres: f64) -> Bitmap {
    let n = target.len();
    let usable = metres.is_finite()
        && metres >= 0.0
        && centre[0].is_finite()
        && (-90.0..=90.0).contains(&centre[1]);
    if !usable {
        return Bitmap::new(n, false);
    }
    let pad_lat = metres / 50_000.0;
    let far_lat = (centre[1].abs() + pad_lat).min(90.0);
    let pad_lon = (metres / (50_000.0 * far_lat.to_radians().cos().max(1e-3))).min(360.0);
    let bbox = [
        centre[0] - pad_lon,
        centre[1] - pad_lat,
        centre[0] + pad_lon,
        centre[1] + pad_lat,
    ];
    let c = to_lambert93(centre);
    let c_point = geo::Point::new(c[0], c[1]);
    rows_meeting(target, bbox, |row| match target.geometry.point(row) {
        Some(p) => {
            let q = to_lambert93(p);
            (q[0] - c[0]).hypot(q[1] - c[1]) <= metres
        }
        None => near::projected(target, row)
            .is_some_and(|g| geo::Distance::distance(&geo::Euclidean, &c_point, &g) <= metres),
    })
}

/// Rows whose extent meets `bbox` and that pass `test`, on every core. A box over a small part
/// of the layer asks the R-tree; a larger one scans every row, which is then faster.
fn rows_meeting(target: &Dataset, bbox: Bbox, test: impl Fn(usize) -> bool + Sync) -> Bitmap {
    let n = target.len();
    let Some(extent) = target.bbox else {
        return Bitmap::new(n, false);
    };
    let area = |b: Bbox| (b[2] - b[0]).max(0.0) * (b[3] - b[1]).max(0.0);
    let overlap = [
        bbox[0].max(extent[0]),
        bbox[1].max(extent[1]),
        bbox[2].min(extent[2]),
        bbox[3].min(extent[3]),
    ];
    if area(overlap) < 0.02 * area(extent) {
        let candidates: Vec<usize> = target.query_bbox(bbox).collect();
        let hits: Vec<usize> = candidates
            .into_par_iter()
            .with_min_len(4096)
            .filter(|&row| test(row))
            .collect();
        let mut mask = Bitmap::new(n, false);
        for row in hits {
            mask.set(row, true);
        }
        return mask;
    }
    let meets = |b: Bbox| b[0] <= bbox[2] && b[2] >= bbox[0] && b[1] <= bbox[3] && b[3] >= bbox[1];
    let hits: Vec<bool> = (0..n)
        .into_par_iter()
        .with_min_len(8192)
        .map(|row| {
            let extent = match target.geometry.point(row) {
                Some(p) => Some([p[0], p[1], p[0], p[1]]),
                None => target.geometry.feature_bbox(row),
            };
            extent.is_some_and(meets) && test(row)
        })
        .collect();
    hits.into_iter().collect()
}
