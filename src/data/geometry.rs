//! The geometry column: every feature's coordinates in one flat WGS84 array, addressed by offsets.

/// The geometry type of one feature.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum GeomKind {
    /// No geometry (null shape, missing coordinates).
    Empty,
    /// One position.
    Point,
    /// One line.
    LineString,
    /// One polygon with optional holes.
    Polygon,
    /// Several positions.
    MultiPoint,
    /// Several lines.
    MultiLineString,
    /// Several polygons.
    MultiPolygon,
}

impl GeomKind {
    /// The GeoJSON name of the type.
    pub fn name(self) -> &'static str {
        match self {
            Self::Empty => "None",
            Self::Point => "Point",
            Self::LineString => "LineString",
            Self::Polygon => "Polygon",
            Self::MultiPoint => "MultiPoint",
            Self::MultiLineString => "MultiLineString",
            Self::MultiPolygon => "MultiPolygon",
        }
    }

    /// True for polygon and multipolygon.
    pub fn is_areal(self) -> bool {
        matches!(self, Self::Polygon | Self::MultiPolygon)
    }

    /// True for linestring and multilinestring.
    pub fn is_lineal(self) -> bool {
        matches!(self, Self::LineString | Self::MultiLineString)
    }
}

/// Feature → parts → rings → coordinates, as offset arrays (GeoArrow's layout).
///
/// A point is one part with one ring of one coordinate; a polygon's part holds its exterior ring
/// then its holes; a line is a part with one ring.
///
/// A feature read from a collection mixing points, lines and polygons keeps its members of the
/// highest dimension as its geometry; the others follow as *hidden* parts. They are reprojected
/// with every coordinate and counted in the feature's box (so extents and the R-tree cover the
/// whole feature), but drawing, hit-tests, analysis and exports see only the kept parts.
#[derive(Clone, Debug, Default)]
pub struct GeometryColumn {
    kinds: Vec<GeomKind>,
    feature_parts: Vec<u32>,
    part_rings: Vec<u32>,
    ring_coords: Vec<u32>,
    coords: Vec<[f64; 2]>,
    /// `(feature, number of trailing hidden parts)`, sorted by feature; empty for almost every
    /// source.
    hidden: Vec<(u32, u32)>,
}

impl GeometryColumn {
    /// Number of features.
    pub fn len(&self) -> usize {
        self.kinds.len()
    }

