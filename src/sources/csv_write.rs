//! CSV writer: rows of a dataset as a table that spreadsheets open as is, positions included.

use std::io::Write;

use super::csv::CsvDialect;
use crate::data::{Column, Dataset, GeomKind, Value};

/// How positions are written: nothing for a table without geometry, two columns for points,
/// one WKT column for anything else.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Positions {
    None,
    LonLat,
    Wkt,
}

impl Positions {
    fn of(dataset: &Dataset) -> Self {
        let kinds = dataset.geometry.kind_counts();
        if kinds.is_empty() {
            Self::None
        } else if kinds.keys().all(|k| *k == GeomKind::Point.name()) {
            Self::LonLat
        } else {
            Self::Wkt
        }
    }

    fn names(self) -> &'static [&'static str] {
        match self {
            Self::None => &[],
            Self::LonLat => &["longitude", "latitude"],
            Self::Wkt => &["geometry"],
        }
    }
}

/// Writes the rows `rows` of `dataset` as CSV: UTF-8 with a byte-order mark (so that spreadsheets
/// detect the encoding), `separator` between cells, CRLF line ends, cells quoted when needed
/// (RFC 4180), and a header row of field names. Only `fields` are written when given (in that
/// order; unknown names are skipped).
///
/// Positions follow the fields, in WGS 84: `longitude` and `latitude` (7 decimals) when every
/// feature of the layer is a point, otherwise one `geometry` column in WKT; none for a layer
/// without geometry. The layer decides, not the rows written, so a filtered export has the same
/// columns as a full one. An attribute with one of those names is left out: the position columns
/// carry the same information (reading an exported file back gives such attributes).
///
/// Numbers use `,` as decimal mark when `separator` is `;`, as French spreadsheets expect with
/// that separator, and `.` otherwise (WKT always uses `.`). Dates are ISO (`2024-06-01`,
/// date-times `2024-06-01T08:30:00Z`), booleans `true`/`false`, null cells empty.
///
/// ```
/// use territoire::data::DatasetBuilder;
/// use territoire::sources::csv::CsvDialect;
/// use territoire::sources::csv_write::write_csv;
/// let mut b = DatasetBuilder::new(false);
/// let surface = b.add_column("surface");
/// b.geometry.push_point([-0.55, 47.47]);
/// b.column(surface).push_float(12.5);
/// b.end_row();
/// let dataset = b.finish(None);
/// let mut out = Vec::new();
/// write_csv(&dataset, 0..1, None, CsvDialect::FRENCH, &mut out).expect("write");
/// assert_eq!(
///     String::from_utf8(out).expect("UTF-8"),
///     "\u{feff}surface;longitude;latitude\r\n12,5;-0,5500000;47,4700000\r\n"
/// );
/// ```
pub fn write_csv<W: Write>(
    dataset: &Dataset,
    rows: impl IntoIterator<Item = usize>,
    fields: Option<&[String]>,
    dialect: CsvDialect,
    out: &mut W,
) -> std::io::Result<()> {
    let positions = Positions::of(dataset);
    let taken = |name: &str| {
        positions
            .names()
            .iter()
            .any(|p| p.eq_ignore_ascii_case(name))
    };
    let chosen: Vec<&Column> = match fields {
        Some(names) => names.iter().filter_map(|n| dataset.column(n)).collect(),
        None => dataset.columns.iter().collect(),
    };
    let columns: Vec<&Column> = chosen.into_iter().filter(|c| !taken(&c.name)).collect();
    let mut csv = dialect.writer(&mut *out)?;
    for name in columns.iter().map(|c| c.name.as_str()) {
        csv.write_field(name)?;
    }
    for name in positions.names() {
        csv.write_field(name)?;
    }
    csv.write_record(None::<&[u8]>)?;
    let mut cell = String::new();
    for row in rows {
        for column in &columns {
            cell.clear();
            push_value(&mut cell, column.value(row), dialect);
            csv.write_field(cell.as_bytes())?;
        }
        write_position(&mut csv, &mut cell, dataset, row, positions, dialect)?;
        csv.write_record(None::<&[u8]>)?;
    }
    csv.flush()
}

/// Writes the position cells of `row`: none, longitude and latitude, or WKT.
fn write_position<W: Write>(
    csv: &mut csv::Writer<W>,
    cell: &mut String,
    dataset: &Dataset,
    row: usize,
    positions: Positions,
    dialect: CsvDialect,
) -> std::io::Result<()> {
    match positions {
        Positions::None => {}
        Positions::LonLat => {
            let point = dataset.geometry.point(row);
            for axis in 0..2 {
                cell.clear();
                if let Some(xy) = point {
                    dialect.push_number(cell, xy[axis], Some(7));
                }
                csv.write_field(cell.as_bytes())?;
            }
        }
        Positions::Wkt => {
            cell.clear();
            if let Some(geometry) = dataset.geometry.to_geo(row) {
                super::wkt_write::push_wkt(cell, &geometry);
            }
            csv.write_field(cell.as_bytes())?;
        }
    }
    Ok(())
}

