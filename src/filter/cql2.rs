//! Prints a filter as CQL2-text, for OGC API Features servers that advertise filtering.
//!
//! Only what [`super::pushdown::exact`] accepts (plus boxes) has a CQL2 form; the rest stays
//! local, so `None` is returned for it.
//!
//! ```
//! use territoire::filter::{cql2::to_cql2, parse};
//! let expr = parse(r#"commune = "L'Hôtellerie" AND siecle IN [12..15]"#).expect("valid");
//! assert_eq!(
//!     to_cql2(&expr, "geometry").as_deref(),
//!     Some("commune = 'L''Hôtellerie' AND (siecle >= 12 AND siecle <= 15)")
//! );
//! ```

use super::ast::{CompareOp, Expr, Literal};

/// The CQL2-text of `expr` (`geometry`: the name of the geometry property for boxes); `None`
/// when a part has no exact CQL2 form.
pub fn to_cql2(expr: &Expr, geometry: &str) -> Option<String> {
    Some(match expr {
        Expr::And(parts) => join(parts, " AND ", geometry)?,
        Expr::Or(parts) => join(parts, " OR ", geometry)?,
        // `a IS NOT NULL` rather than `NOT (a IS NULL)`: the same in CQL2, and the only form
        // pygeofilter's ECQL grammar (pygeoapi) reads.
        Expr::Not(inner) => match &**inner {
            Expr::IsNull { field, negated } => null_test(field, !*negated),
            _ => return None,
        },
        Expr::Compare { field, op, value } => {
            format!("{} {} {}", name(field), operator(*op), literal(value))
        }
        // Basic CQL2 has no `IN`: a list goes as equalities (an `IN` needs the advanced class).
        Expr::InList { field, values } if values.len() == 1 => {
            format!("{} = {}", name(field), literal(&values[0]))
        }
        Expr::InList { field, values } => format!(
            "({})",
            values
                .iter()
                .map(|v| format!("{} = {}", name(field), literal(v)))
                .collect::<Vec<_>>()
                .join(" OR ")
        ),
        Expr::InRange { field, low, high } => format!(
            "({f} {} {} AND {f} {} {})",
            if low.1 { ">=" } else { ">" },
            literal(&low.0),
            if high.1 { "<=" } else { "<" },
            literal(&high.0),
            f = name(field)
        ),
        Expr::IsNull { field, negated } => null_test(field, *negated),
        Expr::StartsWith { field, text } => {
            format!(
                "{} LIKE {}",
                name(field),
                string(&format!("{}%", escape_like(text)))
            )
        }
        Expr::InBbox { bbox, .. } => format!(
            "S_INTERSECTS({}, BBOX({}, {}, {}, {}))",
            name(geometry),
            bbox[0],
            bbox[1],
            bbox[2],
            bbox[3]
        ),
        Expr::Like { .. }
        | Expr::Search { .. }
        | Expr::WithinDistance { .. }
        | Expr::Intersects { .. } => return None,
    })
}

fn null_test(field: &str, negated: bool) -> String {
    format!(
        "{} IS {}NULL",
        name(field),
        if negated { "NOT " } else { "" }
    )
}

/// True when the CQL2-text of `expr` reads the same in pygeofilter's ECQL grammar, which
/// pygeoapi reads its `filter` with: that grammar has no `''` inside a string and no `DATE()`,
/// so texts with an apostrophe and dates are left out.
pub fn reads_as_ecql(expr: &Expr) -> bool {
    let plain = |value: &Literal| match value {
        Literal::Text(t) => !t.contains('\''),
        Literal::Date(_) => false,
        Literal::Number(_) | Literal::Boolean(_) => true,
    };
    match expr {
        Expr::And(parts) | Expr::Or(parts) => parts.iter().all(reads_as_ecql),
        Expr::Not(inner) => reads_as_ecql(inner),
        Expr::Compare { value, .. } => plain(value),
        Expr::InList { values, .. } => values.iter().all(plain),
        Expr::InRange { low, high, .. } => plain(&low.0) && plain(&high.0),
        Expr::StartsWith { text, .. } => !text.contains('\''),
        Expr::IsNull { .. } => true,
        Expr::InBbox { .. }
        | Expr::Like { .. }
        | Expr::Search { .. }
        | Expr::WithinDistance { .. }
        | Expr::Intersects { .. } => false,
    }
}

