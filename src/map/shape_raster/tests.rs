//! Tests of the shape raster: shared borders stay closed at every zoom, sub-pixel features
//! show, filters grey out, choropleth classes colour the fills, lines are stroked.

use egui::Color32;

use super::*;
use crate::data::DatasetBuilder;
use crate::map::raster_view::mercator;

/// Side of the test squares, degrees.
const SIDE: f64 = 0.001;
const ORIGIN: [f64; 2] = [-0.5537, 47.4711];

fn style() -> LayerStyle {
    LayerStyle {
        color: Color32::from_rgb(200, 0, 0),
        opacity: 1.0,
        point_radius_px: 3.0,
    }
}

/// A tiling of `n` × `n` cells from `ORIGIN`, inner vertices jittered and some edges bent,
/// neighbours sharing the very same vertices (as a cadastre does).
fn tiling(n: usize) -> Dataset {
    let jitter = |i: usize, j: usize, k: u64| {
        let h = (i as u64 * 7919 + j as u64 * 104_729 + k).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        ((h >> 40) as f64 / (1u64 << 24) as f64 - 0.5) * 0.4
    };
    let corner = |i: usize, j: usize| {
        let inner = |v: usize| v != 0 && v != n;
        let dx = if inner(i) && inner(j) {
            jitter(i, j, 1)
        } else {
            0.0
        };
        let dy = if inner(i) && inner(j) {
            jitter(i, j, 2)
        } else {
            0.0
        };
        [
            ORIGIN[0] + (i as f64 + dx) * SIDE,
            ORIGIN[1] + (j as f64 + dy) * SIDE,
        ]
    };
    // The bend of the edge from corner (i, j) along x (`along_x`) or y, shared by both sides.
    let bend = |i: usize, j: usize, along_x: bool| {
        let (a, b) = if along_x {
            (corner(i, j), corner(i + 1, j))
        } else {
            (corner(i, j), corner(i, j + 1))
        };
        let outline = if along_x {
            j == 0 || j == n
        } else {
            i == 0 || i == n
        };
        let s = if outline {
            0.0
        } else {
            jitter(i, j, 3 + u64::from(along_x)) * 0.5
        };
        [
            (a[0] + b[0]) / 2.0 - s * (b[1] - a[1]),
            (a[1] + b[1]) / 2.0 + s * (b[0] - a[0]),
        ]
    };
    let mut b = DatasetBuilder::new(false);
    for j in 0..n {
        for i in 0..n {
            b.geometry.start_feature(crate::data::GeomKind::Polygon);
            b.geometry.start_part();
            b.geometry.start_ring();
            for c in [
                corner(i, j),
                bend(i, j, true),
                corner(i + 1, j),
                bend(i + 1, j, false),
                corner(i + 1, j + 1),
                bend(i, j + 1, true),
                corner(i, j + 1),
                bend(i, j, false),
                corner(i, j),
            ] {
                b.geometry.push_coord(c);
            }
            b.end_row();
        }
    }
    b.finish(None)
}

/// A 400 × 300 view at `zoom` centred on `centre`.
fn view_at(centre: [f64; 2], zoom: i32) -> RasterView {
    let world_points = 256.0 * 2f64.powi(zoom);
    let m = mercator(centre);
    RasterView {
        origin: [m[0] - 200.0 / world_points, m[1] - 150.0 / world_points],
        world_points,
        size: egui::vec2(400.0, 300.0),
        pixels_per_point: 1.0,
    }
}

fn scene<'a>(ds: &'a Dataset, view: RasterView) -> ShapeScene<'a> {
    ShapeScene {
        dataset: ds,
        mask: None,
        paint: ShapePaint::new(&style(), false, 1.0),
        fills: None,
        view,
    }
}

/// Pixel position of `c` in `view`.
fn pixel(view: &RasterView, c: [f64; 2]) -> [f64; 2] {
    view.to_pixel(mercator(c))
}

