//! Well-known text (WKT) of a geometry, for table formats that carry shapes in one cell.

use geo::Geometry;

/// Appends the WKT of `geometry` to `out`, coordinates as `lon lat` with 7 decimals (about 1 cm)
/// and `.` as decimal mark whatever the locale: WKT separates coordinates with commas.
///
/// ```
/// use territoire::sources::wkt_write::push_wkt;
/// let mut text = String::new();
/// push_wkt(&mut text, &geo::Point::new(-0.55, 47.47).into());
/// assert_eq!(text, "POINT (-0.5500000 47.4700000)");
/// ```
pub fn push_wkt(out: &mut String, geometry: &Geometry<f64>) {
    match geometry {
        Geometry::Point(p) => {
            out.push_str("POINT (");
            coord(out, p.0);
            out.push(')');
        }
        Geometry::MultiPoint(m) => {
            out.push_str("MULTIPOINT ");
            list(out, &m.0, |out, p| {
                out.push('(');
                coord(out, p.0);
                out.push(')');
            });
        }
        Geometry::LineString(l) => {
            out.push_str("LINESTRING ");
            line(out, l);
        }
        Geometry::MultiLineString(m) => {
            out.push_str("MULTILINESTRING ");
            list(out, &m.0, line);
        }
        Geometry::Polygon(p) => {
            out.push_str("POLYGON ");
            polygon(out, p);
        }
        Geometry::MultiPolygon(m) => {
            out.push_str("MULTIPOLYGON ");
            list(out, &m.0, polygon);
        }
        Geometry::Rect(r) => push_wkt(out, &r.to_polygon().into()),
        Geometry::Triangle(t) => push_wkt(out, &t.to_polygon().into()),
        Geometry::Line(l) => push_wkt(out, &geo::LineString::from(vec![l.start, l.end]).into()),
        Geometry::GeometryCollection(c) => {
            out.push_str("GEOMETRYCOLLECTION ");
            list(out, &c.0, push_wkt);
        }
    }
}

fn coord(out: &mut String, c: geo::Coord<f64>) {
    use std::fmt::Write as _;
    let _ = write!(out, "{:.7} {:.7}", c.x, c.y);
}

/// `(a, b, c)`, or `EMPTY` for no item.
fn list<T>(out: &mut String, items: &[T], mut item: impl FnMut(&mut String, &T)) {
    if items.is_empty() {
        out.push_str("EMPTY");
        return;
    }
    out.push('(');
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        item(out, x);
    }
    out.push(')');
}

fn line(out: &mut String, l: &geo::LineString<f64>) {
    list(out, &l.0, |out, c| coord(out, *c));
}

fn polygon(out: &mut String, p: &geo::Polygon<f64>) {
    if p.exterior().0.is_empty() {
        out.push_str("EMPTY");
        return;
    }
    out.push('(');
    line(out, p.exterior());
    for ring in p.interiors() {
        out.push_str(", ");
        line(out, ring);
    }
    out.push(')');
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{LineString, MultiPolygon, Polygon, polygon};

    fn wkt(g: impl Into<Geometry<f64>>) -> String {
        let mut out = String::new();
        push_wkt(&mut out, &g.into());
        out
    }

    #[test]
    fn polygons_with_holes_and_multi_geometries() {
        let square =
            polygon![(x: 0.0, y: 0.0), (x: 1.0, y: 0.0), (x: 1.0, y: 1.0), (x: 0.0, y: 0.0)];
        let holed = Polygon::new(
            square.exterior().clone(),
            vec![LineString::from(vec![
                (0.2, 0.2),
                (0.3, 0.2),
                (0.2, 0.3),
                (0.2, 0.2),
            ])],
        );
        assert_eq!(
            wkt(holed.clone()),
            "POLYGON ((0.0000000 0.0000000, 1.0000000 0.0000000, 1.0000000 1.0000000, \
             0.0000000 0.0000000), (0.2000000 0.2000000, 0.3000000 0.2000000, \
             0.2000000 0.3000000, 0.2000000 0.2000000))"
        );
        let multi = wkt(MultiPolygon(vec![square, holed]));
        assert!(multi.starts_with("MULTIPOLYGON (((0.0000000 0.0000000, "));
        assert!(multi.ends_with("0.2000000 0.2000000)))"));
        assert_eq!(
            wkt(geo::MultiPoint::from(vec![(1.0, 2.0), (3.0, 4.0)])),
            "MULTIPOINT ((1.0000000 2.0000000), (3.0000000 4.0000000))"
        );
        assert_eq!(
            wkt(LineString::from(vec![(-0.5, 47.25), (-0.55, 47.5)])),
            "LINESTRING (-0.5000000 47.2500000, -0.5500000 47.5000000)"
        );
        assert_eq!(
            wkt(geo::MultiLineString::<f64>(vec![])),
            "MULTILINESTRING EMPTY"
        );
    }
}
