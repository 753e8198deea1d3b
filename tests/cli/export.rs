//! `territoire info --where` and `territoire export`, checked against the demo kit read independently.

use crate::server;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn demo(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample-data")
        .join(name)
}

fn territoire(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_territoire"))
        .args(args)
        .output()
        .expect("run territoire")
}

fn path_arg(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

fn succeeded(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).expect("UTF-8 output")
}

/// `info --json`, with a filter when given.
fn info(path: &Path, filter: Option<&str>) -> Value {
    let mut args = vec!["info", path_arg(path), "--json"];
    if let Some(filter) = filter {
        args.extend(["--where", filter]);
    }
    let stdout = succeeded(&territoire(&args));
    serde_json::from_str(&stdout).expect("valid JSON")
}

fn features(v: &Value) -> usize {
    v["features"].as_u64().expect("features") as usize
}

/// The rows of `adresses.csv` as field → text maps, read with the csv crate only.
fn adresses() -> Vec<HashMap<String, String>> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_path(demo("adresses.csv"))
        .expect("open adresses.csv");
    let names: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    reader
        .records()
        .map(|r| {
            let r = r.expect("record");
            names
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_string))
                .collect()
        })
        .collect()
}

/// The records of `patrimoine.dbf` as field → trimmed text, decoded as CP1252 (no `.cpg`).
fn patrimoine() -> Vec<HashMap<String, String>> {
    let bytes = std::fs::read(demo("patrimoine.dbf")).expect("read dbf");
    let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]) as usize;
    let count = u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]) as usize;
    let (header_len, record_len) = (u16_at(8), u16_at(10));
    let mut fields = Vec::new();
    let mut at = 32;
    while bytes[at] != 0x0d {
        let name = String::from_utf8_lossy(&bytes[at..at + 11])
            .trim_end_matches('\0')
            .to_string();
        fields.push((name, bytes[at + 16] as usize));
        at += 32;
    }
    (0..count)
        .map(|r| {
            let record = &bytes[header_len + r * record_len..][..record_len];
            let mut offset = 1;
            fields
                .iter()
                .map(|(name, len)| {
                    let raw = &record[offset..offset + len];
                    offset += len;
                    let text = encoding_rs::WINDOWS_1252.decode(raw).0;
                    (name.clone(), text.trim().to_string())
                })
                .collect()
        })
        .collect()
}

/// The features of `espaces-verts.geojson`, read with serde_json.
fn espaces_verts() -> Vec<Value> {
    let text = std::fs::read_to_string(demo("espaces-verts.geojson")).expect("read");
    let v: Value = serde_json::from_str(&text).expect("JSON");
    v["features"].as_array().expect("features").clone()
}

#[test]
fn info_where_counts_what_the_filter_keeps_in_csv() {
    let rows = adresses();
    let number = |r: &HashMap<String, String>| r["numero_adresse"].parse::<i64>().ok();
    let cases: Vec<(&str, usize)> = vec![
        (
            r#"commune = "Angers" and numero_adresse >= 10"#,
            rows.iter()
                .filter(|r| r["commune"] == "Angers" && number(r).is_some_and(|n| n >= 10))
                .count(),
        ),
        (
            r#"commune in ("Avrillé", "Trélazé") and source = "Cadastre""#,
            rows.iter()
                .filter(|r| {
                    ["Avrillé", "Trélazé"].contains(&r["commune"].as_str())
                        && r["source"] == "Cadastre"
                })
                .count(),
        ),
        (
            r#"startswith(libelle_adresse, "Rue")"#,
            rows.iter()
                .filter(|r| r["libelle_adresse"].starts_with("Rue"))
                .count(),
        ),
        (
            "libelle_quartier_angers is null",
            rows.iter()
                .filter(|r| r["libelle_quartier_angers"].is_empty())
                .count(),
        ),
    ];
    let all = info(&demo("adresses.csv"), None);
    for (filter, expected) in cases {
        assert!(
            expected > 0 && expected < rows.len(),
            "{filter} selects some"
        );
        let kept = info(&demo("adresses.csv"), Some(filter));
        assert_eq!(features(&kept), expected, "{filter}");
        assert_eq!(kept["geometry_types"]["Point"], expected, "{filter}");
        assert_eq!(kept["without_geometry"], 0);
        assert_eq!(kept["fields"], all["fields"], "fields are unchanged");
        assert_eq!(kept["issues"], all["issues"], "issues are unchanged");
        assert_eq!(kept["crs"], all["crs"]);
        let (inner, outer) = (
            kept["bbox"].as_array().expect("bbox"),
            all["bbox"].as_array().expect("bbox"),
        );
        for i in 0..4 {
            let (a, b) = (inner[i].as_f64().expect("n"), outer[i].as_f64().expect("n"));
            assert!(if i < 2 { a >= b } else { a <= b }, "{filter}: bbox within");
        }
    }
}

