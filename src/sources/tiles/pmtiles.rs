//! Reading a PMTiles v3 archive (raster tiles): the 127-byte header, the varint directories
//! (often gzip-compressed) walked from the root to a leaf, the JSON metadata, one tile at a time.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::Mutex;

use super::{TileKey, TileMeta, TileSourceError};

const HEADER_LEN: usize = 127;
/// Leaf directories followed at most (the format uses one level; damaged files may loop).
const MAX_DEPTH: usize = 4;

/// An open PMTiles archive.
pub struct PmTiles {
    file: Mutex<File>,
    header: Header,
    root: Vec<Entry>,
    meta: TileMeta,
}

/// The fields of the header the reader uses.
#[derive(Clone, Copy, Debug)]
struct Header {
    root: (u64, u64),
    metadata: (u64, u64),
    leaves_offset: u64,
    data_offset: u64,
    gzip: bool,
    tile_gzip: bool,
}

/// One directory entry: tiles `tile_id .. tile_id + run` at `offset`, or a leaf when `run` is 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Entry {
    tile_id: u64,
    offset: u64,
    length: u64,
    run: u64,
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(a)
}

fn i32_at(b: &[u8], at: usize) -> i32 {
    let mut a = [0u8; 4];
    a.copy_from_slice(&b[at..at + 4]);
    i32::from_le_bytes(a)
}

impl PmTiles {
    /// Opens `path`, reads its header, root directory and metadata.
    pub fn open(path: &Path) -> Result<Self, TileSourceError> {
        let mut file = File::open(path)?;
        let mut b = [0u8; HEADER_LEN];
        file.read_exact(&mut b)
            .map_err(|_| TileSourceError::NotPmTiles("short header"))?;
        if &b[0..7] != b"PMTiles" || b[7] != 3 {
            return Err(TileSourceError::NotPmTiles("not version 3"));
        }
        let compression = |c: u8| match c {
            0 | 1 => Ok(false),
            2 => Ok(true),
            _ => Err(TileSourceError::NotPmTiles("unsupported compression")),
        };
        let header = Header {
            root: (u64_at(&b, 8), u64_at(&b, 16)),
            metadata: (u64_at(&b, 24), u64_at(&b, 32)),
            leaves_offset: u64_at(&b, 40),
            data_offset: u64_at(&b, 56),
            gzip: compression(b[97])?,
            tile_gzip: compression(b[98])?,
        };
        if b[99] == 1 {
            return Err(TileSourceError::VectorTiles);
        }
        let degrees = |at| f64::from(i32_at(&b, at)) / 1e7;
        let bounds = [degrees(102), degrees(106), degrees(110), degrees(114)];
        let mut meta = TileMeta {
            min_zoom: b[100].min(24),
            max_zoom: b[101].min(24),
            bounds: (bounds[0] < bounds[2] && bounds[1] < bounds[3]).then_some(bounds),
            ..TileMeta::default()
        };
        let root_bytes = read_part(&mut file, header.root, header.gzip)?;
        let root = parse_directory(&root_bytes)?;
        if header.metadata.1 > 0 {
            let json = read_part(&mut file, header.metadata, header.gzip)?;
            read_metadata(&json, &mut meta);
        }
        Ok(Self {
            file: Mutex::new(file),
            header,
            root,
            meta,
        })
    }

    /// What the archive says about itself.
    pub fn meta(&self) -> &TileMeta {
        &self.meta
    }

    /// The bytes of tile `key`, `None` when the archive does not have it.
    pub fn tile(&self, key: TileKey) -> Result<Option<Vec<u8>>, TileSourceError> {
        if !key.valid() {
            return Ok(None);
        }
        let id = tile_id(key);
        let mut file = self.file.lock().unwrap_or_else(|p| p.into_inner());
        let mut dir = self.root.clone();
        for _ in 0..MAX_DEPTH {
            let Some(entry) = find(&dir, id) else {
                return Ok(None);
            };
            if entry.run > 0 {
                let at = (self.header.data_offset + entry.offset, entry.length);
                return Ok(Some(read_part(&mut file, at, self.header.tile_gzip)?));
            }
            let at = (self.header.leaves_offset + entry.offset, entry.length);
            dir = parse_directory(&read_part(&mut file, at, self.header.gzip)?)?;
        }
        Err(TileSourceError::NotPmTiles("directories too deep"))
    }
}

