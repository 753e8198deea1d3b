//! Filters that depend on other layers' kept features ("within X m of"), computed again when
//! those change, and a reloaded layer's filter computed on its new data.

use crate::app::filter::FilterSpec;
use crate::app::{LayerId, TerritoireApp};

impl TerritoireApp {
    /// Filters "within X m of" this layer depend on its kept features: they are computed again.
    /// (They stop when a mask comes out unchanged, so two layers naming each other usually settle;
    /// a loop that never does is cut, whether its masks are computed at once or in the
    /// background.)
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
        // one way, "beyond" the other): more recomputations than twice the layer list, without
        // the masks settling in between, is such a loop.
        if dependents.is_empty() {
            return;
        }
        if self.filter_cascade > 2 * self.layers.len() {
            log::warn!("filters whose conditions of place name each other do not settle");
            return;
        }
        self.filter_cascade += 1;
        for dependent in dependents {
            self.refilter(dependent);
        }
    }

    /// Once no mask is being computed, the filters have settled: the loop guard starts again.
    pub(crate) fn filters_settle(&mut self) {
        if self.layers.iter().all(|l| l.filter_job.is_none()) {
            self.filter_cascade = 0;
        }
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
