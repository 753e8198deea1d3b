//! Reads a leaf of a filter expression back into a builder condition, when the builder can
//! show it (values as the French type them).

use std::collections::BTreeSet;

use super::{Condition, Operator, format_user_date};
use crate::data::FieldType;
use crate::filter::ast::{CompareOp, Expr, Literal};

/// One builder condition read from a leaf of an expression.
pub(super) fn condition_of(
    e: &Expr,
    field_type: &impl Fn(&str) -> Option<FieldType>,
) -> Option<Condition> {
    let make = |field: &str, op: Operator| -> Option<Condition> {
        let mut c = Condition::new(field, field_type(field)?);
        c.op = op;
        Some(c)
    };
    let is_text = |field: &str| field_type(field) == Some(FieldType::Text);
    match e {
        Expr::Compare {
            field,
            op: CompareOp::Eq,
            value: Literal::Boolean(b),
        } => make(
            field,
            [Operator::IsFalse, Operator::IsTrue][usize::from(*b)],
        ),
        Expr::Compare {
            field,
            op: CompareOp::Eq,
            value: Literal::Text(t),
        } if is_text(field) => picked(make(field, Operator::Is)?, BTreeSet::from([t.clone()])),
        Expr::InList { field, values } if is_text(field) => {
            picked(make(field, Operator::Is)?, text_values(values)?)
        }
        Expr::And(parts) => negated(parts, field_type),
        Expr::Compare { field, op, value } => {
            typed(make(field, Operator::from_compare(*op))?, value)
        }
        Expr::InRange {
            field,
            low: (low, true),
            high: (high, true),
        } => {
            let mut c = typed(make(field, Operator::Between)?, low)?;
            c.upper = typed_text(high)?;
            Some(c)
        }
        Expr::IsNull { field, negated } => make(
            field,
            [Operator::IsEmpty, Operator::IsNotEmpty][usize::from(*negated)],
        ),
        Expr::Like { field, text } => typed(make(field, Operator::Contains)?, &text_of(text)),
        Expr::StartsWith { field, text } => {
            typed(make(field, Operator::StartsWith)?, &text_of(text))
        }
        _ => None,
    }
}

/// `field IS NOT NULL AND NOT (…)`: `n'est pas` or `≠`, as the builder writes them.
fn negated(parts: &[Expr], field_type: &impl Fn(&str) -> Option<FieldType>) -> Option<Condition> {
    let [
        Expr::IsNull {
            negated: true,
            field,
        },
        Expr::Not(inner),
    ] = parts
    else {
        return None;
    };
    let mut c = condition_of(inner, field_type)?;
    (c.field == *field).then_some(())?;
    c.op = match c.op {
        Operator::Is => Operator::IsNot,
        Operator::Eq => Operator::Ne,
        _ => return None,
    };
    Some(c)
}

/// `c` with its chosen values.
fn picked(mut c: Condition, values: BTreeSet<String>) -> Option<Condition> {
    c.values = values;
    Some(c)
}

/// `c` with its typed value.
fn typed(mut c: Condition, value: &Literal) -> Option<Condition> {
    c.value = typed_text(value)?;
    Some(c)
}

fn text_of(text: &str) -> Literal {
    Literal::Text(text.to_owned())
}

fn text_values(values: &[Literal]) -> Option<BTreeSet<String>> {
    values
        .iter()
        .map(|v| match v {
            Literal::Text(t) => Some(t.clone()),
            _ => None,
        })
        .collect()
}

/// A literal as the user would type it in the builder; `None` for booleans (not typed).
fn typed_text(value: &Literal) -> Option<String> {
    Some(match value {
        Literal::Number(n) => crate::i18n::format_decimal(*n),
        Literal::Date(d) => format_user_date(*d),
        Literal::Text(t) => t.clone(),
        Literal::Boolean(_) => return None,
    })
}
