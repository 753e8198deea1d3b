//! The immutable layer dataset and the builder every reader fills.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

use rstar::{AABB, RTree, primitives::GeomWithData, primitives::Rectangle};

use super::tessellate::Triangles;
use super::{Column, ColumnBuilder, GeometryBuilder, GeometryColumn};

/// `[min_lon, min_lat, max_lon, max_lat]` in degrees.
pub type Bbox = [f64; 4];

/// One feature's box in the spatial index: single precision, rounded outward (the index is a
/// third smaller; a query checks the few boxes near its edges against the exact ones).
type IndexEntry = GeomWithData<Rectangle<[f32; 2]>, u32>;

/// Identifies one dataset for as long as the program runs: two datasets never share an id,
/// even when one is dropped and another built at the same address. Reloading a file builds a
/// new dataset, hence a new id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DatasetId(u64);

impl DatasetId {
    /// A fresh id, never handed out before.
    fn next() -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        Self(NEXT.fetch_add(1, Ordering::Relaxed))
    }

    /// The number behind the id (for logs and cache keys).
    pub fn get(self) -> u64 {
        self.0
    }
}

/// What went wrong, in a way that does not stop the load.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueKind {
    /// Records that have no geometry (null shapes, empty coordinates).
    NullGeometry,
    /// Coordinates that are not finite or fall outside WGS84 after reprojection.
    InvalidCoordinates,
    /// Records that could not be read and were skipped.
    SkippedRecord,
    /// The source declares no coordinate system and its coordinates are not longitude/latitude:
    /// the positions are the file's own (described, not placed).
    CrsUnknown,
    /// Attribute text that was not valid in the declared encoding.
    InvalidText,
    /// Geometries of which only a part was kept: collections mixing points, lines and polygons
    /// keep their parts of the highest dimension.
    PartialGeometry,
}

/// A counted problem found while loading, shown on the layer and printed by `info`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct LoadIssue {
    /// The kind of problem.
    pub kind: IssueKind,
    /// How many records it touched.
    pub count: usize,
    /// A sentence for the user.
    pub message: String,
}

/// Up to this many polygons, a dataset is triangulated as it is finished (cheap, and its first
/// frame as vectors does not wait); beyond, on first use only.
const EAGER_TRIANGLES: usize = 5_000;

/// An immutable layer: one row per feature, geometry in WGS84, typed columns, spatial index.
#[derive(Debug)]
pub struct Dataset {
    /// The geometry of each feature, `[lon, lat]` in WGS84.
    pub geometry: GeometryColumn,
    /// Attribute columns, in source order.
    pub columns: Vec<Column>,
    /// The CRS the source was in (`EPSG:2154`, a WKT name), `None` when it declared none.
    pub source_crs: Option<String>,
    /// Problems counted during the load.
    pub issues: Vec<LoadIssue>,
    /// Extent of all geometries, `None` when there is none.
    pub bbox: Option<Bbox>,
    id: DatasetId,
    /// Built with the dataset, except for a description that never asks (then on first use).
    index: std::sync::OnceLock<RTree<IndexEntry>>,
    /// Built with the dataset when it has few polygons; otherwise on first use (a large polygon
    /// layer is drawn from rasters and never asks, so its triangles never take memory).
    triangles: std::sync::OnceLock<Triangles>,
    without_geometry: usize,
}

impl Dataset {
    /// This dataset's identity, given when it was built.
    pub fn id(&self) -> DatasetId {
        self.id
    }

    /// Number of features (records), with or without geometry.
    pub fn len(&self) -> usize {
        self.geometry.len()
    }

    /// True when the dataset has no record.
    pub fn is_empty(&self) -> bool {
        self.geometry.is_empty()
    }

    /// Number of records without (usable) geometry.
    pub fn without_geometry(&self) -> usize {
        self.without_geometry
    }

