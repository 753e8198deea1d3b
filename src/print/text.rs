//! Text on the printed page: egui's own typeface (Ubuntu Light), measured and wrapped the same
//! way for the PNG and the PDF; a character it lacks is drawn as a lookalike or `?`.

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

/// The glyph drawn for `c`: its own, else a lookalike's (a hyphen for a non-breaking hyphen,
/// a space for a thin space), else the question mark's — never the empty `.notdef` box.
pub fn glyph(c: char) -> Option<GlyphId> {
    let font = font()?;
    let own = |c: char| Some(font.glyph_id(c)).filter(|id| id.0 != 0);
    own(c)
        .or_else(|| lookalike(c).and_then(own))
        .or_else(|| own('?'))
}

/// Whether the typeface draws `c` itself (not a stand-in).
pub fn has_glyph(c: char) -> bool {
    font().is_some_and(|f| f.glyph_id(c).0 != 0)
}

/// A character that looks like `c`, for a typeface that lacks `c`.
fn lookalike(c: char) -> Option<char> {
    Some(match c {
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2212}' => '-',
        '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' => '\u{a0}',
        '\u{2264}' => '<',
        '\u{2265}' => '>',
        '\u{2192}' => '>',
        '\u{2018}' | '\u{2019}' | '\u{201b}' | '\u{2032}' => '\'',
        '\u{201c}' | '\u{201d}' | '\u{201f}' | '\u{2033}' => '"',
        _ => return None,
    })
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

/// `text` as one printed line: line breaks and tabs become spaces, other control characters
/// go (characters the typeface lacks stay: [`glyph`] draws a stand-in, and a PDF keeps the
/// real character for search and copy).
pub fn printable(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' | '\t' | '\r' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
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
    fn any_text_is_printable_and_missing_glyphs_have_a_stand_in() {
        assert_eq!(
            printable("Élévation à 300 m — œuvre\n≥ 2"),
            "Élévation à 300 m — œuvre ≥ 2"
        );
        assert!(has_glyph('Ł') && has_glyph('€') && has_glyph('«'));
        assert!(!has_glyph('日'));
        let question = glyph('?');
        assert_eq!(glyph('日'), question);
        assert_ne!(
            glyph('\u{2011}'),
            question,
            "a non-breaking hyphen looks like a hyphen"
        );
        assert!(glyph('\u{2011}').is_some_and(|g| g.0 != 0));
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
