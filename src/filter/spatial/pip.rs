//! Point in zone with a half-open rule, so a point on a border shared by two zones is in exactly one.
//!
//! The test casts a ray towards +x and counts the edges it crosses; an edge counts for points
//! with `low.y ≤ y < high.y` strictly to its left. Each edge is stored with its lower end
//! first, so two zones that share an edge compute the very same numbers for it and disagree
//! about every point on it: one has it, the other does not. Edges are bucketed in horizontal
//! slabs, so a test reads only the few edges at the point's latitude.

/// An edge with `ay < by`.
#[derive(Clone, Copy, Debug)]
struct Edge {
    ax: f64,
    ay: f64,
    bx: f64,
    by: f64,
}

/// A zone (all rings of a polygon or multipolygon), ready for fast containment tests.
#[derive(Clone, Debug)]
pub(super) struct ZoneShape {
    bbox: [f64; 4],
    /// Slabs per degree of latitude.
    slabs_per_lat: f64,
    /// Start of each slab's edges in `edges`, plus the end.
    slab_starts: Vec<u32>,
    edges: Vec<Edge>,
}

impl ZoneShape {
    /// The zone bounded by `rings` (`[lon, lat]`); `None` when they enclose nothing.
    pub(super) fn new<'a>(rings: impl Iterator<Item = &'a [[f64; 2]]>) -> Option<Self> {
        let mut edges = Vec::new();
        let mut bbox = [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ];
        for ring in rings {
            for (i, a) in ring.iter().enumerate() {
                bbox = [
                    bbox[0].min(a[0]),
                    bbox[1].min(a[1]),
                    bbox[2].max(a[0]),
                    bbox[3].max(a[1]),
                ];
                // The closing edge too, should the ring not repeat its first position.
                let b = ring[(i + 1) % ring.len()];
                let (low, high) = if a[1] < b[1] { (*a, b) } else { (b, *a) };
                if low[1] < high[1] {
                    edges.push(Edge {
                        ax: low[0],
                        ay: low[1],
                        bx: high[0],
                        by: high[1],
                    });
                }
            }
        }
        if edges.len() < 2 || !bbox.iter().all(|v| v.is_finite()) {
            return None;
        }
        let slabs = (edges.len() / 2).clamp(1, 4096);
        let slab_height = ((bbox[3] - bbox[1]) / slabs as f64).max(1e-12);
        let mut shape = Self {
            bbox,
            slabs_per_lat: 1.0 / slab_height,
            slab_starts: vec![0; slabs + 1],
            edges: Vec::new(),
        };
        // Counting sort of edges into every slab they span.
        for e in &edges {
            for s in shape.slab(e.ay)..=shape.slab(e.by) {
                shape.slab_starts[s + 1] += 1;
            }
        }
        for s in 0..slabs {
            shape.slab_starts[s + 1] += shape.slab_starts[s];
        }
        let mut next = shape.slab_starts.clone();
        let total = shape.slab_starts[slabs] as usize;
        let mut sorted = vec![edges[0]; total];
        for e in &edges {
            for s in shape.slab(e.ay)..=shape.slab(e.by) {
                sorted[next[s] as usize] = *e;
                next[s] += 1;
            }
        }
        shape.edges = sorted;
        Some(shape)
    }

    /// `[min_lon, min_lat, max_lon, max_lat]` of the zone.
    pub(super) fn bbox(&self) -> [f64; 4] {
        self.bbox
    }

    /// The slab of latitude `y`; monotonic in `y`, so an edge and the points beside it agree.
    #[inline]
    fn slab(&self, y: f64) -> usize {
        let last = self.slab_starts.len() - 2;
        // Truncating a non-negative number is its floor.
        ((y - self.bbox[1]) * self.slabs_per_lat).clamp(0.0, last as f64) as usize
    }

    /// True when `p` is inside, by the half-open rule (see the module documentation).
    #[inline]
    pub(super) fn contains(&self, p: [f64; 2]) -> bool {
        let [x, y] = p;
        if y < self.bbox[1] || y >= self.bbox[3] || x > self.bbox[2] {
            return false;
        }
        let s = self.slab(y);
        let edges = &self.edges[self.slab_starts[s] as usize..self.slab_starts[s + 1] as usize];
        let mut inside = false;
        for e in edges {
            if e.ay <= y && y < e.by && left_of(e, x, y) {
                inside = !inside;
            }
        }
        inside
    }
}

/// Strictly left of the upward edge `e` (so a ray towards +x crosses it).
#[inline]
fn left_of(e: &Edge, x: f64, y: f64) -> bool {
    if x < e.ax.min(e.bx) {
        return true;
    }
    if x > e.ax.max(e.bx) {
        return false;
    }
    (e.bx - e.ax) * (y - e.ay) - (e.by - e.ay) * (x - e.ax) > 0.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x0: f64, y0: f64, side: f64) -> Vec<[f64; 2]> {
        vec![
            [x0, y0],
            [x0 + side, y0],
            [x0 + side, y0 + side],
            [x0, y0 + side],
            [x0, y0],
        ]
    }

    #[test]
    fn four_squares_share_every_border_point_exactly_once() {
        let zones: Vec<ZoneShape> = [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)]
            .iter()
            .map(|&(x, y)| ZoneShape::new(std::iter::once(&square(x, y, 1.0)[..])).expect("zone"))
            .collect();
        for i in 0..=40 {
            for j in 0..=40 {
                let p = [f64::from(i) * 0.05, f64::from(j) * 0.05];
                let count = zones.iter().filter(|z| z.contains(p)).count();
                let inner = p[0] < 2.0 && p[1] < 2.0;
                assert_eq!(count, usize::from(inner), "{p:?}");
            }
        }
        // The corner shared by all four.
        assert_eq!(zones.iter().filter(|z| z.contains([1.0, 1.0])).count(), 1);
    }

    #[test]
    fn holes_and_concave_outlines() {
        let outer = square(0.0, 0.0, 4.0);
        let hole = square(1.0, 1.0, 2.0);
        let zone = ZoneShape::new([&outer[..], &hole[..]].into_iter()).expect("zone");
        assert!(zone.contains([0.5, 0.5]));
        assert!(!zone.contains([2.0, 2.0]));
        let u = [
            [0.0, 0.0],
            [3.0, 0.0],
            [3.0, 3.0],
            [2.0, 3.0],
            [2.0, 1.0],
            [1.0, 1.0],
            [1.0, 3.0],
            [0.0, 3.0],
        ];
        let zone = ZoneShape::new(std::iter::once(&u[..])).expect("open ring closes");
        assert!(zone.contains([0.5, 2.5]) && zone.contains([2.5, 2.5]));
        assert!(!zone.contains([1.5, 2.0]));
        assert!(ZoneShape::new(std::iter::once(&[[0.0, 0.0], [1.0, 0.0]][..])).is_none());
    }
}
