//! The functions of the filter language (`within_distance`, `intersects`, `search`/`suggest`,
//! `startswith`, `in_bbox`): the expression each call stands for, from its parsed arguments.

use super::ast::Expr;
use super::geom_literal::{GeomLiteral, read as read_geometry};
use super::lex::Token;
use super::syntax_error::{ParseError, error};

/// An argument and the character offset where it starts.
type Arg = (Token, usize);

/// The expression for `name(args…)` written at `position`; an error when the function is
/// unknown or its arguments do not fit.
pub(super) fn call(name: &str, args: &[Arg], position: usize) -> Result<Expr, ParseError> {
    let bad = || error("filter-err-function", &[("name", name)], position);
    let field = |i: usize| field_of(&args[i].0).ok_or_else(bad);
    let text = |i: usize| text_of(&args[i].0).ok_or_else(bad);
    match (name.to_ascii_lowercase().as_str(), args.len()) {
        ("within_distance", 3) => {
            let field = field(0)?;
            let GeomLiteral::Point([lon, lat]) = geometry(&args[1])? else {
                return Err(bad());
            };
            let metres = match args[2].0 {
                Token::Distance(m) | Token::Number(m) if m.is_finite() && m >= 0.0 => m,
                _ => return Err(error("filter-err-distance", &[], args[2].1)),
            };
            Ok(Expr::WithinDistance {
                field,
                lon,
                lat,
                metres,
            })
        }
        ("intersects", 2) => {
            let field = field(0)?;
            let GeomLiteral::Polygon(polygon) = geometry(&args[1])? else {
                return Err(bad());
            };
            Ok(Expr::Intersects { field, polygon })
        }
        ("search" | "suggest", 1..) => search(args).ok_or_else(bad),
        ("startswith", 2) => Ok(Expr::StartsWith {
            field: field(0)?,
            text: text(1)?,
        }),
        ("in_bbox", 5) => in_bbox(args).ok_or_else(bad),
        _ => Err(bad()),
    }
}

/// `search([field, …,] "text")`; `*` stands for every field, as no field does.
fn search(args: &[Arg]) -> Option<Expr> {
    let ((last, _), rest) = args.split_last()?;
    let text = text_of(last)?;
    let fields = rest
        .iter()
        .filter(|(arg, _)| *arg != Token::Star)
        .map(|(arg, _)| field_of(arg))
        .collect::<Option<Vec<_>>>()?;
    Some(Expr::Search { fields, text })
}

/// `in_bbox(field, lat1, lon1, lat2, lon2)`, corners in any order.
fn in_bbox(args: &[Arg]) -> Option<Expr> {
    let n: Vec<f64> = args[1..]
        .iter()
        .filter_map(|(t, _)| match t {
            Token::Number(v) => Some(*v),
            _ => None,
        })
        .collect();
    let [lat1, lon1, lat2, lon2] = n[..] else {
        return None;
    };
    Some(Expr::InBbox {
        field: field_of(&args[0].0)?,
        bbox: [
            lon1.min(lon2),
            lat1.min(lat2),
            lon1.max(lon2),
            lat1.max(lat2),
        ],
    })
}

fn text_of(token: &Token) -> Option<String> {
    match token {
        Token::Text(s) => Some(s.clone()),
        _ => None,
    }
}

fn field_of(token: &Token) -> Option<String> {
    match token {
        Token::Word(s) | Token::Field(s) => Some(s.clone()),
        _ => None,
    }
}

/// The geometry of a `geom'…'` argument, or an error at its position.
fn geometry((token, position): &Arg) -> Result<GeomLiteral, ParseError> {
    match token {
        Token::Geom(text) => read_geometry(text).map_err(|key| error(key, &[], *position)),
        _ => Err(error("filter-err-geometry", &[], *position)),
    }
}
