//! Where a polygon's label goes: a point inside it, the middle of its box when that is inside
//! (cheap, and where the eye expects it), otherwise an interior point of its largest part.
//!
//! ```
//! use territoire::data::{DatasetBuilder, GeomKind};
//! use territoire::data::label_point::label_point;
//!
//! let mut b = DatasetBuilder::new(false);
//! b.geometry.start_feature(GeomKind::Polygon);
//! b.geometry.start_part();
//! b.geometry.start_ring();
//! for c in [[0.0, 0.0], [2.0, 0.0], [2.0, 2.0], [0.0, 2.0], [0.0, 0.0]] {
//!     b.geometry.push_coord(c);
//! }
//! b.end_row();
//! let ds = b.finish(None);
//! assert_eq!(label_point(&ds.geometry, 0), Some([1.0, 1.0]));
//! ```

use geo::{Coord, InteriorPoint, LineString, Polygon};

use super::GeometryColumn;

/// A point inside polygon feature `i`, or `None` when it is not a polygon or is empty.
pub fn label_point(geometry: &GeometryColumn, i: usize) -> Option<[f64; 2]> {
    if !geometry.kind(i).is_areal() {
        return None;
    }
    // The largest part by extent holds the label.
    let part = geometry.part_range(i).max_by(|&a, &b| {
        let extent = |p: usize| {
            let r = geometry.ring_range(p).start;
            super::geometry::bbox_of(geometry.ring(r))
                .map_or(0.0, |b| (b[2] - b[0]) * (b[3] - b[1]))
        };
        extent(a).total_cmp(&extent(b))
    })?;
    let rings = geometry.ring_range(part);
    let exterior = geometry.ring(rings.start);
    let b = super::geometry::bbox_of(exterior)?;
    let middle = [(b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0];
    if rings
        .clone()
        .all(|r| inside(geometry.ring(r), middle) == (r == rings.start))
    {
        return Some(middle);
    }
    let line = |ring: &[[f64; 2]]| -> LineString<f64> {
        ring.iter().map(|c| Coord { x: c[0], y: c[1] }).collect()
    };
    let polygon = Polygon::new(
        line(exterior),
        rings.skip(1).map(|r| line(geometry.ring(r))).collect(),
    );
    polygon.interior_point().map(|p| [p.x(), p.y()])
}

/// True when `p` lies inside `ring` (even-odd crossings).
fn inside(ring: &[[f64; 2]], p: [f64; 2]) -> bool {
    let mut result = false;
    let Some(&last) = ring.last() else {
        return false;
    };
    let mut a = last;
    for &b in ring {
        if (a[1] > p[1]) != (b[1] > p[1])
            && p[0] < a[0] + (p[1] - a[1]) * (b[0] - a[0]) / (b[1] - a[1])
        {
            result = !result;
        }
        a = b;
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{DatasetBuilder, GeomKind};

    #[test]
    fn a_u_shaped_polygon_gets_its_label_on_itself() {
        let mut b = DatasetBuilder::new(false);
        b.geometry.start_feature(GeomKind::Polygon);
        b.geometry.start_part();
        b.geometry.start_ring();
        // A U: the middle of its box is in the notch.
        for c in [
            [0.0, 0.0],
            [3.0, 0.0],
            [3.0, 3.0],
            [2.0, 3.0],
            [2.0, 1.0],
            [1.0, 1.0],
            [1.0, 3.0],
            [0.0, 3.0],
            [0.0, 0.0],
        ] {
            b.geometry.push_coord(c);
        }
        b.end_row();
        b.geometry.push_point([5.0, 5.0]);
        b.end_row();
        let ds = b.finish(None);
        let p = label_point(&ds.geometry, 0).unwrap_or_default();
        assert!(inside(ds.geometry.ring(0), p), "{p:?}");
        assert_eq!(
            label_point(&ds.geometry, 1),
            None,
            "points have no label point"
        );
    }
}