    /// The column named `name`.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// Features whose bounding box meets `bbox` (borders included), in no particular order.
    pub fn query_bbox(&self, bbox: Bbox) -> impl Iterator<Item = usize> + '_ {
        self.index
            .get_or_init(|| RTree::bulk_load(index_entries(&self.geometry)))
            .locate_in_envelope_intersecting(&outward(bbox))
            .filter(move |entry| {
                // An indexed box within the query holds the feature's: no need to look closer.
                let (low, high) = (entry.geom().lower(), entry.geom().upper());
                let inside = f64::from(low[0]) >= bbox[0]
                    && f64::from(low[1]) >= bbox[1]
                    && f64::from(high[0]) <= bbox[2]
                    && f64::from(high[1]) <= bbox[3];
                inside
                    || self
                        .geometry
                        .feature_bbox(entry.data as usize)
                        .is_some_and(|b| meets(b, bbox))
            })
            .map(|entry| entry.data as usize)
    }

    /// Number of features whose bounding box meets `bbox`.
    pub fn count_in_bbox(&self, bbox: Bbox) -> usize {
        self.query_bbox(bbox).count()
    }

    /// Polygon triangles of feature `i`, as indices into `geometry.coords()`.
    pub fn triangles(&self, i: usize) -> &[u32] {
        self.triangles
            .get_or_init(|| Triangles::build(&self.geometry))
            .of_feature(i)
    }
}

/// Collects features row by row; readers push geometry and cells, then call [`Self::end_row`].
#[derive(Debug, Default)]
pub struct DatasetBuilder {
    /// The geometry being built (in the source CRS until reprojected).
    pub geometry: GeometryBuilder,
    columns: Vec<ColumnBuilder>,
    by_name: HashMap<String, usize>,
    /// The column of each key of the last feature, in order: features mostly repeat their keys.
    key_order: Vec<usize>,
    rows: usize,
    issues: HashMap<IssueKind, (usize, String)>,
    infer_dates: bool,
    /// No spatial index is built at the end (a description: counts, fields, extent).
    no_index: bool,
}

impl DatasetBuilder {
    /// A builder; `infer_dates` turns text columns whose values are all dates into date columns.
    pub fn new(infer_dates: bool) -> Self {
        Self {
            infer_dates,
            ..Self::default()
        }
    }

    /// The dataset will only be described: its spatial index is left to its first query.
    pub fn describe_only(&mut self) {
        self.no_index = true;
    }

    /// Number of rows ended so far.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Declares a column up front (fixed schemas: DBF, CSV), returning its index.
    pub fn add_column(&mut self, name: &str) -> usize {
        self.column_index(name)
    }

    /// The index of column `name`, created (null up to now) when new.
    pub fn column_index(&mut self, name: &str) -> usize {
        if let Some(&i) = self.by_name.get(name) {
            return i;
        }
        let i = self.columns.len();
        self.columns.push(ColumnBuilder::new(name, self.rows));
        self.by_name.insert(name.to_owned(), i);
        i
    }

    /// The index of column `name`, the `position`-th key of a feature's properties: checked
    /// first against the column of the same position in the previous feature.
    pub fn column_for_key(&mut self, position: usize, name: &str) -> usize {
        if let Some(&i) = self.key_order.get(position)
            && self.columns.get(i).is_some_and(|c| c.name() == name)
        {
            return i;
        }
        let i = self.column_index(name);
        if let Some(slot) = self.key_order.get_mut(position) {
            *slot = i;
        } else if position == self.key_order.len() {
            self.key_order.push(i);
        }
        i
    }

    /// The builder of the column named `name`, when there is one.
    pub fn column_named(&mut self, name: &str) -> Option<&mut ColumnBuilder> {
        let &i = self.by_name.get(name)?;
        self.columns.get_mut(i)
    }

    /// The builder of column `index`.
    pub fn column(&mut self, index: usize) -> &mut ColumnBuilder {
        &mut self.columns[index]
    }

    /// Ends the current row: columns not given a value get a null.
    pub fn end_row(&mut self) {
        self.rows += 1;
        for column in &mut self.columns {
            if column.len() < self.rows {
                column.pad_to(self.rows);
            }
        }
    }

    /// Appends the rows of `other`, read after this builder's rows (by another worker), as if
    /// one builder had read them all: same columns in the same order, same types.
    pub fn append(&mut self, other: DatasetBuilder) {
        let rows = self.rows + other.rows;
        self.geometry.append(other.geometry);
        for column in other.columns {
            let index = self.column_index(column.name());
            self.columns[index].append(column);
        }
        self.rows = rows;
        for column in &mut self.columns {
            column.pad_to(rows);
        }
        for (kind, (count, message)) in other.issues {
            self.issues
                .entry(kind)
                .and_modify(|(c, _)| *c += count)
                .or_insert((count, message));
        }
    }

