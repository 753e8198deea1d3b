//! Draws dataset layers on the map: one fill mesh per polygon layer, points binned per screen
//! pixel, large point layers from rasters rendered off the UI thread.

mod plugin;
mod shapes;

use std::sync::Arc;

use egui::{Color32, Pos2, Rect};
use walkers::Projector;

use crate::data::{Bbox, Bitmap, Column, Dataset};

pub use plugin::LayersPlugin;

/// The colour of features a filter leaves out, when they are greyed out.
pub(super) const GREY: Color32 = Color32::from_rgb(0x9a, 0x9a, 0x9a);

/// How a layer looks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LayerStyle {
    /// Main colour (outline, points).
    pub color: Color32,
    /// 0 (invisible) to 1 (opaque).
    pub opacity: f32,
    /// Radius of point symbols, in screen pixels.
    pub point_radius_px: f32,
}

impl Default for LayerStyle {
    fn default() -> Self {
        Self {
            color: Color32::from_rgb(0x1f, 0x77, 0xb4),
            opacity: 1.0,
            point_radius_px: 3.0,
        }
    }
}

/// One layer to draw this frame.
#[derive(Clone)]
pub struct LayerDraw<'a> {
    /// The data.
    pub dataset: &'a Arc<Dataset>,
    /// The look.
    pub style: LayerStyle,
    /// Features to highlight (the identified one, rows selected in the table).
    pub highlight: Vec<usize>,
    /// The rows a filter keeps; the others are hidden or greyed out.
    pub mask: Option<&'a Bitmap>,
    /// Draw the rows the filter leaves out in grey instead of hiding them.
    pub grey_out: bool,
    /// One fill colour per feature (a choropleth), instead of the layer's colour.
    pub fills: Option<&'a [Color32]>,
    /// The column whose values label the polygons, if any.
    pub label: Option<&'a Column>,
}

/// Where a group of layers may paint.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Clip {
    /// The whole map.
    None,
    /// A screen rectangle (one side of the swipe).
    Rect(Rect),
    /// A screen circle: centre and radius (the lens).
    Circle(Pos2, f32),
}

/// The longitude/latitude box seen in `rect`.
pub fn view_bbox(projector: &Projector, rect: Rect) -> Bbox {
    let a = projector.unproject(rect.left_top().to_vec2());
    let b = projector.unproject(rect.right_bottom().to_vec2());
    [
        a.x().min(b.x()),
        a.y().min(b.y()),
        a.x().max(b.x()),
        a.y().max(b.y()),
    ]
}
