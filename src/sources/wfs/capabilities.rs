//! Reads a WFS `GetCapabilities` (2.0 or 1.1): the version the server speaks, its feature types
//! (name, title, default and other CRS, output formats, WGS 84 box) and the formats of
//! `GetFeature`; an `ExceptionReport` becomes a typed error.

use roxmltree::{Document, Node};

use super::address::WfsVersion;
use crate::sources::service::{AnswerKind, ServiceError};

/// A feature type as the capabilities list it.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct FeatureType {
    /// Its name, with its namespace prefix when the server gives one (`ms:bati`).
    pub name: String,
    /// Its title (the name when it has none).
    pub title: String,
    /// Its default CRS as written (`urn:ogc:def:crs:EPSG::2154`, `EPSG:2154`).
    pub default_crs: String,
    /// The other CRS it can be served in.
    pub other_crs: Vec<String>,
    /// The output formats of `GetFeature` for it (its own list, else the service's).
    pub formats: Vec<String>,
    /// Its extent in WGS 84, `[min_lon, min_lat, max_lon, max_lat]`, when given.
    pub extent: Option<[f64; 4]>,
}

impl FeatureType {
    /// True when `name` designates this type, with or without the namespace prefix.
    pub fn is_named(&self, name: &str) -> bool {
        let local = |n: &str| n.rsplit(':').next().unwrap_or(n).to_string();
        self.name == name
            || (!name.contains(':') || !self.name.contains(':')) && local(&self.name) == local(name)
    }

    /// True when EPSG:4326 is among the CRS it is served in.
    pub fn offers_wgs84(&self) -> bool {
        std::iter::once(&self.default_crs)
            .chain(&self.other_crs)
            .any(|c| crate::sources::crs::normalize(c) == "EPSG:4326")
    }
}

/// What a service's capabilities say.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Capabilities {
    /// The version the answer is in.
    pub version: WfsVersion,
    /// The service's title.
    pub title: String,
    /// Its feature types.
    pub types: Vec<FeatureType>,
}

/// Parses an XML answer, an `ExceptionReport` becoming [`ServiceError::Exception`].
pub fn parse_xml(text: &str) -> Result<Document<'_>, ServiceError> {
    let document = Document::parse(text).map_err(|e| {
        log::info!("WFS: not XML: {e}");
        ServiceError::BadAnswer(AnswerKind::of_body(text.as_bytes(), AnswerKind::NotXml))
    })?;
    let root = document.root_element();
    if root.tag_name().name().eq_ignore_ascii_case("html") {
        return Err(ServiceError::BadAnswer(AnswerKind::Html));
    }
    if root.tag_name().name().ends_with("ExceptionReport") {
        return Err(exception(root));
    }
    Ok(document)
}

