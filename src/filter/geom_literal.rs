//! The geometry literals of filters (`geom'POINT(lon lat)'`, `geom'POLYGON((…))'`): read from WKT or GeoJSON, written as WKT.
//!
//! ```
//! use territoire::filter::geom_literal::{GeomLiteral, read, polygon_wkt};
//! let ring = vec![[-0.56, 47.46], [-0.54, 47.46], [-0.55, 47.48]];
//! assert_eq!(
//!     read(&polygon_wkt(&ring)),
//!     Ok(GeomLiteral::Polygon(vec![[-0.56, 47.46], [-0.54, 47.46], [-0.55, 47.48], [-0.56, 47.46]]))
//! );
//! ```

/// A geometry written in a filter, coordinates `[lon, lat]` in WGS84.
#[derive(Clone, Debug, PartialEq)]
pub enum GeomLiteral {
    /// `POINT(lon lat)`.
    Point([f64; 2]),
    /// `POLYGON((lon lat, …))`: one closed ring (first position repeated last), no hole.
    Polygon(Vec<[f64; 2]>),
}

/// Reads WKT (`POINT`, `POLYGON` with one ring) or a GeoJSON geometry of those types.
///
/// The error is a locale key: `filter-err-geometry` (unreadable or another type),
/// `filter-err-polygon` (holes, or fewer than three distinct corners) or
/// `filter-err-coordinates` (not a longitude/latitude). An open ring is closed.
pub fn read(text: &str) -> Result<GeomLiteral, &'static str> {
    let text = text.trim();
    let geometry = if text.starts_with('{') {
        geojson(text)
    } else {
        wkt(text)
    }
    .ok_or("filter-err-geometry")?;
    match geometry {
        Parsed::Point(p) => {
            check_lon_lat(&[p])?;
            Ok(GeomLiteral::Point(p))
        }
        Parsed::Polygon(mut rings) => {
            if rings.len() != 1 {
                return Err("filter-err-polygon");
            }
            let mut ring = rings.remove(0);
            check_lon_lat(&ring)?;
            if let (Some(&first), Some(&last)) = (ring.first(), ring.last())
                && first != last
            {
                ring.push(first);
            }
            let mut corners: Vec<[f64; 2]> = ring.clone();
            corners.sort_by(|a, b| a[0].total_cmp(&b[0]).then(a[1].total_cmp(&b[1])));
            corners.dedup();
            if corners.len() < 3 {
                return Err("filter-err-polygon");
            }
            Ok(GeomLiteral::Polygon(ring))
        }
    }
}

/// `POINT(lon lat)`, numbers written so that they read back to the same value.
pub fn point_wkt(lon_lat: [f64; 2]) -> String {
    format!("POINT({} {})", lon_lat[0], lon_lat[1])
}

/// `POLYGON((lon lat, …))`; the ring is closed if it was not.
pub fn polygon_wkt(ring: &[[f64; 2]]) -> String {
    let mut positions: Vec<String> = ring.iter().map(|c| format!("{} {}", c[0], c[1])).collect();
    if let (Some(first), Some(last)) = (ring.first(), ring.last())
        && first != last
    {
        positions.push(format!("{} {}", first[0], first[1]));
    }
    format!("POLYGON(({}))", positions.join(", "))
}

enum Parsed {
    Point([f64; 2]),
    Polygon(Vec<Vec<[f64; 2]>>),
}

fn check_lon_lat(coords: &[[f64; 2]]) -> Result<(), &'static str> {
    let valid = coords.iter().all(|c| {
        c[0].is_finite()
            && c[1].is_finite()
            && (-180.0..=180.0).contains(&c[0])
            && (-90.0..=90.0).contains(&c[1])
    });
    if valid {
        Ok(())
    } else {
        Err("filter-err-coordinates")
    }
}

