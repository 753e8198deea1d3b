//! `territoire basemap seed`: the tiles of an extent at chosen zooms fetched from a basemap into
//! the tile cache, or written as an MBTiles file for a session without network.

use std::ops::RangeInclusive;
use std::path::PathBuf;
use std::process::ExitCode;

use super::Failure;
use crate::i18n::{format_count, tr, tr_args};
use crate::jobs::Progress;
use crate::settings::{BasemapId, CustomBasemap};
use crate::sources::tiles::seed::{self, SeedTarget};
use crate::sources::tiles::{TileSpec, print::TileFetch};

/// `territoire basemap …`.
#[derive(Debug, PartialEq, clap::Args)]
pub struct BasemapLine {
    /// What to do with the basemap.
    #[command(subcommand)]
    pub verb: BasemapVerb,
}

/// The verbs of `territoire basemap`.
#[derive(Debug, PartialEq, clap::Subcommand)]
pub enum BasemapVerb {
    /// Fetch the tiles of an extent (into the cache or an MBTiles file).
    Seed(SeedArgs),
}

/// What `territoire basemap seed` was asked to do.
#[derive(Debug, PartialEq, clap::Args)]
pub struct SeedArgs {
    /// The basemap: ign-plan, ign-ortho, an XYZ address, a WMTS capabilities address.
    #[arg(long, value_parser = basemap)]
    pub basemap: (BasemapId, Option<CustomBasemap>),
    /// `minlon,minlat,maxlon,maxlat`.
    #[arg(long, value_parser = bbox)]
    pub bbox: [f64; 4],
    /// `10-16` or `12`.
    #[arg(long, value_parser = zooms)]
    pub zooms: RangeInclusive<u8>,
    /// The MBTiles file to write (else the tiles go to the cache).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// The tile cache folder (else the platform's).
    #[arg(long)]
    pub tile_cache: Option<PathBuf>,
    /// The credit written in the MBTiles file.
    #[arg(long)]
    pub attribution: Option<String>,
}

fn basemap(text: &str) -> Result<(BasemapId, Option<CustomBasemap>), String> {
    crate::settings::parse_basemap(text).ok_or_else(|| tr("basemap-file-unknown"))
}

/// Four numbers, west south east north, in degrees.
fn bbox(text: &str) -> Result<[f64; 4], String> {
    crate::sources::tiles::mbtiles::parse_bounds(text)
        .filter(|b| b[0] >= -180.0 && b[2] <= 180.0 && b[1] >= -85.1 && b[3] <= 85.1)
        .ok_or_else(|| tr_args("cli-bad-bbox", &[("bbox", text)]))
}

/// `10-16` or one zoom, within 0 to 22.
fn zooms(text: &str) -> Result<RangeInclusive<u8>, String> {
    let bad = || tr_args("cli-bad-zooms", &[("zooms", text)]);
    let (low, high) = match text.split_once('-') {
        Some((a, b)) => (a.trim(), b.trim()),
        None => (text.trim(), text.trim()),
    };
    let (low, high) = (
        low.parse::<u8>().map_err(|_| bad())?,
        high.parse::<u8>().map_err(|_| bad())?,
    );
    (low <= high && high <= 22)
        .then_some(low..=high)
        .ok_or_else(bad)
}

/// Where the basemap's tiles are, and its credit (`None`: no tiles to fetch).
fn spec_of(choice: &(BasemapId, Option<CustomBasemap>)) -> Result<(TileSpec, String), Failure> {
    let server = crate::map::basemap::TileServer::default();
    match choice {
        (BasemapId::Custom, Some(custom)) => {
            let custom = match custom.kind {
                crate::settings::CustomBasemapKind::Wmts if custom.template.is_empty() => {
                    crate::sources::tiles::wmts::resolve(
                        &custom.location,
                        &custom.layer,
                        &custom.style,
                        crate::map::basemap::USER_AGENT,
                    )
                    .map(|tiles| crate::sources::tiles::with_wmts_tiles(custom, tiles))
                    .map_err(|e| Failure::from(tr(e.message_key())))?
                }
                _ => custom.clone(),
            };
            Ok((
                crate::sources::tiles::custom_spec(&custom),
                custom.attribution.clone(),
            ))
        }
        (id, _) => {
            let template = server
                .url_template(*id)
                .ok_or_else(|| Failure::usage(tr("seed-no-basemap")))?;
            let credit = crate::map::basemap::attribution_text(*id).unwrap_or_default();
            let max_zoom = crate::map::basemap::max_zoom(*id);
            Ok((TileSpec::Url { template, max_zoom }, credit))
        }
    }
}

/// Counts, fetches, reports.
pub fn run(args: SeedArgs) -> Result<ExitCode, Failure> {
    let (spec, credit) = spec_of(&args.basemap)?;
    if seed::is_osm_public(&spec) {
        return Err(Failure::from(tr(seed::SeedError::OsmPolicy.message_key())));
    }
    let count = seed::tile_count(args.bbox, args.zooms.clone());
    let mb = format!("{:.0}", (count * seed::TILE_BYTES_ESTIMATE) as f64 / 1e6);
    eprintln!(
        "{}",
        tr_args(
            "seed-estimate",
            &[("tiles", &format_count(count)), ("mb", &mb)]
        )
    );
    let how = TileFetch {
        cache_dir: args.tile_cache.clone().or_else(server_cache_dir),
        user_agent: crate::map::basemap::USER_AGENT.to_owned(),
    };
    let credit = args.attribution.clone().unwrap_or(credit);
    let name = args
        .out
        .as_ref()
        .and_then(|p| p.file_stem())
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let target = SeedTarget {
        cache: crate::sources::tiles::print::open_cache(&how),
        mbtiles: args
            .out
            .as_deref()
            .map(|p| (p, name.as_str(), credit.as_str())),
        user_agent: &how.user_agent,
    };
    let report = seed::seed(&spec, args.bbox, args.zooms, target, &Progress::default())
        .map_err(|e| Failure::from(tr(e.message_key())))?;
    let mb = format!("{:.1}", report.bytes as f64 / 1e6);
    crate::cli::say(
        format_args!(
            "{}",
            tr_args(
                "seed-done",
                &[
                    ("ready", &format_count(report.ready)),
                    ("missing", &format_count(report.missing)),
                    ("failed", &format_count(report.failed)),
                    ("mb", &mb),
                ],
            )
        ),
        true,
    );
    Ok(if report.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn server_cache_dir() -> Option<PathBuf> {
    crate::map::basemap::TileServer::default().cache_dir()
}
