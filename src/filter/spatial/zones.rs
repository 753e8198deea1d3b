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

    /// Cells that an outline's edge may cross cannot be decided by their centre.
    fn mark_outlines(&mut self, zones: &Dataset, zone_rows: &[usize]) {
        for &(k, _) in &self.shapes {
            let row = zone_rows[k as usize];
            for ring in zones.geometry.parts(row).flatten() {
                for (i, a) in ring.iter().enumerate() {
                    let b = ring[(i + 1) % ring.len()];
                    let bbox = [
                        a[0].min(b[0]),
                        a[1].min(b[1]),
                        a[0].max(b[0]),
                        a[1].max(b[1]),
                    ];
                    if let Some((cols, rows)) = self.grid.span(bbox) {
                        for r in rows {
                            for c in cols.clone() {
                                self.cells[r * self.grid.columns() + c] = MIXED;
                            }
                        }
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
