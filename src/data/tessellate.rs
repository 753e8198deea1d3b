//! Triangulates polygon features once, at load, so the map fills them with one mesh per frame.

use super::GeometryColumn;

/// Triangles of every polygon feature, as indices into the geometry column's coordinates.
#[derive(Clone, Debug, Default)]
pub struct Triangles {
    /// `feature_offsets[i]..feature_offsets[i + 1]` is the range of feature `i` in `indices`.
    feature_offsets: Vec<u32>,
    /// Three coordinate indices per triangle.
    indices: Vec<u32>,
}

impl Triangles {
    /// Triangulates every areal feature of `geometry` (ear clipping, holes respected).
    pub fn build(geometry: &GeometryColumn) -> Self {
        let mut earcut = earcut::Earcut::new();
        let mut local: Vec<u32> = Vec::new();
        let mut holes: Vec<u32> = Vec::new();
        let mut out = Self {
            feature_offsets: Vec::with_capacity(geometry.len() + 1),
            indices: Vec::new(),
        };
        out.feature_offsets.push(0);
        for i in 0..geometry.len() {
            if geometry.kind(i).is_areal() {
                for part in geometry.part_range(i) {
                    let rings = geometry.ring_range(part);
                    let base = geometry.coord_range(rings.start).start;
                    let end = geometry.coord_range(rings.end - 1).end;
                    holes.clear();
                    holes.extend(
                        rings
                            .clone()
                            .skip(1)
                            .map(|r| (geometry.coord_range(r).start - base) as u32),
                    );
                    earcut.earcut(
                        geometry.coords()[base..end].iter().copied(),
                        &holes,
                        &mut local,
                    );
                    out.indices.extend(local.iter().map(|&k| k + base as u32));
                }
            }
            out.feature_offsets.push(out.indices.len() as u32);
        }
        out
    }

    /// Triangle vertex indices of feature `i` (empty for non-polygons).
    pub fn of_feature(&self, i: usize) -> &[u32] {
        match (self.feature_offsets.get(i), self.feature_offsets.get(i + 1)) {
            (Some(&a), Some(&b)) => &self.indices[a as usize..b as usize],
            _ => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{GeomKind, GeometryBuilder};
    use super::*;

    #[test]
    fn square_with_hole_gives_eight_triangles() {
        let mut b = GeometryBuilder::new();
        b.push_point([9.0, 9.0]);
        b.start_feature(GeomKind::Polygon);
        b.start_part();
        b.start_ring();
        for c in [[0.0, 0.0], [4.0, 0.0], [4.0, 4.0], [0.0, 4.0], [0.0, 0.0]] {
            b.push_coord(c);
        }
        b.start_ring();
        for c in [[1.0, 1.0], [1.0, 2.0], [2.0, 2.0], [2.0, 1.0], [1.0, 1.0]] {
            b.push_coord(c);
        }
        let geometry = b.finish();
        let t = Triangles::build(&geometry);
        assert!(t.of_feature(0).is_empty());
        let tris = t.of_feature(1);
        assert_eq!(tris.len() % 3, 0);
        assert!(tris.len() / 3 >= 8, "got {} triangles", tris.len() / 3);
        assert!(
            tris.iter().all(|&k| k >= 1),
            "indices are global, after the point"
        );
    }
}
