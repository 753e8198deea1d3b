//! `territoire export`: loads a source, keeps what a filter keeps, writes it as GeoJSON or CSV.

use std::path::PathBuf;
use std::process::ExitCode;

use super::Failure;
use crate::i18n::{tr, tr_args};
use crate::sources::csv::CsvDialect;
use crate::sources::export_file::ExportError;
pub use crate::sources::export_file::ExportFormat as Format;
use crate::sources::export_file::export_rows;

/// What `territoire export` was asked to do.
#[derive(Debug, PartialEq)]
pub struct ExportArgs {
    /// The file to read, or a portal dataset (page URL, API URL, or id with `portal`).
    pub source: PathBuf,
    /// A filter (`--where`) in the filter language; every feature without it.
    pub filter: Option<String>,
    /// CRS to use when the file declares none.
    pub crs: Option<String>,
    /// The layer to read in a file that holds several.
    pub layer: Option<String>,
    /// The portal of a bare dataset id.
    pub portal: Option<String>,
    /// The file to write.
    pub out: PathBuf,
    /// How to write it.
    pub format: Format,
}

/// The arguments that follow `export`, as clap reads them.
#[derive(Debug, clap::Args)]
pub(super) struct ExportLine {
    /// The file to read, or a portal dataset.
    source: PathBuf,
    /// A filter in the filter language.
    #[arg(long = "where")]
    filter: Option<String>,
    /// CRS of a file that declares none.
    #[arg(long)]
    crs: Option<String>,
    /// The layer to read in a file that holds several (a GeoPackage table).
    #[arg(long)]
    layer: Option<String>,
    /// The portal of a bare dataset id.
    #[arg(long)]
    portal: Option<String>,
    /// The file to write (`.geojson`, `.json`, `.csv` or `.gpkg`).
    #[arg(short, long)]
    out: PathBuf,
    /// The CSV separator: `;` (the default) or `,`.
    #[arg(long)]
    separator: Option<String>,
}

impl TryFrom<ExportLine> for ExportArgs {
    type Error = String;

    /// Checks the output format against the file's extension and the separator.
    fn try_from(line: ExportLine) -> Result<Self, String> {
        let format = format_of(&line.out, line.separator.as_deref())?;
        Ok(ExportArgs {
            source: line.source,
            filter: line.filter,
            crs: line.crs,
            layer: line.layer,
            portal: line.portal,
            out: line.out,
            format,
        })
    }
}

fn format_of(out: &std::path::Path, separator: Option<&str>) -> Result<Format, String> {
    let extension = out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match (extension.as_deref(), separator) {
        (Some("geojson" | "json"), None) => Ok(Format::GeoJson),
        (Some("gpkg"), None) => Ok(Format::GeoPackage),
        (Some("fgb"), None) => Ok(Format::FlatGeobuf),
        (Some("gpkg" | "fgb"), Some(_)) => Err(tr("cli-export-separator-csv")),
        (Some("geojson" | "json"), Some(_)) => Err(tr("cli-export-separator-csv")),
        (Some("csv"), None | Some(";")) => Ok(Format::Csv(CsvDialect::FRENCH)),
        (Some("csv"), Some(",")) => Ok(Format::Csv(CsvDialect::COMMA)),
        (Some("csv"), Some(other)) => Err(tr_args("cli-export-separator", &[("separator", other)])),
        _ => Err(tr_args(
            "cli-export-format",
            &[("path", &out.display().to_string())],
        )),
    }
}

/// Loads, filters, writes (atomically), then says on stderr how many features were written.
pub fn run(args: ExportArgs) -> Result<ExitCode, Failure> {
    let options = crate::sources::open::LoadOptions {
        crs: args.crs,
        layer: args.layer,
        keep_unplaced: false,
        pushdown: args.filter.clone(),
        ..Default::default()
    };
    let (_, dataset) = super::load_source(&args.source, options, args.portal.as_deref())?;
    let mask = match &args.filter {
        Some(text) => Some(super::filter::mask(text, &dataset)?),
        None => None,
    };
    let rows = || -> Box<dyn Iterator<Item = usize> + '_> {
        match &mask {
            Some(mask) => Box::new(mask.iter_ones()),
            None => Box::new(0..dataset.len()),
        }
    };
    let written = export_rows(&dataset, rows(), args.format, &args.out);
    let path = args.out.display().to_string();
    written.map_err(|e| ExportError::new(&args.out, &e).to_string())?;
    let count = mask.as_ref().map_or(dataset.len(), |m| m.count_ones());
    eprintln!(
        "{}",
        crate::i18n::tr_count("cli-export-written", count as u64, &[("path", &path)])
    );
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(list: &[&str]) -> Result<ExportArgs, String> {
        let line = std::iter::once("export").chain(list.iter().copied());
        match super::super::parse(line.map(std::ffi::OsString::from)) {
            Ok(super::super::Command::Export(args)) => Ok(args),
            other => Err(format!("{other:?}")),
        }
    }

    #[test]
    fn format_comes_from_the_extension_and_separator() {
        let parsed = parse(&[
            "a.shp",
            "--where",
            "siecle >= 18",
            "--out",
            "b.CSV",
            "--separator",
            ",",
        ])
        .expect("valid");
        assert_eq!(parsed.format, Format::Csv(CsvDialect::COMMA));
        assert_eq!(parsed.filter.as_deref(), Some("siecle >= 18"));
        let parsed = parse(&["a.shp", "--out", "b.csv"]).expect("valid");
        assert_eq!(parsed.format, Format::Csv(CsvDialect::FRENCH));
        let parsed = parse(&["a.shp", "--out", "b.geojson"]).expect("valid");
        assert_eq!(parsed.format, Format::GeoJson);
        for bad in [
            &["a.shp"][..],
            &["a.shp", "--out", "b.xlsx"],
            &["a.shp", "--out", "b.csv", "--separator", "|"],
            &["a.shp", "--out", "b.geojson", "--separator", ","],
            &["a.shp", "b.shp", "--out", "b.csv"],
            &["a.shp", "--out", "b.csv", "--where"],
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }
}
