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
//!   multipolygon of one part are the same), parts and rings, and every coordinate within
//!   [`COORD_TOLERANCE_DEG`]; coordinates are snapped to that grid to be hashed, so two
//!   positions closer than the tolerance but on either side of a grid line do not match.
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
mod geometry;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};
use std::hash::Hash;

use rayon::prelude::*;

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
    let pairing = match key {
        Match::Key(field) => {
            let missing = |is_old: bool| DiffError::MissingKey {
                field: field.clone(),
                old: is_old,
            };
            let a = old.column(field).ok_or_else(|| missing(true))?;
            let b = new.column(field).ok_or_else(|| missing(false))?;
            let (a, b) = rayon::join(|| cells::KeyColumn::new(a), || cells::KeyColumn::new(b));
            pair_rows(
                old.len(),
                |r| a.get(r),
                new.len(),
                |r| b.get(r),
                |_, _| true,
            )
        }
        Match::Geometry => {
            let (a, b) = rayon::join(
                || geometry::shape_hashes(&old.geometry),
                || geometry::shape_hashes(&new.geometry),
            );
            pair_rows(
                old.len(),
                |r| a[r],
                new.len(),
                |r| b[r],
                // A hash collision must not pair two different shapes.
                |o, n| geometry::same_shape(&old.geometry, o, &new.geometry, n),
            )
        }
    };
    let (fields, pairs_of_columns) = common_fields(old, new);
    let check_geometry = *key != Match::Geometry;
    let compared: Vec<Option<Modified>> = pairing
        .pairs
        .par_iter()
        .map(|&(o, n)| {
            let (o_row, n_row) = (o as usize, n as usize);
            let changed: Vec<u32> = pairs_of_columns
                .iter()
                .enumerate()
                .filter(|(_, (a, b))| {
                    !cells::same_cell(&old.columns[*a], o_row, &new.columns[*b], n_row)
                })
                .map(|(f, _)| f as u32)
                .collect();
            let geometry =
                check_geometry && !geometry::same_shape(&old.geometry, o_row, &new.geometry, n_row);
            (geometry || !changed.is_empty()).then_some(Modified {
                old: o,
                new: n,
                fields: changed,
                geometry,
            })
        })
        .collect();
    let unchanged = compared.iter().filter(|m| m.is_none()).count();
    let only_in = |a: &Dataset, b: &Dataset| -> Vec<String> {
        a.columns
            .iter()
            .filter(|c| b.column(&c.name).is_none())
            .map(|c| c.name.clone())
            .collect()
    };
    Ok(Diff {
        matched_on: key.clone(),
        removed: pairing.removed,
        added: pairing.added,
        modified: compared.into_iter().flatten().collect(),
        unchanged,
        fields,
        added_fields: only_in(new, old),
        removed_fields: only_in(old, new),
        duplicates: pairing.duplicates,
        without_key: pairing.without_key,
    })
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

/// Rows paired across the versions, and the rest.
struct Pairing {
    pairs: Vec<(u32, u32)>,
    removed: Vec<u32>,
    added: Vec<u32>,
    duplicates: PerVersion,
    without_key: PerVersion,
}

/// No row (end of a chain, or a key whose old rows are all taken).
const NONE: u32 = u32::MAX;

/// Pairs the n-th new row of each key with the n-th old row of that key (when `same` agrees).
/// One hash map over the old keys holds each key's next free row; a vector chains rows that
/// share a key, so duplicates cost no allocation per key.
fn pair_rows<K: Hash + Eq>(
    old_len: usize,
    old_key: impl Fn(usize) -> Option<K>,
    new_len: usize,
    new_key: impl Fn(usize) -> Option<K>,
    same: impl Fn(usize, usize) -> bool,
) -> Pairing {
    let mut duplicates = PerVersion::default();
    let mut without_key = PerVersion::default();
    // Per key: next free old row and last row of its chain.
    let mut heads: HashMap<K, (u32, u32)> = HashMap::with_capacity(old_len);
    let mut next = vec![NONE; old_len];
    for row in 0..old_len {
        let Some(k) = old_key(row) else {
            without_key.old += 1;
            continue;
        };
        let r = row as u32;
        match heads.get_mut(&k) {
            Some((_, tail)) => {
                next[*tail as usize] = r;
                *tail = r;
                duplicates.old += 1;
            }
            None => {
                heads.insert(k, (r, r));
            }
        }
    }
    let mut seen: HashSet<K> = HashSet::with_capacity(new_len);
    let mut matched = Bitmap::new(old_len, false);
    let (mut pairs, mut added) = (Vec::new(), Vec::new());
    for row in 0..new_len {
        let Some(k) = new_key(row) else {
            without_key.new += 1;
            added.push(row as u32);
            continue;
        };
        let head = heads.get_mut(&k);
        if !seen.insert(k) {
            duplicates.new += 1;
        }
        match head {
            Some((free, _)) if *free != NONE && same(*free as usize, row) => {
                let o = *free;
                *free = next[o as usize];
                matched.set(o as usize, true);
                pairs.push((o, row as u32));
            }
            _ => added.push(row as u32),
        }
    }
    let removed = (0..old_len)
        .filter(|&r| !matched.get(r))
        .map(|r| r as u32)
        .collect();
    Pairing {
        pairs,
        removed,
        added,
        duplicates,
        without_key,
    }
}
