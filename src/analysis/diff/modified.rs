//! Which paired rows changed and how: a fingerprint per row first, then field by field only
//! for the pairs whose fingerprints differ, in parallel.

use rayon::prelude::*;

use super::{Modified, cells, fingerprint, geometry};
use crate::data::Dataset;

/// The two versions and the columns they share, `(old index, new index)`.
pub(super) struct Versions<'a> {
    pub(super) old: &'a Dataset,
    pub(super) new: &'a Dataset,
    pub(super) columns: Vec<(usize, usize)>,
}

impl Versions<'_> {
    /// The pairs whose fields (or geometry, when `check_geometry`) differ, with what changed.
    pub(super) fn modified(&self, pairs: &[(u32, u32)], check_geometry: bool) -> Vec<Modified> {
        let (old, new) = (self.old, self.new);
        let (old_prints, new_prints) = self.fingerprints();
        pairs
            .par_iter()
            .filter_map(|&(o, n)| {
                let (o_row, n_row) = (o as usize, n as usize);
                // Most pairs are unchanged: one read per row says so.
                if old_prints[o_row] == new_prints[n_row] {
                    return None;
                }
                let changed: Vec<u32> = self
                    .columns
                    .iter()
                    .enumerate()
                    .filter(|(_, (a, b))| {
                        !cells::same_cell(&old.columns[*a], o_row, &new.columns[*b], n_row)
                    })
                    .map(|(f, _)| f as u32)
                    .collect();
                let geometry = check_geometry
                    && !geometry::same_shape(&old.geometry, o_row, &new.geometry, n_row);
                (geometry || !changed.is_empty()).then_some(Modified {
                    old: o,
                    new: n,
                    fields: changed,
                    geometry,
                })
            })
            .collect()
    }

    /// A fingerprint of each row of each version over the shared fields, made side by side.
    fn fingerprints(&self) -> (Vec<u128>, Vec<u128>) {
        let (old, new) = (self.old, self.new);
        // Fields whose type changed between versions compare as keys (12 and "12" are equal).
        let as_key: Vec<bool> = self
            .columns
            .iter()
            .map(|&(a, b)| {
                std::mem::discriminant(&old.columns[a].data)
                    != std::mem::discriminant(&new.columns[b].data)
            })
            .collect();
        let side = |pick: fn(&(usize, usize)) -> usize| -> Vec<(usize, bool)> {
            self.columns
                .iter()
                .zip(&as_key)
                .map(|(p, &k)| (pick(p), k))
                .collect()
        };
        let (old_fields, new_fields) = (side(|p| p.0), side(|p| p.1));
        rayon::join(
            || fingerprint::fingerprints(old, &old_fields),
            || fingerprint::fingerprints(new, &new_fields),
        )
    }
}
