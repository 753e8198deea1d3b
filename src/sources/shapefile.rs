//! Shapefile reader (`.shp` + `.shx` + `.dbf` + `.cpg` + `.prj`, from a folder or a `.zip`) and a small writer.

use std::fs::File;
use std::io::{BufReader, Cursor, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use encoding_rs::Encoding;
use shapefile::record::traits::HasXY;
use shapefile::{PolygonRing, Shape, ShapeReader};

use super::dbf::{DbfField, DbfOptions, DbfReader, DbfValue, write_dbf};
use super::{RawSource, SourceError};
use crate::data::{DatasetBuilder, GeomKind, GeometryBuilder, IssueKind};
use crate::jobs::Progress;

/// Reads the shapefile at `path` (the `.shp`) with its sidecar files found next to it, in any letter case.
///
/// Without a `.dbf` the layer has geometry only; without a `.shx` the `.shp` is read in sequence.
pub fn read_shapefile(path: &Path, progress: &Progress) -> Result<RawSource, SourceError> {
    let shp = File::open(path).map_err(|e| SourceError::io(path, e))?;
    let shp_len = shp.metadata().map_or(0, |m| m.len());
    let optional = |ext: &str| {
        let file = sidecar(path, ext)?;
        std::fs::read(&file)
            .map_err(|e| log::warn!("{} ignored: {e}", file.display()))
            .ok()
    };
    let dbf = match sidecar(path, "dbf") {
        Some(name) => {
            let file = File::open(&name).map_err(|e| SourceError::io(&name, e))?;
            let len = file.metadata().map_or(0, |m| m.len());
            Some((BufReader::with_capacity(1 << 16, file), len, name))
        }
        None => None,
    };
    let members = Members {
        shp: BufReader::with_capacity(1 << 16, shp),
        shp_len,
        shp_name: path.to_path_buf(),
        shx: optional("shx"),
        dbf,
        cpg: optional("cpg"),
        prj: optional("prj"),
    };
    read_members(members, progress)
}

/// Reads the first shapefile of a `.zip` (at any depth, extensions in any case), its members read into memory.
pub fn read_zip(path: &Path, progress: &Progress) -> Result<RawSource, SourceError> {
    let file = File::open(path).map_err(|e| SourceError::io(path, e))?;
    let mut archive = zip::ZipArchive::new(BufReader::new(file)).map_err(|e| zip_error(path, e))?;
    let names: Vec<String> = (0..archive.len())
        .filter_map(|i| archive.name_for_index(i).map(str::to_owned))
        .collect();
    let is_shp = |name: &&String| {
        let lower = name.to_ascii_lowercase();
        let base = lower.rsplit('/').next().unwrap_or(&lower);
        lower.ends_with(".shp") && !lower.starts_with("__macosx/") && !base.starts_with("._")
    };
    let Some(shp_name) = names.iter().find(is_shp).cloned() else {
        return Err(SourceError::format(
            "err-zip-no-shp",
            &[("path", &path.display().to_string())],
        ));
    };
    if names.iter().filter(is_shp).count() > 1 {
        log::info!("{}: several shapefiles, reading {shp_name}", path.display());
    }
    // The name ends with ".shp" in ASCII, so cutting 4 bytes stays on a character boundary.
    let stem = shp_name[..shp_name.len() - 4].to_lowercase();
    let mut member = |ext: &str| -> Result<Option<(Vec<u8>, PathBuf)>, SourceError> {
        let wanted = format!("{stem}.{ext}");
        match names.iter().find(|n| n.to_lowercase() == wanted) {
            Some(name) => read_member(&mut archive, name, path).map(Some),
            None => Ok(None),
        }
    };
    let (shp, shp_name) = member("shp")?.ok_or_else(|| {
        SourceError::format("err-zip-no-shp", &[("path", &path.display().to_string())])
    })?;
    let dbf = member("dbf")?.map(|(bytes, name)| (bytes.len() as u64, Cursor::new(bytes), name));
    let members = Members {
        shp_len: shp.len() as u64,
        shp: Cursor::new(shp),
        shp_name,
        shx: member("shx")?.map(|m| m.0),
        dbf: dbf.map(|(len, reader, name)| (reader, len, name)),
        cpg: member("cpg")?.map(|m| m.0),
        prj: member("prj")?.map(|m| m.0),
    };
    read_members(members, progress)
}

/// The files of one shapefile, opened from a folder or read from a zip.
struct Members<S, D> {
    shp: S,
    shp_len: u64,
    shp_name: PathBuf,
    shx: Option<Vec<u8>>,
    dbf: Option<(D, u64, PathBuf)>,
    cpg: Option<Vec<u8>>,
    prj: Option<Vec<u8>>,
}

/// Reads shape i and record i into row i; the longer of the two files sets the row count.
fn read_members<S: Read + Seek, D: Read>(
    members: Members<S, D>,
    progress: &Progress,
) -> Result<RawSource, SourceError> {
    let Members {
        shp,
        shp_len,
        shp_name,
        shx,
        dbf,
        cpg,
        prj,
    } = members;
    let dbf_len = dbf.as_ref().map_or(0, |d| d.1);
    progress.set_total(shp_len + dbf_len);
    let cpg = cpg.map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
    let crs = prj
        .map(|bytes| String::from_utf8_lossy(&bytes).trim().to_owned())
        .filter(|wkt| !wkt.is_empty());
    let shp = Counting {
        inner: shp,
        progress,
        pending: 0,
    };
    let opened = match shx.filter(|shx| usable_shx(shx, shp_len)) {
        Some(shx) => ShapeReader::with_shx(shp, Cursor::new(shx)),
        None => ShapeReader::new(shp),
    };
    let mut reader = opened.map_err(|e| shp_error(&shp_name, None, e))?;
    let mut builder = DatasetBuilder::new(true);
    let mut dbf = match dbf {
        Some((inner, _, name)) => {
            let options = DbfOptions {
                cpg: cpg.as_deref(),
                encoding: None,
                keep_deleted: true,
            };
            let counting = Counting {
                inner,
                progress,
                pending: 0,
            };
            Some(DbfReader::new(counting, options, &name)?)
        }
        None => None,
    };
    if let Some(dbf) = dbf.as_mut() {
        dbf.declare_columns(&mut builder);
    }
    let (mut shapes, mut records) = (0usize, 0usize);
    let mut more_records = dbf.is_some();
    for shape in reader.iter_shapes() {
        let shape = shape.map_err(|e| shp_error(&shp_name, Some(shapes + 1), e))?;
        push_shape(&mut builder.geometry, shape);
        if more_records && let Some(dbf) = dbf.as_mut() {
            more_records = dbf.read_record(&mut builder)?;
            records += usize::from(more_records);
        }
        builder.end_row();
        shapes += 1;
        if shapes.is_multiple_of(4096) && progress.is_cancelled() {
            return Err(SourceError::Cancelled);
        }
    }
    if let Some(mut dbf) = dbf {
        while more_records && dbf.read_record(&mut builder)? {
            builder.geometry.push_empty();
            builder.end_row();
            records += 1;
            if records.is_multiple_of(4096) && progress.is_cancelled() {
                return Err(SourceError::Cancelled);
            }
        }
        if records != shapes {
            log::warn!("{}: {shapes} shapes, {records} records", shp_name.display());
            let message = crate::i18n::tr_args(
                "issue-shp-dbf-count",
                &[
                    ("shapes", &shapes.to_string()),
                    ("records", &records.to_string()),
                ],
            );
            for _ in 0..shapes.abs_diff(records) {
                builder.add_issue(IssueKind::SkippedRecord, || message.clone());
            }
        }
        dbf.finish(&mut builder);
    }
    progress.set_done(shp_len + dbf_len);
    Ok(RawSource { builder, crs })
}

/// A `.shx` is used only when it is well formed and points inside the `.shp`; otherwise the `.shp` is read in sequence.
fn usable_shx(shx: &[u8], shp_len: u64) -> bool {
    let be = |b: &[u8]| i64::from(i32::from_be_bytes([b[0], b[1], b[2], b[3]]));
    shx.len() >= 100
        && (shx.len() - 100).is_multiple_of(8)
        && be(&shx[0..4]) == 9994
        && shx[100..].chunks_exact(8).all(|e| {
            let (offset, length) = (be(&e[0..4]) * 2, be(&e[4..8]) * 2);
            offset >= 100 && length >= 0 && (offset + 8 + length) as u64 <= shp_len
        })
}

/// A file next to `shp` with the same name and extension `ext`, in any letter case.
fn sidecar(shp: &Path, ext: &str) -> Option<PathBuf> {
    for candidate in [
        shp.with_extension(ext),
        shp.with_extension(ext.to_ascii_uppercase()),
    ] {
        if candidate.is_file() {
            return Some(candidate);
        }
    }
    let wanted = format!("{}.{ext}", shp.file_stem()?.to_str()?).to_lowercase();
    let dir = shp
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.is_file()
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.to_lowercase() == wanted)
        })
}

