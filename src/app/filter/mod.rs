//! The filter window's state and what it does: live evaluation (off the UI thread for large
//! layers), field summaries for the pickers, pushing a filter to the portal; saved filters are in
//! `saved.rs`.

mod action;

pub use action::FilterAction;
pub use saved::fits;

mod conditions_ui;
mod dependents;
pub mod place;
mod place_text;
mod place_ui;
mod saved;
mod ui;
mod values_ui;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::app::action::LayersAction;
use crate::app::filter::place::Place;
use crate::app::{JobOutput, LayerFilter, LayerId, LayerSource, TerritoireApp};
use crate::data::{Bitmap, Dataset, FieldType};
use crate::filter::{Condition, Draft, Group, Histogram, ValueCount};

/// Layers up to this many rows are filtered on the UI thread (well under a frame); larger ones
/// in a background job while the previous result stays on screen.
pub const SYNC_ROWS: usize = 100_000;
/// Bins of the histogram shown for numbers and dates.
pub const HISTOGRAM_BINS: usize = 24;

/// What a field holds, for its picker.
#[derive(Clone, Debug, Default)]
pub struct FieldSummary {
    /// Distinct values with counts (text fields).
    pub values: Arc<Vec<ValueCount>>,
    /// Spread of the values (numbers, dates).
    pub histogram: Option<Histogram>,
}

/// Why the filter cannot be used, and where in the expression.
#[derive(Clone, Debug, PartialEq)]
pub struct FilterProblem {
    /// For the user.
    pub message: String,
    /// Character position in the expression, when the text is at fault.
    pub position: Option<usize>,
}

/// A change made in the filter window.
#[derive(Clone, Debug, PartialEq)]
pub struct FilterEdit {
    /// The builder's content.
    pub draft: Draft,
    /// The expression as typed by the user, when they edited it (it then wins over the builder).
    pub typed: Option<String>,
    /// The filter's name.
    pub name: String,
    /// Conditions of place.
    pub places: Vec<Place>,
}

/// Everything a layer's filter is made of.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FilterSpec {
    /// Its name.
    pub name: String,
    /// Its conditions on fields, in the filter language.
    pub expression: String,
    /// Its conditions of place.
    pub places: Vec<Place>,
}

/// The rows kept by the field conditions and every condition of place.
pub fn evaluate_filter(
    dataset: &Dataset,
    expr: Option<&crate::filter::Expr>,
    places: &[crate::app::filter::place::Resolved],
) -> Result<Bitmap, crate::filter::EvalError> {
    let mut mask = match expr {
        Some(e) => crate::filter::evaluate(e, dataset)?,
        None => Bitmap::new(dataset.len(), true),
    };
    for place in places {
        mask.and_assign(&crate::app::filter::place::mask(dataset, place));
    }
    Ok(mask)
}

/// The filter window.
#[derive(Debug)]
pub struct FilterPanel {
    /// The layer filtered.
    pub layer: LayerId,
    /// The builder's content.
    pub draft: Draft,
    /// The expression shown to power users.
    pub expression: String,
    /// True when the expression has a shape the builder cannot show.
    pub custom: bool,
    /// The filter's name.
    pub name: String,
    /// Why the current text cannot be used.
    pub problem: Option<FilterProblem>,
    /// Summaries of the fields shown in pickers.
    pub summaries: HashMap<String, FieldSummary>,
    /// Conditions of place.
    pub places: Vec<Place>,
    /// The condition of place whose zones are being picked on the map.
    pub picking: Option<usize>,
    /// The condition of place whose shape is being drawn on the map.
    pub sketching: Option<usize>,
    pending: HashSet<String>,
}

impl FilterPanel {
    fn new(layer: LayerId) -> Self {
        Self {
            layer,
            draft: Draft {
                groups: vec![Group {
                    conditions: vec![Condition::new("", FieldType::Text)],
                    ..Group::default()
                }],
                ..Draft::default()
            },
            expression: String::new(),
            custom: false,
            name: String::new(),
            problem: None,
            summaries: HashMap::new(),
            places: Vec::new(),
            picking: None,
            sketching: None,
            pending: HashSet::new(),
        }
    }
}

/// The builder's view of an expression of `dataset`, when it has the builder's shape.
pub fn draft_for(expression: &str, dataset: &Dataset) -> Option<Draft> {
    let expr = crate::filter::parse(expression).ok()?;
    Draft::from_expr(&expr, |f| dataset.column(f).map(|c| c.field_type()))
}

