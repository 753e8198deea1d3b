//! GPX (waypoints, routes, tracks as layers), KML and KMZ (folders, ExtendedData,
//! multi-geometries) and their faults, read through `load_path` as the app and the CLI do.

use std::io::Write;
use std::path::{Path, PathBuf};

use territoire::data::{Dataset, GeomKind, Value};
use territoire::jobs::Progress;
use territoire::sources::open::{LoadOptions, SourceLayer, source_layers};
use territoire::sources::{SourceError, load_path};

const GPX: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
  <wpt lat="47.4716" lon="-0.5536"><ele>25</ele><name>Ralliement</name><sym>Flag</sym></wpt>
  <wpt lat="47.4701" lon="-0.5590"><name>Château</name><desc>Forteresse</desc></wpt>
  <rte><name>Boucle</name><rtept lat="47.47" lon="-0.55"/><rtept lat="47.48" lon="-0.56"/><rtept lat="47.49" lon="-0.55"/></rte>
  <trk><name>Balade</name>
    <trkseg><trkpt lat="47.46" lon="-0.54"/><trkpt lat="47.465" lon="-0.545"/></trkseg>
    <trkseg><trkpt lat="47.47" lon="-0.55"/><trkpt lat="47.475" lon="-0.555"/></trkseg>
  </trk>
</gpx>"#;

const KML: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>Sorties</name>
  <Folder><name>Patrimoine</name>
    <Placemark><name>Cathédrale</name><description>Saint-Maurice</description>
      <ExtendedData><Data name="siecle"><value>12</value></Data></ExtendedData>
      <Point><coordinates>-0.5547,47.4735,0</coordinates></Point></Placemark>
    <Folder><name>Parcs</name>
      <Placemark><name>Jardin</name>
        <ExtendedData><SchemaData schemaUrl="#s"><SimpleData name="surface">46259</SimpleData></SchemaData></ExtendedData>
        <Polygon><outerBoundaryIs><LinearRing><coordinates>
          -0.55,47.47 -0.54,47.47 -0.54,47.48 -0.55,47.47
        </coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
    </Folder>
  </Folder>
  <Placemark><name>Deux lignes</name><MultiGeometry>
    <LineString><coordinates>-0.55,47.47 -0.56,47.48</coordinates></LineString>
    <LineString><coordinates>-0.57,47.47 -0.58,47.48</coordinates></LineString>
    <Point><coordinates>-0.5,47.4</coordinates></Point>
  </MultiGeometry></Placemark>
  <Placemark><name>Sans géométrie</name></Placemark>
</Document></kml>"##;

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

fn load(path: &Path, layer: Option<&str>) -> Result<Dataset, SourceError> {
    let options = LoadOptions {
        layer: layer.map(str::to_owned),
        ..LoadOptions::default()
    };
    load_path(path, &options, &Progress::default())
}

fn text(ds: &Dataset, column: &str, row: usize) -> String {
    ds.column(column)
        .map(|c| c.value(row).to_string())
        .unwrap_or_default()
}

#[test]
fn gpx_waypoints_routes_and_tracks_are_layers_waypoints_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "sortie.gpx", GPX.as_bytes());
    let layers = source_layers(&path).expect("listed");
    let counts: Vec<(&str, u64)> = layers.iter().map(|l| (l.name.as_str(), l.count)).collect();
    assert_eq!(counts, [("waypoints", 2), ("routes", 1), ("tracks", 1)]);

    let waypoints = load(&path, None).expect("waypoints");
    assert_eq!(waypoints.len(), 2);
    assert_eq!(waypoints.geometry.point(0), Some([-0.5536, 47.4716]));
    assert_eq!(text(&waypoints, "name", 1), "Château");
    assert_eq!(
        waypoints.column("ele").map(|c| c.value(0)),
        Some(Value::Integer(25))
    );

    let routes = load(&path, Some("routes")).expect("routes");
    assert_eq!(routes.geometry.kind(0), GeomKind::LineString);
    assert_eq!(routes.geometry.feature_coords(0).len(), 3);
    let tracks = load(&path, Some("tracks")).expect("tracks");
    assert_eq!(tracks.geometry.kind(0), GeomKind::MultiLineString);
    assert_eq!(tracks.geometry.parts(0).count(), 2);
    assert_eq!(text(&tracks, "name", 0), "Balade");

    let missing = load(&path, Some("gares"))
        .expect_err("no such layer")
        .to_string();
    assert!(
        missing.contains("gares") && missing.contains("waypoints"),
        "{missing}"
    );
}