fn read_member<R: Read + Seek>(
    archive: &mut zip::ZipArchive<R>,
    name: &str,
    zip_path: &Path,
) -> Result<(Vec<u8>, PathBuf), SourceError> {
    let label = zip_path.join(name);
    let mut file = archive.by_name(name).map_err(|e| zip_error(&label, e))?;
    let mut bytes = Vec::with_capacity(file.size().min(1 << 28) as usize);
    file.read_to_end(&mut bytes)
        .map_err(|e| SourceError::io(&label, e))?;
    Ok((bytes, label))
}

fn zip_error(path: &Path, error: zip::result::ZipError) -> SourceError {
    match error {
        zip::result::ZipError::Io(e) => SourceError::io(path, e),
        other => {
            log::debug!("{}: {other}", path.display());
            SourceError::format("err-zip-invalid", &[("path", &path.display().to_string())])
        }
    }
}

/// A damaged `.shp`: the header (`record` is `None`) or record number `record` could not be read.
fn shp_error(path: &Path, record: Option<usize>, error: shapefile::Error) -> SourceError {
    log::debug!("{}: {error}", path.display());
    let file = path.display().to_string();
    match (error, record) {
        (shapefile::Error::IoError(e), _) if e.kind() != std::io::ErrorKind::UnexpectedEof => {
            SourceError::io(path, e)
        }
        (_, None) => SourceError::format("err-shp-invalid", &[("path", &file)]),
        (_, Some(n)) => {
            SourceError::format("err-shp-record", &[("n", &n.to_string()), ("path", &file)])
        }
    }
}

