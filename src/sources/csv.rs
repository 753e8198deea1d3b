//! CSV reader: coordinates from lon/lat (or X/Y, GTFS `stop_lon`/`stop_lat`) columns, other columns typed by inference.

use std::io::Read;
use std::path::Path;

use super::{RawSource, SourceError, crs};
use crate::data::{DatasetBuilder, IssueKind};
use crate::jobs::Progress;

/// Names read as longitude (exact match, any case), best first.
const LON_NAMES: [&str; 8] = [
    "lon",
    "lng",
    "long",
    "longitude",
    "x",
    "coord_x",
    "xlong",
    "x_l93",
];
/// Names read as latitude (exact match, any case), best first.
const LAT_NAMES: [&str; 7] = ["lat", "latitude", "y", "coord_y", "ylat", "y_l93", "lati"];
/// Suffixes after a prefix, like GTFS `stop_lon`.
const LON_SUFFIXES: [&str; 4] = ["_lon", "_lng", "_longitude", "_x"];
const LAT_SUFFIXES: [&str; 3] = ["_lat", "_latitude", "_y"];

/// Reads a CSV file with coordinates (a table without geometry when it has none).
pub fn read_csv(path: &Path, progress: &Progress) -> Result<RawSource, SourceError> {
    let file = std::fs::File::open(path).map_err(|e| SourceError::io(path, e))?;
    let size = file.metadata().map(|m| m.len()).ok();
    read_csv_from(file, size, progress)
}

/// Reads CSV from any reader; `total_bytes` feeds the progress bar.
pub fn read_csv_from<R: Read>(
    mut reader: R,
    total_bytes: Option<u64>,
    progress: &Progress,
) -> Result<RawSource, SourceError> {
    if let Some(total) = total_bytes {
        progress.set_total(total);
    }
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| SourceError::io("csv", e))?;
    let text = decode(&bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let header_line = text.lines().next().unwrap_or_default();
    if header_line.trim().is_empty() {
        return Err(SourceError::format("err-csv-empty", &[]));
    }
    let delimiter = sniff_delimiter(header_line);
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = csv
        .headers()
        .map_err(|e| SourceError::format("err-csv-header", &[("error", &e.to_string())]))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let (lon_col, lat_col) = coordinate_columns(&headers);
    let pair_col = (lon_col.is_none() || lat_col.is_none())
        .then(|| {
            headers
                .iter()
                .position(|h| h.eq_ignore_ascii_case("geo_point_2d"))
        })
        .flatten();
    let mut builder = DatasetBuilder::new(true);
    let columns: Vec<usize> = headers.iter().map(|h| builder.add_column(h)).collect();
    let decimal_comma = delimiter == b';';
    let mut record = csv::StringRecord::new();
    let mut first_points: Vec<[f64; 2]> = Vec::new();
    loop {
        match csv.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                if matches!(
                    e.kind(),
                    csv::ErrorKind::Utf8 { .. } | csv::ErrorKind::UnequalLengths { .. }
                ) {
                    builder.add_issue(IssueKind::SkippedRecord, || e.to_string());
                    continue;
                }
                return Err(SourceError::format(
                    "err-csv-row",
                    &[("error", &e.to_string())],
                ));
            }
        }
        let point = match (lon_col, lat_col, pair_col) {
            (Some(x), Some(y), _) => parse_pair(record.get(x), record.get(y), decimal_comma),
            (_, _, Some(p)) => record.get(p).and_then(parse_lat_lon_text),
            _ => None,
        };
        match point {
            Some(xy) => {
                if first_points.len() < 100 {
                    first_points.push(xy);
                }
                builder.geometry.push_point(xy);
            }
            None => builder.geometry.push_empty(),
        }
        for (i, &col) in columns.iter().enumerate() {
            match record.get(i) {
                Some(cell) => builder.column(col).push_inferred(cell),
                None => builder.column(col).push_null(),
            }
        }
        builder.end_row();
        if builder.rows().is_multiple_of(10_000) {
            if progress.is_cancelled() {
                return Err(SourceError::Cancelled);
            }
            progress.set_done(csv.position().byte());
        }
    }
    progress.set_done(total_bytes.unwrap_or(0));
    let declared = (!first_points.is_empty()
        && first_points.iter().all(|&p| crs::looks_like_lambert93(p)))
    .then(|| "EPSG:2154".to_owned());
    Ok(RawSource {
        builder,
        crs: declared,
    })
}

/// UTF-8 when valid, else Windows-1252 (spreadsheet exports); never lossy UTF-8.
fn decode(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0,
    }
}

fn sniff_delimiter(header: &str) -> u8 {
    let count = |c: char| header.matches(c).count();
    if count(';') > count(',') {
        b';'
    } else if count('\t') > 0 && count(',') == 0 {
        b'\t'
    } else {
        b','
    }
}

/// Finds the longitude and latitude columns: exact names first, then prefixed ones (`stop_lon`).
pub fn coordinate_columns(headers: &[String]) -> (Option<usize>, Option<usize>) {
    let find = |names: &[&str], suffixes: &[&str]| {
        names
            .iter()
            .find_map(|n| headers.iter().position(|h| h.eq_ignore_ascii_case(n)))
            .or_else(|| {
                headers.iter().position(|h| {
                    let lower = h.to_ascii_lowercase();
                    suffixes.iter().any(|s| lower.ends_with(s))
                })
            })
    };
    (
        find(&LON_NAMES, &LON_SUFFIXES),
        find(&LAT_NAMES, &LAT_SUFFIXES),
    )
}

