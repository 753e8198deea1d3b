//! `territoire zones`: counts the (filtered) features of a layer per zone of a zone layer, with
//! shares, densities and the share near another layer; JSON, text or a CSV for spreadsheets.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::Failure;
use crate::analysis::zones::{ZoneTable, zone_table};
use crate::i18n::{tr, tr_args};

/// What `territoire zones` was asked to do.
#[derive(Debug, Default, PartialEq)]
pub struct ZonesArgs {
    /// The zone layer (quartiers, IRIS, QPV, communes…).
    pub zones: PathBuf,
    /// The layer whose features are counted.
    pub count: PathBuf,
    /// A filter on the counted layer.
    pub filter: Option<String>,
    /// A layer to measure nearness to, with the distance in metres.
    pub near: Option<(PathBuf, f64)>,
    /// Print one JSON object.
    pub json: bool,
    /// Write a CSV file instead of printing.
    pub out: Option<PathBuf>,
    /// CRS of files that declare none.
    pub crs: Option<String>,
}

/// Parses the arguments that follow `zones`.
pub fn parse(args: Vec<OsString>) -> Result<ZonesArgs, String> {
    let mut parsed = ZonesArgs::default();
    let (mut zones, mut count, mut near, mut distance) = (None, None, None, None);
    let mut iter = args.into_iter();
    while let Some(arg) = iter.next() {
        let mut value = || {
            iter.next()
                .and_then(|v| v.into_string().ok())
                .ok_or_else(|| tr("cli-zones-usage"))
        };
        match arg.to_str() {
            Some("--zones") => zones = Some(PathBuf::from(value()?)),
            Some("--count") => count = Some(PathBuf::from(value()?)),
            Some("--where") => parsed.filter = Some(value()?),
            Some("--near") => near = Some(PathBuf::from(value()?)),
            Some("--distance") => {
                let text = value()?;
                distance = Some(
                    crate::app::filter_place::parse_metres(&text)
                        .ok_or_else(|| tr_args("filter-err-metres", &[("value", &text)]))?,
                );
            }
            Some("--json") => parsed.json = true,
            Some("--out" | "-o") => parsed.out = Some(PathBuf::from(value()?)),
            Some("--crs") => parsed.crs = Some(value()?),
            Some(flag) => return Err(tr_args("cli-unknown-option", &[("option", flag)])),
            None => return Err(tr("cli-zones-usage")),
        }
    }
    let (Some(zones), Some(count)) = (zones, count) else {
        return Err(tr("cli-zones-usage"));
    };
    parsed.near = match (near, distance) {
        (Some(path), Some(metres)) => Some((path, metres)),
        (None, None) => None,
        _ => return Err(tr("cli-zones-near")),
    };
    parsed.zones = zones;
    parsed.count = count;
    Ok(parsed)
}

/// Loads the layers (side by side), counts, and prints or writes the table.
pub fn run(args: ZonesArgs) -> Result<ExitCode, Failure> {
    let load = |path: &PathBuf| super::load_source(path, args.crs.clone(), None);
    let (zones, count, near) = std::thread::scope(|s| {
        let zones = s.spawn(|| load(&args.zones));
        let near = args.near.as_ref().map(|(path, _)| s.spawn(|| load(path)));
        let count = load(&args.count);
        let join = |h: std::thread::ScopedJoinHandle<
            '_,
            Result<(String, crate::data::Dataset), String>,
        >| { h.join().unwrap_or_else(|_| Err(tr("err-internal"))) };
        (join(zones), count, near.map(join))
    });
    let (_, zones) = zones?;
    let (_, count) = count?;
    let mask = match &args.filter {
        Some(text) => Some(super::filter::mask(text, &count)?),
        None => None,
    };
    let near = match (near, &args.near) {
        (Some(loaded), Some((_, metres))) => {
            let (_, other) = loaded?;
            Some(crate::filter::spatial::near(&count, &other, None, *metres))
        }
        _ => None,
    };
    let table = zone_table(&zones, &count, mask.as_ref(), near.as_ref());
    if let Some(out) = &args.out {
        crate::sources::atomic_file::write_atomically(out, |w| write_csv(&table, w)).map_err(
            |e| {
                tr_args(
                    "cli-export-failed",
                    &[
                        ("error", &e.to_string()),
                        ("path", &out.display().to_string()),
                    ],
                )
            },
        )?;
        eprintln!(
            "{}",
            tr_args(
                "cli-zones-written",
                &[
                    ("count", &table.zones.len().to_string()),
                    ("path", &out.display().to_string()),
                ],
            )
        );
    } else if args.json {
        println!("{}", serde_json::to_string(&table).unwrap_or_default());
    } else {
        print!("{}", text(&table));
    }
    Ok(ExitCode::SUCCESS)
}

/// A number with a decimal comma, as French spreadsheets read it.
fn french(x: f64, decimals: usize) -> String {
    format!("{x:.decimals$}").replace('.', ",")
}

/// The table as CSV: UTF-8 with BOM, `;`, decimal commas.
fn write_csv(table: &ZoneTable, out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all("\u{feff}".as_bytes())?;
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(["id", "nom", "nombre", "part", "par_km2", "part_proche"])?;
    for z in &table.zones {
        w.write_record([
            z.id.clone(),
            z.name.clone(),
            z.count.to_string(),
            french(z.share, 4),
            french(z.per_km2, 1),
            z.near_share.map(|s| french(s, 4)).unwrap_or_default(),
        ])?;
    }
    w.flush()
}

fn text(table: &ZoneTable) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for z in &table.zones {
        let _ = write!(
            out,
            "{:<12} {:<40} {:>8} {:>6.1} % {:>10.1}/km²",
            z.id,
            z.name,
            z.count,
            z.share * 100.0,
            z.per_km2
        );
        if let Some(s) = z.near_share {
            let _ = write!(out, " {:>6.1} %", s * 100.0);
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "{}",
        tr_args(
            "cli-zones-total",
            &[
                ("total", &table.total.to_string()),
                ("outside", &table.outside.to_string()),
            ],
        )
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn arguments_are_read_and_checked() {
        let parsed = parse(args(&[
            "--zones",
            "q.geojson",
            "--count",
            "a.csv",
            "--near",
            "v.geojson",
            "--distance",
            "300",
            "--json",
        ]))
        .expect("valid");
        assert_eq!(parsed.near, Some((PathBuf::from("v.geojson"), 300.0)));
        assert!(parsed.json);
        assert!(parse(args(&["--zones", "q.geojson"])).is_err());
        assert!(parse(args(&["--zones", "q", "--count", "a", "--near", "v"])).is_err());
        assert!(parse(args(&["--zones", "q", "--count", "a", "--distance", "x"])).is_err());
    }
}
