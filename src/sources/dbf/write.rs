//! Writing a small dBASE III table: the header, the field descriptors and each cell formatted to its width.

use std::io::{Seek, SeekFrom, Write};
use std::path::Path;

use encoding_rs::Encoding;

use super::{DbfField, DbfType, DbfValue};
use crate::data::column::civil_from_days;

/// Writes a dBASE III table (version 0x03) to `path`: fields of type C, N, L and D only.
///
/// Values that do not fit their field, do not match its type or cannot be encoded are an `InvalidInput` error.
pub fn write_dbf<I: IntoIterator<Item = Vec<DbfValue>>>(
    path: &Path,
    fields: &[DbfField],
    rows: I,
    encoding: &'static Encoding,
    language_driver: u8,
) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    write_dbf_to(&mut out, fields, rows, encoding, language_driver)?;
    out.flush()
}

/// Writes a dBASE III table to any seekable writer; the record count is filled in at the end.
pub fn write_dbf_to<W: Write + Seek, I: IntoIterator<Item = Vec<DbfValue>>>(
    out: &mut W,
    fields: &[DbfField],
    rows: I,
    encoding: &'static Encoding,
    language_driver: u8,
) -> std::io::Result<()> {
    let bad = |what: String| std::io::Error::new(std::io::ErrorKind::InvalidInput, what);
    let record_len = 1 + fields.iter().map(|f| f.length).sum::<usize>();
    let header_len = 32 + 32 * fields.len() + 1;
    let (Ok(record_len16), Ok(header_len16)) =
        (u16::try_from(record_len), u16::try_from(header_len))
    else {
        return Err(bad("too many or too wide fields".into()));
    };
    out.write_all(&table_header(header_len16, record_len16, language_driver))?;
    for field in fields {
        out.write_all(
            &descriptor(field, encoding)
                .ok_or_else(|| bad(format!("field {:?} cannot be written", field.name)))?,
        )?;
    }
    out.write_all(&[0x0D])?;
    let mut count: u32 = 0;
    let mut record = Vec::with_capacity(record_len);
    for row in rows {
        if row.len() != fields.len() {
            return Err(bad(format!(
                "a row has {} values for {} fields",
                row.len(),
                fields.len()
            )));
        }
        record.clear();
        record.push(b' ');
        for (field, value) in fields.iter().zip(&row) {
            let cell = format_cell(field, value, encoding)
                .ok_or_else(|| bad(format!("{value:?} does not fit field {:?}", field.name)))?;
            record.extend_from_slice(&cell);
        }
        out.write_all(&record)?;
        count = count
            .checked_add(1)
            .ok_or_else(|| bad("too many records".into()))?;
    }
    out.write_all(&[0x1A])?;
    out.seek(SeekFrom::Start(4))?;
    out.write_all(&count.to_le_bytes())?;
    out.seek(SeekFrom::End(0))?;
    Ok(())
}

/// The 32 first bytes: dBASE III, today's date, the lengths, the language driver.
fn table_header(header_len: u16, record_len: u16, language_driver: u8) -> [u8; 32] {
    let today = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    let (year, month, day) = civil_from_days(today as i64);
    let mut header = [0u8; 32];
    header[0] = 0x03;
    header[1..4].copy_from_slice(&[(year - 1900).clamp(0, 255) as u8, month as u8, day as u8]);
    header[8..10].copy_from_slice(&header_len.to_le_bytes());
    header[10..12].copy_from_slice(&record_len.to_le_bytes());
    header[29] = language_driver;
    header
}

/// The descriptor of `field`; `None` when its type, width or name cannot be written.
fn descriptor(field: &DbfField, encoding: &'static Encoding) -> Option<[u8; 32]> {
    let (letter, ok) = match field.kind {
        DbfType::Character => (b'C', (1..=254).contains(&field.length)),
        DbfType::Numeric => (
            b'N',
            (1..=254).contains(&field.length) && usize::from(field.decimals) < field.length,
        ),
        DbfType::Logical => (b'L', field.length == 1),
        DbfType::Date => (b'D', field.length == 8),
        _ => (b'?', false),
    };
    let name = encode(encoding, &field.name).filter(|n| n.len() <= 10 && !n.is_empty());
    let name = name.filter(|_| ok)?;
    let mut d = [0u8; 32];
    d[..name.len()].copy_from_slice(&name);
    d[11] = letter;
    d[16] = field.length as u8;
    d[17] = field.decimals;
    Some(d)
}

/// Text in `encoding`, `None` when a character has no byte form in it.
fn encode(encoding: &'static Encoding, text: &str) -> Option<Vec<u8>> {
    let (bytes, _, unmappable) = encoding.encode(text);
    (!unmappable).then(|| bytes.into_owned())
}

/// The bytes of one cell, exactly `field.length` long; `None` when the value does not fit.
fn format_cell(field: &DbfField, value: &DbfValue, encoding: &'static Encoding) -> Option<Vec<u8>> {
    let width = field.length;
    let dec = usize::from(field.decimals);
    let (mut bytes, left) = match (field.kind, value) {
        (DbfType::Character, DbfValue::Text(t)) => (encode(encoding, t)?, true),
        (DbfType::Numeric, DbfValue::Integer(i)) if dec == 0 => (i.to_string().into_bytes(), false),
        (DbfType::Numeric, DbfValue::Integer(i)) => {
            (format!("{:.dec$}", *i as f64).into_bytes(), false)
        }
        (DbfType::Numeric, DbfValue::Float(f)) if f.is_finite() => {
            (format!("{f:.dec$}").into_bytes(), false)
        }
        (DbfType::Logical, DbfValue::Boolean(b)) => (vec![if *b { b'T' } else { b'F' }], true),
        (DbfType::Logical, DbfValue::Null) => (vec![b'?'], true),
        (DbfType::Date, DbfValue::Date(days)) => {
            let (y, m, d) = civil_from_days(i64::from(*days));
            (format!("{y:04}{m:02}{d:02}").into_bytes(), true)
        }
        (_, DbfValue::Null) => (Vec::new(), true),
        _ => return None,
    };
    if bytes.len() > width {
        return None;
    }
    let pad = vec![b' '; width - bytes.len()];
    if left {
        bytes.extend_from_slice(&pad);
        Some(bytes)
    } else {
        Some([pad, bytes].concat())
    }
}
