//! The native "open file" and "save file" dialogs, called from background jobs so the window keeps drawing.

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

/// Asks the user where to save a file named `default_name` (with the filter for `extension`);
/// `None` when the dialog is cancelled.
/// Asks the user for a project file to open; `None` when cancelled. Blocking: call it from a job.
pub fn pick_project() -> Option<PathBuf> {
    rfd::FileDialog::new()
        .set_title(crate::i18n::tr("dialog-open-project"))
        .add_filter("Territoire", &[super::project_file::EXTENSION])
        .pick_file()
}

/// The native "save" dialog for a file of `extension`, blocking; call it from a job.
pub fn save_file(default_name: &str, extension: &str) -> Option<PathBuf> {
    rfd::FileDialog::new()
        .set_title(crate::i18n::tr("dialog-save-title"))
        .set_file_name(default_name)
        .add_filter(extension.to_uppercase(), &[extension])
        .save_file()
}
