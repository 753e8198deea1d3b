//! The pixel grid of a point raster: every point of the scene binned on the view's pixels, in
//! parallel, one bit per pixel and kind of point (kept or greyed out).

use rayon::prelude::*;

use super::PointScene;
use crate::data::{Bbox, GeomKind};
use crate::map::raster_view::{RasterView, mercator};

/// Cell flag: a point of a row the filter leaves out (greyed) lies in the pixel.
pub(super) const LEFT_OUT: u8 = 1;
/// Cell flag: a point of a kept row lies in the pixel.
pub(super) const KEPT: u8 = 2;

/// Under this share of the layer's extent in view, the spatial index picks the points; above it a
/// straight scan of all the points is quicker.
pub(super) const INDEX_SHARE: f64 = 0.2;

/// Occupied pixels of the view grown by `reach` on every side (points just outside still show
/// their edge): one bit per pixel and kind of point, rows padded to whole 64-bit words.
pub(super) struct Grid {
    pub(super) width: usize,
    pub(super) height: usize,
    pub(super) reach: usize,
    /// Pixels holding a point of a kept row.
    kept: Vec<u64>,
    /// Pixels holding a point of a row the filter leaves out (greyed).
    left_out: Vec<u64>,
}

impl Grid {
    pub(super) fn empty(width: usize, height: usize, reach: usize) -> Self {
        let words = Self::row_words(width, reach) * (height + 2 * reach);
        Self {
            width,
            height,
            reach,
            kept: vec![0; words],
            left_out: vec![0; words],
        }
    }

    pub(super) fn row_words(width: usize, reach: usize) -> usize {
        (width + 2 * reach).div_ceil(64)
    }

    pub(super) fn outer_width(&self) -> usize {
        self.width + 2 * self.reach
    }

    pub(super) fn outer_height(&self) -> usize {
        self.height + 2 * self.reach
    }

    /// The bits of `flag`'s pixels.
    pub(super) fn bits(&self, flag: u8) -> &[u64] {
        if flag == KEPT {
            &self.kept
        } else {
            &self.left_out
        }
    }

    /// Both kinds of another part of the same view added to these.
    pub(super) fn merge(mut self, other: Self) -> Self {
        let or = |a: &mut Vec<u64>, b: &[u64]| a.iter_mut().zip(b).for_each(|(a, b)| *a |= b);
        or(&mut self.kept, &other.kept);
        or(&mut self.left_out, &other.left_out);
        self
    }
}

/// Rows of the table that turns a latitude into a pixel row: the Web Mercator curve over the
/// view is linear between rows this close that the error stays far below a pixel.
pub(super) const LATITUDE_STEPS: usize = 4096;

/// From `[lon, lat]` to the outer grid's pixel position: x is linear in longitude; y is read
/// from a table of the Mercator curve over the view's latitudes (no tangent per point).
pub(crate) struct PixelOf {
    x_scale: f64,
    x_offset: f64,
    lat_min: f64,
    lat_max: f64,
    steps_per_degree: f64,
    /// The view's top edge in normalised Web Mercator, its scale and the padding, for the
    /// latitudes outside the table.
    origin_y: f64,
    y_scale: f64,
    pad: f64,
    /// `(y, slope per step)` at each step of latitude.
    rows: Vec<(f64, f64)>,
}

impl PixelOf {
    pub(crate) fn new(view: &RasterView, bbox: Bbox, reach: usize) -> Self {
        let scale = view.world_pixels();
        let pad = reach as f64;
        let y_of = |lat: f64| (mercator([0.0, lat])[1] - view.origin[1]) * scale + pad;
        let step = (bbox[3] - bbox[1]).max(1e-12) / LATITUDE_STEPS as f64;
        let rows = (0..=LATITUDE_STEPS)
            .map(|k| {
                let lat = bbox[1] + step * k as f64;
                let y = y_of(lat);
                (y, y_of(lat + step) - y)
            })
            .collect();
        Self {
            x_scale: scale / 360.0,
            x_offset: (0.5 - view.origin[0]) * scale + pad,
            lat_min: bbox[1],
            lat_max: bbox[3],
            steps_per_degree: 1.0 / step,
            origin_y: view.origin[1],
            y_scale: scale,
            pad,
            rows,
        }
    }

