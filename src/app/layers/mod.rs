//! Layers: the model of a map layer, the layer panel, and the identify popup.

mod action;
mod load;
mod order;

pub use action::LayersAction;

mod error;
mod fit;
mod identify_ui;
mod layer;
mod state_ui;
mod ui;
mod undo;

pub use error::LayerError;
pub use fit::FitOnLoad;
pub use layer::{
    FilterMode, Layer, LayerFilter, LayerId, LayerSource, LayerState, PreviousCopy, Provenance,
    default_style, display_name,
};
pub use ui::format_count;
pub use undo::Removed;
