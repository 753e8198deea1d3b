//! GeometryCollections, parsed with the `geojson` crate (they are rare, so a tree is cheap) and
//! kept as one multi-geometry of their members of the highest dimension (the others hidden parts).

use geojson::{Geometry, GeometryValue, Position};
use serde::Deserialize;

use super::strip_position;
use crate::data::{DatasetBuilder, GeomKind, IssueKind};

/// One part of a multi-geometry: its rings (a single one for a point or a line), each a list
/// of `[x, y]`.
type Part = Vec<Vec<[f64; 2]>>;

/// The members of a collection, flattened (nested collections included) by dimension.
#[derive(Default)]
struct Members {
    points: Vec<Part>,
    lines: Vec<Part>,
    polygons: Vec<Part>,
}

/// Pushes the `geometries` of a GeometryCollection as one feature geometry: a Point, LineString
/// or Polygon when it holds one, else the Multi- geometry of its members. A collection mixing
/// points, lines and polygons keeps its members of the highest dimension, with an issue; an
/// empty one has no geometry.
pub(super) fn push_collection(
    builder: &mut DatasetBuilder,
    geometries: &serde_json::Value,
) -> Result<(), String> {
    let members =
        Vec::<Geometry>::deserialize(geometries).map_err(|e| strip_position(&e.to_string()))?;
    let mut flat = Members::default();
    members.iter().for_each(|m| flat.add(&m.value));
    if flat.points.is_empty() && flat.lines.is_empty() && flat.polygons.is_empty() {
        builder.geometry.push_empty();
    } else {
        flat.push(builder);
    }
    Ok(())
}

/// A geometry the reader cannot keep: the feature stays, without geometry, and is counted.
pub(super) fn push_unsupported(builder: &mut DatasetBuilder) {
    builder.geometry.push_empty();
    builder.add_issue(IssueKind::NullGeometry, || {
        crate::i18n::tr("issue-geometry-collection")
    });
}

impl Members {
    fn add(&mut self, value: &GeometryValue) {
        match value {
            GeometryValue::Point { coordinates } => self.points.push(vec![ring(&[coordinates])]),
            GeometryValue::MultiPoint { coordinates } => self
                .points
                .extend(coordinates.iter().map(|p| vec![ring(&[p])])),
            GeometryValue::LineString { coordinates } => self.lines.push(vec![line(coordinates)]),
            GeometryValue::MultiLineString { coordinates } => {
                self.lines.extend(coordinates.iter().map(|l| vec![line(l)]))
            }
            GeometryValue::Polygon { coordinates } => self.polygons.push(polygon(coordinates)),
            GeometryValue::MultiPolygon { coordinates } => {
                self.polygons.extend(coordinates.iter().map(|p| polygon(p)));
            }
            GeometryValue::GeometryCollection { geometries } => {
                geometries.iter().for_each(|g| self.add(&g.value));
            }
        }
    }

    /// Pushes the members of the highest dimension present as one feature geometry, the others
    /// as its hidden parts.
    fn push(self, builder: &mut DatasetBuilder) {
        let (parts, hidden, single, multi) = if !self.polygons.is_empty() {
            let hidden = [self.points, self.lines].concat();
            (
                self.polygons,
                hidden,
                GeomKind::Polygon,
                GeomKind::MultiPolygon,
            )
        } else if !self.lines.is_empty() {
            (
                self.lines,
                self.points,
                GeomKind::LineString,
                GeomKind::MultiLineString,
            )
        } else {
            (
                self.points,
                Vec::new(),
                GeomKind::Point,
                GeomKind::MultiPoint,
            )
        };
        let geometry = &mut builder.geometry;
        geometry.start_feature(if parts.len() == 1 { single } else { multi });
        for part in parts {
            geometry.start_part();
            push_rings(geometry, part);
        }
        for part in hidden {
            geometry.start_hidden_part();
            push_rings(geometry, part);
        }
    }
}

fn push_rings(geometry: &mut crate::data::GeometryBuilder, part: Part) {
    for ring in part {
        geometry.start_ring();
        ring.into_iter().for_each(|xy| geometry.push_coord(xy));
    }
}

