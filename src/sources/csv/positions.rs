//! Where a CSV row's position comes from: the coordinate columns found by name, their cells
//! parsed (decimal commas, `"lat, lon"` text) and the CRS guessed from the values.

use std::collections::{HashMap, HashSet};

/// Coordinate column names (lowercase, best first), then suffixes after any prefix (GTFS `stop_lon`).
const LON_NAMES: [&str; 7] = ["lon", "lng", "long", "longitude", "x", "coord_x", "xlong"];
const LAT_NAMES: [&str; 5] = ["lat", "latitude", "y", "coord_y", "ylat"];
const LON_SUFFIXES: [&str; 4] = ["_lon", "_lng", "_longitude", "_x"];
const LAT_SUFFIXES: [&str; 3] = ["_lat", "_latitude", "_y"];
/// Columns holding a whole geometry (WKT, WKB in hexadecimal, GeoJSON text), as GIS tools and
/// databases name them.
const SHAPE_NAMES: [&str; 10] = [
    "wkt",
    "geom",
    "the_geom",
    "geometry",
    "geometrie",
    "géométrie",
    "wkb",
    "wkb_geometry",
    "geom_wkt",
    "geo_shape",
];
/// Single columns holding `"lat, lon"` (Opendatasoft), besides any name containing `geo_point`.
const LAT_LON_NAMES: [&str; 6] = [
    "geopoint",
    "coordonnees",
    "coordinates",
    "latlon",
    "lat_lon",
    "latlng",
];

/// Where the position of each row comes from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Coords {
    /// Two columns, longitude (x) then latitude (y).
    Pair(usize, usize),
    /// One column holding `"lat, lon"`.
    LatLon(usize),
    /// One column holding a whole geometry: WKT, hexadecimal WKB or GeoJSON text.
    Shape(usize),
    /// None: the file is a table.
    Table,
}

impl Coords {
    /// The `[x, y]` of `record`, when its cells hold numbers.
    pub(super) fn point(self, record: &csv::ByteRecord, scratch: &mut String) -> Option<[f64; 2]> {
        match self {
            Coords::Pair(x, y) => Some([
                parse_coord(record.get(x)?, scratch)?,
                parse_coord(record.get(y)?, scratch)?,
            ]),
            Coords::LatLon(c) => parse_lat_lon(record.get(c)?, scratch),
            Coords::Shape(_) | Coords::Table => None,
        }
    }
}

/// Header names made usable: empty ones become `field_N`, repeated ones get `_2`, `_3`… (in
/// time linear in the number of names, however many repeat).
pub(super) fn unique_names(raw: impl Iterator<Item = String>) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut next_suffix: HashMap<String, usize> = HashMap::new();
    raw.enumerate()
        .map(|(i, name)| {
            let base = if name.is_empty() {
                format!("field_{}", i + 1)
            } else {
                name
            };
            let mut candidate = base.clone();
            if seen.contains(&candidate) {
                let n = next_suffix.entry(base.clone()).or_insert(2);
                while seen.contains(&candidate) {
                    candidate = format!("{base}_{n}");
                    *n += 1;
                }
            }
            seen.insert(candidate.clone());
            candidate
        })
        .collect()
}

/// True when a table with these column names carries positions (lon/lat pair or a `"lat, lon"` column).
pub fn has_coordinate_columns(names: &[String]) -> bool {
    locate(names) != Coords::Table
}

/// Finds where positions are: a geometry column first (it holds lines and polygons too), then
/// coordinate columns, exact names first, then prefixed ones, then a `"lat, lon"` column.
pub(super) fn locate(names: &[String]) -> Coords {
    let keys: Vec<String> = names
        .iter()
        .map(|n| n.to_lowercase().replace([' ', '-', '.'], "_"))
        .collect();
    if let Some(c) = SHAPE_NAMES
        .iter()
        .find_map(|s| keys.iter().position(|k| k == s))
    {
        return Coords::Shape(c);
    }
    let exact = |names: &[&str]| names.iter().find_map(|e| keys.iter().position(|k| k == e));
    let prefixed = |suffixes: &[&str]| {
        suffixes.iter().find_map(|s| {
            keys.iter()
                .position(|k| k.len() > s.len() && k.ends_with(s))
        })
    };
    let (x, y) = (exact(&LON_NAMES), exact(&LAT_NAMES));
    let (prefixed_x, prefixed_y) = (prefixed(&LON_SUFFIXES), prefixed(&LAT_SUFFIXES));
    // Both exact, else both prefixed, else one of each.
    let pair = match (x, y, prefixed_x, prefixed_y) {
        (Some(x), Some(y), _, _) | (_, _, Some(x), Some(y)) => Some((x, y)),
        _ => x.or(prefixed_x).zip(y.or(prefixed_y)),
    };
    match pair {
        Some((x, y)) if x != y => Coords::Pair(x, y),
        _ => keys
            .iter()
            .position(|k| k.contains("geo_point") || LAT_LON_NAMES.contains(&k.as_str()))
            .map_or(Coords::Table, Coords::LatLon),
    }
}

/// A coordinate: `47.4711`, or with a decimal comma and spaces as thousands separators (`6 713 938,04`).
fn parse_coord(bytes: &[u8], scratch: &mut String) -> Option<f64> {
    let text = std::str::from_utf8(bytes.trim_ascii()).ok()?;
    let value = match text.parse::<f64>() {
        Ok(value) => value,
        Err(_) => {
            scratch.clear();
            scratch.extend(
                text.chars()
                    .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
                    .map(|c| if c == ',' { '.' } else { c }),
            );
            scratch.parse().ok()?
        }
    };
    value.is_finite().then_some(value)
}

/// Opendatasoft's `geo_point_2d` text, `"47.47, -0.55"` (also `[47.47, -0.55]`), as `[lon, lat]`.
fn parse_lat_lon(bytes: &[u8], scratch: &mut String) -> Option<[f64; 2]> {
    let text = std::str::from_utf8(bytes).ok()?.trim();
    let text = text
        .trim_start_matches(['[', '('])
        .trim_end_matches([']', ')']);
    let (lat, lon) = match text.split_once(',') {
        Some((lat, lon)) if !lon.contains(',') => (lat, lon),
        _ => {
            let mut parts = text.split_whitespace();
            let pair = (parts.next()?, parts.next()?);
            parts.next().is_none().then_some(pair)?
        }
    };
    Some([
        parse_coord(lon.as_bytes(), scratch)?,
        parse_coord(lat.as_bytes(), scratch)?,
    ])
}