#[test]
fn kml_placemarks_keep_names_folders_and_extended_data() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "sorties.kml", KML.as_bytes());
    let ds = load(&path, None).expect("kml");
    assert_eq!(ds.len(), 4);
    assert_eq!(text(&ds, "name", 0), "Cathédrale");
    assert_eq!(text(&ds, "description", 0), "Saint-Maurice");
    assert_eq!(text(&ds, "dossier", 0), "Patrimoine");
    assert_eq!(text(&ds, "dossier", 1), "Patrimoine / Parcs");
    assert_eq!(
        ds.column("siecle").map(|c| c.value(0)),
        Some(Value::Integer(12))
    );
    assert_eq!(
        ds.column("surface").map(|c| c.value(1)),
        Some(Value::Integer(46259))
    );
    assert_eq!(ds.column("siecle").map(|c| c.value(1)), Some(Value::Null));
    let kinds: Vec<GeomKind> = (0..4).map(|i| ds.geometry.kind(i)).collect();
    assert_eq!(
        kinds,
        [
            GeomKind::Point,
            GeomKind::Polygon,
            GeomKind::MultiLineString,
            GeomKind::Empty
        ]
    );
    // The point of the mixed multi-geometry is not drawn, and said, but counts in the extent.
    assert!(
        ds.issues.iter().any(|i| i.message.contains("mêle")),
        "{:?}",
        ds.issues
    );
    assert_eq!(ds.geometry.feature_coords(2).len(), 4, "the two lines");
    let b = ds.geometry.feature_bbox(2).expect("a box");
    assert!((b[0] + 0.58).abs() < 1e-9 && (b[2] + 0.5).abs() < 1e-9 && (b[1] - 47.4).abs() < 1e-9);
}

#[test]
fn kmz_reads_its_main_document() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("files/image.txt", options).expect("member");
    zip.write_all(b"not kml").expect("write");
    zip.start_file("doc.kml", options).expect("member");
    zip.write_all(KML.as_bytes()).expect("write");
    let bytes = zip.finish().expect("zip").into_inner();
    let path = write(dir.path(), "sorties.kmz", &bytes);
    assert_eq!(load(&path, None).expect("kmz").len(), 4);
}

#[test]
fn broken_xml_and_other_documents_are_told_clearly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cut = write(dir.path(), "coupe.gpx", &GPX.as_bytes()[..200]);
    let message = load(&cut, None).expect_err("cut").to_string();
    assert!(
        message.contains("XML") && message.contains("ligne"),
        "{message}"
    );
    let other = write(dir.path(), "autre.kml", b"<svg></svg>");
    let message = load(&other, None).expect_err("not kml").to_string();
    assert!(message.contains("KML"), "{message}");
    let kmz = write(dir.path(), "faux.kmz", b"PK\x03\x04garbage");
    let message = load(&kmz, None).expect_err("not a zip").to_string();
    assert!(message.contains("KMZ"), "{message}");
    let _: Option<Vec<SourceLayer>> = source_layers(&cut);
}

/// Two squares sharing an edge (arc 0), quantized, and a point, as two objects.
const TOPOJSON: &str = r#"{"type":"Topology",
  "transform":{"scale":[0.01,0.01],"translate":[-0.6,47.4]},
  "objects":{
    "quartiers":{"type":"GeometryCollection","geometries":[
      {"type":"Polygon","arcs":[[0,1]],"properties":{"nom":"Ouest","code":1}},
      {"type":"Polygon","arcs":[[-1,2]],"properties":{"nom":"Est","code":2}}]},
    "mairie":{"type":"Point","coordinates":[5,5],"properties":{"nom":"Hôtel de ville"}}},
  "arcs":[
    [[1,0],[0,1]],
    [[1,1],[-1,0],[0,-1],[1,0]],
    [[1,0],[1,0],[0,1],[-1,0]]]}"#;

#[test]
fn topojson_objects_are_layers_rebuilt_from_shared_arcs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "angers.json", TOPOJSON.as_bytes());
    let layers = source_layers(&path).expect("a topology");
    let counts: Vec<(&str, u64)> = layers.iter().map(|l| (l.name.as_str(), l.count)).collect();
    assert_eq!(counts, [("quartiers", 2), ("mairie", 1)]);
    let quartiers = load(&path, None).expect("quartiers");
    assert_eq!(quartiers.len(), 2);
    assert_eq!(text(&quartiers, "nom", 1), "Est");
    let close = |a: [f64; 2], b: [f64; 2]| (a[0] - b[0]).abs() < 1e-9 && (a[1] - b[1]).abs() < 1e-9;
    let west = quartiers.geometry.feature_coords(0);
    let east = quartiers.geometry.feature_coords(1);
    // Each ring closes, and both hold the shared edge from (−0.59, 47.40) to (−0.59, 47.41).
    for ring in [west, east] {
        assert_eq!(ring.len(), 5, "{ring:?}");
        assert!(close(ring[0], ring[4]));
        assert!(ring.iter().any(|&p| close(p, [-0.59, 47.40])));
        assert!(ring.iter().any(|&p| close(p, [-0.59, 47.41])));
    }
    let mairie = load(&path, Some("mairie")).expect("point");
    let p = mairie.geometry.point(0).expect("placed");
    assert!(close(p, [-0.55, 47.45]), "{p:?}");
}