/// Counts the bytes read into the job's progress, in batches.
struct Counting<'a, R> {
    inner: R,
    progress: &'a Progress,
    pending: u64,
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.pending += n as u64;
        if self.pending >= 1 << 16 {
            self.progress.add_done(self.pending);
            self.pending = 0;
        }
        Ok(n)
    }
}

impl<R: Seek> Seek for Counting<'_, R> {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.inner.seek(pos)
    }
}

fn xy<P: HasXY>(p: &P) -> [f64; 2] {
    [p.x(), p.y()]
}

/// Appends one shape as a feature; Z and M are dropped, null shapes and multipatches stay as empty records.
fn push_shape(g: &mut GeometryBuilder, shape: Shape) {
    match shape {
        Shape::NullShape | Shape::Multipatch(_) => g.push_empty(),
        Shape::Point(p) => g.push_point(xy(&p)),
        Shape::PointM(p) => g.push_point(xy(&p)),
        Shape::PointZ(p) => g.push_point(xy(&p)),
        Shape::Multipoint(m) => push_points(g, m.points()),
        Shape::MultipointM(m) => push_points(g, m.points()),
        Shape::MultipointZ(m) => push_points(g, m.points()),
        Shape::Polyline(l) => push_lines(g, l.parts()),
        Shape::PolylineM(l) => push_lines(g, l.parts()),
        Shape::PolylineZ(l) => push_lines(g, l.parts()),
        Shape::Polygon(p) => push_polygon(g, p.rings()),
        Shape::PolygonM(p) => push_polygon(g, p.rings()),
        Shape::PolygonZ(p) => push_polygon(g, p.rings()),
    }
}

fn push_points<P: HasXY>(g: &mut GeometryBuilder, points: &[P]) {
    if points.is_empty() {
        return g.push_empty();
    }
    g.start_feature(GeomKind::MultiPoint);
    for p in points {
        g.start_part();
        g.start_ring();
        g.push_coord(xy(p));
    }
}

/// One part → LineString, several → MultiLineString; parts of fewer than two points are dropped.
fn push_lines<P: HasXY>(g: &mut GeometryBuilder, parts: &[Vec<P>]) {
    let kept = parts.iter().filter(|p| p.len() >= 2).count();
    if kept == 0 {
        return g.push_empty();
    }
    g.start_feature(if kept == 1 {
        GeomKind::LineString
    } else {
        GeomKind::MultiLineString
    });
    for part in parts.iter().filter(|p| p.len() >= 2) {
        g.start_part();
        g.start_ring();
        part.iter().for_each(|p| g.push_coord(xy(p)));
    }
}

/// Rings grouped into polygons (see [`group_rings`]): one → Polygon, several → MultiPolygon.
fn push_polygon<P: HasXY>(g: &mut GeometryBuilder, rings: &[PolygonRing<P>]) {
    let rings: Vec<Vec<[f64; 2]>> = rings
        .iter()
        .map(|r| r.points().iter().map(xy).collect::<Vec<_>>())
        .filter(|r| r.len() >= 3)
        .collect();
    let polygons = group_rings(&rings);
    if polygons.is_empty() {
        return g.push_empty();
    }
    g.start_feature(if polygons.len() == 1 {
        GeomKind::Polygon
    } else {
        GeomKind::MultiPolygon
    });
    for polygon in &polygons {
        g.start_part();
        for &r in polygon {
            g.start_ring();
            rings[r].iter().for_each(|&c| g.push_coord(c));
        }
    }
}

/// Groups ring indices into polygons (outer ring first, then its holes).
///
/// Shapefile outer rings are clockwise and holes counter-clockwise; each hole goes to the smallest outer ring
/// that contains it. A hole inside no outer ring becomes a polygon of its own, and when no ring is clockwise
/// (a writer that ignored orientation) every ring is an outer ring.
fn group_rings(rings: &[Vec<[f64; 2]>]) -> Vec<Vec<usize>> {
    let areas: Vec<f64> = rings.iter().map(|r| signed_area(r)).collect();
    let any_clockwise = areas.iter().any(|&a| a <= 0.0);
    let is_outer = |i: usize| !any_clockwise || areas[i] <= 0.0;
    let outers: Vec<usize> = (0..rings.len()).filter(|&i| is_outer(i)).collect();
    let boxes: Vec<[f64; 4]> = outers.iter().map(|&o| bbox(&rings[o])).collect();
    let mut polygons: Vec<Vec<usize>> = outers.iter().map(|&o| vec![o]).collect();
    let mut orphans = Vec::new();
    for hole in (0..rings.len()).filter(|&i| !is_outer(i)) {
        let hole_box = bbox(&rings[hole]);
        let p = rings[hole][0];
        let smallest = |test: &dyn Fn(usize) -> bool| {
            (0..outers.len())
                .filter(|&k| test(k))
                .min_by(|&a, &b| areas[outers[a]].abs().total_cmp(&areas[outers[b]].abs()))
        };
        let owner = smallest(&|k| inside_box(p, boxes[k]) && point_in_ring(p, &rings[outers[k]]))
            .or_else(|| smallest(&|k| box_within(hole_box, boxes[k])));
        match owner {
            Some(k) => polygons[k].push(hole),
            None => orphans.push(vec![hole]),
        }
    }
    polygons.extend(orphans);
    polygons
}

