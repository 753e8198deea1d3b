//! `info`, `export` and `zones` on `postgresql://` addresses against the real test server: the
//! same answers as from the demo kit's files, the password from `PGPASSWORD` or the address and
//! never printed back.

use crate::pg::{self, PASSWORD};

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn demo(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample-data")
        .join(name)
}

fn territoire(args: &[&str], password: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_territoire"));
    command.args(args).env_remove("PGPASSWORD");
    if let Some(p) = password {
        command.env("PGPASSWORD", p);
    }
    command.output().expect("run territoire")
}

fn json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[test]
fn info_reads_a_table_as_its_file() {
    let url = pg::server().url("demo.patrimoine");
    let remote = json(&territoire(&["info", &url, "--json"], Some(PASSWORD)));
    let file = demo("patrimoine.shp");
    let local = json(&territoire(
        &["info", file.to_str().expect("path"), "--json"],
        None,
    ));
    assert_eq!(remote["features"], local["features"]);
    assert_eq!(remote["geometry_types"], local["geometry_types"]);
    assert_eq!(
        remote["fields"].as_array().map(Vec::len),
        local["fields"].as_array().map(Vec::len)
    );
    assert_eq!(remote["crs"], local["crs"]);
}

#[test]
fn a_password_in_the_address_is_used_and_never_printed() {
    let server = pg::server();
    let url = format!(
        "postgresql://{}:{PASSWORD}@127.0.0.1:{}/{}?table=demo.grille&sslmode=disable",
        pg::USER,
        server.port,
        pg::DATABASE
    );
    let out = territoire(&["info", &url, "--json", "--where", "n <= 10"], None);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!text.contains(PASSWORD), "{text}");
    let v = json(&out);
    assert_eq!(v["features"], 10);
    assert!(
        v["source"]
            .as_str()
            .is_some_and(|s| s.starts_with("postgresql://agent@")),
        "{v}"
    );
}

#[test]
fn a_wrong_password_fails_with_one_clear_line() {
    let url = pg::server().url("demo.grille");
    let out = territoire(&["info", &url], Some("faux"));
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("mot de passe"), "{err}");
    assert!(!err.contains("faux") && !err.contains("SqlState"), "{err}");
}

#[test]
fn export_writes_the_table_as_geojson() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out_path = dir.path().join("grille.geojson");
    let url = pg::server().url("demo.grille");
    let out = territoire(
        &[
            "export",
            &url,
            "--where",
            "n < 100",
            "--out",
            out_path.to_str().expect("path"),
        ],
        Some(PASSWORD),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written: Value =
        serde_json::from_slice(&std::fs::read(&out_path).expect("read")).expect("GeoJSON");
    assert_eq!(written["features"].as_array().map(Vec::len), Some(99));
}

#[test]
fn zones_from_tables_match_zones_from_files() {
    let server = pg::server();
    let (zones_url, count_url) = (server.url("demo.quartiers"), server.url("demo.adresses"));
    let remote = json(&territoire(
        &[
            "zones", "--zones", &zones_url, "--count", &count_url, "--json",
        ],
        Some(PASSWORD),
    ));
    let (zones_file, count_file) = (demo("quartiers.geojson"), demo("adresses.csv"));
    let local = json(&territoire(
        &[
            "zones",
            "--zones",
            zones_file.to_str().expect("path"),
            "--count",
            count_file.to_str().expect("path"),
            "--json",
        ],
        None,
    ));
    let counts = |v: &Value| -> Vec<u64> {
        v["zones"]
            .as_array()
            .expect("zones")
            .iter()
            .map(|z| z["count"].as_u64().expect("count"))
            .collect()
    };
    assert_eq!(counts(&remote), counts(&local));
    assert_eq!(remote["total"], local["total"]);
}

/// Both layers in one database: the figures are computed there and equal the local ones
/// (`--local`), with a filter, a field, nearness and secrecy.
#[test]
fn zones_of_two_tables_of_one_database_are_computed_there() {
    let server = pg::server();
    let (zones_url, count_url, near_url) = (
        server.url("demo.quartiers"),
        server.url("demo.adresses"),
        server.url("demo.patrimoine"),
    );
    let args = [
        "zones",
        "--zones",
        &zones_url,
        "--count",
        &count_url,
        "--where",
        "commune = \"Angers\"",
        "--field",
        "numero_adresse",
        "--near",
        &near_url,
        "--distance",
        "150",
        "--secret",
        "300",
        "--json",
    ];
    let pushed = territoire(&args, Some(PASSWORD));
    let said = String::from_utf8_lossy(&pushed.stderr).into_owned();
    assert!(said.contains("calculées dans la base"), "{said}");
    let mut local_args = args.to_vec();
    local_args.push("--local");
    let local = territoire(&local_args, Some(PASSWORD));
    assert!(!String::from_utf8_lossy(&local.stderr).contains("calculées dans la base"));
    assert_eq!(json(&pushed), json(&local));
}
