//! Fills one polygon within a band: a pixel is painted when its centre lies inside (even-odd
//! over all rings). Both polygons of a shared edge compute its crossings from the same
//! endpoints in the same order, so each pixel along it goes to exactly one of them.

use egui::Color32;

use super::band::Band;
use super::prepare::{Feature, Shapes, wide};

/// Number of pixel centres (at `k + 0.5`) strictly between `lo` and `hi`.
fn centres_between(lo: f64, hi: f64) -> i64 {
    ((hi - 0.5).floor() - (lo - 0.5).ceil() + 1.0).max(0.0) as i64
}

/// True when the box holds no pixel centre: the polygon is drawn as one pixel instead.
pub(super) fn below_a_pixel(bbox: [f64; 4]) -> bool {
    centres_between(bbox[0], bbox[2]) == 0 || centres_between(bbox[1], bbox[3]) == 0
}

/// Paints one pixel of `feature`'s colour at the centre of its box, when it lies in the band.
pub(super) fn dot(band: &mut Band, bbox: [f64; 4], color: Color32) {
    let (x, y) = ((bbox[0] + bbox[2]) / 2.0, (bbox[1] + bbox[3]) / 2.0);
    if x < 0.0 || y < 0.0 {
        return;
    }
    let (x, y) = (x as usize, y as usize);
    if x < band.width && (band.y0..band.y1).contains(&y) {
        band.blend(x, y, color, 1.0);
    }
}

/// Fills `feature` in `color` on the band's rows; `xs` is scratch space for the crossings of a
/// row.
pub(super) fn polygon(
    band: &mut Band,
    shapes: &Shapes,
    feature: &Feature,
    color: Color32,
    xs: &mut Vec<f64>,
) {
    let b = feature.bbox();
    if below_a_pixel(b) {
        dot(band, b, color);
        return;
    }
    let first = (b[1] - 0.5).ceil().max(band.y0 as f64) as usize;
    let last = ((b[3] - 0.5).floor() + 1.0).clamp(0.0, band.y1 as f64) as usize;
    let width = band.width as f64;
    for y in first..last {
        let yc = y as f64 + 0.5;
        xs.clear();
        for r in feature.rings.clone() {
            let ring = shapes.ring(r);
            let Some(&end) = ring.last() else { continue };
            let mut p = wide(end);
            for &q in ring {
                let q = wide(q);
                // The lower endpoint first, whichever way the ring runs.
                let (a, c) = if p[1] < q[1] { (p, q) } else { (q, p) };
                if a[1] < yc && yc < c[1] {
                    xs.push(a[0] + (yc - a[1]) * (c[0] - a[0]) / (c[1] - a[1]));
                }
                p = q;
            }
        }
        xs.sort_unstable_by(f64::total_cmp);
        for pair in xs.chunks_exact(2) {
            let x0 = (pair[0] - 0.5).ceil().clamp(0.0, width) as usize;
            let x1 = (pair[1] - 0.5).ceil().clamp(0.0, width) as usize;
            if x1 > x0 {
                band.span(y, x0, x1, color);
            }
        }
    }
}
