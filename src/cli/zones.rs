//! `territoire zones`: counts the (filtered) features of a layer per zone of a zone layer, with
//! shares, densities, the share near another layer, the rate per 1 000 addresses, the sum and
//! mean of a field, statistical secrecy; JSON, text or a CSV for spreadsheets.

use std::path::PathBuf;
use std::process::ExitCode;

use super::Failure;
use crate::analysis::measures::Measure;
use crate::analysis::secrecy::{Secrecy, Shown, shown, shown_outside, shown_total};
use crate::analysis::zones::{ZoneOptions, ZoneTable, zone_figures};
use crate::data::Dataset;
use crate::i18n::{tr, tr_args};
use crate::sources::export_file::ExportError;

pub use super::zones_args::ZonesArgs;
pub(super) use super::zones_args::ZonesLine;

type Loaded = Result<(String, Dataset), String>;

/// Loads the layers (side by side): zones, counted, nearness and address layers.
fn load_all(args: &ZonesArgs) -> (Loaded, Loaded, Option<Loaded>, Option<Loaded>) {
    let load = |path: &PathBuf| super::load_file(path, args.crs.clone());
    std::thread::scope(|s| {
        let zones = s.spawn(|| load(&args.zones));
        let near = args.near.as_ref().map(|(path, _)| s.spawn(|| load(path)));
        let addresses = args.addresses.as_ref().map(|path| s.spawn(|| load(path)));
        let options = crate::sources::open::LoadOptions {
            crs: args.crs.clone(),
            layer: args.layer.clone(),
            keep_unplaced: false,
            pushdown: args.filter.clone(),
            ..Default::default()
        };
        let count = super::load_source(&args.count, options, None);
        let join = |h: std::thread::ScopedJoinHandle<'_, Loaded>| {
            h.join().unwrap_or_else(|_| Err(tr("err-internal")))
        };
        (join(zones), count, near.map(join), addresses.map(join))
    })
}

/// Computes the figures (in the database when both layers are tables of one PostGIS database),
/// then prints or writes the table.
pub fn run(args: ZonesArgs) -> Result<ExitCode, Failure> {
    let pushed = if args.local {
        None
    } else {
        super::zones_db::in_database(&args)?
    };
    let table = match pushed {
        Some(table) => table,
        None => local_table(&args)?,
    };
    write_table(&args, table)
}

/// Loads the layers and computes the figures on this machine.
fn local_table(args: &ZonesArgs) -> Result<ZoneTable, Failure> {
    let (zones, count, near, addresses) = load_all(args);
    let (_, zones) = zones?;
    let (_, count) = count?;
    let addresses = addresses.transpose()?.map(|(_, ds)| ds);
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
    let field = match &args.field {
        Some(name) => Some(
            count
                .column(name)
                .filter(|c| crate::analysis::zone_sums::is_numeric(c))
                .ok_or_else(|| Failure::usage(tr_args("cli-zones-field", &[("field", name)])))?,
        ),
        None => None,
    };
    let options = ZoneOptions {
        near: near.as_ref(),
        field,
        addresses: addresses.as_ref().map(|ds| (ds, None)),
    };
    Ok(zone_figures(&zones, &count, mask.as_ref(), &options))
}

