//! The address points: streets thrown across the area, numbered on both sides, until there are enough.

use std::f64::consts::PI;

use crate::area::{EAST, NORTH, SOUTH, WEST, inside, offset, round_to};
use crate::communes::{COMMUNES, code_postal, commune_at};
use crate::rng::Rng;
use crate::street_names::{generic_street_names, street_length_range};

/// One address point.
pub struct Address {
    /// Index of its street in [`Addresses::streets`].
    pub street: u32,
    /// House number.
    pub numero: u32,
    /// `""`, `"bis"` or `"ter"`.
    pub suffixe: &'static str,
    /// WGS 84 lon/lat, rounded to 6 decimals (about 10 cm) as written.
    pub lon_lat: [f64; 2],
}

/// One street: its name and what its addresses share.
pub struct Street {
    /// Its name, with the accents of French street names.
    pub name: String,
    /// Index of its commune in [`COMMUNES`].
    pub commune: usize,
    /// Its postcode.
    pub code_postal: &'static str,
    /// Where its addresses come from.
    pub source: &'static str,
}

/// Every street and every address point, in the order they are written.
pub struct Addresses {
    /// The streets.
    pub streets: Vec<Street>,
    /// The points, street after street.
    pub points: Vec<Address>,
}

impl Addresses {
    /// The BAN-like identifier of an address: `{insee}_{street:05}_{numero:05}[_{suffixe}]`.
    pub fn id(&self, address: &Address) -> String {
        let street = &self.streets[address.street as usize];
        let mut id = format!(
            "{}_{:05}_{:05}",
            COMMUNES[street.commune].insee, address.street, address.numero
        );
        if !address.suffixe.is_empty() {
            id.push('_');
            id.push_str(address.suffixe);
        }
        id
    }
}

const SOURCES: [(&str, f64); 3] = [("BAN", 6.0), ("Ville d'Angers", 3.0), ("Cadastre", 1.0)];

/// Makes exactly `count` address points with the fixed seed.
pub fn make_addresses(count: usize) -> Addresses {
    let mut rng = Rng::stream("bench-addresses");
    let names: Vec<Vec<String>> = COMMUNES
        .iter()
        .map(|_| generic_street_names(&mut rng))
        .collect();
    let mut streets = Vec::new();
    let mut points = Vec::with_capacity(count);
    while points.len() < count {
        let start = [rng.range(WEST, EAST), rng.range(SOUTH, NORTH)];
        let commune = commune_at(start);
        // The most likely names come first: squaring the draw favours them, as in a real town.
        let list = &names[commune];
        let name = list[(rng.unit().powi(2) * list.len() as f64) as usize].clone();
        let source = *rng.weighted(&SOURCES);
        let street = Street {
            name,
            commune,
            code_postal: code_postal(commune, start),
            source,
        };
        let code = streets.len() as u32;
        number_street(&mut rng, &street, code, start, count, &mut points);
        streets.push(street);
    }
    Addresses { streets, points }
}

/// Places the numbers of one street, odd on the left and even on the right, up to `count` points.
fn number_street(
    rng: &mut Rng,
    street: &Street,
    code: u32,
    start: [f64; 2],
    count: usize,
    points: &mut Vec<Address>,
) {
    let (shortest_m, longest_m) = street_length_range(&street.name);
    let length_m = rng.range(shortest_m, longest_m);
    let heading = rng.range(0.0, PI);
    let (along, across) = (
        [heading.cos(), heading.sin()],
        [-heading.sin(), heading.cos()],
    );
    let spacing_m = rng.range(12.0, 30.0);
    let houses = (length_m / spacing_m) as u32;
    for k in 0..houses {
        for side in [1.0, -1.0] {
            let numero = 2 * k + if side > 0.0 { 1 } else { 2 };
            let s = (f64::from(k) + rng.range(0.0, 0.4)) * spacing_m;
            let o = side * rng.range(6.0, 15.0);
            let p = offset(
                start,
                s * along[0] + o * across[0],
                s * along[1] + o * across[1],
            );
            let lon_lat = [round_to(p[0], 6), round_to(p[1], 6)];
            if !inside(lon_lat) {
                continue;
            }
            let extra = if rng.chance(0.03) { 2 } else { 1 };
            for suffixe in ["", "bis"].iter().take(extra) {
                if points.len() == count {
                    return;
                }
                points.push(Address {
                    street: code,
                    numero,
                    suffixe,
                    lon_lat,
                });
            }
        }
    }
}
