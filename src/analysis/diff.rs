//! Change detection between two versions of a layer: features added, removed and modified
//! (with the fields that changed), matched on a key field or on identical geometry.
//!
//! Rules, so that a count always means the same thing:
//! - A key is compared as a value: the integer 12, the decimal 12.0 and the text " 12" are one
//!   key; a code with a leading zero ("049007") stays text, as the readers keep it.
//! - With duplicate keys, the n-th feature of a key in the old version matches the n-th feature
//!   of that key in the new one; the others are removed or added. Every feature whose key
//!   already appeared in its version is counted in [`Diff::duplicates`].
//! - A feature without key (null or blank key, or no geometry when matching on geometry) cannot
//!   be matched: it is removed or added, and counted in [`Diff::without_key`].
//! - On geometry, two features match when they have the same kind (a polygon and a
//!   multipolygon of one part are the same), parts and rings, and every coordinate on the same
//!   point of a grid of [`COORD_TOLERANCE_DEG`] (rounded to it): two positions closer than the
//!   tolerance but on either side of a grid line do not match. On a key, the geometry counts
//!   as changed when a coordinate moved by more than the tolerance.
//! - Keys are sorted, not looked up: numbers and dates by their exact value, texts and shapes
//!   by two independent 64-bit hashes (a false match has a chance of about 2⁻¹²⁸). Pairs are
//!   first compared by a fingerprint of each row made in order, then field by field only when
//!   the fingerprints differ: a million rows take well under a second.
//! - Fields are compared by name on the columns both versions have; the others are listed in
//!   [`Diff::added_fields`] and [`Diff::removed_fields`]. When a field changed type (integer in
//!   one version, text in the other), values are compared as keys are.
//!
//! So `old.len() == removed + modified + unchanged` and `new.len() == added + modified +
//! unchanged`.
//!
//! ```
//! use territoire::analysis::diff::{Match, diff};
//! use territoire::data::DatasetBuilder;
//!
//! let version = |rows: &[(&str, &str)]| {
//!     let mut b = DatasetBuilder::new(false);
//!     let (id, name) = (b.add_column("id"), b.add_column("nom"));
//!     for (i, (key, value)) in rows.iter().enumerate() {
//!         b.geometry.push_point([-0.55 + i as f64 * 0.001, 47.47]);
//!         b.column(id).push_inferred(key);
//!         b.column(name).push_text(value);
//!         b.end_row();
//!     }
//!     b.finish(None)
//! };
//! let old = version(&[("1", "Ralliement"), ("2", "Mail"), ("3", "Lices")]);
//! let new = version(&[("1", "Ralliement"), ("3", "Les Lices"), ("4", "Doutre")]);
//! let d = diff(&old, &new, &Match::Key("id".into())).expect("id in both");
//! assert_eq!((d.added.len(), d.removed.len(), d.modified.len(), d.unchanged), (1, 1, 1, 1));
//! assert_eq!(d.changed_fields(&d.modified[0]).collect::<Vec<_>>(), ["nom"]);
//! ```

mod cells;
mod fingerprint;
mod geometry;
mod modified;
mod pairing;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use crate::data::{Bitmap, Dataset};
use crate::i18n::tr_args;

/// Two coordinates closer than this on each axis, in degrees, are the same (about 1 cm).
pub const COORD_TOLERANCE_DEG: f64 = 1e-7;

/// How features of the two versions are paired.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Match {
    /// On the value of this field (in both versions).
    Key(String),
    /// On identical geometry, within [`COORD_TOLERANCE_DEG`].
    Geometry,
}

/// Why two versions cannot be compared.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DiffError {
    /// The key field is missing from a version (`old` tells which).
    #[error("{}", tr_args(if *.old { "diff-err-key-old" } else { "diff-err-key-new" }, &[("field", .field)]))]
    MissingKey {
        /// The field.
        field: String,
        /// True for the old version, false for the new one.
        old: bool,
    },
}

/// A feature present in both versions whose fields or geometry changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Modified {
    /// Its row in the old version.
    pub old: u32,
    /// Its row in the new version.
    pub new: u32,
    /// The fields that changed, as indices into [`Diff::fields`].
    pub fields: Vec<u32>,
    /// The geometry changed (beyond the tolerance).
    pub geometry: bool,
}

/// A count for each version.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PerVersion {
    /// In the old version.
    pub old: usize,
    /// In the new version.
    pub new: usize,
}

