//! What the portal's background jobs hand back: a catalog page, a downloaded layer.

use crate::app::portal::CatalogState;
use crate::app::{LayerError, LayerState, TerritoireApp};

impl TerritoireApp {
    pub(crate) fn catalog_arrived(
        &mut self,
        job: crate::jobs::JobId,
        result: crate::app::CatalogResult,
    ) {
        if !matches!(self.portal.state, CatalogState::Loading(j) if j == job) {
            return; // An older search, replaced since.
        }
        match result {
            Ok((page, facets, sizes)) => {
                self.portal.page = page;
                self.portal.facets = facets;
                self.portal.cache_sizes = sizes;
                self.portal.state = CatalogState::Ready;
            }
            Err(error) => self.portal.state = CatalogState::Failed(std::sync::Arc::new(error)),
        }
    }

    pub(crate) fn portal_layer_arrived(
        &mut self,
        job: crate::jobs::JobId,
        result: Result<(std::sync::Arc<crate::data::Dataset>, crate::app::Provenance), LayerError>,
    ) {
        let Some(layer) = self
            .layers
            .iter_mut()
            .find(|l| matches!(l.state, LayerState::Loading { job: j } if j == job))
        else {
            return;
        };
        match result {
            Ok((dataset, mut provenance)) => {
                // Bytes add up over the session's reloads.
                provenance.bytes_this_session += layer
                    .provenance
                    .as_ref()
                    .map_or(0, |p| p.bytes_this_session);
                self.portal
                    .cache_sizes
                    .insert(provenance.dataset.clone(), provenance.cache_bytes);
                // A dataset without any position is a table: show it as one.
                let table_only = !dataset.is_empty() && dataset.without_geometry() == dataset.len();
                layer.keep_previous_copy(&provenance);
                layer.dataset = Some(dataset);
                layer.provenance = Some(provenance);
                layer.state = LayerState::Ready;
                let id = layer.id;
                if table_only {
                    self.show_table(id);
                }
                self.refilter(id);
                self.fit_when_loaded(id);
            }
            Err(error) => {
                log::warn!("{}: {error:?}", layer.source.describe());
                layer.state = LayerState::Failed(error);
                let id = layer.id;
                self.fit_when_loaded(id);
            }
        }
    }

    /// The cached copies of a dataset were deleted, or why not.
    pub(crate) fn cache_cleared(
        &mut self,
        dataset: String,
        result: Result<(), crate::sources::portal::PortalError>,
    ) {
        match result {
            Ok(()) => {
                self.portal.cache_sizes.insert(dataset, 0);
            }
            Err(error) => self.portal.notice = Some(error.to_string()),
        }
    }
}
