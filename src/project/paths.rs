//! Layer file paths in a project: relative to the project's folder when inside it, absolute otherwise.

use std::path::{Component, Path, PathBuf};

/// How `file` is written in a project saved in `folder`: relative with `/` when `file` is inside
/// `folder` (or a subfolder), else absolute.
pub fn to_project(file: &Path, folder: &Path) -> String {
    let file = normalize(file);
    let folder = normalize(folder);
    match file.strip_prefix(&folder) {
        Ok(rel) => rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/"),
        Err(_) => file.to_string_lossy().into_owned(),
    }
}

/// The file a project saved in `folder` names by `written`.
pub fn from_project(written: &str, folder: &Path) -> PathBuf {
    let path = Path::new(written);
    if path.is_absolute() || is_windows_absolute(written) {
        path.to_path_buf()
    } else {
        normalize(&folder.join(written.replace('\\', "/")))
    }
}

/// `C:\…`, `C:/…` or `\\server\…`, whatever the platform reading the project.
fn is_windows_absolute(s: &str) -> bool {
    let b = s.as_bytes();
    (b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && (b[2] == b'\\' || b[2] == b'/'))
        || s.starts_with("\\\\")
}

/// Removes `.` and resolves `..` without touching the disk.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_inside_the_folder_are_relative() {
        let folder = Path::new("/home/agent/projets");
        assert_eq!(
            to_project(Path::new("/home/agent/projets/data/a.csv"), folder),
            "data/a.csv"
        );
        assert_eq!(
            to_project(Path::new("/srv/partage/q.geojson"), folder),
            "/srv/partage/q.geojson"
        );
        assert_eq!(
            from_project("data/a.csv", folder),
            PathBuf::from("/home/agent/projets/data/a.csv")
        );
        assert_eq!(
            from_project("../b.shp", folder),
            PathBuf::from("/home/agent/b.shp")
        );
        assert_eq!(
            from_project("/srv/x.csv", folder),
            PathBuf::from("/srv/x.csv")
        );
        assert_eq!(
            from_project("C:\\Données\\x.csv", folder),
            PathBuf::from("C:\\Données\\x.csv")
        );
    }
}
