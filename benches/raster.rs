//! Times the rendering of layer images (min, median, p95): a million address points, 200 000
//! parcels and 100 000 street segments.
//!
//! `cargo bench --bench raster` (`-- WORD`: only the cases whose label holds it). The data is made here with a fixed seed around Angers; the
//! view is a 1280 × 800 window showing all of it (the first view after opening), then a part
//! (zoomed in), with and without a filter greying half the rows; the parcels also with
//! choropleth classes, and recoloured: new classes or a new filter over the same view, painted
//! over the shapes kept from the previous render (what a style change costs in the app).

use std::hint::black_box;
use std::time::{Duration, Instant};

use egui::{Color32, vec2};
use territoire::data::GeomKind;
use territoire::data::{Bitmap, Dataset, DatasetBuilder};
use territoire::map::LayerStyle;
use territoire::map::point_raster::{PointPaint, PointScene, render};
use territoire::map::raster_view::{RasterView, mercator};
use territoire::map::shape_raster::{self, ShapeCache, ShapePaint, ShapeScene};

const AREA: [f64; 4] = [-0.60, 47.43, -0.50, 47.50];
const RUNS: usize = 15;

/// xorshift64: the same data on every machine.
struct Rng(u64);

impl Rng {
    fn unit(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn points(count: usize) -> Dataset {
    let mut rng = Rng(0x5EED_0001);
    let mut b = DatasetBuilder::new(false);
    for _ in 0..count {
        let p = [
            AREA[0] + (AREA[2] - AREA[0]) * rng.unit(),
            AREA[1] + (AREA[3] - AREA[1]) * rng.unit(),
        ];
        b.geometry.push_point(p);
        b.end_row();
    }
    b.finish(None)
}

/// A 1280 × 800 view centred on the area, at `world_points` (the world's width in points).
fn view(world_points: f64) -> RasterView {
    let c = mercator([(AREA[0] + AREA[2]) / 2.0, (AREA[1] + AREA[3]) / 2.0]);
    RasterView {
        origin: [c[0] - 640.0 / world_points, c[1] - 400.0 / world_points],
        world_points,
        size: vec2(1280.0, 800.0),
        pixels_per_point: 1.0,
    }
}

fn time(label: &str, scene: &PointScene) {
    time_with(label, || black_box(render(scene)));
}

/// True when `label` contains the word given on the command line, or none was given
/// (`cargo bench --bench raster -- parcels`).
fn wanted(label: &str) -> bool {
    let word = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    word.is_none_or(|w| label.contains(&w))
}

fn time_with(label: &str, mut run: impl FnMut() -> egui::ColorImage) {
    if !wanted(label) {
        return;
    }
    black_box(run());
    let mut runs: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            black_box(run());
            start.elapsed()
        })
        .collect();
    runs.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{label:<44} min {:>7.1} ms · median {:>7.1} ms · p95 {:>7.1} ms",
        ms(runs[0]),
        ms(runs[RUNS / 2]),
        ms(runs[(RUNS * 95).div_ceil(100) - 1])
    );
}

/// Parcels tiling the area: a jittered `columns` × `rows` grid, neighbours sharing vertices.
fn parcels(columns: usize, rows: usize) -> Dataset {
    let mut rng = Rng(0x5EED_0002);
    let (dx, dy) = (
        (AREA[2] - AREA[0]) / columns as f64,
        (AREA[3] - AREA[1]) / rows as f64,
    );
    let corners: Vec<[f64; 2]> = (0..=rows)
        .flat_map(|j| (0..=columns).map(move |i| (i, j)))
        .map(|(i, j)| {
            let inner = |v: usize, n: usize| if v == 0 || v == n { 0.0 } else { 1.0 };
            [
                AREA[0] + (i as f64 + inner(i, columns) * (rng.unit() - 0.5) * 0.6) * dx,
                AREA[1] + (j as f64 + inner(j, rows) * (rng.unit() - 0.5) * 0.6) * dy,
            ]
        })
        .collect();
    let at = |i: usize, j: usize| corners[j * (columns + 1) + i];
    let mut b = DatasetBuilder::new(false);
    for j in 0..rows {
        for i in 0..columns {
            b.geometry.start_feature(GeomKind::Polygon);
            b.geometry.start_part();
            b.geometry.start_ring();
            for c in [
                at(i, j),
                at(i + 1, j),
                at(i + 1, j + 1),
                at(i, j + 1),
                at(i, j),
            ] {
                b.geometry.push_coord(c);
            }
            b.end_row();
        }
    }
    b.finish(None)
}

/// `count` wandering lines of ten vertices.
fn streets(count: usize) -> Dataset {
    let mut rng = Rng(0x5EED_0003);
    let mut b = DatasetBuilder::new(false);
    for _ in 0..count {
        b.geometry.start_feature(GeomKind::LineString);
        b.geometry.start_part();
        b.geometry.start_ring();
        let mut p = [
            AREA[0] + (AREA[2] - AREA[0]) * rng.unit(),
            AREA[1] + (AREA[3] - AREA[1]) * rng.unit(),
        ];
        let mut heading = rng.unit() * std::f64::consts::TAU;
        for _ in 0..10 {
            b.geometry.push_coord(p);
            heading += (rng.unit() - 0.5) * 0.6;
            p = [p[0] + 2.5e-4 * heading.cos(), p[1] + 1.7e-4 * heading.sin()];
        }
        b.end_row();
    }
    b.finish(None)
}

