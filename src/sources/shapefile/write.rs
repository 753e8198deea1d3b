//! Writing a 2D shapefile: the `.shp` and `.shx` records, the `.dbf` table and the optional `.prj` and `.cpg`.

use std::path::{Path, PathBuf};

use encoding_rs::Encoding;

use super::shapes::signed_area;
use crate::sources::dbf::{DbfField, DbfValue, write_dbf};

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
    let (shp, shx) = shp_and_shx(&records, file_type)?;
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

/// The `.shp` and `.shx` bytes of `records` (shape type, parts), under headers that give
/// `file_type` and the extent of all their coordinates.
fn shp_and_shx(
    records: &[(i32, Vec<Vec<[f64; 2]>>)],
    file_type: i32,
) -> std::io::Result<(Vec<u8>, Vec<u8>)> {
    let too_big = || std::io::Error::new(std::io::ErrorKind::InvalidInput, "shapefile over 2 GB");
    let words = |n: usize| i32::try_from(n / 2).map_err(|_| too_big());
    let all: Vec<[f64; 2]> = records
        .iter()
        .flat_map(|r| r.1.iter().flatten().copied())
        .collect();
    let extent = crate::data::geometry::bbox_of(&all).unwrap_or([0.0; 4]);
    let (mut shp, mut shx) = (vec![0u8; 100], vec![0u8; 100]);
    for (i, (shape_type, parts)) in records.iter().enumerate() {
        let content = record_content(*shape_type, parts);
        shx.extend_from_slice(&words(shp.len())?.to_be_bytes());
        shx.extend_from_slice(&words(content.len())?.to_be_bytes());
        shp.extend_from_slice(&(i as i32 + 1).to_be_bytes());
        shp.extend_from_slice(&words(content.len())?.to_be_bytes());
        shp.extend_from_slice(&content);
    }
    for file in [&mut shp, &mut shx] {
        let length = words(file.len())?;
        file[0..4].copy_from_slice(&9994i32.to_be_bytes());
        file[24..28].copy_from_slice(&length.to_be_bytes());
        file[28..32].copy_from_slice(&1000i32.to_le_bytes());
        file[32..36].copy_from_slice(&file_type.to_le_bytes());
        for (k, v) in extent.iter().enumerate() {
            file[36 + 8 * k..44 + 8 * k].copy_from_slice(&v.to_le_bytes());
        }
    }
    Ok((shp, shx))
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