/// What changed from one version of a layer to the next.
#[derive(Clone, Debug, PartialEq)]
pub struct Diff {
    /// How features were paired.
    pub matched_on: Match,
    /// Rows of the old version with no counterpart, in order.
    pub removed: Vec<u32>,
    /// Rows of the new version with no counterpart, in order.
    pub added: Vec<u32>,
    /// Paired features that differ, in the new version's order.
    pub modified: Vec<Modified>,
    /// Paired features that are the same.
    pub unchanged: usize,
    /// The fields compared (present in both versions), in the old version's order.
    pub fields: Vec<String>,
    /// Fields only the new version has.
    pub added_fields: Vec<String>,
    /// Fields only the old version has.
    pub removed_fields: Vec<String>,
    /// Features whose key already appeared earlier in their version.
    pub duplicates: PerVersion,
    /// Features without a key (null key, or no geometry when matching on geometry).
    pub without_key: PerVersion,
}

impl Diff {
    /// The names of the fields that changed in `m` (not the geometry: see [`Modified::geometry`]).
    pub fn changed_fields<'a>(&'a self, m: &'a Modified) -> impl Iterator<Item = &'a str> + 'a {
        m.fields
            .iter()
            .filter_map(|&f| self.fields.get(f as usize).map(String::as_str))
    }

    /// The rows of `len` features listed in `rows`, as a mask for drawing.
    pub fn mask(len: usize, rows: impl Iterator<Item = usize>) -> Bitmap {
        let mut mask = Bitmap::new(len, false);
        for row in rows.filter(|&r| r < len) {
            mask.set(row, true);
        }
        mask
    }
}

/// One entry of the list of changes: added, then removed, then modified features.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change<'a> {
    /// A row of the new version.
    Added(u32),
    /// A row of the old version.
    Removed(u32),
    /// A pair of rows.
    Modified(&'a Modified),
}

impl Diff {
    /// Number of features that changed (added, removed or modified).
    pub fn change_count(&self) -> usize {
        self.added.len() + self.removed.len() + self.modified.len()
    }

    /// The `i`-th change: added features first, then removed, then modified ones.
    pub fn change(&self, i: usize) -> Option<Change<'_>> {
        let (a, r) = (self.added.len(), self.removed.len());
        if i < a {
            return Some(Change::Added(self.added[i]));
        }
        if i < a + r {
            return Some(Change::Removed(self.removed[i - a]));
        }
        self.modified.get(i - a - r).map(Change::Modified)
    }

    /// Sentences for what the counts do not say: fields added or removed, duplicate keys,
    /// features without key. Empty when there is nothing to say.
    pub fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        for (fields, key) in [
            (&self.added_fields, "change-fields-added"),
            (&self.removed_fields, "change-fields-removed"),
        ] {
            if !fields.is_empty() {
                notes.push(tr_args(key, &[("fields", &fields.join(", "))]));
            }
        }
        for (counts, key) in [
            (self.duplicates, "change-duplicates"),
            (self.without_key, "change-without-key"),
        ] {
            if counts.old + counts.new > 0 {
                notes.push(tr_args(
                    key,
                    &[
                        ("old", &counts.old.to_string()),
                        ("new", &counts.new.to_string()),
                    ],
                ));
            }
        }
        notes
    }

    /// The key of a change as shown (see [`key_text`]).
    pub fn change_key(&self, old: &Dataset, new: &Dataset, change: Change<'_>) -> String {
        match change {
            Change::Added(row) => key_text(new, &self.matched_on, row as usize),
            Change::Removed(row) => key_text(old, &self.matched_on, row as usize),
            Change::Modified(m) => key_text(new, &self.matched_on, m.new as usize),
        }
    }
}

/// The columns of the list of changes written for spreadsheets.
pub const CHANGE_CSV_HEADER: [&str; 5] = [
    "statut",
    "cle",
    "champs_modifies",
    "ligne_ancienne",
    "ligne_nouvelle",
];

