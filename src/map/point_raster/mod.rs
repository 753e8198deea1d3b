//! Renders the points of a layer into an RGBA image for one view: points binned on the pixel
//! grid, one antialiased disc with a white halo per occupied pixel, the rows a filter leaves out
//! in grey beneath the kept ones. Pure and parallel; runs off the UI thread.

mod compose;
mod grid;

use egui::{Color32, ColorImage};

use super::draw::{GREY, LayerStyle};
use super::raster_view::RasterView;
use crate::data::{Bitmap, Dataset};
use compose::compose;
pub(crate) use compose::over;
use grid::bin;
pub(crate) use grid::{PixelOf, uses_index};

/// How the points look in the image, in physical pixels (the same look as the vector symbols).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PointPaint {
    /// Disc colour of kept rows (premultiplied, opacity applied).
    pub kept: Color32,
    /// Halo colour of kept rows.
    pub kept_halo: Color32,
    /// Disc and halo colours of the rows the filter leaves out, when they are greyed out.
    pub left_out: Option<(Color32, Color32)>,
    /// Disc radius.
    pub radius: f32,
    /// Halo width beyond the disc.
    pub halo: f32,
}

impl PointPaint {
    /// The look of `style` at `pixels_per_point`; greyed rows only when `grey_out`.
    pub fn new(style: &LayerStyle, grey_out: bool, pixels_per_point: f32) -> Self {
        let opacity = style.opacity.clamp(0.0, 1.0);
        let grey_opacity = opacity * 0.6;
        Self {
            kept: style.color.gamma_multiply(opacity),
            kept_halo: Color32::WHITE.gamma_multiply(0.8 * opacity),
            left_out: grey_out.then(|| {
                (
                    GREY.gamma_multiply(grey_opacity),
                    Color32::WHITE.gamma_multiply(0.8 * grey_opacity),
                )
            }),
            radius: style.point_radius_px.max(0.5) * pixels_per_point,
            halo: pixels_per_point,
        }
    }

    /// How far from a point's pixel its symbol reaches, in whole pixels.
    fn reach(&self) -> usize {
        (self.radius + self.halo + 0.5).ceil().clamp(1.0, 64.0) as usize
    }
}

/// What to render: the data, the filter, the look and the view.
#[derive(Clone, Copy)]
pub struct PointScene<'a> {
    /// The layer.
    pub dataset: &'a Dataset,
    /// The rows a filter keeps (all when `None`).
    pub mask: Option<&'a Bitmap>,
    /// The look.
    pub paint: PointPaint,
    /// The view.
    pub view: RasterView,
}

/// Renders the points of `scene` into an image of the view's pixel size.
pub fn render(scene: &PointScene) -> ColorImage {
    let [width, height] = scene.view.pixel_size();
    let reach = scene.paint.reach();
    let grid = bin(scene, reach);
    let pixels = compose(&grid, &scene.paint);
    debug_assert_eq!(pixels.len(), width * height);
    ColorImage::new([width, height], pixels)
}

#[cfg(test)]
mod tests;
