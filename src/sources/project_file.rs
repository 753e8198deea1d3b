//! Reads and writes project files (`.territoire`, TOML); writing is atomic (a temporary file renamed).

use std::path::{Path, PathBuf};

use crate::i18n::tr_args;
use crate::project::{Project, ProjectWarning};

/// The extension of project files.
pub const EXTENSION: &str = "territoire";

/// Why a project file could not be read or written; the words are made when shown, in the
/// interface language, and name the file.
#[derive(Debug, thiserror::Error)]
pub enum ProjectFileError {
    /// The file could not be read.
    #[error("{}", tr_args("project-read-failed", &[("path", &.path.display().to_string()), ("error", &crate::sources::fault::io_reason(.source))]))]
    Read {
        /// The file.
        path: PathBuf,
        /// The system's error.
        source: std::io::Error,
    },
    /// The file is not a project Territoire can read.
    #[error("{}", tr_args("project-invalid", &[("path", &.path.display().to_string()), ("error", .detail)]))]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong in it.
        detail: String,
    },
    /// The file could not be written.
    #[error("{}", tr_args("project-write-failed", &[("path", &.path.display().to_string()), ("error", &crate::sources::fault::io_reason(.source))]))]
    Write {
        /// The file.
        path: PathBuf,
        /// The system's error.
        source: std::io::Error,
    },
}

/// Reads the project at `path`; what had to be dropped for it to hold together is logged.
pub fn read(path: &Path) -> Result<Project, ProjectFileError> {
    read_with_warnings(path).map(|(project, _)| project)
}

/// Reads the project at `path`, with what had to be dropped or renamed for it to hold together.
pub fn read_with_warnings(path: &Path) -> Result<(Project, Vec<ProjectWarning>), ProjectFileError> {
    let text = std::fs::read_to_string(path).map_err(|source| ProjectFileError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let (project, warnings) =
        Project::from_toml_with_warnings(&text).map_err(|e| ProjectFileError::Invalid {
            path: path.to_path_buf(),
            detail: e.to_string(),
        })?;
    for w in &warnings {
        log::info!("{}: {w:?}", path.display());
    }
    Ok((project, warnings))
}

/// The absolute, resolved form of `path` (as listed in recent projects), or `path` itself.
pub fn absolute(path: &Path) -> std::path::PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Removes a project file that is no longer needed (the autosaved session); a missing file is fine.
pub fn remove(path: &Path) {
    if let Err(e) = std::fs::remove_file(path)
        && e.kind() != std::io::ErrorKind::NotFound
    {
        log::warn!("{}: {e}", path.display());
    }
}

/// Writes `project` to `path` atomically: a crash mid-write leaves the previous file whole.
///
/// The loader's repair runs first (references to missing layers are dropped), and the text is
/// read back before it is written: a saved project always reopens.
pub fn write(path: &Path, project: &Project) -> Result<(), ProjectFileError> {
    let failed = |detail: String| ProjectFileError::Write {
        path: path.to_path_buf(),
        source: std::io::Error::other(detail),
    };
    let mut project = project.clone();
    for w in project.repair() {
        log::info!("{}: {w:?}", path.display());
    }
    let text = project.to_toml().map_err(|e| failed(e.to_string()))?;
    if let Err(e) = Project::from_toml(&text) {
        log::error!("{}: the project would not reopen: {e:?}", path.display());
        return Err(failed(e.to_string()));
    }
    super::atomic_file::write_atomically(path, |w| w.write_all(text.as_bytes())).map_err(|source| {
        ProjectFileError::Write {
            path: path.to_path_buf(),
            source,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(title: &str) -> Project {
        Project {
            title: title.to_owned(),
            ..Project::default()
        }
    }

    #[test]
    fn a_written_project_reads_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("essai.territoire");
        write(&path, &project("Essai")).expect("written");
        assert_eq!(read(&path).expect("read"), project("Essai"));
    }

    #[test]
    fn a_crash_while_writing_leaves_the_previous_project_whole() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("essai.territoire");
        write(&path, &project("Avant")).expect("written");
        // The writer dies halfway through the new version.
        let text = project("Après").to_toml().expect("toml");
        let crashed = super::super::atomic_file::write_atomically(&path, |w| {
            w.write_all(&text.as_bytes()[..text.len() / 2])?;
            Err(std::io::Error::other("simulated crash"))
        });
        assert!(crashed.is_err());
        assert_eq!(read(&path).expect("read"), project("Avant"));
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("listing")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names.len(), 1, "no temporary file left: {names:?}");
    }

    #[test]
    fn a_project_naming_missing_layers_is_written_without_those_references() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("essai.territoire");
        let mut p = project("Essai");
        p.bookmarks.push(crate::project::Bookmark {
            name: "Centre".into(),
            view: Default::default(),
            visible: vec!["quartiers".into()],
        });
        write(&path, &p).expect("written");
        let (read, warnings) = read_with_warnings(&path).expect("reopens");
        assert!(warnings.is_empty(), "{warnings:?}");
        assert!(read.bookmarks[0].visible.is_empty());
    }

    #[test]
    fn unreadable_files_are_named_in_the_message() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("pas-un-projet.territoire");
        std::fs::write(&path, "format = \"autre\"\nversion = 1\n").expect("written");
        let message = read(&path).expect_err("refused").to_string();
        assert!(message.contains("pas-un-projet.territoire"), "{message}");
        let missing = read(&dir.path().join("absent.territoire"))
            .expect_err("missing")
            .to_string();
        assert!(missing.contains("absent.territoire"), "{missing}");
    }
}
