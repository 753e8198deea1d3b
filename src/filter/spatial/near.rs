//! Features within a distance of another layer's features, in Lambert-93 metres, on all cores.
//!
//! The other layer is projected once and indexed. Points are answered by a grid: distance to a
//! set moves by at most as much as the point does, so a cell whose centre is within
//! `d − h` (h: centre to farthest corner) is near for all its points, one beyond `d + h` is
//! far for all of them, and only the cells in between test their points one by one.

use geo::{BoundingRect, Coord, Distance, Euclidean, MapCoords};
use rayon::prelude::*;
use rstar::{AABB, RTree, primitives::GeomWithData, primitives::Rectangle};

use super::distance;
use super::grid::Grid;
use crate::data::lambert93::to_lambert93;
use crate::data::{Bitmap, Dataset, GeomKind};

/// The other layer's chosen features in Lambert-93, with an R-tree of their extents.
pub(super) struct Others {
    shapes: Vec<geo::Geometry<f64>>,
    index: RTree<GeomWithData<Rectangle<[f64; 2]>, u32>>,
}

impl Others {
    /// Projects the features of `other` that `mask` keeps (all when `None`).
    pub(super) fn build(other: &Dataset, mask: Option<&Bitmap>) -> Self {
        let rows: Vec<usize> = (0..other.len())
            .filter(|&r| mask.is_none_or(|m| m.get(r)))
            .collect();
        let shapes: Vec<geo::Geometry<f64>> = rows
            .par_iter()
            .filter_map(|&r| projected(other, r))
            .collect();
        let entries = shapes
            .iter()
            .enumerate()
            .filter_map(|(i, g)| {
                let b = g.bounding_rect()?;
                let rect = Rectangle::from_corners([b.min().x, b.min().y], [b.max().x, b.max().y]);
                Some(GeomWithData::new(rect, i as u32))
            })
            .collect();
        Self {
            shapes,
            index: RTree::bulk_load(entries),
        }
    }

    /// True when no feature was kept.
    pub(super) fn is_empty(&self) -> bool {
        self.shapes.is_empty()
    }

    /// Every kept feature (for a cell the grid cannot place).
    fn around_all(&self) -> Vec<u32> {
        (0..self.shapes.len() as u32).collect()
    }

    /// Features whose extent comes within `reach` metres of `bbox` (projected).
    fn around(&self, bbox: [f64; 4], reach: f64) -> impl Iterator<Item = u32> + '_ {
        let envelope = AABB::from_corners(
            [bbox[0] - reach, bbox[1] - reach],
            [bbox[2] + reach, bbox[3] + reach],
        );
        self.index
            .locate_in_envelope_intersecting(&envelope)
            .map(|e| e.data)
    }

    fn distance(&self, shape: u32, p: Coord<f64>) -> f64 {
        self.shapes
            .get(shape as usize)
            .map_or(f64::INFINITY, |g| distance::metres(p, g))
    }

    /// True when feature `shape` lies within `metres` of the projected point `p`.
    fn shape_within(&self, shape: u32, p: Coord<f64>, metres: f64) -> bool {
        self.shapes
            .get(shape as usize)
            .is_some_and(|g| distance::within(p, g, metres))
    }

    /// True when a kept feature lies within `metres` of the projected point `p`.
    pub(super) fn point_within(&self, p: [f64; 2], metres: f64) -> bool {
        let point = Coord { x: p[0], y: p[1] };
        self.around([p[0], p[1], p[0], p[1]], metres)
            .any(|s| self.shape_within(s, point, metres))
    }

    /// True when a kept feature lies within `metres` of the projected geometry `g`.
    fn geometry_within(&self, g: &geo::Geometry<f64>, metres: f64) -> bool {
        let Some(b) = g.bounding_rect() else {
            return false;
        };
        self.around([b.min().x, b.min().y, b.max().x, b.max().y], metres)
            .any(|s| {
                self.shapes
                    .get(s as usize)
                    .is_some_and(|o| Euclidean.distance(g, o) <= metres)
            })
    }
}

