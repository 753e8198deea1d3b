//! Makes a project hold together: unique layer keys, and no reference to a layer it does not have.
//!
//! The loader and the save path run the same repair, so a saved file always reopens and an old or
//! hand-edited file opens with what can be shown; each fix is reported as a [`ProjectWarning`].

use std::collections::BTreeSet;

use super::{Part, PlaceEntry, Project, Snapshot, layer_key};
use crate::i18n::tr_args;

/// Something a project named that could not be kept as is; the project opened without it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProjectWarning {
    /// A part of the project named a layer the project does not have; the reference was dropped.
    MissingLayer {
        /// The missing layer's key.
        key: String,
        /// What named it.
        from: Referrer,
    },
    /// A layer, bookmark or step could not be read and was left out (or the opening state,
    /// replaced by the default view).
    Unreadable {
        /// Which part.
        part: Part,
        /// Its name or title, else its number.
        name: String,
    },
    /// Two layers had the same key: the later one was given a new key.
    DuplicateKey {
        /// The shared key.
        key: String,
        /// The later layer's new key.
        renamed: String,
    },
}

/// The part of a project that names layers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Referrer {
    /// The state the project opens with.
    Opening,
    /// A scenario step, by title.
    Step(String),
    /// A bookmark, by name.
    Bookmark(String),
}

impl ProjectWarning {
    /// The warning in the interface language.
    pub fn message(&self) -> String {
        match self {
            Self::MissingLayer { key, from } => {
                let (locale_key, name) = match from {
                    Referrer::Opening => ("project-warning-missing-opening", ""),
                    Referrer::Step(name) => ("project-warning-missing-step", name.as_str()),
                    Referrer::Bookmark(name) => ("project-warning-missing-bookmark", name.as_str()),
                };
                tr_args(locale_key, &[("key", key), ("name", name)])
            }
            Self::Unreadable { part, name } => part.message(name),
            Self::DuplicateKey { key, renamed } => tr_args(
                "project-warning-duplicate-key",
                &[("key", key), ("renamed", renamed)],
            ),
        }
    }
}

impl std::fmt::Display for ProjectWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

/// The known keys and the warnings found so far.
struct Checker {
    keys: BTreeSet<String>,
    warnings: Vec<ProjectWarning>,
}

impl Checker {
    /// Whether `key` names a layer; warns once per key and referrer when it does not.
    fn keep(&mut self, key: &str, from: &Referrer) -> bool {
        if self.keys.contains(key) {
            return true;
        }
        let warning = ProjectWarning::MissingLayer {
            key: key.to_owned(),
            from: from.clone(),
        };
        if !self.warnings.contains(&warning) {
            self.warnings.push(warning);
        }
        false
    }

    fn snapshot(&mut self, s: &mut Snapshot, from: &Referrer) {
        s.visible.retain(|k| self.keep(k, from));
        s.filters.retain(|k, _| self.keep(k, from));
        for filter in s.filters.values_mut() {
            filter.places.retain(|p| match p {
                PlaceEntry::InZones { layer, .. } | PlaceEntry::Near { layer, .. } => {
                    self.keep(layer, from)
                }
                PlaceEntry::InDrawing { .. } => true,
            });
        }
        // A filter left without any condition keeps everything: it is no filter.
        s.filters
            .retain(|_, f| !f.expression.trim().is_empty() || !f.places.is_empty());
        if let Some(c) = &mut s.compare {
            c.sides.retain(|k, _| self.keep(k, from));
        }
        if let Some(z) = &mut s.zones {
            // Without its zone layer the zone window has nothing to show.
            if z.zones.is_empty() || !self.keep(&z.zones, from) {
                s.zones = None;
                return;
            }
            // An empty key means "not chosen yet".
            if !z.count.is_empty() && !self.keep(&z.count, from) {
                z.count.clear();
            }
            if z.near.as_deref().is_some_and(|k| !self.keep(k, from)) {
                z.near = None;
            }
            z.others.retain(|k| self.keep(k, from));
        }
    }
}

impl Project {
    /// Gives every layer a unique key and drops the references to layers the project does not
    /// have (in the opening state, steps, bookmarks, filters, comparison and zone settings).
    /// Returns what was changed; an empty list means the project already held together.
    pub fn repair(&mut self) -> Vec<ProjectWarning> {
        let mut checker = Checker {
            keys: BTreeSet::new(),
            warnings: Vec::new(),
        };
        for layer in &mut self.layers {
            if layer.key.is_empty() {
                layer.key = layer_key(&layer.name, &checker.keys);
            } else if checker.keys.contains(&layer.key) {
                let renamed = layer_key(&layer.key, &checker.keys);
                checker.warnings.push(ProjectWarning::DuplicateKey {
                    key: std::mem::replace(&mut layer.key, renamed.clone()),
                    renamed,
                });
            }
            checker.keys.insert(layer.key.clone());
        }
        checker.snapshot(&mut self.state, &Referrer::Opening);
        for step in &mut self.steps {
            checker.snapshot(&mut step.state, &Referrer::Step(step.title.clone()));
        }
        for b in &mut self.bookmarks {
            let from = Referrer::Bookmark(b.name.clone());
            b.visible.retain(|k| checker.keep(k, &from));
        }
        checker.warnings
    }
}
