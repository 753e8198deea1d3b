//! The metropolis's own servers as saved connections (PostGIS, OGC API Features, WFS) and the
//! layers read from them, as settings and projects store them: never a secret.

use super::SourceError;
use super::ogcapi::{ItemsRequest, OgcApiClient};
use super::postgis::{LoadRequest, PgConnection, Session};
use super::service::{ServiceError, ServiceLoad, ServicePolicy};
use super::wfs::{FeaturesRequest, WfsClient, parse_endpoint};
use crate::data::Dataset;
use crate::filter::Expr;
use crate::jobs::Progress;
pub use crate::project::InternalLayer;

/// A saved connection to an internal server, known by its name.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum InternalConnection {
    /// A PostgreSQL/PostGIS database.
    Postgis(PgConnection),
    /// An OGC API Features service, by its landing page.
    Ogcapi(ServiceConnection),
    /// A WFS (2.0 or 1.1), by its GetCapabilities address.
    Wfs(ServiceConnection),
}

/// A saved OGC service: its name and address (no credentials: public or network-protected).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ServiceConnection {
    /// The name the user gave it.
    pub name: String,
    /// The landing page (OGC API) or GetCapabilities address (WFS).
    pub url: String,
}

/// A collection (OGC API) or feature type (WFS) a service offers, as the panel lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceItem {
    /// Its identifier (collection id, feature type name).
    pub id: String,
    /// Its title (the id when the service gives none).
    pub title: String,
    /// Its extent in WGS 84, when known.
    pub extent: Option<[f64; 4]>,
    /// Its (default) coordinate reference system, when known.
    pub crs: Option<String>,
}

impl InternalConnection {
    /// The name the user gave it (what projects refer to).
    pub fn name(&self) -> &str {
        match self {
            Self::Postgis(c) => &c.name,
            Self::Ogcapi(c) | Self::Wfs(c) => &c.name,
        }
    }

    /// The key of its secret in the credential store (OGC services have none).
    pub fn credential_key(&self) -> String {
        match self {
            Self::Postgis(c) => c.credential_key(),
            Self::Ogcapi(c) => format!("ogcapi:{}", c.url),
            Self::Wfs(c) => format!("wfs:{}", c.url),
        }
    }

    /// Whether it keeps a password in the credential store.
    pub fn has_secret(&self) -> bool {
        matches!(self, Self::Postgis(_))
    }

    /// What it points to, for a tooltip.
    pub fn label(&self) -> String {
        match self {
            Self::Postgis(c) => c.label(),
            Self::Ogcapi(c) | Self::Wfs(c) => c.url.clone(),
        }
    }
}

/// Lists the collections (OGC API) or feature types (WFS) of a service (blocking: run it in a
/// job). A PostGIS connection lists nothing here (its tables are listed by its session).
pub fn list_items(
    connection: &InternalConnection,
    progress: &Progress,
) -> Result<Vec<ServiceItem>, ServiceError> {
    match connection {
        InternalConnection::Postgis(_) => Ok(Vec::new()),
        InternalConnection::Ogcapi(c) => {
            let client = OgcApiClient::new(&c.url, ServicePolicy::default())?;
            let collections = client.collections(progress)?;
            Ok(collections
                .into_iter()
                .map(|m| ServiceItem {
                    title: if m.title.is_empty() {
                        m.id.clone()
                    } else {
                        m.title
                    },
                    id: m.id,
                    extent: m.extent,
                    crs: m.crs.into_iter().next(),
                })
                .collect())
        }
        InternalConnection::Wfs(c) => {
            let client = WfsClient::new(&parse_endpoint(&c.url)?, ServicePolicy::default())?;
            let capabilities = client.capabilities(progress)?;
            Ok(capabilities
                .types
                .into_iter()
                .map(|t| ServiceItem {
                    title: if t.title.is_empty() {
                        t.name.clone()
                    } else {
                        t.title
                    },
                    id: t.name,
                    extent: t.extent,
                    crs: (!t.default_crs.is_empty()).then_some(t.default_crs),
                })
                .collect())
        }
    }
}

/// The number of features of the collection or feature type `id` of a service, when it says
/// it (WFS `RESULTTYPE=hits`, OGC API `numberMatched`); `None` for a PostGIS connection (its
/// tables carry their estimate). Blocking: run it in a job.
pub fn count_item(
    connection: &InternalConnection,
    id: &str,
    progress: &Progress,
) -> Result<Option<u64>, ServiceError> {
    match connection {
        InternalConnection::Postgis(_) => Ok(None),
        InternalConnection::Ogcapi(c) => {
            OgcApiClient::new(&c.url, ServicePolicy::default())?.count(id, progress)
        }
        InternalConnection::Wfs(c) => {
            WfsClient::new(&parse_endpoint(&c.url)?, ServicePolicy::default())?.count(id, progress)
        }
    }
}

