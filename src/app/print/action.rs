//! What the user can ask of the map export, and how the app carries it out.

use crate::app::TerritoireApp;
use crate::print::{Format, Paper};
use std::path::PathBuf;

/// Something the user asked of the map export.
#[derive(Clone, Debug, PartialEq)]
pub enum PrintAction {
    /// Show or hide the map export window.
    Toggle,
    /// Set the title of the exported map.
    SetTitle(String),
    /// Choose the paper size, orientation and resolution.
    SetPaper(Paper),
    /// Choose PNG or PDF (for the file the save dialog proposes).
    SetFormat(Format),
    /// Export the map: to this file (`.png` or `.pdf`), or asking where first.
    Export(Option<PathBuf>),
}

impl TerritoireApp {
    /// Carries out one request about the map export.
    pub(crate) fn apply_print(&mut self, action: PrintAction) {
        match action {
            PrintAction::Toggle => self.print.open = !self.print.open,
            PrintAction::SetTitle(title) => self.print.title = title,
            PrintAction::SetPaper(paper) => self.print.paper = paper,
            PrintAction::SetFormat(format) => self.print.format = format,
            PrintAction::Export(path) => self.export_map(path),
        }
    }
}
