//! Tests of class bounds, class lookup and legend counts.

use super::*;
use crate::i18n::{EN_SOURCE, FR_SOURCE, parse_locale};

const EVERY_METHOD: [Method; 4] = [
    Method::Quantiles,
    Method::EqualIntervals,
    Method::NaturalBreaks,
    Method::Manual(Vec::new()),
];

fn counts(values: &[f64], breaks: &[f64]) -> Vec<usize> {
    summarize(values, breaks).iter().map(|c| c.count).collect()
}

#[test]
fn no_finite_value_gives_no_bounds() {
    for method in &EVERY_METHOD {
        assert!(breaks(&[], method, 5).is_empty());
        assert!(breaks(&[f64::NAN, f64::INFINITY, f64::NEG_INFINITY], method, 5).is_empty());
    }
}

#[test]
fn equal_values_make_one_class() {
    let values = [4.0; 6];
    for method in &EVERY_METHOD {
        let b = breaks(&values, method, 5);
        assert_eq!(b, [4.0, 4.0], "{method:?}");
        assert_eq!(class_of(4.0, &b), Some(0));
        assert_eq!(counts(&values, &b), [6]);
    }
}

#[test]
fn two_values_make_two_classes_split_halfway() {
    let values = [1.0, 5.0, 5.0];
    for method in [
        Method::Quantiles,
        Method::EqualIntervals,
        Method::NaturalBreaks,
    ] {
        let b = breaks(&values, &method, 3);
        assert_eq!(b, [1.0, 3.0, 5.0], "{method:?}");
        assert_eq!(counts(&values, &b), [1, 2]);
    }
}

#[test]
fn nan_and_infinite_values_are_ignored() {
    let clean = [1.0, 2.0, 3.0, 10.0, 11.0, 12.0, 20.0, 21.0, 22.0];
    let mut dirty = clean.to_vec();
    dirty.extend([f64::NAN, f64::INFINITY, f64::NEG_INFINITY]);
    dirty.reverse();
    for method in &EVERY_METHOD {
        assert_eq!(
            breaks(&dirty, method, 3),
            breaks(&clean, method, 3),
            "{method:?}"
        );
    }
}

#[test]
fn class_counts_are_clamped_to_three_through_nine() {
    let values: Vec<f64> = (0..100).map(f64::from).collect();
    for method in [
        Method::Quantiles,
        Method::EqualIntervals,
        Method::NaturalBreaks,
    ] {
        assert_eq!(breaks(&values, &method, 0).len(), 4, "{method:?}");
        assert_eq!(breaks(&values, &method, 1).len(), 4, "{method:?}");
        assert_eq!(breaks(&values, &method, 7).len(), 8, "{method:?}");
        assert_eq!(breaks(&values, &method, 20).len(), 10, "{method:?}");
    }
}

#[test]
fn fewer_distinct_values_than_classes_give_fewer_classes_none_empty() {
    let values = [1.0, 1.0, 2.0, 2.0, 3.0];
    for method in [
        Method::Quantiles,
        Method::NaturalBreaks,
        Method::EqualIntervals,
    ] {
        let b = breaks(&values, &method, 5);
        assert_eq!(b.len(), 4, "{method:?}: {b:?}");
        assert!(b.windows(2).all(|w| w[0] < w[1]), "{method:?}: {b:?}");
        assert!(
            counts(&values, &b).iter().all(|&c| c > 0),
            "{method:?}: {b:?}"
        );
    }
}

#[test]
fn quantiles_put_about_as_many_values_in_each_class() {
    let nine: Vec<f64> = (1..=9).map(f64::from).collect();
    let b = breaks(&nine, &Method::Quantiles, 3);
    assert_eq!(b, [1.0, 3.5, 6.5, 9.0]);
    assert_eq!(counts(&nine, &b), [3, 3, 3]);
    // 10 values in 4 classes: targets 2.5, 5 and 7.5, ties toward the lower count.
    let ten: Vec<f64> = (1..=10).map(f64::from).collect();
    assert_eq!(
        counts(&ten, &breaks(&ten, &Method::Quantiles, 4)),
        [2, 3, 2, 3]
    );
}

#[test]
fn quantiles_never_split_equal_values() {
    // Seven 1s: both targets (3 and 6 values below) come nearest the gap after the 1s.
    let values = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 2.0, 3.0];
    let b = breaks(&values, &Method::Quantiles, 3);
    assert_eq!(b, [1.0, 1.5, 3.0]);
    assert_eq!(counts(&values, &b), [7, 2]);
}

#[test]
fn natural_breaks_split_clusters_between_them() {
    let values = [21.0, 1.0, 12.0, 3.0, 22.0, 10.0, 2.0, 20.0, 11.0];
    let b = breaks(&values, &Method::NaturalBreaks, 3);
    assert_eq!(b, [1.0, 6.5, 16.0, 22.0]);
    assert_eq!(counts(&values, &b), [3, 3, 3]);
}