/// `[x, y]` of a position; a missing axis is NaN (then counted as an invalid coordinate).
fn xy(position: &Position) -> [f64; 2] {
    let axis = |i: usize| position.as_slice().get(i).copied().unwrap_or(f64::NAN);
    [axis(0), axis(1)]
}

fn ring(positions: &[&Position]) -> Vec<[f64; 2]> {
    positions.iter().map(|p| xy(p)).collect()
}

fn line(positions: &[Position]) -> Vec<[f64; 2]> {
    positions.iter().map(xy).collect()
}

fn polygon(rings: &[Vec<Position>]) -> Part {
    rings.iter().map(|r| line(r)).collect()
}

#[cfg(test)]
mod tests {
    use crate::data::{Dataset, GeomKind, IssueKind};
    use crate::jobs::Progress;
    use crate::sources::geojson::read_geojson_from;

    fn read(text: &str) -> Dataset {
        let raw = read_geojson_from(text.as_bytes(), None, &Progress::default()).expect("GeoJSON");
        raw.builder.finish(raw.crs)
    }

    #[test]
    fn a_top_level_collection_of_polygons_is_one_multipolygon() {
        let ds = read(
            r#"{"type": "GeometryCollection", "geometries": [
                {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]},
                {"type": "MultiPolygon", "coordinates": [[[[2, 2], [3, 2], [3, 3], [2, 2]]]]}
            ]}"#,
        );
        assert_eq!(ds.len(), 1);
        assert_eq!(ds.geometry.kind(0), GeomKind::MultiPolygon);
        match ds.geometry.to_geo(0) {
            Some(geo::Geometry::MultiPolygon(mp)) => assert_eq!(mp.0.len(), 2),
            other => panic!("expected a multipolygon, got {other:?}"),
        }
        assert!(ds.issues.is_empty(), "{:?}", ds.issues);
    }

    #[test]
    fn collections_in_features_keep_points_and_lines() {
        let ds = read(
            r#"{"type": "FeatureCollection", "features": [
                {"type": "Feature", "properties": {"n": 1}, "geometry": {"type": "GeometryCollection",
                 "geometries": [{"type": "Point", "coordinates": [-0.55, 47.47]}]}},
                {"type": "Feature", "properties": {"n": 2}, "geometry": {"type": "GeometryCollection",
                 "geometries": [{"type": "LineString", "coordinates": [[0, 0], [1, 1]]},
                                {"type": "GeometryCollection", "geometries": [
                                    {"type": "LineString", "coordinates": [[2, 2], [3, 3]]}]}]}},
                {"type": "Feature", "properties": {"n": 3}, "geometry": {"type": "GeometryCollection",
                 "geometries": []}}
            ]}"#,
        );
        assert_eq!(ds.len(), 3);
        assert_eq!(ds.geometry.point(0), Some([-0.55, 47.47]));
        assert_eq!(ds.geometry.kind(1), GeomKind::MultiLineString);
        assert_eq!(ds.geometry.feature_coords(1).len(), 4);
        assert_eq!(ds.geometry.kind(2), GeomKind::Empty);
        assert!(ds.issues.iter().all(|i| i.count == 1), "only the empty one");
    }

    #[test]
    fn a_collection_mixing_dimensions_keeps_its_highest_dimension() {
        let ds = read(
            r#"{"type": "Feature", "properties": {"nom": "mêlée"}, "geometry": {
                "type": "GeometryCollection", "geometries": [
                    {"type": "Point", "coordinates": [5, -3]},
                    {"type": "LineString", "coordinates": [[0, 0], [1, 1]]}]}}"#,
        );
        assert_eq!(ds.len(), 1);
        assert_eq!(ds.geometry.kind(0), GeomKind::LineString);
        assert_eq!(ds.geometry.feature_coords(0), &[[0.0, 0.0], [1.0, 1.0]]);
        assert!(
            matches!(ds.geometry.to_geo(0), Some(geo::Geometry::LineString(l)) if l.0.len() == 2)
        );
        // The point left out of the drawing still counts in the extent.
        assert_eq!(ds.bbox, Some([0.0, -3.0, 5.0, 1.0]));
        assert_eq!(ds.issues.len(), 1);
        assert_eq!(ds.issues[0].kind, IssueKind::PartialGeometry);
    }
}
