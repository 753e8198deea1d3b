//! CSV reader: points from lon/lat (X/Y, GTFS `stop_lon`/`stop_lat`, `geo_point_2d`) columns, other cells typed by inference.

pub mod dialect;
mod positions;
mod sniff;

use std::io::{Chain, Cursor, Read};
use std::path::Path;

use super::{RawSource, SourceError};
use crate::data::{DatasetBuilder, IssueKind};
use crate::jobs::Progress;
use positions::{Coords, locate, unique_names};
use sniff::{Decoder, sniff_delimiter};

pub use dialect::CsvDialect;
pub use positions::has_coordinate_columns;

/// Bytes read ahead to decide the encoding and the delimiter.
const SNIFF_BYTES: usize = 64 * 1024;
/// Records between two progress reports and cancellation checks.
const CHECK_EVERY: u64 = 10_000;
/// Columns a CSV file may have: more is not a table an agent works with, and each column costs
/// memory for every row.
const MAX_COLUMNS: usize = 10_000;

/// Reads the CSV file at `path` (a table without geometry when it has no coordinate column).
pub fn read_csv(path: &Path, progress: &Progress) -> Result<RawSource, SourceError> {
    let file = std::fs::File::open(path).map_err(|e| SourceError::io(path, e))?;
    let size = file.metadata().ok().map(|m| m.len());
    let mut raw = read(file, size, progress, Some(path))?;
    if raw.crs.is_none() {
        raw.crs = sidecar_prj(path);
    }
    Ok(raw)
}

/// The CRS a `.prj` beside the file declares (as GIS tools write one next to a CSV), if any.
fn sidecar_prj(path: &Path) -> Option<String> {
    const MAX_PRJ: u64 = 64 * 1024;
    let prj = path.with_extension("prj");
    let len = std::fs::metadata(&prj).ok()?.len();
    if len > MAX_PRJ {
        log::warn!(
            "{}: the .prj is too large to be a CRS, ignored",
            prj.display()
        );
        return None;
    }
    let bytes = std::fs::read(&prj).ok()?;
    let wkt = String::from_utf8_lossy(&bytes).trim().to_owned();
    (!wkt.is_empty()).then_some(wkt)
}

/// Reads CSV from any reader; `total_bytes` (the file size) feeds the progress bar.
pub fn read_csv_from<R: Read>(
    reader: R,
    total_bytes: Option<u64>,
    progress: &Progress,
) -> Result<RawSource, SourceError> {
    read(reader, total_bytes, progress, None)
}

/// A CSV file whose header was read: the rows come next.
struct Opened<R: Read> {
    csv: csv::Reader<Chain<Cursor<Vec<u8>>, R>>,
    text: Decoder,
    /// Column names, made unique.
    names: Vec<String>,
    /// Length of the byte-order mark skipped (0 or 3), for progress in file bytes.
    bom: u64,
}

/// What the reading of the rows counted.
#[derive(Default)]
struct Tally {
    records: u64,
    /// File bytes already reported to the progress bar.
    reported: u64,
    skipped: usize,
    invalid_rows: usize,
}

fn read<R: Read>(
    reader: R,
    total_bytes: Option<u64>,
    progress: &Progress,
    path: Option<&Path>,
) -> Result<RawSource, SourceError> {
    if let Some(total) = total_bytes {
        progress.set_total(total);
    }
    let mut opened = open(reader, path)?;
    let coords = locate(&opened.names);
    let mut builder = DatasetBuilder::new(true);
    // A geometry column becomes the geometry, not an attribute too.
    let columns: Vec<Option<usize>> = opened
        .names
        .iter()
        .enumerate()
        .map(|(i, n)| (coords != Coords::Shape(i)).then(|| builder.add_column(n)))
        .collect();
    let mut rows = Rows {
        builder,
        columns,
        coords,
        srid: None,
        unreadable: 0,
        scratch: String::new(),
    };
    let tally = read_rows(&mut opened, &mut rows, progress, path)?;
    let Rows {
        mut builder,
        srid,
        unreadable,
        ..
    } = rows;
    progress.add_done((opened.bom + opened.csv.position().byte()).saturating_sub(tally.reported));
    progress.add_items(tally.records % CHECK_EVERY);
    count_issue(
        &mut builder,
        IssueKind::SkippedRecord,
        "issue-csv-skipped",
        tally.skipped,
    );
    count_issue(
        &mut builder,
        IssueKind::InvalidText,
        "issue-csv-invalid-text",
        tally.invalid_rows,
    );
    count_issue(
        &mut builder,
        IssueKind::NullGeometry,
        "issue-csv-unreadable-shape",
        unreadable,
    );
    Ok(RawSource {
        builder,
        crs: srid.map(|s| format!("EPSG:{s}")),
    })
}

