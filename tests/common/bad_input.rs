//! What no message may contain (library and system phrases) and the bad files every message
//! test tries, shared by the data tests and the window's journeys.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Words and phrases of libraries and of the system that must never reach a user.
pub const LIBRARY_PHRASES: [&str; 24] = [
    "expected",
    "eof",
    "error sending request",
    "body error",
    "dns",
    "tcp connect",
    "os error",
    "invalid type",
    "missing field",
    "trailing",
    "unexpected",
    "no such file",
    "permission denied",
    "connection refused",
    "reqwest",
    "hyper",
    "serde",
    "io error",
    "invalid data",
    "error decoding",
    "client error",
    "operation timed out",
    "at line",
    "platform secure storage",
];

/// Writes `bytes` as the file `name` in `dir`.
pub fn file(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

fn zip_without_shapefile(dir: &Path) -> PathBuf {
    let path = dir.join("sans-shp.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).expect("create"));
    zip.start_file("lisez-moi.txt", zip::write::SimpleFileOptions::default())
        .expect("member");
    zip.write_all(b"rien ici").expect("write");
    zip.finish().expect("finish");
    path
}

/// Files that cannot be read, made in `d`, with the name of each case (missing files are
/// named but not made; a folder stands for a file).
pub fn bad_files(d: &Path) -> Vec<(&'static str, PathBuf)> {
    let point = r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[-0.55,47.47]},"properties":{"nom":"a"}}"#;
    let whole = format!("{{\"type\":\"FeatureCollection\",\"features\":[\n{point},\n{point}\n]}}");
    let wrong_types =
        br#"{"type":"Feature","geometry":{"type":"Point","coordinates":"ici"},"properties":{}}"#;
    let unknown_crs = br#"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:999999"}},"features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{}}]}"#;
    let metres = br#"{"type":"Feature","geometry":{"type":"Point","coordinates":[9e9,9e9]},"properties":{}}"#;
    let latin1 = b"{\"type\":\"Feature\",\"geometry\":null,\"properties\":{\"nom\":\"Andr\xe9\"}}";
    std::fs::create_dir(d.join("dossier.geojson")).expect("folder");
    vec![
        (
            "truncated JSON",
            file(d, "coupe.geojson", &whole.as_bytes()[..whole.len() - 20]),
        ),
        ("empty JSON", file(d, "vide.geojson", b"")),
        (
            "garbage",
            file(d, "bruit.geojson", b"\x00\x9f\x92PK\x03 n'importe quoi"),
        ),
        ("wrong types", file(d, "types.geojson", wrong_types)),
        (
            "trailing characters",
            file(
                d,
                "suite.geojson",
                format!("{point} et la suite").as_bytes(),
            ),
        ),
        ("JSON, not GeoJSON", file(d, "autre.json", br#"{"a": 1}"#)),
        ("Latin-1 JSON", file(d, "latin1.geojson", latin1)),
        ("unknown CRS", file(d, "scr.geojson", unknown_crs)),
        ("no CRS, not degrees", file(d, "metres.geojson", metres)),
        ("empty CSV", file(d, "vide.csv", b"")),
        ("blank CSV", file(d, "blanc.csv", b"\n \n")),
        ("garbage shapefile", file(d, "bruit.shp", &[7u8; 64])),
        ("short shapefile", file(d, "court.shp", &[0u8; 10])),
        (
            "garbage zip",
            file(d, "bruit.zip", b"PK\x03\x04 pas une archive"),
        ),
        ("zip without shapefile", zip_without_shapefile(d)),
        ("unsupported", file(d, "tableau.xlsx", b"PK")),
        ("missing file", d.join("absent.geojson")),
        ("missing shapefile", d.join("absent.shp")),
        ("a folder", d.join("dossier.geojson")),
    ]
}
