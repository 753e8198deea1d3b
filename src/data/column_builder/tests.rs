//! Tests of the column builder: widening, dictionaries, appending chunks, inference.

use super::super::{FieldType, Value};
use super::*;

#[test]
fn integers_widen_to_float_then_text() {
    let mut b = ColumnBuilder::new("n", 1);
    b.push_int(3);
    b.push_float(2.5);
    let col = b.finish(true);
    assert_eq!(col.field_type(), FieldType::Float);
    assert_eq!(col.value(0), Value::Null);
    assert_eq!(col.value(1), Value::Float(3.0));

    let mut b = ColumnBuilder::new("mixed", 0);
    b.push_int(7);
    b.push_null();
    b.push_text("bis");
    let col = b.finish(true);
    assert_eq!(col.field_type(), FieldType::Text);
    assert_eq!(col.value(0), Value::Text("7"));
    assert_eq!(col.value(1), Value::Null);
}

#[test]
fn text_is_dictionary_encoded_and_dates_are_detected() {
    let mut b = ColumnBuilder::new("voie", 0);
    for name in ["Rue Lenepveu", "Rue Lenepveu", "Place du Ralliement"] {
        b.push_text(name);
    }
    match b.finish(true).data {
        ColumnData::Text { dictionary, codes } => {
            assert_eq!(dictionary.len(), 2);
            assert_eq!(codes, vec![0, 0, 1]);
        }
        other => panic!("expected text, got {other:?}"),
    }
    let mut b = ColumnBuilder::new("date_maj", 0);
    b.push_text("2023-05-01");
    b.push_null();
    assert_eq!(b.finish(true).field_type(), FieldType::Date);
}

/// Pushes `cells` (None: null, Some(Ok(i)): integer, Some(Err(s)): text) in one builder.
fn built(rows_before: usize, cells: &[Option<Result<i64, &str>>]) -> ColumnBuilder {
    let mut b = ColumnBuilder::new("c", rows_before);
    for cell in cells {
        match cell {
            None => b.push_null(),
            Some(Ok(i)) => b.push_int(*i),
            Some(Err(s)) => b.push_text(s),
        }
    }
    b
}

#[test]
fn appending_chunks_gives_the_column_read_in_one_go() {
    let chunks: [&[Option<Result<i64, &str>>]; 4] = [
        &[None, Some(Ok(4)), Some(Ok(5))],
        &[None, None],
        &[
            Some(Err("bis")),
            Some(Ok(4)),
            Some(Err("ter")),
            Some(Err("bis")),
        ],
        &[Some(Ok(7)), None],
    ];
    for split in 1..chunks.len() {
        let whole: Vec<_> = chunks.concat();
        let expected = built(2, &whole).finish(true);
        let mut first = built(2, &chunks[..split].concat());
        first.append(built(0, &chunks[split..].concat()));
        let got = first.finish(true);
        assert_eq!(got.len(), expected.len());
        for row in 0..expected.len() {
            assert_eq!(
                got.value(row),
                expected.value(row),
                "row {row}, split {split}"
            );
        }
    }
    let mut ints = built(1, &[Some(Ok(2))]);
    let mut floats = ColumnBuilder::new("c", 1);
    floats.push_float(0.5);
    ints.append(floats);
    let col = ints.finish(true);
    assert_eq!(col.field_type(), FieldType::Float);
    assert_eq!(col.value(1), Value::Float(2.0));
    assert_eq!(col.value(3), Value::Float(0.5));
    let mut late = ColumnBuilder::new("c", 3);
    late.append(built(0, &[Some(Err("x")), Some(Err("x"))]));
    match late.finish(true).data {
        ColumnData::Text { dictionary, codes } => {
            assert_eq!(dictionary.len(), 1);
            assert_eq!(codes, vec![NULL_CODE, NULL_CODE, NULL_CODE, 0, 0]);
        }
        other => panic!("expected text, got {other:?}"),
    }
}

#[test]
fn inference_keeps_codes_with_leading_zeros_as_text() {
    let mut b = ColumnBuilder::new("code", 0);
    b.push_inferred("049007");
    b.push_inferred("12");
    assert_eq!(b.finish(true).field_type(), FieldType::Text);
    let mut b = ColumnBuilder::new("surface", 0);
    b.push_inferred("12,5");
    b.push_inferred("3");
    b.push_inferred("");
    let col = b.finish(true);
    assert_eq!(col.field_type(), FieldType::Float);
    assert_eq!(col.value(0), Value::Float(12.5));
    assert_eq!(col.value(2), Value::Null);
}

#[test]
fn decimal_comma_below_one_is_a_number_not_a_code() {
    let mut b = ColumnBuilder::new("surface", 0);
    b.push_inferred("1234,5");
    b.push_inferred("0,25");
    let col = b.finish(true);
    assert_eq!(col.field_type(), FieldType::Float);
    assert_eq!(col.value(1), Value::Float(0.25));
}
