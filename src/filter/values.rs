//! What a field holds, for the filter builder: distinct text values with counts, numeric ranges and histograms.

use crate::data::column::NULL_CODE;
use crate::data::{Bitmap, Column, ColumnData};

/// One distinct value of a text field and how many features have it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueCount {
    /// The value.
    pub value: String,
    /// Features with this value.
    pub count: usize,
}

/// The distinct values of a text column with their counts, most frequent first (ties by value),
/// counted over the rows of `within` when given. Empty for non-text columns. One pass over the
/// codes: no string is compared per feature.
pub fn value_counts(column: &Column, within: Option<&Bitmap>) -> Vec<ValueCount> {
    let ColumnData::Text { dictionary, codes } = &column.data else {
        return Vec::new();
    };
    let mut counts = vec![0usize; dictionary.len()];
    let mut add = |code: u32| {
        if code != NULL_CODE
            && let Some(c) = counts.get_mut(code as usize)
        {
            *c += 1;
        }
    };
    match within {
        Some(mask) => mask
            .iter_ones()
            .filter_map(|row| codes.get(row))
            .for_each(|&c| add(c)),
        None => codes.iter().for_each(|&c| add(c)),
    }
    let mut out: Vec<ValueCount> = counts
        .into_iter()
        .enumerate()
        .filter(|(_, count)| *count > 0)
        .map(|(code, count)| ValueCount {
            value: dictionary[code].to_string(),
            count,
        })
        .collect();
    out.sort_unstable_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    out
}

/// The spread of a numeric, date or date-time column: bounds and equal-width bins.
#[derive(Clone, Debug, PartialEq)]
pub struct Histogram {
    /// Smallest value (days for dates, seconds for date-times).
    pub min: f64,
    /// Largest value.
    pub max: f64,
    /// Features per bin, from `min` to `max` in equal steps.
    pub bins: Vec<usize>,
    /// Features without a value.
    pub nulls: usize,
}

/// The histogram of a numeric or date column in `bins` bins; `None` for text, booleans, or a
/// column without any value.
pub fn histogram(column: &Column, bins: usize) -> Option<Histogram> {
    let bins = bins.max(1);
    let values: Box<dyn Fn(usize) -> Option<f64> + '_> = match &column.data {
        ColumnData::Integer { values, valid } => {
            Box::new(move |i| valid.get(i).then(|| values[i] as f64))
        }
        ColumnData::Float { values, valid } => Box::new(move |i| {
            let v = values[i];
            (valid.get(i) && v.is_finite()).then_some(v)
        }),
        ColumnData::Date { days, valid } => Box::new(move |i| valid.get(i).then(|| days[i] as f64)),
        ColumnData::DateTime { seconds, valid } => {
            Box::new(move |i| valid.get(i).then(|| seconds[i] as f64))
        }
        ColumnData::Text { .. } | ColumnData::Boolean { .. } => return None,
    };
    let n = column.len();
    let (mut min, mut max, mut nulls) = (f64::INFINITY, f64::NEG_INFINITY, 0);
    for i in 0..n {
        match values(i) {
            Some(v) => {
                min = min.min(v);
                max = max.max(v);
            }
            None => nulls += 1,
        }
    }
    if min > max {
        return None;
    }
    let mut counts = vec![0usize; bins];
    let width = (max - min) / bins as f64;
    for v in (0..n).filter_map(&values) {
        let bin = if width > 0.0 {
            (((v - min) / width) as usize).min(bins - 1)
        } else {
            0
        };
        counts[bin] += 1;
    }
    Some(Histogram {
        min,
        max,
        bins: counts,
        nulls,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::ColumnBuilder;

    fn text(values: &[Option<&str>]) -> Column {
        let mut b = ColumnBuilder::new("commune", 0);
        for v in values {
            match v {
                Some(t) => b.push_text(t),
                None => b.push_null(),
            }
        }
        b.finish(false)
    }

    #[test]
    fn counts_are_sorted_and_respect_the_mask() {
        let c = text(&[Some("Angers"), Some("Avrillé"), Some("Angers"), None]);
        let all = value_counts(&c, None);
        assert_eq!(
            all,
            vec![
                ValueCount {
                    value: "Angers".into(),
                    count: 2
                },
                ValueCount {
                    value: "Avrillé".into(),
                    count: 1
                }
            ]
        );
        let mut mask = Bitmap::new(4, false);
        mask.set(1, true);
        mask.set(3, true);
        let some = value_counts(&c, Some(&mask));
        assert_eq!(some.len(), 1);
        assert_eq!(some[0].value, "Avrillé");
    }

    #[test]
    fn histogram_spans_min_to_max() {
        let mut b = ColumnBuilder::new("numero", 0);
        for v in ["1", "2", "3", "10"] {
            b.push_inferred(v);
        }
        b.push_null();
        let c = b.finish(false);
        let h = histogram(&c, 3).expect("numbers");
        assert_eq!((h.min, h.max, h.nulls), (1.0, 10.0, 1));
        assert_eq!(h.bins, vec![3, 0, 1]);
        assert!(histogram(&text(&[Some("a")]), 4).is_none());
    }
}
