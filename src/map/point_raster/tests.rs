//! Tests of the point raster: symbols, filters, edges, the Mercator table, pixel density.

use super::compose::over;
use super::grid::PixelOf;
use super::*;
use crate::data::{DatasetBuilder, GeomKind};
use crate::map::raster_view::mercator;

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
                (fast[0] - exact[0] - 5.0).abs() < 1e-3 && (fast[1] - exact[1] - 5.0).abs() < 1e-3,
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