/// Reads the first bytes (BOM, encoding, delimiter) and the header.
fn open<R: Read>(mut reader: R, path: Option<&Path>) -> Result<Opened<R>, SourceError> {
    let mut prefix = Vec::with_capacity(SNIFF_BYTES);
    let eof = (&mut reader)
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut prefix)
        .map_err(|e| io_error(path, e))?
        < SNIFF_BYTES;
    let bom = 3 * u64::from(prefix.starts_with(b"\xEF\xBB\xBF"));
    prefix.drain(..bom as usize);
    if prefix.trim_ascii().is_empty() {
        return Err(SourceError::format("err-csv-empty", &[]));
    }
    let mut text = Decoder::sniff(&prefix, eof, bom > 0);
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(sniff_delimiter(&prefix))
        .flexible(true)
        .has_headers(true)
        .from_reader(Cursor::new(prefix).chain(reader));
    let headers = csv
        .byte_headers()
        .map_err(|e| csv_error(path, e, "err-csv-header"))?
        .clone();
    if headers.is_empty() {
        return Err(SourceError::format("err-csv-empty", &[]));
    }
    if headers.len() > MAX_COLUMNS {
        let count = crate::i18n::format_count(headers.len() as u64);
        let max = crate::i18n::format_count(MAX_COLUMNS as u64);
        return Err(SourceError::format(
            "err-csv-too-wide",
            &[("count", &count), ("max", &max)],
        ));
    }
    let names = unique_names(headers.iter().map(|h| text.decode(h).trim().to_owned()));
    Ok(Opened {
        csv,
        text,
        names,
        bom,
    })
}

/// Where the rows go: the builder, the column of each cell, the position columns.
struct Rows {
    builder: DatasetBuilder,
    /// The dataset column of each cell (`None` for the geometry column).
    columns: Vec<Option<usize>>,
    coords: Coords,
    /// The SRID the first geometry with one gave (EWKT, EWKB).
    srid: Option<u32>,
    /// Geometry cells that are neither empty nor a readable geometry.
    unreadable: usize,
    scratch: String,
}

/// Reads every row into `rows`, reporting progress and stopping when cancelled.
fn read_rows<R: Read>(
    opened: &mut Opened<R>,
    rows: &mut Rows,
    progress: &Progress,
    path: Option<&Path>,
) -> Result<Tally, SourceError> {
    let mut tally = Tally::default();
    let mut record = csv::ByteRecord::new();
    loop {
        tally.records += 1;
        if tally.records.is_multiple_of(CHECK_EVERY) {
            let position = opened.bom + opened.csv.position().byte();
            progress.add_done(position.saturating_sub(tally.reported));
            progress.add_items(CHECK_EVERY);
            tally.reported = tally.reported.max(position);
            if progress.is_cancelled() {
                return Err(SourceError::Cancelled);
            }
        }
        let before = opened.csv.position().byte();
        match opened.csv.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) if matches!(e.kind(), csv::ErrorKind::Io(_)) => {
                return Err(csv_error(path, e, "err-csv-row"));
            }
            Err(_) => {
                tally.skipped += 1;
                if opened.csv.position().byte() == before {
                    break; // No progress: stop rather than loop forever.
                }
                continue;
            }
        }
        // Spreadsheet exports often end with rows of bare separators.
        if record.iter().all(|field| field.trim_ascii().is_empty()) {
            continue;
        }
        rows.push(&record, &mut opened.text);
        if std::mem::take(&mut opened.text.invalid_in_row) {
            tally.invalid_rows += 1;
        }
    }
    Ok(tally)
}

impl Rows {
    /// Adds one record: its position, then its cells (missing cells are null).
    fn push(&mut self, record: &csv::ByteRecord, text: &mut Decoder) {
        if let Coords::Shape(c) = self.coords {
            self.push_shape(record.get(c).unwrap_or_default(), text);
        } else {
            match self.coords.point(record, &mut self.scratch) {
                Some(xy) => self.builder.geometry.push_point(xy),
                None => self.builder.geometry.push_empty(),
            }
        }
        for (i, column) in self.columns.iter().enumerate() {
            let Some(column) = *column else {
                continue;
            };
            let cell = record.get(i).map(|cell| text.decode(cell));
            self.builder
                .column(column)
                .push_inferred(cell.as_deref().unwrap_or(""));
        }
        self.builder.end_row();
    }
}

impl Rows {
    /// The geometry written in a cell (WKT, WKB, GeoJSON); an empty cell is a row without one.
    fn push_shape(&mut self, cell: &[u8], text: &mut Decoder) {
        let cell = text.decode(cell);
        match crate::sources::shape_text::read_shape(&cell) {
            Some(shape) => {
                self.srid = self.srid.or(shape.srid);
                shape.push(&mut self.builder.geometry);
            }
            None => {
                if !cell.trim().is_empty() {
                    self.unreadable += 1;
                }
                self.builder.geometry.push_empty();
            }
        }
    }
}

fn count_issue(builder: &mut DatasetBuilder, kind: IssueKind, key: &str, count: usize) {
    let message = crate::i18n::tr_count(key, count as u64, &[]);
    (0..count).for_each(|_| builder.add_issue(kind, || message.clone()));
}

fn io_error(path: Option<&Path>, error: std::io::Error) -> SourceError {
    match path {
        Some(path) => SourceError::io(path, error),
        None => {
            log::debug!("CSV stream: {error}");
            let reason = crate::sources::fault::io_reason(&error);
            SourceError::format("err-csv-read", &[("reason", &reason)])
        }
    }
}

/// A CSV fault as a line number and a kind; the library's text goes to the log.
fn csv_error(path: Option<&Path>, error: csv::Error, key: &str) -> SourceError {
    let line = error.position().map_or(1, csv::Position::line).to_string();
    match error.into_kind() {
        csv::ErrorKind::Io(e) => io_error(path, e),
        other => {
            log::debug!("CSV line {line}: {other:?}");
            SourceError::format(key, &[("line", &line)])
        }
    }
}

#[cfg(test)]
mod tests;
