//! The green spaces: 200 star-shaped polygons in Lambert-93 metres, as a city's GIS exports them.

use std::f64::consts::TAU;

use territoire::data::lambert93::to_lambert93;

use crate::area::{EAST, NORTH, SOUTH, WEST, round_to};
use crate::rng::Rng;
use crate::street_names::generic_street_names;

/// How many green spaces.
pub const GREEN_COUNT: usize = 200;

/// Kinds of green space with their weight.
const KINDS: [(&str, f64); 4] = [
    ("Square", 5.0),
    ("Jardin", 3.0),
    ("Parc", 1.5),
    ("Espace vert", 2.0),
];

/// One green space.
pub struct GreenSpace {
    /// Its number, from 1.
    pub id: usize,
    /// Its name ("Square des Érables").
    pub nom: String,
    /// Its kind, the first word of its name.
    pub kind: &'static str,
    /// Closed counter-clockwise ring in Lambert-93 metres, rounded to the centimetre.
    pub ring: Vec<[f64; 2]>,
}

/// Makes the green spaces with the fixed seed, centres anywhere in the area.
pub fn make_green_spaces() -> Vec<GreenSpace> {
    let mut rng = Rng::stream("bench-green");
    // "Rue des Érables" → "des Érables": the street names' complements name the parks too.
    let complements: Vec<String> = generic_street_names(&mut rng)
        .into_iter()
        .filter_map(|n| n.split_once(' ').map(|(_, rest)| rest.to_owned()))
        .collect();
    (1..=GREEN_COUNT)
        .map(|id| {
            let centre = to_lambert93([rng.range(WEST, EAST), rng.range(SOUTH, NORTH)]);
            let kind = *rng.weighted(&KINDS);
            let radius_m = match kind {
                "Parc" => rng.range(80.0, 200.0),
                _ => rng.range(20.0, 90.0),
            };
            let corners = rng.int(10, 24) as usize;
            let mut ring: Vec<[f64; 2]> = (0..corners)
                .map(|k| {
                    let angle = TAU * (k as f64 + rng.range(-0.3, 0.3)) / corners as f64;
                    let r = radius_m * rng.range(0.6, 1.0);
                    [
                        round_to(centre[0] + r * angle.cos(), 2),
                        round_to(centre[1] + r * angle.sin(), 2),
                    ]
                })
                .collect();
            ring.push(ring[0]);
            GreenSpace {
                id,
                nom: format!("{kind} {}", rng.pick(&complements)),
                kind,
                ring,
            }
        })
        .collect()
}
