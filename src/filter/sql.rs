//! Prints a filter as a PostgreSQL `WHERE` condition for push-down to PostGIS: identifiers
//! quoted, every value bound as a parameter (`$1`, `$2`…), never written into the text. Each
//! condition gives the rows the local evaluation keeps: a condition on a null cell is false, not
//! unknown, so `NOT` inverts exactly as a mask does; text compares byte-wise (`COLLATE "C"`).
//!
//! ```
//! use territoire::data::FieldType;
//! use territoire::filter::{parse, sql::{to_sql, SqlParam}};
//! let expr = parse(r#"commune = "Angers" AND numero >= 10"#).expect("valid");
//! let kinds = |f: &str| match f { "commune" => Some(FieldType::Text), _ => Some(FieldType::Integer) };
//! let printed = to_sql(&expr, &kinds, 0).expect("pushable");
//! assert_eq!(printed.sql, r#"(COALESCE(("commune"::text = $1::text), false) AND COALESCE(("numero"::float8 >= $2::float8), false))"#);
//! assert_eq!(printed.params, vec![SqlParam::Text("Angers".into()), SqlParam::Number(10.0)]);
//! ```

use super::ast::{CompareOp, Expr, Literal};
use crate::data::FieldType;
use crate::i18n::tr_args;

/// A value bound to a parameter.
#[derive(Clone, Debug, PartialEq)]
pub enum SqlParam {
    /// `text`.
    Text(String),
    /// `float8`.
    Number(f64),
    /// `bool`.
    Boolean(bool),
    /// `int8`: days since 1970-01-01.
    Day(i64),
}

/// A `WHERE` condition and its parameters, in order.
#[derive(Clone, Debug, PartialEq)]
pub struct SqlWhere {
    /// The condition, with `$n` placeholders.
    pub sql: String,
    /// The values of the placeholders, `$1` first.
    pub params: Vec<SqlParam>,
}

/// Why a filter is not printed as SQL.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SqlError {
    /// A field the table does not have.
    #[error("{}", tr_args("filter-err-unknown-field", &[("field", .0)]))]
    UnknownField(String),
    /// A value that cannot be compared with the field's type.
    #[error("{}", tr_args("filter-err-type", &[("field", .0), ("type", .1), ("value", .2)]))]
    Type(String, &'static str, String),
    /// A condition the database cannot evaluate as the app does (word matching, full-text
    /// search, spatial tests): the rows are then filtered after loading.
    #[error("{}", tr_args("filter-err-not-pushable", &[]))]
    NotPushable,
}

/// Prints `expr`; `kind_of` gives each field's type as the app reads it, `None` when the table
/// has no such field. Placeholders are numbered after `first` (the parameters already used).
pub fn to_sql(
    expr: &Expr,
    kind_of: &dyn Fn(&str) -> Option<FieldType>,
    first: usize,
) -> Result<SqlWhere, SqlError> {
    let mut printer = Printer {
        kind_of,
        params: Vec::new(),
        first,
    };
    let sql = printer.expr(expr)?;
    Ok(SqlWhere {
        sql,
        params: printer.params,
    })
}

/// An SQL identifier in double quotes, its own quotes doubled.
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

struct Printer<'a> {
    kind_of: &'a dyn Fn(&str) -> Option<FieldType>,
    params: Vec<SqlParam>,
    first: usize,
}

