//! Pairs the rows of two versions on their keys by sorting both on (key identity, row) and
//! walking them side by side: no hash table and no random access to the data, sorts spread
//! over every core.

use std::cmp::Ordering;

use rayon::prelude::*;

use super::PerVersion;

/// The keys of one version's rows.
pub(super) trait Keys: Sync {
    /// Number of rows.
    fn len(&self) -> usize;
    /// The identity of the key of `row` (equal keys, equal identities; see [`Identity`]);
    /// `None` when the row has no key.
    fn identity(&self, row: usize) -> Option<u128>;
}

/// Builds 128-bit key identities: a tag and the value's 64 bits, or two independent hashes.
pub(super) struct Identity;

impl Identity {
    /// A value that fits in 64 bits, exactly: the tag (the kind of value) is mixed into the
    /// high half, the bits are the low half, so two identities are equal only for equal values.
    pub(super) fn exact(tag: u64, bits: u64) -> u128 {
        (u128::from(mix(mix(tag) ^ bits)) << 64) | u128::from(bits)
    }

    /// Bytes (text, a shape's snapped coordinates), through two hashes with different seeds:
    /// two different values get the same 128 bits with a chance of about 2⁻¹²⁸.
    pub(super) fn hashed(tag: u64, words: impl Iterator<Item = u64>) -> u128 {
        let (mut a, mut b) = (mix(tag), mix(tag ^ 0x5851_f42d_4c95_7f2d));
        for w in words {
            a = mix(a ^ w);
            b = mix(b.wrapping_add(w).rotate_left(23) ^ 0x2545_f491_4f6c_dd1d);
        }
        (u128::from(a) << 64) | u128::from(b)
    }
}

/// Mixes 64 bits well (the SplitMix64 finaliser, a bijection).
pub(super) fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Rows paired across the versions, and the rest.
#[derive(Debug, Default)]
pub(super) struct Pairing {
    /// `(old row, new row)`, in the new version's order.
    pub pairs: Vec<(u32, u32)>,
    /// Old rows without a pair, in order.
    pub removed: Vec<u32>,
    /// New rows without a pair, in order.
    pub added: Vec<u32>,
    /// Rows whose key already appeared in their version.
    pub duplicates: PerVersion,
    /// Rows without a key.
    pub without_key: PerVersion,
}

/// The rows that have a key, as `(identity, row)`, sorted; and the rows without key.
fn sorted<K: Keys>(keys: &K) -> (Vec<(u128, u32)>, Vec<u32>) {
    let (mut keyed, without): (Vec<(u128, u32)>, Vec<u32>) = (0..keys.len())
        .into_par_iter()
        .partition_map(|r| match keys.identity(r) {
            Some(id) => rayon::iter::Either::Left((id, r as u32)),
            None => rayon::iter::Either::Right(r as u32),
        });
    keyed.par_sort_unstable();
    (keyed, without)
}

/// The end of the run of rows with the same key as `rows[start]`.
fn run_end(rows: &[(u128, u32)], start: usize) -> usize {
    let id = rows[start].0;
    start + rows[start..].iter().take_while(|(k, _)| *k == id).count()
}

/// Pairs the n-th old row of each key with the n-th new row of that key; the others are
/// removed or added.
pub(super) fn pair_rows<K: Keys>(old: &K, new: &K) -> Pairing {
    let ((a, a_without), (b, b_without)) = rayon::join(|| sorted(old), || sorted(new));
    let mut out = Pairing {
        without_key: PerVersion {
            old: a_without.len(),
            new: b_without.len(),
        },
        removed: a_without,
        added: b_without,
        ..Pairing::default()
    };
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let order = match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) => x.0.cmp(&y.0),
            (Some(_), None) => Ordering::Less,
            _ => Ordering::Greater,
        };
        let a_end = if order.is_gt() { i } else { run_end(&a, i) };
        let b_end = if order.is_lt() { j } else { run_end(&b, j) };
        out.duplicates.old += (a_end - i).saturating_sub(1);
        out.duplicates.new += (b_end - j).saturating_sub(1);
        let (group_a, group_b) = (&a[i..a_end], &b[j..b_end]);
        let common = group_a.len().min(group_b.len());
        out.pairs
            .extend(group_a.iter().zip(group_b).map(|(&(_, o), &(_, n))| (o, n)));
        out.removed
            .extend(group_a[common..].iter().map(|&(_, o)| o));
        out.added.extend(group_b[common..].iter().map(|&(_, n)| n));
        (i, j) = (a_end, b_end);
    }
    rayon::join(
        || out.removed.par_sort_unstable(),
        || {
            rayon::join(
                || out.added.par_sort_unstable(),
                || out.pairs.par_sort_unstable_by_key(|p| p.1),
            )
        },
    );
    out
}
