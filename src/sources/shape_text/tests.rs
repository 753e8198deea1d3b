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

/// Little-endian WKB of a header and a body.
fn wkb(code: u32, body: &[u8]) -> Vec<u8> {
    let mut out = vec![1];
    out.extend(code.to_le_bytes());
    out.extend_from_slice(body);
    out
}

fn positions(points: &[[f64; 2]]) -> Vec<u8> {
    let mut out = (points.len() as u32).to_le_bytes().to_vec();
    points
        .iter()
        .for_each(|p| p.iter().for_each(|v| out.extend(v.to_le_bytes())));
    out
}

#[test]
fn curves_are_linearized_and_collections_keep_their_highest_dimension() {
    // A curve polygon whose ring is a compound curve: a straight base, then a half circle back.
    let base = wkb(2, &positions(&[[-1.0, 0.0], [1.0, 0.0]]));
    let arc = wkb(8, &positions(&[[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0]]));
    let mut compound = 2u32.to_le_bytes().to_vec();
    compound.extend(base);
    compound.extend(arc);
    let mut polygon = 1u32.to_le_bytes().to_vec();
    polygon.extend(wkb(9, &compound));
    let shape = read_wkb(&wkb(10, &polygon)).expect("a curve polygon");
    assert_eq!(shape.kind, GeomKind::Polygon);
    let ring = &shape.parts[0][0];
    assert_eq!(ring.first(), ring.last(), "closed");
    let top = ring.iter().map(|p| p[1]).fold(f64::MIN, f64::max);
    assert!(
        (top - 1.0).abs() < 1e-12 && ring.len() > 40,
        "{top} {}",
        ring.len()
    );
    // A multi-surface of it is a multipolygon.
    let mut multi = 1u32.to_le_bytes().to_vec();
    multi.extend(wkb(10, &polygon));
    let shape = read_wkb(&wkb(12, &multi)).expect("a multi-surface");
    assert_eq!(shape.kind, GeomKind::MultiPolygon);
    // A collection of a point and a line keeps the line.
    let mut collection = 2u32.to_le_bytes().to_vec();
    collection.extend(wkb(
        1,
        &[0.0f64.to_le_bytes(), 0.0f64.to_le_bytes()].concat(),
    ));
    collection.extend(wkb(2, &positions(&[[1.0, 1.0], [2.0, 2.0]])));
    let shape = read_wkb(&wkb(7, &collection)).expect("a collection");
    assert_eq!(shape.kind, GeomKind::MultiLineString);
    assert_eq!(shape.parts, vec![vec![vec![[1.0, 1.0], [2.0, 2.0]]]]);
    assert_eq!(
        shape.hidden,
        vec![vec![vec![[0.0, 0.0]]]],
        "the point, for the box"
    );
    // Truncated or lying counts are refused, never a panic.
    let whole = wkb(12, &multi);
    assert!((0..whole.len()).all(|n| read_wkb(&whole[..n]).is_none()));
}
