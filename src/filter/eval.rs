//! Evaluates a filter on a dataset into a mask, column by column; text tests run once per distinct value.
//!
//! Masks are built 64 rows per word, in parallel over blocks of words (see [`Bitmap::from_values`]),
//! with the operator chosen once per column rather than once per row.

use super::ast::{CompareOp, Expr, Literal};
use crate::data::column::NULL_CODE;
use crate::data::{Bitmap, Column, ColumnData, Dataset};
use crate::i18n::tr_args;

/// A filter that names something the dataset does not have, or compares incompatible types.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct EvalError(pub String);

/// The rows of `dataset` that `expr` keeps.
pub fn evaluate(expr: &Expr, dataset: &Dataset) -> Result<Bitmap, EvalError> {
    let n = dataset.len();
    match expr {
        Expr::And(parts) => {
            let mut mask = Bitmap::new(n, true);
            for part in parts {
                mask.and_assign(&evaluate(part, dataset)?);
            }
            Ok(mask)
        }
        Expr::Or(parts) => {
            let mut mask = Bitmap::new(n, false);
            for part in parts {
                mask.or_assign(&evaluate(part, dataset)?);
            }
            Ok(mask)
        }
        Expr::Not(inner) => {
            let mut mask = evaluate(inner, dataset)?;
            mask.invert();
            Ok(mask)
        }
        Expr::Compare { field, op, value } => compare(column(dataset, field)?, *op, value),
        Expr::InList { field, values } => in_list(column(dataset, field)?, values),
        Expr::InRange { field, low, high } => in_range(column(dataset, field)?, low, high),
        Expr::IsNull { field, negated } => {
            let mut present = present(column(dataset, field)?);
            if !*negated {
                present.invert();
            }
            Ok(present)
        }
        Expr::Like { field, text } => {
            let wanted = words(text);
            text_test(column(dataset, field)?, |value| {
                let have = words(value);
                wanted.iter().all(|w| have.contains(w))
            })
        }
        Expr::StartsWith { field, text } => text_test(column(dataset, field)?, |value| {
            value.starts_with(text.as_str())
        }),
        Expr::InBbox { bbox, .. } => Ok(in_bbox(dataset, *bbox)),
        Expr::Search { fields, text } => {
            let columns: Vec<&Column> = if fields.is_empty() {
                dataset.columns.iter().collect()
            } else {
                let named = fields.iter().map(|f| column(dataset, f));
                named.collect::<Result<_, _>>()?
            };
            search(&columns, n, text)
        }
        Expr::WithinDistance {
            lon, lat, metres, ..
        } => Ok(super::spatial::within_distance(
            dataset,
            [*lon, *lat],
            *metres,
        )),
        Expr::Intersects { polygon, .. } => Ok(super::spatial::within_polygon(dataset, polygon)),
    }
}

/// `field IN (…)`: one pass over the codes of a text column, whatever the number of values.
fn in_list(column: &Column, values: &[Literal]) -> Result<Bitmap, EvalError> {
    if let Some(wanted) = texts_of(column, values) {
        return text_test(column, |v| wanted.iter().any(|w| w == v));
    }
    let mut mask = Bitmap::new(column.len(), false);
    for value in values {
        mask.or_assign(&compare(column, CompareOp::Eq, value)?);
    }
    Ok(mask)
}

/// A range, each bound included or not.
fn in_range(
    column: &Column,
    low: &(Literal, bool),
    high: &(Literal, bool),
) -> Result<Bitmap, EvalError> {
    let low_op = if low.1 { CompareOp::Ge } else { CompareOp::Gt };
    let high_op = if high.1 { CompareOp::Le } else { CompareOp::Lt };
    let mut mask = compare(column, low_op, &low.0)?;
    mask.and_assign(&compare(column, high_op, &high.0)?);
    Ok(mask)
}

fn column<'a>(dataset: &'a Dataset, field: &str) -> Result<&'a Column, EvalError> {
    dataset
        .column(field)
        .ok_or_else(|| EvalError(tr_args("filter-err-unknown-field", &[("field", field)])))
}

fn mismatch(column: &Column, value: &Literal) -> EvalError {
    EvalError(tr_args(
        "filter-err-type",
        &[
            ("field", &column.name),
            ("type", column.field_type().name()),
            ("value", &super::odsql::literal(value)),
        ],
    ))
}

