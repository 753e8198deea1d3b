//! The street segments: 100 000 lines of ten vertices each (a million vertices), wandering
//! around the area like the pieces of a street network.

use crate::area::{EAST, NORTH, SOUTH, WEST, inside, offset, round_to};
use crate::rng::Rng;

/// Vertices per segment.
const VERTICES: usize = 10;
/// Kinds of street, as a road database names them.
const KINDS: [&str; 4] = ["Route", "Rue", "Chemin", "Allée"];

/// One street segment: its identifier, name, kind and vertices (lon/lat).
pub struct Segment {
    /// `TRONROUT0000000001`, …
    pub id: String,
    /// A readable name.
    pub nom: String,
    /// One of [`KINDS`].
    pub nature: &'static str,
    /// The vertices, first to last.
    pub line: Vec<[f64; 2]>,
}

/// Makes `count` segments with the fixed seed.
pub fn make_segments(count: usize) -> Vec<Segment> {
    let mut rng = Rng::stream("bench-streets");
    (0..count)
        .map(|k| {
            let mut p = [rng.range(WEST, EAST), rng.range(SOUTH, NORTH)];
            let mut heading = rng.range(0.0, std::f64::consts::TAU);
            let step_m = rng.range(8.0, 30.0);
            let mut line = Vec::with_capacity(VERTICES);
            line.push([round_to(p[0], 7), round_to(p[1], 7)]);
            for _ in 1..VERTICES {
                heading += rng.range(-0.3, 0.3);
                let next = offset(p, step_m * heading.cos(), step_m * heading.sin());
                if inside(next) {
                    p = next;
                } else {
                    heading += std::f64::consts::PI;
                }
                line.push([round_to(p[0], 7), round_to(p[1], 7)]);
            }
            let nature = *rng.pick(&KINDS);
            Segment {
                id: format!("TRONROUT{:010}", k + 1),
                nom: format!("{nature} {}", rng.int(1, 900)),
                nature,
                line,
            }
        })
        .collect()
}
