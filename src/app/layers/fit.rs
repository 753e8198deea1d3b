//! A layer the user adds is shown whole: once every layer of the same batch has loaded, the
//! view fits their joint extent. Layers a project restores keep the project's view.

use std::collections::HashSet;

use crate::app::{LayerId, LayerState, TerritoireApp};
use crate::data::Bbox;

/// The layers still loading whose extent the view will fit, and the extent gathered so far.
#[derive(Debug, Default)]
pub struct FitOnLoad {
    waiting: HashSet<LayerId>,
    extent: Option<Bbox>,
}

impl FitOnLoad {
    /// The view will fit this layer once it has loaded.
    pub fn add(&mut self, id: LayerId) {
        self.waiting.insert(id);
    }
}

/// The smallest box holding both.
fn union(a: Bbox, b: Bbox) -> Bbox {
    [
        a[0].min(b[0]),
        a[1].min(b[1]),
        a[2].max(b[2]),
        a[3].max(b[3]),
    ]
}

impl TerritoireApp {
    /// A layer of the batch finished loading (or failed, or went away): once none of the batch
    /// is still loading, the view fits what loaded.
    pub(crate) fn fit_when_loaded(&mut self, id: LayerId) {
        if !self.fit.waiting.remove(&id) {
            return;
        }
        let bbox = self
            .layer(id)
            .and_then(|l| l.dataset.as_ref())
            .and_then(|d| d.bbox);
        if let Some(b) = bbox {
            self.fit.extent = Some(self.fit.extent.map_or(b, |e| union(e, b)));
        }
        // Layers removed or failed meanwhile no longer hold the batch back.
        let layers = &self.layers;
        self.fit.waiting.retain(|w| {
            layers
                .iter()
                .any(|l| l.id == *w && matches!(l.state, LayerState::Loading { .. }))
        });
        if !self.fit.waiting.is_empty() {
            return;
        }
        if let Some(extent) = self.fit.extent.take() {
            self.map.fit(extent);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_union_holds_both_boxes() {
        assert_eq!(
            union([0.0, 1.0, 2.0, 3.0], [-1.0, 2.0, 1.0, 4.0]),
            [-1.0, 1.0, 2.0, 4.0]
        );
    }
}
