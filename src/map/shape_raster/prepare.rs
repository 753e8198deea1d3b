//! The geometry of a layer in pixel space for one view: the rows in view, in row order, their
//! vertices projected and snapped to the half-pixel grid, consecutive duplicates dropped, each
//! feature with its pixel bounding box. Nothing here depends on the filter or the look, so a
//! recolouring reuses it. Parallel over chunks of rows.

use std::ops::Range;

use rayon::prelude::*;

use super::dot::drawn_as_dot;
use crate::data::{Bbox, Dataset};
use crate::map::point_raster::{PixelOf, uses_index};
use crate::map::raster_view::RasterView;

/// Rows projected by one task.
const CHUNK_ROWS: usize = 4096;
/// Shapes this far outside the image (in pixels) are dropped: their outline cannot reach it.
const CULL_MARGIN_PX: f64 = 3.0;

/// One feature ready to paint.
#[derive(Clone, Debug)]
pub(super) struct Feature {
    /// A polygon (filled and outlined) rather than a line (stroked).
    pub areal: bool,
    /// Its row in the dataset (for its colours).
    pub row: u32,
    /// Its rings (polygons) or lines, as indices into [`Shapes::rings`].
    pub rings: Range<u32>,
    /// `[min_x, min_y, max_x, max_y]` in pixels (see [`Shapes::points`] for the precision).
    pub bbox: [f32; 4],
}

impl Feature {
    /// `[min_x, min_y, max_x, max_y]` in pixels.
    #[inline]
    pub fn bbox(&self) -> [f64; 4] {
        self.bbox.map(f64::from)
    }
}

/// Every feature of a view in pixel space, in row order.
#[derive(Default)]
pub(super) struct Shapes {
    /// Features, in row order.
    pub features: Vec<Feature>,
    /// Each ring or line, as a range of [`Self::points`].
    pub rings: Vec<Range<u32>>,
    /// Snapped vertices, in pixels. Single precision halves the largest buffer of a view: a
    /// multiple of a quarter pixel is exact up to 2²² pixels from the image's corner, and the
    /// vertices farther out (a huge polygon's, deep in a zoom) round to the same value for every
    /// ring that holds them, so shared borders stay shared.
    pub points: Vec<[f32; 2]>,
}

impl Shapes {
    /// The vertices of ring `r` (widen each with [`wide`]).
    pub fn ring(&self, r: u32) -> &[[f32; 2]] {
        let range = &self.rings[r as usize];
        &self.points[range.start as usize..range.end as usize]
    }

    /// The parts, one after the other, in one set of buffers sized once (no regrowth).
    fn concat(parts: Vec<Shapes>) -> Shapes {
        let total = |len: fn(&Shapes) -> usize| parts.iter().map(len).sum::<usize>();
        let mut all = Shapes {
            features: Vec::with_capacity(total(|s| s.features.len())),
            rings: Vec::with_capacity(total(|s| s.rings.len())),
            points: Vec::with_capacity(total(|s| s.points.len())),
        };
        for part in parts {
            let ring_base = all.rings.len() as u32;
            let point_base = all.points.len() as u32;
            all.points.extend_from_slice(&part.points);
            all.rings.extend(
                part.rings
                    .iter()
                    .map(|r| r.start + point_base..r.end + point_base),
            );
            all.features.extend(part.features.into_iter().map(|mut f| {
                f.rings = f.rings.start + ring_base..f.rings.end + ring_base;
                f
            }));
        }
        all
    }
}

/// A stored vertex in double precision, for the painting arithmetic.
#[inline]
pub(super) fn wide(p: [f32; 2]) -> [f64; 2] {
    [f64::from(p[0]), f64::from(p[1])]
}

/// A pixel position snapped to the grid of half pixels offset by a quarter: every vertex moves
/// by at most a quarter pixel on each axis, the same input always lands on the same point, and
/// no vertex ever lies on a pixel centre's row or column (no ties when filling).
#[inline]
pub(super) fn snap(p: [f64; 2]) -> [f64; 2] {
    [
        floor(p[0] * 2.0) * 0.5 + 0.25,
        floor(p[1] * 2.0) * 0.5 + 0.25,
    ]
}

/// `v.floor()` inlined: on baseline x86-64 (no SSE 4.1) the library's is a call, made twice
/// per vertex here. Exact: below 2⁵² in magnitude through a whole number, the library's above.
#[inline]
pub(super) fn floor(v: f64) -> f64 {
    if v.abs() < 4_503_599_627_370_496.0 {
        let t = v as i64 as f64;
        if t > v { t - 1.0 } else { t }
    } else {
        v.floor()
    }
}

