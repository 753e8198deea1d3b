//! The `--where` option of headless commands: the filter's mask, or an error with a caret under the culprit.

use super::Failure;
use crate::data::{Bitmap, Dataset};
use crate::filter::{Expr, evaluate, parse};
use crate::i18n::tr_args;

/// The rows of `dataset` that the filter `text` keeps. A filter that cannot be read or evaluated
/// is a usage failure (exit code 2) whose message repeats the filter with a `^` under the problem.
pub fn mask(text: &str, dataset: &Dataset) -> Result<Bitmap, Failure> {
    let expr = parse(text).map_err(|e| failure(text, &e.message, Some(e.position)))?;
    evaluate(&expr, dataset).map_err(|e| {
        let position = culprit(&expr, dataset).and_then(|field| field_position(text, field));
        failure(text, &e.0, position)
    })
}

/// The message: what is wrong, then the filter on its own line and a caret under `position`
/// (a character offset).
fn failure(text: &str, message: &str, position: Option<usize>) -> Failure {
    let mut out = tr_args("cli-where-error", &[("message", message)]);
    // One character in, one character out, so the caret stays under the right column.
    let shown: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    out.push_str("\n  ");
    out.push_str(&shown);
    if let Some(position) = position {
        out.push_str("\n  ");
        out.push_str(&" ".repeat(position));
        out.push('^');
    }
    Failure::usage(out)
}

/// The field of the first condition that fails on its own (unknown field, incompatible value).
fn culprit<'a>(expr: &'a Expr, dataset: &Dataset) -> Option<&'a str> {
    match expr {
        Expr::And(parts) | Expr::Or(parts) => parts.iter().find_map(|p| culprit(p, dataset)),
        Expr::Not(inner) => culprit(inner, dataset),
        Expr::InBbox { .. } | Expr::WithinDistance { .. } | Expr::Intersects { .. } => None,
        Expr::Search { fields, .. } => fields
            .iter()
            .find(|f| dataset.column(f).is_none())
            .map(String::as_str),
        Expr::Compare { field, .. }
        | Expr::InList { field, .. }
        | Expr::InRange { field, .. }
        | Expr::IsNull { field, .. }
        | Expr::Like { field, .. }
        | Expr::StartsWith { field, .. } => {
            evaluate(expr, dataset).is_err().then_some(field.as_str())
        }
    }
}

/// Character offset of the first mention of `field` in `text` as a field name (a bare word or
/// between backticks), never inside a quoted value.
fn field_position(text: &str, field: &str) -> Option<usize> {
    let chars: Vec<char> = text.chars().collect();
    let wanted: Vec<char> = field.chars().collect();
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '"' || c == '\'' || c == '`' {
            let start = i;
            i += 1;
            while i < chars.len() && chars[i] != c {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            if c == '`' && chars.get(start + 1..i.min(chars.len())) == Some(&wanted[..]) {
                return Some(start);
            }
            i += 1;
        } else if word(c) {
            let start = i;
            while i < chars.len() && word(chars[i]) {
                i += 1;
            }
            if chars[start..i] == wanted[..] {
                return Some(start);
            }
        } else {
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_found_outside_quoted_values() {
        assert_eq!(field_position(r#"a = "nom" and nom = 1"#, "nom"), Some(14));
        assert_eq!(
            field_position("x = 1 and `ma colonne` = 2", "ma colonne"),
            Some(10)
        );
        assert_eq!(field_position(r#"n = 'it\'s' or n2 > 3"#, "n2"), Some(15));
        assert_eq!(field_position("numero = 1", "num"), None);
        assert_eq!(field_position("é = 1 and éa = 2", "éa"), Some(10));
    }

    #[test]
    fn messages_put_a_caret_under_the_problem() {
        let f = failure("a =\tb", "oops", Some(4));
        assert_eq!(f.code, 2);
        let lines: Vec<&str> = f.message.lines().collect();
        assert_eq!(lines[1], "  a = b");
        assert_eq!(lines[2], "      ^");
    }
}
