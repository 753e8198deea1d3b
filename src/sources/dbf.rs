//! dBASE III/IV tables (`.dbf`): reads records straight into typed columns, and writes small ones.

use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use encoding_rs::Encoding;

use super::SourceError;
use crate::data::column::{civil_from_days, parse_date};
use crate::data::{DatasetBuilder, IssueKind};
use crate::jobs::Progress;

/// Version bytes of dBASE III/IV, FoxPro and Visual FoxPro tables (with or without memo).
const VERSIONS: [u8; 14] = [
    0x03, 0x04, 0x05, 0x30, 0x31, 0x32, 0x43, 0x63, 0x83, 0x8B, 0x8E, 0xCB, 0xF5, 0xFB,
];

/// The type of a dBASE field, from its type letter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DbfType {
    /// `C`: text.
    Character,
    /// `N` or `F`: a number written in ASCII.
    Numeric,
    /// `L`: true, false or unknown.
    Logical,
    /// `D`: a date written `YYYYMMDD`.
    Date,
    /// `M`: a memo kept in a `.dbt` file, which is not read (the column stays empty).
    Memo,
    /// `I` or `+`: a 4-byte little-endian integer (Visual FoxPro).
    Integer,
    /// `O`, or `B` 8 bytes long: an 8-byte little-endian float (Visual FoxPro).
    Double,
    /// Any other letter: the bytes are read as text.
    Other(u8),
}

impl DbfType {
    fn from_letter(letter: u8, length: usize) -> Self {
        match letter.to_ascii_uppercase() {
            b'C' => Self::Character,
            b'N' | b'F' => Self::Numeric,
            b'L' => Self::Logical,
            b'D' => Self::Date,
            b'M' | b'G' | b'P' => Self::Memo,
            b'I' | b'+' if length == 4 => Self::Integer,
            b'O' | b'B' if length == 8 => Self::Double,
            b'B' => Self::Memo,
            other => Self::Other(other),
        }
    }
}

/// One field (column) of a dBASE table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DbfField {
    /// The name (at most 10 bytes once encoded).
    pub name: String,
    /// The type.
    pub kind: DbfType,
    /// Width in bytes.
    pub length: usize,
    /// Digits after the decimal point (numbers only).
    pub decimals: u8,
}

impl DbfField {
    /// A text field `length` bytes wide.
    pub fn character(name: &str, length: usize) -> Self {
        Self {
            name: name.into(),
            kind: DbfType::Character,
            length,
            decimals: 0,
        }
    }

    /// A number field `length` characters wide with `decimals` digits after the point (0: integers).
    pub fn numeric(name: &str, length: usize, decimals: u8) -> Self {
        Self {
            name: name.into(),
            kind: DbfType::Numeric,
            length,
            decimals,
        }
    }

    /// A true/false field.
    pub fn logical(name: &str) -> Self {
        Self {
            name: name.into(),
            kind: DbfType::Logical,
            length: 1,
            decimals: 0,
        }
    }

    /// A date field.
    pub fn date(name: &str) -> Self {
        Self {
            name: name.into(),
            kind: DbfType::Date,
            length: 8,
            decimals: 0,
        }
    }
}

/// One cell to write with [`write_dbf`].
#[derive(Clone, Debug, PartialEq)]
pub enum DbfValue {
    /// No value (blanks, or `?` in a logical field).
    Null,
    /// Text, for `C` fields.
    Text(String),
    /// A whole number, for `N` fields.
    Integer(i64),
    /// A decimal number, for `N` fields.
    Float(f64),
    /// True or false, for `L` fields.
    Boolean(bool),
    /// Days since 1970-01-01, for `D` fields.
    Date(i32),
}

/// The encoding of a table: the `.cpg` when it names a known one, else the header's language driver, else Windows-1252.
///
/// Text is never decoded as lossy UTF-8 by default: French data without a `.cpg` is almost always Windows ANSI.
pub fn detect_encoding(cpg: Option<&str>, language_driver: u8) -> &'static Encoding {
    cpg.and_then(encoding_from_cpg)
        .or_else(|| encoding_from_ldid(language_driver))
        .unwrap_or(encoding_rs::WINDOWS_1252)
}

