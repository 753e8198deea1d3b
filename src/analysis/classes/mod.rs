//! Classes for choropleth maps: bounds from zone values, the class of a value, legend counts.
//!
//! Bounds are lower-inclusive: class `i` holds the values from `breaks[i]` (included) to
//! `breaks[i + 1]` (excluded), and the last class also holds the maximum. Colours for the
//! classes come from [`Palette`].

mod jenks;
mod palette;
#[cfg(test)]
mod tests;

pub use palette::Palette;

/// The fewest classes [`breaks`] aims for (fewer only when the data has fewer distinct values).
pub const MIN_CLASSES: usize = 3;
/// The most classes [`breaks`] returns, which is also the most colours a [`Palette`] has.
pub const MAX_CLASSES: usize = 9;

/// How the class bounds are chosen.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// About as many values in each class (see [`breaks`] for the rule).
    Quantiles,
    /// Classes of equal width between the minimum and the maximum; some may be empty.
    EqualIntervals,
    /// Jenks natural breaks: the grouping with the least variance within classes (Fisher's
    /// optimal algorithm).
    NaturalBreaks,
    /// Bounds chosen by the user, between the minimum and the maximum of the data.
    Manual(Vec<f64>),
}

impl Method {
    /// The locale key of the method's name.
    pub fn label_key(&self) -> &'static str {
        match self {
            Self::Quantiles => "classes-quantiles",
            Self::EqualIntervals => "classes-equal",
            Self::NaturalBreaks => "classes-jenks",
            Self::Manual(_) => "classes-manual",
        }
    }
}

/// The class bounds of `values` by `method`: `k + 1` increasing bounds for `k` classes, from the
/// minimum to the maximum of the values. An empty result when no value is finite.
///
/// - NaN and infinite values are ignored.
/// - `classes` is clamped to [`MIN_CLASSES`]`..=`[`MAX_CLASSES`], then lowered to the number of
///   distinct values; equal values are never split between two classes. When every value is
///   the same there is one class, `[v, v]`.
/// - [`Method::Quantiles`]: class `i` starts where the count of smaller values comes nearest
///   `i·n/k` (ties toward the lower count); values are not interpolated, so several equal values
///   can make two bounds meet, which merges their classes. The bound sits halfway between the
///   two consecutive distinct values it separates.
/// - [`Method::NaturalBreaks`]: the optimal Fisher–Jenks grouping (least sum of squared
///   deviations from the class means); bounds halfway between the groups, like quantiles.
/// - [`Method::EqualIntervals`]: `k` classes of width `(max − min) / k`, empty ones kept (they
///   show a gap in the data).
/// - [`Method::Manual`]: `classes` is ignored; the given bounds are sorted, those not strictly
///   between the minimum and the maximum dropped, duplicates merged, and at most
///   `MAX_CLASSES − 1` of them kept (the lowest). Empty classes are kept.
///
/// ```
/// use territoire::analysis::classes::{Method, breaks};
/// let values = [1.0, 2.0, 3.0, 10.0, 11.0, 12.0, 20.0, 21.0, 22.0];
/// assert_eq!(breaks(&values, &Method::NaturalBreaks, 3), [1.0, 6.5, 16.0, 22.0]);
/// assert_eq!(breaks(&values, &Method::EqualIntervals, 3), [1.0, 8.0, 15.0, 22.0]);
/// ```
pub fn breaks(values: &[f64], method: &Method, classes: usize) -> Vec<f64> {
    let distinct = Distinct::of(values);
    let (Some(&min), Some(&max)) = (distinct.values.first(), distinct.values.last()) else {
        return Vec::new();
    };
    if distinct.values.len() == 1 {
        return vec![min, max];
    }
    let wanted = classes
        .clamp(MIN_CLASSES, MAX_CLASSES)
        .min(distinct.values.len());
    match method {
        Method::Quantiles => distinct.bounds(&quantile_starts(&distinct.counts, wanted)),
        Method::NaturalBreaks => distinct.bounds(&jenks::class_starts(
            &distinct.values,
            &distinct.counts,
            wanted,
        )),
        Method::EqualIntervals => {
            let inner = (1..wanted).map(|i| lerp(min, max, i as f64 / wanted as f64));
            bounds_between(min, max, inner)
        }
        Method::Manual(inner) => {
            let mut inner: Vec<f64> = inner.iter().copied().filter(|b| b.is_finite()).collect();
            inner.sort_by(f64::total_cmp);
            let mut bounds = bounds_between(min, max, inner);
            if bounds.len() > MAX_CLASSES + 1 {
                bounds.truncate(MAX_CLASSES);
                bounds.push(max);
            }
            bounds
        }
    }
}

