//! GML reader (2, 3.1 and 3.2, as WFS servers and GDAL write them): each feature type a layer,
//! simple properties as fields (`gml_id` too), points, lines, polygons and their multi forms,
//! the CRS from `srsName` (URN and URL forms of EPSG:4326 are latitude first).

use std::path::Path;

use roxmltree::{Document, Node};

use super::shape_text::{Parts, Shape};
use super::{RawSource, SourceError, SourceLayer};
use crate::data::{DatasetBuilder, GeomKind};
use crate::jobs::Progress;

fn document_text(path: &Path) -> Result<String, SourceError> {
    let bytes = std::fs::read(path).map_err(|e| SourceError::io(path, e))?;
    Ok(String::from_utf8_lossy(&bytes)
        .trim_start_matches('\u{feff}')
        .to_owned())
}

fn parse(text: &str) -> Result<Document<'_>, SourceError> {
    Document::parse(text).map_err(|e| {
        log::info!("GML: {e}");
        SourceError::format("err-xml", &[("line", &e.pos().row.to_string())])
    })
}

fn elements<'a, 'i>(node: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children().filter(Node::is_element)
}

fn named<'a, 'i>(node: Node<'a, 'i>, name: &'a str) -> impl Iterator<Item = Node<'a, 'i>> {
    elements(node).filter(move |n| n.tag_name().name() == name)
}

/// The features of the document, in order: the children of `featureMember`, `featureMembers`
/// and `member` elements.
fn features<'a, 'i>(root: Node<'a, 'i>) -> Vec<Node<'a, 'i>> {
    elements(root)
        .filter(|n| {
            matches!(
                n.tag_name().name(),
                "featureMember" | "featureMembers" | "member"
            )
        })
        .flat_map(elements)
        .collect()
}

/// The feature types, in the order they first appear, with their counts.
pub fn gml_layers(path: &Path) -> Result<Vec<SourceLayer>, SourceError> {
    let text = document_text(path)?;
    let document = parse(&text)?;
    Ok(layers_of(&document))
}

fn layers_of(document: &Document) -> Vec<SourceLayer> {
    let mut layers: Vec<SourceLayer> = Vec::new();
    for feature in features(document.root_element()) {
        let name = feature.tag_name().name();
        match layers.iter_mut().find(|l| l.name == name) {
            Some(layer) => layer.count += 1,
            None => layers.push(SourceLayer {
                name: name.to_owned(),
                count: 1,
            }),
        }
    }
    layers
}

/// Reads one feature type of the GML file at `path` (the first when `layer` is `None`).
pub fn read_gml(
    path: &Path,
    layer: Option<&str>,
    progress: &Progress,
) -> Result<RawSource, SourceError> {
    read_gml_text(&document_text(path)?, layer, progress)
}

/// Reads one feature type of a GML document held in memory (a WFS answer), as [`read_gml`].
pub fn read_gml_text(
    text: &str,
    layer: Option<&str>,
    progress: &Progress,
) -> Result<RawSource, SourceError> {
    let document = parse(text)?;
    let all = features(document.root_element());
    let wanted = match layer {
        Some(name) => name.to_owned(),
        None => match all.first() {
            Some(first) => first.tag_name().name().to_owned(),
            None => return Err(SourceError::format("err-gml-empty", &[])),
        },
    };
    let mut builder = DatasetBuilder::new(true);
    let mut crs: Option<Crs> = None;
    let mut found = false;
    for feature in all.iter().filter(|f| f.tag_name().name() == wanted) {
        found = true;
        read_feature(*feature, &mut builder, &mut crs);
    }
    if !found {
        let names: Vec<String> = layers_of(&document).into_iter().map(|l| l.name).collect();
        return Err(SourceError::format(
            "err-layer-missing",
            &[("layer", &wanted), ("layers", &names.join(", "))],
        ));
    }
    if crs.as_ref().is_some_and(|c| c.lat_first) {
        for xy in builder.geometry.coords_mut() {
            xy.swap(0, 1);
        }
    }
    progress.add_items(builder.rows() as u64);
    Ok(RawSource {
        builder,
        crs: crs.map(|c| c.code),
    })
}

/// The CRS named by `srsName`, and whether its positions come latitude first.
struct Crs {
    code: String,
    lat_first: bool,
}

fn crs_of(name: &str) -> Option<Crs> {
    let code = name.rsplit([':', '/', '#']).find(|s| !s.is_empty())?;
    code.chars().all(|c| c.is_ascii_digit()).then_some(())?;
    // The URN and URL forms follow the EPSG axis order: latitude first for geographic systems.
    let long_form = name.starts_with("urn:") || name.starts_with("http");
    Some(Crs {
        lat_first: long_form && matches!(code, "4326" | "4171" | "4258"),
        code: format!("EPSG:{code}"),
    })
}

