//! Writing the GeoJSON files: feature collections with one feature per line, streamed to disk.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::{Context, Result};
use serde_json::{Value, json};

use crate::addresses::Addresses;
use crate::communes::COMMUNES;
use crate::green::GreenSpace;
use crate::parcels::Parcel;
use crate::streets::Segment;
use crate::zones::Zone;

/// The `crs` member naming Lambert-93, as GDAL writes it and as the readers recognise it.
const CRS_LAMBERT93: &str = r#"{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::2154"}}"#;

/// Writes a feature collection: the header, then each line given by `line(i)`, one per row.
fn write_collection(
    path: &Path,
    name: &str,
    crs: Option<&str>,
    rows: usize,
    mut line: impl FnMut(usize, &mut dyn Write) -> Result<()>,
) -> Result<()> {
    let file = File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    write!(out, r#"{{"type":"FeatureCollection","name":"{name}","#)?;
    if let Some(crs) = crs {
        write!(out, r#""crs":{crs},"#)?;
    }
    out.write_all(b"\"features\":[\n")?;
    for i in 0..rows {
        if i > 0 {
            out.write_all(b",\n")?;
        }
        line(i, &mut out)?;
    }
    out.write_all(b"\n]}\n")?;
    out.flush()
        .with_context(|| format!("cannot write {}", path.display()))
}

/// One polygon feature from its properties (in order) and its one ring.
fn polygon_feature(
    out: &mut dyn Write,
    properties: &[(&str, Value)],
    ring: &[[f64; 2]],
) -> Result<()> {
    out.write_all(br#"{"type":"Feature","properties":{"#)?;
    for (i, (key, value)) in properties.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        write!(out, "{}:{}", serde_json::to_string(key)?, value)?;
    }
    write!(
        out,
        r#"}},"geometry":{{"type":"Polygon","coordinates":[{}]}}}}"#,
        serde_json::to_string(ring)?
    )?;
    Ok(())
}

/// Writes the first `rows` address points to `path` (WGS 84).
pub fn write_points(path: &Path, addresses: &Addresses, rows: usize) -> Result<()> {
    let name = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("points");
    write_collection(path, name, None, rows, |i, out| {
        let a = &addresses.points[i];
        let street = &addresses.streets[a.street as usize];
        // Written by hand: a million `json!` objects would cost more than the rest of the file.
        write!(
            out,
            r#"{{"type":"Feature","properties":{{"id":"{}","numero":{},"suffixe":"{}","voie":{},"code_postal":"{}","commune":{},"source":{}}},"geometry":{{"type":"Point","coordinates":[{},{}]}}}}"#,
            addresses.id(a),
            a.numero,
            a.suffixe,
            serde_json::to_string(&street.name)?,
            street.code_postal,
            serde_json::to_string(COMMUNES[street.commune].nom)?,
            serde_json::to_string(street.source)?,
            a.lon_lat[0],
            a.lon_lat[1],
        )?;
        Ok(())
    })
}

/// Writes the zones (WGS 84).
pub fn write_zones(path: &Path, zones: &[Zone]) -> Result<()> {
    write_collection(path, "zones", None, zones.len(), |i, out| {
        let z = &zones[i];
        polygon_feature(out, &[("id", json!(z.id)), ("nom", json!(z.nom))], &z.ring)
    })
}

/// Writes the green spaces in Lambert-93 with a `crs` member.
pub fn write_green_spaces(path: &Path, greens: &[GreenSpace]) -> Result<()> {
    write_collection(
        path,
        "green_l93",
        Some(CRS_LAMBERT93),
        greens.len(),
        |i, out| {
            let g = &greens[i];
            polygon_feature(
                out,
                &[
                    ("id", json!(g.id)),
                    ("nom", json!(g.nom)),
                    ("type", json!(g.kind)),
                ],
                &g.ring,
            )
        },
    )
}

/// Writes the parcels (WGS 84).
pub fn write_parcels(path: &Path, parcels: &[Parcel]) -> Result<()> {
    write_collection(path, "parcelles", None, parcels.len(), |i, out| {
        let p = &parcels[i];
        polygon_feature(
            out,
            &[
                ("id", json!(p.id)),
                ("section", json!(p.section)),
                ("numero", json!(p.numero)),
                ("contenance", json!(p.contenance)),
            ],
            &p.ring,
        )
    })
}

/// Writes the street segments (WGS 84).
pub fn write_segments(path: &Path, segments: &[Segment]) -> Result<()> {
    write_collection(path, "troncons", None, segments.len(), |i, out| {
        let s = &segments[i];
        write!(
            out,
            r#"{{"type":"Feature","properties":{{"id":"{}","nom":{},"nature":{}}},"geometry":{{"type":"LineString","coordinates":{}}}}}"#,
            s.id,
            serde_json::to_string(&s.nom)?,
            serde_json::to_string(s.nature)?,
            serde_json::to_string(&s.line)?,
        )?;
        Ok(())
    })
}