/// A WFS 2.0 answer in GML 3.2, latitude first (URN form of EPSG:4326), two feature types.
const GML32: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<wfs:FeatureCollection xmlns:wfs="http://www.opengis.net/wfs/2.0" xmlns:gml="http://www.opengis.net/gml/3.2" xmlns:alm="https://angers.fr/alm">
  <wfs:member><alm:arret gml:id="arret.1">
    <alm:nom>Ralliement</alm:nom><alm:lignes>3</alm:lignes>
    <alm:geom><gml:Point srsName="urn:ogc:def:crs:EPSG::4326"><gml:pos>47.4716 -0.5536</gml:pos></gml:Point></alm:geom>
  </alm:arret></wfs:member>
  <wfs:member><alm:quartier gml:id="quartier.1"><alm:nom>Centre</alm:nom>
    <alm:geom><gml:MultiSurface srsName="urn:ogc:def:crs:EPSG::4326"><gml:surfaceMember><gml:Polygon>
      <gml:exterior><gml:LinearRing><gml:posList>47.47 -0.56 47.47 -0.54 47.48 -0.54 47.47 -0.56</gml:posList></gml:LinearRing></gml:exterior>
    </gml:Polygon></gml:surfaceMember></gml:MultiSurface></alm:geom>
  </alm:quartier></wfs:member>
  <wfs:member><alm:arret gml:id="arret.2"><alm:nom>Foch</alm:nom><alm:lignes>1</alm:lignes>
    <alm:geom><gml:Point srsName="urn:ogc:def:crs:EPSG::4326"><gml:pos>47.4689 -0.5491</gml:pos></gml:Point></alm:geom>
  </alm:arret></wfs:member>
</wfs:FeatureCollection>"#;

/// GML 2 as older tools write it, Lambert-93 with `coordinates`.
const GML2: &str = r#"<?xml version="1.0"?>
<gml:FeatureCollection xmlns:gml="http://www.opengis.net/gml" xmlns:ogr="http://ogr.maptools.org/">
  <gml:featureMember><ogr:voies fid="voies.0"><ogr:nom>Rue Lenepveu</ogr:nom>
    <ogr:geometryProperty><gml:LineString srsName="EPSG:2154"><gml:coordinates>431675.67,6712146.74 431697.53,6712154.25</gml:coordinates></gml:LineString></ogr:geometryProperty>
  </ogr:voies></gml:featureMember>
</gml:FeatureCollection>"#;

#[test]
fn gml_feature_types_are_layers_with_their_crs_and_axis_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "wfs.gml", GML32.as_bytes());
    let layers = source_layers(&path).expect("listed");
    let counts: Vec<(&str, u64)> = layers.iter().map(|l| (l.name.as_str(), l.count)).collect();
    assert_eq!(counts, [("arret", 2), ("quartier", 1)]);
    let stops = load(&path, None).expect("stops");
    assert_eq!(stops.len(), 2);
    assert_eq!(
        stops.geometry.point(0),
        Some([-0.5536, 47.4716]),
        "latitude first in the URN form"
    );
    assert_eq!(text(&stops, "gml_id", 1), "arret.2");
    assert_eq!(
        stops.column("lignes").map(|c| c.value(0)),
        Some(Value::Integer(3))
    );
    let quartier = load(&path, Some("quartier")).expect("quartier");
    assert_eq!(quartier.geometry.kind(0), GeomKind::MultiPolygon);
    assert_eq!(quartier.geometry.feature_coords(0)[1], [-0.54, 47.47]);

    let old = write(dir.path(), "voies.gml", GML2.as_bytes());
    let streets = load(&old, None).expect("GML 2");
    assert_eq!(streets.geometry.kind(0), GeomKind::LineString);
    let first = streets.geometry.feature_coords(0)[0];
    assert!(
        (first[0] + 0.5624).abs() < 1e-3 && (first[1] - 47.4552).abs() < 1e-3,
        "{first:?}"
    );
    assert_eq!(
        streets.source_crs.as_deref().map(|c| c.contains("2154")),
        Some(true)
    );
}
