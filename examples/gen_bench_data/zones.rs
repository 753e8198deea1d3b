//! The zones: a 10 × 5 jittered grid whose neighbours share the very same edge vertices, so
//! the 50 polygons tile the area with no gap and no overlap.

use crate::area::{EAST, NORTH, SOUTH, WEST, round_to};
use crate::rng::Rng;

/// Columns of the grid (west to east).
const COLUMNS: usize = 10;
/// Rows of the grid (south to north).
const ROWS: usize = 5;
/// Vertices inserted along each edge, so that zones have curvy borders like real ones.
const EDGE_VERTICES: usize = 6;

/// One zone: its identifier, its name and its closed counter-clockwise ring (lon/lat).
pub struct Zone {
    /// `Z01` to `Z50`.
    pub id: String,
    /// A readable name.
    pub nom: String,
    /// Closed ring, counter-clockwise as RFC 7946 wants.
    pub ring: Vec<[f64; 2]>,
}

/// The grid's corner vertices: inner ones moved up to a quarter of a cell, those on the outline
/// slid along it, the four corners fixed.
fn corners(rng: &mut Rng) -> Vec<Vec<[f64; 2]>> {
    let (dx, dy) = (
        (EAST - WEST) / COLUMNS as f64,
        (NORTH - SOUTH) / ROWS as f64,
    );
    (0..=COLUMNS)
        .map(|i| {
            (0..=ROWS)
                .map(|j| {
                    let mut x = WEST + i as f64 * dx;
                    let mut y = SOUTH + j as f64 * dy;
                    if j != 0 && j != ROWS {
                        y += rng.range(-0.25, 0.25) * dy;
                    }
                    if i != 0 && i != COLUMNS {
                        x += rng.range(-0.25, 0.25) * dx;
                    }
                    [round_to(x, 6), round_to(y, 6)]
                })
                .collect()
        })
        .collect()
}

/// The vertices strictly between `a` and `b`: along the segment, pushed sideways by up to 4 %
/// of its length, except on the outline of the area, which stays straight.
fn edge(rng: &mut Rng, a: [f64; 2], b: [f64; 2], on_outline: bool) -> Vec<[f64; 2]> {
    let (vx, vy) = (b[0] - a[0], b[1] - a[1]);
    (1..=EDGE_VERTICES)
        .map(|k| {
            let t = k as f64 / (EDGE_VERTICES + 1) as f64;
            let side = if on_outline {
                0.0
            } else {
                rng.range(-0.04, 0.04)
            };
            let p = [a[0] + t * vx - side * vy, a[1] + t * vy + side * vx];
            [round_to(p[0], 6), round_to(p[1], 6)]
        })
        .collect()
}

/// Makes the 50 zones with the fixed seed, row by row from the south-west.
pub fn make_zones() -> Vec<Zone> {
    let mut rng = Rng::stream("bench-zones");
    let c = corners(&mut rng);
    // Horizontal edges h[i][j]: c[i][j] → c[i+1][j]; vertical edges v[i][j]: c[i][j] → c[i][j+1].
    let h: Vec<Vec<Vec<[f64; 2]>>> = (0..COLUMNS)
        .map(|i| {
            (0..=ROWS)
                .map(|j| edge(&mut rng, c[i][j], c[i + 1][j], j == 0 || j == ROWS))
                .collect()
        })
        .collect();
    let v: Vec<Vec<Vec<[f64; 2]>>> = (0..=COLUMNS)
        .map(|i| {
            (0..ROWS)
                .map(|j| edge(&mut rng, c[i][j], c[i][j + 1], i == 0 || i == COLUMNS))
                .collect()
        })
        .collect();
    let mut zones = Vec::with_capacity(COLUMNS * ROWS);
    for j in 0..ROWS {
        for i in 0..COLUMNS {
            // Counter-clockwise: south edge east, east edge north, north edge west, west edge south.
            let mut ring = vec![c[i][j]];
            ring.extend(&h[i][j]);
            ring.push(c[i + 1][j]);
            ring.extend(&v[i + 1][j]);
            ring.push(c[i + 1][j + 1]);
            ring.extend(h[i][j + 1].iter().rev());
            ring.push(c[i][j + 1]);
            ring.extend(v[i][j].iter().rev());
            ring.push(c[i][j]);
            let number = zones.len() + 1;
            zones.push(Zone {
                id: format!("Z{number:02}"),
                nom: format!("Secteur {}{}", (b'A' + i as u8) as char, j + 1),
                ring,
            });
        }
    }
    zones
}