/// One feature: `gml_id`, its simple properties, its first geometry.
fn read_feature(feature: Node, builder: &mut DatasetBuilder, crs: &mut Option<Crs>) {
    if let Some(id) = feature
        .attributes()
        .find(|a| a.name() == "id")
        .map(|a| a.value().to_owned())
    {
        let column = builder.column_index("gml_id");
        builder.column(column).push_text(&id);
    }
    let mut placed = false;
    for property in elements(feature) {
        let name = property.tag_name().name();
        if name == "boundedBy" {
            continue;
        }
        match elements(property).next() {
            Some(geometry) if !placed => {
                if crs.is_none() {
                    *crs = geometry.attribute("srsName").and_then(crs_of);
                }
                let dims = geometry
                    .descendants()
                    .find_map(|n| n.attribute("srsDimension"))
                    .and_then(|d| d.parse().ok())
                    .unwrap_or(2);
                match shape(geometry, dims) {
                    Some(shape) => shape.push(&mut builder.geometry),
                    None => builder.geometry.push_empty(),
                }
                placed = true;
            }
            Some(_) => {}
            None => {
                let text = property.text().unwrap_or("").trim();
                if !text.is_empty() {
                    let column = builder.column_index(name);
                    builder.column(column).push_inferred(text);
                }
            }
        }
    }
    if !placed {
        builder.geometry.push_empty();
    }
    builder.end_row();
}

/// Positions of an element: `pos` children, a `posList`, or GML 2 `coordinates` ("x,y x,y").
fn positions(node: Node, dims: usize) -> Vec<[f64; 2]> {
    if let Some(list) = named(node, "posList").next() {
        let numbers: Vec<f64> = list
            .text()
            .unwrap_or("")
            .split_whitespace()
            .filter_map(|n| n.parse().ok())
            .collect();
        let dims = list
            .attribute("srsDimension")
            .and_then(|d| d.parse().ok())
            .unwrap_or(dims)
            .max(2);
        return numbers.chunks_exact(dims).map(|c| [c[0], c[1]]).collect();
    }
    if let Some(coordinates) = named(node, "coordinates").next() {
        return coordinates
            .text()
            .unwrap_or("")
            .split_whitespace()
            .filter_map(|tuple| {
                let mut n = tuple.split(',').map(|v| v.parse::<f64>().ok());
                Some([n.next()??, n.next()??])
            })
            .collect();
    }
    named(node, "pos")
        .filter_map(|p| {
            let mut n = p.text()?.split_whitespace().map(|v| v.parse::<f64>().ok());
            Some([n.next()??, n.next()??])
        })
        .collect()
}

/// The rings of a polygon: exterior (GML 3) or outer boundary (GML 2) first.
fn rings(polygon: Node, dims: usize) -> Option<Vec<Vec<[f64; 2]>>> {
    let ring = |boundary: Node| elements(boundary).next().map(|r| positions(r, dims));
    let outer = named(polygon, "exterior")
        .chain(named(polygon, "outerBoundaryIs"))
        .next()?;
    let mut out = vec![ring(outer)?];
    out.extend(
        named(polygon, "interior")
            .chain(named(polygon, "innerBoundaryIs"))
            .filter_map(ring),
    );
    Some(out)
}

/// Members of a multi-geometry: each `…Member` holds one, each `…Members` several.
fn members<'a, 'i>(node: Node<'a, 'i>) -> Vec<Node<'a, 'i>> {
    elements(node)
        .filter(|m| {
            m.tag_name().name().ends_with("Member") || m.tag_name().name().ends_with("Members")
        })
        .flat_map(elements)
        .collect()
}

fn shape(node: Node, dims: usize) -> Option<Shape> {
    let (kind, parts): (GeomKind, Parts) = match node.tag_name().name() {
        "Point" => (
            GeomKind::Point,
            vec![vec![positions(node, dims).into_iter().take(1).collect()]],
        ),
        "LineString" => (GeomKind::LineString, vec![vec![positions(node, dims)]]),
        "Polygon" => (GeomKind::Polygon, vec![rings(node, dims)?]),
        "MultiPoint" => (
            GeomKind::MultiPoint,
            members(node)
                .into_iter()
                .map(|p| vec![positions(p, dims).into_iter().take(1).collect()])
                .collect(),
        ),
        "MultiLineString" | "MultiCurve" => (
            GeomKind::MultiLineString,
            members(node)
                .into_iter()
                .map(|l| vec![positions(l, dims)])
                .collect(),
        ),
        "MultiPolygon" | "MultiSurface" => (
            GeomKind::MultiPolygon,
            members(node)
                .into_iter()
                .filter_map(|p| rings(p, dims))
                .collect(),
        ),
        _ => return None,
    };
    let valid = !parts.is_empty() && parts.iter().all(|p| p.iter().all(|r| !r.is_empty()));
    valid.then_some(Shape {
        kind,
        parts,
        srid: None,
        hidden: Vec::new(),
    })
}
