//! Tests of the CSV reader: dialects, encodings, coordinate columns, damaged files.

use std::path::Path;

use super::positions::{Coords, locate};
use super::{read_csv, read_csv_from};
use crate::data::{Dataset, IssueKind, Value};
use crate::jobs::Progress;
use crate::sources::SourceError;

fn read(bytes: &[u8]) -> Result<Dataset, SourceError> {
    let raw = read_csv_from(bytes, Some(bytes.len() as u64), &Progress::default())?;
    Ok(raw.builder.finish(raw.crs.clone()))
}

fn text(ds: &Dataset, column: &str, row: usize) -> Option<String> {
    match ds.column(column)?.value(row) {
        Value::Text(t) => Some(t.to_owned()),
        _ => None,
    }
}

#[test]
fn comma_file_with_lon_lat() {
    let ds = read(b"nom,lon,lat\nRalliement,-0.5537,47.4716\nVide,,\n").expect("csv");
    assert_eq!(ds.len(), 2);
    assert_eq!(ds.geometry.point(0), Some([-0.5537, 47.4716]));
    assert_eq!(ds.without_geometry(), 1);
    assert_eq!(ds.source_crs, None);
    assert_eq!(text(&ds, "nom", 0).as_deref(), Some("Ralliement"));
    assert_eq!(
        ds.column("lon").map(|c| c.value(0)),
        Some(Value::Float(-0.5537)),
        "kept as a field"
    );
    let tabs = read(b"nom\tLongitude\tLatitude\nA\t-0.5\t47.4\n").expect("tsv");
    assert_eq!(tabs.geometry.point(0), Some([-0.5, 47.4]));
}

#[test]
fn semicolon_lambert93_with_bom_and_decimal_commas() {
    let bytes = "\u{feff}id;X;Y\n1;432414,72;6713938,04\n2;432500;6714000\n".as_bytes();
    let mut raw = read_csv_from(bytes, None, &Progress::default()).expect("csv");
    assert_eq!(
        raw.crs, None,
        "metres without a .prj: the CRS is asked, never guessed"
    );
    let coords = raw.builder.geometry.coords_mut().to_vec();
    assert_eq!(
        coords,
        [[432414.72, 6713938.04], [432500.0, 6714000.0]],
        "not reprojected"
    );
    let ds = raw.builder.finish(Some("EPSG:2154".into()));
    assert_eq!(ds.len(), 2);
    assert_eq!(
        ds.column("id").map(|c| c.value(1)),
        Some(Value::Integer(2)),
        "no BOM in the name"
    );
    assert_eq!(
        ds.column("X").map(|c| c.value(0)),
        Some(Value::Float(432414.72))
    );
}

#[test]
fn gtfs_stops_with_quotes_and_missing_positions() {
    let csv = "stop_id,stop_code,stop_name,stop_desc,stop_lat,stop_lon,zone_id,stop_url,location_type,parent_station,stop_timezone,wheelchair_boarding\n\
        1AARD,5009,\"AVRILLE - ARDENNE\",,47.511486,-0.596012,,,0,,,1\n\
        1BAMA,24604,\"BAMAKO, QUAI \"\"2\"\"\",,,,,,1,,,\n\
        1GARE,301,\"GARE\nSNCF\",,47.464,-0.556,,,0,,,1\n";
    let ds = read(csv.as_bytes()).expect("gtfs");
    assert_eq!(ds.len(), 3);
    assert_eq!(ds.geometry.point(0), Some([-0.596012, 47.511486]));
    assert_eq!(ds.geometry.point(1), None);
    assert_eq!(ds.without_geometry(), 1);
    assert_eq!(
        text(&ds, "stop_name", 1).as_deref(),
        Some("BAMAKO, QUAI \"2\"")
    );
    assert_eq!(text(&ds, "stop_name", 2).as_deref(), Some("GARE\nSNCF"));
    assert_eq!(
        ds.column("stop_code").map(|c| c.value(0)),
        Some(Value::Integer(5009))
    );
}

