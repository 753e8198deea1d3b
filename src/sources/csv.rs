//! CSV reader: points from lon/lat (X/Y, GTFS `stop_lon`/`stop_lat`, `geo_point_2d`) columns, other cells typed by inference.

use std::borrow::Cow;
use std::collections::HashSet;
use std::io::{Cursor, Read};
use std::path::Path;

use super::{RawSource, SourceError, crs};
use crate::data::{DatasetBuilder, IssueKind};
use crate::jobs::Progress;

/// Bytes read ahead to decide the encoding and the delimiter.
const SNIFF_BYTES: usize = 64 * 1024;
/// Records between two progress reports and cancellation checks.
const CHECK_EVERY: u64 = 10_000;
/// First valid points looked at to recognise Lambert-93.
const CRS_SAMPLE: usize = 100;
/// Coordinate column names (lowercase, best first), then suffixes after any prefix (GTFS `stop_lon`).
const LON_NAMES: [&str; 7] = ["lon", "lng", "long", "longitude", "x", "coord_x", "xlong"];
const LAT_NAMES: [&str; 5] = ["lat", "latitude", "y", "coord_y", "ylat"];
const LON_SUFFIXES: [&str; 4] = ["_lon", "_lng", "_longitude", "_x"];
const LAT_SUFFIXES: [&str; 3] = ["_lat", "_latitude", "_y"];
/// Single columns holding `"lat, lon"` (Opendatasoft), besides any name containing `geo_point`.
const LAT_LON_NAMES: [&str; 6] = [
    "geopoint",
    "coordonnees",
    "coordinates",
    "latlon",
    "lat_lon",
    "latlng",
];

/// Reads the CSV file at `path` (a table without geometry when it has no coordinate column).
pub fn read_csv(path: &Path, progress: &Progress) -> Result<RawSource, SourceError> {
    let file = std::fs::File::open(path).map_err(|e| SourceError::io(path, e))?;
    let size = file.metadata().ok().map(|m| m.len());
    read(file, size, progress, Some(path))
}

/// Reads CSV from any reader; `total_bytes` (the file size) feeds the progress bar.
pub fn read_csv_from<R: Read>(
    reader: R,
    total_bytes: Option<u64>,
    progress: &Progress,
) -> Result<RawSource, SourceError> {
    read(reader, total_bytes, progress, None)
}

/// Where the position of each row comes from.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Coords {
    /// Two columns, longitude (x) then latitude (y).
    Pair(usize, usize),
    /// One column holding `"lat, lon"`.
    LatLon(usize),
    /// None: the file is a table.
    Table,
}

impl Coords {
    /// The `[x, y]` of `record`, when its cells hold numbers.
    fn point(self, record: &csv::ByteRecord, scratch: &mut String) -> Option<[f64; 2]> {
        match self {
            Coords::Pair(x, y) => Some([
                parse_coord(record.get(x)?, scratch)?,
                parse_coord(record.get(y)?, scratch)?,
            ]),
            Coords::LatLon(c) => parse_lat_lon(record.get(c)?, scratch),
            Coords::Table => None,
        }
    }
}

fn read<R: Read>(
    mut reader: R,
    total_bytes: Option<u64>,
    progress: &Progress,
    path: Option<&Path>,
) -> Result<RawSource, SourceError> {
    if let Some(total) = total_bytes {
        progress.set_total(total);
    }
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
    let names = unique_names(headers.iter().map(|h| text.decode(h).trim().to_owned()));
    let coords = locate(&names);
    let mut builder = DatasetBuilder::new(true);
    let columns: Vec<usize> = names.iter().map(|n| builder.add_column(n)).collect();

    let mut record = csv::ByteRecord::new();
    let mut sample: Vec<[f64; 2]> = Vec::with_capacity(CRS_SAMPLE);
    let mut scratch = String::new();
    let (mut records, mut reported, mut skipped, mut invalid_rows) = (0u64, 0u64, 0usize, 0usize);
    loop {
        records += 1;
        if records.is_multiple_of(CHECK_EVERY) {
            let position = bom + csv.position().byte();
            progress.add_done(position.saturating_sub(reported));
            progress.add_items(CHECK_EVERY);
            reported = reported.max(position);
            if progress.is_cancelled() {
                return Err(SourceError::Cancelled);
            }
        }
        let before = csv.position().byte();
        match csv.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) if matches!(e.kind(), csv::ErrorKind::Io(_)) => {
                return Err(csv_error(path, e, "err-csv-row"));
            }
            Err(_) => {
                skipped += 1;
                if csv.position().byte() == before {
                    break; // No progress: stop rather than loop forever.
                }
                continue;
            }
        }
        // Spreadsheet exports often end with rows of bare separators.
        if record.iter().all(|field| field.trim_ascii().is_empty()) {
            continue;
        }
        match coords.point(&record, &mut scratch) {
            Some(xy) => {
                if sample.len() < CRS_SAMPLE {
                    sample.push(xy);
                }
                builder.geometry.push_point(xy);
            }
            None => builder.geometry.push_empty(),
        }
        for (i, &column) in columns.iter().enumerate() {
            let cell = record.get(i).map(|cell| text.decode(cell)); // Missing cells are null.
            builder
                .column(column)
                .push_inferred(cell.as_deref().unwrap_or(""));
        }
        if std::mem::take(&mut text.invalid_in_row) {
            invalid_rows += 1;
        }
        builder.end_row();
    }
    progress.add_done((bom + csv.position().byte()).saturating_sub(reported));
    progress.add_items(records % CHECK_EVERY);
    count_issue(
        &mut builder,
        IssueKind::SkippedRecord,
        "issue-csv-skipped",
        skipped,
    );
    count_issue(
        &mut builder,
        IssueKind::InvalidText,
        "issue-csv-invalid-text",
        invalid_rows,
    );
    Ok(RawSource {
        builder,
        crs: guess_crs(&sample),
    })
}

