//! `info`, `export` and `zones` on OGC services: a WFS address and an OGC API collection, served
//! by MapServer and pygeoapi on 127.0.0.1, give what the files they serve give.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

use crate::ogc_servers::servers;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_territoire"))
        .args(args)
        .args(["--lang", "fr"])
        .output()
        .expect("run territoire")
}

fn json(args: &[&str]) -> Value {
    let out = run(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON object")
}

fn demo(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample-data")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn wfs_url(version: &str, name: &str) -> String {
    format!(
        "{}?SERVICE=WFS&VERSION={version}&TYPENAMES={name}",
        servers().wfs
    )
}

fn collection_url(name: &str) -> String {
    format!("{}/collections/{name}", servers().pygeoapi)
}

#[test]
fn info_on_a_wfs_type_and_an_ogc_api_collection() {
    let file = json(&["info", &demo("patrimoine.shp"), "--json"]);
    for url in [
        wfs_url("2.0.0", "ms:patrimoine"),
        wfs_url("1.1.0", "patrimoine"),
        collection_url("patrimoine"),
    ] {
        let info = json(&["info", &url, "--json"]);
        assert_eq!(info["source"], url.as_str());
        assert_eq!(info["features"], 80, "{url}");
        assert_eq!(info["geometry_types"]["Point"], 80, "{url}");
        for (a, b) in info["bbox"]
            .as_array()
            .expect("bbox")
            .iter()
            .zip(file["bbox"].as_array().expect("bbox"))
        {
            let (a, b) = (a.as_f64().expect("n"), b.as_f64().expect("n"));
            assert!((a - b).abs() < 1e-5, "{url}: {a} {b}");
        }
        let filtered = json(&["info", &url, "--json", "--where", "siecle >= 17"]);
        let local = json(&[
            "info",
            &demo("patrimoine.shp"),
            "--json",
            "--where",
            "siecle >= 17",
        ]);
        assert_eq!(filtered["features"], local["features"], "{url}");
    }
}

#[test]
fn a_wfs_address_without_a_type_names_those_offered() {
    let out = run(&["info", &format!("{}?SERVICE=WFS", servers().wfs), "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("TYPENAMES=")
            && stderr.contains("ms:patrimoine")
            && stderr.contains("ms:quartiers"),
        "{stderr}"
    );
    let out = run(&["info", &collection_url("cadastre"), "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("« cadastre » n'existe pas") && stderr.contains("patrimoine"),
        "{stderr}"
    );
}

#[test]
fn export_and_zones_read_services_as_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("patrimoine.geojson");
    let done = run(&[
        "export",
        &collection_url("patrimoine"),
        "--where",
        r#"protection = "classé""#,
        "--out",
        out.to_str().expect("path"),
    ]);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let written: Value = serde_json::from_slice(&std::fs::read(&out).expect("read")).expect("json");
    let local = json(&[
        "info",
        &demo("patrimoine.shp"),
        "--json",
        "--where",
        r#"protection = "classé""#,
    ]);
    assert_eq!(
        written["features"].as_array().expect("features").len() as u64,
        local["features"].as_u64().expect("n")
    );
    let from_files = json(&[
        "zones",
        "--zones",
        &demo("quartiers.geojson"),
        "--count",
        &demo("patrimoine.shp"),
        "--json",
    ]);
    let from_services = json(&[
        "zones",
        "--zones",
        &collection_url("quartiers"),
        "--count",
        &wfs_url("2.0.0", "ms:patrimoine"),
        "--json",
    ]);
    assert_eq!(from_services["zones"], from_files["zones"]);
}
