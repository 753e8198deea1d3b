//! The OGC API Features client: landing page, conformance, collections, and a collection loaded
//! as a layer from its GeoJSON pages, with a filter pushed down in CQL2-text when the service
//! advertises it (the rest evaluated locally; see [`plan`]).

pub mod address;
mod items;
pub mod meta;
pub mod plan;

pub use address::{CollectionRef, parse_collection, parse_landing};
pub use meta::{CollectionMeta, filters_in_cql2};
pub use plan::{FilterPlan, FilterSupport};

use url::Url;

use crate::filter::Expr;
use crate::jobs::Progress;
use crate::sources::service::{ServiceError, ServiceHttp, ServiceLoad, ServicePolicy};

/// What to load from a collection.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemsRequest {
    /// The collection id.
    pub collection: String,
    /// A filter: the part the service takes is sent, the rest is returned in [`ServiceLoad::local`].
    pub filter: Option<Expr>,
    /// Features asked per page (`limit`); the service may send fewer.
    pub page_size: u32,
    /// Pages read at most before the load stops as endless.
    pub max_pages: u64,
    /// Stop once this many features are read ([`ServiceLoad::partial`] tells whether the
    /// collection held more); `None` reads them all.
    pub max_features: Option<u64>,
}

impl ItemsRequest {
    /// The whole collection `id`, 1,000 features a page.
    pub fn new(id: &str) -> Self {
        Self {
            collection: id.to_string(),
            filter: None,
            page_size: 1000,
            max_pages: 100_000,
            max_features: None,
        }
    }
}

/// A client for one OGC API Features service.
#[derive(Clone, Debug)]
pub struct OgcApiClient {
    landing: Url,
    http: ServiceHttp,
}

impl OgcApiClient {
    /// A client for the service whose landing page is `landing`.
    pub fn new(landing: &str, policy: ServicePolicy) -> Result<Self, ServiceError> {
        Ok(Self {
            landing: parse_landing(landing)?,
            http: ServiceHttp::new(policy)?,
        })
    }

    /// The landing page.
    pub fn landing(&self) -> &Url {
        &self.landing
    }

    fn get_json(
        &self,
        parts: &[&str],
        name: &str,
        progress: &Progress,
    ) -> Result<Vec<u8>, ServiceError> {
        let mut url = address::join(&self.landing, parts);
        url.query_pairs_mut().append_pair("f", "json");
        let fetched = self.http.get(&url, "application/json", progress)?;
        Ok(meta::check(fetched, name)?.body)
    }

    /// The conformance classes the service declares.
    pub fn conformance(&self, progress: &Progress) -> Result<Vec<String>, ServiceError> {
        let body = self.get_json(&["conformance"], "conformance", progress)?;
        meta::parse_conformance(&body)
    }

    /// The collections the service offers.
    pub fn collections(&self, progress: &Progress) -> Result<Vec<CollectionMeta>, ServiceError> {
        let body = self.get_json(&["collections"], "collections", progress)?;
        meta::parse_collections(&body)
    }

    /// One collection's description; an unknown id names the ones offered.
    pub fn collection(
        &self,
        id: &str,
        progress: &Progress,
    ) -> Result<CollectionMeta, ServiceError> {
        match self.get_json(&["collections", id], id, progress) {
            Ok(body) => meta::parse_collection(&body),
            Err(ServiceError::Missing { name, .. }) => Err(self.missing(name, progress)),
            Err(other) => Err(other),
        }
    }

    /// The error for an unknown collection, naming the ones offered.
    fn missing(&self, name: String, progress: &Progress) -> ServiceError {
        ServiceError::Missing {
            name,
            available: self
                .collections(progress)
                .map(|all| all.into_iter().map(|c| c.id).collect())
                .unwrap_or_default(),
        }
    }

    /// The number of features of collection `id`, from `numberMatched` (one feature asked);
    /// `None` when the service does not say it.
    pub fn count(&self, id: &str, progress: &Progress) -> Result<Option<u64>, ServiceError> {
        let mut url = address::join(&self.landing, &["collections", id, "items"]);
        url.query_pairs_mut()
            .append_pair("f", "json")
            .append_pair("limit", "1");
        let fetched = self
            .http
            .get(&url, "application/geo+json, application/json", progress);
        let fetched = match fetched.and_then(|f| meta::check(f, id)) {
            Err(ServiceError::Missing { name, .. }) => return Err(self.missing(name, progress)),
            other => other?,
        };
        Ok(items::number_matched(&fetched.body))
    }

    /// Loads `request` as a layer in WGS 84, page by page (progress: features read, of those
    /// announced; cancel between pages and reads). A filter sent to a service that did not
    /// declare filtering and refused it is dropped: the load is made again without it, the
    /// conditions being kept local anyway.
    pub fn load(
        &self,
        request: &ItemsRequest,
        progress: &Progress,
    ) -> Result<ServiceLoad, ServiceError> {
        let mut planned = plan::plan(request.filter.as_ref(), |rest| {
            self.conformance(progress)
                .map(|classes| FilterSupport::of(&classes, rest))
        })?;
        let read = match self.read(request, &planned, progress) {
            Err(ServiceError::ApiError { status: 400, .. })
                if planned.cql.is_some() && planned.lang.is_none() =>
            {
                log::warn!("OGC API: the filter was refused, it is evaluated here");
                planned.cql = None;
                planned.pushed = planned.bbox.map(|b| Expr::InBbox {
                    field: "geometry".into(),
                    bbox: b,
                });
                self.read(request, &planned, progress)
            }
            other => other,
        }?;
        Ok(ServiceLoad {
            dataset: read.dataset,
            pushed: planned.pushed,
            local: planned.local,
            pages: read.pages,
            announced: read.announced,
            partial: read.partial,
        })
    }

    /// Reads the pages of `request` with the parameters of `planned`.
    fn read(
        &self,
        request: &ItemsRequest,
        planned: &FilterPlan,
        progress: &Progress,
    ) -> Result<items::Pages, ServiceError> {
        let mut url = address::join(
            &self.landing,
            &["collections", &request.collection, "items"],
        );
        {
            let mut query = url.query_pairs_mut();
            query.append_pair("f", "json");
            query.append_pair("limit", &request.page_size.max(1).to_string());
            if let Some(b) = planned.bbox {
                query.append_pair("bbox", &format!("{},{},{},{}", b[0], b[1], b[2], b[3]));
            }
            if let Some(cql) = &planned.cql {
                query.append_pair("filter", cql);
                if let Some(lang) = planned.lang {
                    query.append_pair("filter-lang", lang);
                }
            }
        }
        let read = items::read_pages(
            &self.http,
            url,
            &request.collection,
            (request.max_pages, request.max_features),
            progress,
        );
        match read {
            Err(ServiceError::Missing { name, .. }) => Err(self.missing(name, progress)),
            other => other,
        }
    }
}
