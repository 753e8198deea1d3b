//! Sum and mean of a numeric field per zone, over the features a filter keeps; empty cells are
//! ignored.
//!
//! ```
//! use territoire::analysis::zone_sums::field_sums;
//! use territoire::data::DatasetBuilder;
//!
//! let mut b = DatasetBuilder::new(false);
//! let surface = b.add_column("surface");
//! for value in ["10", "", "2.5"] {
//!     b.column(surface).push_inferred(value);
//!     b.geometry.push_point([-0.55, 47.47]);
//!     b.end_row();
//! }
//! let ds = b.finish(None);
//! // Rows 0 and 1 in zone 0, row 2 outside every zone.
//! let sums = field_sums(&ds.columns[0], &[Some(0), Some(0), None], None, 1);
//! assert_eq!((sums[0].sum, sums[0].values, sums[0].mean()), (10.0, 1, Some(10.0)));
//! ```

use crate::data::{Bitmap, Column, ColumnData, Value};

/// The sum of a field's values in one zone and how many values made it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct FieldSum {
    /// The sum (0 when no value).
    pub sum: f64,
    /// Cells with a value.
    pub values: usize,
}

impl FieldSum {
    /// The mean, `None` when no feature had a value.
    pub fn mean(&self) -> Option<f64> {
        (self.values > 0).then(|| self.sum / self.values as f64)
    }
}

/// True for whole and decimal number columns, the ones a sum means something for.
pub fn is_numeric(column: &Column) -> bool {
    matches!(
        column.data,
        ColumnData::Integer { .. } | ColumnData::Float { .. }
    )
}

/// The cell of `row` as a number; empty, non-finite and non-numeric cells give `None`.
pub fn number(column: &Column, row: usize) -> Option<f64> {
    match column.value(row) {
        Value::Integer(i) => Some(i as f64),
        Value::Float(f) if f.is_finite() => Some(f),
        _ => None,
    }
}

/// For each of `zone_count` zones, the sum of `column` over the rows placed in it by `assigned`
/// (see [`crate::filter::spatial::assign_zones`]) and kept by `mask`.
pub fn field_sums(
    column: &Column,
    assigned: &[Option<u32>],
    mask: Option<&Bitmap>,
    zone_count: usize,
) -> Vec<FieldSum> {
    let mut sums = vec![FieldSum::default(); zone_count];
    for (row, zone) in assigned.iter().enumerate() {
        if mask.is_some_and(|m| !m.get(row)) {
            continue;
        }
        if let (Some(z), Some(value)) = (
            zone.and_then(|z| sums.get_mut(z as usize)),
            number(column, row),
        ) {
            z.sum += value;
            z.values += 1;
        }
    }
    sums
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::DatasetBuilder;

    #[test]
    fn sums_and_means_skip_empty_cells_and_rows_the_filter_drops() {
        let mut b = DatasetBuilder::new(false);
        let n = b.add_column("n");
        let label = b.add_column("label");
        for (value, text) in [("4", "a"), ("", "b"), ("7", "c"), ("1", "d"), ("100", "e")] {
            b.column(n).push_inferred(value);
            b.column(label).push_text(text);
            b.geometry.push_point([-0.55, 47.47]);
            b.end_row();
        }
        let ds = b.finish(None);
        let column = ds.column("n").expect("n");
        assert!(is_numeric(column));
        assert!(!is_numeric(ds.column("label").expect("label")));
        // Zone 0: rows 0, 1, 2; zone 1: row 3; row 4 outside; zone 2 empty.
        let assigned = [Some(0), Some(0), Some(0), Some(1), None];
        let sums = field_sums(column, &assigned, None, 3);
        assert_eq!(
            sums,
            [
                FieldSum {
                    sum: 11.0,
                    values: 2
                },
                FieldSum {
                    sum: 1.0,
                    values: 1
                },
                FieldSum::default(),
            ]
        );
        assert_eq!(sums[0].mean(), Some(5.5));
        assert_eq!(sums[2].mean(), None);
        let mut mask = Bitmap::new(5, true);
        mask.set(2, false);
        let filtered = field_sums(column, &assigned, Some(&mask), 3);
        assert_eq!((filtered[0].sum, filtered[0].values), (4.0, 1));
    }
}
