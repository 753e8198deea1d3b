//! Point-to-feature distances in projected metres, squared to skip the square roots of the many tests far from the limit.

use geo::{Coord, Distance, Euclidean, Geometry, Intersects, LineString, Point, Polygon};

/// The squared distance from `p` to `g`; 0 on or inside it.
pub(super) fn squared(p: Coord<f64>, g: &Geometry<f64>) -> f64 {
    match g {
        Geometry::Point(q) => between(p, q.0),
        Geometry::MultiPoint(points) => nearest(points.iter().map(|q| between(p, q.0))),
        Geometry::Line(line) => to_segment(p, line.start, line.end),
        Geometry::LineString(line) => to_line(p, line),
        Geometry::MultiLineString(lines) => nearest(lines.iter().map(|l| to_line(p, l))),
        Geometry::Polygon(polygon) => to_polygon(p, polygon),
        Geometry::MultiPolygon(polygons) => nearest(polygons.iter().map(|g| to_polygon(p, g))),
        other => Euclidean.distance(&Point(p), other).powi(2),
    }
}

/// The distance from `p` to `g`.
pub(super) fn metres(p: Coord<f64>, g: &Geometry<f64>) -> f64 {
    squared(p, g).sqrt()
}

/// True when `g` comes within `limit` metres of `p` (the limit included). Squared distances
/// decide, except within a hair of the limit, where `geo`'s distance has the last word.
pub(super) fn within(p: Coord<f64>, g: &Geometry<f64>, limit: f64) -> bool {
    if limit.is_nan() || limit < 0.0 {
        return false;
    }
    let (d2, limit2) = (squared(p, g), limit * limit);
    if d2 < limit2 * (1.0 - 1e-9) {
        return true;
    }
    if d2 > limit2 * (1.0 + 1e-9) {
        return false;
    }
    Euclidean.distance(&Point(p), g) <= limit
}

fn nearest(distances: impl Iterator<Item = f64>) -> f64 {
    distances.fold(f64::INFINITY, f64::min)
}

fn between(a: Coord<f64>, b: Coord<f64>) -> f64 {
    (a.x - b.x).powi(2) + (a.y - b.y).powi(2)
}

fn to_segment(p: Coord<f64>, a: Coord<f64>, b: Coord<f64>) -> f64 {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let length2 = dx * dx + dy * dy;
    if length2 == 0.0 {
        return between(p, a);
    }
    let r = ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2;
    if r <= 0.0 {
        between(p, a)
    } else if r >= 1.0 {
        between(p, b)
    } else {
        ((a.y - p.y) * dx - (a.x - p.x) * dy).powi(2) / length2
    }
}

fn to_line(p: Coord<f64>, line: &LineString<f64>) -> f64 {
    match line.0.as_slice() {
        [] => f64::INFINITY,
        [only] => between(p, *only),
        coords => nearest(coords.windows(2).map(|w| to_segment(p, w[0], w[1]))),
    }
}

fn to_polygon(p: Coord<f64>, polygon: &Polygon<f64>) -> f64 {
    if polygon.intersects(&p) {
        return 0.0;
    }
    nearest(
        std::iter::once(polygon.exterior())
            .chain(polygon.interiors())
            .map(|ring| to_line(p, ring)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_geo_on_every_kind() {
        let ring = |c: &[(f64, f64)]| LineString::from(c.to_vec());
        let square: Geometry<f64> = Polygon::new(
            ring(&[
                (0.0, 0.0),
                (10.0, 0.0),
                (10.0, 10.0),
                (0.0, 10.0),
                (0.0, 0.0),
            ]),
            vec![ring(&[
                (4.0, 4.0),
                (6.0, 4.0),
                (6.0, 6.0),
                (4.0, 6.0),
                (4.0, 4.0),
            ])],
        )
        .into();
        let line: Geometry<f64> = ring(&[(0.0, 20.0), (10.0, 25.0)]).into();
        let points: Geometry<f64> = geo::MultiPoint::from(vec![(30.0, 0.0), (35.0, 5.0)]).into();
        for g in [&square, &line, &points] {
            for p in [
                (5.0, 5.0),
                (5.0, 4.5),
                (-3.0, 4.0),
                (12.0, 14.0),
                (5.0, 22.0),
                (31.0, 2.0),
                (2.0, 2.0),
            ] {
                let p = Coord { x: p.0, y: p.1 };
                let want = Euclidean.distance(&Point(p), g);
                assert!((metres(p, g) - want).abs() < 1e-12, "{p:?} to {g:?}");
                assert!(within(p, g, want));
                assert!(!within(p, g, want - 1e-6) || want == 0.0);
            }
        }
    }
}
