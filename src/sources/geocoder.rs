//! The national address service (BAN / Géoplateforme geocoder, `…/geocodage/search`): a client
//! with a configurable base URL that turns typed text into address suggestions.

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::blocking::Client;

use super::fault::NetFault;
use crate::i18n::{tr, tr_args};

/// The service used when the settings name none.
pub const DEFAULT_GEOCODER: &str = "https://data.geopf.fr/geocodage";

/// Time allowed for an answer: suggestions are only useful while the user types.
const TIMEOUT: Duration = Duration::from_secs(6);

/// One address proposed for the typed text.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    /// The full address as written by the service ("1 Rue Lenepveu 49100 Angers").
    pub label: String,
    /// Second line: municipality, or what the suggestion is (street, locality).
    pub context: String,
    /// Position, WGS84.
    pub lon_lat: [f64; 2],
    /// Relevance from 0 to 1 (1 for local matches on every word).
    pub score: f64,
}

/// Why the service gave no suggestion; the words are made when shown.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum GeocodeError {
    /// The base URL (as typed in the settings) is not an http(s) address.
    #[error("{}", tr_args("geocoder-bad-url", &[("url", .0)]))]
    BadAddress(String),
    /// No answer (offline, timeout, refused).
    #[error("{}", tr_args("geocoder-unreachable", &[("reason", &.0.text())]))]
    Unreachable(NetFault),
    /// Too many requests: the service asks to wait this many seconds.
    #[error("{}", tr_args("geocoder-busy", &[("seconds", &.0.to_string())]))]
    Busy(u64),
    /// An error status.
    #[error("{}", tr_args("geocoder-status", &[("status", &.0.to_string())]))]
    Status(u16),
    /// An answer that is not the expected GeoJSON (a web page, another format).
    #[error("{}", tr(if *.0 { "geocoder-html" } else { "geocoder-bad-answer" }))]
    BadAnswer(bool),
}

/// A client for one geocoding service.
#[derive(Clone, Debug)]
pub struct Geocoder {
    base: url::Url,
    http: Client,
}

/// Whether `text` can be the base URL of an address service (an http or https URL), checked
/// without building a client, so the settings window can ask on every frame.
pub fn is_service_url(text: &str) -> bool {
    service_base(text).is_some()
}

/// The base URL of an address service, ending with `/` so that paths join below it.
fn service_base(text: &str) -> Option<url::Url> {
    let mut base = url::Url::parse(text.trim()).ok()?;
    if !matches!(base.scheme(), "http" | "https") {
        return None;
    }
    if !base.path().ends_with('/') {
        let path = format!("{}/", base.path());
        base.set_path(&path);
    }
    Some(base)
}

impl Geocoder {
    /// A client for the service at `base` (`https://data.geopf.fr/geocodage`).
    pub fn new(base: &str) -> Result<Self, GeocodeError> {
        let base = service_base(base).ok_or_else(|| GeocodeError::BadAddress(base.to_owned()))?;
        let http = Client::builder()
            .user_agent(super::portal::http::USER_AGENT)
            .connect_timeout(TIMEOUT)
            .timeout(TIMEOUT)
            .build()
            .map_err(|e| GeocodeError::Unreachable(NetFault::of(&e)))?;
        Ok(Self { base, http })
    }

    /// Addresses for `text`, best first; `near` (`[lon, lat]`) favours the ones around it.
    pub fn search(
        &self,
        text: &str,
        limit: usize,
        near: Option<[f64; 2]>,
    ) -> Result<Vec<Suggestion>, GeocodeError> {
        let mut url = self
            .base
            .join("search")
            .map_err(|_| GeocodeError::BadAddress(self.base.to_string()))?;
        {
            let mut query = url.query_pairs_mut();
            query.append_pair("q", text.trim());
            query.append_pair("limit", &limit.clamp(1, 20).to_string());
            query.append_pair("autocomplete", "1");
            if let Some([lon, lat]) = near {
                query.append_pair("lon", &format!("{lon:.5}"));
                query.append_pair("lat", &format!("{lat:.5}"));
            }
        }
        let response = self
            .http
            .get(url)
            .send()
            .map_err(|e| GeocodeError::Unreachable(NetFault::of(&e)))?;
        match response.status() {
            StatusCode::OK => {}
            StatusCode::TOO_MANY_REQUESTS => {
                let wait = response
                    .headers()
                    .get(reqwest::header::RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse().ok())
                    .unwrap_or(1);
                return Err(GeocodeError::Busy(wait));
            }
            status => return Err(GeocodeError::Status(status.as_u16())),
        }
        let body = response
            .text()
            .map_err(|e| GeocodeError::Unreachable(NetFault::of(&e)))?;
        parse_suggestions(&body)
    }
}

/// Reads the service's GeoJSON FeatureCollection (properties `label`, `score`, `city`, `type`).
pub fn parse_suggestions(body: &str) -> Result<Vec<Suggestion>, GeocodeError> {
    let bad = || GeocodeError::BadAnswer(false);
    let json: serde_json::Value = serde_json::from_str(body).map_err(|e| {
        log::debug!("address service: not JSON: {e}");
        GeocodeError::BadAnswer(super::portal::error::looks_like_html(body.as_bytes()))
    })?;
    let features = json
        .get("features")
        .and_then(|f| f.as_array())
        .ok_or_else(bad)?;
    Ok(features
        .iter()
        .filter_map(|f| {
            let coords = f.pointer("/geometry/coordinates")?.as_array()?;
            let lon = coords.first()?.as_f64()?;
            let lat = coords.get(1)?.as_f64()?;
            if !(lon.is_finite() && lat.is_finite()) {
                return None;
            }
            let props = f.get("properties")?;
            let text = |k: &str| props.get(k).and_then(|v| v.as_str()).unwrap_or("");
            let label = text("label").trim().to_owned();
            if label.is_empty() {
                return None;
            }
            let kind = match text("type") {
                "street" => tr("geocoder-kind-street"),
                "locality" => tr("geocoder-kind-locality"),
                "municipality" => tr("geocoder-kind-municipality"),
                _ => String::new(),
            };
            let context = [text("postcode"), text("city"), &kind]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" · ");
            Some(Suggestion {
                label,
                context,
                lon_lat: [lon, lat],
                score: props.get("score").and_then(|s| s.as_f64()).unwrap_or(0.0),
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_service_answer_becomes_suggestions() {
        let body = r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","geometry":{"type":"Point","coordinates":[-0.5536,47.4717]},
             "properties":{"label":"1 Rue Lenepveu 49100 Angers","score":0.97,"type":"housenumber",
             "postcode":"49100","city":"Angers"}},
            {"type":"Feature","geometry":{"type":"Point","coordinates":[-0.55,47.47]},
             "properties":{"label":"Rue Lenepveu 49100 Angers","type":"street","city":"Angers"}},
            {"type":"Feature","geometry":null,"properties":{"label":"sans position"}}]}"#;
        let s = parse_suggestions(body).expect("valid");
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].label, "1 Rue Lenepveu 49100 Angers");
        assert_eq!(s[0].context, "49100 · Angers");
        assert_eq!(s[0].lon_lat, [-0.5536, 47.4717]);
        assert!(s[1].context.ends_with("voie"), "{}", s[1].context);
        assert!(matches!(
            parse_suggestions("<html>"),
            Err(GeocodeError::BadAnswer(_))
        ));
        assert!(matches!(
            Geocoder::new("ftp://x"),
            Err(GeocodeError::BadAddress(_))
        ));
    }
}
