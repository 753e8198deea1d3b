//! Statistical secrecy for layers of personal data: a count from 1 to the threshold − 1 is shown
//! as "< threshold", and every figure of the zone that would give it away is withheld.
//!
//! 0 stays visible (nobody is described by it). In a zone whose count is hidden, its share,
//! density, rate per 1 000 addresses, nearness, sum and mean are withheld too. Nearness figures
//! are also withheld when the features within or beyond the distance are that few, since the
//! share and the count together would give them away. Address counts are not personal data and
//! stay visible.
//!
//! ```
//! use territoire::analysis::secrecy::Secrecy;
//! let secrecy = Secrecy { threshold: 11 };
//! assert!(!secrecy.hides(0) && secrecy.hides(1) && secrecy.hides(10) && !secrecy.hides(11));
//! assert_eq!(secrecy.label(), "< 11");
//! ```

use super::measures::Measure;
use super::zones::ZoneStat;

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

    /// The figures of `z` that are hidden.
    pub fn hidden(self, z: &ZoneStat) -> Hidden {
        let count = self.hides(z.count);
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
    match measure {
        Measure::Addresses => Shown::Value(value),
        Measure::Count if hidden.count => Shown::Below,
        Measure::Beyond if z.beyond.is_some_and(|b| s.hides(b)) => Shown::Below,
        Measure::Beyond | Measure::NearShare if hidden.near => Shown::Withheld,
        _ if hidden.count => Shown::Withheld,
        _ => Shown::Value(value),
    }
}

/// A count of features outside the zones (or any other count of people) as it may be shown.
pub fn shown_count(count: usize, secrecy: Option<Secrecy>) -> Shown {
    match secrecy {
        Some(s) if s.hides(count) => Shown::Below,
        _ => Shown::Value(count as f64),
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
    fn other_counts_and_class_bounds() {
        assert_eq!(shown_count(3, SECRET), Shown::Below);
        assert_eq!(shown_count(0, SECRET), Shown::Value(0.0));
        assert_eq!(shown_count(3, None), Shown::Value(3.0));
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