fn exception(root: Node) -> ServiceError {
    let first = root
        .descendants()
        .find(|n| matches!(n.tag_name().name(), "Exception" | "ServiceException"));
    let code = first
        .and_then(|n| n.attribute("exceptionCode").or_else(|| n.attribute("code")))
        .unwrap_or("NoApplicableCode");
    let locator = first.and_then(|n| n.attribute("locator")).unwrap_or("");
    let text: String = first
        .map(|n| {
            n.descendants()
                .filter_map(|d| d.text())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default();
    log::warn!("WFS exception {code} ({locator}): {}", text.trim());
    ServiceError::Exception {
        code: code.to_string(),
        locator: locator.to_string(),
    }
}

fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children()
        .find(|n| n.is_element() && n.tag_name().name() == name)
}

fn text_of(node: Option<Node>) -> String {
    node.and_then(|n| n.text()).unwrap_or("").trim().to_string()
}

/// Parses the capabilities document `text`.
pub fn parse_capabilities(text: &str) -> Result<Capabilities, ServiceError> {
    let document = parse_xml(text)?;
    let root = document.root_element();
    if root.tag_name().name() != "WFS_Capabilities" {
        return Err(ServiceError::BadAnswer(AnswerKind::Unexpected));
    }
    let version = root
        .attribute("version")
        .and_then(WfsVersion::parse)
        .ok_or(ServiceError::BadAnswer(AnswerKind::Unexpected))?;
    let title = root
        .descendants()
        .find(|n| {
            n.tag_name().name() == "ServiceIdentification" || n.tag_name().name() == "Service"
        })
        .map(|n| text_of(child(n, "Title")))
        .unwrap_or_default();
    let service_formats = getfeature_formats(root);
    let types = root
        .descendants()
        .filter(|n| n.tag_name().name() == "FeatureType")
        .filter_map(|n| feature_type(n, &service_formats))
        .collect();
    Ok(Capabilities {
        version,
        title,
        types,
    })
}

/// The `outputFormat` values of the `GetFeature` operation.
fn getfeature_formats(root: Node) -> Vec<String> {
    let Some(operation) = root
        .descendants()
        .find(|n| n.tag_name().name() == "Operation" && n.attribute("name") == Some("GetFeature"))
    else {
        return Vec::new();
    };
    operation
        .descendants()
        .filter(|n| {
            n.tag_name().name() == "Parameter"
                && n.attribute("name")
                    .is_some_and(|a| a.eq_ignore_ascii_case("outputFormat"))
        })
        .flat_map(|p| p.descendants().filter(|v| v.tag_name().name() == "Value"))
        .map(|v| text_of(Some(v)))
        .collect()
}

fn feature_type(node: Node, service_formats: &[String]) -> Option<FeatureType> {
    let name = text_of(child(node, "Name"));
    if name.is_empty() {
        return None;
    }
    let title = Some(text_of(child(node, "Title")))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| name.clone());
    let default_crs = text_of(child(node, "DefaultCRS").or_else(|| child(node, "DefaultSRS")));
    let other_crs = node
        .children()
        .filter(|n| matches!(n.tag_name().name(), "OtherCRS" | "OtherSRS"))
        .map(|n| text_of(Some(n)))
        .collect();
    let own: Vec<String> = child(node, "OutputFormats")
        .map(|f| {
            f.children()
                .filter(|n| n.is_element())
                .map(|n| text_of(Some(n)))
                .collect()
        })
        .unwrap_or_default();
    let extent = child(node, "WGS84BoundingBox").and_then(|b| {
        let corner = |name: &str| -> Option<Vec<f64>> {
            let text = text_of(child(b, name));
            let numbers: Vec<f64> = text
                .split_whitespace()
                .filter_map(|v| v.parse().ok())
                .collect();
            (numbers.len() == 2).then_some(numbers)
        };
        let (low, high) = (corner("LowerCorner")?, corner("UpperCorner")?);
        Some([low[0], low[1], high[0], high[1]])
    });
    Some(FeatureType {
        name,
        title,
        default_crs,
        other_crs,
        formats: if own.is_empty() {
            service_formats.to_vec()
        } else {
            own
        },
        extent,
    })
}

/// The output format to ask for: GeoJSON when offered, else GML 3.2, else GML 3.1.
pub fn pick_format(formats: &[String]) -> Option<(&str, bool)> {
    let find = |test: &dyn Fn(&str) -> bool| {
        formats
            .iter()
            .find(|f| test(&f.to_ascii_lowercase()))
            .map(String::as_str)
    };
    if let Some(json) = find(&|f| f.contains("geojson") || f == "application/json") {
        return Some((json, true));
    }
    find(&|f| f.contains("gml/3.2") || f.contains("version=3.2"))
        .or_else(|| find(&|f| f.contains("gml/3.1") || f.contains("gml3")))
        .map(|f| (f, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_prefer_geojson_then_gml_32() {
        let list = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            pick_format(&list(&[
                "text/xml; subtype=gml/3.2.1",
                "application/json; subtype=geojson"
            ])),
            Some(("application/json; subtype=geojson", true))
        );
        assert_eq!(
            pick_format(&list(&[
                "text/xml; subtype=gml/3.1.1",
                "application/gml+xml; version=3.2"
            ])),
            Some(("application/gml+xml; version=3.2", false))
        );
        assert_eq!(pick_format(&list(&["SHAPE-ZIP"])), None);
    }

    #[test]
    fn exception_reports_give_code_and_locator() {
        let xml = r#"<?xml version="1.0"?><ows:ExceptionReport xmlns:ows="http://www.opengis.net/ows/1.1" version="2.0.0"><ows:Exception exceptionCode="InvalidParameterValue" locator="typename"><ows:ExceptionText>no</ows:ExceptionText></ows:Exception></ows:ExceptionReport>"#;
        match parse_capabilities(xml) {
            Err(ServiceError::Exception { code, locator }) => {
                assert_eq!(
                    (code.as_str(), locator.as_str()),
                    ("InvalidParameterValue", "typename")
                );
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            parse_capabilities("<html><body>proxy</body></html>"),
            Err(ServiceError::BadAnswer(AnswerKind::Html))
        ));
        assert!(matches!(
            parse_capabilities("{}"),
            Err(ServiceError::BadAnswer(AnswerKind::NotXml))
        ));
    }
}