/// The encoding a `.cpg` file names (`UTF-8`, `1252`, `ANSI 1252`, `88591`, `ISO-8859-15`…), `None` when unknown.
pub fn encoding_from_cpg(text: &str) -> Option<&'static Encoding> {
    let text = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}' || c == '\0');
    let upper = text.to_ascii_uppercase();
    if let Some(ldid) = upper.strip_prefix("LDID/") {
        return ldid.trim().parse::<u8>().ok().and_then(encoding_from_ldid);
    }
    let bare = ["ANSI", "CP", "WINDOWS-", "IBM", "OEM"]
        .iter()
        .find_map(|prefix| upper.strip_prefix(prefix))
        .unwrap_or(&upper)
        .trim();
    if !bare.is_empty() && bare.bytes().all(|b| b.is_ascii_digit()) {
        return bare.parse().ok().and_then(encoding_from_code_page);
    }
    let iso = upper
        .strip_prefix("ISO")
        .map_or(upper.as_str(), |r| r.trim_start_matches(['-', '_', ' ']));
    if let Some(part) = iso
        .strip_prefix("8859")
        .map(|r| r.trim_start_matches(['-', '_']))
    {
        let label = format!("iso-8859-{}", part.parse::<u32>().ok()?);
        return Encoding::for_label(label.as_bytes());
    }
    Encoding::for_label(text.as_bytes()).filter(|e| {
        ![
            encoding_rs::REPLACEMENT,
            encoding_rs::UTF_16LE,
            encoding_rs::UTF_16BE,
            encoding_rs::X_USER_DEFINED,
        ]
        .contains(e)
    })
}

/// The encoding of a Windows code page number, `None` when encoding_rs has no decoder for it.
fn encoding_from_code_page(code_page: u32) -> Option<&'static Encoding> {
    use encoding_rs::*;
    Some(match code_page {
        65001 => UTF_8,
        // No DOS Latin decoder exists in encoding_rs; see `encoding_from_ldid` for why ANSI is the right guess.
        437 | 850 | 1252 | 28591 => WINDOWS_1252,
        1250 => WINDOWS_1250,
        1251 => WINDOWS_1251,
        1253 => WINDOWS_1253,
        1254 => WINDOWS_1254,
        1255 => WINDOWS_1255,
        1256 => WINDOWS_1256,
        1257 => WINDOWS_1257,
        1258 => WINDOWS_1258,
        874 => WINDOWS_874,
        866 => IBM866,
        932 => SHIFT_JIS,
        936 => GBK,
        949 => EUC_KR,
        950 => BIG5,
        10000 => MACINTOSH,
        20866 => KOI8_R,
        21866 => KOI8_U,
        28592..=28605 => {
            return Encoding::for_label(format!("iso-8859-{}", code_page - 28590).as_bytes());
        }
        _ => return None,
    })
}

/// The encoding of a dBASE language driver id (header byte 29), `None` for 0 and unknown ids.
fn encoding_from_ldid(ldid: u8) -> Option<&'static Encoding> {
    use encoding_rs::*;
    Some(match ldid {
        // 0x01 (DOS CP437) and 0x02 (DOS CP850) have no decoder in encoding_rs, and the tools that write these
        // ids (old ArcView, MapInfo, scripts copying a template header) very often store Windows ANSI text
        // anyway. Windows-1252 therefore gets French accented letters right in the files met in practice;
        // a true CP850 file would show wrong accents (never lost bytes), and a `.cpg` overrides the guess.
        0x01 | 0x02 | 0x03 | 0x57 | 0x58 | 0x59 => WINDOWS_1252,
        0x04 => MACINTOSH,
        0x13 | 0x7B => SHIFT_JIS,
        0x26 | 0x65 => IBM866,
        0x4D | 0x7A => GBK,
        0x4E | 0x79 => EUC_KR,
        0x4F | 0x78 => BIG5,
        0x50 | 0x7C => WINDOWS_874,
        0x7D => WINDOWS_1255,
        0x7E => WINDOWS_1256,
        0xC8 => WINDOWS_1250,
        0xC9 => WINDOWS_1251,
        0xCA => WINDOWS_1254,
        0xCB => WINDOWS_1253,
        0xCC => WINDOWS_1257,
        _ => return None,
    })
}

