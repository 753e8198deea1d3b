//! The command line's grammar, declared with clap: the window's options and the headless commands.
//!
//! Help texts and value names are not written here: `help.rs` takes them from the locale files.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use super::diff::DiffLine;
use super::export::ExportLine;
use super::zones::ZonesLine;
use super::{Command, KeyVerb};
use crate::app::StartOptions;
use crate::i18n::{Language, tr, tr_args};
use crate::map::CompareMode;
use crate::print::{Orientation, Paper, PaperSize, Resolution};
use crate::settings::{BasemapId, CustomBasemap};

/// `territoire [FILE…] [options]`, or `territoire COMMAND …`.
#[derive(Debug, Parser)]
#[command(
    name = "territoire",
    version,
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    // Only the first argument names a command: `territoire a.geojson info` opens two files.
    args_conflicts_with_subcommands = true
)]
pub(super) struct Line {
    /// A headless command; the window without one.
    #[command(subcommand)]
    command: Option<Headless>,
    /// The window's files and options.
    #[command(flatten)]
    window: WindowLine,
}

/// The options of the window.
#[derive(Debug, Args)]
struct WindowLine {
    /// Files to open as layers (or a `.territoire` project).
    files: Vec<PathBuf>,
    /// Save a PNG of the window once loaded, then exit.
    #[arg(long)]
    screenshot: Option<PathBuf>,
    /// CRS of files that declare none.
    #[arg(long)]
    crs: Option<String>,
    /// The layer to open in files that hold several (a GeoPackage table), without asking.
    #[arg(long)]
    layer: Option<String>,
    /// Interface language; global so that `territoire zones --help --lang en` is in English.
    #[arg(long, global = true, value_parser = language)]
    lang: Option<Language>,
    /// Open the portal panel on this portal.
    #[arg(long)]
    portal: Option<String>,
    /// Open the *Sources internes* panel on this server and list its tables or collections.
    #[arg(long, value_parser = internal_address)]
    internal: Option<String>,
    /// Base URL of the address service.
    #[arg(long)]
    geocoder: Option<String>,
    /// Compare the topmost layer with the others in this mode.
    #[arg(long, value_parser = compare)]
    compare: Option<CompareMode>,
    /// With `--screenshot`: only the map, laid out with this title.
    #[arg(long = "print")]
    print_title: Option<String>,
    /// With `--print`: A4 or A3.
    #[arg(long, value_parser = paper)]
    paper: Option<PaperSize>,
    /// With `--print`: landscape or portrait.
    #[arg(long, value_parser = orientation)]
    orientation: Option<Orientation>,
    /// With `--print`: 150 or 300 dots per inch (for a PNG).
    #[arg(long, value_parser = dpi)]
    dpi: Option<Resolution>,
    /// Present this step of the project's scenario.
    #[arg(long, value_parser = step)]
    step: Option<usize>,
    /// Pan and zoom for this many frames, then print frame times.
    #[arg(long, value_parser = frames)]
    benchmark_frames: Option<usize>,
    /// Basemap tiles from this `{z}/{x}/{y}` address instead of the basemap's own server.
    #[arg(long)]
    tiles: Option<String>,
    /// The basemap: osm, ign-plan, ign-ortho, none, a tile file, an XYZ or WMTS address.
    #[arg(long, value_parser = basemap)]
    basemap: Option<(BasemapId, Option<CustomBasemap>)>,
    /// No basemap downloads.
    #[arg(long)]
    no_basemap: bool,
    /// No demo kit when no file is given.
    #[arg(long)]
    no_demo: bool,
}

/// The headless commands.
#[derive(Debug, Subcommand)]
enum Headless {
    /// Describe one source.
    Info(InfoLine),
    /// Write the features a filter keeps.
    Export(ExportLine),
    /// Count features per zone.
    Zones(ZonesLine),
    /// Compare two versions of a layer.
    Diff(DiffLine),
    /// Report the quality of a source's data.
    Check(super::check::CheckArgs),
    /// Basemap tiles for a session without network.
    Basemap(super::basemap::BasemapLine),
    /// List a portal's datasets.
    Catalog(CatalogLine),
    /// A portal's API key in the system keyring.
    Key(KeyLine),
    /// Shell completions.
    Completions(CompletionsLine),
}

/// `territoire info SOURCE [--where FILTER] [--json] [--crs CRS] [--portal URL]`.
#[derive(Debug, Args)]
struct InfoLine {
    /// A file, or a portal dataset (page URL, API URL, or id with `--portal`).
    source: PathBuf,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
    /// Count only the features this filter keeps.
    #[arg(long = "where")]
    filter: Option<String>,
    /// CRS of a file that declares none.
    #[arg(long)]
    crs: Option<String>,
    /// The layer to describe in a file that holds several (a GeoPackage table).
    #[arg(long)]
    layer: Option<String>,
    /// The portal of a bare dataset id.
    #[arg(long)]
    portal: Option<String>,
}

/// `territoire catalog [--portal URL] [--search TEXT] [--json]`.
#[derive(Debug, Args)]
struct CatalogLine {
    /// The portal (data.angers.fr by default).
    #[arg(long)]
    portal: Option<String>,
    /// Words to search.
    #[arg(long)]
    search: Option<String>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
}