fn holds(op: CompareOp, ordering: std::cmp::Ordering) -> bool {
    use std::cmp::Ordering::{Equal, Greater, Less};
    match op {
        CompareOp::Eq => ordering == Equal,
        CompareOp::Ne => ordering != Equal,
        CompareOp::Lt => ordering == Less,
        CompareOp::Le => ordering != Greater,
        CompareOp::Gt => ordering == Greater,
        CompareOp::Ge => ordering != Less,
    }
}

/// Null cells never match a comparison (`!=` included), as on the portal.
fn compare(column: &Column, op: CompareOp, value: &Literal) -> Result<Bitmap, EvalError> {
    match (&column.data, value) {
        (ColumnData::Integer { values, valid }, Literal::Number(x)) => {
            Ok(ordered(values, valid, op, *x, |&v| v as f64))
        }
        (ColumnData::Float { values, valid }, Literal::Number(x)) => {
            Ok(ordered(values, valid, op, *x, |&v| v))
        }
        (ColumnData::Integer { .. } | ColumnData::Float { .. }, Literal::Text(t)) => {
            let number = t
                .trim()
                .replace(',', ".")
                .parse::<f64>()
                .map_err(|_| mismatch(column, value))?;
            compare(column, op, &Literal::Number(number))
        }
        (ColumnData::Date { days, valid }, Literal::Date(d)) => {
            Ok(ordered(days, valid, op, *d, |&v| v))
        }
        (ColumnData::DateTime { seconds, valid }, Literal::Date(d)) => {
            Ok(ordered(seconds, valid, op, i64::from(*d), |&s| {
                s.div_euclid(86_400)
            }))
        }
        (ColumnData::Date { .. } | ColumnData::DateTime { .. }, Literal::Text(t)) => {
            let day = super::parse::parse_date_literal(t).ok_or_else(|| mismatch(column, value))?;
            compare(column, op, &Literal::Date(day))
        }
        (ColumnData::Boolean { values, valid }, Literal::Boolean(b)) => {
            Ok(Bitmap::from_fn(valid.len(), |i| {
                valid.get(i) && holds(op, values.get(i).cmp(b))
            }))
        }
        (ColumnData::Text { .. }, Literal::Text(t)) => {
            text_test(column, |v| holds(op, v.cmp(t.as_str())))
        }
        (ColumnData::Text { .. }, Literal::Number(x)) => {
            let text = number_text(*x);
            text_test(column, |v| holds(op, v.cmp(text.as_str())))
        }
        _ => Err(mismatch(column, value)),
    }
}

/// Codes kept as text (postcodes) compare with the number's text.
fn number_text(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        x.to_string()
    }
}

/// The texts an `IN (…)` list compares a text column with; `None` when the column is not text
/// or a value is neither text nor number (then each value is compared, and refused, on its own).
fn texts_of(column: &Column, values: &[Literal]) -> Option<Vec<String>> {
    if !matches!(column.data, ColumnData::Text { .. }) {
        return None;
    }
    values
        .iter()
        .map(|value| match value {
            Literal::Text(t) => Some(t.clone()),
            Literal::Number(x) => Some(number_text(*x)),
            _ => None,
        })
        .collect()
}

/// `key(value) op x` for every valid cell. The operator is matched once, outside the loop; the
/// comparisons are false for NaN, like `partial_cmp` returning `None`.
fn ordered<T: Sync, K: PartialOrd + Copy + Sync>(
    values: &[T],
    valid: &Bitmap,
    op: CompareOp,
    x: K,
    key: impl Fn(&T) -> K + Sync,
) -> Bitmap {
    use std::cmp::Ordering;
    let mut mask = match op {
        CompareOp::Eq => Bitmap::from_values(values, |v| key(v) == x),
        // Not `!=`: a NaN is not "different", it compares with nothing.
        CompareOp::Ne => Bitmap::from_values(values, |v| {
            matches!(
                key(v).partial_cmp(&x),
                Some(Ordering::Less | Ordering::Greater)
            )
        }),
        CompareOp::Lt => Bitmap::from_values(values, |v| key(v) < x),
        CompareOp::Le => Bitmap::from_values(values, |v| key(v) <= x),
        CompareOp::Gt => Bitmap::from_values(values, |v| key(v) > x),
        CompareOp::Ge => Bitmap::from_values(values, |v| key(v) >= x),
    };
    mask.and_assign(valid);
    mask
}

