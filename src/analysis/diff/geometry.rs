//! Geometry identity between two versions: a hash of coordinates snapped to the tolerance grid
//! for matching, and a coordinate-by-coordinate check within the tolerance.

use std::hash::{DefaultHasher, Hash, Hasher};

use rayon::prelude::*;

use super::COORD_TOLERANCE_DEG;
use crate::data::{GeomKind, GeometryColumn};

/// Points, lines or polygons: a polygon and a multipolygon of one part are the same shape.
fn family(kind: GeomKind) -> u8 {
    match kind {
        GeomKind::Empty => 0,
        GeomKind::Point | GeomKind::MultiPoint => 1,
        GeomKind::LineString | GeomKind::MultiLineString => 2,
        GeomKind::Polygon | GeomKind::MultiPolygon => 3,
    }
}

fn snap(x: f64) -> i64 {
    (x / COORD_TOLERANCE_DEG).round() as i64
}

/// A hash of feature `row`'s shape (family, parts, rings, snapped coordinates); `None` when it
/// has no geometry.
fn shape_hash(g: &GeometryColumn, row: usize) -> Option<u64> {
    let kind = g.kind(row);
    if kind == GeomKind::Empty {
        return None;
    }
    let mut h = DefaultHasher::new();
    family(kind).hash(&mut h);
    for part in g.part_range(row) {
        g.ring_range(part).len().hash(&mut h);
        for ring in g.ring_range(part) {
            let coords = g.ring(ring);
            coords.len().hash(&mut h);
            for c in coords {
                snap(c[0]).hash(&mut h);
                snap(c[1]).hash(&mut h);
            }
        }
    }
    Some(h.finish())
}

/// The shape hash of every feature, computed on every core.
pub(super) fn shape_hashes(g: &GeometryColumn) -> Vec<Option<u64>> {
    (0..g.len())
        .into_par_iter()
        .map(|row| shape_hash(g, row))
        .collect()
}

/// True when feature `a_row` of `a` and `b_row` of `b` have the same family, the same parts
/// and rings, and coordinates within the tolerance. Two features without geometry are the same.
pub(super) fn same_shape(
    a: &GeometryColumn,
    a_row: usize,
    b: &GeometryColumn,
    b_row: usize,
) -> bool {
    let (ka, kb) = (a.kind(a_row), b.kind(b_row));
    if family(ka) != family(kb) {
        return false;
    }
    if ka == GeomKind::Empty {
        return true;
    }
    let (pa, pb) = (a.part_range(a_row), b.part_range(b_row));
    if pa.len() != pb.len() {
        return false;
    }
    pa.zip(pb).all(|(p, q)| {
        let (ra, rb) = (a.ring_range(p), b.ring_range(q));
        ra.len() == rb.len()
            && ra.zip(rb).all(|(r, s)| {
                let (x, y) = (a.ring(r), b.ring(s));
                x.len() == y.len()
                    && x.iter().zip(y).all(|(c, d)| {
                        (c[0] - d[0]).abs() <= COORD_TOLERANCE_DEG
                            && (c[1] - d[1]).abs() <= COORD_TOLERANCE_DEG
                    })
            })
    })
}
