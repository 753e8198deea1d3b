//! The native "open file" and "save file" dialogs, called from background jobs so the window keeps drawing.

use std::path::{Path, PathBuf};

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

/// Asks the user for a project file to open; `None` when cancelled. Blocking: call it from a job.
pub fn pick_project() -> Option<PathBuf> {
    rfd::FileDialog::new()
        .set_title(crate::i18n::tr("dialog-open-project"))
        .add_filter("Territoire", &[super::project_file::EXTENSION])
        .pick_file()
}

/// The native "save" dialog for a file of `extension` proposed as `default_name`, blocking; call it
/// from a job. `None` when the dialog is cancelled.
pub fn save_file(default_name: &str, extension: &str) -> Option<PathBuf> {
    save_file_in(None, default_name, extension)
}

/// [`save_file`], opening in `folder` when given.
pub fn save_file_in(folder: Option<&Path>, default_name: &str, extension: &str) -> Option<PathBuf> {
    let mut dialog = rfd::FileDialog::new()
        .set_title(crate::i18n::tr("dialog-save-title"))
        .set_file_name(default_name)
        .add_filter(extension.to_uppercase(), &[extension]);
    if let Some(folder) = folder {
        dialog = dialog.set_directory(folder);
    }
    dialog.save_file()
}

/// The user's documents folder (else the home folder), where new projects are proposed.
pub fn user_folder() -> Option<PathBuf> {
    let dirs = directories::UserDirs::new()?;
    Some(
        dirs.document_dir()
            .map_or_else(|| dirs.home_dir().to_path_buf(), Path::to_path_buf),
    )
}
