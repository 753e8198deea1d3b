//! Shapes to geometry: points, lines and polygons of a `.shp` record, with rings grouped into polygons.

use shapefile::record::traits::HasXY;
use shapefile::{PolygonRing, Shape};

use crate::data::{GeomKind, GeometryBuilder};

fn xy<P: HasXY>(p: &P) -> [f64; 2] {
    [p.x(), p.y()]
}

/// Appends one shape as a feature; Z and M are dropped, null shapes and multipatches stay as empty records.
pub(super) fn push_shape(g: &mut GeometryBuilder, shape: Shape) {
    match shape {
        Shape::NullShape | Shape::Multipatch(_) => g.push_empty(),
        Shape::Point(p) => g.push_point(xy(&p)),
        Shape::PointM(p) => g.push_point(xy(&p)),
        Shape::PointZ(p) => g.push_point(xy(&p)),
        Shape::Multipoint(m) => push_points(g, m.points()),
        Shape::MultipointM(m) => push_points(g, m.points()),
        Shape::MultipointZ(m) => push_points(g, m.points()),
        Shape::Polyline(l) => push_lines(g, l.parts()),
        Shape::PolylineM(l) => push_lines(g, l.parts()),
        Shape::PolylineZ(l) => push_lines(g, l.parts()),
        Shape::Polygon(p) => push_polygon(g, p.rings()),
        Shape::PolygonM(p) => push_polygon(g, p.rings()),
        Shape::PolygonZ(p) => push_polygon(g, p.rings()),
    }
}

fn push_points<P: HasXY>(g: &mut GeometryBuilder, points: &[P]) {
    if points.is_empty() {
        return g.push_empty();
    }
    g.start_feature(GeomKind::MultiPoint);
    for p in points {
        g.start_part();
        g.start_ring();
        g.push_coord(xy(p));
    }
}

/// One part → LineString, several → MultiLineString; parts of fewer than two points are dropped.
fn push_lines<P: HasXY>(g: &mut GeometryBuilder, parts: &[Vec<P>]) {
    let kept = parts.iter().filter(|p| p.len() >= 2).count();
    if kept == 0 {
        return g.push_empty();
    }
    g.start_feature(if kept == 1 {
        GeomKind::LineString
    } else {
        GeomKind::MultiLineString
    });
    for part in parts.iter().filter(|p| p.len() >= 2) {
        g.start_part();
        g.start_ring();
        part.iter().for_each(|p| g.push_coord(xy(p)));
    }
}

/// Rings grouped into polygons (see [`group_rings`]): one → Polygon, several → MultiPolygon.
fn push_polygon<P: HasXY>(g: &mut GeometryBuilder, rings: &[PolygonRing<P>]) {
    let rings: Vec<Vec<[f64; 2]>> = rings
        .iter()
        .map(|r| r.points().iter().map(xy).collect::<Vec<_>>())
        .filter(|r| r.len() >= 3)
        .collect();
    let polygons = group_rings(&rings);
    if polygons.is_empty() {
        return g.push_empty();
    }
    g.start_feature(if polygons.len() == 1 {
        GeomKind::Polygon
    } else {
        GeomKind::MultiPolygon
    });
    for polygon in &polygons {
        g.start_part();
        for &r in polygon {
            g.start_ring();
            rings[r].iter().for_each(|&c| g.push_coord(c));
        }
    }
}

/// Groups ring indices into polygons (outer ring first, then its holes).
///
/// Shapefile outer rings are clockwise and holes counter-clockwise; each hole goes to the smallest outer ring
/// that contains it. A hole inside no outer ring becomes a polygon of its own, and when no ring is clockwise
/// (a writer that ignored orientation) every ring is an outer ring.
pub(super) fn group_rings(rings: &[Vec<[f64; 2]>]) -> Vec<Vec<usize>> {
    let areas: Vec<f64> = rings.iter().map(|r| signed_area(r)).collect();
    let any_clockwise = areas.iter().any(|&a| a <= 0.0);
    let is_outer = |i: usize| !any_clockwise || areas[i] <= 0.0;
    let outers: Vec<usize> = (0..rings.len()).filter(|&i| is_outer(i)).collect();
    let boxes: Vec<[f64; 4]> = outers.iter().map(|&o| bbox(&rings[o])).collect();
    let mut polygons: Vec<Vec<usize>> = outers.iter().map(|&o| vec![o]).collect();
    let mut orphans = Vec::new();
    for hole in (0..rings.len()).filter(|&i| !is_outer(i)) {
        let hole_box = bbox(&rings[hole]);
        let p = rings[hole][0];
        let smallest = |test: &dyn Fn(usize) -> bool| {
            (0..outers.len())
                .filter(|&k| test(k))
                .min_by(|&a, &b| areas[outers[a]].abs().total_cmp(&areas[outers[b]].abs()))
        };
        let owner = smallest(&|k| inside_box(p, boxes[k]) && point_in_ring(p, &rings[outers[k]]))
            .or_else(|| smallest(&|k| box_within(hole_box, boxes[k])));
        match owner {
            Some(k) => polygons[k].push(hole),
            None => orphans.push(vec![hole]),
        }
    }
    polygons.extend(orphans);
    polygons
}

/// The signed area of a ring (positive when counter-clockwise), computed relative to its first point.
pub(super) fn signed_area(ring: &[[f64; 2]]) -> f64 {
    let Some(&[x0, y0]) = ring.first() else {
        return 0.0;
    };
    let sum: f64 = ring
        .iter()
        .zip(ring.iter().skip(1).chain(ring.first()))
        .map(|(a, b)| (a[0] - x0) * (b[1] - y0) - (b[0] - x0) * (a[1] - y0))
        .sum();
    sum / 2.0
}

/// Even-odd test of `p` against a ring.
fn point_in_ring(p: [f64; 2], ring: &[[f64; 2]]) -> bool {
    let mut inside = false;
    for (a, b) in ring.iter().zip(ring.iter().skip(1).chain(ring.first())) {
        if (a[1] > p[1]) != (b[1] > p[1])
            && p[0] < (b[0] - a[0]) * (p[1] - a[1]) / (b[1] - a[1]) + a[0]
        {
            inside = !inside;
        }
    }
    inside
}

fn bbox(ring: &[[f64; 2]]) -> [f64; 4] {
    crate::data::geometry::bbox_of(ring).unwrap_or([0.0; 4])
}

fn inside_box(p: [f64; 2], b: [f64; 4]) -> bool {
    p[0] >= b[0] && p[1] >= b[1] && p[0] <= b[2] && p[1] <= b[3]
}

fn box_within(inner: [f64; 4], outer: [f64; 4]) -> bool {
    inside_box([inner[0], inner[1]], outer) && inside_box([inner[2], inner[3]], outer)
}
