//! The green spaces layer: real parks first, then synthetic ones drawn as star-shaped polygons.

use std::collections::HashSet;

use crate::geometry::{dist, geojson_ring, to_local, to_lon_lat};
use crate::green_data::{GREEN_COMPLEMENTS, GREEN_TYPES, REAL_PARKS};
use crate::places::{COMMUNE_RADIUS, COMMUNES};
use crate::rng::Rng;
use crate::territory::Territory;

/// A disc reserved by a green space: streets and other green spaces keep out of it.
#[derive(Clone, Copy)]
pub struct Disc {
    /// Centre in local metres.
    pub centre: [f64; 2],
    /// Radius in metres.
    pub radius: f64,
}

/// One green space of the layer.
pub struct GreenSpace {
    /// Its name.
    pub nom: String,
    /// Its type (`square`, `parc`, `coulée verte`…).
    pub kind: &'static str,
    /// Who manages it.
    pub gestionnaire: &'static str,
    /// Polygons, each a list of closed rings (exterior then holes), rounded lon/lat.
    pub polygons: Vec<Vec<Vec<[f64; 2]>>>,
    /// The disc it reserves.
    pub disc: Disc,
}

/// How a green space is drawn.
struct Shape {
    centre: [f64; 2],
    radius: f64,
    /// Minor/major axis ratio (1 for round shapes, small for green corridors).
    elongation: f64,
    /// Pond radius as a fraction of `radius`, if any.
    pond: Option<f64>,
    /// Number of separate parts (MultiPolygon when more than one).
    parts: usize,
}

/// An irregular star-shaped ring around `centre` (local metres, open, counter-clockwise).
fn star_ring(
    rng: &mut Rng,
    centre: [f64; 2],
    radius: f64,
    elongation: f64,
    min_factor: f64,
) -> Vec<[f64; 2]> {
    let n = rng.int(8, 16) as usize;
    let rotation = rng.range(0.0, std::f64::consts::PI);
    let step = std::f64::consts::TAU / n as f64;
    let start = rng.range(0.0, step);
    (0..n)
        .map(|k| {
            let angle = start + step * (k as f64 + rng.range(-0.3, 0.3));
            let r = radius * rng.range(min_factor, 1.0);
            let (x, y) = (angle.cos() * r, angle.sin() * r * elongation);
            let (s, c) = rotation.sin_cos();
            [centre[0] + x * c - y * s, centre[1] + x * s + y * c]
        })
        .collect()
}

fn draw_shape(rng: &mut Rng, shape: &Shape) -> Vec<Vec<Vec<[f64; 2]>>> {
    let mut polygons = Vec::new();
    if shape.parts > 1 {
        // Parts side by side inside the reserved disc, a gap between them.
        let direction = rng.range(0.0, std::f64::consts::TAU);
        let part_radius = shape.radius / shape.parts as f64 * 0.85;
        for k in 0..shape.parts {
            let along = (k as f64 - (shape.parts as f64 - 1.0) / 2.0) * part_radius * 2.2;
            let c = [
                shape.centre[0] + along * direction.cos(),
                shape.centre[1] + along * direction.sin(),
            ];
            let ring = star_ring(rng, c, part_radius, 1.0, 0.6);
            polygons.push(vec![geojson_ring(&ring, true)]);
        }
        return polygons;
    }
    let min_factor = if shape.pond.is_some() { 0.8 } else { 0.6 };
    let outer = star_ring(
        rng,
        shape.centre,
        shape.radius,
        shape.elongation,
        min_factor,
    );
    let mut rings = vec![geojson_ring(&outer, true)];
    if let Some(fraction) = shape.pond {
        let offset = rng.range(0.0, 0.05) * shape.radius;
        let angle = rng.range(0.0, std::f64::consts::TAU);
        let c = [
            shape.centre[0] + offset * angle.cos(),
            shape.centre[1] + offset * angle.sin(),
        ];
        let pond = star_ring(rng, c, shape.radius * fraction, 1.0, 0.7);
        rings.push(geojson_ring(&pond, false));
    }
    polygons.push(rings);
    polygons
}

