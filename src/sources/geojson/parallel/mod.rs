//! Reads a large GeoJSON FeatureCollection on every core: the `features` array is cut into runs
//! of whole features while the file streams in, and the runs are parsed apart then joined in file
//! order into the one dataset a single pass would have built.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use super::{parse_feature_run, read_geojson_from};
use crate::jobs::Progress;
use crate::sources::parallel_runs::parse_in_order;
use crate::sources::{RawSource, SourceError};

/// Bytes read from the file at a time.
const BLOCK_BYTES: usize = 4 << 20;
/// A run is cut at the first feature boundary past this many bytes.
const RUN_BYTES: usize = 4 << 20;
/// The `features` member must start within this many bytes (`crs`, `name`, `bbox` come first).
const HEAD_BYTES: usize = 16 << 20;

/// Reads `file` in parallel. `Ok(None)` when the file is not a plain FeatureCollection or a run
/// did not parse: the caller then reads it in one stream, which reports faults with their line.
pub(super) fn read(
    path: &Path,
    mut file: File,
    progress: &Progress,
) -> Result<Option<RawSource>, SourceError> {
    read_with(&mut file, progress, RUN_BYTES).map_err(|e| match e {
        Fault::Io(e) => SourceError::io(path, e),
        Fault::Cancelled => SourceError::Cancelled,
    })
}

/// Why a parallel read stopped.
#[derive(Debug)]
enum Fault {
    Io(std::io::Error),
    Cancelled,
}

fn read_with(
    file: &mut impl Read,
    progress: &Progress,
    run_bytes: usize,
) -> Result<Option<RawSource>, Fault> {
    let mut head = Vec::new();
    let features_at = loop {
        if progress.is_cancelled() {
            return Err(Fault::Cancelled);
        }
        match features_array(&head) {
            Head::At(at) => break at,
            Head::NotCollection => return Ok(None),
            Head::NeedMore if head.len() >= HEAD_BYTES => return Ok(None),
            Head::NeedMore => {
                if read_block(file, &mut head, progress)? == 0 {
                    return Ok(None);
                }
            }
        }
    };
    let pending = head.split_off(features_at);
    // The members before the array, without its `[`.
    head.pop();
    let prefix = head;
    let (suffix, merged) = parse_in_order(
        |send| cut_runs(file, pending, send, progress, run_bytes),
        |run: Vec<u8>| {
            if progress.is_cancelled() {
                return None;
            }
            parse_feature_run(&run, progress).ok()
        },
    );
    let suffix = match suffix? {
        Some(suffix) => suffix,
        None => return Ok(None),
    };
    let Some(builder) = merged else {
        if progress.is_cancelled() {
            return Err(Fault::Cancelled);
        }
        return Ok(None);
    };
    // The members around the array (`type`, `crs`, …), read with the array left empty.
    let mut rest = prefix;
    rest.extend_from_slice(b"[]");
    rest.extend_from_slice(&suffix);
    let Ok(outer) = read_geojson_from(rest.as_slice(), None, &Progress::default()) else {
        return Ok(None);
    };
    if outer.builder.rows() > 0 {
        return Ok(None);
    }
    Ok(Some(RawSource {
        builder,
        crs: outer.crs,
    }))
}

fn read_block(
    file: &mut impl Read,
    into: &mut Vec<u8>,
    progress: &Progress,
) -> Result<usize, Fault> {
    let before = into.len();
    into.reserve(BLOCK_BYTES);
    file.take(BLOCK_BYTES as u64)
        .read_to_end(into)
        .map_err(Fault::Io)?;
    let n = into.len() - before;
    progress.add_done(n as u64);
    Ok(n)
}

