//! One condition of the builder (field, operator, value) written into the filter language, with
//! values read as the French type them (`12,5`, `01/06/2024`).

use std::collections::BTreeSet;

use super::Operator;
use crate::data::FieldType;
use crate::filter::ast::{CompareOp, Expr, Literal};
use crate::i18n::tr_args;

/// One condition on one field.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Condition {
    /// The field.
    pub field: String,
    /// Its type (chooses operators and how values are read).
    pub field_type: FieldType,
    /// What is checked.
    pub op: Operator,
    /// Chosen values, for `est` / `n'est pas`.
    pub values: BTreeSet<String>,
    /// The typed value (lower bound for `entre`).
    pub value: String,
    /// The upper bound for `entre`.
    pub upper: String,
}

impl Condition {
    /// A new condition on `field` with the usual operator of its type.
    pub fn new(field: &str, field_type: FieldType) -> Self {
        Self {
            field: field.to_owned(),
            field_type,
            op: Operator::for_type(field_type)[0],
            values: BTreeSet::new(),
            value: String::new(),
            upper: String::new(),
        }
    }

    /// The condition in the filter language; `Ok(None)` while it is incomplete (no value yet),
    /// an error when a typed value does not fit the field.
    pub fn to_expr(&self) -> Result<Option<Expr>, String> {
        if self.field.is_empty() {
            return Ok(None);
        }
        let field = self.field.clone();
        Ok(Some(match self.op {
            Operator::Is | Operator::IsNot if self.values.is_empty() => return Ok(None),
            Operator::Is => in_list(field, self.chosen()),
            Operator::IsNot => Expr::And(vec![
                Expr::IsNull {
                    field: field.clone(),
                    negated: true,
                },
                Expr::Not(Box::new(in_list(field, self.chosen()))),
            ]),
            Operator::Contains | Operator::StartsWith if self.value.trim().is_empty() => {
                return Ok(None);
            }
            Operator::Contains => Expr::Like {
                field,
                text: self.value.trim().to_owned(),
            },
            Operator::StartsWith => Expr::StartsWith {
                field,
                text: self.value.clone(),
            },
            Operator::IsEmpty | Operator::IsNotEmpty => Expr::IsNull {
                field,
                negated: self.op == Operator::IsNotEmpty,
            },
            Operator::IsTrue | Operator::IsFalse => Expr::Compare {
                field,
                op: CompareOp::Eq,
                value: Literal::Boolean(self.op == Operator::IsTrue),
            },
            Operator::Between => return self.between(field),
            op => {
                let Some(value) = self.literal(&self.value)? else {
                    return Ok(None);
                };
                let op = op.compare().unwrap_or(CompareOp::Eq);
                Expr::Compare { field, op, value }
            }
        }))
    }

    /// The chosen values as text literals.
    fn chosen(&self) -> Vec<Literal> {
        self.values.iter().cloned().map(Literal::Text).collect()
    }

    /// `entre`: both bounds included; one bound alone is a plain comparison.
    fn between(&self, field: String) -> Result<Option<Expr>, String> {
        let low = self.literal(&self.value)?;
        let high = self.literal(&self.upper)?;
        Ok(Some(match (low, high) {
            (Some(low), Some(high)) => Expr::InRange {
                field,
                low: (low, true),
                high: (high, true),
            },
            (Some(low), None) => Expr::Compare {
                field,
                op: CompareOp::Ge,
                value: low,
            },
            (None, Some(high)) => Expr::Compare {
                field,
                op: CompareOp::Le,
                value: high,
            },
            (None, None) => return Ok(None),
        }))
    }

    /// A typed bound as a number on the histogram's scale (days for dates, seconds for
    /// date-times); `None` when empty or unreadable.
    pub fn bound(&self, text: &str) -> Option<f64> {
        match self.literal(text).ok()?? {
            Literal::Number(n) => Some(n),
            Literal::Date(d) if self.field_type == FieldType::Datetime => {
                Some(f64::from(d) * 86_400.0)
            }
            Literal::Date(d) => Some(f64::from(d)),
            _ => None,
        }
    }

    /// A typed value read for this field's type: `12,5` and `01/06/2024` as the French write them.
    fn literal(&self, text: &str) -> Result<Option<Literal>, String> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        let bad = |key: &str| tr_args(key, &[("value", text), ("field", &self.field)]);
        match self.field_type {
            FieldType::Integer | FieldType::Float => crate::i18n::parse_number(text)
                .map(|n| Some(Literal::Number(n)))
                .ok_or_else(|| bad("filter-err-not-number")),
            FieldType::Date | FieldType::Datetime => parse_user_date(text)
                .map(|d| Some(Literal::Date(d)))
                .ok_or_else(|| bad("filter-err-not-date")),
            FieldType::Text | FieldType::Boolean => Ok(Some(Literal::Text(text.to_owned()))),
        }
    }
}

/// `field = value` for one value, `field IN (…)` for several.
fn in_list(field: String, mut values: Vec<Literal>) -> Expr {
    if values.len() == 1
        && let Some(value) = values.pop()
    {
        return Expr::Compare {
            field,
            op: CompareOp::Eq,
            value,
        };
    }
    Expr::InList { field, values }
}

/// A date as typed: `2024-06-01`, `01/06/2024` (day first, as in France) or a year alone.
pub fn parse_user_date(text: &str) -> Option<i32> {
    let parts: Vec<&str> = text.trim().split('/').collect();
    if let [d, m, y] = parts.as_slice()
        && y.len() == 4
    {
        return crate::filter::parse::parse_date_literal(&format!("{y}-{m}-{d}"));
    }
    crate::filter::parse::parse_date_literal(text.trim())
}

/// The date of `days` since 1970 as users of the interface language type it (`01/06/2024` in
/// French, `2024-06-01` in English); [`parse_user_date`] reads both.
pub fn format_user_date(days: i32) -> String {
    crate::i18n::format_date(i64::from(days))
}
