//! Renders the points of a layer into an RGBA image for one view: points binned on the pixel
//! grid, one antialiased disc with a white halo per occupied pixel, the rows a filter leaves out
//! in grey beneath the kept ones. Pure and parallel; runs off the UI thread.

use egui::{Color32, ColorImage};
use rayon::prelude::*;

use super::draw::{GREY, LayerStyle};
use super::raster_view::{RasterView, mercator};
use crate::data::{Bbox, Bitmap, Dataset, GeomKind};

/// Cell flag: a point of a row the filter leaves out (greyed) lies in the pixel.
const LEFT_OUT: u8 = 1;
/// Cell flag: a point of a kept row lies in the pixel.
const KEPT: u8 = 2;

/// Under this share of the layer's extent in view, the spatial index picks the points; above it a
/// straight scan of all the points is quicker.
const INDEX_SHARE: f64 = 0.2;

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

/// Occupied pixels of the view grown by `reach` on every side (points just outside still show
/// their edge): one bit per pixel and kind of point, rows padded to whole 64-bit words.
struct Grid {
    width: usize,
    height: usize,
    reach: usize,
    /// Pixels holding a point of a kept row.
    kept: Vec<u64>,
    /// Pixels holding a point of a row the filter leaves out (greyed).
    left_out: Vec<u64>,
}

impl Grid {
    fn empty(width: usize, height: usize, reach: usize) -> Self {
        let words = Self::row_words(width, reach) * (height + 2 * reach);
        Self {
            width,
            height,
            reach,
            kept: vec![0; words],
            left_out: vec![0; words],
        }
    }

    fn row_words(width: usize, reach: usize) -> usize {
        (width + 2 * reach).div_ceil(64)
    }

    fn outer_width(&self) -> usize {
        self.width + 2 * self.reach
    }

    fn outer_height(&self) -> usize {
        self.height + 2 * self.reach
    }

    /// The bits of `flag`'s pixels.
    fn bits(&self, flag: u8) -> &[u64] {
        if flag == KEPT {
            &self.kept
        } else {
            &self.left_out
        }
    }

    /// Both kinds of another part of the same view added to these.
    fn merge(mut self, other: Self) -> Self {
        let or = |a: &mut Vec<u64>, b: &[u64]| a.iter_mut().zip(b).for_each(|(a, b)| *a |= b);
        or(&mut self.kept, &other.kept);
        or(&mut self.left_out, &other.left_out);
        self
    }
}

/// Rows of the table that turns a latitude into a pixel row: the Web Mercator curve over the
/// view is linear between rows this close that the error stays far below a pixel.
const LATITUDE_STEPS: usize = 4096;

/// From `[lon, lat]` to the outer grid's pixel position: x is linear in longitude; y is read
/// from a table of the Mercator curve over the view's latitudes (no tangent per point).
struct PixelOf {
    x_scale: f64,
    x_offset: f64,
    lat_min: f64,
    steps_per_degree: f64,
    /// `(y, slope per step)` at each step of latitude.
    rows: Vec<(f64, f64)>,
}

impl PixelOf {
    fn new(view: &RasterView, bbox: Bbox, reach: usize) -> Self {
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
            steps_per_degree: 1.0 / step,
            rows,
        }
    }

    #[inline]
    fn at(&self, c: [f64; 2]) -> [f64; 2] {
        let f = ((c[1] - self.lat_min) * self.steps_per_degree).max(0.0);
        let k = (f as usize).min(LATITUDE_STEPS);
        let (y, slope) = self.rows[k];
        [
            c[0].mul_add(self.x_scale, self.x_offset),
            (f - k as f64).mul_add(slope, y),
        ]
    }
}

