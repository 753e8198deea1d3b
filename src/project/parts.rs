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
    /// The filter of the layer named.
    Filter,
    /// The comparison the project opens with.
    Compare,
    /// The zone statistics the project opens with.
    Zones,
}

impl Part {
    /// The warning about this part, named `name`, in the interface language.
    pub(super) fn message(self, name: &str) -> String {
        let key = match self {
            Self::Layer => "project-warning-unreadable-layer",
            Self::Bookmark => "project-warning-unreadable-bookmark",
            Self::Step => "project-warning-unreadable-step",
            Self::Opening => "project-warning-unreadable-opening",
            Self::Filter => "project-warning-unreadable-filter",
            Self::Compare => "project-warning-unreadable-compare",
            Self::Zones => "project-warning-unreadable-zones",
        };
        tr_args(key, &[("name", name)])
    }
}

/// Reads what can be read of a project's text; the file's header is already checked.
pub(super) fn read(text: &str) -> Result<(Project, Vec<ProjectWarning>), ProjectError> {
    let parts: Parts = toml::from_str(text).map_err(|e| syntax(text, &e))?;
    let mut warnings = Vec::new();
    let state = match parts.state {
        None => Snapshot::default(),
        Some(value) => match value.clone().try_into::<Snapshot>() {
            Ok(state) => state,
            Err(e) => {
                log::info!("project state: {e}");
                state_by_parts(value, &mut warnings)
            }
        },
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

/// The opening state read piece by piece when it does not read whole: a filter, the comparison
/// or the zone statistics that cannot be read is left out alone; only an unreadable view or list
/// of visible layers loses the opening view.
fn state_by_parts(value: toml::Value, warnings: &mut Vec<ProjectWarning>) -> Snapshot {
    let mut table = match value {
        toml::Value::Table(table) => table,
        _ => toml::Table::new(),
    };
    let mut take = |key: &str| table.remove(key);
    let mut lost = |part: Part, name: &str| {
        warnings.push(ProjectWarning::Unreadable {
            part,
            name: name.to_string(),
        });
    };
    let mut state = Snapshot::default();
    let opening = (
        take("view").map(toml::Value::try_into),
        take("visible").map(toml::Value::try_into),
    );
    match opening {
        (Some(Ok(view)), Some(Ok(visible))) => (state.view, state.visible) = (view, visible),
        (None, None) => {}
        _ => lost(Part::Opening, ""),
    }
    state.basemap = take("basemap").and_then(|b| b.try_into().ok());
    state.custom_basemap = take("custom_basemap").and_then(|b| b.try_into().ok());
    if let Some(toml::Value::Table(filters)) = take("filters") {
        for (key, entry) in filters {
            match entry.try_into() {
                Ok(filter) => {
                    state.filters.insert(key, filter);
                }
                Err(e) => {
                    log::info!("project filter {key}: {e}");
                    lost(Part::Filter, &key);
                }
            }
        }
    }
    match take("compare").map(toml::Value::try_into) {
        Some(Ok(compare)) => state.compare = Some(compare),
        Some(Err(_)) => lost(Part::Compare, ""),
        None => {}
    }
    match take("zones").map(toml::Value::try_into) {
        Some(Ok(zones)) => state.zones = Some(zones),
        Some(Err(_)) => lost(Part::Zones, ""),
        None => {}
    }
    state
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
