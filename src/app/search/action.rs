//! What the user can ask of the address search, and how the app carries it out.

use crate::app::TerritoireApp;

/// Something the user asked of the address search.
#[derive(Clone, Debug, PartialEq)]
pub enum SearchAction {
    /// The address search box's text changed.
    Typed(String),
    /// Go to a suggested address and mark it.
    GoTo(Box<crate::sources::geocoder::Suggestion>),
    /// Close the address suggestions.
    Close,
    /// Remove the marker of a found address.
    ClearMarker,
}

impl TerritoireApp {
    /// Carries out one request about the address search.
    pub(crate) fn apply_search(&mut self, action: SearchAction) {
        match action {
            SearchAction::Typed(text) => self.address_typed(text),
            SearchAction::GoTo(s) => self.go_to_address(*s),
            SearchAction::Close => self.search.open = false,
            SearchAction::ClearMarker => self.map.marker = None,
        }
    }
}
