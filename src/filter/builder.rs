//! The plain-language filter a non-specialist builds (field, operator, value; ET / OU groups),
//! written into the filter language and read back from it.

use std::collections::BTreeSet;

use super::ast::{CompareOp, Expr, Literal};
use crate::data::FieldType;
use crate::i18n::tr_args;

/// How conditions (or groups) combine.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Join {
    /// Every condition holds ("ET").
    #[default]
    And,
    /// At least one holds ("OU").
    Or,
}

impl Join {
    /// The locale key of its label.
    pub fn label_key(self) -> &'static str {
        match self {
            Self::And => "filter-and",
            Self::Or => "filter-or",
        }
    }

    fn combine(self, mut parts: Vec<Expr>) -> Option<Expr> {
        match parts.len() {
            0 => None,
            1 => parts.pop(),
            _ => Some(match self {
                Self::And => Expr::And(parts),
                Self::Or => Expr::Or(parts),
            }),
        }
    }
}

/// What a condition checks, in words a non-specialist reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Operator {
    /// Text is one of the chosen values ("est").
    Is,
    /// Text is none of the chosen values ("n'est pas").
    IsNot,
    /// Text contains these words ("contient").
    Contains,
    /// Text begins with ("commence par").
    StartsWith,
    /// No value ("est vide").
    IsEmpty,
    /// Has a value ("n'est pas vide").
    IsNotEmpty,
    /// `=`
    Eq,
    /// `≠`
    Ne,
    /// `<`
    Lt,
    /// `≤`
    Le,
    /// `>`
    Gt,
    /// `≥`
    Ge,
    /// Between two bounds, both included ("entre").
    Between,
    /// Boolean true ("est vrai").
    IsTrue,
    /// Boolean false ("est faux").
    IsFalse,
}

impl Operator {
    /// The operators offered for a field of this type, the usual one first.
    pub fn for_type(field_type: FieldType) -> &'static [Operator] {
        use Operator::*;
        match field_type {
            FieldType::Text => &[Is, IsNot, Contains, StartsWith, IsEmpty, IsNotEmpty],
            FieldType::Integer | FieldType::Float | FieldType::Date | FieldType::Datetime => {
                &[Between, Eq, Ne, Lt, Le, Gt, Ge, IsEmpty, IsNotEmpty]
            }
            FieldType::Boolean => &[IsTrue, IsFalse, IsEmpty],
        }
    }

    /// The locale key of its label.
    pub fn label_key(self) -> &'static str {
        match self {
            Self::Is => "filter-op-is",
            Self::IsNot => "filter-op-is-not",
            Self::Contains => "filter-op-contains",
            Self::StartsWith => "filter-op-starts-with",
            Self::IsEmpty => "filter-op-empty",
            Self::IsNotEmpty => "filter-op-not-empty",
            Self::Eq => "filter-op-eq",
            Self::Ne => "filter-op-ne",
            Self::Lt => "filter-op-lt",
            Self::Le => "filter-op-le",
            Self::Gt => "filter-op-gt",
            Self::Ge => "filter-op-ge",
            Self::Between => "filter-op-between",
            Self::IsTrue => "filter-op-true",
            Self::IsFalse => "filter-op-false",
        }
    }

    /// True when the user picks values from a list (text `est` / `n'est pas`).
    pub fn picks_values(self) -> bool {
        matches!(self, Self::Is | Self::IsNot)
    }

    /// True when a typed value is needed (two for `entre`).
    pub fn needs_value(self) -> bool {
        !matches!(
            self,
            Self::Is
                | Self::IsNot
                | Self::IsEmpty
                | Self::IsNotEmpty
                | Self::IsTrue
                | Self::IsFalse
        )
    }

    fn compare(self) -> Option<CompareOp> {
        Some(match self {
            Self::Eq => CompareOp::Eq,
            Self::Ne => CompareOp::Ne,
            Self::Lt => CompareOp::Lt,
            Self::Le => CompareOp::Le,
            Self::Gt => CompareOp::Gt,
            Self::Ge => CompareOp::Ge,
            _ => return None,
        })
    }

    fn from_compare(op: CompareOp) -> Self {
        match op {
            CompareOp::Eq => Self::Eq,
            CompareOp::Ne => Self::Ne,
            CompareOp::Lt => Self::Lt,
            CompareOp::Le => Self::Le,
            CompareOp::Gt => Self::Gt,
            CompareOp::Ge => Self::Ge,
        }
    }
}

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
        let texts = |values: &BTreeSet<String>| -> Vec<Literal> {
            values.iter().cloned().map(Literal::Text).collect()
        };
        Ok(Some(match self.op {
            Operator::Is | Operator::IsNot if self.values.is_empty() => return Ok(None),
            Operator::Is => in_list(field, texts(&self.values)),
            Operator::IsNot => Expr::And(vec![
                Expr::IsNull {
                    field: field.clone(),
                    negated: true,
                },
                Expr::Not(Box::new(in_list(field, texts(&self.values)))),
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
            Operator::Between => {
                let low = self.literal(&self.value)?;
                let high = self.literal(&self.upper)?;
                match (low, high) {
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
                }
            }
            op => {
                let Some(value) = self.literal(&self.value)? else {
                    return Ok(None);
                };
                Expr::Compare {
                    field,
                    op: op.compare().unwrap_or(CompareOp::Eq),
                    value,
                }
            }
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
            FieldType::Integer | FieldType::Float => text
                .replace([' ', '\u{202f}', '\u{a0}'], "")
                .replace(',', ".")
                .parse::<f64>()
                .map(|n| Some(Literal::Number(n)))
                .map_err(|_| bad("filter-err-not-number")),
            FieldType::Date | FieldType::Datetime => parse_user_date(text)
                .map(|d| Some(Literal::Date(d)))
                .ok_or_else(|| bad("filter-err-not-date")),
            FieldType::Text | FieldType::Boolean => Ok(Some(Literal::Text(text.to_owned()))),
        }
    }
}

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
        return super::parse::parse_date_literal(&format!("{y}-{m}-{d}"));
    }
    super::parse::parse_date_literal(text.trim())
}

