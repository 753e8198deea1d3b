//! The command line: `territoire [FILE…]`, `--screenshot`, and the headless commands (`info`, `export`, …).

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::FromArgMatches as _;

mod basemap;
mod check;
mod diff;
mod export;
mod filter;
mod help;
mod info;
mod line;
mod ogc;
mod portal;
mod project_info;
mod zones;
mod zones_args;
mod zones_db;

pub use info::{Info, info, info_filtered};

use crate::app::StartOptions;
use crate::data::Dataset;
use crate::i18n::tr_args;
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
        /// The layer to describe in a file that holds several.
        layer: Option<String>,
        /// The portal of a bare dataset id.
        portal: Option<String>,
    },
    /// Load one source and write its features (those a filter keeps) to a GeoJSON or CSV file.
    Export(export::ExportArgs),
    /// Count a layer's features per zone of a zone layer.
    Zones(zones::ZonesArgs),
    /// Compare two versions of a layer.
    Diff(diff::DiffArgs),
    /// Report the quality of a source's data.
    Check(check::CheckArgs),
    /// Fetch a basemap's tiles for a session without network.
    BasemapSeed(basemap::SeedArgs),
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
    /// Print shell completions for `territoire` (bash, zsh, fish, powershell, elvish).
    Completions(clap_complete::aot::Shell),
    /// Print this help text (the help of the program or of one command, already laid out).
    Help(String),
    /// Print the version.
    Version,
}

/// Parses the arguments (without the program name). `--lang` picks the language of the help,
/// of the messages and of the window; a usage error is the message to print (exit code 2).
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command, String> {
    let args: Vec<OsString> = args.into_iter().collect();
    if let Some(language) = help::language_asked(&args) {
        crate::i18n::set_language(language);
    }
    let command = help::command();
    let subcommand = args
        .first()
        .and_then(|a| a.to_str())
        .filter(|name| command.find_subcommand(name).is_some())
        .map(str::to_owned);
    let program = std::iter::once(OsString::from("territoire"));
    match command.try_get_matches_from(program.chain(args)) {
        Ok(matches) => line::Line::from_arg_matches(&matches)
            .map_err(|e| help::message(&e, subcommand.as_deref()))?
            .into_command(),
        Err(e) => help::outcome(&e, subcommand.as_deref()),
    }
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
        Command::Help(text) => print_out(format!("{}\n", text.trim_end()).as_bytes()),
        Command::Completions(shell) => {
            // Written to memory first: clap_complete panics on a failed write.
            let mut script = Vec::new();
            clap_complete::aot::generate(shell, &mut help::command(), "territoire", &mut script);
            print_out(&script)
        }
        Command::Version => {
            crate::cli::say(
                format_args!("territoire {}", env!("CARGO_PKG_VERSION")),
                true,
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Info {
            source,
            json,
            filter,
            crs,
            layer,
            portal: None,
        } if project_info::is_project(&source) => {
            if filter.is_some() || crs.is_some() || layer.is_some() {
                return Err(Failure::usage(crate::i18n::tr("cli-info-project-options")));
            }
            project_info::run(&source, json)
        }
        Command::Info {
            source,
            json,
            filter,
            crs,
            layer,
            portal,
        } => {
            // A source whose system is unknown is described in its own coordinates.
            let options = LoadOptions {
                crs,
                layer,
                keep_unplaced: true,
                describe_only: true,
                pushdown: filter.clone(),
            };
            let (label, dataset) = load_source(&source, options, portal.as_deref())?;
            let mask = match &filter {
                Some(text) => Some(filter::mask(text, &dataset)?),
                None => None,
            };
            let mut info = info_filtered(&label, &dataset, mask.as_ref(), filter.as_deref());
            info.layers = crate::sources::open::source_layers(&source);
            if json {
                crate::cli::say(format_args!("{}", info::info_json(&info)), true);
            } else {
                crate::cli::say(format_args!("{}", info::info_text(&info)), false);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Export(args) => export::run(args),
        Command::Zones(args) => zones::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Check(args) => check::run(args),
        Command::BasemapSeed(args) => basemap::run(args),
        Command::Catalog {
            portal,
            search,
            json,
        } => Ok(portal::catalog(portal.as_deref(), search.as_deref(), json)?),
        Command::Key { verb, portal } => Ok(portal::key(verb, portal.as_deref())?),
        Command::Gui(options) => crate::app::run(options)
            .map(|()| ExitCode::SUCCESS)
            .map_err(|e| {
                log::error!("window: {e}");
                tr_args("cli-window-failed", &[]).into()
            }),
    }
}

/// Writes to standard output; a reader that stops early (`| head`) is not an error.
fn print_out(bytes: &[u8]) -> Result<ExitCode, Failure> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(crate::sources::fault::io_reason(&e).into())
        }
        _ => Ok(ExitCode::SUCCESS),
    }
}

