//! Antialiased strokes within a band: polygon outlines and lines. Each segment is walked along
//! its main axis one pixel at a time; across it, the pixels covered by the stroke's width get
//! the share of the pixel they cover.

use egui::Color32;

use super::band::Band;
use super::dot::{dot, drawn_as_dot};
use super::prepare::{Feature, Shapes, wide};

/// Strokes the lines of `feature` in `color`.
pub(super) fn lines(
    band: &mut Band,
    shapes: &Shapes,
    feature: &Feature,
    color: Color32,
    width: f64,
) {
    let b = feature.bbox();
    if drawn_as_dot(false, b) {
        dot(band, b, color);
        return;
    }
    for r in feature.rings.clone() {
        for pair in shapes.ring(r).windows(2) {
            segment(band, wide(pair[0]), wide(pair[1]), width, color);
        }
    }
}

/// Strokes the rings of the polygon `feature` in `color`, each closed.
pub(super) fn outline(
    band: &mut Band,
    shapes: &Shapes,
    feature: &Feature,
    color: Color32,
    width: f64,
) {
    for r in feature.rings.clone() {
        let ring = shapes.ring(r);
        let Some(&end) = ring.last() else { continue };
        let mut p = end;
        for &q in ring {
            if p != q {
                segment(band, wide(p), wide(q), width, color);
            }
            p = q;
        }
    }
}

/// Strokes the segment from `a` to `b`, `width` pixels wide.
pub(super) fn segment(band: &mut Band, a: [f64; 2], b: [f64; 2], width: f64, color: Color32) {
    let half = width / 2.0;
    let (top, bottom) = (a[1].min(b[1]) - half - 1.0, a[1].max(b[1]) + half + 1.0);
    if bottom < band.y0 as f64 || top > band.y1 as f64 {
        return;
    }
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    if dx == 0.0 && dy == 0.0 {
        return;
    }
    if dx.abs() >= dy.abs() {
        along_x(band, a, b, half, color);
    } else {
        along_y(band, a, b, half, color);
    }
}

/// A segment closer to horizontal: one column at a time, the rows its width covers.
fn along_x(band: &mut Band, a: [f64; 2], b: [f64; 2], half: f64, color: Color32) {
    let (a, b) = if a[0] <= b[0] { (a, b) } else { (b, a) };
    let slope = (b[1] - a[1]) / (b[0] - a[0]);
    let half_v = half * (slope * slope + 1.0).sqrt();
    let first = a[0].floor().max(0.0) as usize;
    let last = (b[0].ceil().max(0.0) as usize).min(band.width);
    for x in first..last {
        let (left, right) = (a[0].max(x as f64), b[0].min(x as f64 + 1.0));
        let share = right - left;
        if share <= 0.0 {
            continue;
        }
        let y = a[1] + ((left + right) / 2.0 - a[0]) * slope;
        let (lo, hi) = (y - half_v, y + half_v);
        let r0 = lo.floor().max(band.y0 as f64) as usize;
        let r1 = (hi.ceil().max(0.0) as usize).min(band.y1);
        for row in r0..r1 {
            let cover = hi.min(row as f64 + 1.0) - lo.max(row as f64);
            if cover > 0.0 {
                band.blend(x, row, color, (cover * share) as f32);
            }
        }
    }
}

/// A segment closer to vertical: one row at a time, the columns its width covers.
fn along_y(band: &mut Band, a: [f64; 2], b: [f64; 2], half: f64, color: Color32) {
    let (a, b) = if a[1] <= b[1] { (a, b) } else { (b, a) };
    let slope = (b[0] - a[0]) / (b[1] - a[1]);
    let half_h = half * (slope * slope + 1.0).sqrt();
    let first = a[1].floor().max(band.y0 as f64) as usize;
    let last = (b[1].ceil().max(0.0) as usize).min(band.y1);
    let width = band.width as f64;
    for row in first..last {
        let (up, down) = (a[1].max(row as f64), b[1].min(row as f64 + 1.0));
        let share = down - up;
        if share <= 0.0 {
            continue;
        }
        let x = a[0] + ((up + down) / 2.0 - a[1]) * slope;
        let (lo, hi) = (x - half_h, x + half_h);
        let c0 = lo.floor().max(0.0) as usize;
        let c1 = hi.ceil().clamp(0.0, width) as usize;
        for col in c0..c1 {
            let cover = hi.min(col as f64 + 1.0) - lo.max(col as f64);
            if cover > 0.0 {
                band.blend(col, row, color, (cover * share) as f32);
            }
        }
    }
}
