//! The map in its frame: the layers' features projected in Web Mercator to fit the view's
//! extent, polygons filled (choropleth classes too) and outlined, lines stroked, points binned.

use std::collections::HashSet;
use std::sync::Arc;

use super::canvas::{Canvas, Frame, circle, polygon};
use super::{Pixels, Rgba};
use crate::data::{Bbox, Bitmap, Dataset, GeomKind};

/// The tiles drawn under the map, stitched: the picture and the Web Mercator box it covers.
#[derive(Clone, Debug, PartialEq)]
pub struct BasemapPicture {
    /// Left, top, right, bottom in Web Mercator units (0 to 1, y down).
    pub mercator: [f64; 4],
    /// The tiles side by side (white where one is missing), opaque.
    pub image: Arc<Pixels>,
    /// The basemap's credit, printed with the sources.
    pub credit: String,
}

/// The colour of features a filter leaves out, when they are greyed out (as on the screen).
const GREY: Rgba = Rgba::rgb(0x9a, 0x9a, 0x9a);
/// The outline of selected features, as on the screen.
pub const HIGHLIGHT: Rgba = Rgba::rgb(0xff, 0xd7, 0x00);
/// Above this many polygons in the frame, outlines are left out (fills stay).
const MAX_OUTLINED: usize = 20_000;
/// Above this many point symbols in the frame, points are small squares without halo.
const MAX_ROUND_POINTS: usize = 6_000;
/// Points of a projected ring closer than this to the previous one are dropped (invisible).
const MIN_STEP_PT: f32 = 0.3;
/// Points per screen pixel for line widths and symbol sizes (a 96 dpi screen).
const PT_PER_PX: f32 = 0.75;

/// One layer as printed: its data, what its filter keeps, its look.
#[derive(Clone, Debug)]
pub struct PrintLayer {
    /// The data (shared with the app, never copied).
    pub dataset: Arc<Dataset>,
    /// The rows a filter keeps; the others are hidden or greyed out.
    pub mask: Option<Arc<Bitmap>>,
    /// Draw the rows the filter leaves out in grey instead of hiding them.
    pub grey_out: bool,
    /// Main colour (outlines, lines, points).
    pub color: Rgba,
    /// 0 (invisible) to 1 (opaque).
    pub opacity: f32,
    /// Radius of point symbols on the screen, in pixels (printed at 0.75 pt per pixel).
    pub point_radius_px: f32,
    /// One fill colour per feature (the choropleth classes), instead of the layer's colour.
    pub fills: Option<Arc<Vec<Rgba>>>,
    /// Features selected in the app (the identified one, rows of the attribute table), drawn
    /// outlined in gold on top as on the screen.
    pub highlight: Arc<Vec<usize>>,
    /// The field whose values label the polygons, if any.
    pub label: Option<String>,
}

/// Web Mercator fitted into a frame: the view's extent is wholly inside, centred.
#[derive(Clone, Copy, Debug)]
pub struct Projection {
    frame: Frame,
    /// Mercator coordinates (0 to 1, y down) of the frame's centre.
    centre: [f64; 2],
    /// Points per Mercator unit (the world's width).
    scale: f64,
}

fn mercator(lon_lat: [f64; 2]) -> [f64; 2] {
    let x = (lon_lat[0] + 180.0) / 360.0;
    let phi = lon_lat[1].clamp(-85.0, 85.0).to_radians();
    let y = (1.0 - (phi.tan() + 1.0 / phi.cos()).ln() / std::f64::consts::PI) / 2.0;
    [x, y]
}

fn unmercator(xy: [f64; 2]) -> [f64; 2] {
    let lat = (std::f64::consts::PI * (1.0 - 2.0 * xy[1]))
        .sinh()
        .atan()
        .to_degrees();
    [xy[0] * 360.0 - 180.0, lat]
}