    /// True when there is no feature.
    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty()
    }

    /// The geometry type of feature `i`.
    pub fn kind(&self, i: usize) -> GeomKind {
        self.kinds.get(i).copied().unwrap_or(GeomKind::Empty)
    }

    /// Every coordinate of every feature, `[lon, lat]`.
    pub fn coords(&self) -> &[[f64; 2]] {
        &self.coords
    }

    /// The range of part indices of feature `i` (its hidden parts left out).
    pub fn part_range(&self, i: usize) -> std::ops::Range<usize> {
        let end = self.feature_parts[i + 1] as usize - self.hidden_parts(i);
        self.feature_parts[i] as usize..end
    }

    /// The number of hidden parts of feature `i` (members of lower dimension of a collection).
    pub fn hidden_parts(&self, i: usize) -> usize {
        if self.hidden.is_empty() {
            return 0;
        }
        self.hidden
            .binary_search_by_key(&(i as u32), |h| h.0)
            .map_or(0, |k| self.hidden[k].1 as usize)
    }

    /// The number of features with hidden parts.
    pub fn partial_features(&self) -> usize {
        self.hidden.len()
    }

    /// The range of coordinate indices of feature `i`, hidden parts included.
    fn full_coord_range(&self, i: usize) -> std::ops::Range<usize> {
        if i >= self.len() {
            return 0..0;
        }
        let (start, end) = (
            self.feature_parts[i] as usize,
            self.feature_parts[i + 1] as usize,
        );
        let first = self.ring_coords[self.part_rings[start] as usize] as usize;
        let last = self.ring_coords[self.part_rings[end] as usize] as usize;
        first..last
    }

    /// The range of ring indices of part `p`.
    pub fn ring_range(&self, p: usize) -> std::ops::Range<usize> {
        self.part_rings[p] as usize..self.part_rings[p + 1] as usize
    }

    /// The range of coordinate indices of ring `r`.
    pub fn coord_range(&self, r: usize) -> std::ops::Range<usize> {
        self.ring_coords[r] as usize..self.ring_coords[r + 1] as usize
    }

    /// The coordinates of ring `r`.
    pub fn ring(&self, r: usize) -> &[[f64; 2]] {
        &self.coords[self.coord_range(r)]
    }

    /// The rings of feature `i`, grouped by part.
    pub fn parts(&self, i: usize) -> impl Iterator<Item = impl Iterator<Item = &[[f64; 2]]>> {
        self.part_range(i)
            .map(move |p| self.ring_range(p).map(move |r| self.ring(r)))
    }

    /// The range of coordinate indices of feature `i`, all rings together.
    pub fn feature_coord_range(&self, i: usize) -> std::ops::Range<usize> {
        if i >= self.len() {
            return 0..0;
        }
        let parts = self.part_range(i);
        let first = self.ring_coords[self.part_rings[parts.start] as usize] as usize;
        let last = self.ring_coords[self.part_rings[parts.end] as usize] as usize;
        first..last
    }

    /// The coordinates of feature `i`, all rings together.
    pub fn feature_coords(&self, i: usize) -> &[[f64; 2]] {
        &self.coords[self.feature_coord_range(i)]
    }

    /// The coordinates of every feature, one each, when every feature is a single point: then
    /// feature `i` is at index `i` and no offset needs reading.
    pub fn single_points(&self) -> Option<&[[f64; 2]]> {
        (self.coords.len() == self.kinds.len() && self.kinds.iter().all(|k| *k == GeomKind::Point))
            .then_some(&self.coords)
    }

    /// The position of feature `i` when it is a point.
    pub fn point(&self, i: usize) -> Option<[f64; 2]> {
        (self.kind(i) == GeomKind::Point)
            .then(|| self.feature_coords(i).first().copied())
            .flatten()
    }

    /// `[min_lon, min_lat, max_lon, max_lat]` of feature `i` (its hidden parts included), or
    /// `None` when it has no coordinate.
    pub fn feature_bbox(&self, i: usize) -> Option<[f64; 4]> {
        bbox_of(&self.coords[self.full_coord_range(i)])
    }

    /// Feature `i` as a `geo` geometry, for algorithms; `None` when empty.
    pub fn to_geo(&self, i: usize) -> Option<geo::Geometry<f64>> {
        use geo::{Coord, LineString, MultiLineString, MultiPoint, MultiPolygon, Point, Polygon};
        let line = |ring: &[[f64; 2]]| -> LineString<f64> {
            ring.iter().map(|c| Coord { x: c[0], y: c[1] }).collect()
        };
        let polygons = || -> Vec<Polygon<f64>> {
            self.parts(i)
                .map(|mut rings| {
                    let exterior = rings.next().map(line).unwrap_or_else(|| LineString(vec![]));
                    Polygon::new(exterior, rings.map(line).collect())
                })
                .collect()
        };
        let coords = self.feature_coords(i);
        Some(match self.kind(i) {
            GeomKind::Empty => return None,
            GeomKind::Point => Point::new(coords.first()?[0], coords.first()?[1]).into(),
            GeomKind::MultiPoint => {
                MultiPoint(coords.iter().map(|c| Point::new(c[0], c[1])).collect()).into()
            }
            GeomKind::LineString => line(coords).into(),
            GeomKind::MultiLineString => {
                MultiLineString(self.parts(i).flat_map(|rings| rings.map(line)).collect()).into()
            }
            GeomKind::Polygon => polygons().into_iter().next()?.into(),
            GeomKind::MultiPolygon => MultiPolygon(polygons()).into(),
        })
    }

    /// Marks features with a coordinate that is not a finite longitude/latitude as empty; returns
    /// how many. Longitudes beyond ±180° (up to one more turn) are kept: a polygon crossing the
    /// antimeridian is written so, and its extent must cover it.
    pub fn invalidate_bad_coordinates(&mut self) -> usize {
        let mut bad = 0;
        for i in 0..self.len() {
            if self.kinds[i] == GeomKind::Empty {
                continue;
            }
            let ok = self.coords[self.full_coord_range(i)].iter().all(|c| {
                c[0].is_finite()
                    && c[1].is_finite()
                    && (-540.0..=540.0).contains(&c[0])
                    && (-90.0..=90.0).contains(&c[1])
            });
            if !ok {
                self.kinds[i] = GeomKind::Empty;
                bad += 1;
            }
        }
        bad
    }

    /// The extent of every non-empty feature.
    pub fn extent(&self) -> Option<[f64; 4]> {
        self.extent_of(0..self.len())
    }

    /// The box around the geometries of `rows` (`None` when none has one).
    pub fn extent_of(&self, rows: impl IntoIterator<Item = usize>) -> Option<[f64; 4]> {
        rows.into_iter()
            .filter(|&i| self.kinds.get(i).is_some_and(|k| *k != GeomKind::Empty))
            .filter_map(|i| self.feature_bbox(i))
            .reduce(|a, b| {
                [
                    a[0].min(b[0]),
                    a[1].min(b[1]),
                    a[2].max(b[2]),
                    a[3].max(b[3]),
                ]
            })
    }

    /// Counts of features per geometry type.
    pub fn kind_counts(&self) -> std::collections::BTreeMap<&'static str, usize> {
        let mut counts = std::collections::BTreeMap::new();
        for kind in &self.kinds {
            if *kind != GeomKind::Empty {
                *counts.entry(kind.name()).or_insert(0) += 1;
            }
        }
        counts
    }
}

