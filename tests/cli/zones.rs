//! `territoire zones`: counts per zone checked against a point-in-polygon test written here with
//! `geo`, on the 2014 quartiers of Angers and the demo kit's addresses.

use std::path::{Path, PathBuf};
use std::process::Command;

use geo::{Contains, Coord, LineString, Point, Polygon};
use serde_json::Value;

fn path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn zones(args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_territoire"))
        .arg("zones")
        .args(args)
        .output()
        .expect("run territoire");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

/// The quartiers' outer rings, read straight from the GeoJSON.
fn quartiers(file: &Path) -> Vec<Vec<Polygon<f64>>> {
    let json: Value = serde_json::from_slice(&std::fs::read(file).expect("read")).expect("JSON");
    let ring = |r: &Value| -> LineString<f64> {
        r.as_array()
            .expect("ring")
            .iter()
            .map(|c| Coord {
                x: c[0].as_f64().expect("x"),
                y: c[1].as_f64().expect("y"),
            })
            .collect()
    };
    let polygon = |p: &Value| {
        let rings = p.as_array().expect("rings");
        Polygon::new(ring(&rings[0]), rings[1..].iter().map(ring).collect())
    };
    json["features"]
        .as_array()
        .expect("features")
        .iter()
        .map(|f| {
            let g = &f["geometry"];
            match g["type"].as_str() {
                Some("Polygon") => vec![polygon(&g["coordinates"])],
                _ => g["coordinates"]
                    .as_array()
                    .expect("parts")
                    .iter()
                    .map(polygon)
                    .collect(),
            }
        })
        .collect()
}

#[test]
fn counts_per_quartier_match_a_point_in_polygon_test() {
    let zone_file = path("../shared/data/angers/quartiers-2014.geojson");
    let addresses = path("sample-data/adresses.csv");
    let out = zones(&[
        "--zones",
        zone_file.to_str().expect("path"),
        "--count",
        addresses.to_str().expect("path"),
        "--json",
    ]);
    // The addresses' positions, from `export` (WGS 84 longitude/latitude columns).
    let dir = tempfile::tempdir().expect("tempdir");
    let csv_path = dir.path().join("a.csv");
    let status = Command::new(env!("CARGO_BIN_EXE_territoire"))
        .args([
            "export",
            addresses.to_str().expect("path"),
            "--separator",
            ",",
            "--out",
        ])
        .arg(&csv_path)
        .status()
        .expect("export");
    assert!(status.success());
    let mut reader = csv::Reader::from_path(&csv_path).expect("csv");
    let header = reader.headers().expect("header").clone();
    let (lon, lat) = (
        header
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == "longitude")
            .expect("lon"),
        header.iter().position(|h| h == "latitude").expect("lat"),
    );
    let points: Vec<Point<f64>> = reader
        .records()
        .map(|r| {
            let r = r.expect("row");
            Point::new(r[lon].parse().expect("lon"), r[lat].parse().expect("lat"))
        })
        .collect();
    let polygons = quartiers(&zone_file);
    let expected: Vec<usize> = polygons
        .iter()
        .map(|parts| {
            points
                .iter()
                .filter(|p| parts.iter().any(|q| q.contains(*p)))
                .count()
        })
        .collect();
    let counted: Vec<usize> = out["zones"]
        .as_array()
        .expect("zones")
        .iter()
        .map(|z| z["count"].as_u64().expect("count") as usize)
        .collect();
    assert_eq!(counted, expected);
    let total = out["total"].as_u64().expect("total") as usize;
    assert_eq!(total, points.len());
    assert_eq!(
        out["outside"].as_u64().expect("outside") as usize,
        total - counted.iter().sum::<usize>()
    );
    for z in out["zones"].as_array().expect("zones") {
        assert!(z["near_share"].is_null());
        assert!(z["per_km2"].as_f64().expect("density") > 0.0);
        assert!(z["name"].as_str().is_some_and(|n| !n.is_empty()));
    }
}

#[test]
fn a_filter_and_a_distance_narrow_the_counts() {
    let out = zones(&[
        "--zones",
        path("sample-data/quartiers.geojson")
            .to_str()
            .expect("path"),
        "--count",
        path("sample-data/adresses.csv").to_str().expect("path"),
        "--where",
        r#"commune = "Angers""#,
        "--near",
        path("sample-data/espaces-verts.geojson")
            .to_str()
            .expect("path"),
        "--distance",
        "300",
        "--json",
    ]);
    assert_eq!(out["total"].as_u64(), Some(14_804));
    let zones = out["zones"].as_array().expect("zones");
    assert_eq!(zones.len(), 10);
    let shares: f64 = zones
        .iter()
        .map(|z| z["share"].as_f64().expect("share"))
        .sum();
    let outside = out["outside"].as_f64().expect("outside") / 14_804.0;
    assert!((shares + outside - 1.0).abs() < 1e-9);
    for z in zones {
        let near = z["near_share"].as_f64().expect("near share");
        assert!((0.0..=1.0).contains(&near), "{z}");
    }
}

