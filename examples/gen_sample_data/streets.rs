//! Street geometry: an occupancy grid that keeps streets and parks apart, and polylines drawn at random.

use std::collections::HashMap;

use crate::geometry::dist;
use crate::green_spaces::Disc;
use crate::rng::Rng;

/// A coarse occupancy grid (local metres) so streets and parks do not pile up.
pub struct Grid {
    /// The occupant of each cell: a street id, or [`GREEN_ID`].
    pub cells: HashMap<(i64, i64), u32>,
}

const CELL: f64 = 40.0;
/// The occupant id of cells taken by a green space.
pub const GREEN_ID: u32 = u32::MAX;

impl Grid {
    /// The cell that holds `p`.
    pub fn key(p: [f64; 2]) -> (i64, i64) {
        ((p[0] / CELL).floor() as i64, (p[1] / CELL).floor() as i64)
    }

    /// Gives the cells within 90 % of the disc's radius to a green space.
    pub fn reserve_disc(&mut self, disc: Disc) {
        let r = disc.radius * 0.9;
        let (lo, hi) = (
            Self::key([disc.centre[0] - r, disc.centre[1] - r]),
            Self::key([disc.centre[0] + r, disc.centre[1] + r]),
        );
        for i in lo.0..=hi.0 {
            for j in lo.1..=hi.1 {
                let c = [(i as f64 + 0.5) * CELL, (j as f64 + 0.5) * CELL];
                if dist(c, disc.centre) <= r {
                    self.cells.insert((i, j), GREEN_ID);
                }
            }
        }
    }
}

/// A polyline with its cumulative lengths.
pub struct Polyline {
    /// The vertices, in local metres.
    pub points: Vec<[f64; 2]>,
    cumulative: Vec<f64>,
}

impl Polyline {
    fn new(points: Vec<[f64; 2]>) -> Self {
        let mut cumulative = vec![0.0];
        for w in points.windows(2) {
            let last = cumulative.last().copied().unwrap_or(0.0);
            cumulative.push(last + dist(w[0], w[1]));
        }
        Self { points, cumulative }
    }

    /// The total length in metres.
    pub fn length(&self) -> f64 {
        self.cumulative.last().copied().unwrap_or(0.0)
    }

    /// The point at arc length `s` and the unit tangent there.
    pub fn at(&self, s: f64) -> ([f64; 2], [f64; 2]) {
        let i = (1..self.points.len())
            .find(|&i| self.cumulative[i] >= s)
            .unwrap_or(self.points.len() - 1);
        let (a, b) = (self.points[i - 1], self.points[i]);
        let len = (self.cumulative[i] - self.cumulative[i - 1]).max(1e-9);
        let t = ((s - self.cumulative[i - 1]) / len).clamp(0.0, 1.0);
        let tangent = [(b[0] - a[0]) / len, (b[1] - a[1]) / len];
        (
            [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])],
            tangent,
        )
    }
}

/// A street of 3 to 6 vertices and exactly `length` metres, starting at `start`.
pub fn draw_street(rng: &mut Rng, start: [f64; 2], heading: f64, length: f64) -> Polyline {
    let n = rng.int(3, 6) as usize;
    let weights: Vec<f64> = (1..n).map(|_| rng.range(0.75, 1.25)).collect();
    let total: f64 = weights.iter().sum();
    let mut heading = heading + rng.range(-0.15, 0.15);
    let mut points = vec![start];
    let mut p = start;
    for w in weights {
        let seg = length * w / total;
        p = [p[0] + seg * heading.cos(), p[1] + seg * heading.sin()];
        points.push(p);
        heading += rng.range(-0.3, 0.3);
    }
    Polyline::new(points)
}
