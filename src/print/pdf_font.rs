//! The typeface embedded in a PDF as a Type0 font (CIDFontType2, Identity-H encoding) with a
//! ToUnicode map: every character prints — as itself, or as a lookalike or `?` when the typeface
//! lacks it — and is searched and copied as itself, beyond Windows-1252 (`Œ`, `≥`, `Ł`, `日`).
//! Also the zlib compression every PDF stream goes through.

use std::collections::BTreeSet;
use std::io::Write;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Filter, Finish, Name, Pdf, Rect, Ref, Str};

use super::canvas::{Canvas, Op};
use super::text;

/// The objects of the embedded font.
#[derive(Clone, Copy, Debug)]
pub struct FontRefs {
    /// The Type0 font the page names.
    pub font: Ref,
    /// Its descendant CIDFontType2.
    pub cid_font: Ref,
    /// The font descriptor.
    pub descriptor: Ref,
    /// The TrueType program.
    pub file: Ref,
    /// The ToUnicode character map.
    pub to_unicode: Ref,
    /// The map from character ids to glyphs.
    pub cid_to_gid: Ref,
}

/// The characters a page writes, each given a character id (CID) from 1 in their order.
#[derive(Clone, Debug, Default)]
pub struct PdfGlyphs {
    chars: Vec<char>,
}

impl PdfGlyphs {
    /// The characters of every line of text on `canvas`.
    pub fn of(canvas: &Canvas) -> Self {
        let set: BTreeSet<char> = canvas
            .ops
            .iter()
            .filter_map(|op| match op {
                Op::Text { text, .. } => Some(text.chars()),
                _ => None,
            })
            .flatten()
            .collect();
        // Two bytes per character id, 0 is the typeface's `.notdef`.
        Self {
            chars: set.into_iter().take(usize::from(u16::MAX) - 1).collect(),
        }
    }

    /// The character id of `c` (0 when the page has too many different characters).
    fn cid(&self, c: char) -> u16 {
        self.chars
            .binary_search(&c)
            .ok()
            .and_then(|k| u16::try_from(k + 1).ok())
            .unwrap_or(0)
    }

    /// `line` as the bytes of a text-showing operator: two bytes per character, big-endian.
    pub fn encode(&self, line: &str) -> Vec<u8> {
        line.chars()
            .flat_map(|c| self.cid(c).to_be_bytes())
            .collect()
    }

    /// Writes the font's objects.
    pub fn write(&self, pdf: &mut Pdf, refs: FontRefs) {
        let name = Name(b"Ubuntu-Light");
        let system_info = SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"Identity"),
            supplement: 0,
        };
        pdf.type0_font(refs.font)
            .base_font(name)
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(refs.cid_font)
            .to_unicode(refs.to_unicode);
        let mut cid = pdf.cid_font(refs.cid_font);
        cid.subtype(CidFontType::Type2)
            .base_font(name)
            .system_info(system_info)
            .font_descriptor(refs.descriptor)
            .default_width(500.0)
            .cid_to_gid_map_stream(refs.cid_to_gid);
        cid.widths()
            .consecutive(1, self.chars.iter().map(|&c| text::advance_per_mille(c)));
        cid.finish();
        self.write_maps(pdf, refs);
        write_descriptor(pdf, name, refs);
    }

    /// The glyph of each character id, and the character each one stands for.
    fn write_maps(&self, pdf: &mut Pdf, refs: FontRefs) {
        let mut gids = vec![0u8, 0u8];
        let mut cmap = UnicodeCmap::new(
            Name(b"Territoire-UCS"),
            SystemInfo {
                registry: Str(b"Adobe"),
                ordering: Str(b"UCS"),
                supplement: 0,
            },
        );
        for (k, &c) in self.chars.iter().enumerate() {
            let gid = text::glyph(c).map_or(0, |g| g.0);
            gids.extend(gid.to_be_bytes());
            if let Ok(cid) = u16::try_from(k + 1) {
                cmap.pair(cid, c);
            }
        }
        pdf.stream(refs.cid_to_gid, &deflate(&gids))
            .filter(Filter::FlateDecode);
        let cmap = cmap.finish();
        pdf.cmap(refs.to_unicode, &deflate(cmap.as_slice()))
            .filter(Filter::FlateDecode);
    }
}

/// The descriptor and the whole TrueType program (360 kB; no subsetter in the dependencies).
fn write_descriptor(pdf: &mut Pdf, name: Name, refs: FontRefs) {
    let per_mille = |v: f32| v * 1000.0 / text::units_per_em();
    let (ascent, descent) = text::font().map_or((800.0, -200.0), |f| {
        use ab_glyph::Font;
        (
            per_mille(f.ascent_unscaled()),
            per_mille(f.descent_unscaled()),
        )
    });
    pdf.font_descriptor(refs.descriptor)
        .name(name)
        .flags(FontFlags::NON_SYMBOLIC)
        .bbox(Rect::new(-200.0, descent, 1200.0, ascent))
        .italic_angle(0.0)
        .ascent(ascent)
        .descent(descent)
        .cap_height(ascent * 0.75)
        .stem_v(70.0)
        .font_file2(refs.file);
    let compressed = deflate(text::FONT_BYTES);
    pdf.stream(refs.file, &compressed)
        .filter(Filter::FlateDecode)
        .pair(Name(b"Length1"), text::FONT_BYTES.len() as i32);
}

/// `bytes` compressed for a `FlateDecode` stream.
pub(super) fn deflate(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}