/// The signed area of a ring (positive when counter-clockwise), computed relative to its first point.
fn signed_area(ring: &[[f64; 2]]) -> f64 {
    let Some(&[x0, y0]) = ring.first() else {
        return 0.0;
    };
    let sum: f64 = ring
        .iter()
        .zip(ring.iter().skip(1).chain(ring.first()))
        .map(|(a, b)| (a[0] - x0) * (b[1] - y0) - (b[0] - x0) * (a[1] - y0))
        .sum();
    sum / 2.0
}

/// Even-odd test of `p` against a ring.
fn point_in_ring(p: [f64; 2], ring: &[[f64; 2]]) -> bool {
    let mut inside = false;
    for (a, b) in ring.iter().zip(ring.iter().skip(1).chain(ring.first())) {
        if (a[1] > p[1]) != (b[1] > p[1])
            && p[0] < (b[0] - a[0]) * (p[1] - a[1]) / (b[1] - a[1]) + a[0]
        {
            inside = !inside;
        }
    }
    inside
}

fn bbox(ring: &[[f64; 2]]) -> [f64; 4] {
    crate::data::geometry::bbox_of(ring).unwrap_or([0.0; 4])
}

fn inside_box(p: [f64; 2], b: [f64; 4]) -> bool {
    p[0] >= b[0] && p[1] >= b[1] && p[0] <= b[2] && p[1] <= b[3]
}

fn box_within(inner: [f64; 4], outer: [f64; 4]) -> bool {
    inside_box([inner[0], inner[1]], outer) && inside_box([inner[2], inner[3]], outer)
}

/// Text settings of a shapefile to write.
#[derive(Clone, Copy, Debug)]
pub struct ShapefileOptions<'a> {
    /// Encoding of the `.dbf` text.
    pub encoding: &'static Encoding,
    /// Language driver id written in the `.dbf` header (0x57: Windows ANSI).
    pub language_driver: u8,
    /// Content of the `.prj` (ESRI WKT), written when given.
    pub prj: Option<&'a str>,
    /// Content of the `.cpg`, written when given.
    pub cpg: Option<&'a str>,
}

impl Default for ShapefileOptions<'_> {
    fn default() -> Self {
        Self {
            encoding: encoding_rs::WINDOWS_1252,
            language_driver: 0x57,
            prj: None,
            cpg: None,
        }
    }
}

/// Writes a 2D shapefile (`.shp`, `.shx`, `.dbf`, and `.prj`/`.cpg` when given) for tests and sample data.
///
/// `path` may end in `.shp` or have no extension. `None` geometries are written as null shapes. Every
/// geometry must map to the same shape type (points, multipoints, lines or polygons); polygon rings are
/// re-oriented as the format wants. `rows` holds one row per geometry (or nothing when there are no fields).
pub fn write_shapefile(
    path: &Path,
    geometries: &[Option<geo::Geometry<f64>>],
    fields: &[DbfField],
    rows: &[Vec<DbfValue>],
    options: &ShapefileOptions<'_>,
) -> std::io::Result<()> {
    let bad = |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidInput, what.to_owned());
    let base = match path.extension() {
        Some(ext) if ext.eq_ignore_ascii_case("shp") => path.with_extension(""),
        _ => path.to_path_buf(),
    };
    let sibling = |ext: &str| {
        let mut name = base.clone().into_os_string();
        name.push(format!(".{ext}"));
        PathBuf::from(name)
    };
    let records = geometries
        .iter()
        .map(|g| g.as_ref().map_or(Ok((0, Vec::new())), to_record))
        .collect::<std::io::Result<Vec<_>>>()?;
    let file_type = records.iter().map(|r| r.0).find(|&t| t != 0).unwrap_or(0);
    if records.iter().any(|r| r.0 != 0 && r.0 != file_type) {
        return Err(bad("geometries of different shape types"));
    }
    let all: Vec<[f64; 2]> = records
        .iter()
        .flat_map(|r| r.1.iter().flatten().copied())
        .collect();
    let extent = crate::data::geometry::bbox_of(&all).unwrap_or([0.0; 4]);
    let (mut shp, mut shx) = (vec![0u8; 100], vec![0u8; 100]);
    for (i, (shape_type, parts)) in records.iter().enumerate() {
        let content = record_content(*shape_type, parts);
        let words = |n: usize| i32::try_from(n / 2).map_err(|_| bad("shapefile over 2 GB"));
        shx.extend_from_slice(&words(shp.len())?.to_be_bytes());
        shx.extend_from_slice(&words(content.len())?.to_be_bytes());
        shp.extend_from_slice(&(i as i32 + 1).to_be_bytes());
        shp.extend_from_slice(&words(content.len())?.to_be_bytes());
        shp.extend_from_slice(&content);
    }
    for file in [&mut shp, &mut shx] {
        let words = i32::try_from(file.len() / 2).map_err(|_| bad("shapefile over 2 GB"))?;
        file[0..4].copy_from_slice(&9994i32.to_be_bytes());
        file[24..28].copy_from_slice(&words.to_be_bytes());
        file[28..32].copy_from_slice(&1000i32.to_le_bytes());
        file[32..36].copy_from_slice(&file_type.to_le_bytes());
        for (k, v) in extent.iter().enumerate() {
            file[36 + 8 * k..44 + 8 * k].copy_from_slice(&v.to_le_bytes());
        }
    }
    std::fs::write(sibling("shp"), &shp)?;
    std::fs::write(sibling("shx"), &shx)?;
    let empty_rows = vec![Vec::new(); geometries.len()];
    let rows = if fields.is_empty() && rows.is_empty() {
        &empty_rows
    } else {
        rows
    };
    if rows.len() != geometries.len() {
        return Err(bad("one row of values per geometry is needed"));
    }
    write_dbf(
        &sibling("dbf"),
        fields,
        rows.iter().cloned(),
        options.encoding,
        options.language_driver,
    )?;
    if let Some(prj) = options.prj {
        std::fs::write(sibling("prj"), prj)?;
    }
    if let Some(cpg) = options.cpg {
        std::fs::write(sibling("cpg"), cpg)?;
    }
    Ok(())
}

