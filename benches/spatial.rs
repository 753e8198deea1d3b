//! Times the spatial filters on a million address points around Angers (min, median, p95 over ten runs).
//!
//! `cargo bench --bench spatial`. The data is made here with a fixed seed: 1 000 000 points,
//! 50 irregular zones tiling the area, 200 green spaces 50–300 m across.

use std::hint::black_box;
use std::time::{Duration, Instant};

use territoire::data::{Dataset, DatasetBuilder, GeomKind};
use territoire::filter::spatial::{assign_zones, near, within_polygon, within_zones};

const AREA: [f64; 4] = [-0.60, 47.43, -0.50, 47.50];
const RUNS: usize = 10;

/// xorshift64: the same data on every machine.
struct Rng(u64);

impl Rng {
    fn unit(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }

    fn between(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.unit()
    }
}

fn points(rng: &mut Rng, count: usize) -> Dataset {
    let mut b = DatasetBuilder::new(false);
    for _ in 0..count {
        let p = [rng.between(AREA[0], AREA[2]), rng.between(AREA[1], AREA[3])];
        b.geometry.push_point(p);
        b.end_row();
    }
    b.finish(None)
}

fn push_polygon(b: &mut DatasetBuilder, ring: &[[f64; 2]]) {
    b.geometry.start_feature(GeomKind::Polygon);
    b.geometry.start_part();
    b.geometry.start_ring();
    for c in ring {
        b.geometry.push_coord(*c);
    }
    if let Some(first) = ring.first() {
        b.geometry.push_coord(*first);
    }
    b.end_row();
}

/// `columns × rows` zones tiling the area: a jittered lattice whose shared edges wiggle
/// through eight intermediate points, so neighbours share exactly the same outline.
fn zones(rng: &mut Rng, columns: usize, rows: usize) -> Dataset {
    let (w, h) = (
        (AREA[2] - AREA[0]) / columns as f64,
        (AREA[3] - AREA[1]) / rows as f64,
    );
    let mut lattice = vec![vec![[0.0; 2]; rows + 1]; columns + 1];
    for (i, column) in lattice.iter_mut().enumerate() {
        for (j, v) in column.iter_mut().enumerate() {
            let jitter_x = if i == 0 || i == columns {
                0.0
            } else {
                rng.between(-0.25, 0.25) * w
            };
            let jitter_y = if j == 0 || j == rows {
                0.0
            } else {
                rng.between(-0.25, 0.25) * h
            };
            *v = [
                AREA[0] + i as f64 * w + jitter_x,
                AREA[1] + j as f64 * h + jitter_y,
            ];
        }
    }
    // The wiggling path between two lattice vertices, excluding its end.
    let path = |a: [f64; 2], b: [f64; 2], border: bool, rng: &mut Rng| -> Vec<[f64; 2]> {
        let normal = [-(b[1] - a[1]), b[0] - a[0]];
        (0..9)
            .map(|k| {
                let t = k as f64 / 9.0;
                let off = if border || k == 0 {
                    0.0
                } else {
                    rng.between(-0.08, 0.08)
                };
                [
                    a[0] + t * (b[0] - a[0]) + off * normal[0],
                    a[1] + t * (b[1] - a[1]) + off * normal[1],
                ]
            })
            .collect()
    };
    let horizontal: Vec<Vec<Vec<[f64; 2]>>> = (0..columns)
        .map(|i| {
            (0..=rows)
                .map(|j| path(lattice[i][j], lattice[i + 1][j], j == 0 || j == rows, rng))
                .collect()
        })
        .collect();
    let vertical: Vec<Vec<Vec<[f64; 2]>>> = (0..=columns)
        .map(|i| {
            (0..rows)
                .map(|j| {
                    path(
                        lattice[i][j],
                        lattice[i][j + 1],
                        i == 0 || i == columns,
                        rng,
                    )
                })
                .collect()
        })
        .collect();
    let reversed = |edge: &[[f64; 2]], end: [f64; 2]| -> Vec<[f64; 2]> {
        // From `end` back along the edge, excluding its start.
        std::iter::once(end)
            .chain(edge[1..].iter().rev().copied())
            .collect()
    };
    let mut b = DatasetBuilder::new(false);
    for i in 0..columns {
        for j in 0..rows {
            let mut ring = horizontal[i][j].clone();
            ring.extend(&vertical[i + 1][j]);
            ring.extend(reversed(&horizontal[i][j + 1], lattice[i + 1][j + 1]));
            ring.extend(reversed(&vertical[i][j], lattice[i][j + 1]));
            push_polygon(&mut b, &ring);
        }
    }
    b.finish(None)
}

/// Small irregular polygons, 50–300 m across.
fn green_spaces(rng: &mut Rng, count: usize) -> Dataset {
    let metres_per_lon = 111_320.0 * 47.465_f64.to_radians().cos();
    let mut b = DatasetBuilder::new(false);
    for _ in 0..count {
        let centre = [rng.between(AREA[0], AREA[2]), rng.between(AREA[1], AREA[3])];
        let radius_m = rng.between(25.0, 150.0);
        let corners = 8 + (rng.unit() * 9.0) as usize;
        let ring: Vec<[f64; 2]> = (0..corners)
            .map(|k| {
                let angle = k as f64 / corners as f64 * std::f64::consts::TAU;
                let r = radius_m * rng.between(0.6, 1.0);
                [
                    centre[0] + r * angle.cos() / metres_per_lon,
                    centre[1] + r * angle.sin() / 111_132.0,
                ]
            })
            .collect();
        push_polygon(&mut b, &ring);
    }
    b.finish(None)
}

fn measure(name: &str, mut run: impl FnMut() -> usize) {
    let kept = run(); // warm-up: pages, thread pool, lazy constants
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            black_box(run());
            start.elapsed()
        })
        .collect();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let p95 = times[(times.len() * 95).div_ceil(100) - 1];
    println!(
        "{name:<44} min {:>7.1} ms   median {:>7.1} ms   p95 {:>7.1} ms   ({kept} kept)",
        ms(times[0]),
        ms(times[times.len() / 2]),
        ms(p95)
    );
}

fn main() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let start = Instant::now();
    let addresses = points(&mut rng, 1_000_000);
    let zones = zones(&mut rng, 10, 5);
    let green = green_spaces(&mut rng, 200);
    println!(
        "data: {} points, {} zones, {} green spaces, built in {:.1} s; {} threads",
        addresses.len(),
        zones.len(),
        green.len(),
        start.elapsed().as_secs_f64(),
        rayon::current_num_threads()
    );
    let all_zones: Vec<usize> = (0..zones.len()).collect();
    measure("near: 1M points, 200 green spaces, 300 m", || {
        near(&addresses, &green, None, 300.0).count_ones()
    });
    measure("near: 1M points, 200 green spaces, 50 m", || {
        near(&addresses, &green, None, 50.0).count_ones()
    });
    measure("within_zones: 1M points, 50 zones", || {
        within_zones(&addresses, &zones, &all_zones).count_ones()
    });
    measure("within_zones: 1M points, 1 zone", || {
        within_zones(&addresses, &zones, &[22]).count_ones()
    });
    measure("assign_zones: 1M points, 50 zones", || {
        assign_zones(&addresses, &zones, &all_zones)
            .iter()
            .flatten()
            .count()
    });
    let drawn = [
        [-0.58, 47.44],
        [-0.52, 47.45],
        [-0.53, 47.49],
        [-0.555, 47.46],
        [-0.57, 47.485],
    ];
    measure("within_polygon: 1M points, concave drawing", || {
        within_polygon(&addresses, &drawn).count_ones()
    });
}