impl TerritoireApp {
    /// Opens the filter window on a layer, showing its current filter.
    pub(crate) fn open_filter(&mut self, id: LayerId) {
        let Some(layer) = self.layer(id) else {
            return;
        };
        let mut panel = FilterPanel::new(id);
        if let (Some(filter), Some(ds)) = (&layer.filter, &layer.dataset) {
            panel.expression = filter.expression.clone();
            panel.name = filter.name.clone();
            panel.places = filter.places.clone();
            match draft_for(&filter.expression, ds) {
                Some(draft) => panel.draft = draft,
                None => panel.custom = true,
            }
        }
        self.filter_panel = Some(panel);
    }

    /// Takes the window's change: writes the expression, then evaluates it.
    pub(crate) fn edit_filter(&mut self, edit: FilterEdit) {
        let Some(panel) = self.filter_panel.as_mut() else {
            return;
        };
        let dataset = self
            .layers
            .iter()
            .find(|l| l.id == panel.layer)
            .and_then(|l| l.dataset.clone());
        if edit.typed.is_none() && edit.draft == panel.draft && edit.places == panel.places {
            // Only the name changed: nothing to evaluate again.
            panel.name = edit.name.clone();
            let id = panel.layer;
            if let Some(filter) = self.layer_mut(id).and_then(|l| l.filter.as_mut()) {
                filter.name = edit.name;
            }
            return;
        }
        panel.name = edit.name;
        panel.places = edit.places;
        panel.problem = None;
        match edit.typed {
            Some(text) => {
                panel.expression = text;
                panel.custom = true;
                if let Some(draft) = dataset
                    .as_ref()
                    .and_then(|d| draft_for(&panel.expression, d))
                {
                    panel.draft = draft;
                    panel.custom = false;
                }
            }
            None => {
                panel.draft = edit.draft;
                panel.custom = false;
                match panel.draft.to_expr() {
                    Ok(expr) => {
                        panel.expression = expr
                            .map(|e| crate::filter::to_odsql(&e))
                            .unwrap_or_default();
                    }
                    Err(message) => {
                        panel.problem = Some(FilterProblem {
                            message,
                            position: None,
                        });
                        return;
                    }
                }
            }
        }
        let spec = FilterSpec {
            name: panel.name.clone(),
            expression: panel.expression.clone(),
            places: panel.places.clone(),
        };
        let layer = panel.layer;
        self.set_filter(layer, spec);
    }

    /// Filters a layer with `spec` (no complete condition removes the filter). Errors go to the
    /// filter window; the previous mask stays until the new one is ready.
    pub(crate) fn set_filter(&mut self, id: LayerId, spec: FilterSpec) {
        let Some(dataset) = self.layer(id).and_then(|l| l.dataset.clone()) else {
            return;
        };
        let places = match crate::app::filter::place::resolve(&spec.places, &self.layers) {
            Ok(places) => places,
            Err(message) => {
                self.filter_problem(id, message, None);
                return;
            }
        };
        let expr = if spec.expression.trim().is_empty() {
            None
        } else {
            match crate::filter::parse(&spec.expression) {
                Ok(expr) => Some(expr),
                Err(e) => {
                    self.filter_problem(id, e.message, Some(e.position));
                    return;
                }
            }
        };
        let Some(layer) = self.layer_mut(id) else {
            return;
        };
        layer.filter_job = None;
        if expr.is_none() && places.is_empty() {
            layer.filter = None;
            return;
        }
        if dataset.len() <= SYNC_ROWS {
            let result = evaluate_filter(&dataset, expr.as_ref(), &places);
            self.filter_evaluated(id, spec, result);
        } else {
            let job = self.jobs.spawn(move |_| {
                let result = evaluate_filter(&dataset, expr.as_ref(), &places);
                JobOutput::FilterMask {
                    layer: id,
                    spec,
                    result,
                }
            });
            if let Some(layer) = self.layer_mut(id) {
                layer.filter_job = Some(job);
            }
        }
    }

    /// A layer's mask computed in the background; one for an older filter of the layer is dropped.
    pub(crate) fn filter_mask_arrived(
        &mut self,
        job: crate::jobs::JobId,
        id: LayerId,
        spec: FilterSpec,
        result: Result<Bitmap, crate::filter::EvalError>,
    ) {
        if self.layer(id).is_some_and(|l| l.filter_job == Some(job)) {
            if let Some(l) = self.layer_mut(id) {
                l.filter_job = None;
            }
            self.filter_evaluated(id, spec, result);
        }
    }