/// The class of `value` among `breaks` (as [`breaks`] returns them): the last bound not above
/// it, the maximum belonging to the last class. `None` for NaN, for a value outside the bounds,
/// or with fewer than two bounds.
pub fn class_of(value: f64, breaks: &[f64]) -> Option<usize> {
    let (&low, &high) = (breaks.first()?, breaks.last()?);
    let classes = breaks.len().checked_sub(1).filter(|&k| k > 0)?;
    if !(low..=high).contains(&value) {
        return None;
    }
    let bounds_not_above = breaks.partition_point(|&b| b <= value);
    Some(bounds_not_above.saturating_sub(1).min(classes - 1))
}

/// One class of a legend.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct ClassSummary {
    /// Its lower bound (included).
    pub low: f64,
    /// Its upper bound (excluded, except for the last class).
    pub high: f64,
    /// How many values fall in it.
    pub count: usize,
}

/// The legend of `breaks`: each class with its bounds and how many of `values` it holds. Values
/// in no class (NaN, out of the bounds) are not counted.
pub fn summarize(values: &[f64], breaks: &[f64]) -> Vec<ClassSummary> {
    let mut summary: Vec<ClassSummary> = breaks
        .windows(2)
        .map(|pair| ClassSummary {
            low: pair[0],
            high: pair[1],
            count: 0,
        })
        .collect();
    for &value in values {
        if let Some(class) = class_of(value, breaks) {
            summary[class].count += 1;
        }
    }
    summary
}

/// The distinct finite values, increasing, with how many times each occurs.
struct Distinct {
    values: Vec<f64>,
    counts: Vec<usize>,
}

impl Distinct {
    fn of(values: &[f64]) -> Self {
        let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        sorted.sort_by(f64::total_cmp);
        let mut distinct = Self {
            values: Vec::new(),
            counts: Vec::new(),
        };
        for v in sorted {
            // `==` rather than `total_cmp`: -0.0 and 0.0 are one value for classes.
            match (distinct.values.last(), distinct.counts.last_mut()) {
                (Some(&last), Some(count)) if last == v => *count += 1,
                _ => {
                    distinct.values.push(v);
                    distinct.counts.push(1);
                }
            }
        }
        distinct
    }

    /// Bounds for classes starting at the given indices of `values` (increasing, each in
    /// `1..len`): halfway between the value before and the value at each start.
    fn bounds(&self, starts: &[usize]) -> Vec<f64> {
        let (Some(&min), Some(&max)) = (self.values.first(), self.values.last()) else {
            return Vec::new();
        };
        let inner = starts
            .iter()
            .filter(|&&s| s > 0 && s < self.values.len())
            .map(|&s| halfway(self.values[s - 1], self.values[s]));
        bounds_between(min, max, inner)
    }
}

/// `[min, inner…, max]`, keeping only the inner bounds (taken in order) that are strictly above
/// the previous bound and below `max`.
fn bounds_between(min: f64, max: f64, inner: impl IntoIterator<Item = f64>) -> Vec<f64> {
    let mut bounds = vec![min];
    for b in inner {
        if bounds.last().is_some_and(|&last| last < b) && b < max {
            bounds.push(b);
        }
    }
    bounds.push(max);
    bounds
}

/// A bound between `low < high` that keeps `low` below it and `high` at or above it.
fn halfway(low: f64, high: f64) -> f64 {
    // Halving first cannot overflow; for adjacent floats the middle rounds to an end.
    let middle = low / 2.0 + high / 2.0;
    if low < middle && middle <= high {
        middle
    } else {
        high
    }
}

/// The point a fraction `t` of the way from `a` to `b`, exact at both ends, without overflow.
fn lerp(a: f64, b: f64, t: f64) -> f64 {
    a * (1.0 - t) + b * t
}

/// Where each class but the first starts (indices of distinct values) for `classes` classes of
/// about equal counts: the gap whose count of values below comes nearest each `i·n/k`.
fn quantile_starts(counts: &[usize], classes: usize) -> Vec<usize> {
    let total: usize = counts.iter().sum();
    // below[g]: values before the gap after distinct value g, for the gaps 0..len-1.
    let below: Vec<usize> = counts
        .iter()
        .scan(0, |sum, &c| {
            *sum += c;
            Some(*sum)
        })
        .take(counts.len().saturating_sub(1))
        .collect();
    let mut starts: Vec<usize> = Vec::new();
    for i in 1..classes {
        let target = (i * total) as f64 / classes as f64;
        let nearest = below
            .iter()
            .enumerate()
            .min_by(|(_, a), (_, b)| {
                let distance = |n: usize| (n as f64 - target).abs();
                distance(**a).total_cmp(&distance(**b))
            })
            .map(|(gap, _)| gap + 1);
        if let Some(start) = nearest
            && starts.last() != Some(&start)
        {
            starts.push(start);
        }
    }
    starts
}
