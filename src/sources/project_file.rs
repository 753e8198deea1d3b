//! Reads and writes project files (`.territoire`, TOML); writing is atomic (a temporary file renamed).

use std::path::Path;

use crate::i18n::tr_args;
use crate::project::Project;

/// The extension of project files.
pub const EXTENSION: &str = "territoire";

/// Reads the project at `path`; the message names the file and the problem.
pub fn read(path: &Path) -> Result<Project, String> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        tr_args(
            "project-read-failed",
            &[
                ("path", &path.display().to_string()),
                ("error", &e.to_string()),
            ],
        )
    })?;
    Project::from_toml(&text).map_err(|e| {
        tr_args(
            "project-invalid",
            &[
                ("path", &path.display().to_string()),
                ("error", &e.to_string()),
            ],
        )
    })
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
pub fn write(path: &Path, project: &Project) -> Result<(), String> {
    let text = project.to_toml().map_err(|e| e.to_string())?;
    super::atomic_file::write_atomically(path, |w| w.write_all(text.as_bytes())).map_err(|e| {
        tr_args(
            "project-write-failed",
            &[
                ("path", &path.display().to_string()),
                ("error", &e.to_string()),
            ],
        )
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
        assert_eq!(read(&path), Ok(project("Essai")));
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
        assert_eq!(read(&path), Ok(project("Avant")));
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("listing")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names.len(), 1, "no temporary file left: {names:?}");
    }

    #[test]
    fn unreadable_files_are_named_in_the_message() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("pas-un-projet.territoire");
        std::fs::write(&path, "format = \"autre\"\nversion = 1\n").expect("written");
        let message = read(&path).expect_err("refused");
        assert!(message.contains("pas-un-projet.territoire"), "{message}");
        let missing = read(&dir.path().join("absent.territoire")).expect_err("missing");
        assert!(missing.contains("absent.territoire"), "{missing}");
    }
}