#[test]
fn equal_intervals_keep_empty_classes() {
    let values = [0.0, 1.0, 2.0, 3.0, 100.0];
    let b = breaks(&values, &Method::EqualIntervals, 5);
    assert_eq!(b, [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
    assert_eq!(counts(&values, &b), [4, 0, 0, 0, 1]);
}

#[test]
fn equal_intervals_do_not_overflow_on_huge_ranges() {
    let b = breaks(
        &[-1e308, -1e300, 0.0, 1e300, 1e308],
        &Method::EqualIntervals,
        4,
    );
    assert_eq!(b.len(), 5);
    assert!(b.iter().all(|x| x.is_finite()), "{b:?}");
    assert_eq!(b[2], 0.0);
}

#[test]
fn manual_bounds_are_sorted_deduplicated_and_kept_within_the_data() {
    let values: Vec<f64> = (0..=10).map(f64::from).collect();
    let manual = Method::Manual(vec![15.0, 5.0, -5.0, 2.0, 5.0, f64::NAN, 0.0, 10.0]);
    // `classes` does not apply to manual bounds.
    let b = breaks(&values, &manual, 9);
    assert_eq!(b, [0.0, 2.0, 5.0, 10.0]);
    assert_eq!(counts(&values, &b), [2, 3, 6]);
    assert_eq!(breaks(&values, &Method::Manual(vec![]), 5), [0.0, 10.0]);
    assert_eq!(
        breaks(&values, &Method::Manual(vec![-1.0, 20.0]), 5),
        [0.0, 10.0]
    );
}

#[test]
fn manual_bounds_keep_empty_classes_and_at_most_nine() {
    let values = [0.0, 100.0];
    let b = breaks(&values, &Method::Manual(vec![10.0, 20.0]), 3);
    assert_eq!(counts(&values, &b), [1, 0, 1]);
    let many: Vec<f64> = (1..20).map(|i| f64::from(i) * 5.0).collect();
    let b = breaks(&values, &Method::Manual(many), 3);
    assert_eq!(
        b,
        [0.0, 5.0, 10.0, 15.0, 20.0, 25.0, 30.0, 35.0, 40.0, 100.0]
    );
}

#[test]
fn every_method_gives_increasing_bounds_from_min_to_max_and_counts_every_value() {
    // Scattered values with ties and a long tail, in no order.
    let values: Vec<f64> = (0..500)
        .map(|i| f64::from((i * 7919) % 613).powf(1.3).floor())
        .collect();
    let (min, max) = (0.0, 612f64.powf(1.3).floor());
    let methods = [
        Method::Quantiles,
        Method::EqualIntervals,
        Method::NaturalBreaks,
        Method::Manual(vec![100.0, 1000.0, 3000.0]),
    ];
    for method in &methods {
        for classes in 3..=9 {
            let b = breaks(&values, method, classes);
            assert_eq!((b[0], b[b.len() - 1]), (min, max), "{method:?}");
            assert!(b.windows(2).all(|w| w[0] < w[1]), "{method:?}: {b:?}");
            assert!(b.len() <= MAX_CLASSES + 1);
            let c = counts(&values, &b);
            assert_eq!(c.iter().sum::<usize>(), values.len(), "{method:?}: {b:?}");
            if matches!(method, Method::Quantiles | Method::NaturalBreaks) {
                assert!(c.iter().all(|&n| n > 0), "{method:?}: {b:?} {c:?}");
            }
        }
    }
}

#[test]
fn negative_zero_is_the_same_value_as_zero() {
    let values = [-0.0, 0.0, 1.0, 2.0];
    let b = breaks(&values, &Method::Quantiles, 3);
    assert_eq!(b.len(), 4);
    assert_eq!(counts(&values, &b), [2, 1, 1]);
}

#[test]
fn a_value_belongs_to_the_class_of_the_last_bound_not_above_it() {
    let b = [0.0, 10.0, 20.0, 30.0];
    assert_eq!(class_of(0.0, &b), Some(0));
    assert_eq!(class_of(9.99, &b), Some(0));
    assert_eq!(class_of(10.0, &b), Some(1));
    assert_eq!(class_of(29.0, &b), Some(2));
    assert_eq!(
        class_of(30.0, &b),
        Some(2),
        "the maximum is in the last class"
    );
    assert_eq!(class_of(-0.1, &b), None);
    assert_eq!(class_of(30.1, &b), None);
    assert_eq!(class_of(f64::NAN, &b), None);
    assert_eq!(class_of(f64::INFINITY, &b), None);
}

#[test]
fn class_of_needs_two_bounds() {
    assert_eq!(class_of(1.0, &[]), None);
    assert_eq!(class_of(1.0, &[1.0]), None);
    assert_eq!(class_of(1.0, &[1.0, 1.0]), Some(0));
    assert_eq!(class_of(f64::NAN, &[1.0, 1.0]), None);
}

#[test]
fn the_legend_lists_bounds_and_counts() {
    let values = [1.0, 2.0, 12.0, 25.0, 30.0, f64::NAN, 99.0];
    let legend = summarize(&values, &[0.0, 10.0, 20.0, 30.0]);
    let expected = [(0.0, 10.0, 2), (10.0, 20.0, 1), (20.0, 30.0, 2)]
        .map(|(low, high, count)| ClassSummary { low, high, count });
    assert_eq!(legend, expected);
    assert!(summarize(&values, &[]).is_empty());
    assert!(summarize(&values, &[5.0]).is_empty());
    assert!(summarize(&[], &[0.0, 1.0]).iter().all(|c| c.count == 0));
}

#[test]
fn every_method_is_named_in_both_languages() {
    let (fr, en) = (parse_locale(FR_SOURCE), parse_locale(EN_SOURCE));
    for method in &EVERY_METHOD {
        let key = method.label_key();
        assert!(fr.contains_key(key) && en.contains_key(key), "{key}");
    }
}