#[test]
fn secrecy_hides_small_counts_and_the_figures_that_would_give_them_away() {
    let zone_file = path("sample-data/quartiers.geojson");
    let heritage = path("sample-data/patrimoine.shp");
    let addresses = path("sample-data/adresses.csv");
    let base = [
        "--zones",
        zone_file.to_str().expect("path"),
        "--count",
        heritage.to_str().expect("path"),
        "--addresses",
        addresses.to_str().expect("path"),
        "--field",
        "siecle",
        "--json",
    ];
    let plain = zones(&base);
    let mut secret_args = base.to_vec();
    secret_args.extend(["--secret", "11"]);
    let secret = zones(&secret_args);
    let (plain, secret) = (
        plain["zones"].as_array().expect("zones"),
        secret["zones"].as_array().expect("zones"),
    );
    assert_eq!(plain.len(), secret.len());
    let mut hidden = 0;
    for (p, s) in plain.iter().zip(secret) {
        let count = p["count"].as_u64().expect("count");
        let addresses = p["addresses"].as_u64().expect("addresses");
        assert_eq!(s["addresses"].as_u64(), Some(addresses), "not personal");
        if addresses > 0 {
            let rate = p["per_1000_addresses"].as_f64().expect("rate");
            assert!((rate - count as f64 * 1000.0 / addresses as f64).abs() < 1e-9);
        }
        if (1..11).contains(&count) {
            hidden += 1;
            assert_eq!(s["count"], "< 11", "{s}");
            for key in ["share", "per_km2", "per_1000_addresses", "sum", "mean"] {
                assert!(s[key].is_null(), "{key} in {s}");
            }
        } else {
            assert_eq!(s["count"].as_u64(), Some(count));
            assert_eq!(s["share"], p["share"]);
            assert_eq!(s["mean"], p["mean"]);
        }
    }
    assert!(hidden > 0, "the sample has small counts");

    let dir = tempfile::tempdir().expect("tempdir");
    let csv_path = dir.path().join("zones.csv");
    let mut csv_args = secret_args.clone();
    csv_args.retain(|a| *a != "--json");
    let status = Command::new(env!("CARGO_BIN_EXE_territoire"))
        .arg("zones")
        .args(&csv_args)
        .arg("--out")
        .arg(&csv_path)
        .status()
        .expect("run");
    assert!(status.success());
    let text = std::fs::read_to_string(&csv_path).expect("csv");
    assert!(text.starts_with(
        "\u{feff}id;nom;nombre;part;par_km2;part_proche;adresses;pour_1000_adresses;\
         somme_siecle;moyenne_siecle\r\n"
    ));
    assert_eq!(text.matches(";< 11;secret;secret;").count(), hidden);
    // Under the table: what was counted, with which filter, and what the shares are shares of.
    assert!(
        text.contains("\r\ncouche comptée;patrimoine.shp;"),
        "{text}"
    );
    assert!(text.contains("\r\nfiltre;aucun : tous les objets de la couche;"));
    assert!(text.contains("\r\npart;nombre de la zone divisé par le nombre d'objets retenus"));
}

/// The addresses numbered from `from`, counted per quartier of Angers, with `extra` arguments.
fn numbered_from(from: u32, extra: &[&str]) -> Value {
    let zone_file = path("../shared/data/angers/quartiers-2014.geojson");
    let addresses = path("sample-data/adresses.csv");
    let filter = format!("numero_adresse >= {from}");
    let mut args = vec![
        "--zones",
        zone_file.to_str().expect("path"),
        "--count",
        addresses.to_str().expect("path"),
        "--where",
        &filter,
        "--json",
    ];
    args.extend(extra);
    zones(&args)
}

/// The count of the quartier named like `name`.
fn count_in<'a>(out: &'a Value, name: &str) -> &'a Value {
    let zones = out["zones"].as_array().expect("zones");
    let zone = zones
        .iter()
        .find(|z| z["name"].as_str().is_some_and(|n| n.contains(name)));
    &zone.expect("quartier")["count"]
}

