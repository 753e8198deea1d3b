//! `territoire info PROJECT.territoire [--json]`: the title, each layer with the state of its
//! data, the notes; exit 0 for any project, 1 for a file that is not one.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn run(args: &[&str], project: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_territoire"))
        .arg("info")
        .arg(project)
        .args(args)
        .output()
        .expect("run territoire")
}

fn json(project: &Path) -> (Value, String) {
    let out = run(&["--json"], project);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    assert_eq!(text.trim().lines().count(), 1, "one JSON object: {text}");
    (serde_json::from_str(&text).expect("JSON"), text)
}

fn demo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/demo.territoire")
}

#[test]
fn the_demo_project_lists_its_readable_layers() {
    let (v, text) = json(&demo());
    let order: Vec<usize> = ["\"project\":", "\"layers\":", "\"warnings\":"]
        .iter()
        .map(|k| text.find(k).unwrap_or(usize::MAX))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{text}");
    assert_eq!(v["project"], "Découvrir Territoire");
    let layers = v["layers"].as_array().expect("layers");
    assert_eq!(layers.len(), 4);
    for layer in layers {
        assert_eq!(layer["status"], "ok", "{layer}");
        for key in ["key", "name", "source"] {
            assert!(layer[key].is_string(), "{key} in {layer}");
        }
    }
    assert_eq!(layers[0]["key"], "quartiers");
    assert_eq!(layers[0]["source"], "quartiers.geojson");
    assert_eq!(v["warnings"], Value::Array(Vec::new()));
}

const DAMAGED: &str = r#"format = "territoire-project"
version = 1
title = "Ancien"

[[layers]]
key = "quartiers"
name = "Quartiers"
source = { kind = "file", path = "q.geojson" }

[[layers]]
key = "velos"
name = "Vélos"
source = { kind = "file", path = "absent/velos.geojson" }

[[layers]]
key = "bus"
name = "Arrêts"
source = { kind = "file", path = "q.geojson/arrets.csv" }

[[layers]]
key = "arbres"
name = "Arbres"
source = { kind = "portal", portal = "https://data.angers.fr", dataset = "arbres" }

[[bookmarks]]
name = "Centre"
visible = ["quartiers", "tram"]
"#;

fn damaged(dir: &Path) -> PathBuf {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/quartiers.geojson");
    std::fs::copy(sample, dir.join("q.geojson")).expect("copy");
    let path = dir.join("ancien.territoire");
    std::fs::write(&path, DAMAGED).expect("written");
    path
}

#[test]
fn missing_files_portal_layers_and_dropped_references_are_reported_with_exit_0() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = damaged(dir.path());
    let (v, _) = json(&path);
    let status: Vec<&str> = v["layers"]
        .as_array()
        .expect("layers")
        .iter()
        .filter_map(|l| l["status"].as_str())
        .collect();
    assert_eq!(status, ["ok", "missing", "unreadable", "portal"]);
    assert_eq!(
        v["layers"][3]["source"],
        "https://data.angers.fr/explore/dataset/arbres/"
    );
    let warnings = v["warnings"].as_array().expect("warnings");
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].as_str().is_some_and(|w| w.contains("tram")));

    let out = run(&[], &path);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    for words in [
        "Projet : Ancien",
        "4 couches :",
        "fichier introuvable",
        "remarques",
        "« tram »",
    ] {
        assert!(text.contains(words), "{words} in:\n{text}");
    }
    let out = run(&["--lang", "en"], &path);
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(
        text.contains("Project: Ancien") && text.contains("file not found"),
        "{text}"
    );
}

#[test]
fn a_file_that_is_not_a_project_is_refused_with_its_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("autre.territoire");
    std::fs::write(&path, "format = \"qgis\"\nversion = 1\n").expect("written");
    let out = run(&["--json"], &path);
    assert_eq!(out.status.code(), Some(1));
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(
        message.contains("autre.territoire") && message.contains("qgis"),
        "{message}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn file_options_on_a_project_are_a_usage_error() {
    let out = run(&["--where", "a = 1"], &demo());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--where"));
}
