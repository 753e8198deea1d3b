//! Plays a page back into pixels with tiny-skia (anti-aliased, on the CPU): the PNG export.

use ab_glyph::{Font, OutlineCurve};
use tiny_skia::{
    FillRule, FilterQuality, IntSize, Mask, Paint, Path, PathBuilder, Pixmap, PixmapPaint, Stroke,
    Transform,
};

use super::canvas::{Canvas, Frame, Op};
use super::{Rgba, text};

/// A picture: `width × height` pixels, 4 bytes each (straight RGBA).
#[derive(Clone, Debug, PartialEq)]
pub struct Pixels {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Rows of RGBA bytes, top first.
    pub rgba: Vec<u8>,
}

/// Draws `canvas` on a `size_px` picture; `None` when the size is zero or too large to allocate.
pub fn rasterize(canvas: &Canvas, size_px: [u32; 2]) -> Option<Pixels> {
    let [w, h] = size_px;
    let mut pixmap = Pixmap::new(w, h)?;
    let transform = Transform::from_scale(
        w as f32 / canvas.size_pt[0].max(1.0),
        h as f32 / canvas.size_pt[1].max(1.0),
    );
    let mut clips: Vec<Option<Mask>> = Vec::new();
    for op in &canvas.ops {
        match op {
            Op::Clip(frame) => clips.push(clip_mask(*frame, [w, h], transform)),
            Op::Unclip => {
                clips.pop();
            }
            op => {
                let clip = clips.last().and_then(Option::as_ref);
                draw(&mut pixmap, op, transform, clip);
            }
        }
    }
    let rgba = pixmap
        .pixels()
        .iter()
        .flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue(), c.alpha()]
        })
        .collect();
    Some(Pixels {
        width: w,
        height: h,
        rgba,
    })
}

/// One fill, stroke or line of text.
fn draw(pixmap: &mut Pixmap, op: &Op, transform: Transform, clip: Option<&Mask>) {
    match op {
        Op::Fill {
            rings,
            color,
            even_odd,
        } => {
            let rule = if *even_odd {
                FillRule::EvenOdd
            } else {
                FillRule::Winding
            };
            if let Some(path) = path_of(rings, true) {
                pixmap.fill_path(&path, &paint(*color), rule, transform, clip);
            }
        }
        Op::Stroke {
            lines,
            closed,
            width_pt,
            color,
        } => {
            if let Some(path) = path_of(lines, *closed) {
                let stroke = Stroke {
                    width: *width_pt,
                    line_join: tiny_skia::LineJoin::Round,
                    line_cap: tiny_skia::LineCap::Round,
                    ..Stroke::default()
                };
                pixmap.stroke_path(&path, &paint(*color), &stroke, transform, clip);
            }
        }
        Op::Text {
            at,
            size_pt,
            text,
            color,
        } => {
            if let Some(path) = text_path(text, *at, *size_pt) {
                pixmap.fill_path(&path, &paint(*color), FillRule::Winding, transform, clip);
            }
        }
        Op::Image { frame, image } => draw_image(pixmap, *frame, image, transform, clip),
        Op::Clip(_) | Op::Unclip => {}
    }
}

/// Stretches an opaque picture over `frame`, bilinear when resampled.
fn draw_image(
    pixmap: &mut Pixmap,
    frame: Frame,
    image: &Pixels,
    transform: Transform,
    clip: Option<&Mask>,
) {
    let Some(size) = IntSize::from_wh(image.width, image.height) else {
        return;
    };
    // Opaque pixels: straight and premultiplied alpha are the same bytes.
    let Some(picture) = Pixmap::from_vec(image.rgba.clone(), size) else {
        return;
    };
    let place = transform
        .pre_translate(frame.x, frame.y)
        .pre_scale(frame.w / image.width as f32, frame.h / image.height as f32);
    let paint = PixmapPaint {
        quality: FilterQuality::Bilinear,
        ..PixmapPaint::default()
    };
    pixmap.draw_pixmap(0, 0, picture.as_ref(), &paint, place, clip);
}

fn paint(color: Rgba) -> Paint<'static> {
    let [r, g, b, a] = color.0;
    let mut paint = Paint::default();
    paint.set_color_rgba8(r, g, b, a);
    paint.anti_alias = true;
    paint
}

fn path_of(rings: &[Vec<[f32; 2]>], closed: bool) -> Option<Path> {
    let mut pb = PathBuilder::new();
    for ring in rings.iter().filter(|r| r.len() >= 2) {
        pb.move_to(ring[0][0], ring[0][1]);
        for p in &ring[1..] {
            pb.line_to(p[0], p[1]);
        }
        if closed {
            pb.close();
        }
    }
    pb.finish()
}

fn clip_mask(frame: Frame, size_px: [u32; 2], transform: Transform) -> Option<Mask> {
    let mut mask = Mask::new(size_px[0], size_px[1])?;
    let rect = tiny_skia::Rect::from_xywh(frame.x, frame.y, frame.w, frame.h)?;
    mask.fill_path(
        &PathBuilder::from_rect(rect),
        FillRule::Winding,
        true,
        transform,
    );
    Some(mask)
}

/// The outlines of `text`'s glyphs, its baseline starting at `at`, in points.
fn text_path(text: &str, at: [f32; 2], size_pt: f32) -> Option<Path> {
    let font = text::font()?;
    let scale = size_pt / text::units_per_em();
    let mut pb = PathBuilder::new();
    let mut pen = at[0];
    for c in text.chars() {
        let Some(id) = text::glyph(c) else {
            continue;
        };
        if let Some(outline) = font.outline(id) {
            let pt = |p: ab_glyph::Point| (pen + p.x * scale, at[1] - p.y * scale);
            let mut last = None;
            for curve in &outline.curves {
                let start = match curve {
                    OutlineCurve::Line(a, _)
                    | OutlineCurve::Quad(a, _, _)
                    | OutlineCurve::Cubic(a, _, _, _) => *a,
                };
                if last != Some(start) {
                    let (x, y) = pt(start);
                    pb.move_to(x, y);
                }
                last = Some(match curve {
                    OutlineCurve::Line(_, b) => {
                        let (x, y) = pt(*b);
                        pb.line_to(x, y);
                        *b
                    }
                    OutlineCurve::Quad(_, c1, b) => {
                        let ((x1, y1), (x, y)) = (pt(*c1), pt(*b));
                        pb.quad_to(x1, y1, x, y);
                        *b
                    }
                    OutlineCurve::Cubic(_, c1, c2, b) => {
                        let ((x1, y1), (x2, y2), (x, y)) = (pt(*c1), pt(*c2), pt(*b));
                        pb.cubic_to(x1, y1, x2, y2, x, y);
                        *b
                    }
                });
            }
        }
        pen += font.h_advance_unscaled(id) * scale;
    }
    pb.finish()
}
