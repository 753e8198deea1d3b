//! What the user can ask of the comparison of two sides, and how the app carries it out.

use crate::app::LayerId;
use crate::app::TerritoireApp;

/// Something the user asked of the comparison of two sides.
#[derive(Clone, Debug, PartialEq)]
pub enum CompareAction {
    /// Turn the comparison of two sides on or off.
    Toggle,
    /// Change the comparison's mode, divider, lens or opacity.
    SetView(crate::map::CompareView),
    /// Put a layer on a side of the comparison.
    SetSide(LayerId, crate::app::compare::Side),
}

impl TerritoireApp {
    /// Carries out one request about the comparison of two sides.
    pub(crate) fn apply_compare(&mut self, action: CompareAction) {
        match action {
            CompareAction::Toggle => self.toggle_compare(),
            CompareAction::SetView(view) => self.compare.view = view,
            CompareAction::SetSide(id, side) => {
                self.compare.sides.insert(id, side);
            }
        }
    }
}
