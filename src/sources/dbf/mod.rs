//! dBASE III/IV tables (`.dbf`): reads records straight into typed columns, and writes small ones.
//!
//! This file holds the field and value types; the encoding guess, the reader and the writer each have their own.

mod encoding;
mod read;
mod record;
mod write;

#[cfg(test)]
mod tests;

pub use encoding::{detect_encoding, encoding_from_cpg};
pub use read::{DbfOptions, DbfReader, read_dbf};
pub use record::RecordDecoder;
pub use write::{write_dbf, write_dbf_to};

/// The type of a dBASE field, from its type letter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DbfType {
    /// `C`: text.
    Character,
    /// `N` or `F`: a number written in ASCII.
    Numeric,
    /// `L`: true, false or unknown.
    Logical,
    /// `D`: a date written `YYYYMMDD`.
    Date,
    /// `M`: a memo kept in a `.dbt` file, which is not read (the column stays empty).
    Memo,
    /// `I` or `+`: a 4-byte little-endian integer (Visual FoxPro).
    Integer,
    /// `O`, or `B` 8 bytes long: an 8-byte little-endian float (Visual FoxPro).
    Double,
    /// Any other letter: the bytes are read as text.
    Other(u8),
}

impl DbfType {
    fn from_letter(letter: u8, length: usize) -> Self {
        match letter.to_ascii_uppercase() {
            b'C' => Self::Character,
            b'N' | b'F' => Self::Numeric,
            b'L' => Self::Logical,
            b'D' => Self::Date,
            b'M' | b'G' | b'P' => Self::Memo,
            b'I' | b'+' if length == 4 => Self::Integer,
            b'O' | b'B' if length == 8 => Self::Double,
            b'B' => Self::Memo,
            other => Self::Other(other),
        }
    }
}

/// One field (column) of a dBASE table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DbfField {
    /// The name (at most 10 bytes once encoded).
    pub name: String,
    /// The type.
    pub kind: DbfType,
    /// Width in bytes.
    pub length: usize,
    /// Digits after the decimal point (numbers only).
    pub decimals: u8,
}

impl DbfField {
    /// A text field `length` bytes wide.
    pub fn character(name: &str, length: usize) -> Self {
        Self {
            name: name.into(),
            kind: DbfType::Character,
            length,
            decimals: 0,
        }
    }

    /// A number field `length` characters wide with `decimals` digits after the point (0: integers).
    pub fn numeric(name: &str, length: usize, decimals: u8) -> Self {
        Self {
            name: name.into(),
            kind: DbfType::Numeric,
            length,
            decimals,
        }
    }

    /// A true/false field.
    pub fn logical(name: &str) -> Self {
        Self {
            name: name.into(),
            kind: DbfType::Logical,
            length: 1,
            decimals: 0,
        }
    }

    /// A date field.
    pub fn date(name: &str) -> Self {
        Self {
            name: name.into(),
            kind: DbfType::Date,
            length: 8,
            decimals: 0,
        }
    }
}

/// One cell to write with [`write_dbf`].
#[derive(Clone, Debug, PartialEq)]
pub enum DbfValue {
    /// No value (blanks, or `?` in a logical field).
    Null,
    /// Text, for `C` fields.
    Text(String),
    /// A whole number, for `N` fields.
    Integer(i64),
    /// A decimal number, for `N` fields.
    Float(f64),
    /// True or false, for `L` fields.
    Boolean(bool),
    /// Days since 1970-01-01, for `D` fields.
    Date(i32),
}
