//! KML and KMZ reader: each Placemark (and GroundOverlay, as the box its image covers) a feature
//! with its name, description, ExtendedData fields and the folders it sits in (`dossier`); WGS 84.

use std::io::Read;
use std::path::Path;

use roxmltree::{Document, Node};

use super::{RawSource, SourceError};
use crate::data::{DatasetBuilder, GeomKind};
use crate::jobs::Progress;

/// The KML text of a `.kml`, or of the main document of a `.kmz` (`doc.kml`, else the first).
fn kml_text(path: &Path) -> Result<String, SourceError> {
    let bytes = std::fs::read(path).map_err(|e| SourceError::io(path, e))?;
    let is_zip = bytes.starts_with(b"PK\x03\x04");
    let bytes = if is_zip { kmz_document(&bytes)? } else { bytes };
    Ok(String::from_utf8_lossy(&bytes)
        .trim_start_matches('\u{feff}')
        .to_owned())
}

fn kmz_document(bytes: &[u8]) -> Result<Vec<u8>, SourceError> {
    let bad = |e: &dyn std::fmt::Display| {
        log::info!("KMZ: {e}");
        SourceError::format("err-kmz", &[])
    };
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| bad(&e))?;
    let names: Vec<String> = archive.file_names().map(str::to_owned).collect();
    let main = names
        .iter()
        .find(|n| n.eq_ignore_ascii_case("doc.kml"))
        .or_else(|| {
            names
                .iter()
                .find(|n| n.to_ascii_lowercase().ends_with(".kml"))
        })
        .ok_or_else(|| bad(&"no .kml inside"))?;
    // Read within a hundred times the archive's size: a zip bomb is refused, not inflated.
    let budget = (bytes.len() as u64).saturating_mul(100).max(256 << 20);
    let mut out = Vec::new();
    archive
        .by_name(main)
        .map_err(|e| bad(&e))?
        .take(budget + 1)
        .read_to_end(&mut out)
        .map_err(|e| bad(&e))?;
    if out.len() as u64 > budget {
        return Err(bad(&"inflates beyond its budget"));
    }
    Ok(out)
}

/// Reads the Placemarks of the KML or KMZ file at `path`.
pub fn read_kml(path: &Path, progress: &Progress) -> Result<RawSource, SourceError> {
    let text = kml_text(path)?;
    let document = Document::parse(&text).map_err(|e| {
        log::info!("KML: {e}");
        SourceError::format("err-xml", &[("line", &e.pos().row.to_string())])
    })?;
    if document.root_element().tag_name().name() != "kml" {
        return Err(SourceError::format("err-kml-not", &[]));
    }
    let mut reader = Placemarks {
        builder: DatasetBuilder::new(true),
    };
    let name = reader.builder.add_column("name");
    let description = reader.builder.add_column("description");
    let folder = reader.builder.add_column("dossier");
    let columns = [name, description, folder];
    reader.walk(document.root_element(), &mut Vec::new(), columns);
    let builder = reader.builder;
    progress.add_items(builder.rows() as u64);
    Ok(RawSource {
        builder,
        crs: Some("EPSG:4326".to_owned()),
    })
}

/// A simple shape: its dimension (0 points, 1 lines, 2 polygons) and its rings.
type Simple = (u8, Vec<Vec<[f64; 2]>>);

struct Placemarks {
    builder: DatasetBuilder,
}

fn element<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children()
        .find(|n| n.is_element() && n.tag_name().name() == name)
}

fn text_of(node: Node, name: &str) -> Option<String> {
    element(node, name)
        .map(|n| {
            n.descendants()
                .filter(Node::is_text)
                .filter_map(|d| d.text())
                .collect::<String>()
                .trim()
                .to_owned()
        })
        .filter(|t| !t.is_empty())
}

impl Placemarks {
    /// Documents and folders, depth first, each Placemark in the order of the file.
    fn walk(&mut self, node: Node, folders: &mut Vec<String>, columns: [usize; 3]) {
        for child in node.children().filter(Node::is_element) {
            match child.tag_name().name() {
                "Folder" => {
                    folders.push(text_of(child, "name").unwrap_or_default());
                    self.walk(child, folders, columns);
                    folders.pop();
                }
                "Document" => self.walk(child, folders, columns),
                // A ground overlay's image covers a box: a feature with that box as polygon.
                "Placemark" | "GroundOverlay" => self.placemark(child, folders, columns),
                _ => {}
            }
        }
    }

