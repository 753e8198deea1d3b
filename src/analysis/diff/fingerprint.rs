//! A 128-bit fingerprint of each row (its compared fields and its snapped shape), computed in
//! order over each version, so that the many unchanged pairs are recognised with one read per
//! row instead of a read per field in a version's random order.

use rayon::prelude::*;

use super::cells::{Canon, canon};
use super::pairing::{Identity, Keys};
use crate::data::{Column, ColumnData, Dataset, Value};

/// How a field's cells become words: exactly as stored (the field has the same type in both
/// versions) or as keys (its type changed, and 12 must equal "12").
enum Words<'a> {
    /// A text column: the words of each dictionary entry, and the rows' codes.
    Text {
        words: Vec<(u64, u64)>,
        codes: &'a [u32],
    },
    /// Any other column.
    Other { column: &'a Column, as_key: bool },
}

/// A string's 64-bit hash (FNV-1a then mixed).
fn text_hash(t: &str) -> u64 {
    super::pairing::mix(t.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    }))
}

/// A cell as stored: a tag and 64 bits. Decimals compare as `==` does (0.0 is -0.0, and
/// every NaN is one value, as in [`super::cells::same_cell`]).
fn stored(value: Value<'_>) -> (u64, u64) {
    match value {
        Value::Null => (0, 0),
        Value::Integer(i) => (1, i as u64),
        Value::Float(x) if x.is_nan() => (2, f64::NAN.to_bits()),
        Value::Float(x) => (2, (x + 0.0).to_bits()),
        Value::Text(t) => (3, text_hash(t)),
        Value::Boolean(b) => (4, u64::from(b)),
        Value::Date(d) => (5, d as u64),
        Value::DateTime(s) => (6, s as u64),
    }
}

/// A cell as a key: a tag and 64 bits.
fn keyed(value: Value<'_>) -> (u64, u64) {
    match canon(value) {
        None => (0, 0),
        Some(Canon::Int(i)) => (11, i as u64),
        Some(Canon::Float(bits)) => (12, bits),
        Some(Canon::Text(t)) => (13, text_hash(t)),
        Some(Canon::Date(d)) => (15, d as u64),
        Some(Canon::DateTime(s)) => (16, s as u64),
    }
}

impl<'a> Words<'a> {
    fn new(column: &'a Column, as_key: bool) -> Self {
        match &column.data {
            ColumnData::Text { dictionary, codes } => {
                let word = |t: &str| {
                    if as_key {
                        keyed(Value::Text(t))
                    } else {
                        stored(Value::Text(t))
                    }
                };
                Self::Text {
                    words: dictionary.iter().map(|t| word(t)).collect(),
                    codes,
                }
            }
            _ => Self::Other { column, as_key },
        }
    }

    fn of(&self, row: usize) -> (u64, u64) {
        match self {
            Self::Text { words, codes } => codes
                .get(row)
                .and_then(|&c| words.get(c as usize))
                .copied()
                .unwrap_or((0, 0)),
            Self::Other { column, as_key } => {
                let value = column.value(row);
                if *as_key { keyed(value) } else { stored(value) }
            }
        }
    }
}

/// The fingerprint of every row of `ds` over `fields` (column index, compared as keys), and
/// its snapped shape. Equal fingerprints: the fields and the shape are the same.
pub(super) fn fingerprints(ds: &Dataset, fields: &[(usize, bool)]) -> Vec<u128> {
    let words: Vec<Words> = fields
        .iter()
        .filter_map(|&(i, as_key)| Some(Words::new(ds.columns.get(i)?, as_key)))
        .collect();
    let shapes = super::geometry::Shapes(&ds.geometry);
    (0..ds.len())
        .into_par_iter()
        .map(|row| {
            let shape = shapes.identity(row).unwrap_or(0);
            let cells = words.iter().flat_map(|w| {
                let (tag, bits) = w.of(row);
                [tag, bits]
            });
            let shape = [(shape >> 64) as u64, shape as u64];
            Identity::hashed(0, cells.chain(shape))
        })
        .collect()
}