/// One cell's text; numbers with the dialect's decimal mark, dates ISO.
fn push_value(out: &mut String, value: Value<'_>, dialect: CsvDialect) {
    use std::fmt::Write as _;
    match value {
        Value::Null => {}
        Value::Text(t) => out.push_str(t),
        Value::Integer(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) if f.is_finite() => dialect.push_number(out, f, None),
        Value::Float(_) => {}
        other => {
            let _ = write!(out, "{other}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::DatasetBuilder;
    use crate::jobs::Progress;

    /// Two points (one without geometry), every type of cell, text that needs quoting.
    fn points() -> Dataset {
        let mut b = DatasetBuilder::new(false);
        let [nom, n, surface, ouvert, maj] =
            ["nom", "n", "surface", "ouvert", "maj"].map(|name| b.add_column(name));
        b.geometry.push_point([-0.551_234_56, 47.471_234_56]);
        b.column(nom).push_text("Jardin \"des Plantes\"; Angers");
        b.column(n).push_int(3);
        b.column(surface).push_float(1234.5);
        b.column(ouvert).push_bool(true);
        b.column(maj).push_date(19_875);
        b.end_row();
        b.geometry.push_empty();
        b.column(nom).push_text("Sans lieu,\nsur deux lignes");
        b.column(surface).push_float(0.25);
        b.end_row();
        b.finish(None)
    }

    fn written(dataset: &Dataset, rows: &[usize], separator: u8) -> String {
        let dialect = CsvDialect::with_separator(separator);
        let mut out = Vec::new();
        write_csv(dataset, rows.iter().copied(), None, dialect, &mut out).expect("write");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn semicolon_files_have_a_bom_decimal_commas_and_quotes_where_needed() {
        let text = written(&points(), &[0, 1], b';');
        assert!(text.starts_with('\u{feff}'), "BOM first");
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(lines[0], "nom;n;surface;ouvert;maj;longitude;latitude");
        assert_eq!(
            lines[1],
            "\"Jardin \"\"des Plantes\"\"; Angers\";3;1234,5;true;2024-06-01;-0,5512346;47,4712346"
        );
        assert_eq!(
            lines[2], "\"Sans lieu,\nsur deux lignes\";;0,25;;;;",
            "a line end inside a cell is quoted and does not end the record"
        );
        assert_eq!(lines[3], "", "the file ends with a line end");
    }

    #[test]
    fn comma_files_keep_decimal_points_and_quote_commas() {
        let text = written(&points(), &[1], b',');
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(lines[0], "nom,n,surface,ouvert,maj,longitude,latitude");
        assert_eq!(lines[1], "\"Sans lieu,\nsur deux lignes\",,0.25,,,,");
    }

    #[test]
    fn chosen_fields_and_no_rows() {
        let mut out = Vec::new();
        let fields = [
            "surface".to_string(),
            "absent".to_string(),
            "nom".to_string(),
        ];
        write_csv(&points(), [], Some(&fields), CsvDialect::FRENCH, &mut out).expect("write");
        assert_eq!(out, "\u{feff}surface;nom;longitude;latitude\r\n".as_bytes());
    }

    #[test]
    fn other_geometries_are_wkt_and_tables_have_no_position() {
        let mut b = DatasetBuilder::new(false);
        let nom = b.add_column("nom");
        b.geometry.push_point([1.0, 2.0]);
        b.column(nom).push_text("point");
        b.end_row();
        b.geometry.start_feature(GeomKind::LineString);
        b.geometry.start_part();
        b.geometry.start_ring();
        b.geometry.push_coord([1.0, 2.0]);
        b.geometry.push_coord([3.5, 4.0]);
        b.column(nom).push_text("ligne");
        b.end_row();
        let mixed = b.finish(None);
        assert_eq!(
            written(&mixed, &[0, 1], b';'),
            "\u{feff}nom;geometry\r\npoint;POINT (1.0000000 2.0000000)\r\n\
             ligne;LINESTRING (1.0000000 2.0000000, 3.5000000 4.0000000)\r\n",
            "commas need no quotes with ';'"
        );
        let mut b = DatasetBuilder::new(false);
        let nom = b.add_column("nom");
        b.geometry.push_empty();
        b.column(nom).push_text("seul");
        b.end_row();
        assert_eq!(
            written(&b.finish(None), &[0], b';'),
            "\u{feff}nom\r\nseul\r\n"
        );
    }

    #[test]
    fn written_points_read_back_at_the_same_place() {
        let first = points();
        let text = written(&first, &[0, 1], b';');
        let raw = crate::sources::csv::read_csv_from(text.as_bytes(), None, &Progress::default())
            .expect("read");
        let second = raw.builder.finish(None);
        assert_eq!(second.len(), 2);
        let [lon, lat] = second.geometry.point(0).expect("a point");
        assert!((lon + 0.551_234_6).abs() < 1e-9 && (lat - 47.471_234_6).abs() < 1e-9);
        assert_eq!(second.without_geometry(), 1);
        let surface = second.column("surface").expect("surface");
        assert_eq!(
            surface.value(0),
            Value::Float(1234.5),
            "decimal comma read back"
        );
        assert_eq!(
            second.column("nom").expect("nom").value(0),
            Value::Text("Jardin \"des Plantes\"; Angers")
        );
        // Written again, the position columns read back as attributes are not repeated.
        let again = written(&second, &[0], b';');
        assert!(
            again.starts_with("\u{feff}nom;n;surface;ouvert;maj;longitude;latitude\r\n"),
            "{again}"
        );
    }
}
