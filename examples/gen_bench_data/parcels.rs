//! The parcels: 200 000 small polygons tiling the area like a cadastre. A jittered 500 × 400
//! grid whose neighbours share the very same vertices (corners, and the extra vertex some
//! edges carry), so that the parcels meet with no gap and no overlap.

use crate::area::{EAST, NORTH, SOUTH, WEST, round_to};
use crate::rng::Rng;

/// Columns of the grid (west to east).
const COLUMNS: usize = 500;
/// Rows of the grid (south to north).
const ROWS: usize = 400;
/// Share of edges that carry one more vertex, pushed sideways (a bent boundary).
const BENT_EDGES: f64 = 0.4;
/// Decimals written (about a centimetre).
const DECIMALS: i32 = 7;

/// One parcel: its cadastral identifier, section, number, area and closed ring (lon/lat).
pub struct Parcel {
    /// `49007000` + section + number, as the cadastre writes them.
    pub id: String,
    /// Two capital letters.
    pub section: String,
    /// Number within the section, from 1.
    pub numero: u32,
    /// Area in square metres (approximate, for choropleths).
    pub contenance: u32,
    /// Closed ring, counter-clockwise.
    pub ring: Vec<[f64; 2]>,
}

/// The corner vertices: inner ones moved up to 30 % of a cell, those of the outline fixed.
fn corners(rng: &mut Rng, dx: f64, dy: f64) -> Vec<[f64; 2]> {
    let mut c = Vec::with_capacity((COLUMNS + 1) * (ROWS + 1));
    for j in 0..=ROWS {
        for i in 0..=COLUMNS {
            let mut x = WEST + i as f64 * dx;
            let mut y = SOUTH + j as f64 * dy;
            if i != 0 && i != COLUMNS {
                x += rng.range(-0.3, 0.3) * dx;
            }
            if j != 0 && j != ROWS {
                y += rng.range(-0.3, 0.3) * dy;
            }
            c.push([round_to(x, DECIMALS), round_to(y, DECIMALS)]);
        }
    }
    c
}

/// The optional vertex between `a` and `b`, shared by both parcels of the edge.
fn bend(rng: &mut Rng, a: [f64; 2], b: [f64; 2]) -> Option<[f64; 2]> {
    let side = rng.range(-0.15, 0.15);
    let t = rng.range(0.3, 0.7);
    rng.chance(BENT_EDGES).then(|| {
        let (vx, vy) = (b[0] - a[0], b[1] - a[1]);
        let p = [a[0] + t * vx - side * vy, a[1] + t * vy + side * vx];
        [round_to(p[0], DECIMALS), round_to(p[1], DECIMALS)]
    })
}

/// Area of a closed lon/lat ring in square metres (shoelace on local metres).
fn area_m2(ring: &[[f64; 2]]) -> f64 {
    let kx = 111_200.0 * ((SOUTH + NORTH) / 2.0).to_radians().cos();
    let twice: f64 = ring
        .windows(2)
        .map(|w| (w[0][0] * w[1][1] - w[1][0] * w[0][1]) * kx * 111_200.0)
        .sum();
    twice.abs() / 2.0
}

/// Makes the parcels with the fixed seed, row by row from the south-west.
pub fn make_parcels() -> Vec<Parcel> {
    let mut rng = Rng::stream("bench-parcels");
    let (dx, dy) = (
        (EAST - WEST) / COLUMNS as f64,
        (NORTH - SOUTH) / ROWS as f64,
    );
    let c = corners(&mut rng, dx, dy);
    let at = |i: usize, j: usize| c[j * (COLUMNS + 1) + i];
    let outline_h = |j: usize| j == 0 || j == ROWS;
    let outline_v = |i: usize| i == 0 || i == COLUMNS;
    // Horizontal edge (i, j): at(i, j) → at(i + 1, j); vertical edge (i, j): at(i, j) → at(i, j + 1).
    let mut h = Vec::with_capacity(COLUMNS * (ROWS + 1));
    for j in 0..=ROWS {
        for i in 0..COLUMNS {
            let b = bend(&mut rng, at(i, j), at(i + 1, j));
            h.push(b.filter(|_| !outline_h(j)));
        }
    }
    let mut v = Vec::with_capacity((COLUMNS + 1) * ROWS);
    for j in 0..ROWS {
        for i in 0..=COLUMNS {
            let b = bend(&mut rng, at(i, j), at(i, j + 1));
            v.push(b.filter(|_| !outline_v(i)));
        }
    }
    let hb = |i: usize, j: usize| h[j * COLUMNS + i];
    let vb = |i: usize, j: usize| v[j * (COLUMNS + 1) + i];
    let mut parcels = Vec::with_capacity(COLUMNS * ROWS);
    for j in 0..ROWS {
        for i in 0..COLUMNS {
            let mut ring = vec![at(i, j)];
            ring.extend(hb(i, j));
            ring.push(at(i + 1, j));
            ring.extend(vb(i + 1, j));
            ring.push(at(i + 1, j + 1));
            ring.extend(hb(i, j + 1));
            ring.push(at(i, j + 1));
            ring.extend(vb(i, j));
            ring.push(at(i, j));
            let sheet = (j / 20) * (COLUMNS / 25) + i / 25;
            let section = format!(
                "{}{}",
                (b'A' + (sheet / 26 % 26) as u8) as char,
                (b'A' + (sheet % 26) as u8) as char
            );
            let numero = ((j % 20) * 25 + i % 25 + 1) as u32;
            parcels.push(Parcel {
                id: format!("49007000{section}{numero:04}"),
                section,
                numero,
                contenance: area_m2(&ring).round() as u32,
                ring,
            });
        }
    }
    parcels
}
