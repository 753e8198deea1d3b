//! GeoPackages written by the project's own writer and by hand (Lambert-93, odd cells), read back.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::*;
use crate::data::{GeomKind, Value};
use crate::sources::open::{LoadOptions, load_path};

fn sample(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("sample-data")
        .join(name)
}

fn load(path: &Path, layer: Option<&str>) -> crate::data::Dataset {
    let options = LoadOptions {
        layer: layer.map(str::to_owned),
        ..LoadOptions::default()
    };
    load_path(path, &options, &Progress::default()).expect("loads")
}

#[test]
fn layers_written_read_back_the_same() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("kit.gpkg");
    let quartiers = load(&sample("quartiers.geojson"), None);
    let heritage = load(&sample("patrimoine.shp"), None);
    write_gpkg(
        &path,
        &[("quartiers", &quartiers), ("patrimoine", &heritage)],
    )
    .expect("writes");

    let listed = gpkg_layers(&path).expect("lists");
    let names: Vec<(&str, u64)> = listed.iter().map(|l| (l.name.as_str(), l.count)).collect();
    assert_eq!(names, [("quartiers", 10), ("patrimoine", 80)]);

    for (name, original) in [(None, &quartiers), (Some("patrimoine"), &heritage)] {
        let read = load(&path, name);
        assert_eq!(read.len(), original.len());
        assert_eq!(read.geometry.coords(), original.geometry.coords());
        for i in 0..read.len() {
            assert_eq!(read.geometry.kind(i), original.geometry.kind(i));
        }
        for column in &original.columns {
            let back = read.column(&column.name).expect("column kept");
            assert_eq!(back.field_type(), column.field_type(), "{}", column.name);
            for row in 0..read.len() {
                assert_eq!(back.value(row), column.value(row));
            }
        }
    }
}

/// A GeoPackage blob: header (SRS 2154, no envelope) then WKB.
fn point_blob(x: f64, y: f64) -> Vec<u8> {
    let mut out = b"GP\0\x01".to_vec();
    out.extend(2154i32.to_le_bytes());
    out.extend([1, 1, 0, 0, 0]);
    out.extend(x.to_le_bytes());
    out.extend(y.to_le_bytes());
    out
}

#[test]
fn a_lambert_93_table_with_odd_cells_opens_with_its_crs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("l93.gpkg");
    let empty = crate::data::DatasetBuilder::new(true).finish(None);
    write_gpkg(&path, &[("vide", &empty)]).expect("writes");
    let db = Connection::open(&path).expect("opens");
    db.execute_batch(
        "INSERT INTO gpkg_spatial_ref_sys VALUES ('RGF93 / Lambert-93', 2154, 'EPSG', 2154, 'PROJCS[...]', NULL);
         CREATE TABLE arrets (fid INTEGER PRIMARY KEY, geom POINT, nom TEXT, ouvert DATE, accessible BOOLEAN, photo BLOB);
         INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES ('arrets', 'features', 'arrets', 2154);
         INSERT INTO gpkg_geometry_columns VALUES ('arrets', 'geom', 'POINT', 2154, 0, 0);",
    )
    .expect("schema");
    let mut insert = db
        .prepare("INSERT INTO arrets (geom, nom, ouvert, accessible, photo) VALUES (?1, ?2, ?3, ?4, x'00')")
        .expect("insert");
    let empty_flag = {
        let mut b = b"GP\0\x11".to_vec();
        b.extend(2154i32.to_le_bytes());
        b
    };
    let cells: [(Option<Vec<u8>>, &str, &str, i64); 4] = [
        (
            Some(point_blob(431_675.67, 6_712_146.74)),
            "Ralliement",
            "2011-06-25",
            1,
        ),
        (None, "Sans position", "2012-01-02", 0),
        (Some(empty_flag), "Vide", "2013-03-04", 1),
        (
            Some(b"pas une geometrie".to_vec()),
            "Abime",
            "2014-05-06",
            0,
        ),
    ];
    for (geom, name, date, accessible) in cells {
        insert
            .execute(rusqlite::params![geom, name, date, accessible])
            .expect("row");
    }
    drop(insert);
    drop(db);

    let ds = load(&path, Some("arrets"));
    assert_eq!(ds.len(), 4);
    assert_eq!(
        ds.source_crs.as_deref().map(|c| c.contains("2154")),
        Some(true)
    );
    let p = ds.geometry.point(0).expect("placed");
    assert!(
        (p[0] + 0.5624).abs() < 1e-3 && (p[1] - 47.4552).abs() < 1e-3,
        "{p:?}"
    );
    assert!((1..4).all(|i| ds.geometry.kind(i) == GeomKind::Empty));
    assert!(matches!(
        ds.column("ouvert").map(|c| c.value(0)),
        Some(Value::Date(_))
    ));
    assert_eq!(
        ds.column("accessible").map(|c| c.value(0)),
        Some(Value::Boolean(true))
    );
    assert!(ds.column("photo").is_none(), "blobs are left out");
    assert!(ds.column("geom").is_none());
    assert_eq!(ds.issues.len(), 1, "{:?}", ds.issues);

    // The first layer is the one of gpkg_contents' order; a name that is not there is told.
    assert_eq!(load(&path, None).len(), 0);
    let missing = load_path(
        &path,
        &LoadOptions {
            layer: Some("gares".into()),
            ..LoadOptions::default()
        },
        &Progress::default(),
    );
    let message = missing.expect_err("no such layer").to_string();
    assert!(
        message.contains("gares") && message.contains("arrets"),
        "{message}"
    );
}

#[test]
fn other_files_are_not_geopackages() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = dir.path().join("faux.gpkg");
    std::fs::write(&text, "ceci n'est pas une base").expect("write");
    let sqlite = dir.path().join("autre.gpkg");
    Connection::open(&sqlite)
        .and_then(|db| db.execute_batch("CREATE TABLE t (a INTEGER);"))
        .expect("sqlite");
    for path in [text, sqlite] {
        let error =
            load_path(&path, &LoadOptions::default(), &Progress::default()).expect_err("refused");
        assert!(error.to_string().contains("GeoPackage"), "{error}");
    }
}