/// The bounding box of a list of coordinates.
pub fn bbox_of(coords: &[[f64; 2]]) -> Option<[f64; 4]> {
    let first = coords.first()?;
    Some(
        coords
            .iter()
            .fold([first[0], first[1], first[0], first[1]], |b, c| {
                [
                    b[0].min(c[0]),
                    b[1].min(c[1]),
                    b[2].max(c[0]),
                    b[3].max(c[1]),
                ]
            }),
    )
}

/// Appends features one coordinate at a time, with no allocation per feature.
#[derive(Debug, Default)]
pub struct GeometryBuilder {
    column: GeometryColumn,
}

impl GeometryBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of features started.
    pub fn len(&self) -> usize {
        self.column.kinds.len()
    }

    /// True when no feature was started.
    pub fn is_empty(&self) -> bool {
        self.column.kinds.is_empty()
    }

    /// Starts a feature of type `kind`; then call [`Self::start_part`], [`Self::start_ring`], [`Self::push_coord`].
    pub fn start_feature(&mut self, kind: GeomKind) {
        let c = &mut self.column;
        c.kinds.push(kind);
        c.feature_parts.push(c.part_rings.len() as u32);
    }

    /// Starts a part (a polygon of a multipolygon, a line of a multiline, a point of a multipoint).
    pub fn start_part(&mut self) {
        let c = &mut self.column;
        c.part_rings.push(c.ring_coords.len() as u32);
    }

    /// Starts a hidden part of the last feature: a member of lower dimension of a collection,
    /// kept for the feature's box only. Hidden parts come after every kept part.
    pub fn start_hidden_part(&mut self) {
        let c = &mut self.column;
        let Some(row) = c.kinds.len().checked_sub(1) else {
            return;
        };
        match c.hidden.last_mut() {
            Some(last) if last.0 == row as u32 => last.1 += 1,
            _ => c.hidden.push((row as u32, 1)),
        }
        c.part_rings.push(c.ring_coords.len() as u32);
    }

    /// Starts a ring (or the single coordinate list of a line or point).
    pub fn start_ring(&mut self) {
        let c = &mut self.column;
        c.ring_coords.push(c.coords.len() as u32);
    }

    /// Appends a coordinate `[x, y]` to the current ring.
    pub fn push_coord(&mut self, xy: [f64; 2]) {
        self.column.coords.push(xy);
    }

    /// A feature without geometry.
    pub fn push_empty(&mut self) {
        self.start_feature(GeomKind::Empty);
    }

    /// A point feature.
    pub fn push_point(&mut self, xy: [f64; 2]) {
        self.start_feature(GeomKind::Point);
        self.start_part();
        self.start_ring();
        self.push_coord(xy);
    }

    /// Changes the kind of the last feature (a reader that finds out late, or an empty result).
    pub fn set_last_kind(&mut self, kind: GeomKind) {
        if let Some(last) = self.column.kinds.last_mut() {
            *last = kind;
        }
    }

    /// Appends the features of `other`, the ones that follow (read by another worker).
    pub fn append(&mut self, other: GeometryBuilder) {
        let c = &mut self.column;
        let o = other.column;
        let (parts, rings, coords) = (
            c.part_rings.len() as u32,
            c.ring_coords.len() as u32,
            c.coords.len() as u32,
        );
        let rows = c.kinds.len() as u32;
        c.hidden
            .extend(o.hidden.iter().map(|&(row, n)| (row + rows, n)));
        c.kinds.extend(o.kinds);
        c.feature_parts
            .extend(o.feature_parts.iter().map(|&p| p + parts));
        c.part_rings.extend(o.part_rings.iter().map(|&r| r + rings));
        c.ring_coords
            .extend(o.ring_coords.iter().map(|&k| k + coords));
        c.coords.extend(o.coords);
    }

    /// The coordinates pushed so far, for reprojection in place.
    pub fn coords_mut(&mut self) -> &mut [[f64; 2]] {
        &mut self.column.coords
    }

    /// The finished column.
    pub fn finish(mut self) -> GeometryColumn {
        let c = &mut self.column;
        c.feature_parts.push(c.part_rings.len() as u32);
        c.part_rings.push(c.ring_coords.len() as u32);
        c.ring_coords.push(c.coords.len() as u32);
        self.column
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polygon_with_hole_and_point_round_trip() {
        let mut b = GeometryBuilder::new();
        b.push_point([1.0, 2.0]);
        b.push_empty();
        b.start_feature(GeomKind::Polygon);
        b.start_part();
        b.start_ring();
        for c in [[0.0, 0.0], [4.0, 0.0], [4.0, 4.0], [0.0, 0.0]] {
            b.push_coord(c);
        }
        b.start_ring();
        for c in [[1.0, 1.0], [2.0, 1.0], [2.0, 2.0], [1.0, 1.0]] {
            b.push_coord(c);
        }
        let col = b.finish();
        assert_eq!(col.len(), 3);
        assert_eq!(col.point(0), Some([1.0, 2.0]));
        assert_eq!(col.feature_coords(1).len(), 0);
        assert_eq!(col.feature_bbox(2), Some([0.0, 0.0, 4.0, 4.0]));
        match col.to_geo(2) {
            Some(geo::Geometry::Polygon(p)) => assert_eq!(p.interiors().len(), 1),
            other => panic!("expected a polygon, got {other:?}"),
        }
        assert_eq!(col.kind_counts().get("Point"), Some(&1));
    }

    #[test]
    fn hidden_parts_count_in_the_box_only_and_survive_append() {
        let polygon_with_a_hidden_point = |b: &mut GeometryBuilder| {
            b.start_feature(GeomKind::Polygon);
            b.start_part();
            b.start_ring();
            for c in [[0.0, 0.0], [2.0, 0.0], [2.0, 2.0], [0.0, 0.0]] {
                b.push_coord(c);
            }
            b.start_hidden_part();
            b.start_ring();
            b.push_coord([9.0, -1.0]);
        };
        let mut first = GeometryBuilder::new();
        first.push_point([1.0, 1.0]);
        polygon_with_a_hidden_point(&mut first);
        let mut second = GeometryBuilder::new();
        second.push_point([3.0, 3.0]);
        polygon_with_a_hidden_point(&mut second);
        first.append(second);
        let col = first.finish();
        assert_eq!(col.partial_features(), 2);
        for row in [1, 3] {
            assert_eq!(col.hidden_parts(row), 1);
            assert_eq!(col.part_range(row).len(), 1);
            assert_eq!(col.feature_coords(row).len(), 4);
            assert_eq!(col.feature_bbox(row), Some([0.0, -1.0, 9.0, 2.0]));
            assert!(matches!(col.to_geo(row), Some(geo::Geometry::Polygon(_))));
        }
        assert_eq!(col.point(2), Some([3.0, 3.0]));
        assert_eq!(col.extent(), Some([0.0, -1.0, 9.0, 3.0]));
    }
}