/// The shape type and parts of a geometry; polygon exteriors clockwise, holes counter-clockwise.
fn to_record(geometry: &geo::Geometry<f64>) -> std::io::Result<(i32, Vec<Vec<[f64; 2]>>)> {
    use geo::Geometry as G;
    let line = |l: &geo::LineString<f64>| l.0.iter().map(|c| [c.x, c.y]).collect::<Vec<_>>();
    let oriented = |l: &geo::LineString<f64>, clockwise: bool| {
        let mut ring = line(l);
        if (signed_area(&ring) < 0.0) != clockwise {
            ring.reverse();
        }
        ring
    };
    let polygon = |p: &geo::Polygon<f64>| -> Vec<Vec<[f64; 2]>> {
        std::iter::once(oriented(p.exterior(), true))
            .chain(p.interiors().iter().map(|h| oriented(h, false)))
            .collect()
    };
    let (shape_type, parts): (i32, Vec<Vec<[f64; 2]>>) = match geometry {
        G::Point(p) => (1, vec![vec![[p.x(), p.y()]]]),
        G::MultiPoint(m) => (8, vec![m.0.iter().map(|p| [p.x(), p.y()]).collect()]),
        G::Line(l) => (3, vec![vec![[l.start.x, l.start.y], [l.end.x, l.end.y]]]),
        G::LineString(l) => (3, vec![line(l)]),
        G::MultiLineString(m) => (3, m.0.iter().map(line).collect()),
        G::Polygon(p) => (5, polygon(p)),
        G::MultiPolygon(m) => (5, m.0.iter().flat_map(polygon).collect()),
        G::Rect(r) => (5, polygon(&r.to_polygon())),
        G::Triangle(t) => (5, polygon(&t.to_polygon())),
        G::GeometryCollection(_) => {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "geometry collections",
            ));
        }
    };
    let parts: Vec<_> = parts.into_iter().filter(|p| !p.is_empty()).collect();
    Ok(if parts.is_empty() {
        (0, parts)
    } else {
        (shape_type, parts)
    })
}

/// The content of one `.shp` record (after its 8-byte header).
fn record_content(shape_type: i32, parts: &[Vec<[f64; 2]>]) -> Vec<u8> {
    let mut out = shape_type.to_le_bytes().to_vec();
    let points: Vec<[f64; 2]> = parts.concat();
    let numbers: Vec<f64> = match shape_type {
        0 => Vec::new(),
        1 => points.first().map_or(Vec::new(), |p| p.to_vec()),
        _ => crate::data::geometry::bbox_of(&points)
            .unwrap_or([0.0; 4])
            .to_vec(),
    };
    numbers
        .iter()
        .for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
    if shape_type == 0 || shape_type == 1 {
        return out;
    }
    if shape_type != 8 {
        out.extend_from_slice(&(parts.len() as i32).to_le_bytes());
    }
    out.extend_from_slice(&(points.len() as i32).to_le_bytes());
    if shape_type != 8 {
        let mut start = 0i32;
        for part in parts {
            out.extend_from_slice(&start.to_le_bytes());
            start += part.len() as i32;
        }
    }
    points
        .iter()
        .flatten()
        .for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
    out
}

#[cfg(test)]
mod tests {
    use geo::{Geometry, LineString, MultiLineString, MultiPolygon, Point, Polygon};

    use super::*;
    use crate::data::{Dataset, Value};