#[test]
fn a_lone_hidden_count_cannot_be_worked_out_from_the_total() {
    // From number 121: 52 addresses in Centre-ville, 3 in Madeleine, none elsewhere.
    let plain = numbered_from(121, &[]);
    assert_eq!(plain["total"], 55);
    assert_eq!(count_in(&plain, "Centre Ville"), 52);
    assert_eq!(count_in(&plain, "Madeleine"), 3);
    let secret = numbered_from(121, &["--secret", "11"]);
    assert_eq!(count_in(&secret, "Madeleine"), "< 11");
    // 55 − 52 would give the 3 away: Centre-ville is withheld with its share and density.
    assert_eq!(count_in(&secret, "Centre Ville"), &Value::Null);
    let zones = secret["zones"].as_array().expect("zones");
    for z in zones.iter().filter(|z| !z["count"].is_u64()) {
        for key in ["share", "per_km2"] {
            assert!(z[key].is_null(), "{key} in {z}");
        }
    }
    // The empty quartiers, the total and the outside count stay.
    let empty = zones.iter().filter(|z| z["count"] == 0).count();
    assert_eq!(empty, zones.len() - 2);
    assert!(
        zones
            .iter()
            .filter(|z| z["count"] == 0)
            .all(|z| z["share"] == 0.0)
    );
    assert_eq!(
        (&secret["total"], &secret["outside"]),
        (&Value::from(55), &Value::from(0))
    );

    // The same in the text output and the CSV file.
    let dir = tempfile::tempdir().expect("tempdir");
    let csv_path = dir.path().join("zones.csv");
    let zone_file = path("../shared/data/angers/quartiers-2014.geojson");
    let addresses = path("sample-data/adresses.csv");
    let run = |extra: &[&std::ffi::OsStr]| {
        Command::new(env!("CARGO_BIN_EXE_territoire"))
            .args(["zones", "--zones"])
            .arg(&zone_file)
            .arg("--count")
            .arg(&addresses)
            .args(["--where", "numero_adresse >= 121", "--secret", "11"])
            .args(extra)
            .output()
            .expect("run")
    };
    let text = String::from_utf8(run(&[]).stdout).expect("UTF-8");
    let centre = text
        .lines()
        .find(|l| l.contains("Centre Ville"))
        .expect("line");
    assert_eq!(centre.matches("secret").count(), 3, "{centre}");
    assert!(
        text.contains("55 objets comptés, 0 hors de toute zone"),
        "{text}"
    );
    let out = run(&["--out".as_ref(), csv_path.as_os_str()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = std::fs::read_to_string(&csv_path).expect("csv");
    let centre = csv
        .lines()
        .find(|l| l.contains("Centre Ville"))
        .expect("row");
    assert!(centre.ends_with(";secret;secret;secret;"), "{centre}");
}

#[test]
fn hidden_counts_that_protect_each_other_leave_the_others_shown() {
    // From number 120: 57 in Centre-ville, 3 in Madeleine and 1 in La Roseraie. The two hidden
    // counts sum to 4 = 61 − 57, which 1 + 3, 2 + 2 and 3 + 1 all fit: nothing more is withheld.
    let secret = numbered_from(120, &["--secret", "11"]);
    assert_eq!(count_in(&secret, "Centre Ville"), 57);
    assert_eq!(count_in(&secret, "Madeleine"), "< 11");
    assert_eq!(count_in(&secret, "Roseraie"), "< 11");
    assert_eq!(secret["total"], 61);
}

#[test]
fn a_total_under_the_threshold_is_withheld() {
    // From number 140: 3 addresses, all in Centre-ville.
    let secret = numbered_from(140, &["--secret", "11"]);
    assert_eq!(count_in(&secret, "Centre Ville"), "< 11");
    assert!(secret["total"].is_null(), "{secret}");
    assert_eq!(secret["outside"], 0);
    let out = Command::new(env!("CARGO_BIN_EXE_territoire"))
        .args(["zones", "--zones"])
        .arg(path("../shared/data/angers/quartiers-2014.geojson"))
        .arg("--count")
        .arg(path("sample-data/adresses.csv"))
        .args(["--where", "numero_adresse >= 140", "--secret", "11"])
        .output()
        .expect("run");
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(
        text.ends_with("total secret, 0 hors de toute zone\n"),
        "{text}"
    );
}

#[test]
fn the_counted_layer_is_picked_in_a_geopackage() {
    use territoire::sources::open::{LoadOptions, load_path};
    let dir = tempfile::tempdir().expect("tempdir");
    let kit = dir.path().join("kit.gpkg");
    let load = |name: &str| {
        load_path(
            &path(&format!("sample-data/{name}")),
            &LoadOptions::default(),
            &territoire::jobs::Progress::default(),
        )
        .expect("sample")
    };
    let (green, heritage) = (load("espaces-verts.geojson"), load("patrimoine.shp"));
    territoire::sources::gpkg::write_gpkg(&kit, &[("verts", &green), ("patrimoine", &heritage)])
        .expect("kit");
    let quartiers = path("sample-data/quartiers.geojson");
    let v = zones(&[
        "--zones",
        quartiers.to_str().expect("path"),
        "--count",
        kit.to_str().expect("path"),
        "--layer",
        "patrimoine",
        "--json",
    ]);
    let direct = zones(&[
        "--zones",
        quartiers.to_str().expect("path"),
        "--count",
        path("sample-data/patrimoine.shp").to_str().expect("path"),
        "--json",
    ]);
    assert_eq!(v["total"], 80);
    assert_eq!(v["zones"], direct["zones"]);
}