/// `lon lat` (a third ordinate, if any, is ignored).
fn position(text: &str) -> Option<[f64; 2]> {
    let numbers = text
        .split_whitespace()
        .map(|n| n.parse::<f64>().ok())
        .collect::<Option<Vec<f64>>>()?;
    match numbers[..] {
        [x, y] | [x, y, _] => Some([x, y]),
        _ => None,
    }
}

/// The text between the outer parentheses of `rest`, which must end there.
fn parenthesised(rest: &str) -> Option<&str> {
    rest.trim().strip_prefix('(')?.strip_suffix(')')
}

fn wkt(text: &str) -> Option<Parsed> {
    let split = text.find('(')?;
    let (name, rest) = text.split_at(split);
    let name = name.trim().to_ascii_uppercase();
    let name = name.strip_suffix(" Z").unwrap_or(&name).trim();
    let inner = parenthesised(rest)?;
    match name {
        "POINT" => position(inner).map(Parsed::Point),
        "POLYGON" => {
            let mut rings = Vec::new();
            let mut rest = inner.trim();
            while !rest.is_empty() {
                let close = rest.find(')')?;
                let ring = rest[..close].trim().strip_prefix('(')?;
                rings.push(ring.split(',').map(position).collect::<Option<Vec<_>>>()?);
                rest = rest[close + 1..].trim_start();
                rest = rest.strip_prefix(',').unwrap_or(rest).trim_start();
            }
            (!rings.is_empty()).then_some(Parsed::Polygon(rings))
        }
        _ => None,
    }
}

fn geojson(text: &str) -> Option<Parsed> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    let pair = |v: &serde_json::Value| -> Option<[f64; 2]> {
        let a = v.as_array()?;
        Some([a.first()?.as_f64()?, a.get(1)?.as_f64()?])
    };
    let coordinates = value.get("coordinates")?;
    match value.get("type")?.as_str()? {
        "Point" => pair(coordinates).map(Parsed::Point),
        "Polygon" => coordinates
            .as_array()?
            .iter()
            .map(|ring| {
                ring.as_array()?
                    .iter()
                    .map(pair)
                    .collect::<Option<Vec<_>>>()
            })
            .collect::<Option<Vec<_>>>()
            .filter(|rings| !rings.is_empty())
            .map(Parsed::Polygon),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wkt_and_geojson_read_the_same() {
        assert_eq!(
            read("point(-0.55 47.47)"),
            Ok(GeomLiteral::Point([-0.55, 47.47]))
        );
        assert_eq!(
            read(r#"{"type": "Point", "coordinates": [-0.55, 47.47]}"#),
            Ok(GeomLiteral::Point([-0.55, 47.47]))
        );
        let square = GeomLiteral::Polygon(vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]);
        assert_eq!(read("POLYGON ((0 0, 1 0, 1 1, 0 0))"), Ok(square.clone()));
        assert_eq!(read("POLYGON((0 0,1 0,1 1))"), Ok(square.clone()), "closed");
        assert_eq!(
            read(r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}"#),
            Ok(square)
        );
    }

    #[test]
    fn bad_literals_say_why() {
        assert_eq!(read("POINT(1)"), Err("filter-err-geometry"));
        assert_eq!(read("LINESTRING(0 0, 1 1)"), Err("filter-err-geometry"));
        assert_eq!(read("POINT(200 47)"), Err("filter-err-coordinates"));
        assert_eq!(read("POLYGON((0 0, 1 0, 0 0))"), Err("filter-err-polygon"));
        assert_eq!(
            read("POLYGON((0 0, 4 0, 4 4, 0 0), (1 1, 2 1, 2 2, 1 1))"),
            Err("filter-err-polygon"),
            "holes are not drawn"
        );
        assert_eq!(
            read("POLYGON((0 0, 1 0, 1 1, 0 0)"),
            Err("filter-err-geometry")
        );
    }

    #[test]
    fn written_numbers_read_back_exactly() {
        let p = [-0.553_712_345_678_9, 47.471_600_000_000_01];
        assert_eq!(read(&point_wkt(p)), Ok(GeomLiteral::Point(p)));
    }
}
