//! The addresses layer: streets laid out zone by zone, numbered on both sides.

use std::collections::HashMap;

use crate::geometry::{contains, to_local, to_lon_lat};
use crate::green_spaces::GreenSpace;
use crate::places::{ANGERS, ANGERS_INSEE, COMMUNE_RADIUS, COMMUNES, QUARTIERS};
use crate::rng::Rng;
use crate::street_names::{generic_street_names, street_length_range};
use crate::streets::{GREEN_ID, Grid, draw_street};
use crate::territory::Territory;

/// Where a street is: a quartier of Angers or a neighbouring commune.
#[derive(Clone, Copy, PartialEq)]
enum Zone {
    Quartier(usize),
    Commune(usize),
}

/// One address point of the CSV.
pub struct Address {
    /// INSEE code of the commune.
    pub insee: &'static str,
    /// Name of the commune.
    pub commune: &'static str,
    /// Postcode.
    pub code_postal: &'static str,
    /// Index of its quartier in `Territory::quartiers`; `None` outside Angers.
    pub quartier: Option<usize>,
    /// Street name.
    pub street: String,
    /// The street's code within its commune, part of the address id.
    pub street_code: u32,
    /// House number.
    pub numero: u32,
    /// `""`, `"bis"` or `"ter"`.
    pub suffixe: &'static str,
    /// WGS 84 lon/lat.
    pub ll: [f64; 2],
    /// Where the address comes from (Ville d'Angers, BAN, Cadastre).
    pub source: &'static str,
    /// Last update, `YYYY-MM-DD`.
    pub date: String,
}

/// A date between 2015-01-01 and 2025-12-31.
fn random_date(rng: &mut Rng) -> String {
    let year = rng.int(2015, 2025);
    let month = rng.int(1, 12);
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    format!("{year:04}-{month:02}-{:02}", rng.int(1, days))
}