/// What a read of the features in view gives: the rows, and whether the view held more.
#[derive(Debug)]
pub struct ViewLoad {
    /// The features in view (the first `cap`, in a stable order).
    pub dataset: Dataset,
    /// The view held more features than were read.
    pub partial: bool,
}

impl InternalLayer {
    /// The filter pushed down, read.
    fn parsed_filter(&self) -> Result<Option<Expr>, SourceError> {
        match &self.filter {
            Some(text) => Ok(Some(crate::filter::parse(text).map_err(|e| {
                SourceError::format("err-internal-filter", &[("reason", &e.to_string())])
            })?)),
            None => Ok(None),
        }
    }
}

/// Loads `layer` through `connection` (blocking: run it in a job), with `password` when the
/// session holds one (else the keyring's or `PGPASSWORD`). A filter the server cannot evaluate
/// as the app does is refused.
pub fn load_layer(
    connection: &InternalConnection,
    layer: &InternalLayer,
    password: Option<&str>,
    progress: &Progress,
) -> Result<Dataset, SourceError> {
    let pg = match connection {
        InternalConnection::Postgis(pg) => pg,
        InternalConnection::Ogcapi(c) => return load_ogcapi(c, layer, progress),
        InternalConnection::Wfs(c) => return load_wfs(c, layer, progress),
    };
    let filter = layer.parsed_filter()?;
    let request = LoadRequest {
        table: layer.table.clone(),
        filter,
        bbox: layer.bbox,
        limit: None,
    };
    let loaded = Session::open(pg, password)?.load(&request, progress)?;
    if loaded.unpushed.is_some() {
        return Err(SourceError::format("filter-err-not-pushable", &[]));
    }
    Ok(loaded.dataset)
}

/// Reads the features of `layer` meeting `bbox` (the map's view), at most `cap` of them in a
/// stable order, with the layer's pushed-down filter (blocking: run it in a job).
pub fn load_view(
    connection: &InternalConnection,
    layer: &InternalLayer,
    bbox: [f64; 4],
    cap: u64,
    password: Option<&str>,
    progress: &Progress,
) -> Result<ViewLoad, SourceError> {
    let view = InternalLayer {
        bbox: Some(bbox),
        ..layer.clone()
    };
    let pg = match connection {
        InternalConnection::Postgis(pg) => pg,
        InternalConnection::Ogcapi(c) => return view_ogcapi(c, &view, cap, progress),
        InternalConnection::Wfs(c) => return view_wfs(c, &view, cap, progress),
    };
    let request = LoadRequest {
        table: view.table.clone(),
        filter: view.parsed_filter()?,
        bbox: view.bbox,
        limit: Some(cap),
    };
    let loaded = Session::open(pg, password)?.load(&request, progress)?;
    if loaded.unpushed.is_some() {
        return Err(SourceError::format("filter-err-not-pushable", &[]));
    }
    Ok(ViewLoad {
        dataset: loaded.dataset,
        partial: loaded.partial,
    })
}

/// The layer's filter and box as one expression for an OGC service.
fn service_filter(layer: &InternalLayer) -> Result<Option<Expr>, SourceError> {
    let filter = layer.parsed_filter()?;
    let bbox = layer.bbox.map(|bbox| Expr::InBbox {
        field: "geometry".into(),
        bbox,
    });
    Ok(match (bbox, filter) {
        (Some(b), Some(f)) => Some(Expr::And(vec![b, f])),
        (b, f) => b.or(f),
    })
}

/// The dataset of a service load, refused when part of the filter was left to the app and
/// would drop rows the server sent. (A service that does not declare filtering is sent the
/// conditions it may read and they are kept local too: when it applied them, they keep every
/// row.)
fn served(load: ServiceLoad) -> Result<Dataset, SourceError> {
    let left = load
        .local
        .as_ref()
        .and_then(crate::filter::pushdown::without_bbox);
    if let Some(left) = left {
        let applied = crate::filter::evaluate(&left, &load.dataset)
            .is_ok_and(|mask| mask.count_ones() == load.dataset.len());
        if !applied {
            return Err(SourceError::format("filter-err-not-pushable", &[]));
        }
    }
    Ok(load.dataset)
}