/// Cuts the array (the bytes after its `[`, then the rest of the file) into runs sent to the
/// workers. Returns the bytes after the array's `]`, or `None` when the file ends inside it.
fn cut_runs(
    file: &mut impl Read,
    mut pending: Vec<u8>,
    send: &mut dyn FnMut(Vec<u8>) -> bool,
    progress: &Progress,
    run_bytes: usize,
) -> Result<Option<Vec<u8>>, Fault> {
    let mut scanner = Scanner::default();
    let mut scanned = 0;
    loop {
        if progress.is_cancelled() {
            return Err(Fault::Cancelled);
        }
        match scanner.next_boundary(&pending, scanned) {
            Some(Boundary { at, end }) if end || at >= run_bytes => {
                let mut run = Vec::with_capacity(at + 2);
                run.push(b'[');
                run.extend_from_slice(&pending[..at]);
                run.push(b']');
                if !send(run) {
                    return Ok(None);
                }
                if end {
                    let mut suffix = pending.split_off(at + 1);
                    while read_block(file, &mut suffix, progress)? > 0 {}
                    return Ok(Some(suffix));
                }
                pending.drain(..=at);
                scanned = 0;
            }
            Some(Boundary { at, .. }) => scanned = at + 1,
            None => {
                scanned = pending.len();
                if read_block(file, &mut pending, progress)? == 0 {
                    return Ok(None);
                }
            }
        }
    }
}

/// Where the top-level `features` array starts, as far as the bytes read so far tell.
#[derive(Debug, PartialEq)]
enum Head {
    /// Index right after the array's `[`.
    At(usize),
    NeedMore,
    /// Not an object holding a `features` array (a single feature, a bare geometry, an array).
    NotCollection,
}

fn features_array(bytes: &[u8]) -> Head {
    let mut depth = 0usize;
    let mut key_next = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let Some(end) = string_end(bytes, i + 1) else {
                    return Head::NeedMore;
                };
                if depth == 1 && key_next && &bytes[i + 1..end] == b"features" {
                    let mut j = end + 1;
                    while j < bytes.len() && (bytes[j].is_ascii_whitespace() || bytes[j] == b':') {
                        j += 1;
                    }
                    return match bytes.get(j) {
                        Some(b'[') => Head::At(j + 1),
                        Some(_) => Head::NotCollection,
                        None => Head::NeedMore,
                    };
                }
                key_next = false;
                i = end;
            }
            b'{' => {
                if depth == 0 && i > 0 && !bytes[..i].iter().all(u8::is_ascii_whitespace) {
                    return Head::NotCollection;
                }
                depth += 1;
                key_next = depth == 1;
            }
            b'[' if depth == 0 => return Head::NotCollection,
            b'[' => depth += 1,
            b'}' | b']' => {
                if depth <= 1 {
                    return Head::NotCollection;
                }
                depth -= 1;
            }
            b',' => key_next = depth == 1,
            _ => {}
        }
        i += 1;
    }
    Head::NeedMore
}

/// The index of the `"` closing the string whose content starts at `from`.
fn string_end(bytes: &[u8], mut from: usize) -> Option<usize> {
    loop {
        let k = from + memchr::memchr2(b'"', b'\\', bytes.get(from..)?)?;
        if bytes[k] == b'"' {
            return Some(k);
        }
        from = k + 2;
    }
}

/// A comma between two elements of the array, or the `]` that closes it.
#[derive(Debug, PartialEq)]
struct Boundary {
    at: usize,
    end: bool,
}

/// Follows strings and nesting inside the array, across the blocks of the file.
#[derive(Debug, Default)]
struct Scanner {
    depth: usize,
    in_string: bool,
    escaped: bool,
}

impl Scanner {
    /// The next boundary at or after `from`; `None` when `bytes` ends first (call again from
    /// `bytes.len()` once more bytes are appended).
    fn next_boundary(&mut self, bytes: &[u8], from: usize) -> Option<Boundary> {
        let mut i = from;
        while i < bytes.len() {
            if self.escaped {
                self.escaped = false;
                i += 1;
                continue;
            }
            if self.in_string {
                match memchr::memchr2(b'"', b'\\', &bytes[i..]) {
                    Some(k) => {
                        i += k;
                        if bytes[i] == b'\\' {
                            self.escaped = true;
                        } else {
                            self.in_string = false;
                        }
                    }
                    None => return None,
                }
                i += 1;
                continue;
            }
            match bytes[i] {
                b'"' => self.in_string = true,
                b'{' | b'[' => self.depth += 1,
                b'}' | b']' if self.depth == 0 => return Some(Boundary { at: i, end: true }),
                b'}' | b']' => self.depth -= 1,
                b',' if self.depth == 0 => return Some(Boundary { at: i, end: false }),
                _ => {}
            }
            i += 1;
        }
        None
    }
}

#[cfg(test)]
mod tests;