/// Lays out streets zone by zone (the quartiers of Angers, then the communes), clear of `greens`,
/// and numbers addresses along both sides of each.
pub fn make_addresses(territory: &Territory, greens: &[GreenSpace]) -> Vec<Address> {
    let mut rng = Rng::stream("adresses");
    let mut grid = Grid {
        cells: HashMap::new(),
    };
    for g in greens {
        grid.reserve_disc(g.disc);
    }
    let mut addresses = Vec::new();
    let mut street_id: u32 = 0;
    let mut angers_names = generic_street_names(&mut rng).into_iter();
    let mut angers_code: u32 = 0;
    let zones: Vec<Zone> = (0..QUARTIERS.len())
        .map(Zone::Quartier)
        .chain((0..COMMUNES.len()).map(Zone::Commune))
        .collect();
    for zone in zones {
        let (target, real_streets, spacing) = match zone {
            Zone::Quartier(q) => {
                let spacing = if q == 0 { (10.0, 16.0) } else { (16.0, 30.0) };
                (QUARTIERS[q].addresses, QUARTIERS[q].streets, spacing)
            }
            Zone::Commune(c) => (COMMUNES[c].addresses, &[][..], (18.0, 34.0)),
        };
        let mut commune_names = generic_street_names(&mut rng).into_iter();
        let mut commune_code: u32 = 0;
        let orientation = rng.range(0.0, std::f64::consts::FRAC_PI_2);
        let mut real = real_streets.iter();
        let mut count = 0;
        let mut attempts = 0;
        let mut pending_name: Option<String> = None;
        while count < target && attempts < 20_000 {
            attempts += 1;
            let name = match pending_name.take() {
                Some(name) => name,
                None => match (zone, real.next()) {
                    (_, Some(name)) => (*name).to_owned(),
                    (Zone::Quartier(_), None) => angers_names
                        .next()
                        .unwrap_or_else(|| "Rue Nouvelle".to_owned()),
                    (Zone::Commune(_), None) => commune_names
                        .next()
                        .unwrap_or_else(|| "Rue Nouvelle".to_owned()),
                },
            };
            let inside = |ll: [f64; 2]| match zone {
                Zone::Quartier(_) => territory.in_city(ll),
                Zone::Commune(c) => territory.in_commune(c, ll),
            };
            // A start point in the zone.
            let start = match zone {
                Zone::Quartier(q) => {
                    let ring = &territory.quartiers[q].ring;
                    let (lo, hi) =
                        ring.iter()
                            .fold(([f64::MAX; 2], [f64::MIN; 2]), |(lo, hi), p| {
                                (
                                    [lo[0].min(p[0]), lo[1].min(p[1])],
                                    [hi[0].max(p[0]), hi[1].max(p[1])],
                                )
                            });
                    let ll = [rng.range(lo[0], hi[0]), rng.range(lo[1], hi[1])];
                    if !contains(&territory.quartiers[q].polygon, ll) {
                        pending_name = Some(name);
                        continue;
                    }
                    to_local(ll)
                }
                Zone::Commune(c) => {
                    let centre = to_local(COMMUNES[c].centre);
                    let (a, r) = (
                        rng.range(0.0, std::f64::consts::TAU),
                        COMMUNE_RADIUS * rng.unit().sqrt(),
                    );
                    [centre[0] + r * a.cos(), centre[1] + r * a.sin()]
                }
            };
            let (min_len, max_len) = street_length_range(&name);
            let heading = orientation + std::f64::consts::FRAC_PI_2 * rng.int(0, 3) as f64;
            let length = rng.range(min_len, max_len);
            let street = draw_street(&mut rng, start, heading, length);
            // The street must stay in its zone, keep out of parks, and cross other streets at most once.
            let samples: Vec<[f64; 2]> = (0..=(street.length() / 10.0) as usize)
                .map(|k| street.at(k as f64 * 10.0).0)
                .collect();
            let hits: Vec<u32> = samples
                .iter()
                .filter_map(|p| grid.cells.get(&Grid::key(*p)).copied())
                .collect();
            let relaxed = attempts > 15_000;
            if !street.points.iter().all(|p| inside(to_lon_lat(*p)))
                || hits.contains(&GREEN_ID)
                || (hits.len() > 5 && !relaxed)
            {
                pending_name = Some(name);
                continue;
            }
            street_id += 1;
            let code = match zone {
                Zone::Quartier(_) => &mut angers_code,
                Zone::Commune(_) => &mut commune_code,
            };
            *code += rng.int(1, 9) as u32;
            let street_code = *code;
            let base_source = match zone {
                Zone::Quartier(_) => {
                    *rng.weighted(&[("Ville d'Angers", 6.0), ("BAN", 3.0), ("Cadastre", 1.0)])
                }
                Zone::Commune(_) => *rng.weighted(&[("BAN", 7.0), ("Cadastre", 3.0)]),
            };
            let step = rng.range(spacing.0, spacing.1);
            let mut placed: Vec<(u32, &'static str, [f64; 2])> = Vec::new();
            for (side, first) in [(1.0, 1u32), (-1.0, 2u32)] {
                // Odd numbers on the left, even on the right, increasing along the street.
                let offset = rng.range(8.0, 15.0);
                let mut s = rng.range(3.0, 12.0);
                let mut numero = first;
                let mut place = |rng: &mut Rng, s: f64, numero: u32, suffixe: &'static str| {
                    let (p, t) = street.at(s);
                    let o = offset * rng.range(0.92, 1.08) * side;
                    placed.push((numero, suffixe, [p[0] - t[1] * o, p[1] + t[0] * o]));
                };
                while s < street.length() - 3.0 {
                    let next = step * rng.range(0.7, 1.3);
                    place(&mut rng, s, numero, "");
                    if rng.chance(0.042) {
                        place(&mut rng, s + next * 0.4, numero, "bis");
                        if rng.chance(0.2) {
                            place(&mut rng, s + next * 0.7, numero, "ter");
                        }
                    }
                    s += next;
                    numero += if rng.chance(0.08) { 4 } else { 2 };
                }
            }
            placed.sort_by_key(|(numero, suffixe, _)| {
                (
                    *numero,
                    ["", "bis", "ter"].iter().position(|x| x == suffixe),
                )
            });
            for p in &street.points {
                grid.cells.insert(Grid::key(*p), street_id);
            }
            for p in &samples {
                grid.cells.insert(Grid::key(*p), street_id);
            }
            for (numero, suffixe, p) in placed {
                let ll = to_lon_lat(p);
                if !inside(ll) {
                    continue;
                }
                let (insee, commune, code_postal, quartier) = match zone {
                    Zone::Quartier(_) => {
                        let Some(q) = territory.quartier_at(ll) else {
                            continue;
                        };
                        (
                            ANGERS_INSEE,
                            ANGERS,
                            territory.quartiers[q].code_postal,
                            Some(q),
                        )
                    }
                    Zone::Commune(c) => (
                        COMMUNES[c].insee,
                        COMMUNES[c].nom,
                        COMMUNES[c].code_postal,
                        None,
                    ),
                };
                let source = if rng.chance(0.85) {
                    base_source
                } else {
                    *rng.pick(&["Ville d'Angers", "BAN", "Cadastre"])
                };
                let source = if quartier.is_none() && source == "Ville d'Angers" {
                    "BAN"
                } else {
                    source
                };
                grid.cells.insert(Grid::key(p), street_id);
                addresses.push(Address {
                    insee,
                    commune,
                    code_postal,
                    quartier,
                    street: name.clone(),
                    street_code,
                    numero,
                    suffixe,
                    ll,
                    source,
                    date: random_date(&mut rng),
                });
                count += 1;
            }
        }
        if count < target {
            eprintln!(
                "note: {count} addresses instead of {target} in zone {}",
                zone_name(zone)
            );
        }
    }
    addresses
}

fn zone_name(zone: Zone) -> &'static str {
    match zone {
        Zone::Quartier(q) => QUARTIERS[q].nom,
        Zone::Commune(c) => COMMUNES[c].nom,
    }
}
