//! Statistical secrecy for layers of personal data: a count from 1 to the threshold − 1 is shown
//! as "< threshold", and every figure of the zone that would give it away is withheld.
//!
//! 0 stays visible (nobody is described by it). In a zone whose count is hidden, its share,
//! density, rate per 1 000 addresses, nearness, sum and mean are withheld too. Nearness figures
//! are also withheld when the features within or beyond the distance are that few, since the
//! share and the count together would give them away. Address counts are not personal data and
//! stay visible.
//!
//! Hiding the small counts is not enough when the total is shown: a single hidden count is the
//! total minus the others. [`ZoneTable::protect`] therefore applies secondary suppression
//! ([`super::suppression`]): a few more counts, at or above the threshold (the outside count
//! among them), are withheld (shown as "secret", like every figure derived from them), or,
//! failing that, the total.
//! A table is read through [`shown`], [`shown_outside`] and [`shown_total`] once protected for
//! the threshold in force; before that, every figure derived from a count is withheld.
//!
//! ```
//! use territoire::analysis::secrecy::Secrecy;
//! let secrecy = Secrecy { threshold: 11 };
//! assert!(!secrecy.hides(0) && secrecy.hides(1) && secrecy.hides(10) && !secrecy.hides(11));
//! assert_eq!(secrecy.label(), "< 11");
//! ```

use super::measures::Measure;
use super::suppression::{Mask, suppress};
pub use super::zones::Protection;
use super::zones::{ZoneStat, ZoneTable};

/// The threshold agents start with: counts under 11 are not published.
pub const DEFAULT_THRESHOLD: usize = 11;

/// The rule in force for a layer of personal data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Secrecy {
    /// Counts from 1 to `threshold − 1` are hidden.
    pub threshold: usize,
}

/// Which figures of a zone are hidden.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Hidden {
    /// The count and everything derived from it.
    pub count: bool,
    /// The share near the other layer and the count beyond the distance.
    pub near: bool,
}

/// A figure as it may be published.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Shown {
    /// The value.
    Value(f64),
    /// No value (no address in the zone, no value of the field, not computed).
    Missing,
    /// A count under the threshold: "< 11".
    Below,
    /// A figure that would give a hidden count away.
    Withheld,
}

impl Secrecy {
    /// True when a count of `count` people must not be shown.
    pub fn hides(self, count: usize) -> bool {
        count > 0 && count < self.threshold
    }

    /// What a hidden count is shown as: `< 11`.
    pub fn label(self) -> String {
        format!("< {}", self.threshold)
    }

    /// The figures of `z` that are hidden: under the threshold, or withheld by secondary
    /// suppression.
    pub fn hidden(self, z: &ZoneStat) -> Hidden {
        let count = self.hides(z.count) || z.protection.withholds(self.threshold);
        let near = count
            || z.beyond.is_some_and(|beyond| {
                self.hides(beyond) || self.hides(z.count.saturating_sub(beyond))
            });
        Hidden { count, near }
    }
}

/// `measure` of zone `z` as it may be shown under `secrecy` (everything when `None`).
pub fn shown(measure: Measure, z: &ZoneStat, secrecy: Option<Secrecy>) -> Shown {
    let Some(value) = measure.of(z) else {
        return Shown::Missing;
    };
    let Some(s) = secrecy else {
        return Shown::Value(value);
    };
    let hidden = s.hidden(z);
    let below = s.hides(z.count);
    match measure {
        Measure::Addresses => Shown::Value(value),
        Measure::Count if below => Shown::Below,
        // A count withheld to protect others takes all its figures with it, "< 11" included.
        Measure::Beyond if (below || !hidden.count) && z.beyond.is_some_and(|b| s.hides(b)) => {
            Shown::Below
        }
        Measure::Beyond | Measure::NearShare if hidden.near => Shown::Withheld,
        _ if hidden.count => Shown::Withheld,
        _ => Shown::Value(value),
    }
}

/// The count of features outside every zone of `table` as it may be shown.
pub fn shown_outside(table: &ZoneTable, secrecy: Option<Secrecy>) -> Shown {
    match secrecy {
        Some(s) if s.hides(table.outside) => Shown::Below,
        Some(s) if table.outside_protection.withholds(s.threshold) => Shown::Withheld,
        _ => Shown::Value(table.outside as f64),
    }
}

/// The number of features counted in `table` as it may be shown: withheld (never "< 11") when
/// small or when nothing else protects the hidden counts.
pub fn shown_total(table: &ZoneTable, secrecy: Option<Secrecy>) -> Shown {
    match secrecy {
        Some(s) if table.total_protection.withholds(s.threshold) => Shown::Withheld,
        _ => Shown::Value(table.total as f64),
    }
}

