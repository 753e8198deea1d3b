//! FlatGeobuf reader: the header (columns, CRS, feature count, index size), the spatial index
//! skipped, then each size-prefixed feature's geometry and properties into the columns.

mod buffers;
pub mod write;

#[cfg(test)]
mod tests;

use std::path::Path;

use buffers::{Table, u32_at};

use super::shape_text::{Parts, Shape};
use super::{RawSource, SourceError};
use crate::data::{ColumnBuilder, DatasetBuilder, GeomKind};
use crate::jobs::Progress;

/// Features between two progress reports and cancellation checks.
const CHECK_EVERY: usize = 10_000;

/// Column types, in the order of the format's enumeration.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Byte,
    UByte,
    Bool,
    Short,
    UShort,
    Int,
    UInt,
    Long,
    ULong,
    Float,
    Double,
    String,
    Json,
    DateTime,
    Binary,
}

impl Kind {
    fn of(code: u8) -> Option<Self> {
        use Kind::*;
        [
            Byte, UByte, Bool, Short, UShort, Int, UInt, Long, ULong, Float, Double, String, Json,
            DateTime, Binary,
        ]
        .get(usize::from(code))
        .copied()
    }
}

fn bad() -> SourceError {
    SourceError::format("err-fgb", &[])
}

/// Bytes of the packed Hilbert R-tree that follows the header (40 per node, every level).
fn index_size(features: u64, node_size: u16) -> Option<usize> {
    if features == 0 || node_size == 0 {
        return Some(0);
    }
    let node = u64::from(node_size.max(2));
    // As the format computes it: at least one level above the leaves, up to the root.
    let (mut n, mut nodes) = (features, features);
    loop {
        n = n.div_ceil(node);
        nodes = nodes.checked_add(n)?;
        if n <= 1 {
            break;
        }
    }
    usize::try_from(nodes.checked_mul(40)?).ok()
}

/// Reads the FlatGeobuf file at `path`.
pub fn read_fgb(path: &Path, progress: &Progress) -> Result<RawSource, SourceError> {
    let bytes = std::fs::read(path).map_err(|e| SourceError::io(path, e))?;
    if bytes.len() < 12 || &bytes[0..3] != b"fgb" || &bytes[4..7] != b"fgb" {
        return Err(SourceError::format("err-fgb-not", &[]));
    }
    let header_len = u32_at(&bytes, 8).ok_or_else(bad)? as usize;
    let header_bytes = bytes.get(12..12 + header_len).ok_or_else(bad)?;
    let header = Table::root(header_bytes).ok_or_else(bad)?;
    let geometry_type = header.u8(2, 0);
    let columns: Vec<(String, Option<Kind>)> = header
        .tables(7)
        .iter()
        .map(|c| (c.string(0).unwrap_or_default(), Kind::of(c.u8(1, 0))))
        .collect();
    let count = header.u64(8);
    let crs = header.table(10).and_then(|crs| {
        let code = crs.i32(1, 0);
        let org = crs.string(0).unwrap_or_else(|| "EPSG".into());
        match code {
            c if c > 0 && org.eq_ignore_ascii_case("EPSG") => Some(format!("EPSG:{c}")),
            _ => crs.string(4).filter(|w| !w.trim().is_empty()),
        }
    });
    let index = index_size(count, header.u16(9, 16)).ok_or_else(bad)?;
    let mut at = 12usize
        .checked_add(header_len)
        .and_then(|a| a.checked_add(index))
        .ok_or_else(bad)?;
    let mut builder = DatasetBuilder::new(true);
    let slots: Vec<usize> = columns
        .iter()
        .map(|(name, _)| builder.add_column(name))
        .collect();
    let mut read = 0usize;
    let mut cut = false;
    while at < bytes.len() {
        // A file cut short keeps the features before the cut.
        let Some(table) = feature_at(&bytes, &mut at) else {
            cut = true;
            break;
        };
        match table.table(0).and_then(|g| shape(g, geometry_type)) {
            Some(shape) => shape.push(&mut builder.geometry),
            None => builder.geometry.push_empty(),
        }
        if let Some(properties) = table.bytes(1) {
            push_properties(&mut builder, properties, &columns, &slots);
        }
        builder.end_row();
        read += 1;
        if read.is_multiple_of(CHECK_EVERY) {
            progress.add_items(CHECK_EVERY as u64);
            if progress.is_cancelled() {
                return Err(SourceError::Cancelled);
            }
        }
    }
    progress.add_items((read % CHECK_EVERY) as u64);
    if cut && read == 0 {
        return Err(bad());
    }
    let announced = usize::try_from(count).unwrap_or(usize::MAX);
    if cut || (announced > read && count > 0) {
        let (read_text, count_text) = (
            crate::i18n::format_count(read as u64),
            crate::i18n::format_count(count),
        );
        builder.add_issue(crate::data::IssueKind::SkippedRecord, || {
            crate::i18n::tr_args(
                "issue-fgb-truncated",
                &[("read", &read_text), ("count", &count_text)],
            )
        });
    }
    Ok(RawSource { builder, crs })
}

/// The feature whose size prefix is at `at`, moving `at` past it; `None` when the bytes end
/// before it does (a cut file) or it is not a table.
fn feature_at<'a>(bytes: &'a [u8], at: &mut usize) -> Option<Table<'a>> {
    let size = u32_at(bytes, *at)? as usize;
    let feature = bytes.get(at.checked_add(4)?..at.checked_add(4 + size)?)?;
    *at += 4 + size;
    Table::root(feature)
}

