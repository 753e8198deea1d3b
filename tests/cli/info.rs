//! `territoire info SOURCE --json`: one JSON object, on the demo kit, the real Angers files, and bad input.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn shared(name: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/angers")
        .join(name);
    path.exists().then_some(path).or_else(|| {
        eprintln!("skipped: {name} is absent");
        None
    })
}

fn demo(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample-data")
        .join(name)
}

fn info(path: &Path) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_territoire"))
        .args(["info", "--json"])
        .arg(path)
        .output()
        .expect("run territoire");
    assert!(
        out.status.success(),
        "{}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).expect("UTF-8 output");
    assert_eq!(
        stdout.trim().lines().count(),
        1,
        "exactly one JSON object on one line"
    );
    let keys = [
        "source",
        "features",
        "without_geometry",
        "geometry_types",
        "crs",
        "bbox",
        "fields",
        "issues",
    ];
    let positions: Vec<usize> = keys
        .iter()
        .map(|key| stdout.find(&format!("\"{key}\":")).unwrap_or(usize::MAX))
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "keys in the documented order: {stdout}"
    );
    serde_json::from_str(&stdout).expect("valid JSON")
}

fn check_shape(v: &Value) {
    let keys: Vec<&str> = v
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    for key in [
        "source",
        "features",
        "without_geometry",
        "geometry_types",
        "crs",
        "bbox",
        "fields",
        "issues",
    ] {
        assert!(keys.contains(&key), "missing {key} in {v}");
    }
    for field in v["fields"].as_array().expect("fields") {
        let t = field["type"].as_str().expect("type");
        assert!(
            ["integer", "float", "text", "boolean", "date", "datetime"].contains(&t),
            "{t}"
        );
    }
}

fn in_angers(v: &Value) {
    let b: Vec<f64> = v["bbox"]
        .as_array()
        .expect("bbox")
        .iter()
        .filter_map(Value::as_f64)
        .collect();
    assert_eq!(b.len(), 4);
    assert!(
        b[0] > -1.0 && b[2] < 0.0 && b[1] > 47.2 && b[3] < 47.8,
        "bbox {b:?} is not around Angers"
    );
}

#[test]
fn real_quartiers_and_communes() {
    if let Some(path) = shared("quartiers-2014.geojson") {
        let v = info(&path);
        check_shape(&v);
        assert_eq!(v["features"], 10);
        assert_eq!(v["without_geometry"], 0);
        assert_eq!(v["geometry_types"]["MultiPolygon"], 10);
        assert_eq!(v["crs"], "EPSG:4326", "GeoJSON is WGS 84 by RFC 7946");
        in_angers(&v);
    }
    if let Some(path) = shared("communes-2014.geojson") {
        let v = info(&path);
        assert_eq!(v["features"], 33);
        in_angers(&v);
    }
}

