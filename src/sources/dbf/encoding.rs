//! Which text encoding a `.dbf` uses: from its `.cpg` sidecar, else from the header's language driver id.

use encoding_rs::Encoding;

/// The encoding of a table: the `.cpg` when it names a known one, else the header's language driver, else Windows-1252.
///
/// Text is never decoded as lossy UTF-8 by default: French data without a `.cpg` is almost always Windows ANSI.
pub fn detect_encoding(cpg: Option<&str>, language_driver: u8) -> &'static Encoding {
    cpg.and_then(encoding_from_cpg)
        .or_else(|| encoding_from_ldid(language_driver))
        .unwrap_or(encoding_rs::WINDOWS_1252)
}

/// The encoding a `.cpg` file names (`UTF-8`, `1252`, `ANSI 1252`, `88591`, `ISO-8859-15`…), `None` when unknown.
pub fn encoding_from_cpg(text: &str) -> Option<&'static Encoding> {
    let text = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}' || c == '\0');
    let upper = text.to_ascii_uppercase();
    if let Some(ldid) = upper.strip_prefix("LDID/") {
        return ldid.trim().parse::<u8>().ok().and_then(encoding_from_ldid);
    }
    let bare = ["ANSI", "CP", "WINDOWS-", "IBM", "OEM"]
        .iter()
        .find_map(|prefix| upper.strip_prefix(prefix))
        .unwrap_or(&upper)
        .trim();
    if !bare.is_empty() && bare.bytes().all(|b| b.is_ascii_digit()) {
        return bare.parse().ok().and_then(encoding_from_code_page);
    }
    let iso = upper
        .strip_prefix("ISO")
        .map_or(upper.as_str(), |r| r.trim_start_matches(['-', '_', ' ']));
    if let Some(part) = iso
        .strip_prefix("8859")
        .map(|r| r.trim_start_matches(['-', '_']))
    {
        let label = format!("iso-8859-{}", part.parse::<u32>().ok()?);
        return Encoding::for_label(label.as_bytes());
    }
    Encoding::for_label(text.as_bytes()).filter(|e| {
        ![
            encoding_rs::REPLACEMENT,
            encoding_rs::UTF_16LE,
            encoding_rs::UTF_16BE,
            encoding_rs::X_USER_DEFINED,
        ]
        .contains(e)
    })
}

/// The encoding of a Windows code page number, `None` when encoding_rs has no decoder for it.
fn encoding_from_code_page(code_page: u32) -> Option<&'static Encoding> {
    use encoding_rs::*;
    Some(match code_page {
        65001 => UTF_8,
        // No DOS Latin decoder exists in encoding_rs; see `encoding_from_ldid` for why ANSI is the right guess.
        437 | 850 | 1252 | 28591 => WINDOWS_1252,
        1250 => WINDOWS_1250,
        1251 => WINDOWS_1251,
        1253 => WINDOWS_1253,
        1254 => WINDOWS_1254,
        1255 => WINDOWS_1255,
        1256 => WINDOWS_1256,
        1257 => WINDOWS_1257,
        1258 => WINDOWS_1258,
        874 => WINDOWS_874,
        866 => IBM866,
        932 => SHIFT_JIS,
        936 => GBK,
        949 => EUC_KR,
        950 => BIG5,
        10000 => MACINTOSH,
        20866 => KOI8_R,
        21866 => KOI8_U,
        28592..=28605 => {
            return Encoding::for_label(format!("iso-8859-{}", code_page - 28590).as_bytes());
        }
        _ => return None,
    })
}

/// The encoding of a dBASE language driver id (header byte 29), `None` for 0 and unknown ids.
fn encoding_from_ldid(ldid: u8) -> Option<&'static Encoding> {
    use encoding_rs::*;
    Some(match ldid {
        // 0x01 (DOS CP437) and 0x02 (DOS CP850) have no decoder in encoding_rs, and the tools that write these
        // ids (old ArcView, MapInfo, scripts copying a template header) very often store Windows ANSI text
        // anyway. Windows-1252 therefore gets French accented letters right in the files met in practice;
        // a true CP850 file would show wrong accents (never lost bytes), and a `.cpg` overrides the guess.
        0x01 | 0x02 | 0x03 | 0x57 | 0x58 | 0x59 => WINDOWS_1252,
        0x04 => MACINTOSH,
        0x13 | 0x7B => SHIFT_JIS,
        0x26 | 0x65 => IBM866,
        0x4D | 0x7A => GBK,
        0x4E | 0x79 => EUC_KR,
        0x4F | 0x78 => BIG5,
        0x50 | 0x7C => WINDOWS_874,
        0x7D => WINDOWS_1255,
        0x7E => WINDOWS_1256,
        0xC8 => WINDOWS_1250,
        0xC9 => WINDOWS_1251,
        0xCA => WINDOWS_1254,
        0xCB => WINDOWS_1253,
        0xCC => WINDOWS_1257,
        _ => return None,
    })
}
