//! The arguments of `territoire zones`: the command line as typed (`ZonesLine`) and checked
//! (`ZonesArgs`: distances in metres, the secrecy threshold, the output).

use std::path::PathBuf;

use crate::i18n::{tr, tr_args};

/// What `territoire zones` was asked to do.
#[derive(Debug, Default, PartialEq)]
pub struct ZonesArgs {
    /// The zone layer (quartiers, IRIS, QPV, communes…).
    pub zones: PathBuf,
    /// The layer whose features are counted.
    pub count: PathBuf,
    /// The layer to count in a file that holds several (a GeoPackage table).
    pub layer: Option<String>,
    /// A filter on the counted layer.
    pub filter: Option<String>,
    /// A layer to measure nearness to, with the distance in metres.
    pub near: Option<(PathBuf, f64)>,
    /// An address layer, for the rate per 1 000 addresses.
    pub addresses: Option<PathBuf>,
    /// A numeric field of the counted layer to sum and average.
    pub field: Option<String>,
    /// Statistical secrecy: counts from 1 to this threshold − 1 are hidden.
    pub secret: Option<usize>,
    /// Print one JSON object.
    pub json: bool,
    /// Write a CSV file instead of printing.
    pub out: Option<PathBuf>,
    /// CRS of files that declare none.
    pub crs: Option<String>,
    /// Compute on this machine even when both layers are tables of one PostGIS database.
    pub local: bool,
}

/// The arguments that follow `zones`, as clap reads them.
#[derive(Debug, clap::Args)]
pub(super) struct ZonesLine {
    /// The zone layer.
    #[arg(long)]
    zones: PathBuf,
    /// The layer whose features are counted.
    #[arg(long)]
    count: PathBuf,
    /// A filter on the counted layer.
    #[arg(long = "where")]
    filter: Option<String>,
    /// A layer to measure nearness to (with `--distance`).
    #[arg(long)]
    near: Option<PathBuf>,
    /// The nearness distance, in metres (with `--near`).
    #[arg(long, value_parser = metres)]
    distance: Option<f64>,
    /// An address layer, for the rate per 1 000 addresses.
    #[arg(long)]
    addresses: Option<PathBuf>,
    /// A numeric field to sum and average.
    #[arg(long)]
    field: Option<String>,
    /// Statistical secrecy threshold.
    #[arg(long, value_parser = threshold)]
    secret: Option<usize>,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
    /// Write a CSV file instead of printing.
    #[arg(short, long)]
    out: Option<PathBuf>,
    /// CRS of files that declare none.
    #[arg(long)]
    crs: Option<String>,
    /// The layer to count in a file that holds several.
    #[arg(long)]
    layer: Option<String>,
    /// Compute on this machine even when both layers are in one PostGIS database.
    #[arg(long)]
    local: bool,
}

impl TryFrom<ZonesLine> for ZonesArgs {
    type Error = String;

    /// Checks that `--near` and `--distance` come together.
    fn try_from(line: ZonesLine) -> Result<Self, String> {
        let near = match (line.near, line.distance) {
            (Some(path), Some(metres)) => Some((path, metres)),
            (None, None) => None,
            _ => return Err(tr("cli-zones-near")),
        };
        Ok(ZonesArgs {
            zones: line.zones,
            count: line.count,
            layer: line.layer,
            filter: line.filter,
            near,
            addresses: line.addresses,
            field: line.field,
            secret: line.secret,
            json: line.json,
            out: line.out,
            crs: line.crs,
            local: line.local,
        })
    }
}

/// A distance such as `300` or `1,5 km`, in metres.
fn metres(text: &str) -> Result<f64, String> {
    crate::filter::parse_metres(text)
        .ok_or_else(|| tr_args("filter-err-metres", &[("value", text)]))
}

/// The secrecy threshold: a whole number from 1.
fn threshold(text: &str) -> Result<usize, String> {
    text.trim()
        .parse()
        .ok()
        .filter(|&n: &usize| n >= 1)
        .ok_or_else(|| tr_args("cli-zones-secret", &[("value", text)]))
}
