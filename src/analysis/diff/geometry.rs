//! Geometry identity between two versions: a hash of coordinates snapped to the tolerance grid
//! for matching, and a coordinate-by-coordinate check within the tolerance.

use super::COORD_TOLERANCE_DEG;
use super::pairing::{Identity, Keys};
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

/// Features keyed by their shape: family, parts, rings and coordinates snapped to the
/// tolerance grid, so that two shapes are one key when they are the same on that grid.
pub(super) struct Shapes<'a>(pub(super) &'a GeometryColumn);

impl Keys for Shapes<'_> {
    fn len(&self) -> usize {
        self.0.len()
    }

    fn identity(&self, row: usize) -> Option<u128> {
        let g = self.0;
        let kind = g.kind(row);
        if kind == GeomKind::Empty {
            return None;
        }
        let words = g.part_range(row).flat_map(move |part| {
            let rings = g.ring_range(part);
            std::iter::once(rings.len() as u64).chain(rings.flat_map(move |ring| {
                let coords = g.ring(ring);
                std::iter::once(coords.len() as u64).chain(
                    coords
                        .iter()
                        .flat_map(|c| [snap(c[0]) as u64, snap(c[1]) as u64]),
                )
            }))
        });
        Some(Identity::hashed(u64::from(family(kind)), words))
    }
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
