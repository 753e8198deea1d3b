//! Plays a page back as a one-page PDF: paths for the map and its furniture, the basemap as
//! embedded pictures, real text in the embedded typeface (see [`super::pdf_font`]: any
//! character, searched and copied as itself).

use std::collections::BTreeSet;
use std::sync::Arc;

use pdf_writer::types::{LineCapStyle, LineJoinStyle};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use super::canvas::{Canvas, Frame, Op};
use super::pdf_font::{FontRefs, PdfGlyphs, deflate};
use super::{Pixels, Rgba};

const CATALOG: Ref = Ref::new(1);
const PAGES: Ref = Ref::new(2);
const PAGE: Ref = Ref::new(3);
const CONTENT: Ref = Ref::new(4);
const INFO: Ref = Ref::new(5);
const FONT: FontRefs = FontRefs {
    font: Ref::new(6),
    cid_font: Ref::new(7),
    descriptor: Ref::new(8),
    file: Ref::new(9),
    to_unicode: Ref::new(10),
    cid_to_gid: Ref::new(11),
};
/// Graphics states for each alpha used, then pictures, start here.
const FIRST_FREE: i32 = 12;

/// What the content stream refers to: the characters' ids and the pictures, in order.
struct Resources<'a> {
    glyphs: PdfGlyphs,
    images: Vec<&'a Arc<Pixels>>,
}

impl Resources<'_> {
    /// The name of a picture in the page's resources.
    fn image_name(&self, image: &Arc<Pixels>) -> Option<String> {
        self.images
            .iter()
            .position(|i| Arc::ptr_eq(i, image))
            .map(|k| format!("Im{k}"))
    }
}

/// The page as PDF bytes, titled `title` in the document's properties.
pub fn write_pdf(canvas: &Canvas, title: &str) -> Vec<u8> {
    let [w, h] = canvas.size_pt;
    let alphas: BTreeSet<u8> = canvas.ops.iter().filter_map(op_alpha).collect();
    let mut images: Vec<&Arc<Pixels>> = Vec::new();
    for op in &canvas.ops {
        if let Op::Image { image, .. } = op
            && !images.iter().any(|i| Arc::ptr_eq(i, image))
        {
            images.push(image);
        }
    }
    let resources = Resources {
        glyphs: PdfGlyphs::of(canvas),
        images,
    };
    let state_ref = |k: usize| Ref::new(FIRST_FREE + k as i32);
    let image_ref = |k: usize| Ref::new(FIRST_FREE + (alphas.len() + k) as i32);
    let mut pdf = Pdf::new();
    pdf.catalog(CATALOG).pages(PAGES);
    pdf.pages(PAGES).kids([PAGE]).count(1);
    let mut page = pdf.page(PAGE);
    page.media_box(Rect::new(0.0, 0.0, w, h))
        .parent(PAGES)
        .contents(CONTENT);
    let mut page_resources = page.resources();
    page_resources.fonts().pair(Name(b"F1"), FONT.font);
    let mut states = page_resources.ext_g_states();
    for (k, &a) in alphas.iter().enumerate() {
        states.pair(Name(format!("A{a}").as_bytes()), state_ref(k));
    }
    states.finish();
    let mut objects = page_resources.x_objects();
    for k in 0..resources.images.len() {
        objects.pair(Name(format!("Im{k}").as_bytes()), image_ref(k));
    }
    objects.finish();
    page_resources.finish();
    page.finish();
    for (k, &a) in alphas.iter().enumerate() {
        let alpha = f32::from(a) / 255.0;
        pdf.ext_graphics(state_ref(k))
            .non_stroking_alpha(alpha)
            .stroking_alpha(alpha);
    }
    for (k, image) in resources.images.iter().enumerate() {
        write_image(&mut pdf, image_ref(k), image);
    }
    let content = deflate(&content_stream(canvas, &resources));
    pdf.stream(CONTENT, &content).filter(Filter::FlateDecode);
    resources.glyphs.write(&mut pdf, FONT);
    pdf.document_info(INFO)
        .title(TextStr(title))
        .creator(TextStr("Territoire"));
    pdf.finish()
}

/// An opaque picture as an RGB image, compressed, smoothed when the viewer scales it.
fn write_image(pdf: &mut Pdf, id: Ref, image: &Pixels) {
    let rgb: Vec<u8> = image
        .rgba
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let samples = deflate(&rgb);
    let mut xobject = pdf.image_xobject(id, &samples);
    xobject.filter(Filter::FlateDecode);
    xobject
        .width(image.width as i32)
        .height(image.height as i32)
        .color_space_name(Name(b"DeviceRGB"))
        .bits_per_component(8)
        .interpolate(true);
}

fn op_alpha(op: &Op) -> Option<u8> {
    match op {
        Op::Fill { color, .. } | Op::Stroke { color, .. } | Op::Text { color, .. } => {
            Some(color.0[3])
        }
        Op::Image { .. } | Op::Clip(_) | Op::Unclip => None,
    }
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
fn content_stream(canvas: &Canvas, resources: &Resources) -> Vec<u8> {
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
                show_text(&mut content, &resources.glyphs.encode(text), *at, *size_pt);
            }
            Op::Image { frame, image } => {
                if let Some(name) = resources.image_name(image) {
                    place_image(&mut content, &name, *frame);
                }
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

/// A line of text in the embedded font (its character ids), its baseline starting at `at`.
fn show_text(content: &mut Content, encoded: &[u8], at: [f32; 2], size_pt: f32) {
    content.begin_text();
    content.set_font(Name(b"F1"), size_pt);
    // Flipped back upright inside the y-down page.
    content.set_text_matrix([1.0, 0.0, 0.0, -1.0, at[0], at[1]]);
    content.show(Str(encoded));
    content.end_text();
}

/// A picture over `frame`: its first row at the top, as in the y-down page.
fn place_image(content: &mut Content, name: &str, frame: Frame) {
    content.save_state();
    content.transform([frame.w, 0.0, 0.0, -frame.h, frame.x, frame.y + frame.h]);
    content.x_object(Name(name.as_bytes()));
    content.restore_state();
}