/// Features asked per page when reading a view: the whole view in one page when the cap
/// allows (servers commonly take 10,000), else pages that divide the cap.
fn view_page(cap: u64) -> u32 {
    let pages = cap.div_ceil(10_000).max(1);
    cap.div_ceil(pages).clamp(1, 10_000) as u32
}

/// The rows of a service's view read, refused when part of the filter was left to the app.
fn served_view(load: ServiceLoad) -> Result<ViewLoad, SourceError> {
    let partial = load.partial;
    Ok(ViewLoad {
        dataset: served(load)?,
        partial,
    })
}

fn view_ogcapi(
    connection: &ServiceConnection,
    layer: &InternalLayer,
    cap: u64,
    progress: &Progress,
) -> Result<ViewLoad, SourceError> {
    let client = OgcApiClient::new(&connection.url, ServicePolicy::default())?;
    let mut request = ItemsRequest::new(&layer.table.table);
    request.filter = service_filter(layer)?;
    request.page_size = view_page(cap);
    request.max_features = Some(cap);
    served_view(client.load(&request, progress)?)
}

fn view_wfs(
    connection: &ServiceConnection,
    layer: &InternalLayer,
    cap: u64,
    progress: &Progress,
) -> Result<ViewLoad, SourceError> {
    let client = WfsClient::new(&parse_endpoint(&connection.url)?, ServicePolicy::default())?;
    let mut request = FeaturesRequest::new(&layer.table.table);
    request.filter = service_filter(layer)?;
    request.page_size = view_page(cap);
    request.max_features = Some(cap);
    served_view(client.load(&request, progress)?)
}

fn load_ogcapi(
    connection: &ServiceConnection,
    layer: &InternalLayer,
    progress: &Progress,
) -> Result<Dataset, SourceError> {
    let client = OgcApiClient::new(&connection.url, ServicePolicy::default())?;
    let mut request = ItemsRequest::new(&layer.table.table);
    request.filter = service_filter(layer)?;
    served(client.load(&request, progress)?)
}

fn load_wfs(
    connection: &ServiceConnection,
    layer: &InternalLayer,
    progress: &Progress,
) -> Result<Dataset, SourceError> {
    let client = WfsClient::new(&parse_endpoint(&connection.url)?, ServicePolicy::default())?;
    let mut request = FeaturesRequest::new(&layer.table.table);
    request.filter = service_filter(layer)?;
    served(client.load(&request, progress)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn view_pages_divide_the_cap() {
        assert_eq!(view_page(100), 100);
        assert_eq!(view_page(20_000), 10_000);
        assert_eq!(view_page(25_000), 8_334);
        assert_eq!(view_page(0), 1);
    }

    #[test]
    fn a_load_is_served_when_what_is_left_local_keeps_every_row() {
        let text = r#"{"type": "FeatureCollection", "features": [
          {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-0.55, 47.47]},
           "properties": {"a": 1}},
          {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-2, 40]},
           "properties": {"a": 1}}]}"#;
        let load = |local: &str| {
            let raw = crate::sources::geojson::read_geojson_from(
                text.as_bytes(),
                None,
                &Progress::default(),
            )
            .expect("test data");
            ServiceLoad {
                dataset: raw.builder.finish(None),
                pushed: None,
                local: Some(crate::filter::parse(local).expect("valid")),
                pages: 1,
                announced: None,
                partial: false,
            }
        };
        // Boxes are the server's business (it sends what meets them).
        assert!(served(load("in_bbox(geo, 47, -1, 48, 0) AND a = 1")).is_ok());
        assert!(served(load("a = 2")).is_err());
        assert!(served(load("b = 2")).is_err());
    }

    #[test]
    fn service_connections_are_saved_by_kind_name_and_address() {
        #[derive(serde::Serialize, serde::Deserialize)]
        struct Saved {
            connections: Vec<InternalConnection>,
        }
        let saved = Saved {
            connections: vec![
                InternalConnection::Ogcapi(ServiceConnection {
                    name: "API".into(),
                    url: "https://sig.example.org/ogc".into(),
                }),
                InternalConnection::Wfs(ServiceConnection {
                    name: "WFS".into(),
                    url: "https://sig.example.org/wfs?SERVICE=WFS".into(),
                }),
            ],
        };
        let text = toml::to_string(&saved).expect("toml");
        assert!(text.contains("kind = \"ogcapi\"") && text.contains("kind = \"wfs\""));
        let back: Saved = toml::from_str(&text).expect("read back");
        assert_eq!(back.connections, saved.connections);
        assert!(!back.connections[0].has_secret());
        assert_eq!(
            back.connections[1].label(),
            "https://sig.example.org/wfs?SERVICE=WFS"
        );
    }
}
