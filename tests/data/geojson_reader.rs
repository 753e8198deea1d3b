//! GeoJSON reading: every geometry type, holes, multi-parts, Z, nulls, the old `crs` member, bad files.

use std::io::Write;

use territoire::data::{FieldType, GeomKind, Value};
use territoire::jobs::Progress;
use territoire::sources::{LoadOptions, SourceError, load_path};

fn load(text: &str) -> Result<territoire::data::Dataset, SourceError> {
    let mut file = tempfile::Builder::new()
        .suffix(".geojson")
        .tempfile()
        .expect("temp file");
    file.write_all(text.as_bytes()).expect("write");
    load_path(file.path(), &LoadOptions::default(), &Progress::default())
}

const ALL_TYPES: &str = r#"{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"nom":"Ralliement","n":1,"surface":2.5,"ok":true,"maj":"2024-05-01"},"geometry":{"type":"Point","coordinates":[-0.5537,47.4716,12.0]}},
{"type":"Feature","properties":{"nom":"Ligne","n":2,"surface":3,"ok":false,"maj":"2024-05-02"},"geometry":{"type":"LineString","coordinates":[[-0.55,47.47],[-0.54,47.48]]}},
{"type":"Feature","properties":{"nom":"Parc","n":3,"surface":null,"ok":null,"maj":null},"geometry":{"type":"Polygon","coordinates":[[[-0.56,47.46],[-0.54,47.46],[-0.54,47.48],[-0.56,47.48],[-0.56,47.46]],[[-0.555,47.465],[-0.545,47.465],[-0.545,47.475],[-0.555,47.465]]]}},
{"type":"Feature","properties":{"nom":"Îles","n":4},"geometry":{"type":"MultiPolygon","coordinates":[[[[-0.6,47.4],[-0.59,47.4],[-0.59,47.41],[-0.6,47.4]]],[[[-0.58,47.4],[-0.57,47.4],[-0.57,47.41],[-0.58,47.4]]]]}},
{"type":"Feature","properties":{"nom":"Arrêts","n":5},"geometry":{"type":"MultiPoint","coordinates":[[-0.5,47.5],[-0.51,47.51]]}},
{"type":"Feature","properties":{"nom":"Lignes","n":6},"geometry":{"type":"MultiLineString","coordinates":[[[-0.5,47.5],[-0.51,47.51]],[[-0.52,47.5],[-0.53,47.51]]]}},
{"type":"Feature","properties":{"nom":"Sans géométrie","n":7},"geometry":null},
{"type":"Feature","properties":{"nom":"Type en dernier","n":8},"geometry":{"coordinates":[-0.52,47.46],"type":"Point"}}
]}"#;

#[test]
fn every_geometry_type_is_read_with_typed_columns() {
    let ds = load(ALL_TYPES).expect("valid GeoJSON");
    assert_eq!(ds.len(), 8);
    let kinds: Vec<GeomKind> = (0..8).map(|i| ds.geometry.kind(i)).collect();
    use GeomKind::*;
    assert_eq!(
        kinds,
        vec![
            Point,
            LineString,
            Polygon,
            MultiPolygon,
            MultiPoint,
            MultiLineString,
            Empty,
            Point
        ]
    );
    assert_eq!(
        ds.geometry.point(0),
        Some([-0.5537, 47.4716]),
        "Z is dropped"
    );
    assert_eq!(
        ds.geometry.point(7),
        Some([-0.52, 47.46]),
        "type after coordinates"
    );
    assert_eq!(ds.without_geometry(), 1);
    match ds.geometry.to_geo(2) {
        Some(geo::Geometry::Polygon(p)) => assert_eq!(p.interiors().len(), 1, "the hole is kept"),
        other => panic!("expected a polygon, got {other:?}"),
    }
    match ds.geometry.to_geo(3) {
        Some(geo::Geometry::MultiPolygon(mp)) => assert_eq!(mp.0.len(), 2),
        other => panic!("expected a multipolygon, got {other:?}"),
    }
    let types: Vec<(&str, FieldType)> = ds
        .columns
        .iter()
        .map(|c| (c.name.as_str(), c.field_type()))
        .collect();
    assert_eq!(
        types,
        vec![
            ("nom", FieldType::Text),
            ("n", FieldType::Integer),
            ("surface", FieldType::Float),
            ("ok", FieldType::Boolean),
            ("maj", FieldType::Date),
        ]
    );
    let nom = ds.column("nom").expect("nom");
    assert_eq!(nom.value(3), Value::Text("Îles"));
    assert_eq!(ds.column("surface").expect("surface").value(2), Value::Null);
    assert_eq!(
        ds.column("ok").expect("ok").value(6),
        Value::Null,
        "missing key is null"
    );
    assert_eq!(
        ds.source_crs.as_deref(),
        Some("EPSG:4326"),
        "WGS 84 by RFC 7946"
    );
    let [x0, y0, x1, y1] = ds.bbox.expect("bbox");
    assert!(x0 <= -0.6 && y0 <= 47.4 && x1 >= -0.5 && y1 >= 47.51);
    assert!(
        !ds.triangles(2).is_empty(),
        "polygons are triangulated for drawing"
    );
}

