//! `territoire check`: each quality check finds what a file made here holds, in JSON and text.

use std::process::Command;

use serde_json::{Value, json};

/// Seven features, each with one known fault (or none), in Angers.
fn faulty() -> String {
    let point = |lon: f64, lat: f64| json!({"type": "Point", "coordinates": [lon, lat]});
    let bowtie = json!({"type": "Polygon", "coordinates": [[[-0.55, 47.47], [-0.54, 47.48], [-0.54, 47.47], [-0.55, 47.48], [-0.55, 47.47]]]});
    let features = [
        (
            point(-0.55, 47.47),
            json!({"id": 1, "nom": "Mail", "vide": null}),
        ),
        (bowtie, json!({"id": 2, "nom": "Nœud", "vide": null})),
        (
            Value::Null,
            json!({"id": 3, "nom": "Sans lieu", "vide": null}),
        ),
        (
            point(47.47, -0.55),
            json!({"id": 4, "nom": "Inversé", "vide": null}),
        ),
        (
            point(-0.55, 47.47),
            json!({"id": 5, "nom": "Doublon", "vide": null}),
        ),
        (
            point(-0.56, 47.46),
            json!({"id": 5, "nom": "Même id", "vide": null}),
        ),
        (
            point(-0.57, 47.45),
            json!({"id": 7, "nom": "ChÃ¢teau", "vide": null}),
        ),
    ];
    let features: Vec<Value> = features
        .into_iter()
        .map(|(geometry, properties)| json!({"type": "Feature", "geometry": geometry, "properties": properties}))
        .collect();
    json!({"type": "FeatureCollection", "features": features}).to_string()
}

#[test]
fn every_check_finds_its_fault() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("defauts.geojson");
    std::fs::write(&path, faulty()).expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_territoire"))
        .args(["check", path.to_str().expect("path"), "--json"])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["features"], 7);
    let check = |id: &str| {
        v["checks"]
            .as_array()
            .and_then(|c| c.iter().find(|c| c["id"] == id))
            .cloned()
            .unwrap_or_else(|| panic!("check {id}"))
    };
    let rows = |id: &str| (check(id)["count"].clone(), check(id)["examples"].clone());
    assert_eq!(rows("invalid_geometry"), (json!(1), json!([1])));
    assert_eq!(rows("empty_geometry"), (json!(1), json!([2])));
    assert_eq!(rows("out_of_territory"), (json!(1), json!([3])));
    assert_eq!(check("out_of_territory")["swapped"], 1);
    assert_eq!(rows("duplicate_geometry"), (json!(1), json!([4])));
    assert_eq!(rows("duplicate_id"), (json!(1), json!([5])));
    assert_eq!(check("empty_field")["fields"], json!(["vide"]));
    assert_eq!(rows("suspect_encoding"), (json!(1), json!([6])));

    // The same in words, in English too; a key the file lacks is a usage error.
    let text = Command::new(env!("CARGO_BIN_EXE_territoire"))
        .args(["check", path.to_str().expect("path"), "--lang", "en"])
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("duplicate identifiers: 1 (rows 6…)"),
        "{text}"
    );
    assert!(
        text.contains("1 would be in the territory with latitude and longitude swapped"),
        "{text}"
    );
    let bad_key = Command::new(env!("CARGO_BIN_EXE_territoire"))
        .args(["check", path.to_str().expect("path"), "--key", "code"])
        .output()
        .expect("run");
    assert!(!bad_key.status.success());
    assert!(String::from_utf8_lossy(&bad_key.stderr).contains("« code »"));
}