    fn read(path: &Path) -> Result<Dataset, SourceError> {
        let raw = read_shapefile(path, &Progress::default())?;
        Ok(raw.builder.finish(raw.crs.clone()))
    }

    fn square(x: f64, y: f64, size: f64) -> LineString<f64> {
        LineString::from(vec![
            (x, y),
            (x + size, y),
            (x + size, y + size),
            (x, y + size),
            (x, y),
        ])
    }

    fn text_rows(values: &[&str]) -> Vec<Vec<DbfValue>> {
        values
            .iter()
            .map(|v| vec![DbfValue::Text((*v).into())])
            .collect()
    }

    fn points(n: usize) -> Vec<Option<Geometry<f64>>> {
        (0..n)
            .map(|i| Some(Point::new(-0.5 - i as f64 / 8.0, 47.5).into()))
            .collect()
    }

    const PRJ: &str = r#"PROJCS["RGF93_Lambert_93",GEOGCS["GCS_RGF_1993",DATUM["D_RGF_1993",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic"],UNIT["Meter",1.0]]"#;

    #[test]
    fn points_attributes_and_prj_with_sidecars_in_any_case() {
        let dir = tempfile::tempdir().expect("temp dir");
        let base = dir.path().join("ARRETS");
        let fields = [
            DbfField::character("nom", 40),
            DbfField::numeric("code", 5, 0),
        ];
        let rows: Vec<_> = ["Ralliement", "Hôtel de Ville", "Œuvre"]
            .iter()
            .zip(1..)
            .map(|(t, i)| vec![DbfValue::Text((*t).into()), DbfValue::Integer(i)])
            .collect();
        let options = ShapefileOptions {
            prj: Some(PRJ),
            ..ShapefileOptions::default()
        };
        write_shapefile(&base, &points(3), &fields, &rows, &options).expect("written");
        std::fs::rename(base.with_extension("dbf"), base.with_extension("DBF")).expect("rename");
        std::fs::rename(base.with_extension("prj"), base.with_extension("Prj")).expect("rename");
        let shp = base.with_extension("shp");
        assert_eq!(
            shapefile::ShapeReader::from_path(&shp)
                .and_then(|r| r.read())
                .map(|s| s.len())
                .ok(),
            Some(3)
        );
        let ds = read(&shp).expect("read");
        assert_eq!(ds.len(), 3);
        assert_eq!(ds.geometry.point(1), Some([-0.625, 47.5]));
        assert_eq!(ds.columns[0].value(1), Value::Text("Hôtel de Ville"));
        assert_eq!(ds.columns[0].value(2), Value::Text("Œuvre"));
        assert_eq!(ds.columns[1].value(2), Value::Integer(3));
        assert_eq!(ds.source_crs.as_deref(), Some(PRJ));
    }

    #[test]
    fn holes_become_interior_rings_of_the_polygon_that_contains_them() {
        let dir = tempfile::tempdir().expect("temp dir");
        let shp = dir.path().join("zones.shp");
        let with_hole = Polygon::new(square(0.0, 0.0, 10.0), vec![square(2.0, 2.0, 2.0)]);
        let multi = MultiPolygon(vec![
            Polygon::new(square(20.0, 0.0, 5.0), vec![]),
            Polygon::new(
                square(40.0, 0.0, 10.0),
                vec![square(42.0, 2.0, 2.0), square(45.0, 5.0, 1.0)],
            ),
        ]);
        let geometries = [Some(with_hole.into()), Some(multi.into())];
        write_shapefile(&shp, &geometries, &[], &[], &ShapefileOptions::default())
            .expect("written");
        let ds = read(&shp).expect("read");
        assert_eq!(ds.geometry.kind(0), GeomKind::Polygon);
        match ds.geometry.to_geo(0) {
            Some(Geometry::Polygon(p)) => assert_eq!(p.interiors().len(), 1),
            other => panic!("expected a polygon, got {other:?}"),
        }
        assert_eq!(ds.geometry.kind(1), GeomKind::MultiPolygon);
        match ds.geometry.to_geo(1) {
            Some(Geometry::MultiPolygon(m)) => {
                let holes: Vec<usize> = m.0.iter().map(|p| p.interiors().len()).collect();
                assert_eq!(holes, [0, 2]);
            }
            other => panic!("expected a multipolygon, got {other:?}"),
        }
        assert_eq!(ds.triangles(0).len() % 3, 0);
        assert!(!ds.triangles(0).is_empty());
    }

    #[test]
    fn rings_are_grouped_by_containment_and_orientation() {
        let cw = |x: f64, y: f64, s: f64| {
            let mut r: Vec<[f64; 2]> = square(x, y, s).0.iter().map(|c| [c.x, c.y]).collect();
            r.reverse();
            r
        };
        let ccw = |x: f64, y: f64, s: f64| {
            square(x, y, s)
                .0
                .iter()
                .map(|c| [c.x, c.y])
                .collect::<Vec<_>>()
        };
        // A hole listed after another outer ring, and a hole outside every outer ring.
        let rings = [
            cw(0.0, 0.0, 5.0),
            cw(10.0, 0.0, 10.0),
            ccw(12.0, 2.0, 2.0),
            ccw(50.0, 50.0, 1.0),
        ];
        assert_eq!(group_rings(&rings), [vec![0], vec![1, 2], vec![3]]);
        // A writer that ignored orientation: every ring is an outer ring.
        assert_eq!(
            group_rings(&[ccw(0.0, 0.0, 1.0), ccw(5.0, 5.0, 1.0)]),
            [vec![0], vec![1]]
        );
        assert!(signed_area(&cw(0.0, 0.0, 2.0)) < 0.0);
    }

