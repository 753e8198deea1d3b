//! Cells reduced to what a comparison cares about: numbers by value, text trimmed, so that an
//! integer 12, a decimal 12.0 and the text "12" are the same key.

use crate::data::column::{parse_date, parse_datetime};
use crate::data::{Column, ColumnData, Value};

/// A non-null cell in its comparable form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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
pub(super) fn text(raw: &str) -> Option<Canon<'_>> {
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

/// The key of each row of a column, with text keys worked out once per distinct value.
pub(super) enum KeyColumn<'a> {
    /// A text column: the key of each dictionary entry, and the rows' codes.
    Text {
        keys: Vec<Option<Canon<'a>>>,
        codes: &'a [u32],
    },
    /// Any other column: keys are cheap to make per row.
    Other(&'a Column),
}

impl<'a> KeyColumn<'a> {
    pub(super) fn new(column: &'a Column) -> Self {
        match &column.data {
            ColumnData::Text { dictionary, codes } => Self::Text {
                keys: dictionary.iter().map(|s| text(s)).collect(),
                codes,
            },
            _ => Self::Other(column),
        }
    }

    /// The key of `row`; `None` when it has none (null, blank).
    pub(super) fn get(&self, row: usize) -> Option<Canon<'a>> {
        match self {
            Self::Text { keys, codes } => {
                let code = *codes.get(row)?;
                keys.get(code as usize).copied().flatten()
            }
            Self::Other(column) => canon(column.value(row)),
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
