//! OGC services on the command line: a WFS address (`…?SERVICE=WFS&TYPENAMES=ns:name`) or an
//! OGC API Features collection (`…/collections/name`) loaded as any other source.

use std::path::Path;

use crate::data::Dataset;
use crate::jobs::Progress;
use crate::sources::ogcapi::{CollectionRef, ItemsRequest, OgcApiClient, parse_collection};
use crate::sources::service::{ServiceError, ServicePolicy};
use crate::sources::wfs::{FeaturesRequest, WfsClient, WfsRef, parse_wfs};

/// An OGC service source named on the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ServiceSource {
    /// A WFS address (a feature type named or not).
    Wfs(WfsRef),
    /// An OGC API Features collection.
    Collection(CollectionRef),
}

/// Recognises a WFS or OGC API collection address (an http(s) URL that is not a file on disk).
pub fn service_source(source: &Path) -> Option<ServiceSource> {
    if source.exists() {
        return None;
    }
    let text = source.to_str()?;
    if let Some(wfs) = parse_wfs(text) {
        return Some(ServiceSource::Wfs(wfs));
    }
    parse_collection(text).map(ServiceSource::Collection)
}

/// Loads the source, returning its label (the address as given) and the dataset. The part of
/// `filter` the server evaluates exactly is sent to it (fewer rows come back); the caller still
/// applies the whole filter, which keeps the same rows.
pub fn load(
    source: &Path,
    found: ServiceSource,
    filter: Option<&str>,
) -> Result<(String, Dataset), String> {
    let label = source.to_string_lossy().into_owned();
    let progress = Progress::default();
    // An unreadable filter is reported by the caller, with its caret.
    let filter = filter.and_then(|text| crate::filter::parse(text).ok());
    let loaded = match found {
        ServiceSource::Wfs(service) => load_wfs(&service, filter, &progress),
        ServiceSource::Collection(collection) => {
            OgcApiClient::new(collection.landing.as_str(), ServicePolicy::default()).and_then(
                |client| {
                    let mut request = ItemsRequest::new(&collection.collection);
                    request.filter = filter;
                    client.load(&request, &progress)
                },
            )
        }
    };
    match loaded {
        Ok(load) => Ok((label, load.dataset)),
        Err(error) => Err(format!("{label}: {error}")),
    }
}

fn load_wfs(
    service: &WfsRef,
    filter: Option<crate::filter::Expr>,
    progress: &Progress,
) -> Result<crate::sources::service::ServiceLoad, ServiceError> {
    let client = WfsClient::new(service, ServicePolicy::default())?;
    let Some(name) = &service.type_name else {
        // No type named: say which ones the service offers.
        let caps = client.capabilities(progress)?;
        return Err(ServiceError::TypeNeeded(
            caps.types.into_iter().map(|t| t.name).collect(),
        ));
    };
    let mut request = FeaturesRequest::new(name);
    request.filter = filter;
    client.load(&request, progress)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_addresses_are_recognised() {
        let wfs = service_source(Path::new(
            "https://sig.example.org/ows?SERVICE=WFS&TYPENAMES=ns:bati",
        ));
        assert!(
            matches!(wfs, Some(ServiceSource::Wfs(r)) if r.type_name.as_deref() == Some("ns:bati"))
        );
        let api = service_source(Path::new("http://127.0.0.1:5000/collections/bati"));
        assert!(matches!(api, Some(ServiceSource::Collection(c)) if c.collection == "bati"));
        assert!(service_source(Path::new("https://data.angers.fr/explore/dataset/x/")).is_none());
        assert!(service_source(Path::new("quartiers.geojson")).is_none());
    }
}