    #[test]
    fn polylines_become_lines_or_multilines() {
        let dir = tempfile::tempdir().expect("temp dir");
        let shp = dir.path().join("voies.shp");
        let one = LineString::from(vec![(0.0, 0.0), (1.0, 1.0), (2.0, 0.0)]);
        let two = MultiLineString(vec![
            one.clone(),
            LineString::from(vec![(5.0, 5.0), (6.0, 6.0)]),
        ]);
        let rows = text_rows(&["une", "deux"]);
        let fields = [DbfField::character("nom", 10)];
        write_shapefile(
            &shp,
            &[Some(one.into()), Some(two.into())],
            &fields,
            &rows,
            &ShapefileOptions::default(),
        )
        .expect("written");
        let ds = read(&shp).expect("read");
        assert_eq!(
            (ds.geometry.kind(0), ds.geometry.kind(1)),
            (GeomKind::LineString, GeomKind::MultiLineString)
        );
        assert_eq!(
            ds.geometry.feature_coords(0),
            [[0.0, 0.0], [1.0, 1.0], [2.0, 0.0]]
        );
        assert_eq!(ds.geometry.part_range(1).len(), 2);
    }

    #[test]
    fn z_shapes_are_read_in_2d() {
        use shapefile::{NO_DATA, PointZ, PolygonZ};
        let dir = tempfile::tempdir().expect("temp dir");
        let points = dir.path().join("pz.shp");
        let mut writer = shapefile::ShapeWriter::from_path(&points).expect("writer");
        writer
            .write_shape(&PointZ::new(1.0, 2.0, 30.0, NO_DATA))
            .expect("point");
        drop(writer);
        let ds = read(&points).expect("read");
        assert_eq!((ds.len(), ds.geometry.point(0)), (1, Some([1.0, 2.0])));
        let polygons = dir.path().join("polyz.shp");
        let ring: Vec<PointZ> = [(0.0, 0.0), (0.0, 4.0), (4.0, 4.0), (4.0, 0.0), (0.0, 0.0)]
            .iter()
            .map(|&(x, y)| PointZ::new(x, y, 55.0, NO_DATA))
            .collect();
        let mut writer = shapefile::ShapeWriter::from_path(&polygons).expect("writer");
        writer
            .write_shape(&PolygonZ::new(PolygonRing::Outer(ring)))
            .expect("polygon");
        drop(writer);
        let ds = read(&polygons).expect("read");
        assert_eq!(ds.geometry.kind(0), GeomKind::Polygon);
        assert_eq!(ds.bbox, Some([0.0, 0.0, 4.0, 4.0]));
        assert!(ds.columns.is_empty(), "no .dbf: geometry only");
    }

    #[test]
    fn null_shapes_are_kept_and_counted() {
        let dir = tempfile::tempdir().expect("temp dir");
        let shp = dir.path().join("nulls.shp");
        let mut geometries = points(3);
        geometries[1] = None;
        let rows = text_rows(&["a", "b", "c"]);
        write_shapefile(
            &shp,
            &geometries,
            &[DbfField::character("k", 2)],
            &rows,
            &ShapefileOptions::default(),
        )
        .expect("written");
        let ds = read(&shp).expect("read");
        assert_eq!(ds.len(), 3);
        assert_eq!(ds.geometry.kind(1), GeomKind::Empty);
        assert_eq!(ds.columns[0].value(1), Value::Text("b"));
        assert!(
            ds.issues
                .iter()
                .any(|i| i.kind == IssueKind::NullGeometry && i.count == 1)
        );
    }

