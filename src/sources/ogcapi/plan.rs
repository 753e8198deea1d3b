//! What of a filter goes to an OGC API Features service, in which words, and what stays local.
//!
//! A service that declares CQL2-text filtering (OGC API Features part 3 `filter` and CQL2's
//! `cql2-text` classes) gets the exact part as `filter=…&filter-lang=cql2-text`. A service that
//! declares only part 3's queryables may still read `filter` (pygeoapi does: it reads the text
//! with pygeofilter's ECQL grammar, refuses `filter-lang=cql2-text`, and some of its providers
//! ignore the filter without a word): it gets the conditions whose text reads the same in both
//! grammars, without `filter-lang`, and those conditions are also kept local, so the rows are
//! right whether the service applied them or not.

use crate::filter::Expr;
use crate::filter::cql2::{needs_advanced, reads_as_ecql, to_cql2};
use crate::filter::pushdown::{bbox_of, split, without_bbox};

use super::meta;

/// How a service takes a filter in its `filter` parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilterSupport {
    /// It declares CQL2-text (and the comparisons the filter needs).
    Declared,
    /// It declares queryables but not filtering: it may read the filter, or ignore it.
    Undeclared,
    /// It says nothing of filtering.
    Absent,
}

impl FilterSupport {
    /// What the conformance classes `classes` say for a filter `rest` (without its boxes).
    pub fn of(classes: &[String], rest: &Expr) -> Self {
        if meta::filters_in_cql2(classes)
            && (meta::advanced_comparisons(classes) || !needs_advanced(rest))
        {
            Self::Declared
        } else if meta::queryables(classes) {
            Self::Undeclared
        } else {
            Self::Absent
        }
    }
}

/// A filter planned for one request.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FilterPlan {
    /// The box sent as the `bbox` parameter.
    pub bbox: Option<[f64; 4]>,
    /// The `filter` parameter.
    pub cql: Option<String>,
    /// The `filter-lang` parameter sent with it (none for a service that did not declare it).
    pub lang: Option<&'static str>,
    /// What the service is asked to evaluate (box included).
    pub pushed: Option<Expr>,
    /// What is evaluated on the rows received.
    pub local: Option<Expr>,
}

/// Plans `filter`; `support` is asked (the service's conformance read) only when a condition
/// besides a box could be sent.
pub fn plan<E>(
    filter: Option<&Expr>,
    support: impl FnOnce(&Expr) -> Result<FilterSupport, E>,
) -> Result<FilterPlan, E> {
    let parts = filter.map(split).unwrap_or_default();
    let bbox = parts.pushed.as_ref().and_then(bbox_of);
    let mut out = FilterPlan {
        bbox,
        local: parts.local,
        pushed: bbox.map(|b| Expr::InBbox {
            field: "geometry".into(),
            bbox: b,
        }),
        ..FilterPlan::default()
    };
    let Some(rest) = parts.pushed.as_ref().and_then(without_bbox) else {
        return Ok(out);
    };
    match support(&rest)? {
        FilterSupport::Declared => {
            out.cql = to_cql2(&rest, "geometry");
            out.lang = Some("cql2-text");
            out.pushed = and(out.pushed, rest);
        }
        FilterSupport::Undeclared => {
            let conditions = match rest {
                Expr::And(parts) => parts,
                other => vec![other],
            };
            let (sent, kept): (Vec<Expr>, Vec<Expr>) =
                conditions.into_iter().partition(reads_as_ecql);
            for condition in kept {
                out.local = and(out.local, condition);
            }
            if let Some(sent) = combine(sent) {
                out.cql = to_cql2(&sent, "geometry");
                out.pushed = and(out.pushed, sent.clone());
                out.local = and(out.local, sent);
            }
        }
        FilterSupport::Absent => out.local = and(out.local, rest),
    }
    Ok(out)
}

/// `left AND right`, flattening.
fn and(left: Option<Expr>, right: Expr) -> Option<Expr> {
    Some(match left {
        None => right,
        Some(Expr::And(mut parts)) => {
            parts.push(right);
            Expr::And(parts)
        }
        Some(l) => Expr::And(vec![l, right]),
    })
}

fn combine(mut parts: Vec<Expr>) -> Option<Expr> {
    match parts.len() {
        0 => None,
        1 => parts.pop(),
        _ => Some(Expr::And(parts)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::parse;

    fn planned(text: &str, support: FilterSupport) -> FilterPlan {
        let expr = parse(text).expect("valid");
        plan(Some(&expr), |_| Ok::<_, ()>(support)).expect("plan")
    }

    #[test]
    fn a_declared_service_gets_the_exact_part_in_cql2_text() {
        let p = planned(
            r#"siecle >= 17 AND tico LIKE "chateau" AND in_bbox(geo, 47, -1, 48, 0)"#,
            FilterSupport::Declared,
        );
        assert_eq!(p.cql.as_deref(), Some("siecle >= 17"));
        assert_eq!(p.lang, Some("cql2-text"));
        assert_eq!(p.bbox, Some([-1.0, 47.0, 0.0, 48.0]));
        assert_eq!(
            p.local,
            Some(parse(r#"tico LIKE "chateau" AND in_bbox(geo, 47, -1, 48, 0)"#).expect("v"))
        );
    }

    #[test]
    fn an_undeclared_service_gets_what_both_grammars_read_and_it_is_checked_here() {
        let p = planned(
            r#"commune = "Trélazé" AND voie = "Rue de l'Abbaye" AND d >= date'2020-01-01'"#,
            FilterSupport::Undeclared,
        );
        assert_eq!(p.cql.as_deref(), Some("commune = 'Trélazé'"));
        assert_eq!(p.lang, None);
        assert_eq!(p.pushed, Some(parse(r#"commune = "Trélazé""#).expect("v")));
        assert_eq!(
            p.local,
            Some(
                parse(
                    r#"voie = "Rue de l'Abbaye" AND d >= date'2020-01-01' AND commune = "Trélazé""#
                )
                .expect("v")
            )
        );
    }

    #[test]
    fn a_silent_service_gets_the_box_only() {
        let p = planned(
            "a = 1 AND in_bbox(geo, 47, -1, 48, 0)",
            FilterSupport::Absent,
        );
        assert_eq!(p.cql, None);
        assert!(matches!(p.pushed, Some(Expr::InBbox { .. })));
        let unasked = plan(
            Some(&parse("in_bbox(geo, 47, -1, 48, 0)").expect("v")),
            |_| Err("conformance must not be read"),
        );
        assert!(unasked.is_ok());
    }
}
