//! The benchmark area around Angers: its bounds in degrees and metre offsets within it.

/// Western bound (longitude, degrees).
pub const WEST: f64 = -0.60;
/// Eastern bound (longitude, degrees).
pub const EAST: f64 = -0.50;
/// Southern bound (latitude, degrees).
pub const SOUTH: f64 = 47.43;
/// Northern bound (latitude, degrees).
pub const NORTH: f64 = 47.50;

/// Metres per degree of latitude.
const M_PER_DEG_LAT: f64 = 111_200.0;

/// Keeps points this far (degrees, about 1 m) from the bounds, so that no point lies exactly on
/// the outline of the zones: a point on an edge is counted by some tools and not by others.
const MARGIN_DEG: f64 = 1e-5;

/// Metres per degree of longitude in the middle of the area.
fn m_per_deg_lon() -> f64 {
    M_PER_DEG_LAT * ((SOUTH + NORTH) / 2.0).to_radians().cos()
}

/// The position `east_m` metres east and `north_m` metres north of `lon_lat` (equirectangular:
/// good to well under a metre over the few hundred metres of a street).
pub fn offset(lon_lat: [f64; 2], east_m: f64, north_m: f64) -> [f64; 2] {
    [
        lon_lat[0] + east_m / m_per_deg_lon(),
        lon_lat[1] + north_m / M_PER_DEG_LAT,
    ]
}

/// True when `lon_lat` lies inside the area, clear of its outline.
pub fn inside(lon_lat: [f64; 2]) -> bool {
    (WEST + MARGIN_DEG..EAST - MARGIN_DEG).contains(&lon_lat[0])
        && (SOUTH + MARGIN_DEG..NORTH - MARGIN_DEG).contains(&lon_lat[1])
}

/// `v` rounded to `decimals` digits after the point, as written to the files.
pub fn round_to(v: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (v * scale).round() / scale
}