    #[test]
    fn a_zip_holds_a_shapefile_in_a_subfolder() {
        use std::io::Write as _;
        let dir = tempfile::tempdir().expect("temp dir");
        let base = dir.path().join("communes");
        let options = ShapefileOptions {
            encoding: encoding_rs::UTF_8,
            language_driver: 0,
            prj: Some(PRJ),
            cpg: Some("UTF-8"),
        };
        let rows = text_rows(&["Angers", "Saint-Barthélemy-d'Anjou"]);
        write_shapefile(
            &base,
            &points(2),
            &[DbfField::character("nom", 40)],
            &rows,
            &options,
        )
        .expect("written");
        let zip_path = dir.path().join("export.zip");
        let mut zip = zip::ZipWriter::new(File::create(&zip_path).expect("zip file"));
        let deflated = zip::write::SimpleFileOptions::default();
        zip.start_file("__MACOSX/export/._COMMUNES.SHP", deflated)
            .expect("entry");
        zip.write_all(b"resource fork").expect("write");
        for ext in ["shp", "shx", "dbf", "cpg", "prj"] {
            zip.start_file(
                format!("export/Communes/COMMUNES.{}", ext.to_uppercase()),
                deflated,
            )
            .expect("entry");
            zip.write_all(&std::fs::read(base.with_extension(ext)).expect("member"))
                .expect("write");
        }
        zip.finish().expect("zip closed");
        let raw = read_zip(&zip_path, &Progress::default()).expect("read");
        let ds = raw.builder.finish(raw.crs);
        assert_eq!(ds.len(), 2);
        assert_eq!(
            ds.columns[0].value(1),
            Value::Text("Saint-Barthélemy-d'Anjou")
        );
        assert_eq!(ds.source_crs.as_deref(), Some(PRJ));

        let empty = dir.path().join("vide.zip");
        let mut zip = zip::ZipWriter::new(File::create(&empty).expect("zip file"));
        zip.start_file("lisez-moi.txt", deflated).expect("entry");
        zip.finish().expect("zip closed");
        assert!(matches!(
            read_zip(&empty, &Progress::default()),
            Err(SourceError::Format(_))
        ));
        std::fs::write(&empty, b"PK not really").expect("write");
        assert!(read_zip(&empty, &Progress::default()).is_err());
    }

    #[test]
    fn a_truncated_shp_is_an_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let shp = dir.path().join("coupe.shp");
        let zones: Vec<_> = (0..5)
            .map(|i| Some(Polygon::new(square(i as f64, 0.0, 1.0), vec![]).into()))
            .collect();
        write_shapefile(&shp, &zones, &[], &[], &ShapefileOptions::default()).expect("written");
        let bytes = std::fs::read(&shp).expect("shp");
        std::fs::write(&shp, &bytes[..bytes.len() - 20]).expect("truncate");
        assert!(matches!(read(&shp), Err(SourceError::Format(_))));
        std::fs::remove_file(shp.with_extension("shx")).expect("no shx");
        assert!(matches!(read(&shp), Err(SourceError::Format(_))));
        std::fs::write(&shp, &bytes[..60]).expect("truncate the header");
        assert!(matches!(read(&shp), Err(SourceError::Format(_))));
    }

    #[test]
    fn a_garbage_dbf_is_an_error_and_a_missing_one_leaves_geometry_only() {
        let dir = tempfile::tempdir().expect("temp dir");
        let shp = dir.path().join("pts.shp");
        let rows = text_rows(&["a", "b", "c"]);
        write_shapefile(
            &shp,
            &points(3),
            &[DbfField::character("k", 2)],
            &rows,
            &ShapefileOptions::default(),
        )
        .expect("written");
        let garbage: Vec<u8> = (0u32..3000)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        std::fs::write(shp.with_extension("dbf"), garbage).expect("garbage");
        assert!(matches!(read(&shp), Err(SourceError::Format(_))));
        std::fs::remove_file(shp.with_extension("dbf")).expect("no dbf");
        let ds = read(&shp).expect("read");
        assert_eq!((ds.len(), ds.columns.len()), (3, 0));
    }

    #[test]
    fn differing_record_counts_keep_the_longer_and_count_an_issue() {
        let dir = tempfile::tempdir().expect("temp dir");
        let shp = dir.path().join("pts.shp");
        let fields = [DbfField::character("k", 2)];
        write_shapefile(
            &shp,
            &points(3),
            &fields,
            &text_rows(&["a", "b", "c"]),
            &ShapefileOptions::default(),
        )
        .expect("written");
        let dbf = shp.with_extension("dbf");
        write_dbf(
            &dbf,
            &fields,
            text_rows(&["a", "b", "c", "d", "e"]),
            encoding_rs::WINDOWS_1252,
            0x57,
        )
        .expect("dbf");
        let ds = read(&shp).expect("read");
        assert_eq!(
            (ds.len(), ds.geometry.kind(4), ds.columns[0].value(4)),
            (5, GeomKind::Empty, Value::Text("e"))
        );
        assert!(
            ds.issues
                .iter()
                .any(|i| i.kind == IssueKind::SkippedRecord && i.count == 2)
        );
        write_dbf(
            &dbf,
            &fields,
            text_rows(&["a"]),
            encoding_rs::WINDOWS_1252,
            0x57,
        )
        .expect("dbf");
        let ds = read(&shp).expect("read");
        assert_eq!((ds.len(), ds.columns[0].value(2)), (3, Value::Null));
        assert!(
            ds.issues
                .iter()
                .any(|i| i.kind == IssueKind::SkippedRecord && i.count == 2)
        );
    }

    #[test]
    fn a_cancelled_load_stops() {
        let dir = tempfile::tempdir().expect("temp dir");
        let shp = dir.path().join("beaucoup.shp");
        write_shapefile(&shp, &points(5000), &[], &[], &ShapefileOptions::default())
            .expect("written");
        let progress = Progress::default();
        progress.cancel();
        assert!(matches!(
            read_shapefile(&shp, &progress),
            Err(SourceError::Cancelled)
        ));
        let done = Progress::default();
        assert!(read_shapefile(&shp, &done).is_ok());
        assert_eq!(done.fraction(), Some(1.0));
    }
}