#[test]
fn info_where_on_a_shapefile_and_polygons() {
    let records = patrimoine();
    let siecle = |r: &HashMap<String, String>| r["siecle"].parse::<i64>().ok();
    for (filter, expected) in [
        (
            "siecle >= 18",
            records
                .iter()
                .filter(|r| siecle(r).is_some_and(|s| s >= 18))
                .count(),
        ),
        (
            r#"protection = "classé" or commune = "Trélazé""#,
            records
                .iter()
                .filter(|r| r["protection"] == "classé" || r["commune"] == "Trélazé")
                .count(),
        ),
        (
            r#"commune = "Angers" and not siecle in [15..17]"#,
            records
                .iter()
                .filter(|r| {
                    r["commune"] == "Angers" && !siecle(r).is_some_and(|s| (15..=17).contains(&s))
                })
                .count(),
        ),
    ] {
        assert!(expected > 0, "{filter}");
        assert_eq!(
            features(&info(&demo("patrimoine.shp"), Some(filter))),
            expected,
            "{filter}"
        );
    }

    let verts = espaces_verts();
    let kept: Vec<&Value> = verts
        .iter()
        .filter(|f| {
            f["properties"]["type"] == "parc"
                && f["properties"]["surface_m2"]
                    .as_f64()
                    .is_some_and(|s| s > 20_000.0)
        })
        .collect();
    let v = info(
        &demo("espaces-verts.geojson"),
        Some(r#"type = "parc" and surface_m2 > 20000"#),
    );
    assert_eq!(features(&v), kept.len());
    let mut kinds: HashMap<String, u64> = HashMap::new();
    let mut bbox = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
    for f in &kept {
        *kinds
            .entry(f["geometry"]["type"].as_str().expect("type").into())
            .or_default() += 1;
        let text = f["geometry"]["coordinates"].to_string();
        let numbers: Vec<f64> = text
            .split(['[', ']', ','])
            .filter_map(|s| s.trim().parse().ok())
            .collect();
        for xy in numbers.chunks(2) {
            bbox = [
                bbox[0].min(xy[0]),
                bbox[1].min(xy[1]),
                bbox[2].max(xy[0]),
                bbox[3].max(xy[1]),
            ];
        }
    }
    for (kind, n) in &kinds {
        assert_eq!(v["geometry_types"][kind], *n, "{kind}");
    }
    let got: Vec<f64> = v["bbox"]
        .as_array()
        .expect("bbox")
        .iter()
        .filter_map(Value::as_f64)
        .collect();
    for i in 0..4 {
        assert!(
            (got[i] - bbox[i]).abs() < 1e-9,
            "bbox of the kept polygons: {got:?} vs {bbox:?}"
        );
    }
    let none = info(&demo("espaces-verts.geojson"), Some("surface_m2 < 0"));
    assert_eq!((features(&none), &none["bbox"]), (0, &Value::Null));
}

#[test]
fn exported_geojson_reads_back_with_the_same_count() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (source, filter) in [
        ("patrimoine.shp", "siecle >= 18"),
        (
            "espaces-verts.geojson",
            r#"gestionnaire = "Ville d'Angers""#,
        ),
        (
            "adresses.csv",
            r#"commune = "Avrillé" and numero_adresse >= 10"#,
        ),
    ] {
        let out = dir.path().join(format!("{source}.geojson"));
        let run = territoire(&[
            "export",
            path_arg(&demo(source)),
            "--where",
            filter,
            "--out",
            path_arg(&out),
        ]);
        succeeded(&run);
        let expected = features(&info(&demo(source), Some(filter)));
        let stderr = String::from_utf8_lossy(&run.stderr);
        let said: String = stderr
            .chars()
            .take_while(|c| !c.is_alphabetic())
            .filter(char::is_ascii_digit)
            .collect();
        assert_eq!(said, expected.to_string(), "{stderr}");
        assert!(
            stderr.contains("écrits dans") && stderr.contains(path_arg(&out)),
            "{stderr}"
        );
        let again = info(&out, None);
        assert_eq!(features(&again), expected, "{source}: {filter}");
        assert_eq!(
            again["geometry_types"],
            info(&demo(source), Some(filter))["geometry_types"]
        );
        // The same filter on the written file keeps everything.
        assert_eq!(features(&info(&out, Some(filter))), expected);
    }
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("list")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| n.ends_with(".geojson") && !n.starts_with('.')),
        "no temporary file left: {names:?}"
    );
}

