//! `territoire info PROJECT.territoire [--json]`: a project's title, its layers with the state of
//! their files, and what it named that could not be taken back, without opening a window.
//!
//! A file layer is `ok` when its file exists (relative paths are read from the project's folder)
//! and opens for reading, `missing` when it does not exist, `unreadable` otherwise. Portal layers
//! are not downloaded by `info`: their status is `portal`.

use std::path::Path;
use std::process::ExitCode;

use super::Failure;
use crate::i18n::{tr, tr_args, tr_count};
use crate::project::{Project, SourceEntry, paths};

/// Whether `source` names a project file (`.territoire`).
pub fn is_project(source: &Path) -> bool {
    source
        .extension()
        .is_some_and(|e| e == crate::sources::project_file::EXTENSION)
}

/// The `info --json` object of a project, fields in the documented order.
#[derive(Debug, serde::Serialize)]
pub struct ProjectInfo {
    project: String,
    layers: Vec<LayerInfo>,
    warnings: Vec<String>,
}

/// One layer of the project.
#[derive(Debug, serde::Serialize)]
struct LayerInfo {
    key: String,
    name: String,
    source: String,
    status: LayerStatus,
}

/// What `info` found of a layer's data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
enum LayerStatus {
    /// The file exists and opens for reading.
    Ok,
    /// No file at that place.
    Missing,
    /// The file is there but cannot be read (rights, a folder where a file is expected…).
    Unreadable,
    /// A portal dataset: not downloaded by `info`.
    Portal,
    /// A table of an internal server: not read by `info`.
    Internal,
}

impl LayerStatus {
    fn label(self) -> String {
        tr(match self {
            Self::Ok => "info-status-ok",
            Self::Missing => "info-status-missing",
            Self::Unreadable => "info-status-unreadable",
            Self::Internal => "info-status-internal",
            Self::Portal => "info-status-portal",
        })
    }
}

/// Describes the project saved at `path`; an error when it is not a readable project.
pub fn describe(path: &Path) -> Result<ProjectInfo, Failure> {
    let (project, warnings) =
        crate::sources::project_file::read_with_warnings(path).map_err(|e| e.to_string())?;
    let folder = path.parent().unwrap_or(Path::new(""));
    Ok(ProjectInfo {
        layers: layers(&project, folder),
        project: project.title,
        warnings: warnings.iter().map(ToString::to_string).collect(),
    })
}

fn layers(project: &Project, folder: &Path) -> Vec<LayerInfo> {
    project
        .layers
        .iter()
        .map(|layer| {
            let (source, status) = match &layer.source {
                SourceEntry::File { path, .. } => (
                    path.clone(),
                    file_status(&paths::from_project(path, folder)),
                ),
                SourceEntry::Portal {
                    portal, dataset, ..
                } => (
                    format!(
                        "{}/explore/dataset/{dataset}/",
                        portal.trim_end_matches('/')
                    ),
                    LayerStatus::Portal,
                ),
                SourceEntry::Internal(internal) => (
                    format!("{} · {}", internal.connection, internal.table),
                    LayerStatus::Internal,
                ),
            };
            LayerInfo {
                key: layer.key.clone(),
                name: layer.name.clone(),
                source,
                status,
            }
        })
        .collect()
}

fn file_status(path: &Path) -> LayerStatus {
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => LayerStatus::Missing,
        Err(_) => LayerStatus::Unreadable,
        Ok(meta) if meta.is_dir() => match std::fs::read_dir(path) {
            Ok(_) => LayerStatus::Ok,
            Err(_) => LayerStatus::Unreadable,
        },
        Ok(_) => match std::fs::File::open(path) {
            Ok(_) => LayerStatus::Ok,
            Err(_) => LayerStatus::Unreadable,
        },
    }
}

/// The text summary, in the interface language.
pub fn text(info: &ProjectInfo) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let title = if info.project.trim().is_empty() {
        tr("info-project-untitled")
    } else {
        tr_args("info-project", &[("title", &info.project)])
    };
    let _ = writeln!(out, "{title}");
    let count = tr_count("info-project-layers", info.layers.len() as u64, &[]);
    let _ = writeln!(out, "  {count}");
    for l in &info.layers {
        let _ = writeln!(
            out,
            "    {} ({}) — {} : {}",
            l.name,
            l.key,
            l.source,
            l.status.label()
        );
    }
    if !info.warnings.is_empty() {
        let _ = writeln!(out, "  {}", tr("info-project-warnings"));
        for w in &info.warnings {
            let _ = writeln!(out, "    ! {w}");
        }
    }
    out
}

/// Runs `info` on a project: exit 0 when the file is a project, even with warnings.
pub fn run(path: &Path, json: bool) -> Result<ExitCode, Failure> {
    let info = describe(path)?;
    if json {
        let line = serde_json::to_string(&info).map_err(|e| e.to_string())?;
        crate::cli::say(format_args!("{line}"), true);
    } else {
        crate::cli::say(format_args!("{}", text(&info)), false);
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_and_present_files_are_told_apart() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("a.csv"), "x;y\n").expect("written");
        assert_eq!(file_status(&dir.path().join("a.csv")), LayerStatus::Ok);
        assert_eq!(file_status(&dir.path().join("b.csv")), LayerStatus::Missing);
        assert_eq!(file_status(dir.path()), LayerStatus::Ok);
    }
}