/// The geometry of a feature: its own type, or the header's.
fn shape(g: Table, header_type: u8) -> Option<Shape> {
    let code = match header_type {
        0 => g.u8(6, 0),
        t => t,
    };
    let xy = g.doubles(1);
    let points: Vec<[f64; 2]> = xy.chunks_exact(2).map(|c| [c[0], c[1]]).collect();
    let split = |points: Vec<[f64; 2]>, ends: Vec<u32>| -> Vec<Vec<[f64; 2]>> {
        if ends.is_empty() {
            return vec![points];
        }
        let mut start = 0;
        ends.iter()
            .filter_map(|&end| {
                let end = (end as usize).min(points.len());
                let ring = points.get(start..end)?.to_vec();
                start = end;
                Some(ring)
            })
            .collect()
    };
    let (kind, parts): (GeomKind, Parts) = match code {
        1 => (
            GeomKind::Point,
            vec![vec![points.into_iter().take(1).collect()]],
        ),
        2 => (GeomKind::LineString, vec![vec![points]]),
        3 => (GeomKind::Polygon, vec![split(points, g.u32s(0))]),
        4 => (
            GeomKind::MultiPoint,
            points.into_iter().map(|p| vec![vec![p]]).collect(),
        ),
        5 => (
            GeomKind::MultiLineString,
            split(points, g.u32s(0))
                .into_iter()
                .map(|l| vec![l])
                .collect(),
        ),
        6 => (
            GeomKind::MultiPolygon,
            g.tables(7)
                .into_iter()
                .map(|p| {
                    let pts: Vec<[f64; 2]> =
                        p.doubles(1).chunks_exact(2).map(|c| [c[0], c[1]]).collect();
                    split(pts, p.u32s(0))
                })
                .collect(),
        ),
        _ => return None,
    };
    let valid = !parts.is_empty()
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.iter().all(|r| !r.is_empty()));
    valid.then_some(Shape {
        kind,
        parts,
        srid: None,
        hidden: Vec::new(),
    })
}

/// The properties buffer: (column index as u16, value) pairs, values in their column's type.
fn push_properties(
    b: &mut DatasetBuilder,
    mut buf: &[u8],
    columns: &[(String, Option<Kind>)],
    slots: &[usize],
) {
    while buf.len() >= 2 {
        let index = usize::from(u16::from_le_bytes([buf[0], buf[1]]));
        buf = &buf[2..];
        let (Some((_, Some(kind))), Some(&slot)) = (columns.get(index), slots.get(index)) else {
            return;
        };
        let Some(rest) = push_value(b.column(slot), *kind, buf) else {
            return;
        };
        buf = rest;
    }
}

/// One value into its column; the bytes that follow it, or `None` when it is cut short.
fn push_value<'a>(column: &mut ColumnBuilder, kind: Kind, buf: &'a [u8]) -> Option<&'a [u8]> {
    let take =
        |n: usize| -> Option<(&'a [u8], &'a [u8])> { (buf.len() >= n).then(|| buf.split_at(n)) };
    let array = |b: &[u8]| -> [u8; 8] {
        let mut out = [0u8; 8];
        out[..b.len()].copy_from_slice(b);
        out
    };
    let (value, rest) = match kind {
        Kind::Byte | Kind::UByte | Kind::Bool => take(1)?,
        Kind::Short | Kind::UShort => take(2)?,
        Kind::Int | Kind::UInt | Kind::Float => take(4)?,
        Kind::Long | Kind::ULong | Kind::Double => take(8)?,
        Kind::String | Kind::Json | Kind::DateTime | Kind::Binary => {
            let (len, rest) = take(4)?;
            let len = u32::from_le_bytes(len.try_into().ok()?) as usize;
            (rest.len() >= len).then(|| rest.split_at(len))?
        }
    };
    let raw = array(&value[..value.len().min(8)]);
    match kind {
        Kind::Byte => column.push_int(i64::from(value[0] as i8)),
        Kind::UByte => column.push_int(i64::from(value[0])),
        Kind::Bool => column.push_bool(value[0] != 0),
        Kind::Short => column.push_int(i64::from(i16::from_le_bytes([raw[0], raw[1]]))),
        Kind::UShort => column.push_int(i64::from(u16::from_le_bytes([raw[0], raw[1]]))),
        Kind::Int => column.push_int(i64::from(i32::from_le_bytes([
            raw[0], raw[1], raw[2], raw[3],
        ]))),
        Kind::UInt => column.push_int(i64::from(u32::from_le_bytes([
            raw[0], raw[1], raw[2], raw[3],
        ]))),
        Kind::Long => column.push_int(i64::from_le_bytes(raw)),
        Kind::ULong => column.push_float(u64::from_le_bytes(raw) as f64),
        Kind::Float => column.push_float(f64::from(f32::from_le_bytes([
            raw[0], raw[1], raw[2], raw[3],
        ]))),
        Kind::Double => column.push_float(f64::from_le_bytes(raw)),
        Kind::String | Kind::Json => column.push_text(&String::from_utf8_lossy(value)),
        Kind::DateTime => column.push_inferred(&String::from_utf8_lossy(value)),
        Kind::Binary => column.push_null(),
    }
    Some(rest)
}