/// The counts per zone of one more layer as they may be shown, secondary suppression applied
/// as if its total and its count outside the zones were known (the layer list shows the first).
pub fn shown_column(counts: &[usize], secrecy: Option<Secrecy>) -> Vec<Shown> {
    let values = counts.iter().map(|&c| Shown::Value(c as f64));
    let Some(s) = secrecy else {
        return values.collect();
    };
    let decided = suppress(counts, 0, counts.iter().sum(), s.threshold);
    values
        .zip(decided.cells)
        .map(|(value, mask)| match mask {
            Mask::Shown => value,
            Mask::Primary => Shown::Below,
            Mask::Secondary => Shown::Withheld,
        })
        .collect()
}

impl ZoneTable {
    /// Decides, for `secrecy`, which counts besides those under the threshold are withheld
    /// (secondary suppression, [`suppress`]); with `None`, forgets any decision. To call again
    /// whenever the threshold or the layer's personal mark changes.
    pub fn protect(&mut self, secrecy: Option<Secrecy>) {
        let Some(s) = secrecy else {
            self.zones
                .iter_mut()
                .for_each(|z| z.protection = Protection::default());
            self.outside_protection = Protection::default();
            self.total_protection = Protection::default();
            return;
        };
        let counts: Vec<usize> = self.zones.iter().map(|z| z.count).collect();
        let decided = suppress(&counts, self.outside, self.total, s.threshold);
        let protection = |withheld| Protection {
            threshold: s.threshold,
            withheld,
        };
        for (z, mask) in self.zones.iter_mut().zip(&decided.cells) {
            z.protection = protection(*mask == Mask::Secondary);
        }
        self.outside_protection = protection(decided.outside == Mask::Secondary);
        self.total_protection = protection(decided.total);
    }
}