fn count_issue(builder: &mut DatasetBuilder, kind: IssueKind, key: &str, count: usize) {
    let message = crate::i18n::tr_args(key, &[("count", &count.to_string())]);
    (0..count).for_each(|_| builder.add_issue(kind, || message.clone()));
}

fn io_error(path: Option<&Path>, error: std::io::Error) -> SourceError {
    match path {
        Some(path) => SourceError::io(path, error),
        None => SourceError::format("err-csv-row", &[("error", &error.to_string())]),
    }
}

fn csv_error(path: Option<&Path>, error: csv::Error, key: &str) -> SourceError {
    let message = error.to_string();
    match error.into_kind() {
        csv::ErrorKind::Io(e) => io_error(path, e),
        _ => SourceError::format(key, &[("error", &message)]),
    }
}

/// The text encoding, decided from the first bytes or, when they are all ASCII, at the first accent.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Encoding {
    Undecided,
    Utf8,
    Windows1252,
}

/// Turns cells into text: UTF-8, or Windows-1252 (Excel exports); never lossy UTF-8.
#[derive(Debug)]
struct Decoder {
    encoding: Encoding,
    /// A cell of the current row was not UTF-8 in a UTF-8 file (then read as Windows-1252).
    invalid_in_row: bool,
}

impl Decoder {
    fn sniff(prefix: &[u8], eof: bool, bom: bool) -> Self {
        let encoding = if bom {
            Encoding::Utf8
        } else if prefix.is_ascii() {
            Encoding::Undecided
        } else {
            match std::str::from_utf8(prefix) {
                Ok(_) => Encoding::Utf8,
                // A character cut by the end of the sniffed bytes is not an error.
                Err(e) if e.error_len().is_none() && !eof => Encoding::Utf8,
                Err(_) => Encoding::Windows1252,
            }
        };
        Self {
            encoding,
            invalid_in_row: false,
        }
    }

    /// A cell that is valid UTF-8 is read as such in any file (mixed files exist), else as Windows-1252.
    fn decode<'a>(&mut self, bytes: &'a [u8]) -> Cow<'a, str> {
        if let Ok(text) = std::str::from_utf8(bytes) {
            if self.encoding == Encoding::Undecided && !text.is_ascii() {
                self.encoding = Encoding::Utf8;
            }
            return Cow::Borrowed(text);
        }
        match self.encoding {
            Encoding::Undecided => self.encoding = Encoding::Windows1252,
            Encoding::Utf8 => self.invalid_in_row = true,
            Encoding::Windows1252 => {}
        }
        encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
    }
}

/// `;` when the header has more `;` than `,`, tab when it has only tabs, else `,` (quoted text ignored).
fn sniff_delimiter(prefix: &[u8]) -> u8 {
    let (mut commas, mut semicolons, mut tabs) = (0usize, 0usize, 0usize);
    let (mut quoted, mut started) = (false, false);
    for &b in prefix {
        match b {
            b'\n' | b'\r' if !quoted && started => break,
            b'\n' | b'\r' => {}
            b'"' => quoted = !quoted,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semicolons += 1,
            b'\t' if !quoted => tabs += 1,
            _ => {}
        }
        started |= !matches!(b, b'\n' | b'\r');
    }
    if semicolons > commas {
        b';'
    } else if tabs > 0 && semicolons == 0 && commas == 0 {
        b'\t'
    } else {
        b','
    }
}

