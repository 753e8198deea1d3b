//! The command line: `territoire [FILE…]`, `--screenshot`, and the headless `info` command.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::app::StartOptions;
use crate::data::Dataset;
use crate::i18n::{tr, tr_args};
use crate::jobs::Progress;
use crate::sources::{LoadOptions, load_path};

/// What the command line asks for.
#[derive(Debug, PartialEq)]
pub enum Command {
    /// Open the window (optionally take a screenshot and exit).
    Gui(StartOptions),
    /// Load one source and describe it.
    Info {
        /// The file to read.
        source: PathBuf,
        /// Print one JSON object instead of text.
        json: bool,
        /// CRS to use when the file declares none.
        crs: Option<String>,
    },
    /// Print the usage.
    Help,
    /// Print the version.
    Version,
}

/// Parses the arguments (without the program name).
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command, String> {
    let mut args: Vec<OsString> = args.into_iter().collect();
    if args.first().and_then(|a| a.to_str()) == Some("info") {
        args.remove(0);
        return parse_info(args);
    }
    let mut options = StartOptions::default();
    let mut iter = args.into_iter();
    while let Some(arg) = iter.next() {
        match arg.to_str() {
            Some("-h" | "--help") => return Ok(Command::Help),
            Some("-V" | "--version") => return Ok(Command::Version),
            Some("--screenshot") => {
                let out = iter.next().ok_or_else(|| tr("cli-screenshot-needs-path"))?;
                options.screenshot = Some(PathBuf::from(out));
            }
            Some("--crs") => {
                let crs = iter.next().and_then(|c| c.into_string().ok());
                options.crs = Some(crs.ok_or_else(|| tr("cli-crs-needs-value"))?);
            }
            Some("--no-basemap") => options.no_basemap = true,
            Some("--no-demo") => options.no_demo = true,
            Some("--lang") => {
                let lang = iter
                    .next()
                    .and_then(|c| c.into_string().ok())
                    .unwrap_or_default();
                options.language = Some(match lang.as_str() {
                    "fr" => crate::i18n::Language::Fr,
                    "en" => crate::i18n::Language::En,
                    _ => return Err(tr_args("cli-bad-lang", &[("lang", &lang)])),
                });
            }
            Some(flag) if flag.starts_with("--") => {
                return Err(tr_args("cli-unknown-option", &[("option", flag)]));
            }
            _ => options.files.push(PathBuf::from(arg)),
        }
    }
    Ok(Command::Gui(options))
}

fn parse_info(args: Vec<OsString>) -> Result<Command, String> {
    let mut source = None;
    let mut json = false;
    let mut crs = None;
    let mut iter = args.into_iter();
    while let Some(arg) = iter.next() {
        match arg.to_str() {
            Some("--json") => json = true,
            Some("--crs") => crs = iter.next().and_then(|c| c.into_string().ok()),
            Some(flag) if flag.starts_with("--") => {
                return Err(tr_args("cli-unknown-option", &[("option", flag)]));
            }
            _ if source.is_none() => source = Some(PathBuf::from(arg)),
            _ => return Err(tr("cli-info-one-source")),
        }
    }
    let source = source.ok_or_else(|| tr("cli-info-one-source"))?;
    Ok(Command::Info { source, json, crs })
}

/// Runs a parsed command; an error is one line for stderr.
pub fn run(command: Command) -> Result<ExitCode, String> {
    match command {
        Command::Help => {
            println!("{}", tr("cli-usage"));
            Ok(ExitCode::SUCCESS)
        }
        Command::Version => {
            println!("territoire {}", env!("CARGO_PKG_VERSION"));
            Ok(ExitCode::SUCCESS)
        }
        Command::Info { source, json, crs } => {
            let dataset = load_guarded(&source, &LoadOptions { crs })?;
            if json {
                println!("{}", info_json(&source, &dataset));
            } else {
                print!("{}", info_text(&source, &dataset));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Gui(options) => crate::app::run(options)
            .map(|()| ExitCode::SUCCESS)
            .map_err(|e| tr_args("cli-window-failed", &[("error", &e.to_string())])),
    }
}

/// Loads with the app's code; a panic in a reader becomes an error line instead of a crash.
fn load_guarded(source: &std::path::Path, options: &LoadOptions) -> Result<Dataset, String> {
    let progress = Progress::default();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        load_path(source, options, &progress)
    }));
    let path = source.display().to_string();
    // Messages that already end with the path are not prefixed with it again.
    let located = |message: String| {
        if message.contains(&path) {
            message
        } else {
            format!("{path}: {message}")
        }
    };
    match result {
        Ok(Ok(dataset)) => Ok(dataset),
        Ok(Err(e)) => Err(located(e.to_string())),
        Err(_) => Err(located(tr("err-internal"))),
    }
}

