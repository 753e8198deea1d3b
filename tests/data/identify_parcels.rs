//! Identify on a cadastre-like layer picks the parcel under the click from the exact geometry
//! (R-tree, then containment), whatever the zoom and however the map simplified the drawing.

use territoire::data::hit::hit_test;
use territoire::data::{Dataset, DatasetBuilder, GeomKind};

/// Parcel width and height, degrees (about 15 m by 22 m around Angers).
const DX: f64 = 0.0002;
const DY: f64 = 0.0002;
const WEST: f64 = -0.5537;
const SOUTH: f64 = 47.4711;
const COLUMNS: usize = 20;
const ROWS: usize = 20;

/// The corner `(i, j)` of the grid, inner ones jittered so that no border is straight.
fn corner(i: usize, j: usize) -> [f64; 2] {
    let inner = i != 0 && i != COLUMNS && j != 0 && j != ROWS;
    let wobble = |k: usize| ((k * 37 % 11) as f64 / 11.0 - 0.5) * 0.4;
    let (ox, oy) = if inner {
        (wobble(i * 3 + j), wobble(i + 5 * j))
    } else {
        (0.0, 0.0)
    };
    [WEST + (i as f64 + ox) * DX, SOUTH + (j as f64 + oy) * DY]
}

/// The parcels, row by row from the south-west: row `j * COLUMNS + i` is cell `(i, j)`.
fn parcels() -> Dataset {
    let mut b = DatasetBuilder::new(false);
    for j in 0..ROWS {
        for i in 0..COLUMNS {
            b.geometry.start_feature(GeomKind::Polygon);
            b.geometry.start_part();
            b.geometry.start_ring();
            for c in [
                corner(i, j),
                corner(i + 1, j),
                corner(i + 1, j + 1),
                corner(i, j + 1),
                corner(i, j),
            ] {
                b.geometry.push_coord(c);
            }
            b.end_row();
        }
    }
    b.finish(None)
}

/// Degrees that make 6 pixels at `zoom` (the map's hit tolerance).
fn tolerance(zoom: i32) -> f64 {
    6.0 * 360.0 / (256.0 * 2f64.powi(zoom))
}

/// A point inside cell `(i, j)`, `t` of the way from its south-west corner to its north-east
/// one (close to a corner, it is within a pixel of the neighbours at low zoom).
fn inside(i: usize, j: usize, t: f64) -> [f64; 2] {
    let (a, c) = (corner(i, j), corner(i + 1, j + 1));
    let (b, d) = (corner(i + 1, j), corner(i, j + 1));
    // The mean of the four corners pulled towards the south-west one.
    let mid = [
        (a[0] + b[0] + c[0] + d[0]) / 4.0,
        (a[1] + b[1] + c[1] + d[1]) / 4.0,
    ];
    [mid[0] + (a[0] - mid[0]) * t, mid[1] + (a[1] - mid[1]) * t]
}

#[test]
fn identify_picks_the_right_parcel_at_zooms_12_16_and_19() {
    let ds = parcels();
    for zoom in [12, 16, 19] {
        let t = tolerance(zoom);
        for (i, j) in [(3, 4), (10, 10), (17, 2), (0, 19), (19, 0)] {
            let row = j * COLUMNS + i;
            // The middle, and a place a hundredth of a parcel from its corner: at zoom 12 the
            // whole parcel is under a pixel, yet the click still finds it.
            for share in [0.0, 0.98] {
                let click = inside(i, j, share);
                assert_eq!(
                    hit_test(&ds, click, t, None),
                    Some(row),
                    "zoom {zoom}, parcel ({i}, {j}), {share} of the way to its corner"
                );
            }
        }
        // Outside the cadastre, nothing, however wide the tolerance.
        let away = [WEST - 10.0 * t, SOUTH - 10.0 * t];
        assert_eq!(hit_test(&ds, away, t, None), None, "zoom {zoom}");
    }
}