#[test]
fn windows_1252_is_decoded_even_after_a_long_ascii_start() {
    let mut bytes = b"voie;x;y\n".to_vec();
    bytes.extend(
        encoding_rs::WINDOWS_1252
            .encode("Rue de l'Hôtel de Ville;-0,55;47,47\n")
            .0
            .iter(),
    );
    let ds = read(&bytes).expect("cp1252");
    assert_eq!(
        text(&ds, "voie", 0).as_deref(),
        Some("Rue de l'Hôtel de Ville")
    );
    assert_eq!(ds.geometry.point(0), Some([-0.55, 47.47]));
    let ds = read("voie\nRue de l'Hôtel de Ville\nH\u{f4}tel\n".as_bytes()).expect("utf-8");
    assert_eq!(text(&ds, "voie", 1).as_deref(), Some("Hôtel"));
    let mixed = read(b"voie\nRue de l'H\xC3\xB4tel de Ville\nH\xF4tel\n").expect("mixed");
    assert_eq!(
        text(&mixed, "voie", 0).as_deref(),
        Some("Rue de l'Hôtel de Ville")
    );
    assert_eq!(text(&mixed, "voie", 1).as_deref(), Some("Hôtel"));

    let mut late = b"voie\tn\n".to_vec();
    (0..5000).for_each(|i| late.extend(format!("Rue Lenepveu\t{i}\n").bytes()));
    late.extend(b"Place de l'H\xF4tel de Ville\t1\n");
    let ds = read(&late).expect("late cp1252");
    assert_eq!(
        text(&ds, "voie", 5000).as_deref(),
        Some("Place de l'Hôtel de Ville")
    );
    assert!(ds.issues.iter().all(|i| i.kind != IssueKind::InvalidText));

    let mut utf8 = b"voie\n".to_vec();
    (0..5000).for_each(|_| utf8.extend("Allée de l'Érable\n".bytes()));
    utf8.extend(b"H\xF4tel\n");
    let ds = read(&utf8).expect("utf-8, then one Windows-1252 cell");
    assert_eq!(text(&ds, "voie", 5000).as_deref(), Some("Hôtel"));
    let invalid = ds.issues.iter().find(|i| i.kind == IssueKind::InvalidText);
    assert_eq!(invalid.map(|i| i.count), Some(1));
}

#[test]
fn tables_ragged_rows_and_odd_headers() {
    let ds = read(b"a,b,,a\n1,2,3,4\n5\n6,7,8,9,10\n;;;\n,,,\n").expect("ragged");
    assert_eq!(
        ds.len(),
        4,
        "the bare separator row is skipped, `;;;` is one text cell"
    );
    assert_eq!(ds.without_geometry(), 4, "no coordinate columns: a table");
    assert_eq!(ds.column("b").map(|c| c.value(1)), Some(Value::Null));
    assert_eq!(
        ds.column("a_2").map(|c| c.value(2)),
        Some(Value::Integer(9))
    );
    assert!(ds.column("field_3").is_some());
}

#[test]
fn empty_files_fail_clearly_and_garbage_never_panics() {
    for empty in [&b""[..], b"\xEF\xBB\xBF", b"\n\n  \r\n"] {
        assert!(matches!(read(empty), Err(SourceError::Format(_))));
    }
    let mut seed = 0x2545_f491_u32;
    for len in [1usize, 17, 4000, 70_000] {
        let garbage: Vec<u8> = (0..len)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                (seed >> 24) as u8
            })
            .collect();
        let _ = read(&garbage);
    }
}

#[test]
fn opendatasoft_geo_point_and_column_pairing() {
    let ds = read(b"nom;geo_point_2d\nParking;47.47, -0.55\nVide;\n").expect("geo_point_2d");
    assert_eq!(ds.geometry.point(0), Some([-0.55, 47.47]));
    assert_eq!(ds.without_geometry(), 1);
    assert_eq!(ds.source_crs, None);
    let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        locate(&names(&["stop_lat", "stop_lon", "x"])),
        Coords::Pair(1, 0)
    );
    assert_eq!(
        locate(&names(&["Y", "parent_lon", "X"])),
        Coords::Pair(2, 0)
    );
    assert_eq!(locate(&names(&["Coord X", "Coord Y"])), Coords::Pair(0, 1));
    assert_eq!(locate(&names(&["x_long", "nom"])), Coords::Table);
}

