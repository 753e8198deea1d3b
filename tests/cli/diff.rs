//! `territoire diff`: two versions of a small layer written here, compared on a key field (an
//! integer in one version, text in the other), on geometry, and with a key that is missing.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::{Value, json};

fn territoire(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_territoire"))
        .arg("diff")
        .args(args)
        .output()
        .expect("run territoire")
}

fn succeeded(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).expect("UTF-8 output")
}

/// A GeoJSON file of points: `(lon, properties)` at latitude 47.47.
fn write_points(path: &Path, features: &[(f64, Value)]) {
    let features: Vec<Value> = features
        .iter()
        .map(|(lon, properties)| {
            json!({
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, 47.47]},
                "properties": properties,
            })
        })
        .collect();
    let collection = json!({"type": "FeatureCollection", "features": features});
    std::fs::write(path, collection.to_string()).expect("write GeoJSON");
}

/// Old: 1 Mail, 2 Lices, 3 Doutre. New: ids as text; 1 renamed and bigger, 2 the same,
/// 3 gone, 4 new, and a new field `photo`.
fn versions(dir: &Path) -> (String, String) {
    let old = dir.join("equipements-2023.geojson");
    let new = dir.join("equipements-2024.geojson");
    write_points(
        &old,
        &[
            (-0.551, json!({"id": 1, "nom": "Mail", "surface": 100})),
            (-0.552, json!({"id": 2, "nom": "Lices", "surface": 250})),
            (-0.553, json!({"id": 3, "nom": "Doutre", "surface": 80})),
        ],
    );
    write_points(
        &new,
        &[
            (
                -0.552,
                json!({"id": "2", "nom": "Lices", "surface": 250.0, "photo": null}),
            ),
            (
                -0.551,
                json!({"id": "1", "nom": "Jardin du Mail", "surface": 120, "photo": "mail.jpg"}),
            ),
            (
                -0.554,
                json!({"id": "4", "nom": "Roseraie", "surface": 60, "photo": null}),
            ),
        ],
    );
    let s = |p: &Path| p.to_str().expect("UTF-8 path").to_owned();
    (s(&old), s(&new))
}

#[test]
fn json_lists_counts_and_changes_matched_on_the_id_field() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (old, new) = versions(dir.path());
    // No --key: `id` is found as the identifier.
    let out = succeeded(&territoire(&[&old, &new, "--json"]));
    let v: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(
        (&v["added"], &v["removed"], &v["modified"], &v["unchanged"]),
        (&json!(1), &json!(1), &json!(1), &json!(1))
    );
    assert_eq!(v["key"], "id");
    assert_eq!(v["added_fields"], json!(["photo"]));
    assert_eq!(
        v["changes"],
        json!([
            {"status": "added", "key": "4", "fields": []},
            {"status": "removed", "key": "3", "fields": []},
            {"status": "modified", "key": "1", "fields": ["nom", "surface"]},
        ])
    );
}

#[test]
fn text_output_and_geometry_matching() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (old, new) = versions(dir.path());
    let text = succeeded(&territoire(&[&old, &new, "--key", "id"]));
    assert!(text.contains("« id »"), "{text}");
    assert!(
        text.contains("Ajoutés 1 · Supprimés 1 · Modifiés 1 · Inchangés 1"),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("modifié") && l.ends_with("nom, surface")),
        "{text}"
    );
    assert!(text.contains("champs nouveaux : photo"), "{text}");

    // On geometry, the moved-away point 3 and the new point 4 are a removal and an addition;
    // the feature numbers stand for keys.
    let out = succeeded(&territoire(&["--geometry", &old, &new, "--json"]));
    let v: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["key"], Value::Null);
    assert_eq!(
        v["changes"],
        json!([
            {"status": "added", "key": "#3", "fields": []},
            {"status": "removed", "key": "#3", "fields": []},
            {"status": "modified", "key": "#2", "fields": ["nom", "surface"]},
        ])
    );
}

#[test]
fn a_missing_key_field_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (old, new) = versions(dir.path());
    let out = territoire(&[&old, &new, "--key", "photo"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("« photo »") && err.contains("ancienne version"),
        "{err}"
    );
    let out = territoire(&[&old]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_list_of_changes_is_written_as_a_csv_for_spreadsheets() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (old, new) = versions(dir.path());
    let csv = dir.path().join("changements.csv");
    let out = territoire(&[&old, &new, "--out", csv.to_str().expect("UTF-8 path")]);
    succeeded(&out);
    assert!(String::from_utf8_lossy(&out.stderr).contains("3 changements écrits"));
    let text = std::fs::read_to_string(&csv).expect("CSV written");
    assert_eq!(
        text,
        "\u{feff}statut;cle;champs_modifies;ligne_ancienne;ligne_nouvelle\r\n\
         ajouté;4;;;3\r\n\
         supprimé;3;;3;\r\n\
         modifié;1;nom, surface;1;2\r\n"
    );
}
