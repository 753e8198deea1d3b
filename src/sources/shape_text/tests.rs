//! WKT and WKB cells read into shapes: every type, Z/M ordinates, EWKT/EWKB SRIDs, bad text.

use super::*;

fn parts(text: &str) -> (GeomKind, Vec<Vec<Vec<[f64; 2]>>>) {
    let shape = read_shape(text).unwrap_or_else(|| panic!("{text} reads"));
    (shape.kind, shape.parts)
}

#[test]
fn every_wkt_type_reads() {
    assert_eq!(
        parts("POINT (-0.55 47.47)"),
        (GeomKind::Point, vec![vec![vec![[-0.55, 47.47]]]])
    );
    assert_eq!(
        parts("linestring(0 0,1 1)"),
        (
            GeomKind::LineString,
            vec![vec![vec![[0.0, 0.0], [1.0, 1.0]]]]
        )
    );
    let (kind, p) = parts("POLYGON ((0 0, 4 0, 4 4, 0 0), (1 1, 2 1, 2 2, 1 1))");
    assert_eq!((kind, p.len(), p[0].len()), (GeomKind::Polygon, 1, 2));
    let (kind, p) = parts("MULTIPOINT ((1 2), (3 4))");
    assert_eq!(
        (kind, p),
        (
            GeomKind::MultiPoint,
            vec![vec![vec![[1.0, 2.0]]], vec![vec![[3.0, 4.0]]]]
        )
    );
    let (kind, p) = parts("MULTIPOINT (1 2, 3 4)");
    assert_eq!((kind, p.len()), (GeomKind::MultiPoint, 2));
    let (kind, p) = parts("MULTILINESTRING ((0 0, 1 1), (2 2, 3 3, 4 4))");
    assert_eq!(
        (kind, p.len(), p[1][0].len()),
        (GeomKind::MultiLineString, 2, 3)
    );
    let (kind, p) = parts(
        "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5), (5.2 5.1, 5.4 5.1, 5.4 5.3, 5.2 5.1)))",
    );
    assert_eq!((kind, p.len(), p[1].len()), (GeomKind::MultiPolygon, 2, 2));
}

#[test]
fn z_and_m_ordinates_are_left_out_and_empty_is_empty() {
    assert_eq!(
        parts("POINT Z (1 2 3)"),
        (GeomKind::Point, vec![vec![vec![[1.0, 2.0]]]])
    );
    assert_eq!(
        parts("LINESTRINGZM (1 2 3 4, 5 6 7 8)"),
        (
            GeomKind::LineString,
            vec![vec![vec![[1.0, 2.0], [5.0, 6.0]]]]
        )
    );
    assert_eq!(parts("POINT EMPTY"), (GeomKind::Empty, Vec::new()));
}

#[test]
fn ewkt_gives_its_srid() {
    let shape = read_shape("SRID=2154;POINT(430000 6710000)").expect("reads");
    assert_eq!(shape.srid, Some(2154));
    assert_eq!(shape.first(), Some([430_000.0, 6_710_000.0]));
}

#[test]
fn hexadecimal_wkb_reads_in_both_byte_orders_with_or_without_srid() {
    // POINT(1 2), little endian.
    let little = "0101000000000000000000F03F0000000000000040";
    assert_eq!(
        parts(little),
        (GeomKind::Point, vec![vec![vec![[1.0, 2.0]]]])
    );
    // The same, big endian.
    let big = "00000000013FF00000000000004000000000000000";
    assert_eq!(parts(big), (GeomKind::Point, vec![vec![vec![[1.0, 2.0]]]]));
    // EWKB with SRID 2154 and a Z ordinate: POINT Z (1 2 3).
    let ewkb = "01010000A06A080000000000000000F03F00000000000000400000000000000840";
    let shape = read_shape(ewkb).expect("reads");
    assert_eq!(shape.srid, Some(2154));
    assert_eq!(shape.parts, vec![vec![vec![[1.0, 2.0]]]]);
    // MULTIPOINT of two points.
    let multi = "0104000000020000000101000000000000000000F03F000000000000004001010000000000000000000840\
                 0000000000001040";
    assert_eq!(read_shape(multi).map(|s| s.parts.len()), Some(2));
}

#[test]
fn geojson_text_reads_as_its_geometry() {
    let text = r#"{"coordinates": [[[-0.55, 47.47], [-0.54, 47.47], [-0.54, 47.48], [-0.55, 47.47]]], "type": "Polygon"}"#;
    let (kind, p) = parts(text);
    assert_eq!((kind, p[0][0].len()), (GeomKind::Polygon, 4));
}

#[test]
fn other_text_is_not_a_shape() {
    for text in [
        "",
        "47.47, -0.55",
        "POINT (1)",
        "POINT (1 2",
        "POLYGON ((0 0, 1 1)) trailing",
        "CIRCLE (0 0, 1)",
        "0101000000000000000000F03F",
        "01040000000000FFFF",
        "POINT (1 2, 3 4)",
    ] {
        assert_eq!(read_shape(text), None, "{text}");
    }
}
