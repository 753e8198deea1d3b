//! The native "open file" and "save file" dialogs, called from background jobs so the window keeps
//! drawing; where none can open (Linux without an XDG desktop portal or zenity), the app asks for
//! a path itself and saves into the user's documents folder.

use std::path::{Path, PathBuf};

/// True when a native file dialog can open here. On Linux the dialogs go through the XDG
/// desktop portal (over the session bus) or zenity; without either a dialog call returns at once
/// as if cancelled, so the app must ask in its own window instead.
pub fn native_available() -> bool {
    if !cfg!(target_os = "linux") {
        return true;
    }
    let on_path = |name: &str| {
        std::env::var_os("PATH")
            .is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join(name).is_file()))
    };
    let portal = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
        && [
            "/usr/libexec/xdg-desktop-portal",
            "/usr/lib/xdg-desktop-portal",
        ]
        .iter()
        .any(|p| Path::new(p).is_file());
    portal || on_path("zenity")
}

/// Where a file is saved when no dialog can ask: the documents folder (else home), under
/// `name`, never over an existing file.
pub fn default_save_path(name: &str) -> Option<PathBuf> {
    let folder = user_folder()?;
    let wanted = folder.join(name);
    if !wanted.exists() {
        return Some(wanted);
    }
    let stem = wanted.file_stem()?.to_string_lossy().into_owned();
    let ext = wanted
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    (2..1000)
        .map(|n| folder.join(format!("{stem} ({n}){ext}")))
        .find(|p| !p.exists())
}

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

/// Asks the user for a tile file (MBTiles, PMTiles); `None` when cancelled. Blocking: call it
/// from a job.
pub fn pick_tile_file() -> Option<PathBuf> {
    rfd::FileDialog::new()
        .set_title(crate::i18n::tr("dialog-open-tiles"))
        .add_filter("MBTiles, PMTiles", &["mbtiles", "pmtiles"])
        .pick_file()
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
    if !native_available() {
        let path = default_save_path(default_name);
        log::info!("no file dialog here: saving to {path:?}");
        return path;
    }
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
