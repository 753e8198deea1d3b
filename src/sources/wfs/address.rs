//! WFS addresses: a service URL whose query says `SERVICE=WFS`, with optional `VERSION` and
//! `TYPENAMES` (or `TYPENAME`); the other parameters (a map file, a key) are kept on the endpoint.

use url::Url;

use crate::sources::service::ServiceError;

/// A WFS version this client speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum WfsVersion {
    /// WFS 2.0.0 (FES 2.0, GML 3.2, EPSG:4326 latitude first in its URN form).
    V2_0,
    /// WFS 1.1.0 (Filter 1.1, GML 3.1).
    V1_1,
}

impl WfsVersion {
    /// The `VERSION` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::V2_0 => "2.0.0",
            Self::V1_1 => "1.1.0",
        }
    }

    /// The version named by `text` (`2.0.0`, `2.0`, `1.1.0`, `1.1`).
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim() {
            t if t.starts_with("2.") => Some(Self::V2_0),
            t if t.starts_with("1.1") => Some(Self::V1_1),
            _ => None,
        }
    }
}

/// A WFS service and, when named, one of its feature types.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WfsRef {
    /// The endpoint without the WFS request parameters.
    pub endpoint: Url,
    /// The version asked for, when the address says.
    pub version: Option<WfsVersion>,
    /// The feature type, when the address names one.
    pub type_name: Option<String>,
}

/// Parameters that belong to one request, not to the endpoint.
const REQUEST_KEYS: [&str; 12] = [
    "service",
    "version",
    "request",
    "typenames",
    "typename",
    "outputformat",
    "count",
    "maxfeatures",
    "startindex",
    "srsname",
    "resulttype",
    "acceptversions",
];

/// Parses a WFS address; `None` when it is not an http(s) URL with `SERVICE=WFS`.
pub fn parse_wfs(text: &str) -> Option<WfsRef> {
    let url = Url::parse(text.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return None;
    }
    let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    let get = |key: &str| {
        pairs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.clone())
    };
    if !get("service")?.eq_ignore_ascii_case("wfs") {
        return None;
    }
    let mut endpoint = url.clone();
    endpoint.set_fragment(None);
    let kept: Vec<&(String, String)> = pairs
        .iter()
        .filter(|(k, _)| !REQUEST_KEYS.iter().any(|r| k.eq_ignore_ascii_case(r)))
        .collect();
    if kept.is_empty() {
        endpoint.set_query(None);
    } else {
        endpoint
            .query_pairs_mut()
            .clear()
            .extend_pairs(kept.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    }
    Some(WfsRef {
        endpoint,
        version: get("version").as_deref().and_then(WfsVersion::parse),
        type_name: get("typenames")
            .or_else(|| get("typename"))
            .map(|t| t.split(',').next().unwrap_or_default().trim().to_string())
            .filter(|t| !t.is_empty()),
    })
}

/// Parses a WFS endpoint typed by hand (with or without `SERVICE=WFS`).
pub fn parse_endpoint(text: &str) -> Result<WfsRef, ServiceError> {
    if let Some(found) = parse_wfs(text) {
        return Ok(found);
    }
    let mut url =
        Url::parse(text.trim()).map_err(|_| ServiceError::BadAddress(text.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(ServiceError::BadAddress(text.to_string()));
    }
    url.set_fragment(None);
    Ok(WfsRef {
        endpoint: url,
        version: None,
        type_name: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wfs_addresses_keep_their_own_parameters() {
        let r = parse_wfs("https://sig.example.org/ows?map=/srv/a.map&service=WFS&TYPENAMES=ns:bati,ns:x&version=1.1.0")
            .expect("wfs");
        assert_eq!(
            r.endpoint.as_str(),
            "https://sig.example.org/ows?map=%2Fsrv%2Fa.map"
        );
        assert_eq!(r.type_name.as_deref(), Some("ns:bati"));
        assert_eq!(r.version, Some(WfsVersion::V1_1));
        let r =
            parse_wfs("http://127.0.0.1:8080/wfs?SERVICE=wfs&REQUEST=GetCapabilities").expect("w");
        assert_eq!(r.endpoint.as_str(), "http://127.0.0.1:8080/wfs");
        assert_eq!((r.type_name, r.version), (None, None));
        assert!(parse_wfs("https://h/collections/a").is_none());
        assert!(parse_wfs("https://h/ows?SERVICE=WMS").is_none());
        assert!(parse_endpoint("https://h/ows").is_ok());
        assert!(parse_endpoint("file:///tmp/x").is_err());
    }
}
