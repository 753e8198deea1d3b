//! Tests of the filter builder: what it writes, what it refuses, what it reads back.

use super::*;
use crate::filter::{parse, to_odsql};

fn types(field: &str) -> Option<FieldType> {
    Some(match field {
        "commune" | "voie" => FieldType::Text,
        "numero" => FieldType::Integer,
        "date_maj" => FieldType::Date,
        "public" => FieldType::Boolean,
        _ => return None,
    })
}

fn cond(field: &str, op: Operator, value: &str) -> Condition {
    let mut c = Condition::new(field, types(field).expect("known"));
    c.op = op;
    if op.picks_values() {
        c.values = value.split('|').map(str::to_owned).collect();
    } else if op == Operator::Between {
        let (a, b) = value.split_once("..").unwrap_or((value, ""));
        c.value = a.to_owned();
        c.upper = b.to_owned();
    } else {
        c.value = value.to_owned();
    }
    c
}

#[test]
fn builder_writes_the_filter_language() {
    let draft = Draft {
        join: Join::Or,
        groups: vec![
            Group {
                join: Join::And,
                conditions: vec![
                    cond("commune", Operator::Is, "Angers|Avrillé"),
                    cond("numero", Operator::Between, "10..20,5"),
                ],
            },
            Group {
                join: Join::And,
                conditions: vec![cond("date_maj", Operator::Ge, "01/06/2024")],
            },
        ],
    };
    let expr = draft.to_expr().expect("valid").expect("complete");
    assert_eq!(
        to_odsql(&expr),
        r#"(commune IN ("Angers", "Avrillé") AND numero IN [10..20.5]) OR date_maj >= date'2024-06-01'"#
    );
    assert_eq!(parse(&to_odsql(&expr)).expect("parses"), expr);
    assert_eq!(Draft::from_expr(&expr, types), Some(draft));
}

#[test]
fn incomplete_conditions_are_left_out_and_bad_values_explained() {
    let mut draft = Draft::default();
    draft.groups.push(Group {
        join: Join::And,
        conditions: vec![
            cond("commune", Operator::Is, ""),
            cond("voie", Operator::StartsWith, "Rue"),
        ],
    });
    draft.groups[0].conditions[0].values.clear();
    let expr = draft.to_expr().expect("valid").expect("one complete");
    assert_eq!(to_odsql(&expr), r#"startswith(voie, "Rue")"#);
    draft.groups[0]
        .conditions
        .push(cond("numero", Operator::Gt, "dix"));
    let error = draft.to_expr().expect_err("not a number");
    assert!(error.contains("dix"), "{error}");
    assert_eq!(Draft::default().to_expr(), Ok(None));
}

#[test]
fn every_operator_reads_back() {
    for (field, op, value) in [
        ("commune", Operator::IsNot, "Angers"),
        ("voie", Operator::Contains, "saint aubin"),
        ("voie", Operator::IsEmpty, ""),
        ("voie", Operator::IsNotEmpty, ""),
        ("numero", Operator::Ne, "3"),
        ("numero", Operator::Lt, "3"),
        ("public", Operator::IsTrue, ""),
        ("public", Operator::IsFalse, ""),
    ] {
        let draft = Draft {
            join: Join::And,
            groups: vec![Group {
                join: Join::And,
                conditions: vec![cond(field, op, value)],
            }],
        };
        let expr = draft.to_expr().expect("valid").expect("complete");
        let reparsed = parse(&to_odsql(&expr)).expect("parses");
        assert_eq!(
            Draft::from_expr(&reparsed, types),
            Some(draft),
            "{op:?} {}",
            to_odsql(&expr)
        );
    }
}
