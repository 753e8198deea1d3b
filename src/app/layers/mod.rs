//! Layers: the model of a map layer, the layer panel, and the identify popup.

mod action;
mod choose;
mod load;
mod order;

pub use action::LayersAction;

mod duplicate;
mod error;
mod fit;
mod identify_ui;
mod layer;
mod path_prompt;
mod state_ui;
mod ui;
mod undo;

pub use choose::LayerChoice;
pub use duplicate::Duplicate;
pub use error::LayerError;
pub use fit::FitOnLoad;
pub use layer::{
    FilterMode, Layer, LayerFilter, LayerId, LayerSource, LayerState, PreviousCopy, Provenance,
    default_style, display_name,
};
pub use path_prompt::PathPrompt;
pub use ui::format_count;
pub use undo::Removed;
