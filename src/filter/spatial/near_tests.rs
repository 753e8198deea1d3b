//! Distance tests of the spatial conditions: 300 m boundaries against PROJ, brute force on many points.

use super::tests::{from_lambert93, ones, points, polygons, xorshift};
use super::*;
use crate::sources::crs::PointConverter;

#[test]
fn near_at_300_m_follows_proj_distances_to_the_centimetre() {
    let proj = PointConverter::from_wgs84("EPSG:2154").expect("PROJ");
    // A green space: a 100 m square in Lambert-93, and points at set distances from its
    // east side and from its north-east corner.
    let (x, y) = (432_400.0, 6_713_900.0);
    let square = from_lambert93(&[
        [x, y],
        [x + 100.0, y],
        [x + 100.0, y + 100.0],
        [x, y + 100.0],
        [x, y],
    ]);
    let other = polygons(&[square]);
    let diagonal = std::f64::consts::FRAC_1_SQRT_2;
    let mut placed = Vec::new();
    for d in [0.0, 150.0, 299.9, 299.99, 300.01, 300.1, 450.0] {
        placed.push([x + 100.0 + d, y + 50.0]);
        placed.push([x + 100.0 + d * diagonal, y + 100.0 + d * diagonal]);
    }
    let lon_lat = from_lambert93(&placed);
    let mut coords: Vec<Option<[f64; 2]>> = lon_lat.iter().copied().map(Some).collect();
    coords.push(None);
    let target = points(&coords);
    // What PROJ says, measured back from the stored degrees.
    let corners: Vec<[f64; 2]> = (0..5)
        .map(|i| {
            proj.convert(other.geometry.feature_coords(0)[i])
                .expect("converts")
        })
        .collect();
    let ring: geo::LineString<f64> = corners
        .iter()
        .map(|c| geo::Coord { x: c[0], y: c[1] })
        .collect();
    let polygon = geo::Polygon::new(ring, vec![]);
    let expected: Vec<usize> = (0..lon_lat.len())
        .filter(|&i| {
            let p = proj.convert(lon_lat[i]).expect("converts");
            geo::Distance::distance(&geo::Euclidean, &geo::Point::new(p[0], p[1]), &polygon)
                <= 300.0
        })
        .collect();
    assert_eq!(
        expected,
        [0, 1, 2, 3, 4, 5, 6, 7],
        "the test places what it means to"
    );
    assert_eq!(ones(&near(&target, &other, None, 300.0)), expected);
    let outside: Vec<usize> = (8..14).collect();
    assert_eq!(
        ones(&far(&target, &other, None, 300.0)),
        outside,
        "no geometry: neither"
    );
    // A point feature as the other layer, and a distance met exactly.
    let centre = points(&[Some(lon_lat[0])]);
    let exact = crate::data::lambert93::distance_m(lon_lat[0], lon_lat[6]);
    assert!(
        near(&target, &centre, None, exact).get(6),
        "at the distance is within"
    );
    assert!(!near(&target, &centre, None, exact - 1e-6).get(6));
}

#[test]
fn near_matches_brute_force_on_many_points() {
    let proj = PointConverter::from_wgs84("EPSG:2154").expect("PROJ");
    let mut state = 42_u64;
    let mut spaces = Vec::new();
    for _ in 0..12 {
        let (cx, cy) = (
            430_000.0 + 4000.0 * xorshift(&mut state),
            6_712_000.0 + 4000.0 * xorshift(&mut state),
        );
        let r = 30.0 + 120.0 * xorshift(&mut state);
        let ring: Vec<[f64; 2]> = (0..=7)
            .map(|k| {
                let a = f64::from(k % 7) / 7.0 * std::f64::consts::TAU;
                let s = if k % 2 == 0 { r } else { r / 2.0 };
                [cx + s * a.cos(), cy + s * a.sin()]
            })
            .collect();
        spaces.push(from_lambert93(&ring));
    }
    let other = polygons(&spaces);
    let mask: Bitmap = (0..12).map(|i| i % 3 != 0).collect();
    let placed: Vec<[f64; 2]> = (0..20_000)
        .map(|_| {
            [
                429_500.0 + 5000.0 * xorshift(&mut state),
                6_711_500.0 + 5000.0 * xorshift(&mut state),
            ]
        })
        .collect();
    let lon_lat = from_lambert93(&placed);
    let target = points(&lon_lat.iter().copied().map(Some).collect::<Vec<_>>());
    let kept: Vec<geo::Geometry<f64>> = (0..12)
        .filter(|&i| mask.get(i))
        .map(|i| {
            let ring: geo::LineString<f64> = other
                .geometry
                .feature_coords(i)
                .iter()
                .map(|&c| proj.convert(c).expect("converts"))
                .map(|c| geo::Coord { x: c[0], y: c[1] })
                .collect();
            geo::Polygon::new(ring, vec![]).into()
        })
        .collect();
    let got = near(&target, &other, Some(&mask), 300.0);
    for (row, &p) in lon_lat.iter().enumerate() {
        let q = proj.convert(p).expect("converts");
        let q = geo::Point::new(q[0], q[1]);
        let d = kept
            .iter()
            .map(|g| geo::Distance::distance(&geo::Euclidean, &q, g))
            .fold(f64::INFINITY, f64::min);
        if (d - 300.0).abs() > 1e-6 {
            assert_eq!(got.get(row), d <= 300.0, "row {row}: {d} m");
        }
    }
    assert!(
        got.count_ones() > 1000 && got.count_ones() < 19_000,
        "{}",
        got.count_ones()
    );
}
