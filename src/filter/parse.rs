//! Reads a filter written in the ODSQL subset into an [`Expr`]; errors say where and what, in French.

use super::ast::{CompareOp, Expr, Literal};
use super::lex::{Lexer, Token};
pub use super::syntax_error::ParseError;
use super::syntax_error::error;

/// Parses `text`; an empty text is an error (no filter is `None`, not an empty expression).
pub fn parse(text: &str) -> Result<Expr, ParseError> {
    let tokens = Lexer {
        chars: text.chars().collect(),
        pos: 0,
    }
    .tokens()?;
    let mut parser = Parser {
        tokens,
        at: 0,
        end: text.chars().count(),
    };
    if parser.tokens.is_empty() {
        return Err(error("filter-err-empty", &[], 0));
    }
    let expr = parser.or()?;
    match parser.tokens.get(parser.at) {
        None => Ok(expr),
        Some((_, pos)) => Err(error("filter-err-trailing", &[], *pos)),
    }
}

struct Parser {
    tokens: Vec<(Token, usize)>,
    at: usize,
    end: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at).map(|(t, _)| t)
    }

    fn position(&self) -> usize {
        self.tokens.get(self.at).map_or(self.end, |(_, p)| *p)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.at).map(|(t, _)| t.clone());
        self.at += 1;
        token
    }

    fn keyword(&mut self, word: &str) -> bool {
        if matches!(self.peek(), Some(Token::Word(w)) if w.eq_ignore_ascii_case(word)) {
            self.at += 1;
            return true;
        }
        false
    }

    fn expect(&mut self, token: &Token, shown: &str) -> Result<(), ParseError> {
        if self.peek() == Some(token) {
            self.at += 1;
            return Ok(());
        }
        Err(error(
            "filter-err-expected",
            &[("what", shown)],
            self.position(),
        ))
    }

    fn or(&mut self) -> Result<Expr, ParseError> {
        let mut parts = vec![self.and()?];
        while self.keyword("or") {
            parts.push(self.and()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Expr::Or(parts)
        })
    }

    fn and(&mut self) -> Result<Expr, ParseError> {
        let mut parts = vec![self.not()?];
        while self.keyword("and") {
            parts.push(self.not()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Expr::And(parts)
        })
    }

    fn not(&mut self) -> Result<Expr, ParseError> {
        if self.keyword("not") {
            return Ok(Expr::Not(Box::new(self.not()?)));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Expr, ParseError> {
        let position = self.position();
        match self.next() {
            Some(Token::Open) => {
                let inner = self.or()?;
                self.expect(&Token::Close, ")")?;
                Ok(inner)
            }
            Some(Token::Word(w)) if self.peek() == Some(&Token::Open) => {
                self.function(&w, position)
            }
            Some(Token::Word(w)) if is_reserved(&w) => {
                Err(error("filter-err-unexpected", &[("text", &w)], position))
            }
            Some(Token::Word(field) | Token::Field(field)) => self.condition(field),
            // A bare quoted text is a full-text search on every field.
            Some(Token::Text(text)) => Ok(Expr::Search {
                fields: Vec::new(),
                text,
            }),
            Some(_) => Err(error("filter-err-field", &[], position)),
            None => Err(error("filter-err-end", &[], position)),
        }
    }

    fn condition(&mut self, field: String) -> Result<Expr, ParseError> {
        let position = self.position();
        match self.next() {
            Some(Token::Op(op)) => Ok(Expr::Compare {
                field,
                op,
                value: self.literal()?,
            }),
            Some(Token::Word(w)) if w.eq_ignore_ascii_case("is") => {
                let negated = self.keyword("not");
                if self.keyword("null") {
                    return Ok(Expr::IsNull { field, negated });
                }
                let value = match self.next() {
                    Some(Token::Word(b)) if b.eq_ignore_ascii_case("true") => true,
                    Some(Token::Word(b)) if b.eq_ignore_ascii_case("false") => false,
                    _ => return Err(error("filter-err-is", &[], position)),
                };
                Ok(Expr::Compare {
                    field,
                    op: CompareOp::Eq,
                    value: Literal::Boolean(value != negated),
                })
            }
            Some(Token::Word(w)) if w.eq_ignore_ascii_case("like") => match self.next() {
                Some(Token::Text(text)) => Ok(Expr::Like { field, text }),
                _ => Err(error("filter-err-expected", &[("what", "\"…\"")], position)),
            },
            Some(Token::Word(w)) if w.eq_ignore_ascii_case("in") => self.in_filter(field),
            // A boolean field alone means `field is true`.
            None | Some(Token::Close) => {
                self.at -= 1;
                Ok(Expr::Compare {
                    field,
                    op: CompareOp::Eq,
                    value: Literal::Boolean(true),
                })
            }
            Some(Token::Word(w))
                if w.eq_ignore_ascii_case("and") || w.eq_ignore_ascii_case("or") =>
            {
                self.at -= 1;
                Ok(Expr::Compare {
                    field,
                    op: CompareOp::Eq,
                    value: Literal::Boolean(true),
                })
            }
            _ => Err(error("filter-err-operator", &[("field", &field)], position)),
        }
    }

    fn in_filter(&mut self, field: String) -> Result<Expr, ParseError> {
        let position = self.position();
        match self.next() {
            Some(Token::Open) => {
                let mut values = vec![self.literal()?];
                while self.peek() == Some(&Token::Comma) {
                    self.at += 1;
                    values.push(self.literal()?);
                }
                self.expect(&Token::Close, ")")?;
                Ok(Expr::InList { field, values })
            }
            Some(open @ (Token::OpenSquare | Token::CloseSquare)) => {
                let low = (self.literal()?, open == Token::OpenSquare);
                if !(self.peek() == Some(&Token::DotDot) || self.keyword("to")) {
                    return Err(error(
                        "filter-err-expected",
                        &[("what", "..")],
                        self.position(),
                    ));
                }
                if self.peek() == Some(&Token::DotDot) {
                    self.at += 1;
                }
                let value = self.literal()?;
                let included = match self.next() {
                    Some(Token::CloseSquare) => true,
                    Some(Token::OpenSquare) => false,
                    _ => {
                        return Err(error(
                            "filter-err-expected",
                            &[("what", "]")],
                            self.position(),
                        ));
                    }
                };
                Ok(Expr::InRange {
                    field,
                    low,
                    high: (value, included),
                })
            }
            _ => Err(error(
                "filter-err-expected",
                &[("what", "( ou [")],
                position,
            )),
        }
    }

    fn literal(&mut self) -> Result<Literal, ParseError> {
        let position = self.position();
        match self.next() {
            Some(Token::Text(t)) => Ok(Literal::Text(t)),
            Some(Token::Number(n)) => Ok(Literal::Number(n)),
            Some(Token::Date(d)) => parse_date_literal(&d)
                .map(Literal::Date)
                .ok_or_else(|| error("filter-err-date", &[("text", &d)], position)),
            Some(Token::Word(w)) if w.eq_ignore_ascii_case("true") => Ok(Literal::Boolean(true)),
            Some(Token::Word(w)) if w.eq_ignore_ascii_case("false") => Ok(Literal::Boolean(false)),
            _ => Err(error("filter-err-value", &[], position)),
        }
    }

    /// A function call: its arguments, then the expression it stands for.
    fn function(&mut self, name: &str, position: usize) -> Result<Expr, ParseError> {
        self.expect(&Token::Open, "(")?;
        let mut args = Vec::new();
        loop {
            let at = self.position();
            let arg = self
                .next()
                .ok_or_else(|| error("filter-err-end", &[], self.position()))?;
            args.push((arg, at));
            match self.next() {
                Some(Token::Comma) => continue,
                Some(Token::Close) => break,
                _ => {
                    return Err(error(
                        "filter-err-expected",
                        &[("what", ")")],
                        self.position(),
                    ));
                }
            }
        }
        super::functions::call(name, &args, position)
    }
}

fn is_reserved(word: &str) -> bool {
    [
        "and", "or", "not", "in", "is", "null", "like", "true", "false",
    ]
    .iter()
    .any(|k| word.eq_ignore_ascii_case(k))
}

/// `2024-06-01`, `2024/06/01`, `2024-06` or `2024` (the first day), optionally with a time.
pub fn parse_date_literal(text: &str) -> Option<i32> {
    let day_part = text.split(['T', ' ']).next()?.replace('/', "-");
    let mut parts = day_part.split('-');
    let year: i64 = parts.next()?.parse().ok()?;
    let month: u32 = parts.next().map_or(Some(1), |m| m.parse().ok())?;
    let day: u32 = parts.next().map_or(Some(1), |d| d.parse().ok())?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    i32::try_from(crate::data::column::days_from_civil(year, month, day)).ok()
}
