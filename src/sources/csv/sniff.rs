//! What the first bytes of a CSV file tell: its text encoding and its delimiter.

use std::borrow::Cow;

/// The text encoding, decided from the first bytes or, when they are all ASCII, at the first accent.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Encoding {
    Undecided,
    Utf8,
    Windows1252,
}

/// Turns cells into text: UTF-8, or Windows-1252 (Excel exports); never lossy UTF-8.
#[derive(Debug)]
pub(super) struct Decoder {
    encoding: Encoding,
    /// A cell of the current row was not UTF-8 in a UTF-8 file (then read as Windows-1252).
    pub(super) invalid_in_row: bool,
}

impl Decoder {
    /// The decoder for a file starting with `prefix` (`eof`: the whole file), after its BOM.
    pub(super) fn sniff(prefix: &[u8], eof: bool, bom: bool) -> Self {
        let encoding = if bom {
            Encoding::Utf8
        } else if prefix.is_ascii() {
            Encoding::Undecided
        } else {
            match std::str::from_utf8(prefix) {
                Ok(_) => Encoding::Utf8,
                // A character cut by the end of the sniffed bytes is not an error.
                Err(e) if e.error_len().is_none() && !eof => Encoding::Utf8,
                Err(_) => Encoding::Windows1252,
            }
        };
        Self {
            encoding,
            invalid_in_row: false,
        }
    }

    /// A cell that is valid UTF-8 is read as such in any file (mixed files exist), else as Windows-1252.
    pub(super) fn decode<'a>(&mut self, bytes: &'a [u8]) -> Cow<'a, str> {
        if let Ok(text) = std::str::from_utf8(bytes) {
            if self.encoding == Encoding::Undecided && !text.is_ascii() {
                self.encoding = Encoding::Utf8;
            }
            return Cow::Borrowed(text);
        }
        match self.encoding {
            Encoding::Undecided => self.encoding = Encoding::Windows1252,
            Encoding::Utf8 => self.invalid_in_row = true,
            Encoding::Windows1252 => {}
        }
        encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
    }
}

/// `;` when the header has more `;` than `,`, tab when it has only tabs, else `,` (quoted text ignored).
pub(super) fn sniff_delimiter(prefix: &[u8]) -> u8 {
    let (mut commas, mut semicolons, mut tabs) = (0usize, 0usize, 0usize);
    let (mut quoted, mut started) = (false, false);
    for &b in prefix {
        match b {
            b'\n' | b'\r' if !quoted && started => break,
            b'\n' | b'\r' => {}
            b'"' => quoted = !quoted,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semicolons += 1,
            b'\t' if !quoted => tabs += 1,
            _ => {}
        }
        started |= !matches!(b, b'\n' | b'\r');
    }
    if semicolons > commas {
        b';'
    } else if tabs > 0 && semicolons == 0 && commas == 0 {
        b'\t'
    } else {
        b','
    }
}