    /// A mask is ready (from the UI thread or a job): it becomes the layer's filter.
    pub(crate) fn filter_evaluated(
        &mut self,
        id: LayerId,
        spec: FilterSpec,
        result: Result<Bitmap, crate::filter::EvalError>,
    ) {
        match result {
            Ok(mask) => {
                let changed = self
                    .layer(id)
                    .and_then(|l| l.filter.as_ref())
                    .is_none_or(|f| *f.mask != mask);
                if let Some(layer) = self.layer_mut(id) {
                    layer.filter = Some(LayerFilter {
                        name: spec.name,
                        expression: spec.expression,
                        places: spec.places,
                        count: mask.count_ones(),
                        mask: Arc::new(mask),
                    });
                }
                if changed {
                    self.refilter_dependents(id);
                }
            }
            Err(error) => self.filter_problem(id, error.to_string(), None),
        }
    }

    fn filter_problem(&mut self, id: LayerId, message: String, position: Option<usize>) {
        if let Some(panel) = self.filter_panel.as_mut().filter(|p| p.layer == id) {
            panel.problem = Some(FilterProblem { message, position });
        } else {
            log::warn!("filter not applied: {message}");
        }
    }

    /// Removes a layer's filter: the whole layer shows again.
    pub(crate) fn clear_filter(&mut self, id: LayerId) {
        let had = self.layer(id).is_some_and(|l| l.filter.is_some());
        if let Some(layer) = self.layer_mut(id) {
            layer.filter = None;
            layer.filter_job = None;
        }
        if had {
            self.refilter_dependents(id);
        }
        if let Some(panel) = self.filter_panel.as_mut().filter(|p| p.layer == id) {
            let summaries = std::mem::take(&mut panel.summaries);
            *panel = FilterPanel::new(id);
            panel.summaries = summaries;
        }
    }

    /// Computes what a field holds for its picker, in the background for large layers.
    pub(crate) fn summarize_field(&mut self, field: String) {
        let Some(panel) = self.filter_panel.as_mut() else {
            return;
        };
        if panel.summaries.contains_key(&field) || !panel.pending.insert(field.clone()) {
            return;
        }
        let id = panel.layer;
        let Some(dataset) = self.layer(id).and_then(|l| l.dataset.clone()) else {
            return;
        };
        let work = move || {
            let column = dataset.column(&field);
            let summary = FieldSummary {
                values: Arc::new(
                    column
                        .map(|c| crate::filter::value_counts(c, None))
                        .unwrap_or_default(),
                ),
                histogram: column.and_then(|c| crate::filter::histogram(c, HISTOGRAM_BINS)),
            };
            (field, summary)
        };
        if self
            .layer(id)
            .and_then(|l| l.dataset.as_ref())
            .map_or(0, |d| d.len())
            <= SYNC_ROWS
        {
            let (field, summary) = work();
            self.summary_arrived(id, field, summary);
        } else {
            self.jobs.spawn(move |_| {
                let (field, summary) = work();
                JobOutput::FieldSummary(id, field, summary)
            });
        }
    }

    pub(crate) fn summary_arrived(&mut self, id: LayerId, field: String, summary: FieldSummary) {
        if let Some(panel) = self.filter_panel.as_mut().filter(|p| p.layer == id) {
            panel.pending.remove(&field);
            panel.summaries.insert(field, summary);
        }
    }

    /// Downloads a portal layer again with its filter sent as `where`, so only the kept
    /// features travel.
    pub(crate) fn reload_with_filter(&mut self, id: LayerId) {
        let Some(layer) = self.layer_mut(id) else {
            return;
        };
        let Some(expression) = layer.filter.as_ref().map(|f| f.expression.clone()) else {
            return;
        };
        if let LayerSource::Portal { request, .. } = &mut layer.source {
            request.filter = crate::filter::parse(&expression)
                .ok()
                .map(|e| crate::filter::to_odsql(&e));
            self.apply(crate::app::action::Action::Layers(LayersAction::Reload(
                id, None,
            )));
        }
    }
}

fn panel_layer(panel: &Option<FilterPanel>) -> LayerId {
    panel.as_ref().map_or(LayerId(0), |p| p.layer)
}