/// The date of `days` since 1970 as users type it (`01/06/2024`).
pub fn format_user_date(days: i32) -> String {
    let (y, m, d) = crate::data::column::civil_from_days(i64::from(days));
    format!("{d:02}/{m:02}/{y}")
}

/// Conditions that combine one way.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Group {
    /// How the conditions combine.
    pub join: Join,
    /// The conditions.
    pub conditions: Vec<Condition>,
}

/// A whole filter as built in the builder: groups of conditions, the groups combined by `join`.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Draft {
    /// How groups combine.
    pub join: Join,
    /// The groups (one to start with).
    pub groups: Vec<Group>,
}

impl Draft {
    /// True when no condition is set.
    pub fn is_empty(&self) -> bool {
        self.groups.iter().all(|g| g.conditions.is_empty())
    }

    /// The filter in the filter language; `Ok(None)` when no condition is complete.
    pub fn to_expr(&self) -> Result<Option<Expr>, String> {
        let mut groups = Vec::new();
        for group in &self.groups {
            let mut parts = Vec::new();
            for condition in &group.conditions {
                if let Some(e) = condition.to_expr()? {
                    parts.push(e);
                }
            }
            if let Some(e) = group.join.combine(parts) {
                groups.push(e);
            }
        }
        Ok(self.join.combine(groups))
    }

