//! Draws dataset layers on the map: one fill mesh per polygon layer, points binned per screen
//! pixel, large point layers from rasters rendered off the UI thread.

use std::sync::Arc;

use egui::{Color32, Mesh, Pos2, Rect, Shape, Stroke, epaint::Vertex};
use walkers::{MapMemory, Plugin, Projector, lon_lat};

use super::layer_rasters::{LayerRasters, RasterDraw, RasterKey};
use super::point_raster::PointPaint;
use super::raster_view::RasterView;
use crate::data::{Bbox, Bitmap, Dataset, GeomKind};

/// The colour of features a filter leaves out, when they are greyed out.
pub(super) const GREY: Color32 = Color32::from_rgb(0x9a, 0x9a, 0x9a);

/// Above this many polygons in view, outlines are skipped (fills stay) to keep frames short.
const MAX_OUTLINED: usize = 4_000;
/// Above this many distinct point positions in view, points are drawn as squares in one mesh.
const MAX_ROUND_POINTS: usize = 6_000;

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

/// The walkers plugin that draws groups of layers, bottom first, each within its clip.
pub struct LayersPlugin<'a, 'r> {
    /// Groups of layers, bottom to top.
    pub groups: Vec<(Vec<LayerDraw<'a>>, Clip)>,
    /// Rasters of large point layers; `None` draws every layer as vectors (map exports).
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
        let view = RasterView::of(projector, rect, ctx.pixels_per_point());
        for (group, (layers, clip)) in self.groups.iter().enumerate() {
            let (area, painter) = match *clip {
                Clip::Rect(r) => (r.intersect(rect), painter.with_clip_rect(r.intersect(rect))),
                Clip::Circle(c, radius) => (
                    Rect::from_center_size(c, egui::vec2(2.0 * radius, 2.0 * radius))
                        .intersect(rect),
                    painter.clone(),
                ),
                Clip::None => (rect, painter.clone()),
            };
            if !area.is_positive() {
                continue;
            }
            let lens = match *clip {
                Clip::Circle(c, radius) => Some((c, radius)),
                _ => None,
            };
            let bbox = view_bbox(projector, area);
            let mut shapes = Vec::new();
            let flush = |shapes: &mut Vec<Shape>| {
                let mut drawn = std::mem::take(shapes);
                if let Some((c, radius)) = lens {
                    drawn = super::clip::to_circle(drawn, c, radius);
                }
                painter.extend(drawn);
            };
            let mut seen: Vec<usize> = Vec::new();
            for layer in layers {
                let address = Arc::as_ptr(layer.dataset) as usize;
                let nth = seen.iter().filter(|&&a| a == address).count();
                seen.push(address);
                let served = rasters
                    .as_deref_mut()
                    .is_some_and(|r| r.serves(layer.dataset));
                let (true, Some(r)) = (served, rasters.as_deref_mut()) else {
                    draw_layer(&mut shapes, projector, rect, bbox, layer);
                    continue;
                };
                // Whatever lies beneath is painted first, then the raster, then its highlights.
                flush(&mut shapes);
                r.draw(
                    &ctx,
                    &painter,
                    pass,
                    RasterDraw {
                        key: RasterKey {
                            pane: self.pane,
                            group,
                            dataset: address,
                            nth,
                        },
                        dataset: layer.dataset,
                        mask: layer.mask,
                        paint: PointPaint::new(&layer.style, layer.grey_out, view.pixels_per_point),
                        view,
                        map_min: rect.min,
                        lens,
                    },
                );
                for &h in &layer.highlight {
                    draw_highlight(&mut shapes, projector, layer.dataset, h, &layer.style);
                }
            }
            flush(&mut shapes);
        }
    }
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

fn project(projector: &Projector, c: [f64; 2]) -> Pos2 {
    projector.project(lon_lat(c[0], c[1])).to_pos2()
}

fn draw_layer(
    shapes: &mut Vec<Shape>,
    projector: &Projector,
    rect: Rect,
    view: Bbox,
    layer: &LayerDraw,
) {
    let ds: &Dataset = layer.dataset;
    let mut kept = Vec::new();
    let mut left_out = Vec::new();
    for i in ds.query_bbox(view) {
        match layer.mask {
            Some(mask) if !mask.get(i) => {
                if layer.grey_out {
                    left_out.push(i);
                }
            }
            _ => kept.push(i),
        }
    }
    if !left_out.is_empty() {
        let style = LayerStyle {
            color: GREY,
            opacity: layer.style.opacity * 0.6,
            ..layer.style
        };
        draw_features(shapes, projector, rect, ds, left_out, &style, None);
    }
    draw_features(shapes, projector, rect, ds, kept, &layer.style, layer.fills);
    for &h in &layer.highlight {
        draw_highlight(shapes, projector, ds, h, &layer.style);
    }
}

fn draw_features(
    shapes: &mut Vec<Shape>,
    projector: &Projector,
    rect: Rect,
    ds: &Dataset,
    ids: Vec<usize>,
    style: &LayerStyle,
    fills: Option<&[Color32]>,
) {
    let opacity = style.opacity.clamp(0.0, 1.0);
    let line_color = style.color.gamma_multiply(opacity);
    let fill_color = style.color.gamma_multiply(0.35 * opacity);
    let mut polygons = Vec::new();
    let mut lines = Vec::new();
    let mut points = Vec::new();
    for i in ids {
        match ds.geometry.kind(i) {
            GeomKind::Polygon | GeomKind::MultiPolygon => polygons.push(i),
            GeomKind::LineString | GeomKind::MultiLineString => lines.push(i),
            GeomKind::Point | GeomKind::MultiPoint => points.push(i),
            GeomKind::Empty => {}
        }
    }
    polygons.sort_unstable();
    let fill = |i: usize| match fills.and_then(|f| f.get(i)) {
        Some(c) => c.gamma_multiply(0.85 * opacity),
        None => fill_color,
    };
    draw_polygons(shapes, projector, ds, &polygons, &fill, line_color);
    for &i in &lines {
        for rings in ds.geometry.parts(i) {
            for ring in rings {
                let pts = ring.iter().map(|&c| project(projector, c)).collect();
                shapes.push(Shape::line(pts, Stroke::new(1.5, line_color)));
            }
        }
    }
    draw_points(shapes, projector, rect, ds, &points, style, line_color);
}

fn draw_polygons(
    shapes: &mut Vec<Shape>,
    projector: &Projector,
    ds: &Dataset,
    ids: &[usize],
    fill: &dyn Fn(usize) -> Color32,
    line: Color32,
) {
    let mut mesh = Mesh::default();
    for &i in ids {
        let range = ds.geometry.feature_coord_range(i);
        let base = mesh.vertices.len() as u32;
        let color = fill(i);
        mesh.vertices
            .extend(ds.geometry.coords()[range.clone()].iter().map(|&c| Vertex {
                pos: project(projector, c),
                uv: egui::epaint::WHITE_UV,
                color,
            }));
        let start = range.start as u32;
        mesh.indices
            .extend(ds.triangles(i).iter().map(|&k| k - start + base));
    }
    if !mesh.is_empty() {
        shapes.push(Shape::mesh(mesh));
    }
    if ids.len() <= MAX_OUTLINED {
        let stroke = Stroke::new(1.2, line);
        for &i in ids {
            for rings in ds.geometry.parts(i) {
                for ring in rings {
                    let pts: Vec<Pos2> = ring.iter().map(|&c| project(projector, c)).collect();
                    shapes.push(Shape::closed_line(pts, stroke));
                }
            }
        }
    }
}

/// Points are binned on the screen pixel grid: never more symbols than pixels, whatever the count.
fn draw_points(
    shapes: &mut Vec<Shape>,
    projector: &Projector,
    rect: Rect,
    ds: &Dataset,
    ids: &[usize],
    style: &LayerStyle,
    color: Color32,
) {
    let width = rect.width().max(1.0) as usize + 1;
    let height = rect.height().max(1.0) as usize + 1;
    let mut seen = crate::data::Bitmap::new(width * height, false);
    let mut centers: Vec<Pos2> = Vec::new();
    for &i in ids {
        for rings in ds.geometry.parts(i) {
            for ring in rings {
                for &c in ring {
                    let p = project(projector, c);
                    let (x, y) = ((p.x - rect.left()) as isize, (p.y - rect.top()) as isize);
                    if x < 0 || y < 0 || x as usize >= width || y as usize >= height {
                        continue;
                    }
                    let cell = y as usize * width + x as usize;
                    if !seen.get(cell) {
                        seen.set(cell, true);
                        centers.push(p);
                    }
                }
            }
        }
    }
    let r = style.point_radius_px.max(0.5);
    if centers.len() <= MAX_ROUND_POINTS {
        let halo = Color32::WHITE.gamma_multiply(0.8 * style.opacity.clamp(0.0, 1.0));
        for &p in &centers {
            shapes.push(Shape::circle_filled(p, r + 1.0, halo));
        }
        shapes.extend(
            centers
                .into_iter()
                .map(|p| Shape::circle_filled(p, r, color)),
        );
        return;
    }
    let mut mesh = Mesh::default();
    for p in centers {
        mesh.add_colored_rect(
            Rect::from_center_size(p, egui::vec2(r * 1.6, r * 1.6)),
            color,
        );
    }
    shapes.push(Shape::mesh(mesh));
}

fn draw_highlight(
    shapes: &mut Vec<Shape>,
    projector: &Projector,
    ds: &Dataset,
    i: usize,
    style: &LayerStyle,
) {
    let stroke = Stroke::new(3.0, Color32::from_rgb(0xff, 0xd7, 0x00));
    for rings in ds.geometry.parts(i) {
        for ring in rings {
            let pts: Vec<Pos2> = ring.iter().map(|&c| project(projector, c)).collect();
            match pts.len() {
                0 => {}
                1 => shapes.push(Shape::circle_stroke(
                    pts[0],
                    style.point_radius_px + 3.0,
                    stroke,
                )),
                _ => shapes.push(Shape::line(pts, stroke)),
            }
        }
    }
}
