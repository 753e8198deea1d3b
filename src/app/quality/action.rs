//! What the user can ask of the data-quality panel, and how the app carries it out.

use std::path::PathBuf;

use crate::analysis::quality::CheckId;
use crate::app::{LayerId, TerritoireApp};

/// Something the user asked of the data-quality panel.
#[derive(Clone, Debug, PartialEq)]
pub enum QualityAction {
    /// Check a layer and show its report.
    Show(LayerId),
    /// Close the panel.
    Close,
    /// Select the rows a check found (table and map).
    Select(CheckId),
    /// Write the report as CSV, to this file or asking where first.
    Export(Option<PathBuf>),
}

impl TerritoireApp {
    /// Carries out one request about the data-quality panel.
    pub(crate) fn apply_quality(&mut self, action: QualityAction) {
        match action {
            QualityAction::Show(id) => self.show_quality(id),
            QualityAction::Close => self.quality = super::QualityPanel::default(),
            QualityAction::Select(check) => self.select_check(check),
            QualityAction::Export(path) => self.export_quality(path),
        }
    }
}
