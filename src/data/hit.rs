//! Finds the feature under a map click (identify): nearest point or line, or the polygon containing it.

use geo::{Contains, Distance, Euclidean, Point};

use super::{Dataset, GeomKind};

/// The feature of `ds` at `lon_lat`, within `tolerance_deg` for points and lines; `None` when nothing is there.
///
/// Points win over lines, lines over polygons, as a user clicking a point on a zone means the point.
/// With `shown`, only the rows it keeps can be hit (a filter hides the others).
pub fn hit_test(
    ds: &Dataset,
    lon_lat: [f64; 2],
    tolerance_deg: f64,
    shown: Option<&super::Bitmap>,
) -> Option<usize> {
    let t = tolerance_deg.max(0.0);
    let click = Point::new(lon_lat[0], lon_lat[1]);
    let mut best: Option<(u8, f64, usize)> = None;
    for i in ds.query_bbox([
        lon_lat[0] - t,
        lon_lat[1] - t,
        lon_lat[0] + t,
        lon_lat[1] + t,
    ]) {
        if shown.is_some_and(|m| !m.get(i)) {
            continue;
        }
        let kind = ds.geometry.kind(i);
        let Some(geometry) = ds.geometry.to_geo(i) else {
            continue;
        };
        let (rank, distance) = match kind {
            GeomKind::Point | GeomKind::MultiPoint => (0, Euclidean.distance(&geometry, &click)),
            GeomKind::LineString | GeomKind::MultiLineString => {
                (1, Euclidean.distance(&geometry, &click))
            }
            GeomKind::Polygon | GeomKind::MultiPolygon if geometry.contains(&click) => (2, 0.0),
            _ => continue,
        };
        if distance > t {
            continue;
        }
        // Among polygons, the last drawn (highest index) is on top; otherwise the nearest wins.
        let better = match best {
            None => true,
            Some((r, d, j)) => {
                rank < r || (rank == r && (distance < d || (distance == d && i > j)))
            }
        };
        if better {
            best = Some((rank, distance, i));
        }
    }
    best.map(|(_, _, i)| i)
}

#[cfg(test)]
mod tests {
    use super::super::{DatasetBuilder, GeomKind};
    use super::*;

    #[test]
    fn points_win_over_the_zone_they_sit_in() {
        let mut b = DatasetBuilder::new(false);
        b.geometry.start_feature(GeomKind::Polygon);
        b.geometry.start_part();
        b.geometry.start_ring();
        for c in [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]] {
            b.geometry.push_coord(c);
        }
        b.end_row();
        b.geometry.push_point([0.5, 0.5]);
        b.end_row();
        let ds = b.finish(None);
        assert_eq!(hit_test(&ds, [0.501, 0.5], 0.01, None), Some(1));
        assert_eq!(hit_test(&ds, [0.2, 0.2], 0.01, None), Some(0));
        assert_eq!(hit_test(&ds, [2.0, 2.0], 0.01, None), None);
    }
}
