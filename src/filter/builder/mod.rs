//! The plain-language filter a non-specialist builds (field, operator, value; ET / OU groups),
//! written into the filter language and read back from it.

mod condition;
mod read_back;

use super::ast::{CompareOp, Expr};
use crate::data::FieldType;
use read_back::condition_of;

pub use condition::{Condition, format_user_date, parse_user_date};

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

#[cfg(test)]
mod tests;
