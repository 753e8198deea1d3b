//! Coordinates: a local metric frame around Angers, rings and polygons, and Lambert-93 through PROJ.

use anyhow::{Context, Result};
use geo::{Area, Contains, Coord, LineString, Point, Polygon};
use territoire::sources::crs::PointConverter;

/// A local metric frame around Angers (equirectangular): good to a few metres over 20 km,
/// which is all synthetic streets need. Lambert-93 output goes through PROJ.
const LON0: f64 = -0.56;
const LAT0: f64 = 47.47;
/// Metres per degree of latitude.
pub const M_PER_DEG_LAT: f64 = 111_200.0;

/// Metres per degree of longitude at the latitude of the frame.
pub fn m_per_deg_lon() -> f64 {
    M_PER_DEG_LAT * LAT0.to_radians().cos()
}

/// Longitude/latitude to local metres.
pub fn to_local(ll: [f64; 2]) -> [f64; 2] {
    [
        (ll[0] - LON0) * m_per_deg_lon(),
        (ll[1] - LAT0) * M_PER_DEG_LAT,
    ]
}

/// Local metres to longitude/latitude.
pub fn to_lon_lat(p: [f64; 2]) -> [f64; 2] {
    [LON0 + p[0] / m_per_deg_lon(), LAT0 + p[1] / M_PER_DEG_LAT]
}

fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

fn round_ll(ll: [f64; 2]) -> [f64; 2] {
    [round6(ll[0]), round6(ll[1])]
}

/// The distance between two points in local metres.
pub fn dist(a: [f64; 2], b: [f64; 2]) -> f64 {
    (a[0] - b[0]).hypot(a[1] - b[1])
}

/// Twice the signed area of an open ring (positive when counter-clockwise).
fn signed_area2(ring: &[[f64; 2]]) -> f64 {
    (0..ring.len())
        .map(|i| {
            let a = ring[i];
            let b = ring[(i + 1) % ring.len()];
            a[0] * b[1] - b[0] * a[1]
        })
        .sum()
}

/// An open ring in local metres → a closed GeoJSON ring in rounded lon/lat, oriented as asked
/// (RFC 7946: exterior counter-clockwise, holes clockwise).
pub fn geojson_ring(local: &[[f64; 2]], counter_clockwise: bool) -> Vec<[f64; 2]> {
    let mut ring: Vec<[f64; 2]> = Vec::with_capacity(local.len() + 1);
    for p in local {
        let ll = round_ll(to_lon_lat(*p));
        if ring.last() != Some(&ll) {
            ring.push(ll);
        }
    }
    while ring.len() > 1 && ring.first() == ring.last() {
        ring.pop();
    }
    if (signed_area2(&ring) > 0.0) != counter_clockwise {
        ring.reverse();
    }
    if let Some(first) = ring.first().copied() {
        ring.push(first);
    }
    ring
}

/// A `geo` polygon from an exterior ring and holes given as `[x, y]` points.
pub fn geo_polygon(exterior: &[[f64; 2]], holes: &[Vec<[f64; 2]>]) -> Polygon<f64> {
    let line = |ring: &[[f64; 2]]| {
        LineString::from(
            ring.iter()
                .map(|p| Coord { x: p[0], y: p[1] })
                .collect::<Vec<_>>(),
        )
    };
    Polygon::new(line(exterior), holes.iter().map(|h| line(h)).collect())
}

/// True when `polygon` (lon/lat) contains the point `ll`.
pub fn contains(polygon: &Polygon<f64>, ll: [f64; 2]) -> bool {
    polygon.contains(&Point::new(ll[0], ll[1]))
}

/// Keeps the part of `poly` closer to `a` than to `b` (one Sutherland–Hodgman pass against the
/// perpendicular bisector of `ab`).
pub fn clip_by_bisector(poly: &[[f64; 2]], a: [f64; 2], b: [f64; 2]) -> Vec<[f64; 2]> {
    let normal = [b[0] - a[0], b[1] - a[1]];
    let mid = [(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0];
    let side = |p: [f64; 2]| (p[0] - mid[0]) * normal[0] + (p[1] - mid[1]) * normal[1];
    let mut out = Vec::with_capacity(poly.len() + 2);
    for i in 0..poly.len() {
        let cur = poly[i];
        let next = poly[(i + 1) % poly.len()];
        let (sc, sn) = (side(cur), side(next));
        if sc <= 0.0 {
            out.push(cur);
        }
        if (sc <= 0.0) != (sn <= 0.0) {
            let t = sc / (sc - sn);
            out.push([
                cur[0] + t * (next[0] - cur[0]),
                cur[1] + t * (next[1] - cur[1]),
            ]);
        }
    }
    out
}

/// Wgs84 → Lambert-93 with PROJ.
pub struct Lambert93(PointConverter);

impl Lambert93 {
    /// The converter; an error when PROJ cannot make it.
    pub fn new() -> Result<Self> {
        Ok(Self(
            PointConverter::from_wgs84("EPSG:2154")
                .context("PROJ cannot make WGS84 → EPSG:2154")?,
        ))
    }

    /// One lon/lat point in Lambert-93 metres.
    pub fn convert(&self, ll: [f64; 2]) -> Result<[f64; 2]> {
        self.0
            .convert(ll)
            .with_context(|| format!("PROJ cannot convert {ll:?} to Lambert-93"))
    }

    /// The area in square metres of a (rounded lon/lat) polygon with holes, measured in Lambert-93.
    pub fn area(&self, rings: &[Vec<[f64; 2]>]) -> Result<f64> {
        let mut projected = Vec::with_capacity(rings.len());
        for ring in rings {
            projected.push(
                ring.iter()
                    .map(|p| self.convert(*p))
                    .collect::<Result<Vec<_>>>()?,
            );
        }
        let (exterior, holes) = projected.split_first().context("polygon without rings")?;
        Ok(geo_polygon(exterior, holes).unsigned_area())
    }
}