/// Header names made usable: empty ones become `field_N`, repeated ones get `_2`, `_3`…
fn unique_names(raw: impl Iterator<Item = String>) -> Vec<String> {
    let mut seen = HashSet::new();
    raw.enumerate()
        .map(|(i, name)| {
            let base = if name.is_empty() {
                format!("field_{}", i + 1)
            } else {
                name
            };
            let mut candidate = base.clone();
            let mut n = 2;
            while seen.contains(&candidate) {
                candidate = format!("{base}_{n}");
                n += 1;
            }
            seen.insert(candidate.clone());
            candidate
        })
        .collect()
}

/// True when a table with these column names carries positions (lon/lat pair or a `"lat, lon"` column).
pub fn has_coordinate_columns(names: &[String]) -> bool {
    locate(names) != Coords::Table
}

/// Finds the coordinate columns: exact names first, then prefixed ones, then a `"lat, lon"` column.
fn locate(names: &[String]) -> Coords {
    let keys: Vec<String> = names
        .iter()
        .map(|n| n.to_lowercase().replace([' ', '-', '.'], "_"))
        .collect();
    let exact = |names: &[&str]| names.iter().find_map(|e| keys.iter().position(|k| k == e));
    let prefixed = |suffixes: &[&str]| {
        suffixes.iter().find_map(|s| {
            keys.iter()
                .position(|k| k.len() > s.len() && k.ends_with(s))
        })
    };
    let (x, y) = (exact(&LON_NAMES), exact(&LAT_NAMES));
    let (prefixed_x, prefixed_y) = (prefixed(&LON_SUFFIXES), prefixed(&LAT_SUFFIXES));
    // Both exact, else both prefixed, else one of each.
    let pair = match (x, y, prefixed_x, prefixed_y) {
        (Some(x), Some(y), _, _) | (_, _, Some(x), Some(y)) => Some((x, y)),
        _ => x.or(prefixed_x).zip(y.or(prefixed_y)),
    };
    match pair {
        Some((x, y)) if x != y => Coords::Pair(x, y),
        _ => keys
            .iter()
            .position(|k| k.contains("geo_point") || LAT_LON_NAMES.contains(&k.as_str()))
            .map_or(Coords::Table, Coords::LatLon),
    }
}

/// A coordinate: `47.4711`, or with a decimal comma and spaces as thousands separators (`6 713 938,04`).
fn parse_coord(bytes: &[u8], scratch: &mut String) -> Option<f64> {
    let text = std::str::from_utf8(bytes.trim_ascii()).ok()?;
    let value = match text.parse::<f64>() {
        Ok(value) => value,
        Err(_) => {
            scratch.clear();
            scratch.extend(
                text.chars()
                    .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
                    .map(|c| if c == ',' { '.' } else { c }),
            );
            scratch.parse().ok()?
        }
    };
    value.is_finite().then_some(value)
}

/// Opendatasoft's `geo_point_2d` text, `"47.47, -0.55"` (also `[47.47, -0.55]`), as `[lon, lat]`.
fn parse_lat_lon(bytes: &[u8], scratch: &mut String) -> Option<[f64; 2]> {
    let text = std::str::from_utf8(bytes).ok()?.trim();
    let text = text
        .trim_start_matches(['[', '('])
        .trim_end_matches([']', ')']);
    let (lat, lon) = match text.split_once(',') {
        Some((lat, lon)) if !lon.contains(',') => (lat, lon),
        _ => {
            let mut parts = text.split_whitespace();
            let pair = (parts.next()?, parts.next()?);
            parts.next().is_none().then_some(pair)?
        }
    };
    Some([
        parse_coord(lon.as_bytes(), scratch)?,
        parse_coord(lat.as_bytes(), scratch)?,
    ])
}