/// How to read a `.dbf`.
#[derive(Clone, Copy, Debug, Default)]
pub struct DbfOptions<'a> {
    /// Content of the `.cpg` sidecar, if any.
    pub cpg: Option<&'a str>,
    /// An encoding that overrides both the `.cpg` and the header (a user's choice).
    pub encoding: Option<&'static Encoding>,
    /// Keep records marked deleted: a shapefile's N-th record must stay the N-th shape's.
    pub keep_deleted: bool,
}

/// Reads a dBASE table one record at a time, straight into a [`DatasetBuilder`]'s columns.
///
/// The caller ends each row: a shapefile reader pushes the geometry of the same row in between.
#[derive(Debug)]
pub struct DbfReader<R> {
    reader: R,
    source: PathBuf,
    fields: Vec<DbfField>,
    columns: Vec<usize>,
    encoding: &'static Encoding,
    language_driver: u8,
    declared: usize,
    consumed: usize,
    ended: bool,
    keep_deleted: bool,
    record: Vec<u8>,
    invalid_text: usize,
}

impl<R: Read> DbfReader<R> {
    /// Reads the header and field descriptors; `source` names the file in errors.
    pub fn new(mut reader: R, options: DbfOptions<'_>, source: &Path) -> Result<Self, SourceError> {
        let invalid = |why: &str| {
            log::debug!("{}: not a dBASE table ({why})", source.display());
            SourceError::format(
                "err-dbf-invalid",
                &[("path", &source.display().to_string())],
            )
        };
        let mut head = [0u8; 32];
        read_header_bytes(&mut reader, &mut head, source, &invalid)?;
        let declared = u32::from_le_bytes([head[4], head[5], head[6], head[7]]) as usize;
        let header_len = usize::from(u16::from_le_bytes([head[8], head[9]]));
        let record_len = usize::from(u16::from_le_bytes([head[10], head[11]]));
        if !VERSIONS.contains(&head[0]) || header_len < 33 || record_len == 0 {
            return Err(invalid("version or lengths"));
        }
        let language_driver = head[29];
        let encoding = options
            .encoding
            .unwrap_or_else(|| detect_encoding(options.cpg, language_driver));
        let mut rest = vec![0u8; header_len - 32];
        read_header_bytes(&mut reader, &mut rest, source, &invalid)?;
        let mut fields: Vec<DbfField> = Vec::new();
        let mut terminated = false;
        for d in rest.chunks(32) {
            if d[0] == 0x0D {
                terminated = true;
                break;
            }
            if d.len() < 32 || !(d[11].is_ascii_alphanumeric() || matches!(d[11], b'+' | b'@')) {
                return Err(invalid("field descriptor"));
            }
            let (mut length, mut decimals) = (usize::from(d[16]), d[17]);
            if d[11].eq_ignore_ascii_case(&b'C') {
                // Clipper and GDAL store the high byte of long text widths in the decimals byte.
                length += usize::from(decimals) * 256;
                decimals = 0;
            }
            let raw_name = &d[..d[..11].iter().position(|&b| b == 0).unwrap_or(11)];
            let name = encoding
                .decode_without_bom_handling(raw_name)
                .0
                .trim()
                .to_owned();
            fields.push(DbfField {
                name,
                kind: DbfType::from_letter(d[11], length),
                length,
                decimals,
            });
        }
        let used = 1 + fields.iter().map(|f| f.length).sum::<usize>();
        if fields.iter().any(|f| f.length == 0)
            || used > record_len
            || !(terminated || used == record_len)
        {
            return Err(invalid("field widths"));
        }
        unique_names(&mut fields);
        Ok(Self {
            reader,
            source: source.to_path_buf(),
            fields,
            columns: Vec::new(),
            encoding,
            language_driver,
            declared,
            consumed: 0,
            ended: false,
            keep_deleted: options.keep_deleted,
            record: vec![0; record_len],
            invalid_text: 0,
        })
    }

    /// The fields, in order (names made unique).
    pub fn fields(&self) -> &[DbfField] {
        &self.fields
    }

