//! The shapes of a scene in pixel space: the rows in view (greyed ones first), their vertices
//! projected and snapped to the half-pixel grid, consecutive duplicates dropped, each feature
//! with its pixel bounding box and colours. Parallel over chunks of rows.

use std::ops::Range;

use egui::Color32;
use rayon::prelude::*;

use super::ShapeScene;
use crate::data::Bbox;
use crate::map::point_raster::{PixelOf, uses_index};

/// Rows projected by one task.
const CHUNK_ROWS: usize = 4096;
/// Shapes this far outside the image (in pixels) are dropped: their outline cannot reach it.
const CULL_MARGIN_PX: f64 = 3.0;

/// One feature ready to paint.
#[derive(Clone, Debug)]
pub(super) struct Feature {
    /// A polygon (filled and outlined) rather than a line (stroked).
    pub areal: bool,
    /// Its rings (polygons) or lines, as indices into [`Shapes::rings`].
    pub rings: Range<u32>,
    /// `[min_x, min_y, max_x, max_y]` in pixels.
    pub bbox: [f64; 4],
    /// Fill colour (polygons).
    pub fill: Color32,
    /// Outline or line colour.
    pub line: Color32,
}

/// Every feature of a scene in pixel space, in painting order.
#[derive(Default)]
pub(super) struct Shapes {
    /// Features, greyed ones first.
    pub features: Vec<Feature>,
    /// Index of the first kept feature: the greyed ones lie before it.
    pub split: usize,
    /// Each ring or line, as a range of [`Self::points`].
    pub rings: Vec<Range<u32>>,
    /// Snapped vertices, in pixels.
    pub points: Vec<[f64; 2]>,
}

impl Shapes {
    /// The vertices of ring `r`.
    pub fn ring(&self, r: u32) -> &[[f64; 2]] {
        let range = &self.rings[r as usize];
        &self.points[range.start as usize..range.end as usize]
    }

    /// Appends `other`'s features after these.
    fn append(&mut self, other: Shapes) {
        let ring_base = self.rings.len() as u32;
        let point_base = self.points.len() as u32;
        self.points.extend(other.points);
        self.rings.extend(
            other
                .rings
                .into_iter()
                .map(|r| r.start + point_base..r.end + point_base),
        );
        self.features
            .extend(other.features.into_iter().map(|mut f| {
                f.rings = f.rings.start + ring_base..f.rings.end + ring_base;
                f
            }));
    }
}

/// A pixel position snapped to the grid of half pixels offset by a quarter: every vertex moves
/// by at most a quarter pixel on each axis, the same input always lands on the same point, and
/// no vertex ever lies on a pixel centre's row or column (no ties when filling).
#[inline]
pub(super) fn snap(p: [f64; 2]) -> [f64; 2] {
    [
        (p[0] * 2.0).floor() * 0.5 + 0.25,
        (p[1] * 2.0).floor() * 0.5 + 0.25,
    ]
}

/// The scene's features in view, projected and snapped, greyed ones first.
pub(super) fn prepare(scene: &ShapeScene) -> Shapes {
    let view = scene.view;
    let [width, height] = view.pixel_size();
    let bbox = view.lon_lat_bbox(CULL_MARGIN_PX as f32 / view.pixels_per_point);
    let (left_out, kept) = rows(scene, bbox);
    let pixel_of = PixelOf::new(&view, bbox, 0);
    let limits = [width as f64, height as f64];
    let project = |rows: &[usize], kept: bool| {
        rows.par_chunks(CHUNK_ROWS)
            .map(|chunk| project_rows(scene, &pixel_of, chunk, kept, limits))
            .collect::<Vec<_>>()
    };
    let mut shapes = Shapes::default();
    for part in project(&left_out, false) {
        shapes.append(part);
    }
    shapes.split = shapes.features.len();
    for part in project(&kept, true) {
        shapes.append(part);
    }
    shapes
}

/// The rows to paint, in row order: those the filter leaves out (when greyed) and those it keeps.
fn rows(scene: &ShapeScene, bbox: Bbox) -> (Vec<usize>, Vec<usize>) {
    let ds = scene.dataset;
    let candidates: Vec<usize> = if uses_index(ds.bbox, bbox) {
        let mut rows: Vec<usize> = ds.query_bbox(bbox).collect();
        rows.sort_unstable();
        rows
    } else {
        (0..ds.len()).collect()
    };
    let Some(mask) = scene.mask else {
        return (Vec::new(), candidates);
    };
    let (kept, left_out): (Vec<usize>, Vec<usize>) =
        candidates.into_iter().partition(|&i| mask.get(i));
    let left_out = if scene.paint.left_out.is_some() {
        left_out
    } else {
        Vec::new()
    };
    (left_out, kept)
}

/// Colours of row `i`: fill and line.
fn colours(scene: &ShapeScene, i: usize, kept: bool) -> (Color32, Color32) {
    let paint = &scene.paint;
    match (kept, paint.left_out) {
        (false, Some(grey)) => grey,
        _ => {
            let fill = scene
                .fills
                .and_then(|f| f.get(i))
                .map_or(paint.fill, |&c| paint.class_fill(c));
            (fill, paint.line)
        }
    }
}

/// Projects and snaps `rows`, dropping those that end up wholly outside the image.
fn project_rows(
    scene: &ShapeScene,
    pixel_of: &PixelOf,
    rows: &[usize],
    kept: bool,
    limits: [f64; 2],
) -> Shapes {
    let geometry = &scene.dataset.geometry;
    let mut out = Shapes::default();
    for &i in rows {
        let kind = geometry.kind(i);
        let areal = kind.is_areal();
        if !areal && !kind.is_lineal() {
            continue;
        }
        let (first_ring, first_point) = (out.rings.len(), out.points.len());
        let mut bbox = [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ];
        for part in geometry.part_range(i) {
            for r in geometry.ring_range(part) {
                let start = out.points.len();
                for &c in geometry.ring(r) {
                    let p = snap(pixel_of.at_any(c));
                    if out.points.len() > start && out.points.last() == Some(&p) {
                        continue;
                    }
                    out.points.push(p);
                    bbox = [
                        bbox[0].min(p[0]),
                        bbox[1].min(p[1]),
                        bbox[2].max(p[0]),
                        bbox[3].max(p[1]),
                    ];
                }
                if out.points.len() > start {
                    out.rings.push(start as u32..out.points.len() as u32);
                }
            }
        }
        let m = CULL_MARGIN_PX;
        let outside =
            bbox[2] < -m || bbox[3] < -m || bbox[0] > limits[0] + m || bbox[1] > limits[1] + m;
        if out.rings.len() == first_ring || outside {
            out.rings.truncate(first_ring);
            out.points.truncate(first_point);
            continue;
        }
        let (fill, line) = colours(scene, i, kept);
        out.features.push(Feature {
            areal,
            rings: first_ring as u32..out.rings.len() as u32,
            bbox,
            fill,
            line,
        });
    }
    out
}
