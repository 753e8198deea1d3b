//! Text on the printed page: egui's own typeface (Ubuntu Light), measured and wrapped the same
//! way for the PNG and the PDF, limited to the characters of Windows-1252 (all of French).

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, GlyphId};

/// The typeface of printed pages, as TrueType bytes (also embedded in PDFs).
pub const FONT_BYTES: &[u8] = epaint_default_fonts::UBUNTU_LIGHT;

/// The parsed typeface, once; `None` only if the bundled font were unreadable.
pub fn font() -> Option<&'static FontRef<'static>> {
    static FONT: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    FONT.get_or_init(|| FontRef::try_from_slice(FONT_BYTES).ok())
        .as_ref()
}

/// Font units per em.
pub fn units_per_em() -> f32 {
    font().and_then(Font::units_per_em).unwrap_or(1000.0)
}

/// The glyph drawn for `c`.
pub fn glyph(c: char) -> Option<GlyphId> {
    font().map(|f| f.glyph_id(c))
}

/// Advance of `c` in thousandths of the font size (the unit of PDF widths).
pub fn advance_per_mille(c: char) -> f32 {
    match (font(), glyph(c)) {
        (Some(f), Some(id)) => f.h_advance_unscaled(id) * 1000.0 / units_per_em(),
        _ => 500.0,
    }
}

/// Width of `text` at `size_pt`, in points.
pub fn width(text: &str, size_pt: f32) -> f32 {
    text.chars().map(advance_per_mille).sum::<f32>() * size_pt / 1000.0
}

/// `text` with the characters the printed font cannot encode replaced: narrow and thin spaces
/// become no-break spaces, a few symbols are spelled, anything else outside Windows-1252 is `?`.
pub fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{202f}' | '\u{2009}' | '\u{2007}' => out.push('\u{a0}'),
            '≥' => out.push_str(">="),
            '≤' => out.push_str("<="),
            '→' => out.push_str("->"),
            '−' => out.push('-'),
            '\n' | '\t' | '\r' => out.push(' '),
            c if winansi(c).is_some() => out.push(c),
            _ => out.push('?'),
        }
    }
    out
}

/// The Windows-1252 code of `c`, if it has one.
pub fn winansi(c: char) -> Option<u8> {
    if (' '..='~').contains(&c) || ('\u{a0}'..='\u{ff}').contains(&c) {
        return u8::try_from(u32::from(c)).ok();
    }
    let mut buf = [0u8; 4];
    let utf8: &str = c.encode_utf8(&mut buf);
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(utf8);
    match (unmappable, bytes.as_ref()) {
        (false, [b]) if *b >= 0x80 => Some(*b),
        _ => None,
    }
}

/// The character Windows-1252 puts at `code`.
pub fn from_winansi(code: u8) -> char {
    let bytes = [code];
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&bytes);
    text.chars().next().unwrap_or('?')
}

/// `text` broken into lines no wider than `max_width_pt` at `size_pt` (words longer than a line
/// are cut).
pub fn wrap(text: &str, size_pt: f32, max_width_pt: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if width(&candidate, size_pt) <= max_width_pt {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        line = word.to_owned();
        while width(&line, size_pt) > max_width_pt && line.chars().count() > 1 {
            let cut = fitting_chars(&line, size_pt, max_width_pt).max(1);
            let rest: String = line.chars().skip(cut).collect();
            lines.push(line.chars().take(cut).collect());
            line = rest;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// How many leading characters of `text` fit in `max_width_pt`.
fn fitting_chars(text: &str, size_pt: f32, max_width_pt: f32) -> usize {
    let mut used = 0.0;
    for (n, c) in text.chars().enumerate() {
        used += advance_per_mille(c) * size_pt / 1000.0;
        if used > max_width_pt {
            return n;
        }
    }
    text.chars().count()
}

/// `text` cut with an ellipsis to fit in `max_width_pt`.
pub fn ellipsized(text: &str, size_pt: f32, max_width_pt: f32) -> String {
    if width(text, size_pt) <= max_width_pt {
        return text.to_owned();
    }
    let room = max_width_pt - width("…", size_pt);
    let kept: String = text
        .chars()
        .take(fitting_chars(text, size_pt, room))
        .collect();
    format!("{}…", kept.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_text_is_printable_and_others_are_replaced() {
        assert_eq!(
            printable("Élévation à 300 m — œuvre"),
            "Élévation à 300 m — œuvre"
        );
        assert_eq!(printable("1\u{202f}234 ≥ 5"), "1\u{a0}234 >= 5");
        assert_eq!(printable("东"), "?");
        assert_eq!(winansi('€'), Some(0x80));
        assert_eq!(from_winansi(0x9c), 'œ');
    }

    #[test]
    fn lines_wrap_within_the_width() {
        assert!(font().is_some(), "the bundled font reads");
        let text = "Adresses à plus de 300 mètres d'un espace vert public";
        let lines = wrap(text, 10.0, 100.0);
        assert!(lines.len() > 1, "{lines:?}");
        assert!(lines.iter().all(|l| width(l, 10.0) <= 100.0), "{lines:?}");
        assert_eq!(lines.join(" "), text);
        assert!(ellipsized(text, 10.0, 60.0).ends_with('…'));
    }
}
