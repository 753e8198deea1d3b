//! The walkers plugin that draws the map's groups of layers, bottom first, each within its clip:
//! large layers from their rasters, the others as shapes.

use egui::{Pos2, Rect, Shape};
use walkers::{MapMemory, Plugin, Projector};

use super::shapes::{draw_highlight, draw_layer};
use super::{Clip, LayerDraw, view_bbox};
use crate::data::DatasetId;
use crate::map::layer_rasters::{LayerRasters, RasterDraw, RasterKey, RasterKind, RasterPaint};
use crate::map::point_raster::PointPaint;
use crate::map::raster_view::RasterView;
use crate::map::shape_raster::ShapePaint;

/// The walkers plugin that draws groups of layers, bottom first, each within its clip.
pub struct LayersPlugin<'a, 'r> {
    /// Groups of layers, bottom to top.
    pub groups: Vec<(Vec<LayerDraw<'a>>, Clip)>,
    /// Rasters of large layers; `None` draws every layer as vectors (map exports).
    pub rasters: Option<&'r mut LayerRasters>,
    /// The map pane this plugin draws in (side by side has two).
    pub pane: usize,
}

impl Plugin for LayersPlugin<'_, '_> {
    fn run(
        self: Box<Self>,
        ui: &mut egui::Ui,
        response: &egui::Response,
        projector: &Projector,
        _: &MapMemory,
    ) {
        let rect = response.rect;
        let painter = ui.painter_at(rect);
        let ctx = ui.ctx().clone();
        let pass = ctx.cumulative_pass_nr();
        let mut rasters = self.rasters;
        if let Some(r) = rasters.as_deref_mut() {
            r.receive(&ctx, pass);
        }
        let frame = Frame {
            view: RasterView::of(projector, rect, ctx.pixels_per_point()),
            ctx,
            projector,
            rect,
            pass,
            pane: self.pane,
        };
        for (group, (layers, clip)) in self.groups.iter().enumerate() {
            let Some(area) = ClipArea::of(*clip, rect, &painter) else {
                continue;
            };
            frame.draw_group(group, layers, &area, rasters.as_deref_mut());
        }
    }
}

/// What the groups of layers drawn in one frame share.
struct Frame<'p, 'q> {
    ctx: egui::Context,
    projector: &'p Projector<'q>,
    /// The whole map on the screen.
    rect: Rect,
    pass: u64,
    view: RasterView,
    pane: usize,
}

/// Where one group paints: the part of the map it covers, a painter clipped to it, and the
/// lens circle that shapes are cut to.
struct ClipArea {
    area: Rect,
    painter: egui::Painter,
    lens: Option<(Pos2, f32)>,
}

impl ClipArea {
    /// The area of `clip` within the map `rect`; `None` when nothing of it is visible.
    fn of(clip: Clip, rect: Rect, painter: &egui::Painter) -> Option<Self> {
        let (area, painter, lens) = match clip {
            Clip::Rect(r) => (
                r.intersect(rect),
                painter.with_clip_rect(r.intersect(rect)),
                None,
            ),
            Clip::Circle(c, radius) => (
                Rect::from_center_size(c, egui::vec2(2.0 * radius, 2.0 * radius)).intersect(rect),
                painter.clone(),
                Some((c, radius)),
            ),
            Clip::None => (rect, painter.clone(), None),
        };
        area.is_positive().then_some(Self {
            area,
            painter,
            lens,
        })
    }

    /// Paints the shapes collected so far (cut to the lens), leaving `shapes` empty.
    fn flush(&self, shapes: &mut Vec<Shape>) {
        let mut drawn = std::mem::take(shapes);
        if let Some((c, radius)) = self.lens {
            drawn = crate::map::clip::to_circle(drawn, c, radius);
        }
        self.painter.extend(drawn);
    }
}

impl Frame<'_, '_> {
    /// Draws one group of layers, bottom first: large point layers from their rasters, the
    /// others as shapes.
    fn draw_group(
        &self,
        group: usize,
        layers: &[LayerDraw],
        clip: &ClipArea,
        mut rasters: Option<&mut LayerRasters>,
    ) {
        let bbox = view_bbox(self.projector, clip.area);
        let mut shapes = Vec::new();
        let mut seen: Vec<DatasetId> = Vec::new();
        for layer in layers {
            let id = layer.dataset.id();
            let nth = seen.iter().filter(|&&a| a == id).count();
            seen.push(id);
            let served = rasters.as_deref_mut().and_then(|r| r.serves(layer.dataset));
            let (Some(kind), Some(r)) = (served, rasters.as_deref_mut()) else {
                draw_layer(&mut shapes, self.projector, self.rect, bbox, layer);
                continue;
            };
            // Whatever lies beneath is painted first, then the raster, then its highlights.
            clip.flush(&mut shapes);
            let key = RasterKey {
                pane: self.pane,
                group,
                dataset: id,
                nth,
            };
            r.draw(
                &self.ctx,
                &clip.painter,
                self.pass,
                self.raster_draw(key, layer, clip, kind),
            );
            for &h in &layer.highlight {
                draw_highlight(&mut shapes, self.projector, layer.dataset, h, &layer.style);
            }
        }
        clip.flush(&mut shapes);
        let mut placed = Vec::new();
        // Seen through the lens, the layers show no labels (they would overflow its circle).
        for layer in layers.iter().rev().filter(|_| clip.lens.is_none()) {
            crate::map::labels::draw_labels(
                &clip.painter,
                self.projector,
                bbox,
                clip.area,
                layer,
                &mut placed,
            );
        }
    }

    /// How `layer`'s raster is drawn this frame.
    fn raster_draw<'a>(
        &self,
        key: RasterKey,
        layer: &LayerDraw<'a>,
        clip: &ClipArea,
        kind: RasterKind,
    ) -> RasterDraw<'a> {
        let (style, grey, ppp) = (&layer.style, layer.grey_out, self.view.pixels_per_point);
        RasterDraw {
            key,
            dataset: layer.dataset,
            mask: layer.mask,
            paint: match kind {
                RasterKind::Points => RasterPaint::Points(PointPaint::new(style, grey, ppp)),
                RasterKind::Shapes => RasterPaint::Shapes(ShapePaint::new(style, grey, ppp)),
            },
            fills: layer.fills,
            view: self.view,
            map_min: self.rect.min,
            lens: clip.lens,
        }
    }
}
