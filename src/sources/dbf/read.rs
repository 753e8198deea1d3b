//! Reading a `.dbf`: the header and field descriptors, then each record decoded into typed columns.

use std::io::Read;
use std::path::{Path, PathBuf};

use encoding_rs::Encoding;

use super::encoding::detect_encoding;
use super::record::{RecordDecoder, decode_record};
use super::{DbfField, DbfType};
use crate::data::{DatasetBuilder, IssueKind};
use crate::jobs::Progress;
use crate::sources::SourceError;

/// Version bytes of dBASE III/IV, FoxPro and Visual FoxPro tables (with or without memo).
const VERSIONS: [u8; 14] = [
    0x03, 0x04, 0x05, 0x30, 0x31, 0x32, 0x43, 0x63, 0x83, 0x8B, 0x8E, 0xCB, 0xF5, 0xFB,
];

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
        let (mut fields, terminated) =
            read_descriptors(&rest, encoding).ok_or_else(|| invalid("field descriptor"))?;
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
        // One issue, not one per missing record: the declared count of a damaged header can be
        // absurd (2³¹ records in a file of a few kilobytes).
        if self.missing_records() > 0 {
            let declared = crate::i18n::format_count(self.declared_records() as u64);
            let read = crate::i18n::format_count((self.declared - self.missing_records()) as u64);
            builder.add_issue(IssueKind::SkippedRecord, || {
                crate::i18n::tr_args(
                    "issue-dbf-truncated",
                    &[("read", &read), ("declared", &declared)],
                )
            });
        }
        let message = crate::i18n::tr_count(
            "issue-invalid-text",
            self.invalid_text as u64,
            &[("encoding", self.encoding.name())],
        );
        for _ in 0..self.invalid_text {
            builder.add_issue(IssueKind::InvalidText, || message.clone());
        }
    }

    fn decode(&mut self, builder: &mut DatasetBuilder) {
        if decode_record(
            &self.fields,
            &self.columns,
            self.encoding,
            &self.record,
            builder,
        ) {
            self.invalid_text += 1;
        }
    }

    /// The raw bytes of up to `max_records` next records (deleted ones included), for a
    /// [`RecordDecoder`] on another thread; `None` once there is none.
    pub fn read_block(&mut self, max_records: usize) -> Result<Option<Vec<u8>>, SourceError> {
        let len = self.record.len();
        let wanted = max_records.min(self.declared.saturating_sub(self.consumed));
        if self.ended || wanted == 0 {
            return Ok(None);
        }
        let mut block = vec![0u8; wanted * len];
        let filled = read_up_to(&mut self.reader, &mut block)
            .map_err(|e| SourceError::io(&self.source, e))?;
        let mut records = filled / len;
        if records < wanted {
            self.ended = true;
        }
        if let Some(end) = block[..records * len]
            .chunks_exact(len)
            .position(|r| r[0] == 0x1A)
        {
            records = end;
            self.ended = true;
        }
        block.truncate(records * len);
        self.consumed += records;
        Ok((records > 0).then_some(block))
    }

    /// What decodes the blocks of [`Self::read_block`]: the fields and the encoding.
    pub fn decoder(&self) -> RecordDecoder {
        RecordDecoder {
            fields: self.fields.clone(),
            encoding: self.encoding,
            record_len: self.record.len(),
            keep_deleted: self.keep_deleted,
        }
    }

    /// Counts records whose text a [`RecordDecoder`] could not decode, for [`Self::finish`].
    pub fn add_invalid_text(&mut self, records: usize) {
        self.invalid_text += records;
    }
}

/// The field descriptors (32 bytes each) up to the 0x0D terminator, and whether it was there;
/// `None` when a descriptor is not one.
fn read_descriptors(rest: &[u8], encoding: &'static Encoding) -> Option<(Vec<DbfField>, bool)> {
    let mut fields: Vec<DbfField> = Vec::new();
    for d in rest.chunks(32) {
        if d[0] == 0x0D {
            return Some((fields, true));
        }
        if d.len() < 32 || !(d[11].is_ascii_alphanumeric() || matches!(d[11], b'+' | b'@')) {
            return None;
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
    Some((fields, false))
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

/// Reads into `buf` until it is full or the reader ends; returns the bytes read.
fn read_up_to<R: Read>(reader: &mut R, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
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
    dbf.finish(builder);
    Ok(rows)
}
