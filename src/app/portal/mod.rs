//! The portal panel's state and what it does: catalog searches, adding datasets, cache and keys.

mod action;
mod arrived;

pub use action::PortalAction;

mod ui;

pub use ui::{format_bytes, format_modified};

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use crate::app::layers::{LayerError, LayerSource, Provenance, default_style};
use crate::app::{JobOutput, Layer, LayerId, LayerState, TerritoireApp};
use crate::jobs::JobId;
use crate::sources::portal::{
    CatalogPage, CatalogQuery, DatasetMeta, ExportRequest, Facet, PortalCache, PortalClient,
    PortalError, PortalUrl, RetryPolicy, catalog_facets, load_dataset, parse_dataset_ref,
    search_all,
};

/// Datasets listed at most (a city portal has a few hundred).
const CATALOG_MAX: u64 = 2_000;

/// The catalog as the panel shows it.
#[derive(Debug, Default)]
pub enum CatalogState {
    /// Nothing asked yet.
    #[default]
    Idle,
    /// A search is running; the previous results stay visible.
    Loading(JobId),
    /// The last search failed; its words are made when shown.
    Failed(Arc<PortalError>),
    /// Results.
    Ready,
}

/// How much of a large dataset to load.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoadScope {
    /// Every record.
    All,
    /// Records in the current map extent.
    Extent,
    /// Records matching a filter.
    Filter,
}

/// A large dataset waiting for the user's choice.
#[derive(Clone, Debug, PartialEq)]
pub struct LargeDataset {
    /// Its portal.
    pub portal: PortalUrl,
    /// Its metadata (record count, fields).
    pub meta: DatasetMeta,
    /// The filter typed so far (ODSQL).
    pub filter: String,
    /// Why the typed filter cannot be used.
    pub error: Option<String>,
}

/// Everything the portal panel remembers.
#[derive(Debug, Default)]
pub struct PortalPanel {
    /// Shown beside the map.
    pub open: bool,
    /// Index of the chosen portal in the settings' list.
    pub selected: usize,
    /// The search box.
    pub search: String,
    /// Chosen facet values.
    pub refine: BTreeSet<(String, String)>,
    /// The pasted reference box.
    pub paste: String,
    /// A new portal address being typed.
    pub new_portal: String,
    /// The API key being typed (cleared once saved).
    pub key_input: String,
    /// The API key section is unfolded at the next frame (asked from a private layer's card).
    pub key_open: bool,
    /// Search state.
    pub state: CatalogState,
    /// Last results.
    pub page: CatalogPage,
    /// Facets of the last results.
    pub facets: Vec<Facet>,
    /// Fields unticked per dataset id (all fields are kept by default).
    pub dropped_fields: HashMap<String, BTreeSet<String>>,
    /// A large dataset waiting for a choice.
    pub large: Option<LargeDataset>,
    /// A message for the user (key saved, paste not understood).
    pub notice: Option<String>,
    /// Cache sizes per dataset id, refreshed after each search and load.
    pub cache_sizes: HashMap<String, u64>,
}

/// A client for `portal` with its saved key.
pub fn client_for(portal: &PortalUrl) -> Result<PortalClient, PortalError> {
    let key = crate::sources::credentials::api_key(portal);
    PortalClient::new(portal.clone(), key, RetryPolicy::default())
}

impl TerritoireApp {
    /// The portal download cache (the start option's folder, else the platform one).
    pub fn portal_cache(&self) -> Option<PortalCache> {
        match &self.start.cache_dir {
            Some(dir) => Some(PortalCache::new(dir.join("portal"))),
            None => PortalCache::platform(),
        }
    }

    /// The portal chosen in the panel.
    pub fn current_portal(&self) -> Option<PortalUrl> {
        let list = &self.settings.portals;
        let text = list.get(self.portal.selected).or(list.first())?;
        PortalUrl::parse(text).ok()
    }

