//! Fills one polygon within a band: a pixel is painted when its centre lies inside (even-odd
//! over all rings). Both polygons of a shared edge compute its crossings from the same
//! endpoints in the same order, so each pixel along it goes to exactly one of them.

use egui::Color32;

use super::band::Band;
use super::dot::{dot, drawn_as_dot};
use super::prepare::{Feature, Shapes, wide};

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
    if drawn_as_dot(true, b) {
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
