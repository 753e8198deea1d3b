//! Which chosen zone each feature falls in: a grid decides most points by their cell, the half-open test the rest.

use rayon::prelude::*;

use super::grid::Grid;
use super::pip::ZoneShape;
use super::representative_point;
use crate::data::Dataset;

/// A cell no chosen zone reaches.
const OUTSIDE: u32 = u32::MAX;
/// Not decided yet, while building.
const UNSET: u32 = u32::MAX - 1;
/// Cells at or above this crossed a zone outline: `value - MIXED` indexes the candidate lists.
const MIXED: u32 = 1 << 31;

/// The chosen zones and a grid over them.
struct ZoneIndex {
    /// `(position in zone_rows, shape)`, in the order of `zone_rows`.
    shapes: Vec<(u32, ZoneShape)>,
    grid: Grid,
    /// Per cell: an index into `shapes`, [`OUTSIDE`], or `MIXED + list`.
    cells: Vec<u32>,
    /// Candidate shapes of each mixed cell, in `shapes` order.
    list_starts: Vec<u32>,
    lists: Vec<u32>,
}

/// For each row of `target`, the position in `zone_rows` of the first chosen zone holding it.
pub(super) fn assign(target: &Dataset, zones: &Dataset, zone_rows: &[usize]) -> Vec<Option<u32>> {
    let Some(index) = ZoneIndex::build(zones, zone_rows, target.len()) else {
        return vec![None; target.len()];
    };
    (0..target.len())
        .into_par_iter()
        .with_min_len(8192)
        .map(|row| index.zone_of(representative_point(target, row)?))
        .collect()
}

/// The zone grid as plain numbers, so that a database decides most points as [`assign`] does:
/// the cell of a point is `floor((lon - lon0) * per_lon)` columns and `floor((lat - lat0) *
/// per_lat)` rows from the corner, when both are in range.
#[derive(Clone, Debug, PartialEq)]
pub struct ZoneCells {
    /// The grid's corner and inverse cell size.
    pub lon0: f64,
    /// The grid's corner and inverse cell size.
    pub lat0: f64,
    /// The grid's corner and inverse cell size.
    pub per_lon: f64,
    /// The grid's corner and inverse cell size.
    pub per_lat: f64,
    /// Columns.
    pub nx: i32,
    /// Rows.
    pub ny: i32,
    /// Per cell, row by row: the position in `zone_rows` of the zone holding it whole, `-1` when
    /// no zone reaches it, `-2 - m` for the `m`-th cell an outline crosses.
    pub cells: Vec<i32>,
    /// The candidate zones (positions in `zone_rows`, in that order) of crossed cell `m`:
    /// `lists[starts[m]..starts[m + 1]]`.
    pub starts: Vec<i32>,
    /// See `starts`.
    pub lists: Vec<i32>,
}

/// The grid [`assign`] would use for `points` features over the chosen zones, `None` when no
/// chosen zone is a polygon.
pub(super) fn cells(zones: &Dataset, zone_rows: &[usize], points: usize) -> Option<ZoneCells> {
    let index = ZoneIndex::build(zones, zone_rows, points)?;
    let position = |s: u32| index.shapes.get(s as usize).map_or(-1, |(k, _)| *k as i32);
    let (lon0, lat0, per_lon, per_lat) = index.grid.origin_and_scale();
    Some(ZoneCells {
        lon0,
        lat0,
        per_lon,
        per_lat,
        nx: i32::try_from(index.grid.columns()).ok()?,
        ny: i32::try_from(index.grid.len() / index.grid.columns().max(1)).ok()?,
        cells: index
            .cells
            .iter()
            .map(|&c| match c {
                OUTSIDE => -1,
                c if c < MIXED => position(c),
                c => -2 - (c - MIXED) as i32,
            })
            .collect(),
        starts: index.list_starts.iter().map(|&s| s as i32).collect(),
        lists: index.lists.iter().map(|&s| position(s)).collect(),
    })
}

impl ZoneIndex {
    fn build(zones: &Dataset, zone_rows: &[usize], points: usize) -> Option<Self> {
        let shapes: Vec<(u32, ZoneShape)> = zone_rows
            .iter()
            .enumerate()
            .filter(|&(_, &row)| row < zones.len() && zones.geometry.kind(row).is_areal())
            .filter_map(|(k, &row)| {
                let rings = zones.geometry.parts(row).flatten();
                Some((u32::try_from(k).ok()?, ZoneShape::new(rings)?))
            })
            .collect();
        let extent = shapes.iter().map(|(_, s)| s.bbox()).reduce(|a, b| {
            [
                a[0].min(b[0]),
                a[1].min(b[1]),
                a[2].max(b[2]),
                a[3].max(b[3]),
            ]
        })?;
        let grid = Grid::covering(extent, (points / 8).clamp(256, 262_144), 0.0)?;
        let mut index = Self {
            cells: vec![UNSET; grid.len()],
            shapes,
            grid,
            list_starts: vec![0],
            lists: Vec::new(),
        };
        index.mark_outlines(zones, zone_rows);
        index.decide_cells();
        index.fill_lists();
        Some(index)
    }