#[test]
fn progress_reaches_the_end_and_cancel_stops() {
    let mut bytes = b"lon,lat\n".to_vec();
    (0..20_000).for_each(|i| bytes.extend(format!("-0.5,47.{i}\n").bytes()));
    let progress = Progress::default();
    let raw = read_csv_from(&bytes[..], Some(bytes.len() as u64), &progress).expect("csv");
    assert_eq!(raw.builder.rows(), 20_000);
    assert_eq!(progress.fraction(), Some(1.0));
    progress.cancel();
    assert!(matches!(
        read_csv_from(&bytes[..], None, &progress),
        Err(SourceError::Cancelled)
    ));
}

#[test]
fn real_irigo_stops() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/data/angers/irigo-stops.txt"
    );
    if !Path::new(path).exists() {
        eprintln!("skipped: {path} is absent");
        return;
    }
    let raw = read_csv(Path::new(path), &Progress::default()).expect("irigo");
    let ds = raw.builder.finish(raw.crs.clone());
    assert_eq!(ds.len(), 1899);
    assert_eq!(ds.without_geometry(), 0);
    for i in 0..ds.len() {
        let [lon, lat] = ds.geometry.point(i).expect("a point");
        assert!(
            (-0.8..=-0.25).contains(&lon) && (47.3..=47.7).contains(&lat),
            "{lon} {lat}"
        );
    }
}

#[test]
fn a_geometry_column_gives_points_lines_and_polygons_in_its_srid() {
    let bytes = "id;the_geom;nom\r\n\
        1;\"SRID=2154;POINT(430000 6710000)\";a\r\n\
        2;\"LINESTRING(430000 6710000, 431000 6711000)\";b\r\n\
        3;;c\r\n\
        4;pas une géométrie;d\r\n";
    let mut raw = read_csv_from(bytes.as_bytes(), None, &Progress::default()).expect("csv");
    assert_eq!(raw.crs.as_deref(), Some("EPSG:2154"));
    let geometry = std::mem::take(&mut raw.builder.geometry).finish();
    let kinds: Vec<_> = (0..4).map(|i| geometry.kind(i)).collect();
    use crate::data::GeomKind;
    assert_eq!(
        kinds,
        [
            GeomKind::Point,
            GeomKind::LineString,
            GeomKind::Empty,
            GeomKind::Empty
        ]
    );
    // The geometry column is the geometry, not a text attribute too.
    let ds = raw.builder.finish(None);
    assert!(ds.column("the_geom").is_none());
    assert_eq!(ds.issues.len(), 1);
    assert_eq!(ds.issues[0].kind, IssueKind::NullGeometry);
}

#[test]
fn many_repeated_or_too_many_columns_stay_cheap() {
    // 32,000 copies of one name are renamed in linear time (this took 53 s).
    let started = std::time::Instant::now();
    let names = super::positions::unique_names(std::iter::repeat_n("a".to_owned(), 32_000));
    assert_eq!(names[31_999], "a_32000");
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    // 100,000 columns are refused in words instead of growing to gigabytes.
    let wide = (0..100_000)
        .map(|i| format!("c{i}"))
        .collect::<Vec<_>>()
        .join(";");
    let error = read(format!("{wide}\n").as_bytes()).expect_err("too wide");
    assert!(error.to_string().contains("colonnes"), "{error}");
}

#[test]
fn metres_open_in_the_system_a_prj_beside_them_declares_and_ask_without_one() {
    use crate::sources::open::{LoadOptions, load_path};
    let dir = tempfile::tempdir().expect("temp dir");
    let csv = dir.path().join("points.csv");
    std::fs::write(&csv, "id;x;y\n1;432414.72;6713938.04\n2;432500;6714000\n").expect("write");
    let options = LoadOptions::default();
    match load_path(&csv, &options, &Progress::default()) {
        Err(SourceError::CrsMissing(suggestion)) => assert_eq!(suggestion, Some("EPSG:2154")),
        other => panic!(
            "the CRS must be asked for, got {:?}",
            other.map(|d| d.len())
        ),
    }
    std::fs::write(dir.path().join("points.prj"), "EPSG:2154").expect("write prj");
    let ds = load_path(&csv, &options, &Progress::default()).expect("declared by the .prj");
    let [lon, lat] = ds.geometry.point(0).expect("a point");
    assert!(
        (lon + 0.551).abs() < 0.01 && (lat - 47.47).abs() < 0.01,
        "{lon} {lat}"
    );
}