    /// Puts `geometry` (read apart from the attributes) in place: the longer of the two sets
    /// the row count, geometry-less rows or null cells filling the other.
    pub fn set_geometry(&mut self, mut geometry: GeometryBuilder) {
        let rows = self.rows.max(geometry.len());
        while geometry.len() < rows {
            geometry.push_empty();
        }
        self.geometry = geometry;
        self.rows = rows;
        for column in &mut self.columns {
            column.pad_to(rows);
        }
    }

    /// Counts one occurrence of a problem; the first message of a kind is kept.
    pub fn add_issue(&mut self, kind: IssueKind, message: impl FnOnce() -> String) {
        self.issues
            .entry(kind)
            .and_modify(|(count, _)| *count += 1)
            .or_insert_with(|| (1, message()));
    }

    /// Finishes the dataset: coordinates must already be in WGS84. Builds the bbox, index and triangles.
    pub fn finish(self, source_crs: Option<String>) -> Dataset {
        self.finish_with(source_crs, true)
    }

    /// Finishes a dataset whose coordinates are in an unknown system, as the file holds them
    /// (for a description; such a dataset is not drawn): they are not checked against WGS84.
    pub fn finish_native(self) -> Dataset {
        self.finish_with(None, false)
    }

    fn finish_with(self, source_crs: Option<String>, wgs84: bool) -> Dataset {
        let Self {
            geometry,
            columns,
            issues,
            infer_dates,
            no_index,
            ..
        } = self;
        let mut geometry = geometry.finish();
        let issues = final_issues(issues, &mut geometry, wgs84);
        let entries = (!no_index).then(|| index_entries(&geometry));
        let bbox = geometry.extent();
        let without_geometry = (0..geometry.len())
            .filter(|&i| geometry.kind(i) == super::GeomKind::Empty)
            .count();
        // The index and the columns are finished side by side.
        let (index, (columns, triangles)) = rayon::join(
            || {
                let index = std::sync::OnceLock::new();
                if let Some(entries) = entries {
                    let _ = index.set(RTree::bulk_load(entries));
                }
                index
            },
            || {
                let columns: Vec<Column> =
                    columns.into_iter().map(|c| c.finish(infer_dates)).collect();
                let areal = (0..geometry.len())
                    .filter(|&i| geometry.kind(i).is_areal())
                    .take(EAGER_TRIANGLES + 1)
                    .count();
                let triangles = std::sync::OnceLock::new();
                if areal <= EAGER_TRIANGLES {
                    let _ = triangles.set(Triangles::build(&geometry));
                }
                (columns, triangles)
            },
        );
        Dataset {
            columns,
            source_crs,
            issues,
            bbox,
            id: DatasetId::next(),
            index,
            triangles,
            without_geometry,
            geometry,
        }
    }
}

/// The issues counted while reading, plus those found in the finished geometry (records
/// without geometry, coordinates outside WGS84, which are emptied), in a stable order.
fn final_issues(
    counted: HashMap<IssueKind, (usize, String)>,
    geometry: &mut GeometryColumn,
    wgs84: bool,
) -> Vec<LoadIssue> {
    let mut issues: Vec<LoadIssue> = counted
        .into_iter()
        .map(|(kind, (count, message))| LoadIssue {
            kind,
            count,
            message,
        })
        .collect();
    let empty = (0..geometry.len())
        .filter(|&i| geometry.kind(i) == super::GeomKind::Empty)
        .count();
    if empty > 0 && !issues.iter().any(|i| i.kind == IssueKind::NullGeometry) {
        issues.push(counted_issue(
            IssueKind::NullGeometry,
            empty,
            "issue-null-geometry",
        ));
    }
    let partial = geometry.partial_features();
    if partial > 0 && !issues.iter().any(|i| i.kind == IssueKind::PartialGeometry) {
        issues.push(counted_issue(
            IssueKind::PartialGeometry,
            partial,
            "issue-geometry-mixed",
        ));
    }
    let bad = if wgs84 {
        geometry.invalidate_bad_coordinates()
    } else {
        0
    };
    if bad > 0 {
        issues.push(counted_issue(
            IssueKind::InvalidCoordinates,
            bad,
            "issue-invalid-coordinates",
        ));
    }
    issues.sort_by_key(|i| i.kind as u8);
    issues
}

