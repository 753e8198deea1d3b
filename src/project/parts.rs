//! Reads a project file part by part: a layer, bookmark or step that cannot be read (a field of
//! the wrong type, an unknown kind of source) is left out with a warning instead of refusing the
//! whole file.

use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::{Project, ProjectError, ProjectWarning, Snapshot, syntax};
use crate::i18n::tr_args;

/// The parts of a project file, each read on its own.
#[derive(Deserialize)]
struct Parts {
    #[serde(default)]
    format: String,
    #[serde(default)]
    version: u32,
    #[serde(default)]
    title: String,
    #[serde(default)]
    layers: Vec<toml::Value>,
    #[serde(default)]
    state: Option<toml::Value>,
    #[serde(default)]
    bookmarks: Vec<toml::Value>,
    #[serde(default)]
    steps: Vec<toml::Value>,
}

/// The part of a project that could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// A layer.
    Layer,
    /// A bookmark.
    Bookmark,
    /// A scenario step.
    Step,
    /// The state the project opens with (the map then opens on Angers with every layer hidden).
    Opening,
}

impl Part {
    /// The warning about this part, named `name`, in the interface language.
    pub(super) fn message(self, name: &str) -> String {
        let key = match self {
            Self::Layer => "project-warning-unreadable-layer",
            Self::Bookmark => "project-warning-unreadable-bookmark",
            Self::Step => "project-warning-unreadable-step",
            Self::Opening => "project-warning-unreadable-opening",
        };
        tr_args(key, &[("name", name)])
    }
}

/// Reads what can be read of a project's text; the file's header is already checked.
pub(super) fn read(text: &str) -> Result<(Project, Vec<ProjectWarning>), ProjectError> {
    let parts: Parts = toml::from_str(text).map_err(|e| syntax(text, &e))?;
    let mut warnings = Vec::new();
    let state = match parts.state.map(toml::Value::try_into::<Snapshot>) {
        None => Snapshot::default(),
        Some(Ok(state)) => state,
        Some(Err(e)) => {
            log::info!("project state: {e}");
            warnings.push(ProjectWarning::Unreadable {
                part: Part::Opening,
                name: String::new(),
            });
            Snapshot::default()
        }
    };
    let project = Project {
        format: parts.format,
        version: parts.version,
        title: parts.title,
        layers: each(parts.layers, Part::Layer, &mut warnings),
        state,
        bookmarks: each(parts.bookmarks, Part::Bookmark, &mut warnings),
        steps: each(parts.steps, Part::Step, &mut warnings),
    };
    Ok((project, warnings))
}

/// The entries that can be read; each other one becomes a warning naming it (its name or title,
/// else its number).
fn each<T: DeserializeOwned>(
    values: Vec<toml::Value>,
    part: Part,
    warnings: &mut Vec<ProjectWarning>,
) -> Vec<T> {
    let mut kept = Vec::new();
    for (i, value) in values.into_iter().enumerate() {
        let name = ["name", "title"]
            .iter()
            .find_map(|k| value.get(k).and_then(toml::Value::as_str))
            .map_or_else(|| format!("n° {}", i + 1), str::to_owned);
        match value.try_into::<T>() {
            Ok(entry) => kept.push(entry),
            Err(e) => {
                log::info!("project {part:?} {name}: {e}");
                warnings.push(ProjectWarning::Unreadable { part, name });
            }
        }
    }
    kept
}