/// Protects the table (statistical secrecy), then prints it or writes the CSV.
fn write_table(args: &ZonesArgs, mut table: ZoneTable) -> Result<ExitCode, Failure> {
    let secrecy = args.secret.map(|threshold| Secrecy { threshold });
    table.protect(secrecy);
    if let Some(out) = &args.out {
        let notes = crate::sources::zone_csv::CsvNotes {
            counted: args.count.file_name().map_or_else(
                || args.count.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
            filter: args.filter.clone(),
        };
        crate::sources::zone_csv::export_zone_table(&table, secrecy, &[], &notes, out)
            .map_err(|e| ExportError::new(out, &e).to_string())?;
        eprintln!(
            "{}",
            crate::i18n::tr_count(
                "cli-zones-written",
                table.zones.len() as u64,
                &[("path", &out.display().to_string())],
            )
        );
    } else if args.json {
        crate::cli::say(format_args!("{}", json(&table, secrecy)), true);
    } else {
        crate::cli::say(format_args!("{}", text(&table, secrecy)), false);
    }
    Ok(ExitCode::SUCCESS)
}

/// The figures of the JSON output by key, as secrecy sees them.
const JSON_FIGURES: [(&str, Measure); 8] = [
    ("count", Measure::Count),
    ("share", Measure::Share),
    ("per_km2", Measure::PerKm2),
    ("near_share", Measure::NearShare),
    ("beyond", Measure::Beyond),
    ("per_1000_addresses", Measure::Per1000Addresses),
    ("sum", Measure::Sum),
    ("mean", Measure::Mean),
];

/// The table as JSON; under secrecy a hidden count becomes the text `"< 11"`, and the counts
/// withheld so that none can be derived (the total among them) and the figures that would give
/// a count away `null`.
fn json(table: &ZoneTable, secrecy: Option<Secrecy>) -> serde_json::Value {
    use serde_json::Value;
    let mut value = serde_json::to_value(table).unwrap_or_default();
    let Some(s) = secrecy else {
        return value;
    };
    if let Some(zones) = value.get_mut("zones").and_then(Value::as_array_mut) {
        for (out, z) in zones.iter_mut().zip(&table.zones) {
            for (key, measure) in JSON_FIGURES {
                match shown(measure, z, secrecy) {
                    Shown::Below => out[key] = Value::String(s.label()),
                    Shown::Withheld => out[key] = Value::Null,
                    Shown::Value(_) | Shown::Missing => {}
                }
            }
        }
    }
    for (key, figure) in [
        ("outside", shown_outside(table, secrecy)),
        ("total", shown_total(table, secrecy)),
    ] {
        match figure {
            Shown::Below => value[key] = Value::String(s.label()),
            Shown::Withheld => value[key] = Value::Null,
            Shown::Value(_) | Shown::Missing => {}
        }
    }
    value
}

/// A figure for the text output.
fn cell(value: Shown, secrecy: Option<Secrecy>, number: impl Fn(f64) -> String) -> String {
    match value {
        Shown::Value(v) => number(v),
        Shown::Missing => "—".to_owned(),
        Shown::Below => secrecy.map(Secrecy::label).unwrap_or_default(),
        Shown::Withheld => "secret".to_owned(),
    }
}

/// A column of the text output: its figure, its width, how its numbers are written.
type TextColumn = (Measure, usize, fn(f64) -> String);

fn text(table: &ZoneTable, secrecy: Option<Secrecy>) -> String {
    use std::fmt::Write as _;
    let whole: fn(f64) -> String = |v| format!("{v:.0}");
    let percent: fn(f64) -> String = |v| format!("{:.1} %", v * 100.0);
    let plain: fn(f64) -> String = |v| format!("{v:.2}");
    let mut columns: Vec<TextColumn> = vec![
        (Measure::Count, 8, whole),
        (Measure::Share, 8, percent),
        (Measure::PerKm2, 13, |v| format!("{v:.1}/km²")),
    ];
    if table.near_asked {
        columns.push((Measure::NearShare, 8, percent));
        columns.push((Measure::Beyond, 8, whole));
    }
    if table.addresses_asked {
        columns.push((Measure::Per1000Addresses, 9, |v| format!("{v:.1}‰")));
    }
    if table.field.is_some() {
        columns.push((Measure::Sum, 12, plain));
        columns.push((Measure::Mean, 10, plain));
    }
    let mut out = String::new();
    for z in &table.zones {
        let _ = write!(out, "{:<12} {:<40}", z.id, z.name);
        for (measure, width, number) in &columns {
            let _ = write!(
                out,
                " {:>width$}",
                cell(shown(*measure, z, secrecy), secrecy, number)
            );
        }
        out.push('\n');
    }
    let outside = cell(shown_outside(table, secrecy), secrecy, whole);
    let (key, total) = match shown_total(table, secrecy) {
        Shown::Value(v) => ("cli-zones-total", whole(v)),
        _ => ("cli-zones-total-secret", String::new()),
    };
    let _ = writeln!(
        out,
        "{}",
        tr_args(key, &[("total", &total), ("outside", &outside)])
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(list: &[&str]) -> Result<ZonesArgs, String> {
        let line = std::iter::once("zones").chain(list.iter().copied());
        match super::super::parse(line.map(std::ffi::OsString::from)) {
            Ok(super::super::Command::Zones(args)) => Ok(args),
            other => Err(format!("{other:?}")),
        }
    }

    #[test]
    fn arguments_are_read_and_checked() {
        let parsed = parse(&[
            "--zones",
            "q.geojson",
            "--count",
            "a.csv",
            "--near",
            "v.geojson",
            "--distance",
            "300",
            "--json",
        ])
        .expect("valid");
        assert_eq!(parsed.near, Some((PathBuf::from("v.geojson"), 300.0)));
        assert!(parsed.json);
        assert!(parse(&["--zones", "q.geojson"]).is_err());
        assert!(parse(&["--zones", "q", "--count", "a", "--near", "v"]).is_err());
        assert!(parse(&["--zones", "q", "--count", "a", "--distance", "x"]).is_err());
        let secret = parse(&[
            "--zones",
            "q",
            "--count",
            "a",
            "--secret",
            "11",
            "--field",
            "menages",
            "--addresses",
            "adresses.csv",
        ])
        .expect("valid");
        assert_eq!(secret.secret, Some(11));
        assert_eq!(secret.field.as_deref(), Some("menages"));
        assert_eq!(secret.addresses, Some(PathBuf::from("adresses.csv")));
        assert!(parse(&["--zones", "q", "--count", "a", "--secret", "onze"]).is_err());
    }
}
