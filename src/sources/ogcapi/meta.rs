//! Reads what an OGC API Features service says about itself: its title, its conformance classes
//! (does it filter in CQL2?), its collections (title, extent, CRS list), its error documents.

use serde::Deserialize;

use crate::sources::service::{AnswerKind, Fetched, ServiceError, http::status_error};

/// A collection as the service lists it.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct CollectionMeta {
    /// Its id (what addresses use).
    pub id: String,
    /// Its title (the id when it has none).
    pub title: String,
    /// Its description, possibly empty.
    pub description: String,
    /// Its spatial extent, `[min_lon, min_lat, max_lon, max_lat]`, when given.
    pub extent: Option<[f64; 4]>,
    /// The CRS it can be served in (URIs); empty means CRS84 only.
    pub crs: Vec<String>,
}

/// The conformance classes that mean CQL2-text filters are understood.
const FILTER_CLASSES: [&str; 2] = [
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
];

/// The conformance class of CQL2's `LIKE`, `BETWEEN` and `IN`.
const ADVANCED_CLASS: &str =
    "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators";

/// The conformance class of part 3's queryables (the properties a filter may name).
const QUERYABLES_CLASS: &str = "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables";

/// True when `classes` include part 3's queryables: the service knows filtering, though it may
/// not declare that it filters (pygeoapi).
pub fn queryables(classes: &[String]) -> bool {
    classes
        .iter()
        .any(|c| c.trim_end_matches('/') == QUERYABLES_CLASS)
}

/// True when `classes` include CQL2's advanced comparison operators (`LIKE`).
pub fn advanced_comparisons(classes: &[String]) -> bool {
    classes
        .iter()
        .any(|c| c.trim_end_matches('/') == ADVANCED_CLASS)
}

/// True when `classes` include filtering with CQL2-text (OGC API Features part 3).
pub fn filters_in_cql2(classes: &[String]) -> bool {
    FILTER_CLASSES
        .iter()
        .all(|wanted| classes.iter().any(|c| c.trim_end_matches('/') == *wanted))
}

#[derive(Deserialize)]
struct Conformance {
    #[serde(rename = "conformsTo", default)]
    conforms_to: Vec<String>,
}

#[derive(Deserialize)]
struct Collections {
    collections: Vec<RawCollection>,
}

#[derive(Deserialize)]
struct RawCollection {
    id: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    extent: Option<Extent>,
    #[serde(default)]
    crs: Vec<String>,
}

#[derive(Deserialize)]
struct Extent {
    #[serde(default)]
    spatial: Option<Spatial>,
}

#[derive(Deserialize)]
struct Spatial {
    #[serde(default)]
    bbox: Vec<Vec<f64>>,
}

impl From<RawCollection> for CollectionMeta {
    fn from(raw: RawCollection) -> Self {
        let extent = raw
            .extent
            .and_then(|e| e.spatial)
            .and_then(|s| s.bbox.into_iter().next())
            .and_then(|b| match b.as_slice() {
                [a, b, c, d] => Some([*a, *b, *c, *d]),
                [a, b, _, c, d, _] => Some([*a, *b, *c, *d]),
                _ => None,
            });
        Self {
            title: raw
                .title
                .filter(|t| !t.trim().is_empty())
                .unwrap_or_else(|| raw.id.clone()),
            description: raw.description.unwrap_or_default(),
            id: raw.id,
            extent,
            crs: raw.crs,
        }
    }
}

/// Parses `/conformance`.
pub fn parse_conformance(body: &[u8]) -> Result<Vec<String>, ServiceError> {
    json::<Conformance>(body).map(|c| c.conforms_to)
}

/// Parses `/collections`.
pub fn parse_collections(body: &[u8]) -> Result<Vec<CollectionMeta>, ServiceError> {
    json::<Collections>(body).map(|c| c.collections.into_iter().map(Into::into).collect())
}

/// Parses `/collections/{id}`.
pub fn parse_collection(body: &[u8]) -> Result<CollectionMeta, ServiceError> {
    json::<RawCollection>(body).map(Into::into)
}

fn json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, ServiceError> {
    serde_json::from_slice(body).map_err(|e| {
        log::info!("OGC API: unexpected answer: {e}");
        match serde_json::from_slice::<serde_json::Value>(body) {
            Ok(_) => ServiceError::BadAnswer(AnswerKind::Unexpected),
            Err(_) => ServiceError::BadAnswer(AnswerKind::of_body(body, AnswerKind::NotJson)),
        }
    })
}

/// Turns an answer that is not a success into its error: the exception document's code when
/// there is one (its description goes to the log), else the status; `name` is what was asked.
pub fn check(fetched: Fetched, name: &str) -> Result<Fetched, ServiceError> {
    if (200..300).contains(&fetched.status) {
        if fetched.content_type.contains("text/html") {
            return Err(ServiceError::BadAnswer(AnswerKind::Html));
        }
        return Ok(fetched);
    }
    if let Ok(doc) = serde_json::from_slice::<serde_json::Value>(&fetched.body) {
        let field = |k: &str| doc.get(k).and_then(|v| v.as_str()).map(str::to_string);
        let text = field("description")
            .or_else(|| field("detail"))
            .unwrap_or_default();
        if let Some(code) = field("code").or_else(|| field("title")) {
            log::warn!(
                "OGC API refused {name} ({}): {code}: {text}",
                fetched.status
            );
            if fetched.status == 404 {
                return Err(status_error(404, name));
            }
            return Err(ServiceError::ApiError {
                status: fetched.status,
                code,
            });
        }
    }
    Err(status_error(fetched.status, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collections_keep_title_extent_and_crs() {
        let body = r#"{"collections":[{"id":"bati","title":"Bâti","extent":{"spatial":{"bbox":[[-1,47,0,48]]}},"crs":["http://www.opengis.net/def/crs/OGC/1.3/CRS84","http://www.opengis.net/def/crs/EPSG/0/2154"]},{"id":"x"}]}"#.as_bytes();
        let list = parse_collections(body).expect("collections");
        assert_eq!(list[0].title, "Bâti");
        assert_eq!(list[0].extent, Some([-1.0, 47.0, 0.0, 48.0]));
        assert_eq!(list[0].crs.len(), 2);
        assert_eq!(list[1].title, "x");
        assert!(matches!(
            parse_collections(b"<html><body>login</body></html>"),
            Err(ServiceError::BadAnswer(AnswerKind::Html))
        ));
        assert!(matches!(
            parse_collections(b"{\"items\": []}"),
            Err(ServiceError::BadAnswer(AnswerKind::Unexpected))
        ));
    }

    #[test]
    fn error_documents_give_their_code() {
        let fetched = Fetched {
            status: 400,
            content_type: "application/json".into(),
            body: br#"{"code":"InvalidParameterValue","description":"Bad CQL text"}"#.to_vec(),
        };
        match check(fetched, "bati") {
            Err(ServiceError::ApiError { status, code }) => {
                assert_eq!((status, code.as_str()), (400, "InvalidParameterValue"));
            }
            other => panic!("{other:?}"),
        }
        assert!(filters_in_cql2(&[
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter".into(),
            "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text".into(),
        ]));
        assert!(!filters_in_cql2(&[]));
    }
}
