//! Times the rendering of a million address points into a layer image (min, median, p95).
//!
//! `cargo bench --bench raster`. The points are made here with a fixed seed around Angers;
//! the view is a 1280 × 800 window showing all of them (the first view after opening), then
//! a quarter of them (zoomed in one level), with and without a filter greying half the rows.

use std::hint::black_box;
use std::time::{Duration, Instant};

use egui::{Color32, vec2};
use territoire::data::{Bitmap, Dataset, DatasetBuilder};
use territoire::map::LayerStyle;
use territoire::map::point_raster::{PointPaint, PointScene, render};
use territoire::map::raster_view::{RasterView, mercator};

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
    black_box(render(scene));
    let mut runs: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            black_box(render(scene));
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
}
