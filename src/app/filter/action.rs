//! What the user can ask of a layer's filter and the filter window, and how the app carries it out.

use crate::app::LayerId;
use crate::app::TerritoireApp;

/// Something the user asked of a layer's filter and the filter window.
#[derive(Clone, Debug, PartialEq)]
pub enum FilterAction {
    /// Pick the zones of this condition of place by clicking them on the map (`None` stops).
    PickZones(Option<usize>),
    /// Draw the shape of this condition of place on the map.
    StartSketch(usize, crate::map::SketchKind),
    /// The map drawing finished or was given up.
    SketchFinished(crate::map::SketchEvent),
    /// Open the filter window on a layer.
    Open(LayerId),
    /// Close the filter window (the filter stays).
    Close,
    /// The filter window changed: builder, typed expression or name.
    Edit(Box<crate::app::filter::FilterEdit>),
    /// Remove a layer's filter.
    Clear(LayerId),
    /// Hide or grey out what a layer's filter leaves out.
    SetMode(LayerId, crate::app::FilterMode),
    /// Ask for what a field holds (values with counts, histogram) for its picker.
    SummarizeField(String),
    /// Save the filter window's filter under its name.
    Save,
    /// Use a saved filter (index in the settings) on the filter window's layer.
    UseSaved(usize),
    /// Forget a saved filter.
    DeleteSaved(usize),
    /// Download a portal layer again with its filter sent to the portal.
    ReloadWithFilter(LayerId),
    /// Filter a layer to its features farther than a distance from another layer (kept with
    /// its current filter).
    FarFrom {
        /// The layer filtered.
        layer: LayerId,
        /// The other layer.
        other: LayerId,
        /// The distance as typed, in metres.
        metres: String,
    },
}

impl TerritoireApp {
    /// Carries out one request about a layer's filter and the filter window.
    pub(crate) fn apply_filter(&mut self, action: FilterAction) {
        match action {
            FilterAction::PickZones(index) => {
                if let Some(panel) = self.filter_panel.as_mut() {
                    panel.picking = index;
                }
            }
            FilterAction::StartSketch(index, kind) => {
                if let Some(panel) = self.filter_panel.as_mut() {
                    panel.sketching = Some(index);
                    panel.picking = None;
                    self.map.sketch = Some(crate::map::Sketch::new(kind));
                }
            }
            FilterAction::SketchFinished(event) => self.sketch_finished(event),
            FilterAction::Open(id) => self.open_filter(id),
            FilterAction::Close => self.filter_panel = None,
            FilterAction::Edit(edit) => self.edit_filter(*edit),
            FilterAction::Clear(id) => self.clear_filter(id),
            FilterAction::SetMode(id, mode) => {
                if let Some(l) = self.layer_mut(id) {
                    l.filter_mode = mode;
                }
            }
            FilterAction::SummarizeField(field) => self.summarize_field(field),
            FilterAction::Save => self.save_filter(),
            FilterAction::UseSaved(index) => self.use_saved_filter(index),
            FilterAction::DeleteSaved(index) => {
                if index < self.settings.saved_filters.len() {
                    self.settings.saved_filters.remove(index);
                    self.save_settings();
                }
            }
            FilterAction::ReloadWithFilter(id) => self.reload_with_filter(id),
            FilterAction::FarFrom {
                layer,
                other,
                metres,
            } => self.filter_far_from(layer, other, metres),
        }
    }
}
