//! TopoJSON reader: each object of the topology a layer (in the file's order), its geometries
//! rebuilt from the shared arcs (quantized or not), their properties as fields, WGS 84.

use std::fmt;
use std::path::Path;

use serde::Deserialize;
use serde::de::{MapAccess, Visitor};
use serde_json::Value;

use super::shape_text::{Parts, Shape};
use super::{RawSource, SourceError, SourceLayer};
use crate::data::{DatasetBuilder, GeomKind};
use crate::jobs::Progress;

/// A topology: its arcs, their quantization, its objects in the file's order.
#[derive(Deserialize)]
struct Topology {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    transform: Option<Transform>,
    #[serde(default)]
    arcs: Vec<Vec<Vec<f64>>>,
    #[serde(default)]
    objects: Ordered,
}

#[derive(Deserialize)]
struct Transform {
    scale: [f64; 2],
    translate: [f64; 2],
}

/// A JSON object's members in the order of the file.
#[derive(Default)]
struct Ordered(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Ordered {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Members;
        impl<'de> Visitor<'de> for Members {
            type Value = Ordered;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("the objects of a topology")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    out.push(entry);
                }
                Ok(Ordered(out))
            }
        }
        d.deserialize_map(Members)
    }
}

/// True when the JSON text at the start of a file is a TopoJSON topology.
pub fn looks_like_topojson(head: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&head[..head.len().min(4096)]);
    let compact: String = head.chars().filter(|c| !c.is_whitespace()).collect();
    compact.contains("\"type\":\"Topology\"")
}

fn read(path: &Path) -> Result<Topology, SourceError> {
    let bytes = std::fs::read(path).map_err(|e| SourceError::io(path, e))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let topology: Topology = serde_json::from_slice(bytes).map_err(|e| SourceError::json(&e))?;
    if topology.kind != "Topology" {
        return Err(SourceError::format("err-topojson-not", &[]));
    }
    Ok(topology)
}

/// The objects of the topology at `path`, with their number of geometries.
pub fn topojson_layers(path: &Path) -> Result<Vec<SourceLayer>, SourceError> {
    Ok(read(path)?
        .objects
        .0
        .iter()
        .map(|(name, object)| SourceLayer {
            name: name.clone(),
            count: geometries(object).len() as u64,
        })
        .collect())
}

/// A GeometryCollection's members, or the object itself.
fn geometries(object: &Value) -> Vec<&Value> {
    match object.get("geometries").and_then(Value::as_array) {
        Some(list) if object.get("type").and_then(Value::as_str) == Some("GeometryCollection") => {
            list.iter().collect()
        }
        _ => vec![object],
    }
}

/// Reads one object of the topology at `path` (the first when `layer` is `None`).
pub fn read_topojson(
    path: &Path,
    layer: Option<&str>,
    progress: &Progress,
) -> Result<RawSource, SourceError> {
    let topology = read(path)?;
    let names: Vec<&str> = topology.objects.0.iter().map(|(n, _)| n.as_str()).collect();
    let object = match layer {
        Some(name) => topology.objects.0.iter().find(|(n, _)| n == name),
        None => topology.objects.0.first(),
    }
    .map(|(_, o)| o)
    .ok_or_else(|| {
        SourceError::format(
            "err-layer-missing",
            &[
                ("layer", layer.unwrap_or("")),
                ("layers", &names.join(", ")),
            ],
        )
    })?;
    let arcs = decode_arcs(&topology);
    let mut builder = DatasetBuilder::new(true);
    for geometry in geometries(object) {
        push_geometry(&mut builder, &arcs, &topology.transform, geometry);
        if let Some(Value::Object(properties)) = geometry.get("properties") {
            for (key, value) in properties {
                let column = builder.column_index(key);
                match value {
                    Value::Null => {}
                    Value::String(text) => builder.column(column).push_inferred(text),
                    Value::Bool(b) => builder.column(column).push_bool(*b),
                    Value::Number(n) => match n.as_i64() {
                        Some(i) => builder.column(column).push_int(i),
                        None => builder
                            .column(column)
                            .push_float(n.as_f64().unwrap_or(f64::NAN)),
                    },
                    other => builder.column(column).push_text(&other.to_string()),
                }
            }
        }
        builder.end_row();
    }
    progress.add_items(builder.rows() as u64);
    Ok(RawSource { builder, crs: None })
}