/// Feature `row` of `ds` in Lambert-93, `None` when it has no geometry.
pub(super) fn projected(ds: &Dataset, row: usize) -> Option<geo::Geometry<f64>> {
    let g = ds.geometry.to_geo(row)?;
    Some(g.map_coords(|c| {
        let [x, y] = to_lambert93([c.x, c.y]);
        geo::Coord { x, y }
    }))
}

/// The answer for every point of a grid cell, or the features to test its points against.
enum Cell {
    Far,
    Near,
    Test(Vec<u32>),
}

/// Rows of `target` within `metres` of a feature of `others`.
pub(super) fn near(target: &Dataset, others: &Others, metres: f64) -> Bitmap {
    let n = target.len();
    if others.is_empty() || !metres.is_finite() || metres < 0.0 {
        return Bitmap::new(n, false);
    }
    let grid = target
        .bbox
        .and_then(|extent| Grid::covering(extent, (n / 16).clamp(64, 65_536), metres / 8.0));
    let cells = grid.as_ref().map(|g| classify(g, others, metres));
    let hits: Vec<bool> = (0..n)
        .into_par_iter()
        .with_min_len(8192)
        .map(|row| match target.geometry.kind(row) {
            GeomKind::Empty => false,
            GeomKind::Point => {
                let Some(p) = target.geometry.point(row) else {
                    return false;
                };
                let cell = grid
                    .as_ref()
                    .zip(cells.as_ref())
                    .and_then(|(g, cells)| g.cell_of(p).and_then(|c| cells.get(c)));
                match cell {
                    Some(Cell::Near) => true,
                    Some(Cell::Far) => false,
                    Some(Cell::Test(list)) => {
                        let [x, y] = to_lambert93(p);
                        let q = Coord { x, y };
                        list.iter().any(|&s| others.shape_within(s, q, metres))
                    }
                    None => others.point_within(to_lambert93(p), metres),
                }
            }
            _ => projected(target, row).is_some_and(|g| others.geometry_within(&g, metres)),
        })
        .collect();
    hits.into_iter().collect()
}

/// Classifies every cell of `grid` (see the module documentation).
fn classify(grid: &Grid, others: &Others, metres: f64) -> Vec<Cell> {
    let columns = grid.columns();
    let rows = grid.len() / columns;
    // The projected lattice of cell corners, shared by neighbouring cells.
    let corners: Vec<[f64; 2]> = (0..(rows + 1) * (columns + 1))
        .into_par_iter()
        .map(|i| to_lambert93(grid.corner(i % (columns + 1), i / (columns + 1))))
        .collect();
    (0..grid.len())
        .into_par_iter()
        .with_min_len(256)
        .map(|cell| {
            let (col, row) = (cell % columns, cell / columns);
            let Some(centre) = grid.centre(cell).map(to_lambert93) else {
                return Cell::Test(others.around_all());
            };
            let corner = |c: usize, r: usize| corners[r * (columns + 1) + c];
            // The projected cell is bounded by straight meridians and arcs of parallels centred
            // far away: no point of it is farther from the centre than its farthest corner.
            let reach = [
                corner(col, row),
                corner(col + 1, row),
                corner(col, row + 1),
                corner(col + 1, row + 1),
            ]
            .iter()
            .map(|k| (k[0] - centre[0]).hypot(k[1] - centre[1]))
            .fold(0.0, f64::max)
                * (1.0 + 1e-9)
                + 1e-6;
            let c = Coord {
                x: centre[0],
                y: centre[1],
            };
            let mut candidates = Vec::new();
            for s in others.around([centre[0], centre[1], centre[0], centre[1]], metres + reach) {
                let d = others.distance(s, c);
                if d <= metres - reach {
                    return Cell::Near;
                }
                if d <= metres + reach {
                    candidates.push(s);
                }
            }
            if candidates.is_empty() {
                Cell::Far
            } else {
                Cell::Test(candidates)
            }
        })
        .collect()
}
