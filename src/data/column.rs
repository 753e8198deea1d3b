//! Typed attribute columns: numbers and dates as flat vectors, text dictionary-encoded.

use super::Bitmap;
pub use crate::calendar::{civil_from_days, days_from_civil};

/// Code of a null cell in a text column.
pub const NULL_CODE: u32 = u32::MAX;

/// The type of an attribute field, as shown to users and printed by `info`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    /// Whole numbers.
    Integer,
    /// Decimal numbers.
    Float,
    /// Text, dictionary-encoded.
    Text,
    /// True or false.
    Boolean,
    /// A calendar day.
    Date,
    /// A moment, in UTC.
    Datetime,
}

impl FieldType {
    /// The lowercase name used in JSON output.
    pub fn name(self) -> &'static str {
        match self {
            Self::Integer => "integer",
            Self::Float => "float",
            Self::Text => "text",
            Self::Boolean => "boolean",
            Self::Date => "date",
            Self::Datetime => "datetime",
        }
    }
}

/// The values of one column, one entry per feature.
#[derive(Clone, Debug)]
pub enum ColumnData {
    /// 64-bit integers with a validity bitmap.
    Integer { values: Vec<i64>, valid: Bitmap },
    /// 64-bit floats with a validity bitmap.
    Float { values: Vec<f64>, valid: Bitmap },
    /// Booleans with a validity bitmap.
    Boolean { values: Bitmap, valid: Bitmap },
    /// Distinct strings once, one code per feature ([`NULL_CODE`] for null).
    Text {
        dictionary: Vec<Box<str>>,
        codes: Vec<u32>,
    },
    /// Days since 1970-01-01.
    Date { days: Vec<i32>, valid: Bitmap },
    /// Seconds since 1970-01-01T00:00:00Z.
    DateTime { seconds: Vec<i64>, valid: Bitmap },
}

/// One named attribute column.
#[derive(Clone, Debug)]
pub struct Column {
    /// Field name as found in the source.
    pub name: String,
    /// The values.
    pub data: ColumnData,
}

/// One cell, borrowed from a column.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value<'a> {
    /// No value.
    Null,
    /// A whole number.
    Integer(i64),
    /// A decimal number.
    Float(f64),
    /// Text.
    Text(&'a str),
    /// True or false.
    Boolean(bool),
    /// Days since 1970-01-01.
    Date(i32),
    /// Seconds since the Unix epoch, UTC.
    DateTime(i64),
}

impl Column {
    /// The field type of this column.
    pub fn field_type(&self) -> FieldType {
        match self.data {
            ColumnData::Integer { .. } => FieldType::Integer,
            ColumnData::Float { .. } => FieldType::Float,
            ColumnData::Boolean { .. } => FieldType::Boolean,
            ColumnData::Text { .. } => FieldType::Text,
            ColumnData::Date { .. } => FieldType::Date,
            ColumnData::DateTime { .. } => FieldType::Datetime,
        }
    }

    /// Number of cells.
    pub fn len(&self) -> usize {
        match &self.data {
            ColumnData::Integer { values, .. } => values.len(),
            ColumnData::Float { values, .. } => values.len(),
            ColumnData::Boolean { values, .. } => values.len(),
            ColumnData::Text { codes, .. } => codes.len(),
            ColumnData::Date { days, .. } => days.len(),
            ColumnData::DateTime { seconds, .. } => seconds.len(),
        }
    }

    /// True when the column has no cell.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The cell of feature `row` ([`Value::Null`] past the end).
    pub fn value(&self, row: usize) -> Value<'_> {
        match &self.data {
            ColumnData::Integer { values, valid } if valid.get(row) => Value::Integer(values[row]),
            ColumnData::Float { values, valid } if valid.get(row) => Value::Float(values[row]),
            ColumnData::Boolean { values, valid } if valid.get(row) => {
                Value::Boolean(values.get(row))
            }
            ColumnData::Text { dictionary, codes } => match codes.get(row) {
                Some(&code) if code != NULL_CODE => Value::Text(&dictionary[code as usize]),
                _ => Value::Null,
            },
            ColumnData::Date { days, valid } if valid.get(row) => Value::Date(days[row]),
            ColumnData::DateTime { seconds, valid } if valid.get(row) => {
                Value::DateTime(seconds[row])
            }
            _ => Value::Null,
        }
    }
}

impl Value<'_> {
    /// The value as shown to the user, in the interface language: decimal mark, dates
    /// (`01/06/2024` or `2024-06-01`), yes/no. Whole numbers are not grouped: they are often
    /// codes and years. `Display` keeps the neutral form used in files.
    pub fn shown(&self) -> String {
        match *self {
            Value::Float(v) => crate::i18n::format_decimal(v),
            Value::Boolean(v) => crate::i18n::tr(if v { "value-true" } else { "value-false" }),
            Value::Date(days) => crate::i18n::format_date(i64::from(days)),
            Value::DateTime(secs) => crate::i18n::format_date_time(secs),
            _ => self.to_string(),
        }
    }
}

