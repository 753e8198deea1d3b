//! Decoding the bytes of dBASE records into typed cells: text in the table's encoding, ASCII
//! numbers, dates and logicals; blocks of records on any thread.

use encoding_rs::Encoding;

use super::{DbfField, DbfType};
use crate::data::DatasetBuilder;
use crate::data::column::parse_date;

/// Decodes blocks of whole records, on any thread.
#[derive(Clone, Debug)]
pub struct RecordDecoder {
    pub(super) fields: Vec<DbfField>,
    pub(super) encoding: &'static Encoding,
    pub(super) record_len: usize,
    pub(super) keep_deleted: bool,
}

impl RecordDecoder {
    /// The records of `block` in a builder of their own, one row each (a column per field,
    /// no geometry), with the number of records whose text did not decode.
    pub fn decode_block(&self, block: &[u8]) -> (DatasetBuilder, usize) {
        let mut builder = DatasetBuilder::new(true);
        let columns: Vec<usize> = self
            .fields
            .iter()
            .map(|f| builder.add_column(&f.name))
            .collect();
        let mut invalid = 0;
        for record in block.chunks_exact(self.record_len.max(1)) {
            if record[0] == b'*' && !self.keep_deleted {
                continue;
            }
            invalid += usize::from(decode_record(
                &self.fields,
                &columns,
                self.encoding,
                record,
                &mut builder,
            ));
            builder.end_row();
        }
        (builder, invalid)
    }
}

/// Pushes the cells of one record into the columns; `true` when some text did not decode.
pub(super) fn decode_record(
    fields: &[DbfField],
    columns: &[usize],
    encoding: &'static Encoding,
    record: &[u8],
    builder: &mut DatasetBuilder,
) -> bool {
    let mut offset = 1;
    let mut invalid = false;
    for (field, &index) in fields.iter().zip(columns) {
        let end = (offset + field.length).min(record.len());
        let raw = &record[offset.min(end)..end];
        offset = end;
        let column = builder.column(index);
        match field.kind {
            DbfType::Character | DbfType::Other(_) => {
                let trimmed = raw
                    .iter()
                    .rposition(|&b| b != b' ' && b != 0)
                    .map_or(&raw[..0], |p| &raw[..=p]);
                if trimmed.is_empty() {
                    column.push_null();
                } else {
                    let (text, had_errors) = encoding.decode_without_bom_handling(trimmed);
                    invalid |= had_errors;
                    column.push_text(&text);
                }
            }
            DbfType::Numeric => match parse_number(raw, field.decimals) {
                Some(Number::Int(i)) => column.push_int(i),
                Some(Number::Float(f)) => column.push_float(f),
                None => column.push_null(),
            },
            DbfType::Logical => match raw.iter().find(|b| !b.is_ascii_whitespace()) {
                Some(b'T' | b't' | b'Y' | b'y') => column.push_bool(true),
                Some(b'F' | b'f' | b'N' | b'n') => column.push_bool(false),
                _ => column.push_null(),
            },
            DbfType::Date => match std::str::from_utf8(raw)
                .ok()
                .map(str::trim)
                .filter(|t| t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()))
                .and_then(parse_date)
            {
                Some(days) => column.push_date(days),
                None => column.push_null(),
            },
            DbfType::Integer => match <[u8; 4]>::try_from(raw) {
                Ok(b) => column.push_int(i64::from(i32::from_le_bytes(b))),
                Err(_) => column.push_null(),
            },
            DbfType::Double => match <[u8; 8]>::try_from(raw).map(f64::from_le_bytes) {
                Ok(f) if f.is_finite() => column.push_float(f),
                _ => column.push_null(),
            },
            DbfType::Memo => column.push_null(),
        }
    }
    invalid
}

enum Number {
    Int(i64),
    Float(f64),
}

/// An ASCII number; blanks, `*` overflow fillers and garbage are `None`. Integers too big for i64 become floats.
fn parse_number(raw: &[u8], decimals: u8) -> Option<Number> {
    let text = std::str::from_utf8(raw)
        .ok()?
        .trim_matches(|c: char| c.is_ascii_whitespace() || c == '\0');
    if text.is_empty() || text.bytes().all(|b| b == b'*') {
        return None;
    }
    if decimals == 0
        && let Ok(i) = text.parse::<i64>()
    {
        return Some(Number::Int(i));
    }
    let value: f64 = text.replace(',', ".").parse().ok()?;
    value.is_finite().then_some(Number::Float(value))
}