/// Every arc as positions: delta-decoded and transformed when the topology is quantized.
fn decode_arcs(topology: &Topology) -> Vec<Vec<[f64; 2]>> {
    topology
        .arcs
        .iter()
        .map(|arc| {
            let (mut x, mut y) = (0.0, 0.0);
            arc.iter()
                .filter(|p| p.len() >= 2)
                .map(|p| match &topology.transform {
                    Some(t) => {
                        (x, y) = (x + p[0], y + p[1]);
                        [
                            x * t.scale[0] + t.translate[0],
                            y * t.scale[1] + t.translate[1],
                        ]
                    }
                    None => [p[0], p[1]],
                })
                .collect()
        })
        .collect()
}

/// A line or ring from arc indices (`~i`, that is `-i - 1`, runs arc `i` backwards), each arc
/// after the first without its first position (the previous one's last).
fn stitch(arcs: &[Vec<[f64; 2]>], indices: &Value) -> Option<Vec<[f64; 2]>> {
    let mut out: Vec<[f64; 2]> = Vec::new();
    for index in indices.as_array()? {
        let i = index.as_i64()?;
        let (arc, reversed) = if i < 0 {
            (arcs.get((-i - 1) as usize)?, true)
        } else {
            (arcs.get(i as usize)?, false)
        };
        let mut positions: Vec<[f64; 2]> = arc.clone();
        if reversed {
            positions.reverse();
        }
        let skip = usize::from(!out.is_empty());
        out.extend(positions.into_iter().skip(skip));
    }
    Some(out)
}

/// A position of a point geometry (quantized positions are absolute, not deltas).
fn point(transform: &Option<Transform>, value: &Value) -> Option<[f64; 2]> {
    let p = value.as_array()?;
    let (x, y) = (p.first()?.as_f64()?, p.get(1)?.as_f64()?);
    Some(match transform {
        Some(t) => [
            x * t.scale[0] + t.translate[0],
            y * t.scale[1] + t.translate[1],
        ],
        None => [x, y],
    })
}

fn push_geometry(
    b: &mut DatasetBuilder,
    arcs: &[Vec<[f64; 2]>],
    transform: &Option<Transform>,
    g: &Value,
) {
    let list = |v: Option<&Value>| v.and_then(Value::as_array).cloned().unwrap_or_default();
    let rings = |v: &Value| -> Option<Vec<Vec<[f64; 2]>>> {
        v.as_array()?.iter().map(|r| stitch(arcs, r)).collect()
    };
    let (kind, parts): (GeomKind, Option<Parts>) = match g.get("type").and_then(Value::as_str) {
        Some("Point") => (
            GeomKind::Point,
            g.get("coordinates")
                .and_then(|c| point(transform, c))
                .map(|p| vec![vec![vec![p]]]),
        ),
        Some("MultiPoint") => (
            GeomKind::MultiPoint,
            list(g.get("coordinates"))
                .iter()
                .map(|c| point(transform, c).map(|p| vec![vec![p]]))
                .collect(),
        ),
        Some("LineString") => (
            GeomKind::LineString,
            g.get("arcs")
                .and_then(|a| stitch(arcs, a))
                .map(|l| vec![vec![l]]),
        ),
        Some("MultiLineString") => (
            GeomKind::MultiLineString,
            list(g.get("arcs"))
                .iter()
                .map(|a| stitch(arcs, a).map(|l| vec![l]))
                .collect(),
        ),
        Some("Polygon") => (
            GeomKind::Polygon,
            g.get("arcs").and_then(rings).map(|r| vec![r]),
        ),
        Some("MultiPolygon") => (
            GeomKind::MultiPolygon,
            list(g.get("arcs")).iter().map(rings).collect(),
        ),
        _ => (GeomKind::Empty, None),
    };
    match parts.filter(|p| !p.is_empty()) {
        Some(parts) => Shape {
            kind,
            parts,
            srid: None,
            hidden: Vec::new(),
        }
        .push(&mut b.geometry),
        None => b.geometry.push_empty(),
    }
}