#[test]
fn shared_borders_stay_closed_at_every_zoom() {
    let n = 4;
    let ds = tiling(n);
    let far = [ORIGIN[0] + n as f64 * SIDE, ORIGIN[1] + n as f64 * SIDE];
    for zoom in 12..=19 {
        // Several places of the tiling in the middle of the view, so that vertices fall on
        // every kind of pixel position.
        for k in 0..5 {
            let t = 0.1 + 0.2 * f64::from(k);
            let centre = [
                ORIGIN[0] + t * n as f64 * SIDE + 0.37e-5 * f64::from(k),
                ORIGIN[1] + (1.0 - t) * n as f64 * SIDE,
            ];
            let view = view_at(centre, zoom);
            let image = render(&scene(&ds, view));
            let [w, h] = image.size;
            let (a, b) = (
                pixel(&view, [ORIGIN[0], far[1]]),
                pixel(&view, [far[0], ORIGIN[1]]),
            );
            // Pixel centres at least a pixel inside the tiling's outline.
            let x0 = (a[0] + 1.0).ceil().max(0.0) as usize;
            let y0 = (a[1] + 1.0).ceil().max(0.0) as usize;
            let x1 = ((b[0] - 1.0).floor().max(0.0) as usize).min(w);
            let y1 = ((b[1] - 1.0).floor().max(0.0) as usize).min(h);
            for y in y0..y1 {
                for x in x0..x1 {
                    let px = image.pixels[y * w + x];
                    assert!(
                        px.a() > 0,
                        "zoom {zoom}, place {k}: background at ({x}, {y}) inside the tiling"
                    );
                }
            }
        }
    }
}

#[test]
fn two_adjacent_squares_leave_no_background_between_them() {
    let mut b = DatasetBuilder::new(false);
    for i in 0..2 {
        let x = ORIGIN[0] + f64::from(i) * SIDE;
        b.geometry.start_feature(crate::data::GeomKind::Polygon);
        b.geometry.start_part();
        b.geometry.start_ring();
        for c in [
            [x, ORIGIN[1]],
            [x + SIDE, ORIGIN[1]],
            [x + SIDE, ORIGIN[1] + SIDE],
            [x, ORIGIN[1] + SIDE],
            [x, ORIGIN[1]],
        ] {
            b.geometry.push_coord(c);
        }
        b.end_row();
    }
    let ds = b.finish(None);
    for zoom in 12..=19 {
        let edge_x = ORIGIN[0] + SIDE;
        let view = view_at([edge_x + 1.3e-7, ORIGIN[1] + SIDE / 2.0], zoom);
        let image = render(&scene(&ds, view));
        let [w, h] = image.size;
        let top = pixel(&view, [edge_x, ORIGIN[1] + SIDE])[1];
        let bottom = pixel(&view, [edge_x, ORIGIN[1]])[1];
        let x = pixel(&view, [edge_x, ORIGIN[1]])[0];
        let y0 = (top + 1.0).ceil().max(0.0) as usize;
        let y1 = ((bottom - 1.0).floor().max(0.0) as usize).min(h);
        for y in y0..y1 {
            for dx in -1..=1 {
                let col = (x.floor() as i64 + dx) as usize;
                assert!(
                    image.pixels[y * w + col].a() > 0,
                    "zoom {zoom}: background at ({col}, {y}) on the shared edge"
                );
            }
        }
    }
}

#[test]
fn features_smaller_than_a_pixel_are_drawn_as_a_pixel() {
    let ds = tiling(3);
    // At zoom 5 the whole tiling is far smaller than a pixel.
    let centre = [ORIGIN[0] + 1.5 * SIDE, ORIGIN[1] + 1.5 * SIDE];
    let image = render(&scene(&ds, view_at(centre, 5)));
    let painted = image.pixels.iter().filter(|p| p.a() > 0).count();
    assert!(painted >= 1, "a sub-pixel feature vanished");
}

#[test]
fn filters_grey_out_and_classes_colour_the_fills() {
    let ds = tiling(2);
    let centre = [ORIGIN[0] + SIDE, ORIGIN[1] + SIDE];
    let view = view_at(centre, 17);
    let mut mask = Bitmap::new(4, true);
    mask.set(0, false);
    let fills = [Color32::from_rgb(0, 0, 255); 4];
    let mut s = scene(&ds, view);
    s.mask = Some(&mask);
    s.fills = Some(&fills);
    s.paint = ShapePaint::new(&style(), true, 1.0);
    let image = render(&s);
    let at = |c: [f64; 2]| {
        let p = pixel(&view, c);
        image.pixels[p[1] as usize * image.size[0] + p[0] as usize]
    };
    // Row 0 (south-west) is greyed; row 3 (north-east) is kept, blue from its class.
    let grey = at([ORIGIN[0] + 0.5 * SIDE, ORIGIN[1] + 0.5 * SIDE]);
    let kept = at([ORIGIN[0] + 1.5 * SIDE, ORIGIN[1] + 1.5 * SIDE]);
    assert!(
        grey.a() > 0 && grey.r() == grey.g() && grey.g() == grey.b(),
        "{grey:?}"
    );
    assert!(kept.b() > 100 && kept.r() == 0, "{kept:?}");
    // Without grey-out, the left-out row is not drawn at all.
    s.paint = ShapePaint::new(&style(), false, 1.0);
    let hidden = render(&s);
    let p = pixel(&view, [ORIGIN[0] + 0.5 * SIDE, ORIGIN[1] + 0.5 * SIDE]);
    assert_eq!(
        hidden.pixels[p[1] as usize * 400 + p[0] as usize],
        Color32::TRANSPARENT
    );
}