/// Bins every point of the scene on the pixel grid, in parallel.
fn bin(scene: &PointScene, reach: usize) -> Grid {
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
fn uses_index(extent: Option<Bbox>, view: Bbox) -> bool {
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

/// For each cell, the distance along its row to the nearest cell holding `flag`, capped at
/// `reach + 1`.
fn row_distances(grid: &Grid, flag: u8) -> Vec<u8> {
    let ow = grid.outer_width();
    let row_words = Grid::row_words(grid.width, grid.reach);
    let cap = (grid.reach + 1) as u8;
    let mut out = vec![cap; ow * grid.outer_height()];
    out.par_chunks_mut(ow)
        .zip(grid.bits(flag).par_chunks(row_words))
        .for_each(|(dist, bits)| {
            if bits.iter().all(|w| *w == 0) {
                return;
            }
            let set = |x: usize| bits[x / 64] >> (x % 64) & 1 != 0;
            let mut d = cap;
            for (x, o) in dist.iter_mut().enumerate() {
                d = if set(x) { 0 } else { (d + 1).min(cap) };
                *o = d;
            }
            d = cap;
            for (x, o) in dist.iter_mut().enumerate().rev() {
                d = if set(x) { 0 } else { (d + 1).min(cap) };
                *o = (*o).min(d);
            }
        });
    out
}

/// Colour of a symbol's pixel by squared distance to its point's pixel, for distances up to
/// `reach` (farther is transparent).
fn ramp(disc: Color32, halo: Color32, radius: f32, halo_width: f32, reach: usize) -> Vec<Color32> {
    let limit = 2 * (reach + 1) * (reach + 1);
    (0..=limit)
        .map(|d2| {
            let d = (d2 as f32).sqrt();
            let disc_cover = (radius + 0.5 - d).clamp(0.0, 1.0);
            let halo_cover = (radius + halo_width + 0.5 - d).clamp(0.0, 1.0);
            over(
                disc.gamma_multiply(disc_cover),
                halo.gamma_multiply(halo_cover),
            )
        })
        .collect()
}

/// `top` painted over `bottom`, both premultiplied.
fn over(top: Color32, bottom: Color32) -> Color32 {
    let keep = 255 - u16::from(top.a());
    let mix = |t: u8, b: u8| (u16::from(t) + (u16::from(b) * keep + 127) / 255).min(255) as u8;
    Color32::from_rgba_premultiplied(
        mix(top.r(), bottom.r()),
        mix(top.g(), bottom.g()),
        mix(top.b(), bottom.b()),
        mix(top.a(), bottom.a()),
    )
}

/// The image: for each pixel, the nearest point of each kind decides its colour, kept over greyed.
fn compose(grid: &Grid, paint: &PointPaint) -> Vec<Color32> {
    let (width, reach) = (grid.width, grid.reach);
    let ow = grid.outer_width();
    let layers: Vec<(Vec<u8>, Vec<Color32>)> = [
        paint.left_out.map(|(disc, halo)| (LEFT_OUT, disc, halo)),
        Some((KEPT, paint.kept, paint.kept_halo)),
    ]
    .into_iter()
    .flatten()
    .filter(|(flag, ..)| grid.bits(*flag).iter().any(|w| *w != 0))
    .map(|(flag, disc, halo)| {
        (
            row_distances(grid, flag),
            ramp(disc, halo, paint.radius, paint.halo, reach),
        )
    })
    .collect();
    let mut pixels = vec![Color32::TRANSPARENT; width * grid.height];
    if layers.is_empty() {
        return pixels;
    }
    pixels.par_chunks_mut(width).enumerate().for_each_init(
        || vec![0i16; width],
        |best, (y, row)| {
            for (k, (dist, colors)) in layers.iter().enumerate() {
                // The squared distance to the nearest point, one row of the window at a time:
                // whole rows at once in signed 16-bit lanes, which the compiler vectorises on
                // any x86-64 (the largest value, 65² + 64², fits).
                best.fill(i16::MAX);
                for dy in 0..=2 * reach {
                    let above = dy.abs_diff(reach) as i16;
                    let above = above * above;
                    let line = &dist[(y + dy) * ow + reach..][..width];
                    for (b, &d) in best.iter_mut().zip(line) {
                        let d = i16::from(d);
                        *b = (*b).min(d * d + above);
                    }
                }
                let color = |b: i16| {
                    colors
                        .get(b as usize)
                        .copied()
                        .unwrap_or(Color32::TRANSPARENT)
                };
                if k == 0 {
                    for (px, &b) in row.iter_mut().zip(best.iter()) {
                        *px = color(b);
                    }
                } else {
                    for (px, &b) in row.iter_mut().zip(best.iter()) {
                        let c = color(b);
                        if c.a() == 255 || *px == Color32::TRANSPARENT {
                            *px = c;
                        } else if c != Color32::TRANSPARENT {
                            *px = over(c, *px);
                        }
                    }
                }
            }
        },
    );
    pixels
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::DatasetBuilder;

    /// Three points on a row, 0.001° apart, around Angers.
    fn dataset() -> Dataset {
        let mut b = DatasetBuilder::new(false);
        for k in 0..3 {
            b.geometry.push_point([-0.552 + k as f64 * 0.001, 47.47]);
            b.end_row();
        }
        b.finish(None)
    }

    /// A 100 × 60 point view at zoom 16 with `first` in the middle of its pixel (50, 30).
    fn view_around(first: [f64; 2]) -> RasterView {
        let world_points = 256.0 * 65536.0;
        let m = mercator(first);
        RasterView {
            origin: [m[0] - 50.5 / world_points, m[1] - 30.5 / world_points],
            world_points,
            size: egui::vec2(100.0, 60.0),
            pixels_per_point: 1.0,
        }
    }

    fn style() -> LayerStyle {
        LayerStyle {
            color: Color32::from_rgb(200, 0, 0),
            opacity: 1.0,
            point_radius_px: 3.0,
        }
    }

    fn pixel_of(view: &RasterView, c: [f64; 2]) -> [usize; 2] {
        let p = view.to_pixel(mercator(c));
        [p[0] as usize, p[1] as usize]
    }

    #[test]
    fn kept_points_are_discs_with_a_halo_and_left_out_points_are_grey() {
        let ds = dataset();
        let mut mask = Bitmap::new(3, true);
        mask.set(1, false);
        let view = view_around([-0.552, 47.47]);
        let scene = PointScene {
            dataset: &ds,
            mask: Some(&mask),
            paint: PointPaint::new(&style(), true, 1.0),
            view,
        };
        let image = render(&scene);
        assert_eq!(image.size, [100, 60]);
        let at = |p: [usize; 2]| image.pixels[p[1] * 100 + p[0]];
        let first = pixel_of(&view, [-0.552, 47.47]);
        let second = pixel_of(&view, [-0.551, 47.47]);
        assert_eq!(first, [50, 30]);
        assert_eq!(at(first), Color32::from_rgb(200, 0, 0));
        // The left-out point: grey at 60 % opacity over its halo, as the vector symbols.
        let grey = over(
            GREY.gamma_multiply(0.6),
            Color32::WHITE.gamma_multiply(0.48),
        );
        assert_eq!(at(second), grey);
        // Just beyond the disc's edge, the halo: translucent white.
        let halo = at([first[0], first[1] + 4]);
        assert!(halo.a() > 0, "{halo:?}");
        assert!(
            [halo.r(), halo.g(), halo.b()]
                .iter()
                .all(|&c| c + 1 >= halo.a())
        );
        // Far from every point: nothing.
        assert_eq!(at([first[0], first[1] + 20]), Color32::TRANSPARENT);
    }

    #[test]
    fn hidden_rows_leave_no_trace() {
        let ds = dataset();
        let mut mask = Bitmap::new(3, true);
        mask.set(1, false);
        let view = view_around([-0.552, 47.47]);
        let scene = PointScene {
            dataset: &ds,
            mask: Some(&mask),
            paint: PointPaint::new(&style(), false, 1.0),
            view,
        };
        let image = render(&scene);
        let second = pixel_of(&view, [-0.551, 47.47]);
        assert_eq!(
            image.pixels[second[1] * 100 + second[0]],
            Color32::TRANSPARENT
        );
    }

    #[test]
    fn kept_points_cover_greyed_ones_at_the_same_place() {
        let mut b = DatasetBuilder::new(false);
        for _ in 0..2 {
            b.geometry.push_point([-0.552, 47.47]);
            b.end_row();
        }
        let ds = b.finish(None);
        let mut mask = Bitmap::new(2, true);
        mask.set(0, false);
        let view = view_around([-0.552, 47.47]);
        let scene = PointScene {
            dataset: &ds,
            mask: Some(&mask),
            paint: PointPaint::new(&style(), true, 1.0),
            view,
        };
        let image = render(&scene);
        assert_eq!(image.pixels[30 * 100 + 50], Color32::from_rgb(200, 0, 0));
    }

    #[test]
    fn a_point_just_outside_the_view_still_shows_its_edge() {
        let ds = dataset();
        let mut view = view_around([-0.552, 47.47]);
        // Move the view so that the first point lies 2 pixels left of its left edge.
        view.origin[0] += 52.0 / view.world_points;
        assert!((view.to_pixel(mercator([-0.552, 47.47]))[0] + 1.5).abs() < 1e-6);
        let scene = PointScene {
            dataset: &ds,
            mask: None,
            paint: PointPaint::new(&style(), false, 1.0),
            view,
        };
        let image = render(&scene);
        assert!(image.pixels[30 * 100].a() > 0);
    }

    #[test]
    fn the_latitude_table_places_points_as_the_mercator_formula_does() {
        // From the whole of France at zoom 5 to a street at zoom 19, within a thousandth of a pixel.
        for (zoom, centre) in [
            (5, [2.5, 46.5]),
            (13, [-0.55, 47.47]),
            (19, [-0.5536, 47.4716]),
        ] {
            let world_points = 256.0 * f64::from(1u32 << zoom);
            let m = mercator(centre);
            let view = RasterView {
                origin: [m[0] - 640.0 / world_points, m[1] - 400.0 / world_points],
                world_points,
                size: egui::vec2(1280.0, 800.0),
                pixels_per_point: 1.0,
            };
            let bbox = view.lon_lat_bbox(5.0);
            let pixel_of = PixelOf::new(&view, bbox, 5);
            for k in 0..=100 {
                let t = f64::from(k) / 100.0;
                let c = [
                    bbox[0] + (bbox[2] - bbox[0]) * t,
                    bbox[1] + (bbox[3] - bbox[1]) * (1.0 - t * t),
                ];
                let exact = view.to_pixel(mercator(c));
                let fast = pixel_of.at(c);
                assert!(
                    (fast[0] - exact[0] - 5.0).abs() < 1e-3
                        && (fast[1] - exact[1] - 5.0).abs() < 1e-3,
                    "zoom {zoom}: {c:?} at {fast:?}, formula {exact:?}"
                );
            }
        }
    }

    #[test]
    fn points_of_a_mixed_layer_are_binned_as_those_of_a_point_layer() {
        // The same three points, alone then after a line (not drawn here): the same pixels.
        let mut b = DatasetBuilder::new(false);
        b.geometry.start_feature(GeomKind::LineString);
        b.geometry.start_part();
        b.geometry.start_ring();
        b.geometry.push_coord([-0.5525, 47.4702]);
        b.geometry.push_coord([-0.5505, 47.4698]);
        b.end_row();
        for k in 0..3 {
            b.geometry.push_point([-0.552 + k as f64 * 0.001, 47.47]);
            b.end_row();
        }
        let mixed = b.finish(None);
        assert!(mixed.geometry.single_points().is_none());
        let points = dataset();
        assert!(points.geometry.single_points().is_some());
        let view = view_around([-0.552, 47.47]);
        let image = |ds: &Dataset| {
            render(&PointScene {
                dataset: ds,
                mask: None,
                paint: PointPaint::new(&style(), false, 1.0),
                view,
            })
        };
        assert_eq!(image(&mixed).pixels, image(&points).pixels);
    }

    #[test]
    fn the_pixel_density_scales_the_symbols() {
        let paint = PointPaint::new(&style(), false, 2.0);
        assert_eq!((paint.radius, paint.halo), (6.0, 2.0));
        assert_eq!(paint.reach(), 9);
    }

    #[test]
    fn premultiplied_colours_stack() {
        let half_white = Color32::WHITE.gamma_multiply(0.5);
        assert_eq!(over(Color32::RED, half_white), Color32::RED);
        assert_eq!(over(Color32::TRANSPARENT, half_white), half_white);
        let c = over(half_white, Color32::BLACK);
        assert_eq!(c.a(), 255);
    }
}