#[test]
fn exported_csv_opens_in_french_spreadsheets() {
    let dir = tempfile::tempdir().expect("temp dir");
    let filter = r#"commune = "Angers" and numero_adresse >= 10"#;
    let expected = features(&info(&demo("adresses.csv"), Some(filter)));
    let out = dir.path().join("adresses angers.csv");
    succeeded(&territoire(&[
        "export",
        path_arg(&demo("adresses.csv")),
        "--where",
        filter,
        "--out",
        path_arg(&out),
    ]));
    let bytes = std::fs::read(&out).expect("read");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM");
    let text = std::str::from_utf8(&bytes[3..]).expect("UTF-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines.len(),
        expected + 1,
        "a header, then one line per feature"
    );
    assert!(
        lines[0].starts_with("id_adresse;numero_adresse;"),
        "{}",
        lines[0]
    );
    assert!(lines[0].ends_with(";longitude;latitude"), "{}", lines[0]);
    let first: Vec<&str> = lines[1].split(';').collect();
    let lon = first[first.len() - 2];
    assert!(
        lon.starts_with("-0,") && lon.len() == "-0,".len() + 7,
        "decimal comma, 7 decimals: {lon}"
    );
    assert!(first.contains(&"Angers"));
    // Read back, the positions are WGS 84 and every feature is there.
    let again = info(&out, None);
    assert_eq!(features(&again), expected);
    assert_eq!(again["geometry_types"]["Point"], expected);
    let (a, b) = (
        again["bbox"].as_array().expect("bbox"),
        info(&demo("adresses.csv"), Some(filter))["bbox"].clone(),
    );
    for i in 0..4 {
        let (x, y) = (a[i].as_f64().expect("n"), b[i].as_f64().expect("n"));
        assert!((x - y).abs() < 1e-6, "same extent: {a:?} vs {b}");
    }

    let comma = dir.path().join("virgules.csv");
    succeeded(&territoire(&[
        "export",
        path_arg(&demo("espaces-verts.geojson")),
        "--separator",
        ",",
        "--out",
        path_arg(&comma),
    ]));
    let bytes = std::fs::read(&comma).expect("read");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let mut reader = csv::ReaderBuilder::new().from_reader(&bytes[3..]);
    assert_eq!(
        reader.headers().expect("header").iter().collect::<Vec<_>>(),
        ["nom", "type", "surface_m2", "gestionnaire", "geometry"]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("record")).collect();
    assert_eq!(records.len(), espaces_verts().len());
    assert!(
        records
            .iter()
            .all(|r| r[4].starts_with("POLYGON ((") || r[4].starts_with("MULTIPOLYGON ((("))
    );
}