    /// Starts a catalog search with the panel's text and facets.
    pub(crate) fn search_catalog(&mut self) {
        let Some(portal) = self.current_portal() else {
            return;
        };
        if let CatalogState::Loading(job) = self.portal.state {
            self.jobs.cancel(job);
        }
        let query = CatalogQuery {
            text: self.portal.search.clone(),
            refine: self.portal.refine.iter().cloned().collect(),
            ..CatalogQuery::default()
        };
        let cache = self.portal_cache();
        let job = self.jobs.spawn(move |progress| {
            let result = client_for(&portal).and_then(|client| {
                let page = search_all(&client, &query, CATALOG_MAX, progress)?;
                let facets = catalog_facets(&client, &query, progress).unwrap_or_default();
                let sizes = page
                    .datasets
                    .iter()
                    .map(|d| {
                        let size = cache.as_ref().map_or(0, |c| c.size(&portal, &d.id));
                        (d.id.clone(), size)
                    })
                    .collect();
                Ok((page, facets, sizes))
            });
            JobOutput::Catalog(result)
        });
        self.portal.state = CatalogState::Loading(job);
    }

    /// A dataset chosen in the list: the user is asked first when it is already on the map.
    pub(crate) fn request_dataset(&mut self, portal: PortalUrl, meta: DatasetMeta) {
        match self.layer_of_dataset(&portal, &meta.id) {
            Some(name) => self.ask_before_adding(portal, meta, name),
            None => self.request_dataset_again(portal, meta),
        }
    }

    /// A dataset to add: loaded at once, or the large-dataset choice first.
    pub(crate) fn request_dataset_again(&mut self, portal: PortalUrl, meta: DatasetMeta) {
        if meta.records.unwrap_or(0) > self.settings.large_dataset_records {
            self.portal.large = Some(LargeDataset {
                portal,
                meta,
                filter: String::new(),
                error: None,
            });
            return;
        }
        self.add_portal_layer(portal, &meta, LoadScope::All, None);
    }

    /// A pasted page URL, API URL or id: its metadata is fetched, then it is added.
    pub(crate) fn paste_dataset(&mut self, text: &str) {
        let Some(default) = self.current_portal() else {
            return;
        };
        let reference = match parse_dataset_ref(text, &default) {
            Ok(r) => r,
            Err(e) => {
                self.portal.notice = Some(e.to_string());
                return;
            }
        };
        self.portal.notice = None;
        let cache = self.portal_cache();
        self.jobs.spawn(move |progress| {
            let result = client_for(&reference.portal).and_then(|client| {
                crate::sources::portal::export::dataset_meta(
                    &client,
                    cache.as_ref(),
                    &reference.id,
                    progress,
                )
            });
            JobOutput::PortalMeta(result.map(|meta| (reference.portal, meta)))
        });
    }

    /// Adds a layer loading `meta` from `portal` with the chosen scope and fields.
    pub(crate) fn add_portal_layer(
        &mut self,
        portal: PortalUrl,
        meta: &DatasetMeta,
        scope: LoadScope,
        filter: Option<String>,
    ) {
        let dropped = self.portal.dropped_fields.get(&meta.id);
        let fields = dropped.filter(|d| !d.is_empty()).map(|d| {
            meta.fields
                .iter()
                .filter(|f| !f.kind.is_geo() && !d.contains(&f.name))
                .map(|f| f.name.clone())
                .collect()
        });
        let request = ExportRequest {
            dataset: meta.id.clone(),
            fields,
            filter: (scope == LoadScope::Filter).then_some(filter).flatten(),
            bbox: (scope == LoadScope::Extent).then(|| self.map.visible_bbox()),
        };
        let id = LayerId(self.next_layer_id);
        self.next_layer_id += 1;
        let job = self.spawn_portal_load(portal.clone(), request.clone());
        self.layers.push(Layer::new(
            id,
            meta.title.clone(),
            default_style(&meta.id, self.layers.len()),
            LayerSource::Portal { portal, request },
            LayerState::Loading { job },
        ));
        self.fit.add(id);
    }

