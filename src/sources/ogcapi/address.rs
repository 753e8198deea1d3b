//! OGC API Features addresses: a landing page, or a collection (`…/collections/{id}`, with or
//! without `/items` and a query), split into the landing page and the collection id.

use url::Url;

use crate::sources::service::ServiceError;

/// A collection of an OGC API Features service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CollectionRef {
    /// The landing page, without a trailing slash or query.
    pub landing: Url,
    /// The collection id.
    pub collection: String,
}

/// Parses a landing page address (`http` or `https`), dropping the query and trailing slash.
pub fn parse_landing(text: &str) -> Result<Url, ServiceError> {
    let mut url = http_url(text)?;
    url.set_query(None);
    url.set_fragment(None);
    let path = url.path().trim_end_matches('/').to_string();
    url.set_path(&path);
    Ok(url)
}

/// Parses the address of a collection; `None` when the path has no `/collections/{id}`.
pub fn parse_collection(text: &str) -> Option<CollectionRef> {
    let url = http_url(text).ok()?;
    let segments: Vec<&str> = url.path_segments()?.collect();
    let at = segments.iter().rposition(|s| *s == "collections")?;
    let id = segments.get(at + 1).filter(|s| !s.is_empty())?;
    let rest = &segments[at + 2..];
    if !(rest.is_empty() || rest == [""] || rest[0] == "items") {
        return None;
    }
    let collection = percent_decode(id);
    let mut landing = url.clone();
    landing.set_query(None);
    landing.set_fragment(None);
    landing.set_path(&segments[..at].join("/"));
    let path = landing.path().trim_end_matches('/').to_string();
    landing.set_path(&path);
    Some(CollectionRef {
        landing,
        collection,
    })
}

fn http_url(text: &str) -> Result<Url, ServiceError> {
    let url = Url::parse(text.trim()).map_err(|_| ServiceError::BadAddress(text.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(ServiceError::BadAddress(text.to_string()));
    }
    Ok(url)
}

fn percent_decode(text: &str) -> String {
    url::form_urlencoded::parse(format!("x={text}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| text.to_string())
}

/// `landing` followed by the path segments `parts` (each percent-encoded).
pub fn join(landing: &Url, parts: &[&str]) -> Url {
    let mut url = landing.clone();
    if let Ok(mut segments) = url.path_segments_mut() {
        segments.pop_if_empty().extend(parts);
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collection_addresses_give_their_landing_page() {
        let c = parse_collection("https://sig.example.org/ogc/v1/collections/bati/items?limit=5")
            .expect("collection");
        assert_eq!(c.landing.as_str(), "https://sig.example.org/ogc/v1");
        assert_eq!(c.collection, "bati");
        let c = parse_collection("http://127.0.0.1:5000/collections/ns%3Abati/").expect("c");
        assert_eq!(c.collection, "ns:bati");
        assert_eq!(c.landing.as_str(), "http://127.0.0.1:5000/");
        assert!(parse_collection("https://h/collections").is_none());
        assert!(parse_collection("https://h/collections/a/queryables").is_none());
        assert!(parse_collection("ftp://h/collections/a").is_none());
        assert_eq!(
            join(&c.landing, &["collections", "a b"]).as_str(),
            "http://127.0.0.1:5000/collections/a%20b"
        );
    }
}
