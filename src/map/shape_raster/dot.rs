//! Features painted as one pixel: a polygon whose box holds no pixel centre, a line under a
//! pixel both ways; the pixel is the one under the middle of the box.

use egui::Color32;

use super::band::Band;

/// Lines whose box is under this many pixels on both sides are drawn as one pixel.
const LINE_DOT_PX: f64 = 1.0;

/// Number of pixel centres (at `k + 0.5`) strictly between `lo` and `hi`.
fn centres_between(lo: f64, hi: f64) -> i64 {
    ((hi - 0.5).floor() - (lo - 0.5).ceil() + 1.0).max(0.0) as i64
}

/// True when a polygon (`areal`) or a line with this pixel box is painted as one pixel.
pub(super) fn drawn_as_dot(areal: bool, bbox: [f64; 4]) -> bool {
    if areal {
        centres_between(bbox[0], bbox[2]) == 0 || centres_between(bbox[1], bbox[3]) == 0
    } else {
        bbox[2] - bbox[0] < LINE_DOT_PX && bbox[3] - bbox[1] < LINE_DOT_PX
    }
}

/// Paints one pixel of `color` at the centre of `bbox`, when it lies in the band.
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
