//! The native "open file" dialog, called from a background job so the window keeps drawing.

use std::path::PathBuf;

/// Asks the user for files to open; empty when the dialog is cancelled.
pub fn pick_files() -> Vec<PathBuf> {
    rfd::FileDialog::new()
        .set_title(crate::i18n::tr("dialog-open-title"))
        .add_filter(
            crate::i18n::tr("dialog-filter-geo"),
            &super::open::EXTENSIONS,
        )
        .add_filter(crate::i18n::tr("dialog-filter-all"), &["*"])
        .pick_files()
        .unwrap_or_default()
}
