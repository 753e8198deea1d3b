//! Renders the polygons and lines of a layer into an RGBA image for one view, off the UI thread:
//! vertices projected and snapped to a half-pixel grid (the per-zoom simplification: identical
//! input vertices stay identical, so shared borders stay shared), polygons filled by pixel
//! centres (neighbours partition the pixels: no gap, no overlap), outlines and lines stroked
//! with antialiasing, features smaller than a pixel drawn as one pixel. Parallel over row bands.
//! The shapes of a view do not depend on the colours: a [`ShapeCache`] keeps them, so that a
//! new filter, look or choropleth over the same view only repaints.

mod band;
mod bands;
mod cache;
mod dot;
mod fill;
mod look;
mod prepare;
mod stroke;

pub use cache::ShapeCache;

use egui::{Color32, ColorImage};

use super::draw::{GREY, LayerStyle};
use super::raster_view::RasterView;
use crate::data::{Bitmap, Dataset};

/// Polygons smaller than this many pixels (bounding box, both sides) get no outline: at that
/// size the outline would cover the fill.
pub const OUTLINE_MIN_PX: f64 = 3.0;

/// How the shapes look in the image, in physical pixels (the same look as the vector path).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ShapePaint {
    /// Fill of kept polygons (premultiplied, opacity applied).
    pub fill: Color32,
    /// Outline of kept polygons and colour of kept lines.
    pub line: Color32,
    /// Fill and line colours of the rows the filter leaves out, when they are greyed out.
    pub left_out: Option<(Color32, Color32)>,
    /// The layer's opacity, applied to choropleth fills.
    pub opacity: f32,
    /// Width of polygon outlines.
    pub outline_px: f32,
    /// Width of lines.
    pub line_px: f32,
}

impl ShapePaint {
    /// The look of `style` at `pixels_per_point`; greyed rows only when `grey_out`.
    pub fn new(style: &LayerStyle, grey_out: bool, pixels_per_point: f32) -> Self {
        let opacity = style.opacity.clamp(0.0, 1.0);
        let grey = opacity * 0.6;
        Self {
            fill: style.color.gamma_multiply(0.35 * opacity),
            line: style.color.gamma_multiply(opacity),
            left_out: grey_out
                .then(|| (GREY.gamma_multiply(0.35 * grey), GREY.gamma_multiply(grey))),
            opacity,
            outline_px: 1.2 * pixels_per_point,
            line_px: 1.5 * pixels_per_point,
        }
    }

    /// The fill of a kept feature coloured `class` by a choropleth.
    pub fn class_fill(&self, class: Color32) -> Color32 {
        class.gamma_multiply(0.85 * self.opacity)
    }
}

/// What to render: the data, the filter, the look, the choropleth and the view.
#[derive(Clone, Copy)]
pub struct ShapeScene<'a> {
    /// The layer.
    pub dataset: &'a Dataset,
    /// The rows a filter keeps (all when `None`).
    pub mask: Option<&'a Bitmap>,
    /// The look.
    pub paint: ShapePaint,
    /// One fill colour per row (a choropleth), instead of the layer's fill.
    pub fills: Option<&'a [Color32]>,
    /// The view.
    pub view: RasterView,
}

/// Renders the polygons and lines of `scene` into an image of the view's pixel size (from
/// scratch: [`ShapeCache::render`] reuses the shapes of the previous view).
pub fn render(scene: &ShapeScene) -> ColorImage {
    cache::PreparedShapes::new(scene).paint(scene)
}

#[cfg(test)]
mod tests;