impl Diff {
    /// The fields that changed in `change` (none for an addition or a removal), the geometry
    /// last, under the name `geometry`.
    pub fn change_fields<'a>(&'a self, change: Change<'a>, geometry: &'a str) -> Vec<&'a str> {
        match change {
            Change::Modified(m) => self
                .changed_fields(m)
                .chain(m.geometry.then_some(geometry))
                .collect(),
            Change::Added(_) | Change::Removed(_) => Vec::new(),
        }
    }

    /// One line of the list of changes for a spreadsheet (see [`CHANGE_CSV_HEADER`]): status,
    /// key, changed fields, and the feature's row in each version (from 1; empty when absent).
    pub fn change_record(&self, old: &Dataset, new: &Dataset, change: Change<'_>) -> Vec<String> {
        let (status, old_row, new_row) = match change {
            Change::Added(n) => ("change-added-one", None, Some(n)),
            Change::Removed(o) => ("change-removed-one", Some(o), None),
            Change::Modified(m) => ("change-modified-one", Some(m.old), Some(m.new)),
        };
        let geometry = crate::i18n::tr("change-geometry");
        let number = |row: Option<u32>| row.map(|r| (r + 1).to_string()).unwrap_or_default();
        vec![
            crate::i18n::tr(status),
            self.change_key(old, new, change),
            self.change_fields(change, &geometry).join(", "),
            number(old_row),
            number(new_row),
        ]
    }
}

/// Field names that usually hold a feature's identifier, by preference (any case).
const KEY_NAMES: [&str; 5] = ["id", "identifiant", "objectid", "gid", "cle_interop"];

/// The fields both versions have, in the old version's order.
pub fn common_field_names<'a>(old: &'a Dataset, new: &Dataset) -> Vec<&'a str> {
    old.columns
        .iter()
        .map(|c| c.name.as_str())
        .filter(|name| new.column(name).is_some())
        .collect()
}

/// The usual pairing: an identifier field both versions have (`id`, `identifiant`,
/// `objectid`, `gid`, `cle_interop`), else the geometry.
pub fn default_key(old: &Dataset, new: &Dataset) -> Match {
    let common = common_field_names(old, new);
    KEY_NAMES
        .iter()
        .find_map(|k| common.iter().find(|c| c.eq_ignore_ascii_case(k)))
        .map_or(Match::Geometry, |name| Match::Key((*name).to_owned()))
}

/// The key of `row` as shown: the key field's value, or its number (from 1) on geometry.
pub fn key_text(ds: &Dataset, matched_on: &Match, row: usize) -> String {
    match matched_on {
        Match::Key(field) => ds
            .column(field)
            .map(|c| c.value(row).to_string())
            .unwrap_or_default(),
        Match::Geometry => format!("#{}", row + 1),
    }
}

/// Compares `old` and `new`, pairing features on `key`. Fields are compared in parallel.
pub fn diff(old: &Dataset, new: &Dataset, key: &Match) -> Result<Diff, DiffError> {
    let pairing = pair(old, new, key)?;
    let (fields, columns) = common_fields(old, new);
    let modified =
        modified::Versions { old, new, columns }.modified(&pairing.pairs, *key != Match::Geometry);
    let unchanged = pairing.pairs.len() - modified.len();
    Ok(Diff {
        matched_on: key.clone(),
        removed: pairing.removed,
        added: pairing.added,
        modified,
        unchanged,
        fields,
        added_fields: only_in(new, old),
        removed_fields: only_in(old, new),
        duplicates: pairing.duplicates,
        without_key: pairing.without_key,
    })
}

/// Pairs the rows of the two versions on the key field's values, or on identical geometry.
fn pair(old: &Dataset, new: &Dataset, key: &Match) -> Result<pairing::Pairing, DiffError> {
    Ok(match key {
        Match::Key(field) => {
            let missing = |is_old: bool| DiffError::MissingKey {
                field: field.clone(),
                old: is_old,
            };
            let a = old.column(field).ok_or_else(|| missing(true))?;
            let b = new.column(field).ok_or_else(|| missing(false))?;
            let (a, b) = rayon::join(|| cells::KeyColumn::new(a), || cells::KeyColumn::new(b));
            pairing::pair_rows(&a, &b)
        }
        Match::Geometry => pairing::pair_rows(
            &geometry::Shapes(&old.geometry),
            &geometry::Shapes(&new.geometry),
        ),
    })
}

/// The names of the fields `a` has and `b` has not.
fn only_in(a: &Dataset, b: &Dataset) -> Vec<String> {
    a.columns
        .iter()
        .filter(|c| b.column(&c.name).is_none())
        .map(|c| c.name.clone())
        .collect()
}

/// Names of the fields both versions have (old order), with their column indices.
fn common_fields(old: &Dataset, new: &Dataset) -> (Vec<String>, Vec<(usize, usize)>) {
    let by_name: HashMap<&str, usize> = new
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| (c.name.as_str(), i))
        .collect();
    old.columns
        .iter()
        .enumerate()
        .filter_map(|(i, c)| Some((c.name.clone(), (i, *by_name.get(c.name.as_str())?))))
        .unzip()
}
