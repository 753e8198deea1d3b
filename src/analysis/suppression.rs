//! Secondary suppression: which more counts of a table to mask so that no count hidden by
//! statistical secrecy can be worked out from the counts, the total and the outside shown.
//!
//! Hiding the counts from 1 to the threshold − 1 (primary suppression) is not enough: with the
//! total shown, one hidden count is the total minus the counts shown. The rule, for one column of
//! counts (one per zone), the count outside every zone and their total:
//!
//! 1. A count from 1 to the threshold − 1 is masked as `< 11` (primary).
//! 2. A total under the threshold is itself a small count: it is withheld, and then nothing more
//!    is needed (each hidden count can take every value from 1 to 10).
//! 3. Otherwise, while some masked count can be pinned to a single value, one more count is
//!    withheld (secondary): the smallest count shown that unpins every masked one, else the
//!    smallest count shown and the check again. The outside count is a candidate like a zone.
//! 4. When no count is left to withhold, the total is withheld.
//!
//! What a reader is assumed to know: the counts and the total shown, that `< 11` means 1 to 10,
//! and that a count withheld by rule 3 is at least the threshold (a 0 describes nobody and is
//! never withheld; the user guide says so). A masked count is pinned when only one value of it
//! fits these facts and the sum (total minus the counts shown); the check solves these bounds
//! exactly. Shares, densities, rates, sums and means of a masked count are withheld with it
//! (see [`super::secrecy`]), so they give nothing more away. As in the usual audits of
//! secondary suppression, the reader is not assumed to replay the choice of counts: knowing
//! that the smallest count that fits was taken can narrow a hidden count further. Under a
//! threshold of 2, `< 2` can only mean 1: there is nothing to protect and nothing more is
//! masked.
//!
//! ```
//! use territoire::analysis::suppression::{Mask, suppress};
//! // Centre-ville 60, Roseraie 1, two empty quartiers, nothing outside: the total 61 would give
//! // Roseraie away, so Centre-ville is withheld as well; the zeros stay.
//! let s = suppress(&[60, 1, 0, 0], 0, 61, 11);
//! assert_eq!(s.cells, [Mask::Secondary, Mask::Primary, Mask::Shown, Mask::Shown]);
//! assert_eq!((s.outside, s.total), (Mask::Shown, false));
//! ```

/// How one count is published.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mask {
    /// Shown as it is.
    #[default]
    Shown,
    /// From 1 to the threshold − 1: shown as `< 11`.
    Primary,
    /// At least the threshold (never 0), withheld so that no primary count can be derived.
    Secondary,
}

impl Mask {
    /// True when the count is not shown.
    pub fn masked(self) -> bool {
        self != Mask::Shown
    }
}

/// What [`suppress`] decided for a table.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Suppression {
    /// One per count, in the order given.
    pub cells: Vec<Mask>,
    /// The count outside every zone.
    pub outside: Mask,
    /// True when the total is withheld.
    pub total: bool,
}

/// Which counts of a table to mask under `threshold`: the counts per zone, the count outside
/// every zone and their total (the rule is in the module's documentation).
pub fn suppress(counts: &[usize], outside: usize, total: usize, threshold: usize) -> Suppression {
    let hides = |c: usize| c > 0 && c < threshold;
    let cells: Vec<u64> = counts.iter().chain([&outside]).map(|&c| c as u64).collect();
    let mut masks: Vec<Mask> = counts
        .iter()
        .chain([&outside])
        .map(|&c| if hides(c) { Mask::Primary } else { Mask::Shown })
        .collect();
    let mut total_masked = hides(total);
    let t = threshold as u64;
    while threshold > 2 && !total_masked {
        let masked = Masked::of(&cells, &masks, total as u64);
        if !masked.exposed(t) {
            break;
        }
        let mut candidates: Vec<usize> = (0..cells.len())
            .filter(|&i| masks[i] == Mask::Shown && cells[i] >= t)
            .collect();
        candidates.sort_by_key(|&i| (cells[i], i));
        let Some(&smallest) = candidates.first() else {
            total_masked = true;
            break;
        };
        let enough = candidates
            .iter()
            .copied()
            .find(|&i| !masked.with_secondary(cells[i]).exposed(t));
        masks[enough.unwrap_or(smallest)] = Mask::Secondary;
    }
    let outside = masks.pop().unwrap_or_default();
    Suppression {
        cells: masks,
        outside,
        total: total_masked,
    }
}