fn parse_number(text: &str, decimal_comma: bool) -> Option<f64> {
    let t = text.trim();
    let value = if decimal_comma {
        t.replace(',', ".").parse()
    } else {
        t.parse()
    };
    value.ok().filter(|v: &f64| v.is_finite())
}

fn parse_pair(x: Option<&str>, y: Option<&str>, decimal_comma: bool) -> Option<[f64; 2]> {
    Some([
        parse_number(x?, decimal_comma)?,
        parse_number(y?, decimal_comma)?,
    ])
}

/// Opendatasoft's text form of `geo_point_2d`: `"lat, lon"`.
fn parse_lat_lon_text(text: &str) -> Option<[f64; 2]> {
    let (lat, lon) = text.split_once(',')?;
    Some([parse_number(lon, false)?, parse_number(lat, false)?])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Value;

    fn read(bytes: &[u8]) -> Result<crate::data::Dataset, SourceError> {
        let raw = read_csv_from(bytes, Some(bytes.len() as u64), &Progress::default())?;
        Ok(raw.builder.finish(raw.crs))
    }

    #[test]
    fn comma_file_with_lon_lat() {
        let ds = read(b"nom,lon,lat\nRalliement,-0.5537,47.4716\nVide,,\n").expect("csv");
        assert_eq!(ds.len(), 2);
        assert_eq!(ds.geometry.point(0), Some([-0.5537, 47.4716]));
        assert_eq!(ds.without_geometry(), 1);
        assert_eq!(ds.source_crs, None);
        assert_eq!(
            ds.column("nom").map(|c| c.value(0)),
            Some(Value::Text("Ralliement"))
        );
    }

    #[test]
    fn semicolon_lambert93_with_bom_and_decimal_commas() {
        let bytes = "\u{feff}id;X;Y\n1;432414,72;6713938,04\n2;432500;6714000\n".as_bytes();
        let mut raw = read_csv_from(bytes, None, &Progress::default()).expect("csv");
        assert_eq!(raw.crs.as_deref(), Some("EPSG:2154"));
        assert_eq!(
            raw.builder.geometry.coords_mut()[0],
            [432414.72, 6713938.04],
            "not reprojected by the reader"
        );
        let ds = raw.builder.finish(raw.crs);
        assert!(
            ds.column("id").is_some(),
            "the BOM is not part of the first name"
        );
    }

    #[test]
    fn gtfs_stops_with_quotes_and_missing_positions() {
        let text = "stop_id,stop_code,stop_name,stop_desc,stop_lat,stop_lon,zone_id,stop_url,location_type,parent_station,stop_timezone,wheelchair_boarding\n\
            1AARD,5009,\"AVRILLE - ARDENNE\",,47.511486,-0.596012,,,0,,,1\n\
            1BAMA,24604,\"BAMAKO, QUAI 2\",,,,,,1,,,\n";
        let ds = read(text.as_bytes()).expect("gtfs");
        assert_eq!(ds.len(), 2);
        assert_eq!(ds.geometry.point(0), Some([-0.596012, 47.511486]));
        assert_eq!(ds.without_geometry(), 1);
        assert_eq!(
            ds.column("stop_name").map(|c| c.value(1)),
            Some(Value::Text("BAMAKO, QUAI 2"))
        );
        assert_eq!(
            ds.column("stop_code").map(|c| c.value(0)),
            Some(Value::Integer(5009))
        );
    }

    #[test]
    fn windows_1252_text_is_decoded() {
        let mut bytes = b"voie;x;y\n".to_vec();
        bytes.extend(
            encoding_rs::WINDOWS_1252
                .encode("Rue de l'Hôtel de Ville;-0.55;47.47\n")
                .0
                .iter(),
        );
        let ds = read(&bytes).expect("cp1252");
        assert_eq!(
            ds.column("voie").map(|c| c.value(0)),
            Some(Value::Text("Rue de l'Hôtel de Ville"))
        );
    }

    #[test]
    fn tables_ragged_rows_empty_and_garbage() {
        let ds = read(b"a,b\n1,2\n3\n4,5,6\n").expect("ragged");
        assert_eq!(ds.len(), 3);
        assert_eq!(ds.without_geometry(), 3, "no coordinate columns: a table");
        assert_eq!(ds.column("b").map(|c| c.value(1)), Some(Value::Null));
        assert!(read(b"").is_err());
        let garbage: Vec<u8> = (0..4000u32).map(|i| (i * 7919 % 256) as u8).collect();
        let _ = read(&garbage);
    }

    #[test]
    fn opendatasoft_geo_point_text() {
        let ds = read(b"nom;geo_point_2d\nParking;47.47, -0.55\n").expect("geo_point_2d");
        assert_eq!(ds.geometry.point(0), Some([-0.55, 47.47]));
    }

    #[test]
    fn real_irigo_stops() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/data/angers/irigo-stops.txt"
        );
        let Ok(bytes) = std::fs::read(path) else {
            eprintln!("skipped: {path} is absent");
            return;
        };
        let ds = read(&bytes).expect("irigo");
        assert_eq!(ds.len(), 1899);
        for i in 0..ds.len() {
            if let Some([lon, lat]) = ds.geometry.point(i) {
                assert!(
                    (-0.9..-0.2).contains(&lon) && (47.2..47.8).contains(&lat),
                    "{lon} {lat}"
                );
            }
        }
    }
}