/// `territoire key set|check|forget [--portal URL]`.
#[derive(Debug, Args)]
struct KeyLine {
    /// What to do with the key.
    #[arg(value_parser = key_verb(), hide_possible_values = true)]
    verb: KeyVerb,
    /// The portal (data.angers.fr by default).
    #[arg(long)]
    portal: Option<String>,
}

/// `territoire completions SHELL`.
#[derive(Debug, Args)]
struct CompletionsLine {
    /// The shell to write completions for.
    #[arg(hide_possible_values = true)]
    shell: clap_complete::aot::Shell,
}

impl Line {
    /// The command to run; checks that clap cannot express come from each command's own file.
    pub(super) fn into_command(self) -> Result<Command, String> {
        Ok(match self.command {
            None => Command::Gui(self.window.into_start_options()),
            Some(Headless::Info(line)) => Command::Info {
                source: line.source,
                json: line.json,
                filter: line.filter,
                crs: line.crs,
                layer: line.layer,
                portal: line.portal,
            },
            Some(Headless::Export(line)) => Command::Export(line.try_into()?),
            Some(Headless::Zones(line)) => Command::Zones(line.try_into()?),
            Some(Headless::Diff(line)) => Command::Diff(line.into()),
            Some(Headless::Check(args)) => Command::Check(args),
            Some(Headless::Basemap(line)) => match line.verb {
                super::basemap::BasemapVerb::Seed(args) => Command::BasemapSeed(args),
            },
            Some(Headless::Catalog(line)) => Command::Catalog {
                portal: line.portal,
                search: line.search,
                json: line.json,
            },
            Some(Headless::Key(line)) => Command::Key {
                verb: line.verb,
                portal: line.portal,
            },
            Some(Headless::Completions(line)) => Command::Completions(line.shell),
        })
    }
}

impl WindowLine {
    fn into_start_options(self) -> StartOptions {
        StartOptions {
            files: self.files,
            screenshot: self.screenshot,
            crs: self.crs,
            layer: self.layer,
            language: self.lang,
            no_basemap: self.no_basemap,
            no_demo: self.no_demo,
            portal: self.portal,
            internal: self.internal,
            geocoder: self.geocoder,
            compare: self.compare,
            print_title: self.print_title,
            print_paper: Paper {
                size: self.paper.unwrap_or_default(),
                orientation: self.orientation.unwrap_or_default(),
                resolution: self.dpi.unwrap_or_default(),
            },
            step: self.step,
            benchmark_frames: self.benchmark_frames,
            tile_url: self.tiles,
            basemap: self.basemap,
            ..StartOptions::default()
        }
    }
}

/// `set`, `check` or `forget` (listed for shell completions, explained by the argument's help).
fn key_verb() -> impl clap::builder::TypedValueParser<Value = KeyVerb> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(["set", "check", "forget"]).map(|verb| {
        match verb.as_str() {
            "set" => KeyVerb::Set,
            "check" => KeyVerb::Check,
            _ => KeyVerb::Forget,
        }
    })
}

/// `fr` or `en`.
pub(super) fn language(text: &str) -> Result<Language, String> {
    match text {
        "fr" => Ok(Language::Fr),
        "en" => Ok(Language::En),
        _ => Err(tr_args("cli-bad-lang", &[("lang", text)])),
    }
}

/// A `postgresql://`, WFS or OGC API Features address, checked as the window will read it.
fn internal_address(text: &str) -> Result<String, String> {
    crate::sources::internal_address::InternalAddress::parse(text)
        .map(|_| text.to_owned())
        .map_err(|e| e.to_string())
}

fn compare(text: &str) -> Result<CompareMode, String> {
    CompareMode::parse(text).ok_or_else(|| tr_args("cli-bad-compare", &[("mode", text)]))
}

/// A basemap's name, a tile file or a server's address.
fn basemap(text: &str) -> Result<(BasemapId, Option<CustomBasemap>), String> {
    crate::settings::parse_basemap(text).ok_or_else(|| tr("basemap-file-unknown"))
}

/// `A4` or `A3`.
fn paper(text: &str) -> Result<PaperSize, String> {
    match text.to_ascii_uppercase().as_str() {
        "A4" => Ok(PaperSize::A4),
        "A3" => Ok(PaperSize::A3),
        _ => Err(tr_args("cli-bad-paper", &[("paper", text)])),
    }
}

/// `paysage` or `portrait` (`landscape` too).
fn orientation(text: &str) -> Result<Orientation, String> {
    match text.to_lowercase().as_str() {
        "paysage" | "landscape" => Ok(Orientation::Landscape),
        "portrait" => Ok(Orientation::Portrait),
        _ => Err(tr_args("cli-bad-orientation", &[("orientation", text)])),
    }
}

/// `150` or `300`.
fn dpi(text: &str) -> Result<Resolution, String> {
    match text {
        "150" => Ok(Resolution::Dpi150),
        "300" => Ok(Resolution::Dpi300),
        _ => Err(tr_args("cli-bad-dpi", &[("dpi", text)])),
    }
}

/// A whole number from 1.
fn at_least_one(text: &str) -> Option<usize> {
    text.parse().ok().filter(|n| *n >= 1)
}

fn step(text: &str) -> Result<usize, String> {
    at_least_one(text).ok_or_else(|| tr("cli-step-needs-number"))
}

fn frames(text: &str) -> Result<usize, String> {
    at_least_one(text).ok_or_else(|| tr("cli-frames-needs-number"))
}