    /// The encoding text is decoded with.
    pub fn encoding(&self) -> &'static Encoding {
        self.encoding
    }

    /// The language driver id of the header (byte 29).
    pub fn language_driver(&self) -> u8 {
        self.language_driver
    }

    /// The record count the header declares (deleted records included).
    pub fn declared_records(&self) -> usize {
        self.declared
    }

    /// The size of one record in bytes.
    pub fn record_length(&self) -> usize {
        self.record.len()
    }

    /// Records the header declared but the file does not hold (it ended early).
    pub fn missing_records(&self) -> usize {
        if self.ended {
            self.declared.saturating_sub(self.consumed)
        } else {
            0
        }
    }

    /// Declares one column per field in `builder`; called by the first [`Self::read_record`] if not before.
    pub fn declare_columns(&mut self, builder: &mut DatasetBuilder) {
        self.columns = self
            .fields
            .iter()
            .map(|f| builder.add_column(&f.name))
            .collect();
    }

    /// Pushes the next record's cells into `builder` (without ending the row); `false` once there is none.
    pub fn read_record(&mut self, builder: &mut DatasetBuilder) -> Result<bool, SourceError> {
        if self.columns.len() != self.fields.len() {
            self.declare_columns(builder);
        }
        loop {
            if self.ended || self.consumed >= self.declared {
                return Ok(false);
            }
            let complete = read_full(&mut self.reader, &mut self.record)
                .map_err(|e| SourceError::io(&self.source, e))?;
            if !complete || self.record[0] == 0x1A {
                self.ended = true;
                return Ok(false);
            }
            self.consumed += 1;
            if self.record[0] != b'*' || self.keep_deleted {
                self.decode(builder);
                return Ok(true);
            }
        }
    }

    /// Records the problems met (undecodable text) as issues of `builder`.
    pub fn finish(self, builder: &mut DatasetBuilder) {
        let message = crate::i18n::tr_args(
            "issue-invalid-text",
            &[
                ("count", &self.invalid_text.to_string()),
                ("encoding", self.encoding.name()),
            ],
        );
        for _ in 0..self.invalid_text {
            builder.add_issue(IssueKind::InvalidText, || message.clone());
        }
    }

    fn decode(&mut self, builder: &mut DatasetBuilder) {
        let mut offset = 1;
        let mut invalid = false;
        for (field, &index) in self.fields.iter().zip(&self.columns) {
            let end = (offset + field.length).min(self.record.len());
            let raw = &self.record[offset.min(end)..end];
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
                        let (text, had_errors) = self.encoding.decode_without_bom_handling(trimmed);
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
        if invalid {
            self.invalid_text += 1;
        }
    }
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

/// Reads header bytes: a file too short to hold them is not a table.
fn read_header_bytes<R: Read>(
    reader: &mut R,
    buf: &mut [u8],
    source: &Path,
    invalid: &dyn Fn(&str) -> SourceError,
) -> Result<(), SourceError> {
    match read_full(reader, buf) {
        Ok(true) => Ok(()),
        Ok(false) => Err(invalid("too short")),
        Err(e) => Err(SourceError::io(source, e)),
    }
}

/// Fills `buf`; `Ok(false)` when the reader ends first.
fn read_full<R: Read>(reader: &mut R, buf: &mut [u8]) -> std::io::Result<bool> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => return Ok(false),
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(true)
}

/// Empty names become `champN`, repeated ones get `_2`, `_3`… so that each field has its own column.
fn unique_names(fields: &mut [DbfField]) {
    let mut seen = std::collections::HashSet::new();
    for (i, field) in fields.iter_mut().enumerate() {
        let base = if field.name.is_empty() {
            format!("champ{}", i + 1)
        } else {
            field.name.clone()
        };
        let mut name = base.clone();
        let mut n = 1;
        while !seen.insert(name.clone()) {
            n += 1;
            name = format!("{base}_{n}");
        }
        field.name = name;
    }
}