/// Reads `(offset, length)` of the file, gunzipped when `gzip`.
fn read_part(
    file: &mut File,
    (offset, length): (u64, u64),
    gzip: bool,
) -> Result<Vec<u8>, TileSourceError> {
    if length > 64 * 1024 * 1024 {
        return Err(TileSourceError::NotPmTiles("part too long"));
    }
    file.seek(SeekFrom::Start(offset))?;
    let mut raw = vec![0u8; length as usize];
    file.read_exact(&mut raw)
        .map_err(|_| TileSourceError::NotPmTiles("truncated"))?;
    if !gzip {
        return Ok(raw);
    }
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(&raw[..])
        .take(256 * 1024 * 1024)
        .read_to_end(&mut out)
        .map_err(|_| TileSourceError::NotPmTiles("bad gzip"))?;
    Ok(out)
}

/// The entry holding `id`: the last one starting at or before it, if its run reaches it (a
/// leaf, run 0, holds every id up to the next entry).
fn find(dir: &[Entry], id: u64) -> Option<Entry> {
    let at = dir.partition_point(|e| e.tile_id <= id).checked_sub(1)?;
    let e = dir[at];
    (e.run == 0 || id < e.tile_id + e.run).then_some(e)
}

fn varint(bytes: &[u8], pos: &mut usize) -> Result<u64, TileSourceError> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *bytes
            .get(*pos)
            .ok_or(TileSourceError::NotPmTiles("truncated directory"))?;
        *pos += 1;
        value |= u64::from(b & 0x7F) << shift;
        if b & 0x80 == 0 {
            return Ok(value);
        }
    }
    Err(TileSourceError::NotPmTiles("bad varint"))
}

/// A directory: entry count, then the ids (as deltas), runs, lengths and offsets, column by column.
fn parse_directory(bytes: &[u8]) -> Result<Vec<Entry>, TileSourceError> {
    let mut pos = 0;
    let n = varint(bytes, &mut pos)? as usize;
    if n > bytes.len() {
        return Err(TileSourceError::NotPmTiles("bad directory"));
    }
    let mut entries = vec![
        Entry {
            tile_id: 0,
            offset: 0,
            length: 0,
            run: 0
        };
        n
    ];
    let mut last = 0u64;
    for e in entries.iter_mut() {
        last = last.saturating_add(varint(bytes, &mut pos)?);
        e.tile_id = last;
    }
    for e in entries.iter_mut() {
        e.run = varint(bytes, &mut pos)?;
    }
    for e in entries.iter_mut() {
        e.length = varint(bytes, &mut pos)?;
    }
    for k in 0..n {
        let v = varint(bytes, &mut pos)?;
        entries[k].offset = match (v, k.checked_sub(1)) {
            (0, Some(prev)) => entries[prev].offset + entries[prev].length,
            (v, _) => v.saturating_sub(1),
        };
    }
    Ok(entries)
}

/// The tile's number along the Hilbert curves of every zoom (PMTiles' tile id).
pub fn tile_id(key: TileKey) -> u64 {
    let z = u32::from(key.zoom);
    let before: u64 = ((1u64 << (2 * z)) - 1) / 3;
    let n = 1u64 << z;
    let (mut x, mut y) = (u64::from(key.x), u64::from(key.y));
    let mut d = 0u64;
    let mut s = n / 2;
    while s > 0 {
        let rx = u64::from(x & s > 0);
        let ry = u64::from(y & s > 0);
        d += s * s * ((3 * rx) ^ ry);
        if ry == 0 {
            if rx == 1 {
                x = n - 1 - x;
                y = n - 1 - y;
            }
            std::mem::swap(&mut x, &mut y);
        }
        s /= 2;
    }
    before + d
}

/// Takes `attribution` and `name` from the JSON metadata.
fn read_metadata(json: &[u8], meta: &mut TileMeta) {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(json) else {
        return;
    };
    let text = |k: &str| {
        value
            .get(k)
            .and_then(|v| v.as_str())
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    meta.attribution = text("attribution");
    meta.name = text("name");
}

#[cfg(test)]
mod tests;