/// A polygon or line case: label, data, world width in points, filter, grey-out, classes.
type ShapeCase<'a> = (
    &'a str,
    &'a Dataset,
    f64,
    Option<&'a Bitmap>,
    bool,
    Option<&'a [Color32]>,
);

/// Times renders that each paint the next of `scenes` (same dataset and view) over the shapes
/// kept by the previous one: after the first, every run is a recolouring.
fn time_recolour(label: &str, scenes: &[ShapeScene]) {
    let cache = ShapeCache::default();
    let mut k = 0;
    time_with(label, || {
        k += 1;
        cache.render(&scenes[k % scenes.len()])
    });
}

/// Every other row left out (`odd` shifts which).
fn half_mask(len: usize, odd: bool) -> Bitmap {
    let mut half = Bitmap::new(len, true);
    (usize::from(odd)..len)
        .step_by(2)
        .for_each(|i| half.set(i, false));
    half
}

/// Two classes alternating over the rows, in `colours`.
fn two_classes(len: usize, colours: [Color32; 2]) -> Vec<Color32> {
    (0..len).map(|i| colours[i % 2]).collect()
}

/// The recolouring cases: the whole area, classes then a filter changing between renders.
fn recolourings(parcels: &Dataset, style: &LayerStyle, whole: f64) {
    let warm = [
        Color32::from_rgb(254, 232, 200),
        Color32::from_rgb(227, 74, 51),
    ];
    let cool = [
        Color32::from_rgb(222, 235, 247),
        Color32::from_rgb(49, 130, 189),
    ];
    let (warm, cool) = (
        two_classes(parcels.len(), warm),
        two_classes(parcels.len(), cool),
    );
    let masks = [
        half_mask(parcels.len(), false),
        half_mask(parcels.len(), true),
    ];
    let base = ShapeScene {
        dataset: parcels,
        mask: None,
        paint: ShapePaint::new(style, false, 1.0),
        fills: Some(&warm),
        view: view(whole),
    };
    let grey = ShapePaint::new(style, true, 1.0);
    time_recolour(
        "parcels, whole area, recolour: new classes",
        &[
            base,
            ShapeScene {
                fills: Some(&cool),
                ..base
            },
        ],
    );
    time_recolour(
        "parcels, whole area, recolour: new grey-out",
        &[
            ShapeScene {
                mask: Some(&masks[0]),
                paint: grey,
                ..base
            },
            ShapeScene {
                mask: Some(&masks[1]),
                paint: grey,
                ..base
            },
        ],
    );
}

/// The polygon and line cases.
fn shapes(style: &LayerStyle, whole: f64) {
    let (parcels, streets) = (parcels(500, 400), streets(100_000));
    let half = half_mask(parcels.len(), false);
    let classes = two_classes(
        parcels.len(),
        [
            Color32::from_rgb(254, 232, 200),
            Color32::from_rgb(227, 74, 51),
        ],
    );
    println!("200 000 parcels, 100 000 street segments (1 000 000 vertices), 1280 × 800 pixels");
    let cases: [ShapeCase; 7] = [
        ("parcels, whole area", &parcels, whole, None, false, None),
        (
            "parcels, whole area, half greyed",
            &parcels,
            whole,
            Some(&half),
            true,
            None,
        ),
        (
            "parcels, whole area, choropleth",
            &parcels,
            whole,
            None,
            false,
            Some(&classes),
        ),
        (
            "parcels, zoom 15 (a sixteenth in view)",
            &parcels,
            whole * 4.0,
            None,
            false,
            None,
        ),
        (
            "parcels, zoom 17",
            &parcels,
            whole * 16.0,
            None,
            false,
            Some(&classes),
        ),
        ("streets, whole area", &streets, whole, None, false, None),
        ("streets, zoom 15", &streets, whole * 4.0, None, false, None),
    ];
    for (label, ds, world, mask, grey, fills) in cases {
        let scene = ShapeScene {
            dataset: ds,
            mask,
            paint: ShapePaint::new(style, grey, 1.0),
            fills,
            view: view(world),
        };
        time_with(label, || shape_raster::render(&scene));
    }
    recolourings(&parcels, style, whole);
}

fn main() {
    let ds = points(1_000_000);
    let mut half = Bitmap::new(ds.len(), true);
    (0..ds.len()).step_by(2).for_each(|i| half.set(i, false));
    let style = LayerStyle {
        color: Color32::from_rgb(0, 114, 178),
        opacity: 1.0,
        point_radius_px: 3.0,
    };
    // Zoom 13 shows the whole area in 1280 × 800; zoom 14 a quarter of it.
    let (whole, quarter) = (256.0 * 8192.0, 256.0 * 16384.0);
    println!(
        "1 000 000 points, 1280 × 800 pixels, {} threads",
        rayon::current_num_threads()
    );
    for (label, world, mask, grey) in [
        ("whole area", whole, None, false),
        (
            "whole area, half greyed by a filter",
            whole,
            Some(&half),
            true,
        ),
        ("zoomed in (a quarter in view)", quarter, None, false),
        (
            "zoomed in, half hidden by a filter",
            quarter,
            Some(&half),
            false,
        ),
    ] {
        let scene = PointScene {
            dataset: &ds,
            mask,
            paint: PointPaint::new(&style, grey, 1.0),
            view: view(world),
        };
        time(label, &scene);
    }
    drop(ds);
    shapes(&style, whole);
}