impl std::fmt::Display for Value<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Value::Null => Ok(()),
            Value::Integer(v) => write!(f, "{v}"),
            Value::Float(v) => write!(f, "{v}"),
            Value::Text(v) => f.write_str(v),
            Value::Boolean(v) => write!(f, "{v}"),
            Value::Date(days) => {
                let (y, m, d) = civil_from_days(days as i64);
                write!(f, "{y:04}-{m:02}-{d:02}")
            }
            Value::DateTime(secs) => {
                let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
                let rest = secs.rem_euclid(86_400);
                let (h, min, s) = (rest / 3600, rest % 3600 / 60, rest % 60);
                write!(f, "{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:{s:02}Z")
            }
        }
    }
}

/// Parses `YYYY-MM-DD`, `YYYY/MM/DD`, `DD/MM/YYYY` or `YYYYMMDD` into days since 1970-01-01.
pub fn parse_date(text: &str) -> Option<i32> {
    let t = text.trim();
    // Byte slicing below is only safe on ASCII; a date never has anything else.
    if !t.is_ascii() {
        return None;
    }
    let num = |s: &str| -> Option<i64> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (y, m, d) = if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        (num(&t[0..4])?, num(&t[4..6])?, num(&t[6..8])?)
    } else if t.len() == 10 && matches!(&t[4..5], "-" | "/") && t[7..8] == t[4..5] {
        (num(&t[0..4])?, num(&t[5..7])?, num(&t[8..10])?)
    } else if t.len() == 10 && &t[2..3] == "/" && &t[5..6] == "/" {
        (num(&t[6..10])?, num(&t[3..5])?, num(&t[0..2])?)
    } else {
        return None;
    };
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || y < 1 {
        return None;
    }
    i32::try_from(days_from_civil(y, m as u32, d as u32)).ok()
}

/// Parses an ISO 8601 date-time (`YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH:MM]`, space allowed) into UTC seconds.
pub fn parse_datetime(text: &str) -> Option<i64> {
    let t = text.trim();
    if !t.is_ascii() {
        return None;
    }
    if t.len() < 16 || !matches!(t.as_bytes()[10], b'T' | b' ') {
        return None;
    }
    let days = i64::from(parse_date(&t[..10])?);
    let time = &t[11..];
    let (clock, offset_s) = split_offset(time)?;
    let mut parts = clock.split(':');
    let h: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let s: f64 = parts.next().map_or(Some(0.0), |s| s.parse().ok())?;
    if parts.next().is_some() || h > 23 || m > 59 || !(0.0..61.0).contains(&s) {
        return None;
    }
    Some(days * 86_400 + h * 3600 + m * 60 + s as i64 - offset_s)
}

fn split_offset(time: &str) -> Option<(&str, i64)> {
    if let Some(clock) = time.strip_suffix('Z') {
        return Some((clock, 0));
    }
    match time.rfind(['+', '-']) {
        Some(pos) => {
            let (clock, offset) = time.split_at(pos);
            let sign = if offset.starts_with('-') { -1 } else { 1 };
            let digits: String = offset[1..].chars().filter(|c| *c != ':').collect();
            if digits.len() != 4 {
                return None;
            }
            let h: i64 = digits[..2].parse().ok()?;
            let m: i64 = digits[2..].parse().ok()?;
            Some((clock, sign * (h * 3600 + m * 60)))
        }
        None => Some((time, 0)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_shown_in_the_interface_language() {
        use crate::i18n::{Language, in_language};
        let day = days_from_civil(2024, 6, 1) as i32;
        let fr = in_language(Language::Fr, || {
            [Value::Float(12.5), Value::Date(day), Value::Boolean(true)].map(|v| v.shown())
        });
        let en = in_language(Language::En, || {
            [Value::Float(12.5), Value::Date(day), Value::Boolean(true)].map(|v| v.shown())
        });
        assert_eq!(fr, ["12,5", "01/06/2024", "oui"]);
        assert_eq!(en, ["12.5", "2024-06-01", "yes"]);
        assert_eq!(
            Value::Integer(2024).shown(),
            "2024",
            "years and codes are not grouped"
        );
    }

    #[test]
    fn dates_round_trip() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(parse_date("2014-01-17"), parse_date("17/01/2014"));
        assert_eq!(parse_date("20140117"), parse_date("2014/01/17"));
        let days = parse_date("2024-02-29").expect("leap day");
        assert_eq!(Value::Date(days).to_string(), "2024-02-29");
        assert_eq!(parse_date("2024-13-01"), None);
        assert_eq!(parse_date("Angers"), None);
        // Regression: accented text of date-like length once split a character and panicked.
        assert_eq!(parse_date("Allée des"), None);
        assert_eq!(parse_date("Érable/01/"), None);
    }

    #[test]
    fn datetimes_parse_with_offsets() {
        let utc = parse_datetime("2014-01-17T00:00:00Z").expect("utc");
        assert_eq!(Value::DateTime(utc).to_string(), "2014-01-17T00:00:00Z");
        assert_eq!(parse_datetime("2014-01-17T01:00:00+01:00"), Some(utc));
        assert_eq!(parse_datetime("2014-01-17 00:00"), Some(utc));
        assert_eq!(parse_datetime("2014-01-17"), None);
        assert_eq!(parse_datetime("2024-01-01T12:00+aé1"), None);
    }
}
