//! Cells reduced to what a comparison cares about: numbers by value, text trimmed, so that an
//! integer 12, a decimal 12.0 and the text "12" are the same key.

use super::pairing::{Identity, Keys};
use crate::data::column::{parse_date, parse_datetime};
use crate::data::{Column, ColumnData, Value};

/// A non-null cell in its comparable form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Canon<'a> {
    /// A whole number (integral decimals too).
    Int(i64),
    /// The bits of a finite decimal that is not whole (`-0.0` never appears: it is `Int(0)`).
    Float(u64),
    /// Trimmed, non-empty text that is neither a number nor a date.
    Text(&'a str),
    /// Days since 1970-01-01.
    Date(i32),
    /// UTC seconds since 1970.
    DateTime(i64),
}

/// A decimal as a key: whole values become integers, so 12.0 matches 12.
fn number<'a>(x: f64) -> Option<Canon<'a>> {
    if !x.is_finite() {
        return None;
    }
    // Beyond 2^53 a double no longer holds every integer; it stays a decimal.
    if x.fract() == 0.0 && x.abs() < 9_007_199_254_740_992.0 {
        return Some(Canon::Int(x as i64));
    }
    Some(Canon::Float(x.to_bits()))
}

/// Text as a key, with the readers' rule for numbers: a leading zero (a postcode, an INSEE code)
/// keeps it text; `12`, `12.5` and the French `12,5` are numbers; ISO dates are dates.
fn text(raw: &str) -> Option<Canon<'_>> {
    let t = raw.trim();
    if t.is_empty() {
        return None;
    }
    let leading_zero =
        t.len() > 1 && t.starts_with('0') && !t.starts_with("0.") && !t.starts_with("0,");
    let numeric = t.bytes().any(|b| b.is_ascii_digit())
        && t.bytes()
            .all(|b| b.is_ascii_digit() || b"+-.,".contains(&b));
    if numeric && !leading_zero {
        if let Ok(i) = t.parse::<i64>() {
            return Some(Canon::Int(i));
        }
        if let Ok(x) = t.replace(',', ".").parse::<f64>() {
            return number(x);
        }
    }
    if t.len() >= 8
        && t.as_bytes()[0].is_ascii_digit()
        && let Some(days) = parse_date(t)
    {
        return Some(Canon::Date(days));
    }
    if t.len() >= 16
        && let Some(seconds) = parse_datetime(t)
    {
        return Some(Canon::DateTime(seconds));
    }
    Some(Canon::Text(t))
}

/// Any cell as a key; `None` for a null (or blank text).
pub(super) fn canon(value: Value<'_>) -> Option<Canon<'_>> {
    match value {
        Value::Null => None,
        Value::Integer(i) => Some(Canon::Int(i)),
        Value::Float(x) => number(x),
        Value::Text(t) => text(t),
        Value::Boolean(b) => Some(Canon::Text(if b { "true" } else { "false" })),
        Value::Date(d) => Some(Canon::Date(d)),
        Value::DateTime(s) => Some(Canon::DateTime(s)),
    }
}

/// The identity of a key: exact for numbers and dates, two hashes for text.
fn identity(key: Canon<'_>) -> u128 {
    match key {
        Canon::Int(i) => Identity::exact(1, i as u64),
        Canon::Float(bits) => Identity::exact(2, bits),
        Canon::Text(t) => Identity::hashed(
            3,
            std::iter::once(t.len() as u64).chain(
                t.as_bytes()
                    .chunks(8)
                    .map(|c| c.iter().fold(0, |w, &b| w << 8 | u64::from(b))),
            ),
        ),
        Canon::Date(d) => Identity::exact(4, d as u64),
        Canon::DateTime(s) => Identity::exact(5, s as u64),
    }
}

/// The key identity of each row of a column, worked out once per distinct text.
pub(super) enum KeyColumn<'a> {
    /// A text column: the identity of each dictionary entry, and the rows' codes.
    Text {
        identities: Vec<Option<u128>>,
        codes: &'a [u32],
    },
    /// Any other column: identities are cheap to make per row.
    Other(&'a Column),
}

impl<'a> KeyColumn<'a> {
    pub(super) fn new(column: &'a Column) -> Self {
        match &column.data {
            ColumnData::Text { dictionary, codes } => Self::Text {
                identities: dictionary.iter().map(|s| text(s).map(identity)).collect(),
                codes,
            },
            _ => Self::Other(column),
        }
    }
}

impl Keys for KeyColumn<'_> {
    fn len(&self) -> usize {
        match self {
            Self::Text { codes, .. } => codes.len(),
            Self::Other(column) => column.len(),
        }
    }

    fn identity(&self, row: usize) -> Option<u128> {
        match self {
            Self::Text { identities, codes } => {
                let code = *codes.get(row)?;
                identities.get(code as usize).copied().flatten()
            }
            Self::Other(column) => canon(column.value(row)).map(identity),
        }
    }
}

/// True when cell `a_row` of `a` and cell `b_row` of `b` hold the same value. Columns of the
/// same type compare their values as they are (text exactly, a NaN equal to a NaN); columns
/// whose type changed between versions compare their keys (12 and "12" are equal).
pub(super) fn same_cell(a: &Column, a_row: usize, b: &Column, b_row: usize) -> bool {
    let (x, y) = (a.value(a_row), b.value(b_row));
    if std::mem::discriminant(&a.data) == std::mem::discriminant(&b.data) {
        return match (x, y) {
            (Value::Float(p), Value::Float(q)) => p == q || (p.is_nan() && q.is_nan()),
            _ => x == y,
        };
    }
    canon(x) == canon(y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_written_any_way_are_one_key_but_codes_stay_text() {
        assert_eq!(text(" 12 "), Some(Canon::Int(12)));
        assert_eq!(canon(Value::Float(12.0)), Some(Canon::Int(12)));
        assert_eq!(canon(Value::Integer(12)), text("12"));
        assert_eq!(text("12,5"), canon(Value::Float(12.5)));
        assert_eq!(text("049007"), Some(Canon::Text("049007")));
        assert_eq!(text("0.5"), canon(Value::Float(0.5)));
        assert_eq!(text("   "), None);
        assert_eq!(text("A-12"), Some(Canon::Text("A-12")));
        assert_eq!(text("2024-06-01"), canon(Value::Date(19_875)));
        assert_eq!(canon(Value::Float(-0.0)), Some(Canon::Int(0)));
        assert_eq!(canon(Value::Float(f64::NAN)), None);
    }
}
