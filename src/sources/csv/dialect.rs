//! The CSV dialect every writer uses: UTF-8 with a byte-order mark, CRLF line ends, and for
//! French spreadsheets `;` between cells with a decimal comma.

use std::fmt::Write as _;
use std::io::Write;

/// The byte-order mark written first, so that spreadsheets detect UTF-8.
pub const BOM: &str = "\u{feff}";

/// How cells are separated and how decimal numbers are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CsvDialect {
    /// The byte between cells.
    pub separator: u8,
    /// Numbers are written `12,5` instead of `12.5`.
    pub decimal_comma: bool,
}

impl CsvDialect {
    /// What French spreadsheets open as is: `;` between cells, decimal comma.
    pub const FRENCH: Self = Self {
        separator: b';',
        decimal_comma: true,
    };

    /// What spreadsheets in English open as is: `,` between cells, decimal point.
    pub const COMMA: Self = Self {
        separator: b',',
        decimal_comma: false,
    };

    /// The dialect with `separator`: a decimal comma goes with `;` (as French spreadsheets
    /// expect), a dot with any other separator (a comma would split the cell).
    pub fn with_separator(separator: u8) -> Self {
        Self {
            separator,
            decimal_comma: separator == b';',
        }
    }

    /// Writes the byte-order mark to `out`, then returns a CSV writer on it with this separator
    /// and CRLF line ends; cells are quoted when needed (RFC 4180).
    ///
    /// ```
    /// use territoire::sources::csv::CsvDialect;
    /// let mut out = Vec::new();
    /// let mut w = CsvDialect::FRENCH.writer(&mut out).expect("BOM");
    /// w.write_record(["nom", "surface"]).expect("header");
    /// let surface = CsvDialect::FRENCH.format_number(12.5, None);
    /// w.write_record(["Lac; Maine", surface.as_str()]).expect("row");
    /// w.flush().expect("flush");
    /// drop(w);
    /// assert_eq!(out, "\u{feff}nom;surface\r\n\"Lac; Maine\";12,5\r\n".as_bytes());
    /// ```
    pub fn writer<W: Write>(self, mut out: W) -> std::io::Result<csv::Writer<W>> {
        out.write_all(BOM.as_bytes())?;
        Ok(csv::WriterBuilder::new()
            .delimiter(self.separator)
            .terminator(csv::Terminator::CRLF)
            .from_writer(out))
    }

    /// `x` with `decimals` after the mark, or as short as exact when `None`.
    pub fn format_number(self, x: f64, decimals: Option<usize>) -> String {
        let mut text = String::new();
        self.push_number(&mut text, x, decimals);
        text
    }

    /// Appends [`Self::format_number`] to `out` (no allocation per cell).
    pub fn push_number(self, out: &mut String, x: f64, decimals: Option<usize>) {
        let start = out.len();
        // Writing to a String cannot fail.
        let _ = match decimals {
            Some(d) => write!(out, "{x:.d$}"),
            None => write!(out, "{x}"),
        };
        // `f64`'s formatting never uses an exponent, so there is at most one dot.
        if self.decimal_comma
            && let Some(dot) = out[start..].find('.')
        {
            out.replace_range(start + dot..start + dot + 1, ",");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_take_the_dialects_decimal_mark() {
        let french = CsvDialect::FRENCH;
        assert_eq!(french.format_number(1234.5, None), "1234,5");
        assert_eq!(french.format_number(-0.55, Some(7)), "-0,5500000");
        assert_eq!(french.format_number(3.0, Some(0)), "3");
        assert_eq!(french.format_number(3.0, None), "3");
        assert_eq!(french.format_number(1e21, None), "1000000000000000000000");
        let comma = CsvDialect::with_separator(b',');
        assert!(!comma.decimal_comma);
        assert_eq!(comma.format_number(0.9375, Some(4)), "0.9375");
        assert_eq!(CsvDialect::with_separator(b';'), french);
    }

    #[test]
    fn the_writer_starts_with_the_bom_and_ends_lines_with_crlf() {
        let mut out = Vec::new();
        let mut w = CsvDialect::with_separator(b'\t')
            .writer(&mut out)
            .expect("BOM");
        w.write_record(["a", "b c"]).expect("row");
        w.flush().expect("flush");
        drop(w);
        assert_eq!(out, "\u{feff}a\tb c\r\n".as_bytes());
    }
}