/// Lon/lat-looking values stay undeclared (read as WGS84); Lambert-93 metres are declared EPSG:2154.
fn guess_crs(sample: &[[f64; 2]]) -> Option<String> {
    let majority =
        |test: fn([f64; 2]) -> bool| 2 * sample.iter().filter(|&&p| test(p)).count() > sample.len();
    if majority(crs::looks_like_lon_lat) {
        return None;
    }
    majority(crs::looks_like_lambert93).then(|| "EPSG:2154".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{Dataset, Value};

    fn read(bytes: &[u8]) -> Result<Dataset, SourceError> {
        let raw = read_csv_from(bytes, Some(bytes.len() as u64), &Progress::default())?;
        Ok(raw.builder.finish(raw.crs.clone()))
    }

    fn text(ds: &Dataset, column: &str, row: usize) -> Option<String> {
        match ds.column(column)?.value(row) {
            Value::Text(t) => Some(t.to_owned()),
            _ => None,
        }
    }

    #[test]
    fn comma_file_with_lon_lat() {
        let ds = read(b"nom,lon,lat\nRalliement,-0.5537,47.4716\nVide,,\n").expect("csv");
        assert_eq!(ds.len(), 2);
        assert_eq!(ds.geometry.point(0), Some([-0.5537, 47.4716]));
        assert_eq!(ds.without_geometry(), 1);
        assert_eq!(ds.source_crs, None);
        assert_eq!(text(&ds, "nom", 0).as_deref(), Some("Ralliement"));
        assert_eq!(
            ds.column("lon").map(|c| c.value(0)),
            Some(Value::Float(-0.5537)),
            "kept as a field"
        );
        let tabs = read(b"nom\tLongitude\tLatitude\nA\t-0.5\t47.4\n").expect("tsv");
        assert_eq!(tabs.geometry.point(0), Some([-0.5, 47.4]));
    }

    #[test]
    fn semicolon_lambert93_with_bom_and_decimal_commas() {
        let bytes = "\u{feff}id;X;Y\n1;432414,72;6713938,04\n2;432500;6714000\n".as_bytes();
        let mut raw = read_csv_from(bytes, None, &Progress::default()).expect("csv");
        assert_eq!(raw.crs.as_deref(), Some("EPSG:2154"));
        let coords = raw.builder.geometry.coords_mut().to_vec();
        assert_eq!(
            coords,
            [[432414.72, 6713938.04], [432500.0, 6714000.0]],
            "not reprojected"
        );
        let ds = raw.builder.finish(raw.crs.clone());
        assert_eq!(ds.len(), 2);
        assert_eq!(ds.source_crs.as_deref(), Some("EPSG:2154"));
        assert_eq!(
            ds.column("id").map(|c| c.value(1)),
            Some(Value::Integer(2)),
            "no BOM in the name"
        );
        assert_eq!(
            ds.column("X").map(|c| c.value(0)),
            Some(Value::Float(432414.72))
        );
    }

    #[test]
    fn gtfs_stops_with_quotes_and_missing_positions() {
        let csv = "stop_id,stop_code,stop_name,stop_desc,stop_lat,stop_lon,zone_id,stop_url,location_type,parent_station,stop_timezone,wheelchair_boarding\n\
            1AARD,5009,\"AVRILLE - ARDENNE\",,47.511486,-0.596012,,,0,,,1\n\
            1BAMA,24604,\"BAMAKO, QUAI \"\"2\"\"\",,,,,,1,,,\n\
            1GARE,301,\"GARE\nSNCF\",,47.464,-0.556,,,0,,,1\n";
        let ds = read(csv.as_bytes()).expect("gtfs");
        assert_eq!(ds.len(), 3);
        assert_eq!(ds.geometry.point(0), Some([-0.596012, 47.511486]));
        assert_eq!(ds.geometry.point(1), None);
        assert_eq!(ds.without_geometry(), 1);
        assert_eq!(
            text(&ds, "stop_name", 1).as_deref(),
            Some("BAMAKO, QUAI \"2\"")
        );
        assert_eq!(text(&ds, "stop_name", 2).as_deref(), Some("GARE\nSNCF"));
        assert_eq!(
            ds.column("stop_code").map(|c| c.value(0)),
            Some(Value::Integer(5009))
        );
    }

    #[test]
    fn windows_1252_is_decoded_even_after_a_long_ascii_start() {
        let mut bytes = b"voie;x;y\n".to_vec();
        bytes.extend(
            encoding_rs::WINDOWS_1252
                .encode("Rue de l'Hôtel de Ville;-0,55;47,47\n")
                .0
                .iter(),
        );
        let ds = read(&bytes).expect("cp1252");
        assert_eq!(
            text(&ds, "voie", 0).as_deref(),
            Some("Rue de l'Hôtel de Ville")
        );
        assert_eq!(ds.geometry.point(0), Some([-0.55, 47.47]));
        let ds = read("voie\nRue de l'Hôtel de Ville\nH\u{f4}tel\n".as_bytes()).expect("utf-8");
        assert_eq!(text(&ds, "voie", 1).as_deref(), Some("Hôtel"));
        let mixed = read(b"voie\nRue de l'H\xC3\xB4tel de Ville\nH\xF4tel\n").expect("mixed");
        assert_eq!(
            text(&mixed, "voie", 0).as_deref(),
            Some("Rue de l'Hôtel de Ville")
        );
        assert_eq!(text(&mixed, "voie", 1).as_deref(), Some("Hôtel"));

        let mut late = b"voie\tn\n".to_vec();
        (0..5000).for_each(|i| late.extend(format!("Rue Lenepveu\t{i}\n").bytes()));
        late.extend(b"Place de l'H\xF4tel de Ville\t1\n");
        let ds = read(&late).expect("late cp1252");
        assert_eq!(
            text(&ds, "voie", 5000).as_deref(),
            Some("Place de l'Hôtel de Ville")
        );
        assert!(ds.issues.iter().all(|i| i.kind != IssueKind::InvalidText));

        let mut utf8 = b"voie\n".to_vec();
        (0..5000).for_each(|_| utf8.extend("Allée de l'Érable\n".bytes()));
        utf8.extend(b"H\xF4tel\n");
        let ds = read(&utf8).expect("utf-8, then one Windows-1252 cell");
        assert_eq!(text(&ds, "voie", 5000).as_deref(), Some("Hôtel"));
        let invalid = ds.issues.iter().find(|i| i.kind == IssueKind::InvalidText);
        assert_eq!(invalid.map(|i| i.count), Some(1));
    }

    #[test]
    fn tables_ragged_rows_and_odd_headers() {
        let ds = read(b"a,b,,a\n1,2,3,4\n5\n6,7,8,9,10\n;;;\n,,,\n").expect("ragged");
        assert_eq!(
            ds.len(),
            4,
            "the bare separator row is skipped, `;;;` is one text cell"
        );
        assert_eq!(ds.without_geometry(), 4, "no coordinate columns: a table");
        assert_eq!(ds.column("b").map(|c| c.value(1)), Some(Value::Null));
        assert_eq!(
            ds.column("a_2").map(|c| c.value(2)),
            Some(Value::Integer(9))
        );
        assert!(ds.column("field_3").is_some());
    }

    #[test]
    fn empty_files_fail_clearly_and_garbage_never_panics() {
        for empty in [&b""[..], b"\xEF\xBB\xBF", b"\n\n  \r\n"] {
            assert!(matches!(read(empty), Err(SourceError::Format(_))));
        }
        let mut seed = 0x2545_f491_u32;
        for len in [1usize, 17, 4000, 70_000] {
            let garbage: Vec<u8> = (0..len)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 17;
                    seed ^= seed << 5;
                    (seed >> 24) as u8
                })
                .collect();
            let _ = read(&garbage);
        }
    }

    #[test]
    fn opendatasoft_geo_point_and_column_pairing() {
        let ds = read(b"nom;geo_point_2d\nParking;47.47, -0.55\nVide;\n").expect("geo_point_2d");
        assert_eq!(ds.geometry.point(0), Some([-0.55, 47.47]));
        assert_eq!(ds.without_geometry(), 1);
        assert_eq!(ds.source_crs, None);
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            locate(&names(&["stop_lat", "stop_lon", "x"])),
            Coords::Pair(1, 0)
        );
        assert_eq!(
            locate(&names(&["Y", "parent_lon", "X"])),
            Coords::Pair(2, 0)
        );
        assert_eq!(locate(&names(&["Coord X", "Coord Y"])), Coords::Pair(0, 1));
        assert_eq!(locate(&names(&["x_long", "nom"])), Coords::Table);
    }

    #[test]
    fn progress_reaches_the_end_and_cancel_stops() {
        let mut bytes = b"lon,lat\n".to_vec();
        (0..20_000).for_each(|i| bytes.extend(format!("-0.5,47.{i}\n").bytes()));
        let progress = Progress::default();
        let raw = read_csv_from(&bytes[..], Some(bytes.len() as u64), &progress).expect("csv");
        assert_eq!(raw.builder.rows(), 20_000);
        assert_eq!(progress.fraction(), Some(1.0));
        progress.cancel();
        assert!(matches!(
            read_csv_from(&bytes[..], None, &progress),
            Err(SourceError::Cancelled)
        ));
    }

    #[test]
    fn real_irigo_stops() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/data/angers/irigo-stops.txt"
        );
        if !Path::new(path).exists() {
            eprintln!("skipped: {path} is absent");
            return;
        }
        let raw = read_csv(Path::new(path), &Progress::default()).expect("irigo");
        let ds = raw.builder.finish(raw.crs.clone());
        assert_eq!(ds.len(), 1899);
        assert_eq!(ds.without_geometry(), 0);
        for i in 0..ds.len() {
            let [lon, lat] = ds.geometry.point(i).expect("a point");
            assert!(
                (-0.8..=-0.25).contains(&lon) && (47.3..=47.7).contains(&lat),
                "{lon} {lat}"
            );
        }
    }
}
