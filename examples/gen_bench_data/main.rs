//! Generates the benchmark data set: a million address points around Angers and the layers the
//! benchmark against other tools reads with them (`scripts/bench-vs-peers.sh`).
//!
//! ```sh
//! cargo run --release --example gen_bench_data -- --out DIR
//! ```
//!
//! The output is deterministic: one fixed seed feeds the splitmix64 generator of the demo kit
//! (one stream per layer). Everything lies in lon −0.60…−0.50, lat 47.43…47.50. Files written:
//! - `points_1m.geojson`: 1 000 000 address points (WGS 84), one feature per line, properties
//!   `id, numero, suffixe, voie, code_postal, commune, source`;
//! - `points_100k.geojson`: the first 100 000 of them;
//! - `points_1m_l93.shp` (+ `.shx`, `.dbf` in CP1252, `.cpg`, `.prj`): the same points in Lambert-93;
//! - `zones.geojson`: 50 zones tiling the area exactly (a jittered 10 × 5 grid), `id` and `nom`;
//! - `green_l93.geojson`: 200 green spaces in Lambert-93, with a `crs` member naming EPSG:2154;
//! - `parcels_200k.geojson`: 200 000 parcels tiling the area like a cadastre (shared edges),
//!   properties `id, section, numero, contenance`;
//! - `streets_100k.geojson`: 100 000 street segments of ten vertices each, `id, nom, nature`.

mod addresses;
mod area;
mod communes;
mod geojson_out;
mod green;
mod parcels;
mod shapefile_out;
mod streets;
mod zones;

// Shared with the demo kit's generator, which uses more of them than this one does.
#[allow(dead_code)]
#[path = "../gen_sample_data/rng.rs"]
mod rng;
#[allow(dead_code)]
#[path = "../gen_sample_data/street_names.rs"]
mod street_names;

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};

/// Address points in the big files.
const POINTS: usize = 1_000_000;
/// Address points in the small GeoJSON file.
const POINTS_SMALL: usize = 100_000;
/// Street segments.
const SEGMENTS: usize = 100_000;

const USAGE: &str = "usage: gen_bench_data [--out FOLDER]   (default: bench-data)";

fn parse_out_dir() -> Result<PathBuf> {
    let mut args = std::env::args().skip(1);
    let mut out = PathBuf::from("bench-data");
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--out" | "-o" => out = args.next().context("--out needs a folder")?.into(),
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            other => bail!("unknown argument {other:?} ({USAGE})"),
        }
    }
    Ok(out)
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

fn main() -> Result<()> {
    let started = Instant::now();
    let out = parse_out_dir()?;
    std::fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;

    let addresses = addresses::make_addresses(POINTS);
    geojson_out::write_points(&out.join("points_1m.geojson"), &addresses, POINTS)?;
    geojson_out::write_points(&out.join("points_100k.geojson"), &addresses, POINTS_SMALL)?;
    shapefile_out::write_points_l93(&out.join("points_1m_l93.shp"), &addresses)?;
    let zones = zones::make_zones();
    geojson_out::write_zones(&out.join("zones.geojson"), &zones)?;
    let greens = green::make_green_spaces();
    geojson_out::write_green_spaces(&out.join("green_l93.geojson"), &greens)?;
    let parcels = parcels::make_parcels();
    geojson_out::write_parcels(&out.join("parcels_200k.geojson"), &parcels)?;
    let segments = streets::make_segments(SEGMENTS);
    geojson_out::write_segments(&out.join("streets_100k.geojson"), &segments)?;

    for (name, count) in [
        ("points_1m.geojson", POINTS),
        ("points_100k.geojson", POINTS_SMALL),
        ("points_1m_l93.shp", POINTS),
        ("points_1m_l93.shx", POINTS),
        ("points_1m_l93.dbf", POINTS),
        ("zones.geojson", zones.len()),
        ("green_l93.geojson", greens.len()),
        ("parcels_200k.geojson", parcels.len()),
        ("streets_100k.geojson", segments.len()),
    ] {
        let size = file_size(&out.join(name));
        println!("{name:<22} {count:>9} features {size:>12} bytes");
    }
    println!(
        "{} streets, written to {} in {:.1} s",
        addresses.streets.len(),
        out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
