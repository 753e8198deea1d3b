//! Writes a table of text (a header, then rows) as a CSV for French spreadsheets: UTF-8 with
//! BOM, `;` between fields, CRLF line ends; the file appears complete or not at all.

use std::path::Path;

use super::atomic_file::write_atomically;
use super::csv::CsvDialect;

/// Writes `header` then `rows` to `path`, returning how many rows were written.
pub fn write_table_csv(
    path: &Path,
    header: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) -> std::io::Result<usize> {
    let mut written = 0;
    write_atomically(path, |out| {
        let mut w = CsvDialect::FRENCH.writer(out)?;
        w.write_record(header)?;
        for row in rows {
            w.write_record(&row)?;
            written += 1;
        }
        w.flush()
    })?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_and_rows_with_a_bom_and_semicolons() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("t.csv");
        let rows = vec![
            vec!["modifié".to_owned(), "nom; surface".to_owned()],
            vec!["ajouté".to_owned(), String::new()],
        ];
        assert_eq!(
            write_table_csv(&path, &["statut", "champs"], rows.into_iter()).expect("written"),
            2
        );
        let text = std::fs::read_to_string(&path).expect("read");
        assert_eq!(
            text,
            "\u{feff}statut;champs\r\nmodifié;\"nom; surface\"\r\najouté;\r\n"
        );
    }
}
