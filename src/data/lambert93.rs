//! Lambert-93 (EPSG:2154) metres from WGS84 degrees in closed form, for distances on millions of points.
//!
//! PROJ stays the reference (and the only reader of other CRSs); this is the same Lambert
//! conformal conic on GRS80, written out so that a million points project in a few tens of
//! milliseconds on every core without one PROJ context per thread. WGS84 and RGF93 are taken
//! as equal, as PROJ does for `EPSG:4326 → EPSG:2154`; the tests hold it to PROJ within 1 mm.
//!
//! ```
//! use territoire::data::lambert93::to_lambert93;
//! let [x, y] = to_lambert93([-0.5537, 47.4716]);
//! assert!((x - 432_414.717).abs() < 0.01 && (y - 6_713_938.036).abs() < 0.01);
//! ```

use std::sync::LazyLock;

/// The constants of the projection, derived once from its definition.
struct Constants {
    /// First eccentricity of GRS80.
    e: f64,
    /// Cone constant.
    n: f64,
    /// Radius scale `a·F` (metres).
    c: f64,
    /// Central meridian (radians).
    lon0: f64,
    /// False easting, and the northing of the cone's apex (metres).
    x_apex: f64,
    y_apex: f64,
}

static CONSTANTS: LazyLock<Constants> = LazyLock::new(|| {
    let a = 6_378_137.0_f64;
    let flattening: f64 = 1.0 / 298.257_222_101;
    let e = (flattening * (2.0 - flattening)).sqrt();
    let m = |lat: f64| lat.cos() / (1.0 - (e * lat.sin()).powi(2)).sqrt();
    let [lat1, lat2, lat0] = [49.0_f64, 44.0, 46.5].map(f64::to_radians);
    let n = (m(lat1).ln() - m(lat2).ln()) / (isometric(lat2, e) - isometric(lat1, e));
    let c = a * m(lat1) * (n * isometric(lat1, e)).exp() / n;
    Constants {
        e,
        n,
        c,
        lon0: 3.0_f64.to_radians(),
        x_apex: 700_000.0,
        y_apex: 6_600_000.0 + c * (-n * isometric(lat0, e)).exp(),
    }
});

/// Isometric latitude: `atanh(sin φ) − e·atanh(e·sin φ)`.
fn isometric(lat: f64, e: f64) -> f64 {
    let s = lat.sin();
    s.atanh() - e * (e * s).atanh()
}

/// `[x, y]` in Lambert-93 metres of a WGS84 `[lon, lat]` in degrees.
///
/// Defined for any latitude strictly between the poles; distances between the results are
/// what the filters call metres (straight lines in the projected plane).
#[inline]
pub fn to_lambert93(lon_lat: [f64; 2]) -> [f64; 2] {
    let k = &*CONSTANTS;
    let radius = k.c * (-k.n * isometric(lon_lat[1].to_radians(), k.e)).exp();
    let (sin, cos) = (k.n * (lon_lat[0].to_radians() - k.lon0)).sin_cos();
    [k.x_apex + radius * sin, k.y_apex - radius * cos]
}

/// Straight-line distance in Lambert-93 metres between two WGS84 positions.
pub fn distance_m(a: [f64; 2], b: [f64; 2]) -> f64 {
    let (p, q) = (to_lambert93(a), to_lambert93(b));
    (p[0] - q[0]).hypot(p[1] - q[1])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::crs::PointConverter;

    fn proj() -> PointConverter {
        PointConverter::from_wgs84("EPSG:2154").expect("PROJ knows Lambert-93")
    }

    #[test]
    fn matches_proj_within_a_millimetre_over_france() {
        let proj = proj();
        let mut worst = 0.0_f64;
        for i in 0..=28 {
            for j in 0..=20 {
                let lon_lat = [-5.5 + 0.5 * f64::from(i), 41.0 + 0.5 * f64::from(j)];
                let want = proj.convert(lon_lat).expect("converts");
                let got = to_lambert93(lon_lat);
                worst = worst.max((got[0] - want[0]).hypot(got[1] - want[1]));
            }
        }
        assert!(worst < 0.001, "largest gap to PROJ: {worst} m");
    }

    #[test]
    fn reference_point_in_angers() {
        // Computed independently with PROJ's cs2cs (see tests/data/crs_reference.rs).
        let [x, y] = to_lambert93([-0.5537, 47.4716]);
        assert!((x - 432_414.716_9).abs() < 1e-3, "{x}");
        assert!((y - 6_713_938.036_4).abs() < 1e-3, "{y}");
    }

    #[test]
    fn distances_of_300_m_around_angers_agree_with_proj() {
        let proj = proj();
        let centre = [-0.5537, 47.4716];
        let c = proj.convert(centre).expect("converts");
        for step in 0..36 {
            let angle = f64::from(step) * 10.0_f64.to_radians();
            // Walk 300 m in Lambert-93 from the centre, back to degrees by small steps.
            let target = [c[0] + 300.0 * angle.cos(), c[1] + 300.0 * angle.sin()];
            let mut lon_lat = centre;
            for _ in 0..6 {
                let here = proj.convert(lon_lat).expect("converts");
                lon_lat[0] += (target[0] - here[0]) / (111_320.0 * 47.47_f64.to_radians().cos());
                lon_lat[1] += (target[1] - here[1]) / 111_132.0;
            }
            let there = proj.convert(lon_lat).expect("converts");
            let exact = (there[0] - c[0]).hypot(there[1] - c[1]);
            let ours = distance_m(centre, lon_lat);
            assert!((exact - 300.0).abs() < 0.01, "walk missed: {exact}");
            assert!((ours - exact).abs() < 0.001, "{ours} vs {exact}");
        }
    }
}