/// The masked counts as a reader sees them: how many of each kind, and their sum (the total
/// minus the counts shown).
#[derive(Clone, Copy, Debug)]
struct Masked {
    primary: u64,
    secondary: u64,
    sum: u64,
}

/// No upper bound, kept far from overflow.
const UNBOUNDED: u64 = u64::MAX / 4;

/// A set of whole numbers: inclusive intervals.
type Spans = Vec<(u64, u64)>;

impl Masked {
    fn of(cells: &[u64], masks: &[Mask], total: u64) -> Self {
        let count = |kind: Mask| masks.iter().filter(|&&m| m == kind).count() as u64;
        let shown: u64 = cells
            .iter()
            .zip(masks)
            .filter(|(_, m)| !m.masked())
            .map(|(c, _)| c)
            .sum();
        Masked {
            primary: count(Mask::Primary),
            secondary: count(Mask::Secondary),
            sum: total.saturating_sub(shown),
        }
    }

    fn with_secondary(self, count: u64) -> Self {
        Masked {
            secondary: self.secondary + 1,
            sum: self.sum + count,
            ..self
        }
    }

    /// True when some masked count can take only one value.
    fn exposed(self, t: u64) -> bool {
        let primary = self.primary > 0
            && choices(
                &[(1, t - 1)],
                &sums(self.primary - 1, self.secondary, t),
                self.sum,
            ) < 2;
        let secondary = self.secondary > 0
            && choices(
                &[(t, UNBOUNDED)],
                &sums(self.primary, self.secondary - 1, t),
                self.sum,
            ) < 2;
        primary || secondary
    }
}

/// The possible sums of `primary` counts from 1 to t − 1 and `secondary` counts of at least t.
fn sums(primary: u64, secondary: u64, t: u64) -> Spans {
    if secondary == 0 {
        vec![(primary, primary * (t - 1))]
    } else {
        vec![(primary + secondary * t, UNBOUNDED)]
    }
}