    fn placemark(
        &mut self,
        node: Node,
        folders: &[String],
        [name, description, folder]: [usize; 3],
    ) {
        let geometry = node.children().filter(Node::is_element).find_map(shapes);
        match geometry {
            Some(shapes) => self.push_geometry(shapes),
            None => self.builder.geometry.push_empty(),
        }
        let b = &mut self.builder;
        if let Some(text) = text_of(node, "name") {
            b.column(name).push_text(&text);
        }
        if let Some(text) = text_of(node, "description") {
            b.column(description).push_text(&text);
        }
        let path: Vec<&str> = folders
            .iter()
            .map(String::as_str)
            .filter(|f| !f.is_empty())
            .collect();
        if !path.is_empty() {
            b.column(folder).push_text(&path.join(" / "));
        }
        if let Some(extended) = element(node, "ExtendedData") {
            for data in extended.descendants().filter(Node::is_element) {
                let (key, value) = match data.tag_name().name() {
                    "Data" => (data.attribute("name"), text_of(data, "value")),
                    "SimpleData" => (
                        data.attribute("name"),
                        data.text().map(|t| t.trim().to_owned()),
                    ),
                    _ => continue,
                };
                if let (Some(key), Some(value)) = (key, value) {
                    let column = b.column_index(key);
                    b.column(column).push_inferred(&value);
                }
            }
        }
        b.end_row();
    }

    /// The shapes of one placemark as one feature: a simple geometry, or a multi-geometry of the
    /// highest dimension present (points, lines, polygons).
    fn push_geometry(&mut self, shapes: Vec<Simple>) {
        let top = shapes.iter().map(|(d, _)| *d).max().unwrap_or(0);
        let (parts, hidden): (Vec<Simple>, Vec<Simple>) =
            shapes.into_iter().partition(|(d, _)| *d == top);
        let parts: Vec<_> = parts.into_iter().map(|(_, rings)| rings).collect();
        let kind = match (top, parts.len()) {
            (0, 1) => GeomKind::Point,
            (0, _) => GeomKind::MultiPoint,
            (1, 1) => GeomKind::LineString,
            (1, _) => GeomKind::MultiLineString,
            (_, 1) => GeomKind::Polygon,
            _ => GeomKind::MultiPolygon,
        };
        let shape = super::shape_text::Shape {
            kind,
            parts,
            srid: None,
            hidden: hidden.into_iter().map(|(_, rings)| rings).collect(),
        };
        shape.push(&mut self.builder.geometry);
    }
}

/// The simple shapes of a geometry element: (dimension, rings), several for a MultiGeometry;
/// `None` for elements that are not geometries or hold no position.
fn shapes(node: Node) -> Option<Vec<Simple>> {
    let coordinates = |n: Node| {
        element(n, "coordinates")
            .and_then(|c| c.text())
            .map(positions)
    };
    let out = match node.tag_name().name() {
        "Point" => vec![(0, vec![coordinates(node)?.into_iter().take(1).collect()])],
        "LineString" => vec![(1, vec![coordinates(node)?])],
        "LinearRing" => vec![(2, vec![coordinates(node)?])],
        "Polygon" => {
            let ring = |b: Node| element(b, "LinearRing").and_then(coordinates);
            let mut rings = vec![element(node, "outerBoundaryIs").and_then(ring)?];
            rings.extend(
                node.children()
                    .filter(|n| n.is_element() && n.tag_name().name() == "innerBoundaryIs")
                    .filter_map(ring),
            );
            vec![(2, rings)]
        }
        "LatLonBox" => {
            let edge = |name| text_of(node, name).and_then(|t| t.parse::<f64>().ok());
            let (n, s, e, w) = (edge("north")?, edge("south")?, edge("east")?, edge("west")?);
            vec![(2, vec![vec![[w, s], [e, s], [e, n], [w, n], [w, s]]])]
        }
        "LatLonQuad" => {
            let mut ring = coordinates(node)?;
            ring.extend(ring.first().copied());
            vec![(2, vec![ring])]
        }
        "MultiGeometry" => node
            .children()
            .filter(Node::is_element)
            .filter_map(shapes)
            .flatten()
            .collect(),
        _ => return None,
    };
    let out: Vec<_> = out
        .into_iter()
        .filter(|(_, rings)| rings.first().is_some_and(|r| !r.is_empty()))
        .collect();
    (!out.is_empty()).then_some(out)
}

/// `lon,lat[,alt]` tuples separated by white space.
fn positions(text: &str) -> Vec<[f64; 2]> {
    text.split_whitespace()
        .filter_map(|tuple| {
            let mut numbers = tuple.split(',').map(|n| n.trim().parse::<f64>().ok());
            let (lon, lat) = (numbers.next()??, numbers.next()??);
            (lon.is_finite() && lat.is_finite()).then_some([lon, lat])
        })
        .collect()
}
