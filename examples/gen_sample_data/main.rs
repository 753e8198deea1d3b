//! Generates the demo kit of `sample-data/`: synthetic geometry around Angers, real place names.
//!
//! ```sh
//! cargo run --release --example gen_sample_data -- --out sample-data
//! ```
//!
//! The output is deterministic: one fixed seed feeds a small splitmix64 generator (one stream
//! per layer), so the same files come out on every run and every machine.
//!
//! Files written, bottom to top in the app:
//! - `quartiers.geojson`: the 10 quartiers of Angers, Voronoi cells of their centroids (WGS 84);
//! - `espaces-verts.geojson`: about 150 green spaces, star-shaped polygons (WGS 84);
//! - `adresses.csv`: about 20 000 address points along synthetic streets (Lambert-93, `;`);
//! - `patrimoine.shp` (+ `.shx`, `.dbf` in CP1252, `.prj`): about 80 heritage sites (Lambert-93);
//! - `demo.territoire`: a project with three bookmarks and a five-step training scenario;
//! - `README.md`: what the files are, in French.
//!
//! With `--reference FOLDER` (default `assets/reference`), it also writes `communes.geojson`
//! there: the communes the app draws as its basemap when no tile can be had.

mod addresses;
mod demo_project;
mod geometry;
mod green_data;
mod green_spaces;
mod heritage;
mod heritage_data;
mod places;
mod readme;
mod reference;
mod rng;
mod street_names;
mod streets;
mod territory;
mod writers;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use addresses::make_addresses;
use geometry::Lambert93;
use green_spaces::make_green_spaces;
use heritage::make_sites;
use readme::README;
use territory::Territory;
use writers::{write_addresses, write_green_spaces, write_quartiers, write_sites};

fn parse_out_dir() -> Result<(PathBuf, PathBuf)> {
    let mut args = std::env::args().skip(1);
    let mut out = PathBuf::from("sample-data");
    let mut reference = PathBuf::from("assets/reference");
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--out" | "-o" => out = args.next().context("--out needs a folder")?.into(),
            "--reference" => {
                reference = args.next().context("--reference needs a folder")?.into();
            }
            "-h" | "--help" => {
                println!(
                    "usage: gen_sample_data [--out FOLDER] [--reference FOLDER]   (defaults: sample-data, assets/reference)"
                );
                std::process::exit(0);
            }
            other => bail!(
                "unknown argument {other:?} (usage: gen_sample_data [--out FOLDER] [--reference FOLDER])"
            ),
        }
    }
    Ok((out, reference))
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

fn main() -> Result<()> {
    let (out, reference) = parse_out_dir()?;
    let communes = reference::write_reference_communes(&reference)?;
    println!("{:<24} {:>6} entités", "communes.geojson", communes);
    std::fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;
    let l93 = Lambert93::new()?;
    let territory = Territory::build();

    let quartiers = write_quartiers(&out, &territory)?;
    let greens = make_green_spaces(&territory);
    let green_count = write_green_spaces(&out, &greens, &l93)?;
    let addresses = make_addresses(&territory, &greens);
    let address_count = write_addresses(&out, &territory, &addresses, &l93)?;
    let sites = make_sites(&addresses);
    let site_count = write_sites(&out, &sites, &l93)?;
    std::fs::write(out.join("README.md"), README).context("cannot write README.md")?;
    demo_project::write_demo_project(&out)?;

    let mut total = 0;
    for (name, count) in [
        ("quartiers.geojson", quartiers),
        ("espaces-verts.geojson", green_count),
        ("adresses.csv", address_count),
        ("patrimoine.shp", site_count),
        ("patrimoine.shx", site_count),
        ("patrimoine.dbf", site_count),
        ("patrimoine.prj", 1),
        ("README.md", 1),
        ("demo.territoire", 1),
    ] {
        let size = file_size(&out.join(name));
        total += size;
        println!("{:<24} {:>6} entités  {:>9} octets", name, count, size);
    }
    println!("{:<24} {:>6}          {:>9} octets", "total", "", total);
    Ok(())
}
