//! One band of rows of the image being painted: the pixels a task owns, and how colour is
//! laid over them (a blended pixel, a span of a row).

use egui::Color32;

use crate::map::point_raster::over;

/// Rows of pixels in one band.
pub(super) const BAND_ROWS: usize = 32;

/// The rows `y0..y1` of the image, painted by one task.
pub(super) struct Band<'a> {
    pub pixels: &'a mut [Color32],
    pub width: usize,
    pub y0: usize,
    pub y1: usize,
}

impl Band<'_> {
    /// `color` scaled by `coverage` (0 to 1) painted over pixel `(x, y)` of the image, which
    /// must lie in the band.
    #[inline]
    pub fn blend(&mut self, x: usize, y: usize, color: Color32, coverage: f32) {
        let k = (coverage.clamp(0.0, 1.0) * 256.0) as u16;
        let scale = |c: u8| ((u16::from(c) * k) >> 8) as u8;
        let c = Color32::from_rgba_premultiplied(
            scale(color.r()),
            scale(color.g()),
            scale(color.b()),
            scale(color.a()),
        );
        let px = &mut self.pixels[(y - self.y0) * self.width + x];
        *px = over(c, *px);
    }

    /// `color` painted over the pixels `x0..x1` of row `y` (in the band).
    #[inline]
    pub fn span(&mut self, y: usize, x0: usize, x1: usize, color: Color32) {
        let row = &mut self.pixels[(y - self.y0) * self.width..][..self.width];
        let span = &mut row[x0.min(x1)..x1];
        if color.a() == 255 {
            span.fill(color);
        } else {
            span.iter_mut().for_each(|px| *px = over(color, *px));
        }
    }
}