    pub(crate) fn spawn_portal_load(&mut self, portal: PortalUrl, request: ExportRequest) -> JobId {
        let cache = self.portal_cache();
        self.jobs.spawn(move |progress| {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let client = client_for(&portal)?;
                let load = load_dataset(&client, cache.as_ref(), &request, progress)?;
                let cache_bytes = cache.map_or(0, |c| c.size(&load.portal, &load.meta.id));
                Ok::<_, PortalError>((load, cache_bytes))
            }));
            JobOutput::PortalLoaded(match result {
                Ok(Ok((load, cache_bytes))) => Ok((
                    Arc::new(load.dataset),
                    Provenance {
                        portal: load.portal.host().replace('_', ":"),
                        dataset: load.meta.id,
                        licence: load.meta.licence,
                        modified: load.meta.modified,
                        bytes_this_session: load.bytes_downloaded,
                        freshness: load.freshness,
                        copy_date: load.copy_date,
                        cache_bytes,
                    },
                )),
                Ok(Err(e)) => Err(e.into()),
                Err(_) => Err(LayerError::Internal),
            })
        })
    }

    /// Deletes the cached copies of a dataset.
    pub(crate) fn clear_portal_cache(&mut self, dataset: &str) {
        let (Some(portal), Some(cache)) = (self.current_portal(), self.portal_cache()) else {
            return;
        };
        let dataset = dataset.to_string();
        self.jobs.spawn(move |_| {
            let result = cache.clear(&portal, &dataset);
            JobOutput::CacheCleared(dataset, result)
        });
    }

    /// Saves or forgets the API key of the current portal (the keyring may be slow: in a job).
    pub(crate) fn set_portal_key(&mut self, key: Option<String>) {
        let Some(portal) = self.current_portal() else {
            return;
        };
        let key = key.as_deref().and_then(crate::sources::portal::ApiKey::new);
        self.portal.key_input.clear();
        self.jobs.spawn(move |_| {
            let result = match key {
                Some(key) => crate::sources::credentials::save_api_key(&portal, &key)
                    .map(|()| crate::i18n::tr("portal-key-saved")),
                None => crate::sources::credentials::delete_api_key(&portal)
                    .map(|()| crate::i18n::tr("portal-key-forgotten")),
            };
            JobOutput::Notice(result.unwrap_or_else(|e| e))
        });
    }

    /// Makes `portal` the panel's choice (added to the list when new) without searching yet:
    /// the catalog is asked for when the panel opens.
    pub(crate) fn select_portal_quietly(&mut self, portal: &PortalUrl) {
        let address = portal.as_str().to_string();
        let index = match self.settings.portals.iter().position(|p| *p == address) {
            Some(i) => i,
            None => {
                self.settings.portals.push(address);
                self.settings.portals.len() - 1
            }
        };
        if index != self.portal.selected {
            self.portal.selected = index;
            self.portal.refine.clear();
            if let CatalogState::Loading(job) = self.portal.state {
                self.jobs.cancel(job);
            }
            self.portal.state = CatalogState::Idle;
            if self.portal.open {
                self.search_catalog();
            }
        }
    }

    /// Adds a portal to the list and selects it.
    pub(crate) fn add_portal(&mut self, text: &str) {
        match PortalUrl::parse(text) {
            Ok(portal) => {
                let address = portal.as_str().to_string();
                let index = match self.settings.portals.iter().position(|p| *p == address) {
                    Some(i) => i,
                    None => {
                        self.settings.portals.push(address);
                        self.settings.portals.len() - 1
                    }
                };
                self.portal.selected = index;
                self.portal.new_portal.clear();
                self.portal.notice = None;
                self.save_settings();
                self.search_catalog();
            }
            Err(e) => self.portal.notice = Some(e.to_string()),
        }
    }
}