/// The cells that hold a value.
fn present(column: &Column) -> Bitmap {
    match &column.data {
        ColumnData::Text { codes, .. } => Bitmap::from_values(codes, |&c| c != NULL_CODE),
        ColumnData::Integer { valid, .. }
        | ColumnData::Float { valid, .. }
        | ColumnData::Boolean { valid, .. }
        | ColumnData::Date { valid, .. }
        | ColumnData::DateTime { valid, .. } => valid.clone(),
    }
}

/// Applies `test` once per distinct text value, then maps codes; other columns are tested on
/// each value's text.
fn text_test(column: &Column, test: impl Fn(&str) -> bool + Sync) -> Result<Bitmap, EvalError> {
    match &column.data {
        ColumnData::Text { dictionary, codes } => {
            let keep: Vec<u32> = (0..dictionary.len() as u32)
                .filter(|&code| test(&dictionary[code as usize]))
                .collect();
            Ok(match keep[..] {
                // Nothing, or one value (the common `=`): compare codes directly.
                [] => Bitmap::new(codes.len(), false),
                [code] => Bitmap::from_values(codes, |&c| c == code),
                _ => {
                    let mut table = vec![false; dictionary.len()];
                    keep.iter().for_each(|&code| table[code as usize] = true);
                    Bitmap::from_values(codes, |&c| table.get(c as usize).copied().unwrap_or(false))
                }
            })
        }
        _ => Ok(Bitmap::from_fn(column.len(), |row| {
            let value = column.value(row);
            !matches!(value, crate::data::Value::Null) && test(&value.to_string())
        })),
    }
}

/// Full-text search: every typed word must match a word of one of the columns (the last as a
/// prefix, the others with the portal's fuzziness).
fn search(columns: &[&Column], n: usize, text: &str) -> Result<Bitmap, EvalError> {
    let terms = words(text);
    let mut mask = Bitmap::new(n, true);
    for (i, term) in terms.iter().enumerate() {
        let last = i + 1 == terms.len();
        let mut found = Bitmap::new(n, false);
        for column in columns {
            found.or_assign(&text_test(column, |value| {
                words(value).iter().any(|w| term_matches(term, w, last))
            })?);
        }
        mask.and_assign(&found);
    }
    Ok(mask)
}

/// A typed term against a word of the data: a prefix for the last term, else equal within the
/// allowed number of typos (0 up to 2 letters, 1 up to 5, 2 beyond).
fn term_matches(term: &str, word: &str, last: bool) -> bool {
    if last && word.starts_with(term) {
        return true;
    }
    let allowed = match term.chars().count() {
        0..=2 => 0,
        3..=5 => 1,
        _ => 2,
    };
    levenshtein_within(term, word, allowed)
}

/// True when turning `a` into `b` takes at most `max` one-letter edits.
fn levenshtein_within(a: &str, b: &str, max: usize) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return false;
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            current[j + 1] = (previous[j] + cost)
                .min(previous[j + 1] + 1)
                .min(current[j] + 1);
        }
        if current.iter().min().is_some_and(|&m| m > max) {
            return false;
        }
        previous = current;
    }
    previous[b.len()] <= max
}

/// Lowercase words without accents: what `like` compares.
fn words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Lowercase, accents removed (é → e, œ → oe), for word matching.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' => out.push('a'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'î' | 'ï' | 'í' => out.push('i'),
            'ô' | 'ö' | 'ó' => out.push('o'),
            'ù' | 'û' | 'ü' | 'ú' => out.push('u'),
            'ç' => out.push('c'),
            'ÿ' => out.push('y'),
            'œ' => out.push_str("oe"),
            'æ' => out.push_str("ae"),
            other => out.push(other),
        }
    }
    out
}

/// Features whose position (a point, or the centre of the extent) lies in `bbox`; the R-tree
/// gives the candidates.
fn in_bbox(dataset: &Dataset, bbox: [f64; 4]) -> Bitmap {
    let mut mask = Bitmap::new(dataset.len(), false);
    for row in dataset.query_bbox(bbox) {
        if let Some(b) = dataset.geometry.feature_bbox(row) {
            let (x, y) = ((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0);
            if x >= bbox[0] && x <= bbox[2] && y >= bbox[1] && y <= bbox[3] {
                mask.set(row, true);
            }
        }
    }
    mask
}