    /// Cells that an outline's edge may cross cannot be decided by their centre. A long edge is
    /// cut into pieces no longer than a cell, so only the cells along it are marked, not every
    /// cell of its box.
    fn mark_outlines(&mut self, zones: &Dataset, zone_rows: &[usize]) {
        // A margin of a millionth of a cell covers the rounding of the cut points.
        let (w, h) = self.grid.cell_size();
        let (ex, ey) = (w * 1e-6, h * 1e-6);
        for &(k, _) in &self.shapes {
            let row = zone_rows[k as usize];
            for ring in zones.geometry.parts(row).flatten() {
                for (i, a) in ring.iter().enumerate() {
                    let b = ring[(i + 1) % ring.len()];
                    let pieces = self.grid.cells_along(*a, b).clamp(1, 1 << 16);
                    for p in 0..pieces {
                        let t0 = p as f64 / pieces as f64;
                        let t1 = (p + 1) as f64 / pieces as f64;
                        let at = |t: f64| [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
                        let (u, v) = (
                            if p == 0 { *a } else { at(t0) },
                            if p + 1 == pieces { b } else { at(t1) },
                        );
                        mark_box(
                            &self.grid,
                            &mut self.cells,
                            [
                                u[0].min(v[0]) - ex,
                                u[1].min(v[1]) - ey,
                                u[0].max(v[0]) + ex,
                                u[1].max(v[1]) + ey,
                            ],
                        );
                    }
                }
            }
        }
    }

    /// A cell no outline crosses lies wholly in one zone or in none: its centre says which.
    fn decide_cells(&mut self) {
        for (s, (_, shape)) in self.shapes.iter().enumerate() {
            let Some((cols, rows)) = self.grid.span(shape.bbox()) else {
                continue;
            };
            for r in rows {
                for c in cols.clone() {
                    let cell = r * self.grid.columns() + c;
                    if self.cells[cell] != UNSET {
                        continue;
                    }
                    match self.grid.centre(cell) {
                        Some(centre) if shape.contains(centre) => self.cells[cell] = s as u32,
                        Some(_) => {}
                        None => self.cells[cell] = MIXED,
                    }
                }
            }
        }
        for cell in &mut self.cells {
            if *cell == UNSET {
                *cell = OUTSIDE;
            }
        }
    }

    /// The candidate zones of each mixed cell: those whose extent meets it.
    fn fill_lists(&mut self) {
        let mut per_cell: Vec<Vec<u32>> = Vec::new();
        for cell in &mut self.cells {
            if *cell == MIXED {
                *cell = MIXED + per_cell.len() as u32;
                per_cell.push(Vec::new());
            }
        }
        for (s, (_, shape)) in self.shapes.iter().enumerate() {
            let Some((cols, rows)) = self.grid.span(shape.bbox()) else {
                continue;
            };
            for r in rows {
                for c in cols.clone() {
                    let cell = self.cells[r * self.grid.columns() + c];
                    if (MIXED..UNSET).contains(&cell) {
                        per_cell[(cell - MIXED) as usize].push(s as u32);
                    }
                }
            }
        }
        for list in per_cell {
            self.lists.extend(list);
            self.list_starts.push(self.lists.len() as u32);
        }
    }

    /// The position in `zone_rows` of the first zone holding `p`.
    #[inline]
    fn zone_of(&self, p: [f64; 2]) -> Option<u32> {
        let cell = self.cells[self.grid.cell_of(p)?];
        let shape = match cell {
            OUTSIDE => return None,
            c if c < MIXED => c as usize,
            c => {
                let m = (c - MIXED) as usize;
                let list =
                    &self.lists[self.list_starts[m] as usize..self.list_starts[m + 1] as usize];
                *list
                    .iter()
                    .find(|&&s| self.shapes[s as usize].1.contains(p))? as usize
            }
        };
        self.shapes.get(shape).map(|(k, _)| *k)
    }
}

/// Marks the cells `bbox` meets as crossed by an outline.
fn mark_box(grid: &Grid, cells: &mut [u32], bbox: [f64; 4]) {
    if let Some((cols, rows)) = grid.span(bbox) {
        for r in rows {
            for c in cols.clone() {
                cells[r * grid.columns() + c] = MIXED;
            }
        }
    }
}