/// A class bound of `measure` as it may be shown: a bound of a count of features between 0 and
/// the threshold is shown as "< 11", like the counts it separates.
pub fn shown_bound(measure: Measure, bound: f64, secrecy: Option<Secrecy>) -> Shown {
    match secrecy {
        Some(s) if measure.counts_features() && bound > 0.0 && bound < s.threshold as f64 => {
            Shown::Below
        }
        _ => Shown::Value(bound),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone(count: usize, beyond: Option<usize>) -> ZoneStat {
        ZoneStat {
            row: 0,
            id: "1".into(),
            name: "Zone".into(),
            count,
            share: count as f64 / 100.0,
            area_km2: 2.0,
            per_km2: count as f64 / 2.0,
            near_share: beyond.map(|b| (count - b) as f64 / count.max(1) as f64),
            beyond,
            addresses: Some(400),
            per_1000_addresses: Some(count as f64 * 2.5),
            sum: Some(3.0),
            mean: Some(1.5),
            protection: Protection {
                threshold: 11,
                withheld: false,
            },
        }
    }

    const SECRET: Option<Secrecy> = Some(Secrecy { threshold: 11 });

    #[test]
    fn counts_under_the_threshold_hide_every_figure_derived_from_them() {
        let small = zone(4, Some(1));
        for m in Measure::ALL {
            let expected = match m {
                Measure::Count | Measure::Beyond => Shown::Below,
                Measure::Addresses => Shown::Value(400.0),
                _ => Shown::Withheld,
            };
            assert_eq!(shown(m, &small, SECRET), expected, "{m:?}");
        }
        assert_eq!(shown(Measure::Count, &small, None), Shown::Value(4.0));
        assert_eq!(
            shown(Measure::Per1000Addresses, &small, None),
            Shown::Value(10.0)
        );
    }

    #[test]
    fn zero_and_counts_at_the_threshold_are_shown() {
        let empty = zone(0, Some(0));
        assert_eq!(shown(Measure::Count, &empty, SECRET), Shown::Value(0.0));
        assert_eq!(shown(Measure::Share, &empty, SECRET), Shown::Value(0.0));
        let eleven = zone(11, None);
        assert_eq!(SECRET.map(|s| s.hidden(&eleven)), Some(Hidden::default()));
        assert_eq!(shown(Measure::PerKm2, &eleven, SECRET), Shown::Value(5.5));
        assert_eq!(shown(Measure::NearShare, &eleven, SECRET), Shown::Missing);
    }

    #[test]
    fn few_features_near_or_beyond_withhold_the_nearness_figures() {
        // 50 counted, 3 beyond: the count stays, "3" and the share that gives it do not.
        let few_beyond = zone(50, Some(3));
        assert_eq!(
            shown(Measure::Count, &few_beyond, SECRET),
            Shown::Value(50.0)
        );
        assert_eq!(shown(Measure::Beyond, &few_beyond, SECRET), Shown::Below);
        assert_eq!(
            shown(Measure::NearShare, &few_beyond, SECRET),
            Shown::Withheld
        );
        // 50 counted, 47 beyond, so 3 near: 47 would give the 3 away.
        let few_near = zone(50, Some(47));
        assert_eq!(shown(Measure::Beyond, &few_near, SECRET), Shown::Withheld);
        assert_eq!(
            shown(Measure::NearShare, &few_near, SECRET),
            Shown::Withheld
        );
        let many = zone(50, Some(20));
        assert_eq!(shown(Measure::Beyond, &many, SECRET), Shown::Value(20.0));
        assert_eq!(shown(Measure::NearShare, &many, SECRET), Shown::Value(0.6));
    }

    #[test]
    fn a_count_withheld_by_secondary_suppression_withholds_every_figure_of_it() {
        let mut withheld = zone(50, Some(3));
        withheld.protection.withheld = true;
        for m in Measure::ALL {
            let expected = match m {
                Measure::Addresses => Shown::Value(400.0),
                // Not "< 11": that would tell the count is not 0.
                _ => Shown::Withheld,
            };
            assert_eq!(shown(m, &withheld, SECRET), expected, "{m:?}");
        }
        // A table not protected for the threshold in force shows no figure of a count.
        let other = Some(Secrecy { threshold: 5 });
        let unprotected = zone(50, None);
        assert_eq!(shown(Measure::Count, &unprotected, other), Shown::Withheld);
        assert_eq!(shown(Measure::Share, &unprotected, other), Shown::Withheld);
        assert_eq!(
            shown(Measure::Count, &unprotected, None),
            Shown::Value(50.0)
        );
    }

    fn table(counts: &[usize], outside: usize) -> ZoneTable {
        ZoneTable {
            zones: counts.iter().map(|&c| zone(c, None)).collect(),
            total: counts.iter().sum::<usize>() + outside,
            outside,
            field: None,
            near_asked: false,
            addresses_asked: false,
            outside_protection: Protection::default(),
            total_protection: Protection::default(),
        }
    }

    #[test]
    fn a_protected_table_withholds_what_would_give_a_hidden_count_away() {
        // Total 61: Roseraie (1) would be 61 − 60; Centre-ville is withheld too.
        let mut t = table(&[60, 1, 0], 0);
        t.protect(SECRET);
        let counts: Vec<Shown> = t
            .zones
            .iter()
            .map(|z| shown(Measure::Count, z, SECRET))
            .collect();
        assert_eq!(counts, [Shown::Withheld, Shown::Below, Shown::Value(0.0)]);
        assert_eq!(shown(Measure::Share, &t.zones[0], SECRET), Shown::Withheld);
        assert_eq!(shown_total(&t, SECRET), Shown::Value(61.0));
        assert_eq!(shown_outside(&t, SECRET), Shown::Value(0.0));
        // Under another threshold, until protected again, nothing derived from a count shows.
        let five = Some(Secrecy { threshold: 5 });
        assert_eq!(shown_total(&t, five), Shown::Withheld);
        assert_eq!(shown(Measure::Count, &t.zones[2], five), Shown::Withheld);
        t.protect(five);
        assert_eq!(shown(Measure::Count, &t.zones[1], five), Shown::Below);
        // Without secrecy, everything.
        t.protect(None);
        assert_eq!(shown(Measure::Count, &t.zones[0], None), Shown::Value(60.0));
        assert_eq!(shown_total(&t, None), Shown::Value(61.0));
    }

    #[test]
    fn a_small_total_is_withheld_and_a_small_outside_count_shown_below() {
        let mut small = table(&[4, 3], 0);
        small.protect(SECRET);
        assert_eq!(shown_total(&small, SECRET), Shown::Withheld);
        let mut outside = table(&[40, 0], 2);
        outside.protect(SECRET);
        assert_eq!(shown_outside(&outside, SECRET), Shown::Below);
        assert_eq!(shown_total(&outside, SECRET), Shown::Value(42.0));
        assert_eq!(
            shown(Measure::Count, &outside.zones[0], SECRET),
            Shown::Withheld
        );
    }

    #[test]
    fn the_column_of_one_more_layer_is_protected_on_its_own() {
        assert_eq!(
            shown_column(&[40, 7, 0], SECRET),
            [Shown::Withheld, Shown::Below, Shown::Value(0.0)]
        );
        assert_eq!(
            shown_column(&[40, 7, 3], SECRET),
            [Shown::Value(40.0), Shown::Below, Shown::Below]
        );
        assert_eq!(
            shown_column(&[40, 7], None),
            [Shown::Value(40.0), Shown::Value(7.0)]
        );
    }

    #[test]
    fn class_bounds_between_zero_and_the_threshold_read_below_it() {
        assert_eq!(shown_bound(Measure::Count, 5.5, SECRET), Shown::Below);
        assert_eq!(shown_bound(Measure::Count, 0.0, SECRET), Shown::Value(0.0));
        assert_eq!(
            shown_bound(Measure::Count, 12.0, SECRET),
            Shown::Value(12.0)
        );
        assert_eq!(
            shown_bound(Measure::Share, 0.05, SECRET),
            Shown::Value(0.05)
        );
    }
}
