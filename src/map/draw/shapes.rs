//! Layers drawn as egui shapes: one fill mesh per polygon layer, points binned per screen pixel,
//! highlighted features on top.

use egui::{Color32, Mesh, Pos2, Rect, Shape, Stroke, epaint::Vertex};
use walkers::{Projector, lon_lat};

use super::{GREY, LayerDraw, LayerStyle};
use crate::data::{Bbox, Dataset, GeomKind};

/// Above this many polygons in view, outlines are skipped (fills stay) to keep frames short.
const MAX_OUTLINED: usize = 4_000;
/// Above this many distinct point positions in view, points are drawn as squares in one mesh.
const MAX_ROUND_POINTS: usize = 6_000;

fn project(projector: &Projector, c: [f64; 2]) -> Pos2 {
    projector.project(lon_lat(c[0], c[1])).to_pos2()
}

pub(super) fn draw_layer(
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

pub(super) fn draw_highlight(
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
