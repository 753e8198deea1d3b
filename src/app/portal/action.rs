//! What the user can ask of the open-data portal panel, and how the app carries it out.

use crate::app::TerritoireApp;
use crate::app::portal::{CatalogState, LoadScope};
use crate::sources::portal::{DatasetMeta, PortalUrl};

/// Something the user asked of the open-data portal panel.
#[derive(Clone, Debug, PartialEq)]
pub enum PortalAction {
    /// Open the panel on this portal with its API key field unfolded (a dataset refused as
    /// private).
    AskKey(PortalUrl),
    /// Show or hide the open-data portal panel.
    Toggle,
    /// Choose the portal at this index of the list.
    Select(usize),
    /// Add a portal address to the list.
    Add(String),
    /// Search the catalog with the panel's text and facets.
    SearchCatalog,
    /// Tick or untick a facet value (`theme`, `Environnement`).
    ToggleFacet(String, String),
    /// Keep or drop a field of a dataset before downloading it.
    ToggleField(String, String),
    /// Add a dataset of the catalog as a layer (asks first when it is large).
    AddDataset(PortalUrl, Box<DatasetMeta>),
    /// Add the dataset named by a pasted page URL, API URL or id.
    PasteDataset(String),
    /// Load the pending large dataset with this scope (and the typed filter).
    LoadLarge(LoadScope),
    /// Give up the pending large dataset.
    CancelLarge,
    /// Delete the cached copies of a dataset of the current portal.
    ClearCache(String),
    /// Save (or with `None`, forget) the API key of the current portal.
    SetKey(Option<String>),
}

impl TerritoireApp {
    /// Carries out one request about the open-data portal panel.
    pub(crate) fn apply_portal(&mut self, action: PortalAction) {
        match action {
            PortalAction::AskKey(portal) => {
                self.portal.open = true;
                self.portal.key_open = true;
                self.add_portal(portal.as_str());
            }
            PortalAction::Toggle => {
                self.portal.open = !self.portal.open;
                if self.portal.open && matches!(self.portal.state, CatalogState::Idle) {
                    self.search_catalog();
                }
            }
            PortalAction::Select(index) => {
                self.portal.selected = index;
                self.portal.refine.clear();
                self.search_catalog();
            }
            PortalAction::Add(text) => self.add_portal(&text),
            PortalAction::SearchCatalog => self.search_catalog(),
            PortalAction::ToggleFacet(facet, value) => {
                let entry = (facet, value);
                if !self.portal.refine.remove(&entry) {
                    self.portal.refine.insert(entry);
                }
                self.search_catalog();
            }
            PortalAction::ToggleField(dataset, field) => {
                let dropped = self.portal.dropped_fields.entry(dataset).or_default();
                if !dropped.remove(&field) {
                    dropped.insert(field);
                }
            }
            PortalAction::AddDataset(portal, meta) => self.request_dataset(portal, *meta),
            PortalAction::PasteDataset(text) => self.paste_dataset(&text),
            PortalAction::LoadLarge(scope) => {
                if let Some(mut large) = self.portal.large.take() {
                    // The filter is checked here and sent in its normalised ODSQL form.
                    let filter = match crate::filter::parse(&large.filter) {
                        Ok(expr) => Some(crate::filter::to_odsql(&expr)),
                        Err(e) if scope == LoadScope::Filter => {
                            large.error = Some(e.to_string());
                            self.portal.large = Some(large);
                            return;
                        }
                        Err(_) => None,
                    };
                    self.add_portal_layer(large.portal, &large.meta, scope, filter);
                }
            }
            PortalAction::CancelLarge => self.portal.large = None,
            PortalAction::ClearCache(dataset) => self.clear_portal_cache(&dataset),
            PortalAction::SetKey(key) => self.set_portal_key(key),
        }
    }
}