    /// The pixel position of any `[lon, lat]`, also outside the table's latitudes (computed
    /// exactly there): for the vertices of shapes that reach beyond the view.
    #[inline]
    pub(crate) fn at_any(&self, c: [f64; 2]) -> [f64; 2] {
        if c[1] >= self.lat_min && c[1] <= self.lat_max {
            return self.at(c);
        }
        [
            c[0] * self.x_scale + self.x_offset,
            (mercator([0.0, c[1]])[1] - self.origin_y) * self.y_scale + self.pad,
        ]
    }

    // Plain products and sums, not `mul_add`: without FMA in the baseline x86-64 that is a
    // call into the C library for each vertex.
    #[inline]
    pub(crate) fn at(&self, c: [f64; 2]) -> [f64; 2] {
        let f = ((c[1] - self.lat_min) * self.steps_per_degree).max(0.0);
        let k = (f as usize).min(LATITUDE_STEPS);
        let (y, slope) = self.rows[k];
        [
            c[0] * self.x_scale + self.x_offset,
            (f - k as f64) * slope + y,
        ]
    }
}

/// Bins every point of the scene on the pixel grid, in parallel.
pub(super) fn bin(scene: &PointScene, reach: usize) -> Grid {
    let [width, height] = scene.view.pixel_size();
    let ds = scene.dataset;
    let bbox = scene
        .view
        .lon_lat_bbox(reach as f32 / scene.view.pixels_per_point);
    let rows: Option<Vec<usize>> = uses_index(ds.bbox, bbox).then(|| ds.query_bbox(bbox).collect());
    let points = ds.geometry.single_points();
    let count = rows.as_ref().map_or(ds.len(), Vec::len);
    let threads = rayon::current_num_threads().max(1);
    let chunk = count.div_ceil(threads).max(1);
    let grey = scene.paint.left_out.is_some();
    let pixel_of = PixelOf::new(&scene.view, bbox, reach);
    let row_words = Grid::row_words(width, reach);
    let (ow, oh) = ((width + 2 * reach) as f64, (height + 2 * reach) as f64);
    let fill = |range: std::ops::Range<usize>| {
        let mut grid = Grid::empty(width, height, reach);
        let mut put = |c: [f64; 2], kept: bool| {
            if c[0] < bbox[0] || c[0] > bbox[2] || c[1] < bbox[1] || c[1] > bbox[3] {
                return;
            }
            let [x, y] = pixel_of.at(c);
            if x >= 0.0 && y >= 0.0 && x < ow && y < oh {
                let (x, y) = (x as usize, y as usize);
                let bits = if kept {
                    &mut grid.kept
                } else {
                    &mut grid.left_out
                };
                bits[y * row_words + x / 64] |= 1 << (x % 64);
            }
        };
        for k in range {
            let i = rows.as_ref().map_or(k, |r| r[k]);
            let kept = scene.mask.is_none_or(|mask| mask.get(i));
            if !kept && !grey {
                continue;
            }
            match points {
                Some(points) => put(points[i], kept),
                None => {
                    if !matches!(ds.geometry.kind(i), GeomKind::Point | GeomKind::MultiPoint) {
                        continue;
                    }
                    for &c in ds.geometry.feature_coords(i) {
                        put(c, kept);
                    }
                }
            }
        }
        grid
    };
    (0..threads)
        .into_par_iter()
        .map(|t| fill((t * chunk).min(count)..((t + 1) * chunk).min(count)))
        .reduce_with(Grid::merge)
        .unwrap_or_else(|| Grid::empty(width, height, reach))
}

/// True when the view covers a small enough part of the layer's extent for the spatial index
/// to be worth asking.
pub(crate) fn uses_index(extent: Option<Bbox>, view: Bbox) -> bool {
    let Some(e) = extent else {
        return false;
    };
    let area = |b: Bbox| (b[2] - b[0]).max(0.0) * (b[3] - b[1]).max(0.0);
    let meet = [
        e[0].max(view[0]),
        e[1].max(view[1]),
        e[2].min(view[2]),
        e[3].min(view[3]),
    ];
    let whole = area(e);
    whole > 0.0 && area(meet) < INDEX_SHARE * whole
}