/// Reads a whole table into `builder`, one row without geometry per record; returns the number of rows.
///
/// Bytes read are added to `progress`; a table that ends early keeps its complete records and counts an issue.
pub fn read_dbf<R: Read>(
    reader: R,
    options: DbfOptions<'_>,
    source: &Path,
    builder: &mut DatasetBuilder,
    progress: &Progress,
) -> Result<usize, SourceError> {
    let mut dbf = DbfReader::new(reader, options, source)?;
    let mut rows = 0usize;
    while dbf.read_record(builder)? {
        builder.geometry.push_empty();
        builder.end_row();
        rows += 1;
        if rows.is_multiple_of(4096) {
            progress.add_done(4096 * dbf.record_length() as u64);
            if progress.is_cancelled() {
                return Err(SourceError::Cancelled);
            }
        }
    }
    // One issue, not one per missing record: the declared count of a damaged header can be absurd.
    if dbf.missing_records() > 0 {
        let declared = dbf.declared_records().to_string();
        let read = (dbf.declared_records() - dbf.missing_records()).to_string();
        builder.add_issue(IssueKind::SkippedRecord, || {
            crate::i18n::tr_args(
                "issue-dbf-truncated",
                &[("read", &read), ("declared", &declared)],
            )
        });
    }
    dbf.finish(builder);
    Ok(rows)
}

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
    let today = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    let (year, month, day) = civil_from_days(today as i64);
    let mut header = [0u8; 32];
    header[0] = 0x03;
    header[1..4].copy_from_slice(&[(year - 1900).clamp(0, 255) as u8, month as u8, day as u8]);
    header[8..10].copy_from_slice(&header_len16.to_le_bytes());
    header[10..12].copy_from_slice(&record_len16.to_le_bytes());
    header[29] = language_driver;
    out.write_all(&header)?;
    for field in fields {
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
        let Some(name) = name.filter(|_| ok) else {
            return Err(bad(format!("field {:?} cannot be written", field.name)));
        };
        let mut d = [0u8; 32];
        d[..name.len()].copy_from_slice(&name);
        d[11] = letter;
        d[16] = field.length as u8;
        d[17] = field.decimals;
        out.write_all(&d)?;
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

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;
    use crate::data::{Dataset, FieldType, Value};

    fn table(
        fields: &[DbfField],
        rows: Vec<Vec<DbfValue>>,
        encoding: &'static Encoding,
        ldid: u8,
    ) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        write_dbf_to(&mut out, fields, rows, encoding, ldid).expect("table written");
        out.into_inner()
    }

    fn read(bytes: &[u8], options: DbfOptions<'_>) -> Result<Dataset, SourceError> {
        let mut builder = DatasetBuilder::new(false);
        read_dbf(
            bytes,
            options,
            Path::new("t.dbf"),
            &mut builder,
            &Progress::default(),
        )?;
        Ok(builder.finish(None))
    }

    fn texts(ds: &Dataset, column: usize) -> Vec<String> {
        (0..ds.len())
            .map(|i| ds.columns[column].value(i).to_string())
            .collect()
    }

    const FRENCH: [&str; 3] = [
        "Rue de l'Hôtel de Ville",
        "Œuvre",
        "Saint-Barthélemy-d'Anjou",
    ];

    fn french_rows() -> Vec<Vec<DbfValue>> {
        FRENCH
            .iter()
            .map(|t| vec![DbfValue::Text((*t).into())])
            .collect()
    }

    #[test]
    fn each_type_round_trips_with_nulls() {
        let fields = [
            DbfField::character("nom", 30),
            DbfField::numeric("entier", 10, 0),
            DbfField::numeric("surface", 12, 3),
            DbfField::logical("actif"),
            DbfField::date("maj"),
        ];
        let day = parse_date("2023-05-01").expect("date");
        let rows = vec![
            vec![
                DbfValue::Text("Rue Lenepveu".into()),
                DbfValue::Integer(42),
                DbfValue::Float(12.5),
                DbfValue::Boolean(true),
                DbfValue::Date(day),
            ],
            vec![
                DbfValue::Null,
                DbfValue::Null,
                DbfValue::Null,
                DbfValue::Null,
                DbfValue::Null,
            ],
            vec![
                DbfValue::Text("x".into()),
                DbfValue::Integer(-7),
                DbfValue::Integer(3),
                DbfValue::Boolean(false),
                DbfValue::Date(0),
            ],
        ];
        let bytes = table(&fields, rows, encoding_rs::WINDOWS_1252, 0x57);
        assert_eq!(
            (bytes[0], bytes[4], bytes[29], bytes[bytes.len() - 1]),
            (0x03, 3, 0x57, 0x1A)
        );
        let ds = read(&bytes, DbfOptions::default()).expect("table read");
        let types: Vec<FieldType> = ds.columns.iter().map(|c| c.field_type()).collect();
        use FieldType::*;
        assert_eq!(types, [Text, Integer, Float, Boolean, Date]);
        let row = |i: usize| ds.columns.iter().map(|c| c.value(i)).collect::<Vec<_>>();
        assert_eq!(
            row(0),
            [
                Value::Text("Rue Lenepveu"),
                Value::Integer(42),
                Value::Float(12.5),
                Value::Boolean(true),
                Value::Date(day)
            ]
        );
        assert!(row(1).iter().all(|v| *v == Value::Null));
        assert_eq!(
            row(2)[1..],
            [
                Value::Integer(-7),
                Value::Float(3.0),
                Value::Boolean(false),
                Value::Date(0)
            ]
        );
        assert_eq!(ds.len(), 3);
    }

    #[test]
    fn cp1252_text_is_decoded_without_cpg() {
        for ldid in [0x57, 0x00] {
            let bytes = table(
                &[DbfField::character("voie", 40)],
                french_rows(),
                encoding_rs::WINDOWS_1252,
                ldid,
            );
            assert!(bytes.contains(&0x8C), "Œ is 0x8C in CP1252");
            let ds = read(&bytes, DbfOptions::default()).expect("table read");
            assert_eq!(texts(&ds, 0), FRENCH, "language driver {ldid:#x}");
            assert!(ds.issues.iter().all(|i| i.kind != IssueKind::InvalidText));
        }
    }

    #[test]
    fn cpg_names_the_encoding() {
        let utf8 = table(
            &[DbfField::character("voie", 40)],
            french_rows(),
            encoding_rs::UTF_8,
            0x00,
        );
        let ds = read(
            &utf8,
            DbfOptions {
                cpg: Some("UTF-8\r\n"),
                ..DbfOptions::default()
            },
        )
        .expect("read");
        assert_eq!(texts(&ds, 0), FRENCH);
        let ansi = table(
            &[DbfField::character("voie", 40)],
            french_rows(),
            encoding_rs::WINDOWS_1252,
            0xC9,
        );
        let ds = read(
            &ansi,
            DbfOptions {
                cpg: Some("1252"),
                ..DbfOptions::default()
            },
        )
        .expect("read");
        assert_eq!(
            texts(&ds, 0),
            FRENCH,
            "the .cpg wins over the header's language driver"
        );
    }

    #[test]
    fn encodings_come_from_cpg_labels_then_language_drivers() {
        use encoding_rs::*;
        let cases = [
            (Some("UTF8"), 0x57, UTF_8),
            (Some("65001"), 0x00, UTF_8),
            (Some("CP1252"), 0xC9, WINDOWS_1252),
            (Some("ANSI 1251"), 0x00, WINDOWS_1251),
            (Some("ISO-8859-1"), 0x00, WINDOWS_1252),
            (Some("88591"), 0x00, WINDOWS_1252),
            (Some("8859-15"), 0x00, ISO_8859_15),
            (Some("nonsense"), 0xC8, WINDOWS_1250),
            (None, 0x03, WINDOWS_1252),
            (None, 0x02, WINDOWS_1252),
            (None, 0x26, IBM866),
            (None, 0x7D, WINDOWS_1255),
            (None, 0x00, WINDOWS_1252),
        ];
        for (cpg, ldid, expected) in cases {
            assert_eq!(detect_encoding(cpg, ldid), expected, "{cpg:?} {ldid:#x}");
        }
    }

    #[test]
    fn deleted_records_are_skipped_unless_kept() {
        let rows = ["a", "b", "c"]
            .iter()
            .map(|t| vec![DbfValue::Text((*t).into())])
            .collect();
        let mut bytes = table(
            &[DbfField::character("k", 10)],
            rows,
            encoding_rs::WINDOWS_1252,
            0x57,
        );
        bytes[65 + 11] = b'*';
        let ds = read(&bytes, DbfOptions::default()).expect("read");
        assert_eq!(texts(&ds, 0), ["a", "c"]);
        let ds = read(
            &bytes,
            DbfOptions {
                keep_deleted: true,
                ..DbfOptions::default()
            },
        )
        .expect("read");
        assert_eq!(texts(&ds, 0), ["a", "b", "c"]);
    }

    #[test]
    fn blank_starred_and_huge_numbers_and_blank_dates() {
        let fields = [DbfField::numeric("n", 20, 0), DbfField::date("d")];
        let rows = (1..=4)
            .map(|i| vec![DbfValue::Integer(i), DbfValue::Date(1)])
            .collect();
        let mut bytes = table(&fields, rows, encoding_rs::WINDOWS_1252, 0x57);
        let record = |i: usize| 97 + i * 29;
        bytes[record(0) + 1..record(0) + 21].copy_from_slice(b"99999999999999999999");
        bytes[record(1) + 1..record(1) + 21].copy_from_slice(&[b'*'; 20]);
        bytes[record(1) + 21..record(1) + 29].copy_from_slice(b"00000000");
        bytes[record(2) + 1..record(2) + 29].copy_from_slice(&[b' '; 28]);
        let ds = read(&bytes, DbfOptions::default()).expect("read");
        let n: Vec<_> = (0..4).map(|i| ds.columns[0].value(i)).collect();
        assert_eq!(
            n,
            [
                Value::Float(1e20),
                Value::Null,
                Value::Null,
                Value::Float(4.0)
            ]
        );
        let d: Vec<_> = (0..4).map(|i| ds.columns[1].value(i)).collect();
        assert_eq!(
            d,
            [Value::Date(1), Value::Null, Value::Null, Value::Date(1)]
        );
    }

    #[test]
    fn undecodable_text_is_counted_and_truncation_keeps_whole_records() {
        let bytes = table(
            &[DbfField::character("voie", 40)],
            french_rows(),
            encoding_rs::WINDOWS_1252,
            0x57,
        );
        let ds = read(
            &bytes,
            DbfOptions {
                cpg: Some("UTF-8"),
                ..DbfOptions::default()
            },
        )
        .expect("read");
        assert!(texts(&ds, 0)[0].contains('\u{FFFD}'));
        assert!(
            ds.issues
                .iter()
                .any(|i| i.kind == IssueKind::InvalidText && i.count == 3)
        );
        let ds = read(&bytes[..bytes.len() - 6], DbfOptions::default()).expect("read");
        assert_eq!(texts(&ds, 0), FRENCH[..2]);
        assert!(
            ds.issues
                .iter()
                .any(|i| i.kind == IssueKind::SkippedRecord && i.count == 1)
        );
    }

    #[test]
    fn garbage_is_an_error_and_never_a_panic() {
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let garbage: Vec<u8> = (0..4096).map(|_| next() as u8).collect();
        assert!(matches!(
            read(&garbage, DbfOptions::default()),
            Err(SourceError::Format(_))
        ));
        let valid = table(
            &[DbfField::character("a", 5), DbfField::numeric("b", 4, 1)],
            vec![],
            encoding_rs::UTF_8,
            0,
        );
        for round in 0..500 {
            let mut bytes: Vec<u8> = valid
                .iter()
                .copied()
                .chain((0..round % 97).map(|_| next() as u8))
                .collect();
            for _ in 0..3 {
                let at = next() as usize % bytes.len();
                bytes[at] = next() as u8;
            }
            let _ = read(&bytes, DbfOptions::default());
            let _ = read(&bytes[..round % bytes.len()], DbfOptions::default());
        }
    }

    #[test]
    fn writer_rejects_values_that_do_not_fit() {
        let write = |field: DbfField, value: DbfValue| {
            let mut out = Cursor::new(Vec::new());
            write_dbf_to(
                &mut out,
                &[field],
                vec![vec![value]],
                encoding_rs::WINDOWS_1252,
                0x57,
            )
        };
        assert!(write(DbfField::numeric("n", 3, 0), DbfValue::Integer(12345)).is_err());
        assert!(write(DbfField::numeric("n", 3, 0), DbfValue::Text("x".into())).is_err());
        assert!(write(DbfField::character("c", 2), DbfValue::Text("abc".into())).is_err());
        assert!(
            write(
                DbfField::character("c", 2),
                DbfValue::Text("\u{4e2d}".into())
            )
            .is_err()
        );
        assert!(write(DbfField::character("a_too_long_name", 2), DbfValue::Null).is_err());
    }
}
