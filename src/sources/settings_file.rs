//! Reads and writes the settings file (whatever the settings hold: the caller names the type) and names the platform folders (config, cache).

use std::path::PathBuf;

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("fr", "Angers Loire Metropole", "Territoire")
}

/// The platform cache folder (`~/.cache/territoire`, `%LOCALAPPDATA%\…\cache`), or the folder
/// named by `TERRITOIRE_CACHE_DIR` (portable installs, tests).
pub fn cache_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("TERRITOIRE_CACHE_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    project_dirs().map(|d| d.cache_dir().to_path_buf())
}

fn settings_path() -> Option<PathBuf> {
    project_dirs().map(|d| d.config_dir().join("settings.toml"))
}

/// The saved settings, or the defaults when there are none or they cannot be read.
pub fn load<S: serde::de::DeserializeOwned + Default>() -> S {
    let Some(path) = settings_path() else {
        return S::default();
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => toml::from_str(&text).unwrap_or_else(|e| {
            log::warn!("settings ignored ({e}): {}", path.display());
            S::default()
        }),
        Err(_) => S::default(),
    }
}

/// Saves the settings atomically (write then rename).
pub fn save<S: serde::Serialize>(settings: &S) -> std::io::Result<()> {
    let path = settings_path().ok_or_else(|| std::io::Error::other("no config folder"))?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let text = toml::to_string(settings).map_err(std::io::Error::other)?;
    let tmp = path.with_extension("toml.tmp");
    std::fs::write(&tmp, text)?;
    std::fs::rename(tmp, path)
}
