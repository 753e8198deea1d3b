//! The GeoPackage geometry blob: a `GP` header (version, flags, SRS id, optional envelope) then
//! the geometry in well-known binary.

use rusqlite::types::ValueRef;

use crate::data::GeometryBuilder;
use crate::sources::shape_text::read_wkb;

/// Appends the geometry of one cell as a feature: a row without geometry for NULL or an empty
/// geometry. Returns false when the cell holds something that is not a readable geometry (the
/// row is then kept without one).
pub(super) fn push_geometry(value: ValueRef, builder: &mut GeometryBuilder) -> bool {
    let blob = match value {
        ValueRef::Null => {
            builder.push_empty();
            return true;
        }
        ValueRef::Blob(blob) => blob,
        _ => {
            builder.push_empty();
            return false;
        }
    };
    match wkb_of(blob).map(read_wkb) {
        Some(Some(shape)) => {
            shape.push(builder);
            true
        }
        Some(None) => {
            builder.push_empty();
            false
        }
        // The header says the geometry is empty.
        None if is_empty(blob) => {
            builder.push_empty();
            true
        }
        None => {
            builder.push_empty();
            false
        }
    }
}

/// The WKB after the header, or `None` for a bad header or an empty geometry.
fn wkb_of(blob: &[u8]) -> Option<&[u8]> {
    let flags = header_flags(blob)?;
    if flags & 0b1_0000 != 0 {
        return None;
    }
    let envelope = match (flags >> 1) & 0b111 {
        0 => 0,
        1 => 32,
        2 | 3 => 48,
        4 => 64,
        _ => return None,
    };
    blob.get(8 + envelope..)
}

fn header_flags(blob: &[u8]) -> Option<u8> {
    (blob.len() >= 8 && &blob[..2] == b"GP").then(|| blob[3])
}

fn is_empty(blob: &[u8]) -> bool {
    header_flags(blob).is_some_and(|f| f & 0b1_0000 != 0)
}