#[test]
fn bad_filters_exit_with_code_2_and_a_caret() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("jamais.csv");
    let source = demo("adresses.csv");
    for (command, filter, column, says) in [
        ("info", r#"commune = "Angers" and"#, 22, "s'arrête trop tôt"),
        (
            "info",
            "numero_adresse >= 10 and numero = 3",
            25,
            "« numero »",
        ),
        ("export", r#"commune = "Angers" extra"#, 19, "en trop"),
        ("export", r#"numero_adresse = "dix""#, 0, "numero_adresse"),
    ] {
        let mut args = vec![command, path_arg(&source), "--where", filter];
        if command == "export" {
            args.extend(["--out", path_arg(&out)]);
        }
        let run = territoire(&args);
        assert_eq!(run.status.code(), Some(2), "{filter}");
        assert!(run.stdout.is_empty());
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(
            stderr.contains("filtre incorrect") && stderr.contains(says),
            "{stderr}"
        );
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(lines.len(), 3, "message, filter, caret: {stderr}");
        assert_eq!(lines[1], format!("  {filter}"));
        assert_eq!(lines[2], format!("  {}^", " ".repeat(column)), "{filter}");
    }
    assert!(!out.exists(), "nothing written when the filter is wrong");
}

#[test]
fn export_usage_errors() {
    for args in [
        &["export", "a.csv"][..],
        &["export", "a.csv", "--out", "b.xlsx"],
        &["export", "a.csv", "--out", "b.csv", "--separator", "|"],
        &["info", "a.csv", "--where"],
    ] {
        let run = territoire(args);
        assert_eq!(run.status.code(), Some(2), "{args:?}");
    }
    let run = territoire(&[
        "export",
        path_arg(&demo("patrimoine.shp")),
        "--out",
        "/dossier/absent/sortie.geojson",
    ]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("Impossible d'écrire le fichier")
            && stderr
                .trim_end()
                .ends_with("/dossier/absent/sortie.geojson"),
        "{stderr}"
    );
    let help = succeeded(&territoire(&["--help"]));
    assert!(
        help.contains("territoire export") && help.contains("--where"),
        "{help}"
    );
}

#[test]
fn portal_datasets_are_filtered_after_the_load() {
    let portal = server::LocalPortal::start(&demo(""), 0).expect("local portal");
    let cache = tempfile::tempdir().expect("temp dir");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_territoire"))
            .args(args)
            .env("TERRITOIRE_CACHE_DIR", cache.path())
            .output()
            .expect("run territoire")
    };
    let url = portal.url();
    let filter = "siecle >= 18";
    let from_file = features(&info(&demo("patrimoine.shp"), Some(filter)));
    let stdout = succeeded(&run(&[
        "info",
        "patrimoine",
        "--portal",
        &url,
        "--where",
        filter,
        "--json",
    ]));
    let v: Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(features(&v), from_file);
    let out = cache.path().join("patrimoine.csv");
    succeeded(&run(&[
        "export",
        "patrimoine",
        "--portal",
        &url,
        "--where",
        filter,
        "--out",
        path_arg(&out),
    ]));
    assert_eq!(features(&info(&out, None)), from_file);
    let bad = run(&[
        "info",
        "patrimoine",
        "--portal",
        &url,
        "--where",
        "siecle >=",
    ]);
    assert_eq!(bad.status.code(), Some(2));
}

/// Exports the heritage sites up to the 16th century to `out` and reads the file back: the
/// same count, fields and extent as the filtered source, in WGS 84. Returns the two `info`s.
fn export_old_sites(out: &Path) -> (Value, Value) {
    let source = demo("patrimoine.shp");
    let written = territoire(&[
        "export",
        path_arg(&source),
        "--where",
        "siecle <= 16",
        "--out",
        path_arg(out),
    ]);
    succeeded(&written);
    let expected = info(&source, Some("siecle <= 16"));
    let back = info(out, None);
    assert_eq!(features(&back), features(&expected));
    assert_eq!(back["crs"], "EPSG:4326");
    assert_eq!(back["fields"], expected["fields"]);
    assert_eq!(back["bbox"], expected["bbox"]);
    (back, expected)
}

#[test]
fn a_filtered_export_to_geopackage_reads_back_with_its_layers_listed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("patrimoine-ancien.gpkg");
    let (back, expected) = export_old_sites(&out);
    assert_eq!(
        back["layers"],
        serde_json::json!([{"name": "patrimoine-ancien", "count": features(&expected)}])
    );
    // A layer asked by name; one that is not there is told with the layers there are.
    let named = territoire(&[
        "info",
        path_arg(&out),
        "--layer",
        "patrimoine-ancien",
        "--json",
    ]);
    succeeded(&named);
    let missing = territoire(&["info", path_arg(&out), "--layer", "gares"]);
    assert!(!missing.status.success());
    let message = String::from_utf8_lossy(&missing.stderr);
    assert!(
        message.contains("« gares »") && message.contains("patrimoine-ancien"),
        "{message}"
    );
}

#[test]
fn a_filtered_export_to_flatgeobuf_reads_back_with_its_fields() {
    let dir = tempfile::tempdir().expect("tempdir");
    export_old_sites(&dir.path().join("patrimoine-ancien.fgb"));
}