/// The `info --json` object, fields in the documented order.
#[derive(serde::Serialize)]
pub struct Info<'a> {
    source: String,
    features: usize,
    without_geometry: usize,
    geometry_types: std::collections::BTreeMap<&'static str, usize>,
    crs: Option<&'a str>,
    bbox: Option<[f64; 4]>,
    fields: Vec<InfoField<'a>>,
    issues: &'a [crate::data::LoadIssue],
}

#[derive(serde::Serialize)]
struct InfoField<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    field_type: &'static str,
}

/// Describes `dataset` as the `info --json` object (fields in the documented order).
pub fn info<'a>(source: &std::path::Path, dataset: &'a Dataset) -> Info<'a> {
    Info {
        source: source.display().to_string(),
        features: dataset.len(),
        without_geometry: dataset.without_geometry(),
        geometry_types: dataset.geometry.kind_counts(),
        crs: dataset.source_crs.as_deref(),
        bbox: dataset.bbox,
        fields: dataset
            .columns
            .iter()
            .map(|c| InfoField {
                name: &c.name,
                field_type: c.field_type().name(),
            })
            .collect(),
        issues: &dataset.issues,
    }
}

fn info_json(source: &std::path::Path, dataset: &Dataset) -> String {
    serde_json::to_string(&info(source, dataset)).unwrap_or_default()
}

fn info_text(source: &std::path::Path, dataset: &Dataset) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let count = |n: usize| n.to_string();
    let _ = writeln!(out, "{}", source.display());
    let _ = writeln!(
        out,
        "  {}",
        tr_args("info-features", &[("count", &count(dataset.len()))])
    );
    let _ = writeln!(
        out,
        "  {}",
        tr_args(
            "info-without-geometry",
            &[("count", &count(dataset.without_geometry()))]
        )
    );
    for (kind, n) in dataset.geometry.kind_counts() {
        let _ = writeln!(out, "    {kind}: {n}");
    }
    let crs = dataset
        .source_crs
        .clone()
        .unwrap_or_else(|| tr("info-crs-none"));
    let _ = writeln!(out, "  {}", tr_args("info-crs", &[("crs", &crs)]));
    if let Some(b) = dataset.bbox {
        let bbox = format!("{:.6}, {:.6}, {:.6}, {:.6}", b[0], b[1], b[2], b[3]);
        let _ = writeln!(out, "  {}", tr_args("info-bbox", &[("bbox", &bbox)]));
    }
    let _ = writeln!(out, "  {}", tr("info-fields"));
    for c in &dataset.columns {
        let _ = writeln!(out, "    {} ({})", c.name, c.field_type().name());
    }
    for issue in &dataset.issues {
        let _ = writeln!(out, "  ! {}", issue.message);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn parses_info_and_gui_commands() {
        assert_eq!(
            parse(args(&["info", "a.shp", "--json"])),
            Ok(Command::Info {
                source: "a.shp".into(),
                json: true,
                crs: None
            })
        );
        match parse(args(&["--screenshot", "out.png", "a.geojson", "b.csv"])) {
            Ok(Command::Gui(o)) => {
                assert_eq!(o.screenshot, Some(PathBuf::from("out.png")));
                assert_eq!(o.files.len(), 2);
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(parse(args(&["--bogus"])).is_err());
        assert!(parse(args(&["info"])).is_err());
    }
}