fn join(parts: &[Expr], separator: &str, geometry: &str) -> Option<String> {
    let printed: Option<Vec<String>> = parts
        .iter()
        .map(|p| {
            let text = to_cql2(p, geometry)?;
            Some(match p {
                Expr::And(_) | Expr::Or(_) => format!("({text})"),
                _ => text,
            })
        })
        .collect();
    Some(printed?.join(separator))
}

fn operator(op: CompareOp) -> &'static str {
    match op {
        CompareOp::Ne => "<>",
        other => other.symbol(),
    }
}

/// True when `expr` needs CQL2's advanced comparison class (`LIKE`, for `startswith`).
pub fn needs_advanced(expr: &Expr) -> bool {
    match expr {
        Expr::And(parts) | Expr::Or(parts) => parts.iter().any(needs_advanced),
        Expr::Not(inner) => needs_advanced(inner),
        Expr::StartsWith { .. } => true,
        _ => false,
    }
}

/// A property name: plain identifiers as they are, others (and reserved words) in double quotes.
pub fn name(field: &str) -> String {
    let plain = field
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && field
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':'));
    let reserved = [
        "and",
        "or",
        "not",
        "in",
        "is",
        "null",
        "like",
        "between",
        "true",
        "false",
        "date",
        "timestamp",
        "interval",
        "casei",
        "accenti",
    ]
    .iter()
    .any(|k| field.eq_ignore_ascii_case(k));
    if plain && !reserved {
        field.to_string()
    } else {
        format!("\"{}\"", field.replace('"', "\"\""))
    }
}

fn string(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// `%`, `_` and `\` taken literally in a LIKE pattern.
fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A literal as CQL2-text writes it.
pub fn literal(value: &Literal) -> String {
    match value {
        Literal::Text(t) => string(t),
        Literal::Number(_) => super::odsql::literal(value),
        Literal::Date(days) => {
            let (y, m, d) = crate::data::column::civil_from_days(i64::from(*days));
            format!("DATE('{y:04}-{m:02}-{d:02}')")
        }
        Literal::Boolean(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::parse;

    fn cql(text: &str) -> Option<String> {
        to_cql2(&parse(text).expect("valid"), "geom")
    }

    #[test]
    fn every_exact_condition_has_a_cql2_form() {
        assert_eq!(cql("a != 3").as_deref(), Some("a <> 3"));
        assert_eq!(
            cql(r#"a IN ("x", "y") OR b IS NOT NULL"#).as_deref(),
            Some("(a = 'x' OR a = 'y') OR b IS NOT NULL")
        );
        assert_eq!(
            cql(r#"startswith(nom, "50%_a\\b")"#).as_deref(),
            Some(r"nom LIKE '50\%\_a\\b%'")
        );
        assert_eq!(
            cql("d >= date'2024-06-01' AND ok = true").as_deref(),
            Some("d >= DATE('2024-06-01') AND ok = TRUE")
        );
        assert_eq!(
            cql("NOT d IS NULL AND in_bbox(geo, 47, -1, 48, 0)").as_deref(),
            Some("d IS NOT NULL AND S_INTERSECTS(geom, BBOX(-1, 47, 0, 48))")
        );
    }

    #[test]
    fn names_and_quotes_cannot_break_out() {
        assert_eq!(name("date"), "\"date\"");
        assert_eq!(name("nom commune"), "\"nom commune\"");
        assert_eq!(name("a\"b"), "\"a\"\"b\"");
        assert_eq!(
            cql(r#"`x' OR 1=1` = "'; DROP""#).as_deref(),
            Some("\"x' OR 1=1\" = '''; DROP'")
        );
    }

    #[test]
    fn apostrophes_and_dates_are_not_for_ecql() {
        let ecql = |text: &str| reads_as_ecql(&parse(text).expect("valid"));
        assert!(ecql(r#"commune = "Trélazé" OR NOT d IS NULL"#));
        assert!(!ecql(r#"voie = "Rue de l'Abbaye""#));
        assert!(!ecql(r#"startswith(voie, "L'")"#));
        assert!(!ecql("d >= date'2020-01-01'"));
        assert_eq!(
            cql("NOT d IS NOT NULL").as_deref(),
            Some("d IS NULL"),
            "negated null tests print without NOT"
        );
    }

    #[test]
    fn what_cannot_be_exact_is_refused() {
        assert_eq!(cql(r#"a LIKE "x""#), None);
        assert_eq!(cql("NOT a = 1"), None);
        assert_eq!(cql(r#"a = 1 AND search(*, "x")"#), None);
    }
}