#[test]
fn irigo_gtfs_stops_open_as_is() {
    let Some(path) = shared("irigo-stops.txt") else {
        return;
    };
    let v = info(&path);
    check_shape(&v);
    assert_eq!(v["features"], 1899);
    assert_eq!(
        v["geometry_types"]["Point"].as_u64().unwrap_or(0)
            + v["without_geometry"].as_u64().unwrap_or(0),
        1899
    );
    in_angers(&v);
    let names: Vec<&str> = v["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["name"].as_str())
        .collect();
    assert!(names.contains(&"stop_name") && names.contains(&"stop_lat"));
}

#[test]
fn demo_kit_layers() {
    let quartiers = info(&demo("quartiers.geojson"));
    check_shape(&quartiers);
    assert_eq!(quartiers["features"], 10);
    let adresses = info(&demo("adresses.csv"));
    assert!(
        adresses["features"].as_u64().unwrap_or(0) >= 15_000,
        "{adresses}"
    );
    assert_eq!(
        adresses["crs"], "EPSG:2154",
        "Lambert-93 values are recognised"
    );
    in_angers(&adresses);
    let patrimoine = info(&demo("patrimoine.shp"));
    assert_eq!(patrimoine["crs"], "EPSG:2154");
    assert!(patrimoine["features"].as_u64().unwrap_or(0) >= 50);
    in_angers(&patrimoine);
    let verts = info(&demo("espaces-verts.geojson"));
    assert!(verts["features"].as_u64().unwrap_or(0) >= 100);
    in_angers(&verts);
}

fn fails_cleanly(path: &Path, expect_in_message: &str) {
    let out = Command::new(env!("CARGO_BIN_EXE_territoire"))
        .args(["info", "--json"])
        .arg(path)
        .output()
        .expect("run territoire");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
    assert!(
        stderr.contains(&*path.to_string_lossy()),
        "names the file: {stderr}"
    );
    assert!(
        stderr.contains(expect_in_message),
        "says what is wrong ({expect_in_message}): {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn unreadable_files_fail_with_one_clear_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad_json = dir.path().join("cassé.geojson");
    std::fs::write(
        &bad_json,
        "{\"type\":\"FeatureCollection\",\n\"features\":[{]}",
    )
    .expect("write");
    fails_cleanly(&bad_json, "ligne 2");
    fails_cleanly(&dir.path().join("absent.geojson"), "absent.geojson");
    let garbage = dir.path().join("bruit.shp");
    std::fs::write(
        &garbage,
        (0..5000u32)
            .map(|i| (i * 7919 % 251) as u8)
            .collect::<Vec<u8>>(),
    )
    .expect("write");
    fails_cleanly(&garbage, "bruit.shp");
    let unknown = dir.path().join("notes.docx");
    std::fs::write(&unknown, "x").expect("write");
    fails_cleanly(&unknown, "docx");
    // A garbage .prj of a megabyte: PROJ stays quiet, the line stays short.
    for ext in ["shp", "shx", "dbf"] {
        std::fs::copy(
            demo(&format!("patrimoine.{ext}")),
            dir.path().join(format!("p.{ext}")),
        )
        .expect("copy");
    }
    std::fs::write(dir.path().join("p.prj"), "n'importe quoi ".repeat(70_000)).expect("write");
    let shp = dir.path().join("p.shp");
    fails_cleanly(&shp, "système de coordonnées");
    let out = Command::new(env!("CARGO_BIN_EXE_territoire"))
        .args(["info", "--json"])
        .arg(&shp)
        .output()
        .expect("run territoire");
    assert!(
        out.stderr.len() < 600,
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_csv_without_positions_opens_as_a_table() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("budget.csv");
    std::fs::write(
        &path,
        "annee;quartier;montant\n2024;Centre-ville;1200\n2024;Roseraie;800\n",
    )
    .expect("written");
    let v = info(&path);
    assert_eq!(v["features"], 2, "{v}");
    assert_eq!(v["without_geometry"], 2, "{v}");
}

#[test]
fn a_source_without_a_coordinate_system_is_described_in_its_own_coordinates() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cc47 = dir.path().join("cc47.csv");
    std::fs::write(&cc47, "id;x;y\n1;1440000;6260000\n2;1441000;6261000\n").expect("write");
    let v = info(&cc47);
    assert_eq!(v["crs"], serde_json::Value::Null);
    assert_eq!(v["features"], 2);
    assert_eq!(
        v["bbox"],
        serde_json::json!([1440000.0, 6260000.0, 1441000.0, 6261000.0])
    );
    let issue = &v["issues"][0];
    assert_eq!(issue["kind"], "crs_unknown");
    let message = issue["message"].as_str().expect("message");
    assert!(
        message.contains("Lambert CC47 (EPSG:3947)") && message.contains("--crs EPSG:3947"),
        "{message}"
    );
    // Exporting needs positions on the map: refused, with the same advice.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_territoire"))
        .args(["export", cc47.to_str().expect("path"), "--out"])
        .arg(dir.path().join("x.geojson"))
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("EPSG:3947"));
}
