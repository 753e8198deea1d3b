//! Prints a filter back as ODSQL, to push it down to the portal (`where=`).

use super::ast::{CompareOp, Expr, Literal};
use super::geom_literal;

/// The ODSQL text of `expr`; parsing it again keeps the same rows.
pub fn to_odsql(expr: &Expr) -> String {
    match expr {
        Expr::And(parts) => join(parts, " AND "),
        Expr::Or(parts) => join(parts, " OR "),
        Expr::Not(inner) => format!("NOT {}", grouped(inner)),
        // The portal's text comparison knows only `=`: `!=` goes as `NOT … = …`, which also
        // keeps nulls out on both sides.
        Expr::Compare {
            field,
            op: CompareOp::Ne,
            value,
        } => format!(
            "({f} IS NOT NULL AND NOT {f} = {})",
            literal(value),
            f = name(field)
        ),
        Expr::Compare { field, op, value } => {
            format!("{} {} {}", name(field), op.symbol(), literal(value))
        }
        Expr::InList { field, values } => format!(
            "{} IN ({})",
            name(field),
            values.iter().map(literal).collect::<Vec<_>>().join(", ")
        ),
        Expr::InRange { field, low, high } => format!(
            "{} IN {}{}..{}{}",
            name(field),
            if low.1 { '[' } else { ']' },
            literal(&low.0),
            literal(&high.0),
            if high.1 { ']' } else { '[' }
        ),
        Expr::IsNull { field, negated } => format!(
            "{} IS {}NULL",
            name(field),
            if *negated { "NOT " } else { "" }
        ),
        Expr::Like { field, text } => format!("{} LIKE {}", name(field), quote(text)),
        Expr::StartsWith { field, text } => {
            format!("startswith({}, {})", name(field), quote(text))
        }
        Expr::InBbox { field, bbox } => format!(
            "in_bbox({}, {}, {}, {}, {})",
            name(field),
            bbox[1],
            bbox[0],
            bbox[3],
            bbox[2]
        ),
        Expr::Search { fields, text } if fields.is_empty() => {
            format!("search(*, {})", quote(text))
        }
        Expr::Search { fields, text } => format!(
            "search({}, {})",
            fields
                .iter()
                .map(|f| name(f))
                .collect::<Vec<_>>()
                .join(", "),
            quote(text)
        ),
        Expr::WithinDistance {
            field,
            lon,
            lat,
            metres,
        } => format!(
            "within_distance({}, geom'{}', {metres}m)",
            name(field),
            geom_literal::point_wkt([*lon, *lat])
        ),
        Expr::Intersects { field, polygon } => format!(
            "intersects({}, geom'{}')",
            name(field),
            geom_literal::polygon_wkt(polygon)
        ),
    }
}

fn join(parts: &[Expr], separator: &str) -> String {
    parts
        .iter()
        .map(grouped)
        .collect::<Vec<_>>()
        .join(separator)
}

/// AND/OR inside another operator get parentheses.
fn grouped(expr: &Expr) -> String {
    match expr {
        Expr::And(_) | Expr::Or(_) => format!("({})", to_odsql(expr)),
        other => to_odsql(other),
    }
}

/// A field name, back-quoted when it is not a plain identifier or is a reserved word.
pub fn name(field: &str) -> String {
    let plain = field
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
        && field.chars().all(|c| c.is_alphanumeric() || c == '_');
    let reserved = [
        "and", "or", "not", "in", "is", "null", "like", "true", "false", "date", "search", "to",
    ]
    .iter()
    .any(|k| field.eq_ignore_ascii_case(k));
    if plain && !reserved {
        field.to_string()
    } else {
        format!("`{}`", field.replace('`', "\\`"))
    }
}

fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A literal as ODSQL writes it.
pub fn literal(value: &Literal) -> String {
    match value {
        Literal::Text(t) => quote(t),
        Literal::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{n:.0}"),
        Literal::Number(n) => n.to_string(),
        Literal::Date(days) => {
            let (y, m, d) = crate::data::column::civil_from_days(i64::from(*days));
            format!("date'{y:04}-{m:02}-{d:02}'")
        }
        Literal::Boolean(b) => b.to_string(),
    }
}
