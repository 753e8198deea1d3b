//! The command line: `territoire [FILE…]`, `--screenshot`, and the headless commands (`info`, `export`, …).

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

mod diff;
mod export;
mod filter;
mod info;
mod portal;
mod zones;

pub use info::{Info, info, info_filtered};

use crate::app::StartOptions;
use crate::data::Dataset;
use crate::i18n::{tr, tr_args};
use crate::jobs::Progress;
use crate::sources::{LoadOptions, load_path};

/// What `territoire key` does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyVerb {
    /// Read a key on standard input and save it.
    Set,
    /// Say whether a key is saved (never print it).
    Check,
    /// Delete the saved key.
    Forget,
}

/// What the command line asks for.
#[derive(Debug, PartialEq)]
pub enum Command {
    /// Open the window (optionally take a screenshot and exit).
    Gui(StartOptions),
    /// Load one source and describe it (the features a filter keeps, when given).
    Info {
        /// The file to read, or a portal dataset (page URL, API URL, or id with `portal`).
        source: PathBuf,
        /// Print one JSON object instead of text.
        json: bool,
        /// A filter (`--where`) in the filter language; counts then cover the kept features only.
        filter: Option<String>,
        /// CRS to use when the file declares none.
        crs: Option<String>,
        /// The portal of a bare dataset id.
        portal: Option<String>,
    },
    /// Load one source and write its features (those a filter keeps) to a GeoJSON or CSV file.
    Export(export::ExportArgs),
    /// Count a layer's features per zone of a zone layer.
    Zones(zones::ZonesArgs),
    /// Compare two versions of a layer.
    Diff(diff::DiffArgs),
    /// Save, check or forget a portal's API key in the system keyring.
    Key {
        /// `set` (key read from standard input), `check` or `forget`.
        verb: KeyVerb,
        /// The portal (data.angers.fr by default).
        portal: Option<String>,
    },
    /// List a portal's datasets.
    Catalog {
        /// The portal (data.angers.fr by default).
        portal: Option<String>,
        /// Words to search.
        search: Option<String>,
        /// Print one JSON object instead of text.
        json: bool,
    },
    /// Print the usage.
    Help,
    /// Print the version.
    Version,
}

/// Parses the arguments (without the program name).
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command, String> {
    let mut args: Vec<OsString> = args.into_iter().collect();
    match args.first().and_then(|a| a.to_str()) {
        Some("info") => {
            args.remove(0);
            return parse_info(args);
        }
        Some("export") => {
            args.remove(0);
            return export::parse(args).map(Command::Export);
        }
        Some("zones") => {
            args.remove(0);
            return zones::parse(args).map(Command::Zones);
        }
        Some("diff") => {
            args.remove(0);
            return diff::parse(args).map(Command::Diff);
        }
        Some("catalog") => {
            args.remove(0);
            return parse_catalog(args);
        }
        Some("key") => {
            args.remove(0);
            return parse_key(args);
        }
        _ => {}
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
            Some("--portal") => {
                let portal = iter.next().and_then(|c| c.into_string().ok());
                options.portal = Some(portal.ok_or_else(|| tr("cli-portal-needs-url"))?);
            }
            Some("--geocoder") => {
                let url = iter.next().and_then(|c| c.into_string().ok());
                options.geocoder = Some(url.ok_or_else(|| tr("cli-geocoder-needs-url"))?);
            }
            Some("--no-basemap") => options.no_basemap = true,
            Some("--print") => {
                let title = iter.next().and_then(|c| c.into_string().ok());
                options.print_title = Some(title.ok_or_else(|| tr("cli-print-needs-title"))?);
            }
            Some("--benchmark-frames") => {
                let n = iter
                    .next()
                    .and_then(|c| c.into_string().ok())
                    .and_then(|s| s.parse::<usize>().ok())
                    .filter(|n| *n >= 1);
                options.benchmark_frames = Some(n.ok_or_else(|| tr("cli-frames-needs-number"))?);
            }
            Some("--step") => {
                let n = iter
                    .next()
                    .and_then(|c| c.into_string().ok())
                    .and_then(|s| s.parse::<usize>().ok())
                    .filter(|n| *n >= 1);
                options.step = Some(n.ok_or_else(|| tr("cli-step-needs-number"))?);
            }
            Some("--compare") => {
                let mode = iter
                    .next()
                    .and_then(|c| c.into_string().ok())
                    .unwrap_or_default();
                options.compare = Some(
                    crate::map::CompareMode::parse(&mode)
                        .ok_or_else(|| tr_args("cli-bad-compare", &[("mode", &mode)]))?,
                );
            }
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
    let mut filter = None;
    let mut crs = None;
    let mut portal = None;
    let mut iter = args.into_iter();
    while let Some(arg) = iter.next() {
        match arg.to_str() {
            Some("--json") => json = true,
            Some("--where") => {
                let text = iter.next().and_then(|c| c.into_string().ok());
                filter = Some(text.ok_or_else(|| tr("cli-where-needs-filter"))?);
            }
            Some("--crs") => crs = iter.next().and_then(|c| c.into_string().ok()),
            Some("--portal") => portal = iter.next().and_then(|c| c.into_string().ok()),
            Some(flag) if flag.starts_with("--") => {
                return Err(tr_args("cli-unknown-option", &[("option", flag)]));
            }
            _ if source.is_none() => source = Some(PathBuf::from(arg)),
            _ => return Err(tr("cli-info-one-source")),
        }
    }
    let source = source.ok_or_else(|| tr("cli-info-one-source"))?;
    Ok(Command::Info {
        source,
        json,
        filter,
        crs,
        portal,
    })
}

fn parse_key(args: Vec<OsString>) -> Result<Command, String> {
    let mut iter = args.into_iter();
    let verb = match iter.next().as_ref().and_then(|v| v.to_str()) {
        Some("set") => KeyVerb::Set,
        Some("check") => KeyVerb::Check,
        Some("forget") => KeyVerb::Forget,
        _ => return Err(tr("cli-key-usage")),
    };
    let mut portal = None;
    while let Some(arg) = iter.next() {
        match arg.to_str() {
            Some("--portal") => {
                let value = iter.next().and_then(|c| c.into_string().ok());
                portal = Some(value.ok_or_else(|| tr("cli-portal-needs-url"))?);
            }
            _ => return Err(tr("cli-key-usage")),
        }
    }
    Ok(Command::Key { verb, portal })
}

fn parse_catalog(args: Vec<OsString>) -> Result<Command, String> {
    let (mut portal, mut search, mut json) = (None, None, false);
    let mut iter = args.into_iter();
    while let Some(arg) = iter.next() {
        let mut value = || iter.next().and_then(|c| c.into_string().ok());
        match arg.to_str() {
            Some("--json") => json = true,
            Some("--portal") => portal = Some(value().ok_or_else(|| tr("cli-portal-needs-url"))?),
            Some("--search") => search = Some(value().unwrap_or_default()),
            Some(other) => return Err(tr_args("cli-unknown-option", &[("option", other)])),
            None => return Err(tr("cli-catalog-usage")),
        }
    }
    Ok(Command::Catalog {
        portal,
        search,
        json,
    })
}

/// Why a command failed: the text for stderr and the process exit code.
#[derive(Debug, PartialEq)]
pub struct Failure {
    /// What went wrong, for the user (may span lines, e.g. a filter with a caret under the error).
    pub message: String,
    /// 2 when the command line or the filter is wrong, 1 otherwise.
    pub code: u8,
}

impl Failure {
    /// A failure of the command line itself (exit code 2).
    pub fn usage(message: String) -> Self {
        Self { message, code: 2 }
    }
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Self { message, code: 1 }
    }
}

