//! The filter language, a subset of ODSQL: parsed once, evaluated locally into a mask, or printed
//! back for the portal (`where=`), with the same results either way.
//!
//! ```
//! use territoire::filter::{parse, to_odsql};
//! let expr = parse(r#"commune = "Angers" AND numero >= 10"#).expect("valid");
//! assert_eq!(to_odsql(&expr), r#"commune = "Angers" AND numero >= 10"#);
//! ```

pub mod address;
pub mod ast;
pub mod builder;
pub mod cql2;
pub mod eval;
pub mod fes;
mod functions;
pub mod geom_literal;
mod lex;
mod metres;
pub mod natural;
pub mod odsql;
pub mod parse;
pub mod preset;
pub mod pushdown;
pub mod spatial;
pub mod sql;
mod syntax_error;
pub mod values;

pub use ast::{CompareOp, Expr, Literal};
pub use builder::{Condition, Draft, Group, Join, Operator};
pub use eval::{EvalError, evaluate};
pub use metres::parse_metres;
pub use odsql::to_odsql;
pub use parse::{ParseError, parse};
pub use values::{Histogram, ValueCount, histogram, value_counts};

#[cfg(test)]
mod tests;