#[test]
fn old_crs_member_is_honoured() {
    let text = r#"{"type":"FeatureCollection",
      "crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::2154"}},
      "features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[432414.7169,6713938.0364]}}]}"#;
    let ds = load(text).expect("Lambert-93 GeoJSON");
    assert_eq!(ds.source_crs.as_deref(), Some("EPSG:2154"));
    let p = ds.geometry.point(0).expect("point");
    assert!(
        (p[0] + 0.5537).abs() < 1e-6 && (p[1] - 47.4716).abs() < 1e-6,
        "{p:?}"
    );
}

#[test]
fn lambert93_without_crs_member_is_not_guessed_but_proposed() {
    // GeoJSON is longitude/latitude unless it says otherwise: metres are not placed silently.
    let text = r#"{"type":"Feature","properties":{"a":1},"geometry":{"type":"Point","coordinates":[432414.7169,6713938.0364]}}"#;
    match load(text) {
        Err(SourceError::CrsMissing(suggestion)) => assert_eq!(suggestion, Some("EPSG:2154")),
        other => panic!(
            "expected the CRS asked for, got {:?}",
            other.map(|d| d.len())
        ),
    }
    // Far from France, valid longitude/latitude opens as such.
    let far = load(r#"{"type":"Point","coordinates":[100.0,0.0]}"#).expect("far away");
    assert_eq!(far.geometry.point(0), Some([100.0, 0.0]));
}

#[test]
fn bare_geometry_is_one_feature() {
    let ds = load(r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}"#)
        .expect("bare geometry");
    assert_eq!(ds.len(), 1);
    assert_eq!(ds.geometry.kind(0), GeomKind::Polygon);
}

#[test]
fn broken_json_reports_line_and_column() {
    let text = "{\"type\":\"FeatureCollection\",\n\"features\":[\n{\"type\":\"Feature\",\"properties\":{\"a\":1,},\"geometry\":null}]}";
    match load(text) {
        Err(SourceError::Json { line, column, .. }) => {
            assert_eq!(line, 3);
            assert!(column > 30, "column {column}");
        }
        other => panic!("expected a JSON error, got {other:?}"),
    }
    let message = load(text).expect_err("bad").to_string();
    assert!(message.contains("ligne 3"), "French message: {message}");
}

#[test]
fn json_that_is_not_geojson_is_refused() {
    assert!(load(r#"{"hello":"world"}"#).is_err());
    assert!(load("[1,2,3]").is_err());
    assert!(load("").is_err());
}

#[test]
fn out_of_range_coordinates_are_counted_not_fatal() {
    let text = r#"{"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[-0.55,47.47]}},
      {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[-0.55,147.47]}},
      {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[]}}]}"#;
    let ds = load(text).expect("loads");
    assert_eq!(ds.len(), 3);
    assert_eq!(ds.without_geometry(), 2);
    assert!(ds.issues.iter().any(|i| i.count >= 1), "{:?}", ds.issues);
}

#[test]
fn real_quartiers_of_angers_load() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/angers/quartiers-2014.geojson");
    if !path.exists() {
        eprintln!("skipped: {} is absent", path.display());
        return;
    }
    let ds = load_path(&path, &LoadOptions::default(), &Progress::default()).expect("quartiers");
    assert_eq!(ds.len(), 10);
    assert_eq!(ds.geometry.kind_counts().get("MultiPolygon"), Some(&10));
    let names = ds.column("name").expect("name");
    assert!((0..10).any(|i| names.value(i) == Value::Text("Lac de Maine")));
    assert_eq!(
        ds.column("created_at").expect("created_at").field_type(),
        FieldType::Datetime
    );
}

#[test]
fn opendatasoft_v1_exports_open_from_a_file() {
    let text = r#"[
      {"datasetid": "angers_stationnement", "recordid": "a1", "record_timestamp": "2024-01-01T00:00:00Z",
       "fields": {"nom": "Parking Mail", "nb_places": 420, "gratuit": "FAUX", "geo_point_2d": [47.4698, -0.5494]},
       "geometry": {"type": "Point", "coordinates": [-0.5494, 47.4698]}},
      {"datasetid": "angers_stationnement", "recordid": "a2",
       "fields": {"nom": "Parking Ralliement", "nb_places": 600}}
    ]"#;
    let ds = load(text).expect("v1 export");
    assert_eq!(ds.len(), 2);
    assert_eq!(ds.without_geometry(), 1);
    let names: Vec<&str> = ds.columns.iter().map(|c| c.name.as_str()).collect();
    assert!(
        names.contains(&"nom") && names.contains(&"nb_places"),
        "{names:?}"
    );
    assert_eq!(
        ds.column("nb_places").map(|c| c.value(1)),
        Some(territoire::data::Value::Integer(600))
    );
}

#[test]
fn the_extent_covers_polygons_across_the_antimeridian_and_the_poles() {
    let text = r#"{"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[-180,-90],[180,-90],[180,-84],[-180,-84],[-180,-90]]]}},
      {"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[170,-20],[190,-20],[190,-10],[170,-10],[170,-20]]]}}]}"#;
    let ds = load(text).expect("world");
    assert_eq!(ds.without_geometry(), 0, "{:?}", ds.issues);
    assert_eq!(ds.geometry.extent(), Some([-180.0, -90.0, 190.0, -10.0]));
}