/// The polygons and lines of `dataset` in `view`, projected and snapped.
pub(super) fn prepare(dataset: &Dataset, view: RasterView) -> Shapes {
    let [width, height] = view.pixel_size();
    let bbox = view.lon_lat_bbox(CULL_MARGIN_PX as f32 / view.pixels_per_point);
    let (rows, unsorted) = rows_in(dataset, bbox);
    // Rows listed without the index are sorted out by their box before any projection.
    let cull = unsorted.then_some(bbox);
    let pixel_of = PixelOf::new(&view, bbox, 0);
    let limits = [width as f64, height as f64];
    let parts = rows
        .par_chunks(CHUNK_ROWS)
        .map(|chunk| project_rows(dataset, &pixel_of, chunk, limits, cull))
        .collect::<Vec<_>>();
    Shapes::concat(parts)
}

/// The rows whose box may meet `bbox`, in row order, and whether they are every row (the
/// view covers so much of the layer that the index would not pay): their boxes are not
/// checked yet.
fn rows_in(ds: &Dataset, bbox: Bbox) -> (Vec<u32>, bool) {
    if uses_index(ds.bbox, bbox) {
        let mut rows: Vec<u32> = ds.query_bbox(bbox).map(|i| i as u32).collect();
        rows.sort_unstable();
        (rows, false)
    } else {
        ((0..ds.len() as u32).collect(), true)
    }
}

/// True when the boxes `a` and `b` share at least a point.
fn meets(a: Bbox, b: Bbox) -> bool {
    a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]
}

/// Projects and snaps `rows`, dropping those that end up wholly outside the image, and first
/// those whose box does not meet `cull` when it is given. A feature drawn as one pixel keeps
/// its box only: two of its corners are projected, not its vertices.
fn project_rows(
    ds: &Dataset,
    pixel_of: &PixelOf,
    rows: &[u32],
    limits: [f64; 2],
    cull: Option<Bbox>,
) -> Shapes {
    let geometry = &ds.geometry;
    let mut out = Shapes {
        features: Vec::with_capacity(rows.len()),
        ..Shapes::default()
    };
    for &row in rows {
        let i = row as usize;
        let kind = geometry.kind(i);
        let areal = kind.is_areal();
        if !areal && !kind.is_lineal() {
            continue;
        }
        let Some(lon_lat) = geometry.feature_bbox(i) else {
            continue;
        };
        if cull.is_some_and(|b| !meets(lon_lat, b)) {
            continue;
        }
        let (first_ring, first_point) = (out.rings.len(), out.points.len());
        // Projection and snapping keep the order along each axis (y grows southwards): the
        // snapped corners of the box are the box of the snapped vertices.
        let corners = [
            snap(pixel_of.at_any([lon_lat[0], lon_lat[3]])),
            snap(pixel_of.at_any([lon_lat[2], lon_lat[1]])),
        ];
        let boxed = [corners[0][0], corners[0][1], corners[1][0], corners[1][1]];
        let bbox = if drawn_as_dot(areal, boxed) {
            boxed
        } else {
            project_feature(&mut out, ds, i, pixel_of)
        };
        let m = CULL_MARGIN_PX;
        let outside =
            bbox[2] < -m || bbox[3] < -m || bbox[0] > limits[0] + m || bbox[1] > limits[1] + m;
        if outside || (out.rings.len() == first_ring && !drawn_as_dot(areal, bbox)) {
            out.rings.truncate(first_ring);
            out.points.truncate(first_point);
            continue;
        }
        out.features.push(Feature {
            areal,
            row,
            rings: first_ring as u32..out.rings.len() as u32,
            bbox: bbox.map(|v| v as f32),
        });
    }
    out
}

/// Appends the snapped rings of feature `i` to `out` and returns their box (empty, inverted,
/// when no ring has a vertex).
fn project_feature(out: &mut Shapes, ds: &Dataset, i: usize, pixel_of: &PixelOf) -> [f64; 4] {
    let geometry = &ds.geometry;
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
                let p = snap(pixel_of.at_any(c)).map(|v| v as f32);
                if out.points.len() > start && out.points.last() == Some(&p) {
                    continue;
                }
                out.points.push(p);
                let p = wide(p);
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
    bbox
}
