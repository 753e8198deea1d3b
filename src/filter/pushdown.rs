//! Which part of a filter a server can evaluate exactly as Territoire does, and which part stays
//! local: the conditions of a top-level AND are split; anything else goes whole or not at all.
//!
//! ```
//! use territoire::filter::{parse, pushdown::split};
//! let expr = parse(r#"siecle >= 17 AND tico LIKE "chateau""#).expect("valid");
//! let parts = split(&expr);
//! assert_eq!(parts.pushed, Some(parse("siecle >= 17").expect("valid")));
//! assert_eq!(parts.local, Some(parse(r#"tico LIKE "chateau""#).expect("valid")));
//! ```

use super::ast::{CompareOp, Expr, Literal};

/// A filter cut in two: what the server evaluates, what is evaluated after loading.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Split {
    /// Conditions the server can take (a bounding box counts, though it is also kept local).
    pub pushed: Option<Expr>,
    /// Conditions evaluated locally on the rows the server sent.
    pub local: Option<Expr>,
}

/// Splits `expr` for a server that speaks CQL2 or FES (comparisons, lists, ranges, nulls,
/// `startswith`, boxes). A box is sent as an intersection test (a superset for lines and
/// polygons) and also kept local, where a feature's box centre decides.
pub fn split(expr: &Expr) -> Split {
    let parts: Vec<&Expr> = match expr {
        Expr::And(parts) => parts.iter().collect(),
        other => vec![other],
    };
    let mut pushed = Vec::new();
    let mut local = Vec::new();
    for part in parts {
        if matches!(part, Expr::InBbox { .. }) {
            pushed.push(part.clone());
            local.push(part.clone());
        } else if exact(part) {
            pushed.push(part.clone());
        } else {
            local.push(part.clone());
        }
    }
    Split {
        pushed: combine(pushed),
        local: combine(local),
    }
}

fn combine(mut parts: Vec<Expr>) -> Option<Expr> {
    match parts.len() {
        0 => None,
        1 => parts.pop(),
        _ => Some(Expr::And(parts)),
    }
}

/// True when a server gives exactly the rows the local evaluation keeps. `NOT` is only sent
/// around a null test: locally `NOT a = 1` keeps the rows where `a` is null, a server does not.
/// Texts are ordered (`<`, ranges) by the server's collation, by code point here: such
/// comparisons stay local, equalities go. Word searches (accents and case ignored), distances
/// and drawn zones stay local.
pub fn exact(expr: &Expr) -> bool {
    match expr {
        Expr::And(parts) | Expr::Or(parts) => parts.iter().all(exact),
        Expr::Not(inner) => matches!(**inner, Expr::IsNull { .. }),
        Expr::Compare { op, value, .. } => {
            matches!(op, CompareOp::Eq | CompareOp::Ne) || !matches!(value, Literal::Text(_))
        }
        Expr::InRange { low, high, .. } => {
            !matches!(low.0, Literal::Text(_)) && !matches!(high.0, Literal::Text(_))
        }
        Expr::InList { .. } | Expr::IsNull { .. } | Expr::StartsWith { .. } => true,
        Expr::InBbox { .. }
        | Expr::Like { .. }
        | Expr::Search { .. }
        | Expr::WithinDistance { .. }
        | Expr::Intersects { .. } => false,
    }
}

/// The box of a top-level `in_bbox` in `expr`, `[min_lon, min_lat, max_lon, max_lat]`.
pub fn bbox_of(expr: &Expr) -> Option<[f64; 4]> {
    match expr {
        Expr::InBbox { bbox, .. } => Some(*bbox),
        Expr::And(parts) => parts.iter().find_map(bbox_of),
        _ => None,
    }
}

/// `expr` without its top-level boxes (sent apart, as the `bbox` parameter of OGC API).
pub fn without_bbox(expr: &Expr) -> Option<Expr> {
    match expr {
        Expr::InBbox { .. } => None,
        Expr::And(parts) => combine(
            parts
                .iter()
                .filter(|p| !matches!(p, Expr::InBbox { .. }))
                .cloned()
                .collect(),
        ),
        other => Some(other.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::parse;

    #[test]
    fn not_is_sent_only_around_a_null_test() {
        let expr = parse("NOT siecle = 17 AND NOT date_prot IS NULL").expect("valid");
        let parts = split(&expr);
        assert_eq!(
            parts.pushed,
            Some(parse("NOT date_prot IS NULL").expect("v"))
        );
        assert_eq!(parts.local, Some(parse("NOT siecle = 17").expect("v")));
    }

    #[test]
    fn texts_are_compared_for_equality_only() {
        let expr = parse(r#"nom = "Églantier" AND nom < "F" AND n IN [1..3] AND v IN ["a".."b"]"#)
            .expect("valid");
        let parts = split(&expr);
        assert_eq!(
            parts.pushed,
            Some(parse(r#"nom = "Églantier" AND n IN [1..3]"#).expect("v"))
        );
        assert_eq!(
            parts.local,
            Some(parse(r#"nom < "F" AND v IN ["a".."b"]"#).expect("v"))
        );
    }

    #[test]
    fn an_or_goes_whole_or_stays_local() {
        let pushed = parse(r#"a = 1 OR startswith(b, "x")"#).expect("valid");
        assert_eq!(split(&pushed).local, None);
        let local = parse(r#"a = 1 OR b LIKE "x""#).expect("valid");
        assert_eq!(split(&local).pushed, None);
    }

    #[test]
    fn a_box_is_sent_and_kept() {
        let expr = parse("in_bbox(geo, 47, -1, 48, 0) AND a = 1").expect("valid");
        let parts = split(&expr);
        assert_eq!(bbox_of(&expr), Some([-1.0, 47.0, 0.0, 48.0]));
        assert_eq!(
            parts.local,
            Some(parse("in_bbox(geo, 47, -1, 48, 0)").expect("v"))
        );
        assert_eq!(
            without_bbox(parts.pushed.as_ref().expect("pushed")),
            Some(parse("a = 1").expect("v"))
        );
    }
}
