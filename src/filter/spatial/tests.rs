//! Spatial condition tests: shared borders, concave drawings, rows without geometry, odd inputs.

use super::*;
use crate::data::DatasetBuilder;
use crate::jobs::Progress;
use crate::sources::crs::to_wgs84;

pub(super) fn points(coords: &[Option<[f64; 2]>]) -> Dataset {
    let mut b = DatasetBuilder::new(false);
    for c in coords {
        match c {
            Some(p) => b.geometry.push_point(*p),
            None => b.geometry.push_empty(),
        }
        b.end_row();
    }
    b.finish(None)
}

pub(super) fn polygons(rings: &[Vec<[f64; 2]>]) -> Dataset {
    let mut b = DatasetBuilder::new(false);
    for ring in rings {
        b.geometry.start_feature(GeomKind::Polygon);
        b.geometry.start_part();
        b.geometry.start_ring();
        for c in ring {
            b.geometry.push_coord(*c);
        }
        b.end_row();
    }
    b.finish(None)
}

pub(super) fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> Vec<[f64; 2]> {
    vec![[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
}

pub(super) fn ones(mask: &Bitmap) -> Vec<usize> {
    mask.iter_ones().collect()
}

/// Lambert-93 metres to WGS84 through PROJ.
pub(super) fn from_lambert93(xy: &[[f64; 2]]) -> Vec<[f64; 2]> {
    let mut coords = xy.to_vec();
    to_wgs84("EPSG:2154", &mut coords, &Progress::default()).expect("PROJ");
    coords
}

#[test]
fn a_point_on_a_shared_border_is_counted_once() {
    // Four quarters of a block of Angers meeting at (-0.55, 47.47).
    let (x0, x1, x2) = (-0.56, -0.55, -0.54);
    let (y0, y1, y2) = (47.46, 47.47, 47.48);
    let zones = polygons(&[
        rect(x0, y0, x1, y1),
        rect(x1, y0, x2, y1),
        rect(x0, y1, x1, y2),
        rect(x1, y1, x2, y2),
    ]);
    let mut on_borders = vec![Some([x1, y1])];
    for i in 1..200 {
        let t = f64::from(i) / 200.0;
        on_borders.push(Some([x1, y0 + t * (y2 - y0)]));
        on_borders.push(Some([x0 + t * (x2 - x0), y1]));
    }
    // Enough points to make the grid fine, so border cells and decided cells both serve.
    let mut state = 7_u64;
    for _ in 0..20_000 {
        let u = xorshift(&mut state);
        let v = xorshift(&mut state);
        on_borders.push(Some([x0 + u * (x2 - x0), y0 + v * (y2 - y0)]));
    }
    let ds = points(&on_borders);
    let each: Vec<Bitmap> = (0..4).map(|z| within_zones(&ds, &zones, &[z])).collect();
    for (row, p) in on_borders.iter().enumerate() {
        let count = each.iter().filter(|m| m.get(row)).count();
        assert_eq!(count, 1, "row {row} at {p:?}");
    }
    let assigned = assign_zones(&ds, &zones, &[0, 1, 2, 3]);
    assert_eq!(assigned[0], Some(3), "the shared corner goes north-east");
    assert_eq!(
        within_zones(&ds, &zones, &[0, 1, 2, 3]).count_ones(),
        ds.len()
    );
}

pub(super) fn xorshift(state: &mut u64) -> f64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    (*state >> 11) as f64 / (1u64 << 53) as f64
}

#[test]
fn a_drawn_concave_polygon_keeps_what_it_meets() {
    // A U open to the north: the notch is outside.
    let u = vec![
        [-0.56, 47.46],
        [-0.53, 47.46],
        [-0.53, 47.49],
        [-0.54, 47.49],
        [-0.54, 47.47],
        [-0.55, 47.47],
        [-0.55, 47.49],
        [-0.56, 47.49],
    ];
    let target = points(&[
        Some([-0.555, 47.48]),  // left arm
        Some([-0.535, 47.48]),  // right arm
        Some([-0.545, 47.48]),  // notch
        Some([-0.545, 47.465]), // base
        Some([-0.56, 47.475]),  // on the outline
        Some([-0.50, 47.47]),   // east, outside
        None,
    ]);
    assert_eq!(ones(&within_polygon(&target, &u)), [0, 1, 3, 4]);
    // A street crossing the notch meets both arms; one inside the notch meets nothing.
    let mut b = DatasetBuilder::new(false);
    for line in [
        [[-0.558, 47.485], [-0.532, 47.485]],
        [[-0.5455, 47.48], [-0.5445, 47.485]],
    ] {
        b.geometry.start_feature(GeomKind::LineString);
        b.geometry.start_part();
        b.geometry.start_ring();
        line.iter().for_each(|c| b.geometry.push_coord(*c));
        b.end_row();
    }
    assert_eq!(ones(&within_polygon(&b.finish(None), &u)), [0]);
    assert_eq!(
        within_polygon(&target, &u[..2]).count_ones(),
        0,
        "not a polygon"
    );
}

#[test]
fn rows_without_geometry_are_in_no_result() {
    let zones = polygons(&[rect(-0.56, 47.46, -0.54, 47.48)]);
    let target = points(&[None, Some([-0.55, 47.47]), None]);
    assert_eq!(ones(&within_zones(&target, &zones, &[0])), [1]);
    assert_eq!(assign_zones(&target, &zones, &[0]), [None, Some(0), None]);
    assert_eq!(ones(&near(&target, &zones, None, 10.0)), [1]);
    assert_eq!(far(&target, &zones, None, 10.0).count_ones(), 0);
    let nothing = Bitmap::new(1, false);
    assert_eq!(
        ones(&far(&target, &zones, Some(&nothing), 10.0)),
        [1],
        "far from nothing"
    );
    assert_eq!(
        ones(&within_polygon(&target, &rect(-0.6, 47.4, -0.5, 47.5))),
        [1]
    );
    assert_eq!(ones(&within_distance(&target, [-0.55, 47.47], 0.0)), [1]);
    assert_eq!(representative_point(&target, 0), None);
}

#[test]
fn odd_inputs_never_panic() {
    let zones = polygons(&[rect(-0.56, 47.46, -0.54, 47.48)]);
    let target = points(&[Some([-0.55, 47.47])]);
    assert_eq!(within_zones(&target, &zones, &[5, 0, 0]).count_ones(), 1);
    assert_eq!(assign_zones(&target, &zones, &[5, 0]), [Some(1)]);
    assert_eq!(
        within_zones(&target, &target, &[0]).count_ones(),
        0,
        "a point is no zone"
    );
    assert_eq!(near(&target, &zones, None, f64::NAN).count_ones(), 0);
    assert_eq!(near(&target, &zones, None, -1.0).count_ones(), 0);
    assert_eq!(within_distance(&target, [0.0, 95.0], 10.0).count_ones(), 0);
    let empty = points(&[]);
    assert_eq!(near(&empty, &zones, None, 10.0).len(), 0);
    assert_eq!(within_zones(&target, &empty, &[]).count_ones(), 0);
}

#[test]
fn the_representative_point_of_a_concave_zone_lies_in_it() {
    let c_shape = polygons(&[vec![
        [0.0, 0.0],
        [3.0, 0.0],
        [3.0, 1.0],
        [1.0, 1.0],
        [1.0, 2.0],
        [3.0, 2.0],
        [3.0, 3.0],
        [0.0, 3.0],
        [0.0, 0.0],
    ]]);
    let p = representative_point(&c_shape, 0).expect("a point");
    let zone = geo::Polygon::new(
        c_shape
            .geometry
            .feature_coords(0)
            .iter()
            .map(|c| geo::Coord { x: c[0], y: c[1] })
            .collect(),
        vec![],
    );
    assert!(
        geo::Contains::contains(&zone, &geo::Point::new(p[0], p[1])),
        "{p:?}"
    );
}

#[test]
fn small_and_large_drawings_and_circles_agree_with_a_plain_test() {
    let mut state = 3_u64;
    let coords: Vec<Option<[f64; 2]>> = (0..20_000)
        .map(|i| {
            (i % 97 != 0).then(|| {
                [
                    -0.60 + 0.1 * xorshift(&mut state),
                    47.43 + 0.07 * xorshift(&mut state),
                ]
            })
        })
        .collect();
    let target = points(&coords);
    // A small triangle is answered from the R-tree, a large drawing by a scan.
    for ring in [
        vec![[-0.551, 47.461], [-0.548, 47.461], [-0.549, 47.464]],
        vec![
            [-0.59, 47.44],
            [-0.51, 47.45],
            [-0.52, 47.49],
            [-0.555, 47.46],
            [-0.58, 47.485],
        ],
    ] {
        let outline: geo::LineString<f64> = ring
            .iter()
            .map(|c| geo::Coord { x: c[0], y: c[1] })
            .collect();
        let polygon = geo::Polygon::new(outline, vec![]);
        let plain: Vec<usize> = (0..coords.len())
            .filter(|&i| {
                coords[i].is_some_and(|p| polygon.intersects(&geo::Point::new(p[0], p[1])))
            })
            .collect();
        assert!(!plain.is_empty());
        assert_eq!(ones(&within_polygon(&target, &ring)), plain);
    }
    let centre = [-0.55, 47.465];
    for metres in [100.0, 300.0, 5000.0] {
        let plain: Vec<usize> = (0..coords.len())
            .filter(|&i| {
                coords[i].is_some_and(|p| crate::data::lambert93::distance_m(centre, p) <= metres)
            })
            .collect();
        assert!(!plain.is_empty());
        assert_eq!(ones(&within_distance(&target, centre, metres)), plain);
    }
}

#[test]
fn lines_and_polygons_are_placed_by_a_point_on_them() {
    let zones = polygons(&[
        rect(-0.56, 47.46, -0.55, 47.48),
        rect(-0.55, 47.46, -0.54, 47.48),
    ]);
    let mut b = DatasetBuilder::new(false);
    // A park wholly in the east zone, and a street that stays in the west one.
    b.geometry.start_feature(GeomKind::Polygon);
    b.geometry.start_part();
    b.geometry.start_ring();
    for c in rect(-0.548, 47.465, -0.544, 47.468) {
        b.geometry.push_coord(c);
    }
    b.end_row();
    b.geometry.start_feature(GeomKind::LineString);
    b.geometry.start_part();
    b.geometry.start_ring();
    for c in [[-0.559, 47.47], [-0.556, 47.471], [-0.552, 47.473]] {
        b.geometry.push_coord(c);
    }
    b.end_row();
    let target = b.finish(None);
    assert_eq!(assign_zones(&target, &zones, &[0, 1]), [Some(1), Some(0)]);
    assert_eq!(ones(&within_zones(&target, &zones, &[1])), [0]);
}