/// Runs a parsed command; an error carries its message for stderr and the exit code.
pub fn run(command: Command) -> Result<ExitCode, Failure> {
    match command {
        Command::Help => {
            println!("{}", tr("cli-usage"));
            Ok(ExitCode::SUCCESS)
        }
        Command::Version => {
            println!("territoire {}", env!("CARGO_PKG_VERSION"));
            Ok(ExitCode::SUCCESS)
        }
        Command::Info {
            source,
            json,
            filter,
            crs,
            portal,
        } => {
            let (label, dataset) = load_source(&source, crs, portal.as_deref())?;
            let mask = match &filter {
                Some(text) => Some(filter::mask(text, &dataset)?),
                None => None,
            };
            let info = info_filtered(&label, &dataset, mask.as_ref(), filter.as_deref());
            if json {
                println!("{}", info::info_json(&info));
            } else {
                print!("{}", info::info_text(&info));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Export(args) => export::run(args),
        Command::Zones(args) => zones::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Catalog {
            portal,
            search,
            json,
        } => Ok(portal::catalog(portal.as_deref(), search.as_deref(), json)?),
        Command::Key { verb, portal } => Ok(portal::key(verb, portal.as_deref())?),
        Command::Gui(options) => crate::app::run(options)
            .map(|()| ExitCode::SUCCESS)
            .map_err(|e| tr_args("cli-window-failed", &[("error", &e.to_string())]).into()),
    }
}

/// Loads a file, or a portal dataset (a URL that is not a file, or any source with `portal`),
/// returning the label to print and the dataset.
fn load_source(
    source: &std::path::Path,
    crs: Option<String>,
    portal: Option<&str>,
) -> Result<(String, Dataset), String> {
    if portal.is_some() || portal::is_portal_source(source) {
        portal::load(&source.to_string_lossy(), portal)
    } else {
        let dataset = load_guarded(source, &LoadOptions { crs })?;
        Ok((source.display().to_string(), dataset))
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
                filter: None,
                crs: None,
                portal: None,
            })
        );
        assert_eq!(
            parse(args(&["info", "a.shp", "--where", "siecle >= 18"])),
            Ok(Command::Info {
                source: "a.shp".into(),
                json: false,
                filter: Some("siecle >= 18".into()),
                crs: None,
                portal: None,
            })
        );
        assert!(parse(args(&["info", "a.shp", "--where"])).is_err());
        match parse(args(&["--screenshot", "out.png", "a.geojson", "b.csv"])) {
            Ok(Command::Gui(o)) => {
                assert_eq!(o.screenshot, Some(PathBuf::from("out.png")));
                assert_eq!(o.files.len(), 2);
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(parse(args(&["--bogus"])).is_err());
        assert_eq!(
            parse(args(&["key", "check", "--portal", "http://127.0.0.1:8765"])),
            Ok(Command::Key {
                verb: KeyVerb::Check,
                portal: Some("http://127.0.0.1:8765".into()),
            })
        );
        assert!(
            parse(args(&["key", "show"])).is_err(),
            "keys are never printed"
        );
        assert!(parse(args(&["info"])).is_err());
    }
}
