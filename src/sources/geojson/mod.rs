//! GeoJSON reader (RFC 7946 and the older `crs` member), streamed straight into columns.
//!
//! The document is walked with serde seeds, so no per-feature JSON tree is ever built.

mod collection;
mod document;
mod geometry;
mod parallel;
mod properties;

use std::io::{BufRead, Read};
use std::path::Path;

use serde::de::DeserializeSeed;

use super::{RawSource, SourceError};
use crate::data::DatasetBuilder;
use crate::jobs::Progress;
use document::{DocumentSeed, FeaturesSeed, State};

/// Files from this size up are read on every core (when they are a FeatureCollection).
const PARALLEL_FROM_BYTES: u64 = 8 << 20;

/// Reads a GeoJSON file (FeatureCollection, Feature or bare geometry).
pub fn read_geojson(path: &Path, progress: &Progress) -> Result<RawSource, SourceError> {
    let open = || std::fs::File::open(path).map_err(|e| SourceError::io(path, e));
    let file = open()?;
    let size = file.metadata().map(|m| m.len()).ok();
    if let Some(total) = size.filter(|&s| s >= PARALLEL_FROM_BYTES) {
        progress.set_total(total);
        if let Some(raw) = parallel::read(path, file, progress)? {
            return Ok(raw);
        }
        // Not a plain collection, or a fault: one stream reads it and tells where it is.
        return read_geojson_from(open()?, size, progress);
    }
    read_geojson_from(file, size, progress)
}

/// Parses `[feature, …]`, a run of whole features cut from a collection, into a builder of its own.
pub(super) fn parse_feature_run(
    json: &[u8],
    progress: &Progress,
) -> Result<DatasetBuilder, serde_json::Error> {
    let mut builder = DatasetBuilder::new(true);
    let mut de = serde_json::Deserializer::from_slice(json);
    FeaturesSeed(&mut builder, progress).deserialize(&mut de)?;
    de.end()?;
    Ok(builder)
}

/// Reads GeoJSON from any reader; `total_bytes` feeds the progress bar.
pub fn read_geojson_from<R: Read>(
    reader: R,
    total_bytes: Option<u64>,
    progress: &Progress,
) -> Result<RawSource, SourceError> {
    if let Some(total) = total_bytes {
        progress.set_total(total);
    }
    let counting = CountingReader {
        inner: reader,
        progress,
        pending: 0,
    };
    let mut buffered = std::io::BufReader::with_capacity(1 << 16, counting);
    // Windows editors often save UTF-8 with a byte order mark, which JSON does not allow.
    let head = buffered.fill_buf().map_err(|e| SourceError::Json {
        line: 1,
        column: 1,
        kind: super::error::JsonFault::Io(e.kind()),
    })?;
    if head.starts_with(b"\xEF\xBB\xBF") {
        buffered.consume(3);
    }
    let mut de = serde_json::Deserializer::from_reader(buffered);
    let mut state = State {
        progress,
        builder: DatasetBuilder::new(true),
        crs: None,
        saw_geojson: false,
    };
    let result = DocumentSeed(&mut state)
        .deserialize(&mut de)
        .and_then(|()| de.end());
    if let Err(e) = result {
        if progress.is_cancelled() {
            return Err(SourceError::Cancelled);
        }
        return Err(SourceError::json(&e));
    }
    if !state.saw_geojson {
        return Err(SourceError::format("err-geojson-not", &[]));
    }
    Ok(RawSource {
        builder: state.builder,
        crs: state.crs,
    })
}

/// A serde_json message without its position (the error carries it apart).
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(pos) => message[..pos].to_owned(),
        None => message.to_owned(),
    }
}

/// Counts bytes for the progress bar and turns a cancel request into a read error.
struct CountingReader<'p, R> {
    inner: R,
    progress: &'p Progress,
    pending: u64,
}

impl<R: Read> Read for CountingReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.progress.is_cancelled() {
            return Err(std::io::Error::other("cancelled"));
        }
        let n = self.inner.read(buf)?;
        self.pending += n as u64;
        if self.pending >= 1 << 16 || n == 0 {
            self.progress.add_done(self.pending);
            self.pending = 0;
        }
        Ok(n)
    }
}
