//! Filters that depend on other layers' kept features ("within X m of"), computed again when
//! those change, and a reloaded layer's filter computed on its new data.

use crate::app::filter::FilterSpec;
use crate::app::{LayerId, TerritoireApp};

impl TerritoireApp {
    /// Filters "within X m of" this layer depend on its kept features: they are computed again.
    /// (They stop when a mask comes out unchanged, so two layers naming each other usually settle;
    /// a loop that never does is cut.)
    pub(crate) fn refilter_dependents(&mut self, id: LayerId) {
        let dependents: Vec<LayerId> = self
            .layers
            .iter()
            .filter(|l| l.id != id)
            .filter(|l| {
                l.filter.as_ref().is_some_and(|f| {
                    f.places.iter().any(|p| {
                        matches!(p, crate::app::filter::place::Place::Near { layer: Some(other), .. } if *other == id)
                    })
                })
            })
            .map(|l| l.id)
            .collect();
        // Conditions of place can name each other in a loop whose masks never settle ("within"
        // one way, "beyond" the other): a chain longer than the layer list is such a loop.
        if self.filter_cascade > self.layers.len() {
            log::warn!("filters whose conditions of place name each other do not settle");
            return;
        }
        self.filter_cascade += 1;
        for dependent in dependents {
            self.refilter(dependent);
        }
        self.filter_cascade -= 1;
    }

    /// A reloaded layer keeps its filter: the mask is computed again on the new data.
    pub(crate) fn refilter(&mut self, id: LayerId) {
        if let Some(filter) = self.layer(id).and_then(|l| l.filter.clone()) {
            self.set_filter(
                id,
                FilterSpec {
                    name: filter.name,
                    expression: filter.expression,
                    places: filter.places,
                },
            );
        }
    }
}
