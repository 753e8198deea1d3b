//! Fisher–Jenks natural breaks: the optimal grouping of sorted values into classes.

/// Where each class but the first starts, as indices into `values`, for `classes` classes over
/// the distinct increasing `values`, each occurring `counts[i]` times.
///
/// The grouping is optimal (Fisher, 1958): no other split of the values into as many
/// consecutive classes has a smaller sum of squared deviations from the class means, each
/// value weighted by its count. Time O(classes · n²), memory O(classes · n), for n distinct
/// values. Fewer classes than values are asked for; with more, each value is its own class.
pub(super) fn class_starts(values: &[f64], counts: &[usize], classes: usize) -> Vec<usize> {
    let n = values.len().min(counts.len());
    let classes = classes.min(n);
    if classes < 2 {
        return Vec::new();
    }
    // best[j]: the least sum of squares of values 0..=j in the classes placed so far;
    // start[c][j]: where class c starts in that best grouping of 0..=j into c + 1 classes.
    let mut first = Spread::default();
    let mut best: Vec<f64> = (0..n)
        .map(|j| {
            first.add(values[j], counts[j]);
            first.squares
        })
        .collect();
    let mut start = vec![vec![0usize; n]; classes];
    for (c, starts_of_c) in start.iter_mut().enumerate().skip(1) {
        let mut next = vec![f64::INFINITY; n];
        for j in c..n {
            // Class c covers a..=j; the c classes before it cover 0..a, so a >= c.
            let mut last = Spread::default();
            for a in (c..=j).rev() {
                last.add(values[a], counts[a]);
                let total = best[a - 1] + last.squares;
                if total < next[j] {
                    next[j] = total;
                    starts_of_c[j] = a;
                }
            }
        }
        best = next;
    }
    let mut starts = Vec::with_capacity(classes - 1);
    let mut end = n - 1;
    for c in (1..classes).rev() {
        let a = start[c][end];
        starts.push(a);
        end = a - 1;
    }
    starts.reverse();
    starts
}

/// Running weighted mean and sum of squared deviations (West's update of Welford's method,
/// which stays accurate when values are large and close together).
#[derive(Default)]
struct Spread {
    weight: f64,
    mean: f64,
    squares: f64,
}

impl Spread {
    fn add(&mut self, value: f64, count: usize) {
        let weight = count as f64;
        if weight <= 0.0 {
            return;
        }
        self.weight += weight;
        let delta = value - self.mean;
        self.mean += delta * weight / self.weight;
        self.squares += weight * delta * (value - self.mean);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The weighted sum of squares within classes starting at `starts`, computed directly.
    fn within_squares(values: &[f64], counts: &[usize], starts: &[usize]) -> f64 {
        let mut edges = vec![0];
        edges.extend_from_slice(starts);
        edges.push(values.len());
        edges
            .windows(2)
            .map(|w| {
                let (v, c) = (&values[w[0]..w[1]], &counts[w[0]..w[1]]);
                let weight: f64 = c.iter().map(|&c| c as f64).sum();
                let mean = v.iter().zip(c).map(|(&v, &c)| v * c as f64).sum::<f64>() / weight;
                v.iter()
                    .zip(c)
                    .map(|(&v, &c)| c as f64 * (v - mean).powi(2))
                    .sum::<f64>()
            })
            .sum()
    }

    /// Every way to choose `k` increasing starts in `from..n`.
    fn all_starts(
        from: usize,
        n: usize,
        k: usize,
        current: &mut Vec<usize>,
        out: &mut Vec<Vec<usize>>,
    ) {
        if k == 0 {
            out.push(current.clone());
            return;
        }
        for s in from..n {
            current.push(s);
            all_starts(s + 1, n, k - 1, current, out);
            current.pop();
        }
    }

    /// A small deterministic generator, so that the test needs no dependency.
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            self.0 >> 33
        }
    }

    #[test]
    fn splits_obvious_clusters_between_them() {
        let values = [1.0, 2.0, 3.0, 10.0, 11.0, 12.0, 20.0, 21.0, 22.0];
        assert_eq!(class_starts(&values, &[1; 9], 3), [3, 6]);
    }

    #[test]
    fn counts_weigh_like_repeated_values() {
        // 0 seen ten times pulls the mean of {0, 4} down: 4 joins 8 and 9.
        let values = [0.0, 4.0, 8.0, 9.0];
        assert_eq!(class_starts(&values, &[10, 1, 1, 1], 2), [1]);
        // Each seen once, 4 stays with 0.
        assert_eq!(class_starts(&values, &[1, 1, 1, 1], 2), [2]);
    }

    #[test]
    fn matches_an_exhaustive_search_on_random_data() {
        let mut rng = Lcg(42);
        for round in 0..200 {
            let n = 3 + round % 8;
            let mut values: Vec<f64> = (0..n).map(|_| (rng.next() % 1000) as f64 / 7.0).collect();
            values.sort_by(f64::total_cmp);
            values.dedup();
            let counts: Vec<usize> = values
                .iter()
                .map(|_| 1 + (rng.next() % 4) as usize)
                .collect();
            for k in 2..=values.len().min(6) {
                let starts = class_starts(&values, &counts, k);
                assert_eq!(starts.len(), k - 1);
                assert!(starts.windows(2).all(|w| w[0] < w[1]) && starts[0] > 0);
                let mut every = Vec::new();
                all_starts(1, values.len(), k - 1, &mut Vec::new(), &mut every);
                let optimum = every
                    .iter()
                    .map(|s| within_squares(&values, &counts, s))
                    .fold(f64::INFINITY, f64::min);
                let found = within_squares(&values, &counts, &starts);
                assert!(
                    found <= optimum + 1e-9 * optimum.max(1.0),
                    "{values:?} × {counts:?}, {k} classes: {found} > {optimum}"
                );
            }
        }
    }

    #[test]
    fn stays_accurate_for_large_close_values() {
        // Sums of squares computed from raw sums would cancel out at this magnitude.
        let values = [
            1e9,
            1e9 + 1.0,
            1e9 + 2.0,
            1e9 + 10.0,
            1e9 + 11.0,
            1e9 + 12.0,
        ];
        assert_eq!(class_starts(&values, &[1; 6], 2), [3]);
    }

    #[test]
    fn as_many_classes_as_values_or_fewer() {
        assert_eq!(class_starts(&[1.0, 2.0, 3.0], &[1, 1, 1], 9), [1, 2]);
        assert!(class_starts(&[1.0], &[5], 3).is_empty());
        assert!(class_starts(&[], &[], 3).is_empty());
        assert!(class_starts(&[1.0, 2.0], &[1, 1], 1).is_empty());
    }

    #[test]
    fn handles_a_thousand_distinct_values_in_nine_classes() {
        let values: Vec<f64> = (0..1000).map(|i| (i as f64).powf(1.5)).collect();
        let starts = class_starts(&values, &vec![1; 1000], 9);
        assert_eq!(starts.len(), 8);
        assert!(starts.windows(2).all(|w| w[0] < w[1]));
    }
}