/// An issue of `kind` touching `count` records, with the translated message `key`.
fn counted_issue(kind: IssueKind, count: usize, key: &str) -> LoadIssue {
    LoadIssue {
        kind,
        count,
        message: crate::i18n::tr_count(key, count as u64, &[]),
    }
}

/// One R-tree entry (bounding box, row) per feature that has a geometry.
fn index_entries(geometry: &GeometryColumn) -> Vec<IndexEntry> {
    (0..geometry.len())
        .filter(|&i| geometry.kind(i) != super::GeomKind::Empty)
        .filter_map(|i| {
            let b = outward(geometry.feature_bbox(i)?);
            Some(GeomWithData::new(
                Rectangle::from_corners(b.lower(), b.upper()),
                i as u32,
            ))
        })
        .collect()
}

/// The smallest single-precision box that holds `b`.
fn outward(b: Bbox) -> AABB<[f32; 2]> {
    let down = |v: f64| {
        let f = v as f32;
        if f64::from(f) > v { f.next_down() } else { f }
    };
    let up = |v: f64| {
        let f = v as f32;
        if f64::from(f) < v { f.next_up() } else { f }
    };
    AABB::from_corners([down(b[0]), down(b[1])], [up(b[2]), up(b[3])])
}

/// True when the boxes `a` and `b` share at least a point.
fn meets(a: Bbox, b: Bbox) -> bool {
    a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_padded_and_index_answers_bbox_queries() {
        let mut b = DatasetBuilder::new(true);
        let name = b.column_index("nom");
        b.geometry.push_point([-0.55, 47.47]);
        b.column(name).push_text("Ralliement");
        b.end_row();
        b.geometry.push_empty();
        let late = b.column_index("numero");
        b.column(late).push_int(12);
        b.end_row();
        b.geometry.push_point([-0.50, 47.50]);
        b.end_row();
        let ds = b.finish(Some("EPSG:4326".into()));
        assert_eq!(ds.len(), 3);
        assert_eq!(ds.without_geometry(), 1);
        assert_eq!(ds.columns[0].len(), 3);
        assert_eq!(ds.columns[1].value(0), super::super::Value::Null);
        assert_eq!(ds.columns[1].value(1), super::super::Value::Integer(12));
        assert_eq!(
            ds.query_bbox([-0.56, 47.46, -0.54, 47.48])
                .collect::<Vec<_>>(),
            vec![0]
        );
        assert_eq!(ds.bbox, Some([-0.55, 47.47, -0.50, 47.50]));
        assert_eq!(ds.issues.len(), 1);
        assert_eq!(ds.issues[0].kind, IssueKind::NullGeometry);
    }

    #[test]
    fn every_dataset_gets_its_own_id() {
        let first = DatasetBuilder::new(false).finish(None);
        let second = DatasetBuilder::new(false).finish(None);
        assert_ne!(first.id(), second.id());
        let id = first.id();
        drop(first);
        // A dataset built where the first one lived still gets a new id.
        let third = DatasetBuilder::new(false).finish(None);
        assert_ne!(third.id(), id);
        assert_ne!(third.id(), second.id());
    }

    #[test]
    fn queries_are_exact_although_the_index_rounds_its_boxes() {
        let mut b = DatasetBuilder::new(false);
        // Closer to each other than single precision tells apart at this longitude.
        let (x, y) = (-0.551_234_567_8, 47.471_234_567_8);
        b.geometry.push_point([x, y]);
        b.end_row();
        let ds = b.finish(None);
        let query = |bbox: Bbox| ds.query_bbox(bbox).collect::<Vec<_>>();
        let gap = 1e-9;
        assert_eq!(
            query([x - 1.0, y - 1.0, x - gap, y + 1.0]),
            Vec::<usize>::new()
        );
        assert_eq!(
            query([x + gap, y - 1.0, x + 1.0, y + 1.0]),
            Vec::<usize>::new()
        );
        assert_eq!(
            query([x - 1.0, y + gap, x + 1.0, y + 1.0]),
            Vec::<usize>::new()
        );
        assert_eq!(query([x - 1.0, y - 1.0, x, y]), vec![0], "borders count");
        assert_eq!(query([x, y, x, y]), vec![0]);
        assert_eq!(query([x - 1.0, y - 1.0, x + 1.0, y + 1.0]), vec![0]);
    }
}