/// Loads a file, a WFS feature type or OGC API collection (their addresses), or a portal dataset
/// (another URL that is not a file, or any source with `portal`),
/// returning the label to print and the dataset.
fn load_source(
    source: &std::path::Path,
    options: LoadOptions,
    portal: Option<&str>,
) -> Result<(String, Dataset), String> {
    if portal.is_none()
        && let Some(service) = ogc::service_source(source)
    {
        return ogc::load(source, service, options.pushdown.as_deref());
    }
    let text = source.to_string_lossy();
    if crate::sources::postgis::is_postgres_url(&text) {
        crate::sources::postgis::load_address(&text, &Progress::default())
            .map_err(|e| e.to_string())
    } else if portal.is_some() || portal::is_portal_source(source) {
        portal::load(&text, portal)
    } else {
        let dataset = load_guarded(source, &options)?;
        Ok((source.display().to_string(), dataset))
    }
}

/// Loads a source as `info` does, with `crs` for a file that declares none and its first layer.
fn load_file(source: &std::path::Path, crs: Option<String>) -> Result<(String, Dataset), String> {
    let options = LoadOptions {
        crs,
        ..LoadOptions::default()
    };
    load_source(source, options, None)
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
        Err(_) => Err(located(crate::i18n::tr("err-internal"))),
    }
}

/// Writes `text` (and a line end when `line`) to the standard output. A reader that went away
/// (`territoire info … | head`) ends the output quietly instead of failing.
pub(crate) fn say(text: std::fmt::Arguments, line: bool) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    let written = stdout.write_fmt(text).and_then(|()| {
        if line {
            stdout.write_all(b"\n")
        } else {
            Ok(())
        }
    });
    if let Err(e) = written
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        log::warn!("standard output: {e}");
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
                layer: None,
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
                layer: None,
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

    #[test]
    fn window_options_keep_their_names_and_meaning() {
        let parsed = parse(args(&[
            "--crs",
            "EPSG:2154",
            "--portal",
            "http://127.0.0.1:8765",
            "--geocoder",
            "http://127.0.0.1:8765/geocodage",
            "--compare",
            "swipe-h",
            "--print",
            "Titre",
            "--paper",
            "a3",
            "--orientation",
            "portrait",
            "--dpi",
            "300",
            "--step",
            "3",
            "--benchmark-frames",
            "300",
            "--tiles",
            "http://127.0.0.1:8765/tuiles/{z}/{x}/{y}.png",
            "--no-basemap",
            "--no-demo",
            "--lang",
            "fr",
            "projet.territoire",
        ]));
        let Ok(Command::Gui(o)) = parsed else {
            panic!("unexpected {parsed:?}");
        };
        assert_eq!(o.files, vec![PathBuf::from("projet.territoire")]);
        assert_eq!(o.crs.as_deref(), Some("EPSG:2154"));
        assert_eq!(o.compare, Some(crate::map::CompareMode::SwipeHorizontal));
        assert_eq!(o.print_title.as_deref(), Some("Titre"));
        assert_eq!(
            o.print_paper,
            crate::print::Paper {
                size: crate::print::PaperSize::A3,
                orientation: crate::print::Orientation::Portrait,
                resolution: crate::print::Resolution::Dpi300,
            }
        );
        assert_eq!((o.step, o.benchmark_frames), (Some(3), Some(300)));
        assert!(o.no_basemap && o.no_demo && !o.ephemeral);
        assert_eq!(o.language, Some(crate::i18n::Language::Fr));
        assert!(o.geocoder.is_some() && o.portal.is_some());
        assert_eq!(
            o.tile_url.as_deref(),
            Some("http://127.0.0.1:8765/tuiles/{z}/{x}/{y}.png")
        );
        for bad in [
            &["--step", "0"][..],
            &["--compare", "x"],
            &["--screenshot"],
            &["--dpi", "72"],
            &["--paper", "A5"],
        ] {
            assert!(parse(args(bad)).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn only_the_first_argument_names_a_command() {
        match parse(args(&["a.geojson", "info"])) {
            Ok(Command::Gui(o)) => assert_eq!(o.files.len(), 2),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn a_repeated_option_keeps_its_last_value() {
        let parsed = parse(args(&["catalog", "--search", "a", "--search", "b"]));
        assert_eq!(
            parsed,
            Ok(Command::Catalog {
                portal: None,
                search: Some("b".into()),
                json: false,
            })
        );
    }

    #[test]
    fn help_version_and_completions_are_commands() {
        assert_eq!(parse(args(&["--version"])), Ok(Command::Version));
        assert!(
            matches!(parse(args(&["zones", "-h"])), Ok(Command::Help(text)) if text.contains("--near"))
        );
        assert_eq!(
            parse(args(&["completions", "fish"])),
            Ok(Command::Completions(clap_complete::aot::Shell::Fish))
        );
    }
}
