//! What the user can ask of the attribute table, and how the app carries it out.

use crate::app::LayerId;
use crate::app::TerritoireApp;

/// Something the user asked of the attribute table.
#[derive(Clone, Debug, PartialEq)]
pub enum TableAction {
    /// Show a layer's attribute table.
    Show(LayerId),
    /// Close the attribute table.
    Close,
    /// Change how the attribute table lists rows (filtered only, search, sort).
    SetQuery(crate::app::table::TableQuery),
    /// Select rows of the attribute table (feature indices); `add` toggles them in the
    /// selection; `zoom` fits the map to them.
    SelectRows {
        /// The rows.
        rows: Vec<usize>,
        /// Toggle them in the current selection instead of replacing it.
        add: bool,
        /// Fit the map to them.
        zoom: bool,
    },
    /// Fit the map to these rows of the attribute table's layer.
    ZoomToRows(Vec<usize>),
    /// The attribute table scrolled to the row asked for.
    Scrolled,
    /// Export the rows listed in the attribute table: to this file, or asking where first.
    ExportRows(
        crate::sources::export_file::ExportFormat,
        Option<std::path::PathBuf>,
    ),
    /// Copy the selected rows (or all listed rows) to the clipboard.
    CopyRows,
}

impl TerritoireApp {
    /// Carries out one request about the attribute table.
    pub(crate) fn apply_table(&mut self, action: TableAction) {
        match action {
            TableAction::Show(id) => self.show_table(id),
            TableAction::SetQuery(query) => self.set_table_query(query),
            TableAction::SelectRows { rows, add, zoom } => self.select_rows(rows, add, zoom),
            TableAction::CopyRows => self.copy_rows(),
            TableAction::ExportRows(format, path) => self.export_rows(format, path),
            TableAction::ZoomToRows(rows) => self.zoom_to_rows(&rows),
            TableAction::Scrolled => {
                if let Some(table) = self.table.as_mut() {
                    table.scroll_to = None;
                    table.scroll_top = false;
                }
            }
            TableAction::Close => self.table = None,
        }
    }
}