impl Projection {
    /// The projection that shows all of `extent` (`[min_lon, min_lat, max_lon, max_lat]`) in `frame`.
    pub fn fit(extent: Bbox, frame: Frame) -> Self {
        let a = mercator([extent[0], extent[3]]);
        let b = mercator([extent[2], extent[1]]);
        let dx = (b[0] - a[0]).abs().max(1e-9);
        let dy = (b[1] - a[1]).abs().max(1e-9);
        let scale = (f64::from(frame.w) / dx).min(f64::from(frame.h) / dy);
        Self {
            frame,
            centre: [(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0],
            scale: if scale.is_finite() && scale > 0.0 {
                scale
            } else {
                1.0
            },
        }
    }

    /// Where `[lon, lat]` falls on the page, in points.
    pub fn project(&self, lon_lat: [f64; 2]) -> [f32; 2] {
        self.project_mercator(mercator(lon_lat))
    }

    /// Where Web Mercator `[x, y]` (0 to 1, y down) falls on the page, in points.
    pub fn project_mercator(&self, m: [f64; 2]) -> [f32; 2] {
        let x = f64::from(self.frame.x + self.frame.w / 2.0) + (m[0] - self.centre[0]) * self.scale;
        let y = f64::from(self.frame.y + self.frame.h / 2.0) + (m[1] - self.centre[1]) * self.scale;
        [x as f32, y as f32]
    }

    /// Points of paper per width of the world (the scale of the map).
    pub fn points_per_world(&self) -> f64 {
        self.scale
    }

    /// The Web Mercator box the frame shows: left, top, right, bottom (0 to 1, y down).
    pub fn mercator_box(&self) -> [f64; 4] {
        let half = [
            f64::from(self.frame.w) / 2.0 / self.scale,
            f64::from(self.frame.h) / 2.0 / self.scale,
        ];
        [
            self.centre[0] - half[0],
            self.centre[1] - half[1],
            self.centre[0] + half[0],
            self.centre[1] + half[1],
        ]
    }

    /// The longitude/latitude box the frame shows.
    pub fn view_bbox(&self) -> Bbox {
        let half = [
            f64::from(self.frame.w) / 2.0 / self.scale,
            f64::from(self.frame.h) / 2.0 / self.scale,
        ];
        let a = unmercator([self.centre[0] - half[0], self.centre[1] - half[1]]);
        let b = unmercator([self.centre[0] + half[0], self.centre[1] + half[1]]);
        [a[0], b[1], b[0], a[1]]
    }

    /// Metres on the ground per point of paper, at the frame's centre.
    pub fn metres_per_pt(&self) -> f64 {
        let lat = unmercator(self.centre)[1].to_radians();
        let world_m = 2.0 * std::f64::consts::PI * 6_378_137.0;
        world_m * lat.cos() / self.scale
    }
}

/// Draws the basemap's picture then `layers` (bottom first) inside `frame`; the caller clips.
pub fn draw_layers(
    canvas: &mut Canvas,
    projection: &Projection,
    basemap: Option<&BasemapPicture>,
    layers: &[PrintLayer],
) {
    if let Some(picture) = basemap {
        let [left, top, right, bottom] = picture.mercator;
        let a = projection.project_mercator([left, top]);
        let b = projection.project_mercator([right, bottom]);
        let place = Frame {
            x: a[0],
            y: a[1],
            w: b[0] - a[0],
            h: b[1] - a[1],
        };
        canvas.image(place, Arc::clone(&picture.image));
    }
    for layer in layers {
        draw_layer(canvas, projection, layer);
        draw_highlights(canvas, projection, layer);
    }
}

/// The selected features of `layer` outlined in gold (3 screen pixels), points ringed.
fn draw_highlights(canvas: &mut Canvas, projection: &Projection, layer: &PrintLayer) {
    let ds: &Dataset = &layer.dataset;
    let width_pt = 3.0 * PT_PER_PX;
    let ring_pt = (layer.point_radius_px + 3.0) * PT_PER_PX;
    let mut lines = Vec::new();
    let mut rings = Vec::new();
    for &i in layer.highlight.iter().filter(|&&i| i < ds.len()) {
        match ds.geometry.kind(i) {
            GeomKind::Point | GeomKind::MultiPoint => {
                for &c in ds.geometry.feature_coords(i) {
                    rings.push(circle(projection.project(c), ring_pt));
                }
            }
            GeomKind::Empty => {}
            _ => lines.extend(projected_rings(projection, ds, i)),
        }
    }
    canvas.stroke(lines, false, width_pt, HIGHLIGHT);
    canvas.stroke(rings, true, width_pt, HIGHLIGHT);
}

fn draw_layer(canvas: &mut Canvas, projection: &Projection, layer: &PrintLayer) {
    let ds: &Dataset = &layer.dataset;
    let mut kept = Vec::new();
    let mut left_out = Vec::new();
    for i in ds.query_bbox(projection.view_bbox()) {
        match &layer.mask {
            Some(mask) if !mask.get(i) => {
                if layer.grey_out {
                    left_out.push(i);
                }
            }
            _ => kept.push(i),
        }
    }
    // The same order every time, whatever the index returned: identical pages for identical maps.
    kept.sort_unstable();
    left_out.sort_unstable();
    if !left_out.is_empty() {
        let grey = PrintLayer {
            color: GREY,
            opacity: layer.opacity * 0.6,
            fills: None,
            ..layer.clone()
        };
        draw_features(canvas, projection, &grey, &left_out);
    }
    draw_features(canvas, projection, layer, &kept);
}

fn draw_features(canvas: &mut Canvas, projection: &Projection, layer: &PrintLayer, ids: &[usize]) {
    let ds: &Dataset = &layer.dataset;
    let opacity = layer.opacity.clamp(0.0, 1.0);
    let line = layer.color.faded(opacity);
    let (mut polygons, mut lines, mut points) = (Vec::new(), Vec::new(), Vec::new());
    for &i in ids {
        match ds.geometry.kind(i) {
            GeomKind::Polygon | GeomKind::MultiPolygon => polygons.push(i),
            GeomKind::LineString | GeomKind::MultiLineString => lines.push(i),
            GeomKind::Point | GeomKind::MultiPoint => points.push(i),
            GeomKind::Empty => {}
        }
    }
    let mut outlines = Vec::new();
    for &i in &polygons {
        let rings = projected_rings(projection, ds, i);
        let fill = match layer.fills.as_ref().and_then(|f| f.get(i)) {
            Some(c) => c.faded(0.85 * opacity),
            None => layer.color.faded(0.35 * opacity),
        };
        if polygons.len() <= MAX_OUTLINED {
            outlines.extend(rings.iter().cloned());
        }
        canvas.fill(rings, fill);
    }
    canvas.stroke(outlines, true, 0.6, line);
    let strokes: Vec<_> = lines
        .iter()
        .flat_map(|&i| projected_rings(projection, ds, i))
        .collect();
    canvas.stroke(strokes, false, 1.5 * PT_PER_PX, line);
    draw_points(canvas, projection, layer, &points, line);
}

/// Every ring (or line) of feature `i` on the page, without points closer than [`MIN_STEP_PT`].
fn projected_rings(projection: &Projection, ds: &Dataset, i: usize) -> Vec<Vec<[f32; 2]>> {
    let mut out = Vec::new();
    for rings in ds.geometry.parts(i) {
        for ring in rings {
            let mut pts: Vec<[f32; 2]> = Vec::with_capacity(ring.len());
            for &c in ring {
                let p = projection.project(c);
                let far = pts.last().is_none_or(|q| {
                    (p[0] - q[0]).abs() >= MIN_STEP_PT || (p[1] - q[1]).abs() >= MIN_STEP_PT
                });
                if far && p[0].is_finite() && p[1].is_finite() {
                    pts.push(p);
                }
            }
            if let (Some(&last), Some(&end)) = (ring.last(), pts.last()) {
                // The ring's last point always stays, so that lines end where they end.
                let p = projection.project(last);
                if p != end && p[0].is_finite() && p[1].is_finite() {
                    pts.push(p);
                }
            }
            out.push(pts);
        }
    }
    out
}

/// Points binned on a grid as fine as their symbol: never more symbols than fit on the paper.
fn draw_points(
    canvas: &mut Canvas,
    projection: &Projection,
    layer: &PrintLayer,
    ids: &[usize],
    color: Rgba,
) {
    let radius = (layer.point_radius_px * PT_PER_PX).max(0.75);
    let cell = radius;
    let mut seen = HashSet::new();
    let mut centres = Vec::new();
    for &i in ids {
        for &c in layer.dataset.geometry.feature_coords(i) {
            let p = projection.project(c);
            if !(p[0].is_finite() && p[1].is_finite()) {
                continue;
            }
            let key = ((p[0] / cell).floor() as i64, (p[1] / cell).floor() as i64);
            if seen.insert(key) {
                centres.push((key, p));
            }
        }
    }
    if centres.len() <= MAX_ROUND_POINTS {
        let halo = Rgba::WHITE.faded(0.8 * layer.opacity.clamp(0.0, 1.0));
        for (_, p) in &centres {
            canvas.disc(*p, radius + 0.6, halo);
            canvas.fill(vec![circle(*p, radius)], color);
        }
        return;
    }
    // Octagons where the points are, filled as one shape where they overlap.
    let symbols = centres
        .into_iter()
        .map(|(_, p)| polygon(p, radius, 8))
        .collect();
    canvas.fill_union(symbols, color);
}