/// How many values v in `values` leave `sum − v` among `others` (0, 1, or 2 for "two or more").
fn choices(values: &[(u64, u64)], others: &[(u64, u64)], sum: u64) -> u64 {
    let mut fits: Spans = Vec::new();
    for &(low, high) in others.iter().filter(|(low, _)| *low <= sum) {
        let reflected = (sum - high.min(sum), sum - low);
        for &(a, b) in values {
            let (from, to) = (a.max(reflected.0), b.min(reflected.1));
            if from <= to {
                fits.push((from, to));
            }
        }
    }
    fits.sort_unstable();
    let mut count = 0u64;
    let mut next = 0u64;
    for (from, to) in fits {
        let from = from.max(next);
        if from <= to {
            count += to - from + 1;
            next = to + 1;
        }
        if count >= 2 {
            return 2;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_small_count_beside_a_shown_total_takes_a_second_count_with_it() {
        // The example of the issue: total 61, Centre-ville 60, Roseraie "< 11", the rest 0.
        let s = suppress(&[0, 60, 0, 1, 0], 0, 61, 11);
        use Mask::{Primary, Secondary, Shown};
        assert_eq!(s.cells, [Shown, Secondary, Shown, Primary, Shown]);
        assert_eq!((s.outside, s.total), (Shown, false));
    }

    #[test]
    fn the_smallest_count_that_protects_is_taken_not_merely_the_smallest() {
        // 11 beside 1 would read 11 + 1 = 12, and "at least 11" pins both: 30 protects.
        let s = suppress(&[1, 11, 30, 45], 0, 87, 11);
        use Mask::{Primary, Secondary, Shown};
        assert_eq!(s.cells, [Primary, Shown, Secondary, Shown]);
        // Two counts of 1 hidden with the total known: both are 1; one more count is withheld.
        let ones = suppress(&[1, 1, 50], 0, 52, 11);
        assert_eq!(ones.cells, [Primary, Primary, Secondary]);
        // Enough small counts protect each other: 3 + 5 = 8 has many splits.
        let pair = suppress(&[3, 5, 50], 0, 58, 11);
        assert_eq!(pair.cells, [Primary, Primary, Shown]);
    }

    #[test]
    fn the_outside_count_protects_and_is_protected_like_a_zone() {
        use Mask::{Primary, Secondary, Shown};
        let s = suppress(&[40, 0], 2, 42, 11);
        assert_eq!(
            (s.cells.as_slice(), s.outside),
            ([Secondary, Shown].as_slice(), Primary)
        );
        let s = suppress(&[40, 3], 25, 68, 11);
        assert_eq!(
            (s.cells.as_slice(), s.outside),
            ([Shown, Primary].as_slice(), Secondary)
        );
    }

    #[test]
    fn the_total_is_withheld_when_small_or_when_nothing_else_protects() {
        use Mask::{Primary, Secondary, Shown};
        let small = suppress(&[4, 0, 3], 0, 7, 11);
        assert_eq!(small.cells, [Primary, Shown, Primary]);
        assert!(small.total);
        // 1 and 11: with the total 12 and 11 withheld, 11 + 1 is the only split left.
        let pinned = suppress(&[1, 11, 0], 0, 12, 11);
        assert_eq!(pinned.cells, [Primary, Secondary, Shown]);
        assert!(pinned.total);
    }

    #[test]
    fn nothing_more_is_masked_without_small_counts_or_under_a_threshold_of_two() {
        let none = suppress(&[0, 12, 40], 0, 52, 11);
        assert_eq!(none, suppress(&[0, 12, 40], 0, 52, 1));
        assert!(none.cells.iter().all(|m| !m.masked()) && !none.total);
        let two = suppress(&[1, 12], 0, 13, 2);
        assert_eq!(two.cells, [Mask::Primary, Mask::Shown]);
    }

    /// A deterministic generator (xorshift64*), so that a failure is reproduced.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) % n
        }

        /// A count: often 0, often under the threshold, else up to twice it.
        fn count(&mut self, t: u64) -> usize {
            (match self.below(10) {
                0..=3 => 0,
                4..=6 => 1 + self.below(t - 1),
                _ => t + self.below(t + 1),
            }) as usize
        }
    }

    /// Every value of masked cell `m` that fits: each masked cell in its range (`< t`: 1 to
    /// t − 1; withheld: t and more) and all of them summing to `sum`. Computed by brute
    /// force over bit sets of reachable sums, independently of the intervals above.
    fn fitting_values(ranges: &[Vec<u64>], m: usize, sum: u64) -> Vec<u64> {
        let mut reach: u128 = 1;
        for range in ranges.iter().enumerate().filter(|(i, _)| *i != m) {
            let mut next = 0u128;
            for &v in range.1.iter().filter(|&&v| v <= sum) {
                next |= reach << v;
            }
            reach = next & ((1u128 << (sum + 1)) - 1);
        }
        ranges[m]
            .iter()
            .copied()
            .filter(|&v| v <= sum && reach >> (sum - v) & 1 == 1)
            .collect()
    }

    #[test]
    fn no_masked_count_of_random_tables_can_be_worked_out() {
        let mut rng = Rng(0x5eed_0f5e_c2e7);
        for case in 0..20_000 {
            let t = 3 + rng.below(8);
            let zones = 1 + rng.below(5) as usize;
            let counts: Vec<usize> = (0..zones).map(|_| rng.count(t)).collect();
            let outside = if rng.below(2) == 0 { 0 } else { rng.count(t) };
            let total = counts.iter().sum::<usize>() + outside;
            let s = suppress(&counts, outside, total, t as usize);
            let what = format!("case {case}: {counts:?} outside {outside}, threshold {t}: {s:?}");
            let cells: Vec<(u64, Mask)> = counts
                .iter()
                .zip(&s.cells)
                .chain([(&outside, &s.outside)])
                .map(|(&c, &m)| (c as u64, m))
                .collect();
            for &(c, m) in &cells {
                assert_eq!(m == Mask::Primary, c > 0 && c < t, "{what}");
                assert!(m != Mask::Secondary || c >= t, "{what}");
            }
            if s.total {
                // No count shown beside a withheld total, else its share would give it away.
                assert!(cells.iter().all(|&(c, m)| c == 0 || m.masked()), "{what}");
                continue;
            }
            let sum: u64 = cells
                .iter()
                .filter(|(_, m)| m.masked())
                .map(|(c, _)| c)
                .sum();
            let masked: Vec<(u64, Vec<u64>)> = cells
                .iter()
                .filter(|(_, m)| m.masked())
                .map(|&(c, m)| match m {
                    Mask::Primary => (c, (1..t).collect()),
                    _ => (c, (t..=sum).collect()),
                })
                .collect();
            let ranges: Vec<Vec<u64>> = masked.iter().map(|(_, r)| r.clone()).collect();
            for (i, (truth, _)) in masked.iter().enumerate() {
                let fits = fitting_values(&ranges, i, sum);
                assert!(fits.contains(truth), "{what}");
                assert!(fits.len() >= 2, "cell {i} can only be {fits:?}; {what}");
            }
        }
    }
}
