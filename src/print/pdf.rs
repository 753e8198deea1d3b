//! Plays a page back as a one-page PDF: paths for the map and its furniture, real text in the
//! embedded typeface (Windows-1252 encoded, so French reads and copies as it should).

use std::collections::BTreeSet;
use std::io::Write;

use pdf_writer::types::{FontFlags, LineCapStyle, LineJoinStyle};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use super::canvas::{Canvas, Op};
use super::{Rgba, text};

const CATALOG: Ref = Ref::new(1);
const PAGES: Ref = Ref::new(2);
const PAGE: Ref = Ref::new(3);
const CONTENT: Ref = Ref::new(4);
const FONT: Ref = Ref::new(5);
const DESCRIPTOR: Ref = Ref::new(6);
const FONT_FILE: Ref = Ref::new(7);
const INFO: Ref = Ref::new(8);
/// Graphics states for each alpha used start here.
const FIRST_STATE: i32 = 9;

/// The page as PDF bytes, titled `title` in the document's properties.
pub fn write_pdf(canvas: &Canvas, title: &str) -> Vec<u8> {
    let [w, h] = canvas.size_pt;
    let alphas: BTreeSet<u8> = canvas.ops.iter().filter_map(op_alpha).collect();
    let state = |a: u8| format!("A{a}");
    let mut pdf = Pdf::new();
    pdf.catalog(CATALOG).pages(PAGES);
    pdf.pages(PAGES).kids([PAGE]).count(1);
    let mut page = pdf.page(PAGE);
    page.media_box(Rect::new(0.0, 0.0, w, h))
        .parent(PAGES)
        .contents(CONTENT);
    let mut resources = page.resources();
    resources.fonts().pair(Name(b"F1"), FONT);
    let mut states = resources.ext_g_states();
    for (k, &a) in alphas.iter().enumerate() {
        states.pair(Name(state(a).as_bytes()), Ref::new(FIRST_STATE + k as i32));
    }
    states.finish();
    resources.finish();
    page.finish();
    for (k, &a) in alphas.iter().enumerate() {
        let alpha = f32::from(a) / 255.0;
        pdf.ext_graphics(Ref::new(FIRST_STATE + k as i32))
            .non_stroking_alpha(alpha)
            .stroking_alpha(alpha);
    }
    let content = deflate(&content_stream(canvas));
    pdf.stream(CONTENT, &content).filter(Filter::FlateDecode);
    embed_font(&mut pdf);
    pdf.document_info(INFO)
        .title(TextStr(title))
        .creator(TextStr("Territoire"));
    pdf.finish()
}

fn op_alpha(op: &Op) -> Option<u8> {
    match op {
        Op::Fill { color, .. } | Op::Stroke { color, .. } | Op::Text { color, .. } => {
            Some(color.0[3])
        }
        Op::Clip(_) | Op::Unclip => None,
    }
}

fn deflate(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

fn set_color(content: &mut Content, color: Rgba) {
    let [r, g, b, a] = color.0;
    let c = |v: u8| f32::from(v) / 255.0;
    content.set_parameters(Name(format!("A{a}").as_bytes()));
    content.set_fill_rgb(c(r), c(g), c(b));
    content.set_stroke_rgb(c(r), c(g), c(b));
}

fn path(content: &mut Content, rings: &[Vec<[f32; 2]>], closed: bool) {
    for ring in rings.iter().filter(|r| r.len() >= 2) {
        content.move_to(ring[0][0], ring[0][1]);
        for p in &ring[1..] {
            content.line_to(p[0], p[1]);
        }
        if closed {
            content.close_path();
        }
    }
}

/// The drawing operations, in a y-down coordinate system like the canvas.
fn content_stream(canvas: &Canvas) -> Vec<u8> {
    let mut content = Content::new();
    content.transform([1.0, 0.0, 0.0, -1.0, 0.0, canvas.size_pt[1]]);
    content.set_line_join(LineJoinStyle::RoundJoin);
    content.set_line_cap(LineCapStyle::RoundCap);
    for op in &canvas.ops {
        match op {
            Op::Fill {
                rings,
                color,
                even_odd,
            } => {
                set_color(&mut content, *color);
                path(&mut content, rings, true);
                if *even_odd {
                    content.fill_even_odd();
                } else {
                    content.fill_nonzero();
                }
            }
            Op::Stroke {
                lines,
                closed,
                width_pt,
                color,
            } => {
                set_color(&mut content, *color);
                content.set_line_width(*width_pt);
                path(&mut content, lines, *closed);
                content.stroke();
            }
            Op::Text {
                at,
                size_pt,
                text,
                color,
            } => {
                set_color(&mut content, *color);
                show_text(&mut content, text, *at, *size_pt);
            }
            Op::Clip(frame) => {
                content.save_state();
                content.rect(frame.x, frame.y, frame.w, frame.h);
                content.clip_nonzero();
                content.end_path();
            }
            Op::Unclip => {
                content.restore_state();
            }
        }
    }
    content.finish().into_vec()
}

/// A line of text in the embedded font, its baseline starting at `at`.
fn show_text(content: &mut Content, line: &str, at: [f32; 2], size_pt: f32) {
    let bytes: Vec<u8> = line
        .chars()
        .map(|c| text::winansi(c).unwrap_or(b'?'))
        .collect();
    content.begin_text();
    content.set_font(Name(b"F1"), size_pt);
    // Flipped back upright inside the y-down page.
    content.set_text_matrix([1.0, 0.0, 0.0, -1.0, at[0], at[1]]);
    content.show(Str(&bytes));
    content.end_text();
}

/// The typeface as a TrueType simple font with the Windows-1252 encoding, embedded whole.
fn embed_font(pdf: &mut Pdf) {
    let name = Name(b"Ubuntu-Light");
    let per_mille = |v: f32| v * 1000.0 / text::units_per_em();
    let (ascent, descent) = text::font().map_or((800.0, -200.0), |f| {
        use ab_glyph::Font;
        (
            per_mille(f.ascent_unscaled()),
            per_mille(f.descent_unscaled()),
        )
    });
    {
        let mut font = pdf.indirect(FONT).dict();
        font.pair(Name(b"Type"), Name(b"Font"));
        font.pair(Name(b"Subtype"), Name(b"TrueType"));
        font.pair(Name(b"BaseFont"), name);
        font.pair(Name(b"FirstChar"), 32);
        font.pair(Name(b"LastChar"), 255);
        font.insert(Name(b"Widths"))
            .array()
            .items((32..=255u8).map(|code| text::advance_per_mille(text::from_winansi(code))));
        font.pair(Name(b"Encoding"), Name(b"WinAnsiEncoding"));
        font.pair(Name(b"FontDescriptor"), DESCRIPTOR);
    }
    pdf.font_descriptor(DESCRIPTOR)
        .name(name)
        .flags(FontFlags::NON_SYMBOLIC)
        .bbox(Rect::new(-200.0, descent, 1200.0, ascent))
        .italic_angle(0.0)
        .ascent(ascent)
        .descent(descent)
        .cap_height(ascent * 0.75)
        .stem_v(70.0)
        .font_file2(FONT_FILE);
    let compressed = deflate(text::FONT_BYTES);
    pdf.stream(FONT_FILE, &compressed)
        .filter(Filter::FlateDecode)
        .pair(Name(b"Length1"), text::FONT_BYTES.len() as i32);
}
