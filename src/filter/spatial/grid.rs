//! A regular grid of cells in longitude/latitude, so most points are answered by their cell alone.
//!
//! Every index is computed by one monotonic function of the coordinate, so a point and a box
//! that contains it always agree on the cell: that is what lets a cell with no zone edge in
//! it be decided once for all its points.

use std::ops::Range;

/// Cells of `w × h` degrees from `(lon0, lat0)`, `nx` columns and `ny` rows.
#[derive(Clone, Debug)]
pub(super) struct Grid {
    lon0: f64,
    lat0: f64,
    w: f64,
    h: f64,
    /// `1 / w` and `1 / h`: a product is cheaper than a division, and as monotonic.
    per_lon: f64,
    per_lat: f64,
    nx: usize,
    ny: usize,
}

/// At most this many cells along one side.
const MAX_SIDE: usize = 2048;

impl Grid {
    /// About `cells` cells, roughly square on the ground and at least `min_side_m` wide,
    /// over `bbox` (`[min_lon, min_lat, max_lon, max_lat]`); `None` for a box that is not one.
    pub(super) fn covering(bbox: [f64; 4], cells: usize, min_side_m: f64) -> Option<Self> {
        let [x0, y0, x1, y1] = bbox;
        if !(bbox.iter().all(|v| v.is_finite()) && x1 >= x0 && y1 >= y0) {
            return None;
        }
        // Rough metres per degree: only the shape of the cells depends on it, not the answers.
        let m_per_lon = 111_320.0 * ((y0 + y1) / 2.0).to_radians().cos().max(0.01);
        let (width_m, height_m) = ((x1 - x0) * m_per_lon, (y1 - y0) * 110_574.0);
        let side_m = (width_m.max(1e-3) * height_m.max(1e-3) / cells.max(1) as f64)
            .sqrt()
            .max(min_side_m);
        let count = |extent_m: f64| ((extent_m / side_m).ceil() as usize).clamp(1, MAX_SIDE);
        let (nx, ny) = (count(width_m), count(height_m));
        // A sliver of margin so the far edge of the box falls inside the last cell.
        let w = ((x1 - x0) / nx as f64).max(1e-12) * (1.0 + 1e-9);
        let h = ((y1 - y0) / ny as f64).max(1e-12) * (1.0 + 1e-9);
        Some(Self {
            lon0: x0,
            lat0: y0,
            w,
            h,
            per_lon: 1.0 / w,
            per_lat: 1.0 / h,
            nx,
            ny,
        })
    }

    /// Number of cells.
    pub(super) fn len(&self) -> usize {
        self.nx * self.ny
    }

    /// `(lon0, lat0, per_lon, per_lat)`: the corner and the inverse cell size.
    pub(super) fn origin_and_scale(&self) -> (f64, f64, f64, f64) {
        (self.lon0, self.lat0, self.per_lon, self.per_lat)
    }

    /// How many cells long the segment `a`–`b` is, along its longer axis (rounded up).
    pub(super) fn cells_along(&self, a: [f64; 2], b: [f64; 2]) -> usize {
        let span = ((b[0] - a[0]) * self.per_lon)
            .abs()
            .max(((b[1] - a[1]) * self.per_lat).abs());
        if span.is_finite() {
            span.ceil() as usize
        } else {
            1
        }
    }

    /// The width and height of a cell, in degrees.
    pub(super) fn cell_size(&self) -> (f64, f64) {
        (self.w, self.h)
    }

    /// Number of columns.
    pub(super) fn columns(&self) -> usize {
        self.nx
    }

    /// The column as a real number; its integer part (never taken below 0) is the column.
    #[inline]
    fn column(&self, lon: f64) -> f64 {
        (lon - self.lon0) * self.per_lon
    }

    #[inline]
    fn row(&self, lat: f64) -> f64 {
        (lat - self.lat0) * self.per_lat
    }

    /// The cell holding `p`, `None` outside the grid.
    #[inline]
    pub(super) fn cell_of(&self, p: [f64; 2]) -> Option<usize> {
        let (col, row) = (self.column(p[0]), self.row(p[1]));
        let inside = col >= 0.0 && row >= 0.0 && col < self.nx as f64 && row < self.ny as f64;
        // Truncation is the floor of a non-negative number, without a call to libm.
        inside.then(|| row as usize * self.nx + col as usize)
    }

    /// The columns and rows of the cells `bbox` meets (closed), `None` when it misses the grid.
    pub(super) fn span(&self, bbox: [f64; 4]) -> Option<(Range<usize>, Range<usize>)> {
        let clamp = |v: f64, n: usize| v.clamp(0.0, (n - 1) as f64) as usize;
        let (c0, c1) = (self.column(bbox[0]), self.column(bbox[2]));
        let (r0, r1) = (self.row(bbox[1]), self.row(bbox[3]));
        let misses = c1 < 0.0 || r1 < 0.0 || c0 >= self.nx as f64 || r0 >= self.ny as f64;
        if misses || c0.is_nan() || r0.is_nan() || c1.is_nan() || r1.is_nan() {
            return None;
        }
        Some((
            clamp(c0, self.nx)..clamp(c1, self.nx) + 1,
            clamp(r0, self.ny)..clamp(r1, self.ny) + 1,
        ))
    }

    /// The corner `(col, row)` of the lattice (`col ≤ nx`, `row ≤ ny`).
    pub(super) fn corner(&self, col: usize, row: usize) -> [f64; 2] {
        [
            self.lon0 + col as f64 * self.w,
            self.lat0 + row as f64 * self.h,
        ]
    }

    /// The centre of cell `cell`, when the grid maps it back to that cell.
    pub(super) fn centre(&self, cell: usize) -> Option<[f64; 2]> {
        let (col, row) = (cell % self.nx, cell / self.nx);
        let c = [
            self.lon0 + (col as f64 + 0.5) * self.w,
            self.lat0 + (row as f64 + 0.5) * self.h,
        ];
        (self.cell_of(c) == Some(cell)).then_some(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_and_boxes_agree_on_cells() {
        let grid = Grid::covering([-0.60, 47.43, -0.50, 47.50], 1000, 0.0).expect("grid");
        assert!(grid.len() > 500 && grid.len() < 2000, "{}", grid.len());
        let corner = grid.cell_of([-0.50, 47.50]).expect("far corner inside");
        assert_eq!(corner, grid.len() - 1);
        assert_eq!(grid.cell_of([-0.61, 47.45]), None);
        let p = [-0.5512, 47.4644];
        let cell = grid.cell_of(p).expect("inside");
        let (cols, rows) = grid.span([p[0], p[1], p[0], p[1]]).expect("meets");
        assert_eq!(rows.start * grid.columns() + cols.start, cell);
        assert_eq!((cols.len(), rows.len()), (1, 1));
        assert_eq!(grid.centre(cell).and_then(|c| grid.cell_of(c)), Some(cell));
        assert!(grid.span([1.0, 1.0, 2.0, 2.0]).is_none());
    }
}
