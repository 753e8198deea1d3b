//! GPX reader (1.0 and 1.1): waypoints, routes and tracks, each a layer of its own, listed in
//! that order as GIS tools list them; positions are WGS 84 by definition.

use std::path::Path;

use roxmltree::{Document, Node};

use super::{RawSource, SourceError, SourceLayer};
use crate::data::{DatasetBuilder, GeomKind};
use crate::jobs::Progress;

/// The layers of every GPX file, in their order.
pub const GPX_LAYERS: [&str; 3] = ["waypoints", "routes", "tracks"];

/// The text fields each kind of feature carries, in the order of the GPX schema.
const WAYPOINT_FIELDS: [&str; 7] = ["name", "ele", "time", "desc", "cmt", "sym", "type"];
const LINE_FIELDS: [&str; 4] = ["name", "desc", "cmt", "type"];

/// Reads the file whole: GPX files are small.
fn document_text(path: &Path) -> Result<String, SourceError> {
    let bytes = std::fs::read(path).map_err(|e| SourceError::io(path, e))?;
    let text = String::from_utf8_lossy(&bytes);
    Ok(text.trim_start_matches('\u{feff}').to_owned())
}

fn parse(text: &str) -> Result<Document<'_>, SourceError> {
    let document = Document::parse(text).map_err(|e| {
        log::info!("GPX: {e}");
        SourceError::format("err-xml", &[("line", &e.pos().row.to_string())])
    })?;
    if document.root_element().tag_name().name() != "gpx" {
        return Err(SourceError::format("err-gpx-not", &[]));
    }
    Ok(document)
}

/// The elements of the root named `name` (`wpt`, `rte`, `trk`).
fn children<'a, 'i>(root: Node<'a, 'i>, name: &'a str) -> impl Iterator<Item = Node<'a, 'i>> {
    root.children()
        .filter(move |n| n.is_element() && n.tag_name().name() == name)
}

/// The three layers with their counts.
pub fn gpx_layers(path: &Path) -> Result<Vec<SourceLayer>, SourceError> {
    let text = document_text(path)?;
    let document = parse(&text)?;
    let root = document.root_element();
    Ok(GPX_LAYERS
        .iter()
        .zip(["wpt", "rte", "trk"])
        .map(|(layer, tag)| SourceLayer {
            name: (*layer).to_owned(),
            count: children(root, tag).count() as u64,
        })
        .collect())
}

/// Reads one layer of the GPX file at `path` (`waypoints` when `layer` is `None`).
pub fn read_gpx(
    path: &Path,
    layer: Option<&str>,
    progress: &Progress,
) -> Result<RawSource, SourceError> {
    let text = document_text(path)?;
    let document = parse(&text)?;
    let root = document.root_element();
    let layer = layer.unwrap_or(GPX_LAYERS[0]);
    let mut builder = DatasetBuilder::new(true);
    match layer {
        "waypoints" => {
            let columns = columns(&mut builder, &WAYPOINT_FIELDS);
            for point in children(root, "wpt") {
                match position(point) {
                    Some(xy) => builder.geometry.push_point(xy),
                    None => builder.geometry.push_empty(),
                }
                fields(&mut builder, point, &WAYPOINT_FIELDS, &columns);
            }
        }
        "routes" | "tracks" => {
            let columns = columns(&mut builder, &LINE_FIELDS);
            let (tag, route) = if layer == "routes" {
                ("rte", true)
            } else {
                ("trk", false)
            };
            for line in children(root, tag) {
                let parts: Vec<Vec<[f64; 2]>> = if route {
                    vec![children(line, "rtept").filter_map(position).collect()]
                } else {
                    children(line, "trkseg")
                        .map(|segment| children(segment, "trkpt").filter_map(position).collect())
                        .collect()
                };
                push_lines(&mut builder, route, &parts);
                fields(&mut builder, line, &LINE_FIELDS, &columns);
            }
        }
        other => {
            return Err(SourceError::format(
                "err-layer-missing",
                &[("layer", other), ("layers", &GPX_LAYERS.join(", "))],
            ));
        }
    }
    progress.add_items(builder.rows() as u64);
    Ok(RawSource {
        builder,
        crs: Some("EPSG:4326".to_owned()),
    })
}

fn columns(builder: &mut DatasetBuilder, names: &[&str]) -> Vec<usize> {
    names.iter().map(|n| builder.add_column(n)).collect()
}

/// The text of each field element present, then the end of the row.
fn fields(builder: &mut DatasetBuilder, node: Node, names: &[&str], columns: &[usize]) {
    for (name, &column) in names.iter().zip(columns) {
        if let Some(text) = children(node, name).next().and_then(|n| n.text()) {
            builder.column(column).push_inferred(text.trim());
        }
    }
    builder.end_row();
}

/// `lon`/`lat` attributes of a point.
fn position(node: Node) -> Option<[f64; 2]> {
    let number = |name| {
        node.attribute(name)?
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
    };
    Some([number("lon")?, number("lat")?])
}

/// A route as one line; a track as a line, or several when it has several segments.
fn push_lines(builder: &mut DatasetBuilder, route: bool, parts: &[Vec<[f64; 2]>]) {
    let parts: Vec<&Vec<[f64; 2]>> = parts.iter().filter(|p| p.len() >= 2).collect();
    let kind = match parts.len() {
        0 => return builder.geometry.push_empty(),
        1 if route => GeomKind::LineString,
        _ => GeomKind::MultiLineString,
    };
    let g = &mut builder.geometry;
    g.start_feature(kind);
    for part in parts {
        g.start_part();
        g.start_ring();
        part.iter().for_each(|&xy| g.push_coord(xy));
    }
}