#[test]
fn lines_are_stroked_along_their_course() {
    let mut b = DatasetBuilder::new(false);
    b.geometry.start_feature(crate::data::GeomKind::LineString);
    b.geometry.start_part();
    b.geometry.start_ring();
    b.geometry.push_coord(ORIGIN);
    b.geometry
        .push_coord([ORIGIN[0] + SIDE, ORIGIN[1] + SIDE / 2.0]);
    b.end_row();
    let ds = b.finish(None);
    let view = view_at([ORIGIN[0] + SIDE / 2.0, ORIGIN[1] + SIDE / 4.0], 17);
    let image = render(&scene(&ds, view));
    let w = image.size[0];
    let a = pixel(&view, ORIGIN);
    let b = pixel(&view, [ORIGIN[0] + SIDE, ORIGIN[1] + SIDE / 2.0]);
    for k in 1..10 {
        let t = f64::from(k) / 10.0;
        let (x, y) = (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]));
        let px = image.pixels[y as usize * w + x as usize];
        assert!(px.a() > 100, "gap in the line at {t}: {px:?}");
    }
    // Far from the line, nothing.
    assert_eq!(image.pixels[w * 5 + 5], Color32::TRANSPARENT);
}

#[test]
fn a_recolouring_over_the_kept_shapes_gives_the_image_of_a_full_render() {
    let ds = tiling(12);
    let mut mask = Bitmap::new(ds.len(), true);
    (0..ds.len()).step_by(3).for_each(|i| mask.set(i, false));
    let fills: Vec<Color32> = (0..ds.len())
        .map(|i| Color32::from_rgb((i * 37 % 256) as u8, 80, 200))
        .collect();
    let centre = [ORIGIN[0] + 6.0 * SIDE, ORIGIN[1] + 6.0 * SIDE];
    let cache = ShapeCache::default();
    for zoom in [12, 14, 16, 18] {
        let view = view_at(centre, zoom);
        assert!(!cache.holds(&scene(&ds, view)), "zoom {zoom}: a new view");
        for (grey, filtered, classes) in [
            (false, false, false),
            (true, true, false),
            (false, true, true),
            (true, true, true),
            (false, false, true),
        ] {
            let mut s = scene(&ds, view);
            s.paint = ShapePaint::new(&style(), grey, 1.0);
            s.mask = filtered.then_some(&mask);
            s.fills = classes.then_some(&fills[..]);
            let first = (grey, filtered, classes) == (false, false, false);
            assert_eq!(cache.holds(&s), !first, "zoom {zoom}: shapes kept");
            let recoloured = cache.render(&s);
            let full = render(&s);
            assert_eq!(recoloured.size, full.size);
            assert!(
                recoloured.pixels == full.pixels,
                "zoom {zoom}, grey {grey}, filter {filtered}, classes {classes}: images differ"
            );
        }
    }
    // Other stroke widths (another pixel density) are sorted into bands afresh.
    let view = view_at(centre, 18);
    let mut s = scene(&ds, view);
    s.paint = ShapePaint::new(&style(), false, 3.0);
    assert!(!cache.holds(&s));
    assert!(cache.render(&s).pixels == render(&s).pixels);
    cache.clear();
    assert!(!cache.holds(&s));
}

#[test]
fn the_inlined_floor_agrees_with_the_library() {
    use super::prepare::floor;
    let values = [
        0.0,
        -0.0,
        0.25,
        -0.25,
        1.0,
        -1.0,
        1.5,
        -1.5,
        2.999_999,
        -2.999_999,
        1e15 + 0.5,
        -1e15 - 0.5,
        4_503_599_627_370_495.5,
        1e300,
        -1e300,
    ];
    for v in values {
        assert_eq!(floor(v), v.floor(), "floor({v})");
    }
    assert!(floor(f64::NAN).is_nan());
    assert_eq!(floor(f64::NEG_INFINITY), f64::NEG_INFINITY);
}