const GREEN_TARGET: usize = 150;

/// The real parks, then synthetic green spaces in Angers and its neighbouring communes.
pub fn make_green_spaces(territory: &Territory) -> Vec<GreenSpace> {
    let mut rng = Rng::stream("espaces-verts");
    let mut spaces: Vec<GreenSpace> = Vec::new();
    for park in &REAL_PARKS {
        let shape = Shape {
            centre: to_local(park.centre),
            radius: park.radius,
            elongation: 1.0,
            pond: park.pond,
            parts: park.parts,
        };
        spaces.push(GreenSpace {
            nom: park.nom.to_owned(),
            kind: park.kind,
            gestionnaire: park.gestionnaire,
            polygons: draw_shape(&mut rng, &shape),
            disc: Disc {
                centre: shape.centre,
                radius: park.radius,
            },
        });
    }
    let mut names: HashSet<String> = spaces.iter().map(|s| s.nom.clone()).collect();
    let (mut multi_jardins, mut multi_coulee) = (false, false);
    let city_min = to_local([-0.6180, 47.4370]);
    let city_max = to_local([-0.5080, 47.5260]);
    let mut attempts = 0;
    while spaces.len() < GREEN_TARGET && attempts < 50_000 {
        attempts += 1;
        let &(kind, _, r_min, r_max, elongation, prefix) =
            rng.weighted(&GREEN_TYPES.map(|t| (t, t.1)));
        let radius = rng.range(r_min, r_max);
        // Mostly in Angers, a fifth in the neighbouring communes.
        let in_angers = rng.chance(0.8);
        let commune = rng.index(COMMUNES.len());
        let centre = if in_angers {
            [
                rng.range(city_min[0], city_max[0]),
                rng.range(city_min[1], city_max[1]),
            ]
        } else {
            let c = to_local(COMMUNES[commune].centre);
            let (a, r) = (
                rng.range(0.0, std::f64::consts::TAU),
                COMMUNE_RADIUS * rng.unit().sqrt(),
            );
            [c[0] + r * a.cos(), c[1] + r * a.sin()]
        };
        let ll = to_lon_lat(centre);
        let inside = if in_angers {
            territory.in_city(ll)
        } else {
            territory.in_commune(commune, ll)
        };
        let clear = spaces
            .iter()
            .all(|s| dist(s.disc.centre, centre) > s.disc.radius + radius + 25.0);
        if !inside || !clear {
            continue;
        }
        let name = format!("{prefix} {}", rng.pick(&GREEN_COMPLEMENTS));
        if names.contains(&name) {
            continue;
        }
        let parts = match kind {
            "jardins familiaux" if !multi_jardins => {
                multi_jardins = true;
                2
            }
            "coulée verte" if !multi_coulee => {
                multi_coulee = true;
                2
            }
            _ => 1,
        };
        let pond = (kind == "parc" && radius > 180.0 && parts == 1 && rng.chance(0.25))
            .then(|| rng.range(0.2, 0.35));
        let gestionnaire = match (in_angers, kind) {
            (_, "coulée verte") => "Angers Loire Métropole",
            (true, "square" | "aire de jeux") => *rng.weighted(&[
                ("Ville d'Angers", 6.0),
                ("Bailleur social", 3.0),
                ("Angers Loire Métropole", 1.0),
            ]),
            (true, _) => *rng.weighted(&[
                ("Ville d'Angers", 8.0),
                ("Angers Loire Métropole", 1.0),
                ("Département de Maine-et-Loire", 0.5),
            ]),
            (false, _) => *rng.weighted(&[
                ("Angers Loire Métropole", 6.0),
                ("Bailleur social", 2.0),
                ("Département de Maine-et-Loire", 1.0),
            ]),
        };
        let shape = Shape {
            centre,
            radius,
            elongation: if parts > 1 { 1.0 } else { elongation },
            pond,
            parts,
        };
        names.insert(name.clone());
        spaces.push(GreenSpace {
            nom: name,
            kind,
            gestionnaire,
            polygons: draw_shape(&mut rng, &shape),
            disc: Disc { centre, radius },
        });
    }
    spaces
}