impl Printer<'_> {
    fn bind(&mut self, param: SqlParam) -> String {
        let cast = match param {
            SqlParam::Text(_) => "text",
            SqlParam::Number(_) => "float8",
            SqlParam::Boolean(_) => "bool",
            SqlParam::Day(_) => "int8",
        };
        self.params.push(param);
        format!("${}::{cast}", self.first + self.params.len())
    }

    fn kind(&self, field: &str) -> Result<FieldType, SqlError> {
        (self.kind_of)(field).ok_or_else(|| SqlError::UnknownField(field.to_owned()))
    }

    fn expr(&mut self, expr: &Expr) -> Result<String, SqlError> {
        Ok(match expr {
            Expr::And(parts) => self.join(parts, " AND ", "TRUE")?,
            Expr::Or(parts) => self.join(parts, " OR ", "FALSE")?,
            Expr::Not(inner) => format!("(NOT {})", self.expr(inner)?),
            Expr::Compare { field, op, value } => self.compare(field, *op, value)?,
            Expr::InList { field, values } => {
                let parts: Vec<Expr> = values
                    .iter()
                    .map(|v| Expr::Compare {
                        field: field.clone(),
                        op: CompareOp::Eq,
                        value: v.clone(),
                    })
                    .collect();
                self.join(&parts, " OR ", "FALSE")?
            }
            Expr::InRange { field, low, high } => {
                let low_op = if low.1 { CompareOp::Ge } else { CompareOp::Gt };
                let high_op = if high.1 { CompareOp::Le } else { CompareOp::Lt };
                let a = self.compare(field, low_op, &low.0)?;
                let b = self.compare(field, high_op, &high.0)?;
                format!("({a} AND {b})")
            }
            Expr::IsNull { field, negated } => {
                self.kind(field)?;
                let not = if *negated { " NOT" } else { "" };
                format!("({} IS{not} NULL)", quote_ident(field))
            }
            Expr::StartsWith { field, text } => {
                self.kind(field)?;
                let value = self.bind(SqlParam::Text(text.clone()));
                format!(
                    "COALESCE(starts_with({}::text, {value}), false)",
                    quote_ident(field)
                )
            }
            Expr::Like { .. }
            | Expr::Search { .. }
            | Expr::InBbox { .. }
            | Expr::WithinDistance { .. }
            | Expr::Intersects { .. } => return Err(SqlError::NotPushable),
        })
    }

    fn join(&mut self, parts: &[Expr], op: &str, empty: &str) -> Result<String, SqlError> {
        if parts.is_empty() {
            return Ok(empty.to_owned());
        }
        let printed: Vec<String> = parts
            .iter()
            .map(|p| self.expr(p))
            .collect::<Result<_, _>>()?;
        Ok(format!("({})", printed.join(op)))
    }

    /// `field op value` as the local evaluation reads it for the field's type.
    fn compare(&mut self, field: &str, op: CompareOp, value: &Literal) -> Result<String, SqlError> {
        let kind = self.kind(field)?;
        let mismatch =
            || SqlError::Type(field.to_owned(), kind.name(), super::odsql::literal(value));
        let column = quote_ident(field);
        let (left, param) = match (kind, value) {
            (FieldType::Integer | FieldType::Float, Literal::Number(x)) => {
                (format!("{column}::float8"), SqlParam::Number(*x))
            }
            (FieldType::Integer | FieldType::Float, Literal::Text(t)) => {
                let x = t.trim().replace(',', ".").parse::<f64>();
                (
                    format!("{column}::float8"),
                    SqlParam::Number(x.map_err(|_| mismatch())?),
                )
            }
            (FieldType::Date, Literal::Date(d)) => (
                format!("({column} - DATE '1970-01-01')::int8"),
                SqlParam::Day(i64::from(*d)),
            ),
            (FieldType::Datetime, Literal::Date(d)) => (
                format!("floor(extract(epoch FROM {column}) / 86400)::int8"),
                SqlParam::Day(i64::from(*d)),
            ),
            (FieldType::Date | FieldType::Datetime, Literal::Text(t)) => {
                let day = super::parse::parse_date_literal(t).ok_or_else(mismatch)?;
                return self.compare(field, op, &Literal::Date(day));
            }
            (FieldType::Boolean, Literal::Boolean(b)) => (column, SqlParam::Boolean(*b)),
            (FieldType::Text, Literal::Text(t)) => {
                (format!("{column}::text"), SqlParam::Text(t.clone()))
            }
            (FieldType::Text, Literal::Number(x)) => {
                (format!("{column}::text"), SqlParam::Text(number_text(*x)))
            }
            _ => return Err(mismatch()),
        };
        let text = matches!(param, SqlParam::Text(_));
        let right = self.bind(param);
        let collate = if text && op != CompareOp::Eq && op != CompareOp::Ne {
            " COLLATE \"C\""
        } else {
            ""
        };
        let symbol = match op {
            CompareOp::Ne => "<>",
            other => other.symbol(),
        };
        Ok(format!(
            "COALESCE(({left}{collate} {symbol} {right}), false)"
        ))
    }
}

/// Codes kept as text (postcodes) compare with the number's text, as locally.
fn number_text(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        x.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::parse;

    fn kinds(field: &str) -> Option<FieldType> {
        match field {
            "nom" => Some(FieldType::Text),
            "n" => Some(FieldType::Integer),
            "quand" => Some(FieldType::Date),
            _ => None,
        }
    }

    #[test]
    fn values_are_parameters_and_names_are_quoted() {
        let expr = parse(r#"nom = "x'); DROP TABLE t; --" AND n > 3"#).expect("valid");
        let printed = to_sql(&expr, &kinds, 0).expect("pushable");
        assert!(!printed.sql.contains("DROP"), "{}", printed.sql);
        assert_eq!(
            printed.params[0],
            SqlParam::Text("x'); DROP TABLE t; --".into())
        );
        let odd = Expr::IsNull {
            field: "a\"; DROP TABLE t; --".into(),
            negated: false,
        };
        let printed = to_sql(&odd, &|_| Some(FieldType::Text), 0).expect("pushable");
        assert_eq!(printed.sql, r#"("a""; DROP TABLE t; --" IS NULL)"#);
    }

    #[test]
    fn unknown_fields_types_and_word_search_are_told() {
        let unknown = parse("inconnu = 1").expect("valid");
        assert!(matches!(
            to_sql(&unknown, &kinds, 0),
            Err(SqlError::UnknownField(_))
        ));
        let wrong = parse(r#"n = "abc""#).expect("valid");
        assert!(matches!(to_sql(&wrong, &kinds, 0), Err(SqlError::Type(..))));
        let like = parse(r#"nom like "angers""#).expect("valid");
        assert_eq!(to_sql(&like, &kinds, 0), Err(SqlError::NotPushable));
    }

    #[test]
    fn placeholders_follow_the_ones_already_used() {
        let expr = parse(r#"quand >= date'2024-01-01'"#).expect("valid");
        let printed = to_sql(&expr, &kinds, 4).expect("pushable");
        assert!(printed.sql.contains("$5::int8"), "{}", printed.sql);
    }
}