    /// The builder's view of an expression, when it has the builder's shape (groups of
    /// conditions); `None` for expressions only the expression field can show.
    pub fn from_expr(expr: &Expr, field_type: impl Fn(&str) -> Option<FieldType>) -> Option<Self> {
        let leaf = |e: &Expr| condition_of(e, &field_type);
        if let Some(c) = leaf(expr) {
            return Some(Self::single(Join::And, vec![c]));
        }
        let (join, parts) = match expr {
            Expr::And(parts) => (Join::And, parts),
            Expr::Or(parts) => (Join::Or, parts),
            _ => return None,
        };
        if let Some(conditions) = parts.iter().map(leaf).collect::<Option<Vec<_>>>() {
            return Some(Self::single(join, conditions));
        }
        let groups = parts
            .iter()
            .map(|part| match (leaf(part), part) {
                (Some(c), _) => Some(Group {
                    join: Join::And,
                    conditions: vec![c],
                }),
                (None, Expr::And(inner)) if join == Join::Or => Some(Group {
                    join: Join::And,
                    conditions: inner.iter().map(leaf).collect::<Option<Vec<_>>>()?,
                }),
                (None, Expr::Or(inner)) if join == Join::And => Some(Group {
                    join: Join::Or,
                    conditions: inner.iter().map(leaf).collect::<Option<Vec<_>>>()?,
                }),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Self { join, groups })
    }

    fn single(join: Join, conditions: Vec<Condition>) -> Self {
        Self {
            join: Join::And,
            groups: vec![Group { join, conditions }],
        }
    }

    /// Every field the draft names.
    pub fn fields(&self) -> impl Iterator<Item = &str> {
        self.groups
            .iter()
            .flat_map(|g| g.conditions.iter().map(|c| c.field.as_str()))
    }
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

fn typed_text(value: &Literal) -> Option<String> {
    Some(match value {
        Literal::Number(n) => format!("{n}").replace('.', ","),
        Literal::Date(d) => format_user_date(*d),
        Literal::Text(t) => t.clone(),
        Literal::Boolean(_) => return None,
    })
}

/// One builder condition read from a leaf of an expression.
fn condition_of(e: &Expr, field_type: &impl Fn(&str) -> Option<FieldType>) -> Option<Condition> {
    let make = |field: &str, op: Operator| -> Option<Condition> {
        let ty = field_type(field)?;
        let mut c = Condition::new(field, ty);
        c.op = op;
        Some(c)
    };
    match e {
        Expr::Compare {
            field,
            op: CompareOp::Eq,
            value: Literal::Boolean(b),
        } => make(
            field,
            if *b {
                Operator::IsTrue
            } else {
                Operator::IsFalse
            },
        ),
        Expr::Compare {
            field,
            op: CompareOp::Eq,
            value: Literal::Text(t),
        } if field_type(field) == Some(FieldType::Text) => {
            let mut c = make(field, Operator::Is)?;
            c.values.insert(t.clone());
            Some(c)
        }
        Expr::InList { field, values } if field_type(field) == Some(FieldType::Text) => {
            let mut c = make(field, Operator::Is)?;
            c.values = text_values(values)?;
            Some(c)
        }
        Expr::And(parts) => match parts.as_slice() {
            [
                Expr::IsNull {
                    negated: true,
                    field,
                },
                Expr::Not(inner),
            ] => {
                let mut c = condition_of(inner, field_type)?;
                (c.field == *field).then_some(())?;
                c.op = match c.op {
                    Operator::Is => Operator::IsNot,
                    Operator::Eq => Operator::Ne,
                    _ => return None,
                };
                Some(c)
            }
            _ => None,
        },
        Expr::Compare { field, op, value } => {
            let mut c = make(field, Operator::from_compare(*op))?;
            c.value = typed_text(value)?;
            Some(c)
        }
        Expr::InRange {
            field,
            low: (low, true),
            high: (high, true),
        } => {
            let mut c = make(field, Operator::Between)?;
            c.value = typed_text(low)?;
            c.upper = typed_text(high)?;
            Some(c)
        }
        Expr::IsNull { field, negated } => make(
            field,
            if *negated {
                Operator::IsNotEmpty
            } else {
                Operator::IsEmpty
            },
        ),
        Expr::Like { field, text } => {
            let mut c = make(field, Operator::Contains)?;
            c.value = text.clone();
            Some(c)
        }
        Expr::StartsWith { field, text } => {
            let mut c = make(field, Operator::StartsWith)?;
            c.value = text.clone();
            Some(c)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
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
}
