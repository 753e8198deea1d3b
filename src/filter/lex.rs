//! Cuts filter text into tokens (words, quoted text, numbers with units, dates, geometries, operators).

use super::ast::CompareOp;
use super::syntax_error::{ParseError, error};

/// One piece of a filter: a word, a literal, an operator or punctuation.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Token {
    Word(String),
    Field(String),
    Text(String),
    Number(f64),
    Date(String),
    /// `geom'…'`: the text of a geometry literal.
    Geom(String),
    /// A number with a length unit (`300m`, `1.5km`), in metres.
    Distance(f64),
    Op(CompareOp),
    Open,
    Close,
    OpenSquare,
    CloseSquare,
    Comma,
    DotDot,
    Star,
}

/// Reads the characters of a filter one token at a time.
pub(super) struct Lexer {
    pub(super) chars: Vec<char>,
    pub(super) pos: usize,
}

impl Lexer {
    pub(super) fn tokens(mut self) -> Result<Vec<(Token, usize)>, ParseError> {
        let mut out = Vec::new();
        while let Some(&c) = self.chars.get(self.pos) {
            let start = self.pos;
            if c.is_whitespace() {
                self.pos += 1;
                continue;
            }
            let token = match c {
                '(' => self.one(Token::Open),
                ')' => self.one(Token::Close),
                '[' => self.one(Token::OpenSquare),
                ']' => self.one(Token::CloseSquare),
                ',' => self.one(Token::Comma),
                '*' => self.one(Token::Star),
                '.' if self.peek(1) == Some('.') => {
                    self.pos += 2;
                    Token::DotDot
                }
                '"' | '\'' => Token::Text(self.quoted(c)?),
                '`' => Token::Field(self.quoted('`')?),
                '=' => self.one(Token::Op(CompareOp::Eq)),
                '!' if self.peek(1) == Some('=') => {
                    self.pos += 2;
                    Token::Op(CompareOp::Ne)
                }
                '<' | '>' => self.comparison(c),
                c if c.is_ascii_digit()
                    || (c == '-' && self.peek(1).is_some_and(|d| d.is_ascii_digit())) =>
                {
                    self.number()?
                }
                c if c.is_alphabetic() || c == '_' => self.word()?,
                other => {
                    return Err(error(
                        "filter-err-char",
                        &[("char", &other.to_string())],
                        start,
                    ));
                }
            };
            out.push((token, start));
        }
        Ok(out)
    }

    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).copied()
    }

    fn one(&mut self, token: Token) -> Token {
        self.pos += 1;
        token
    }

    fn comparison(&mut self, c: char) -> Token {
        let next = self.peek(1);
        self.pos += 1;
        let op = match (c, next) {
            ('<', Some('=')) => CompareOp::Le,
            ('>', Some('=')) => CompareOp::Ge,
            ('<', Some('>')) => CompareOp::Ne,
            ('<', _) => return Token::Op(CompareOp::Lt),
            _ => return Token::Op(CompareOp::Gt),
        };
        self.pos += 1;
        Token::Op(op)
    }

    fn quoted(&mut self, quote: char) -> Result<String, ParseError> {
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        while let Some(c) = self.peek(0) {
            self.pos += 1;
            match c {
                '\\' => {
                    if let Some(escaped) = self.peek(0) {
                        out.push(escaped);
                        self.pos += 1;
                    }
                }
                c if c == quote => return Ok(out),
                c => out.push(c),
            }
        }
        Err(error("filter-err-quote", &[], start))
    }

    fn number(&mut self) -> Result<Token, ParseError> {
        let start = self.pos;
        if self.peek(0) == Some('-') {
            self.pos += 1;
        }
        while self.peek(0).is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        // A decimal point, but not the `..` of a range.
        if self.peek(0) == Some('.') && self.peek(1).is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
            while self.peek(0).is_some_and(|c| c.is_ascii_digit()) {
                self.pos += 1;
            }
        }
        let text: String = self.chars[start..self.pos].iter().collect();
        let number: f64 = text
            .parse()
            .map_err(|_| error("filter-err-number", &[("text", &text)], start))?;
        Ok(match self.unit() {
            Some(metres_per_unit) => Token::Distance(number * metres_per_unit),
            None => Token::Number(number),
        })
    }

    /// A length unit written right after a number (`300m`), consumed; its length in metres.
    fn unit(&mut self) -> Option<f64> {
        let letters = self.chars[self.pos..]
            .iter()
            .take_while(|c| c.is_alphanumeric() || **c == '_')
            .collect::<String>();
        let metres = match letters.as_str() {
            "m" => 1.0,
            "km" => 1000.0,
            "cm" => 0.01,
            "mm" => 0.001,
            "mi" => 1609.344,
            "yd" => 0.9144,
            "ft" => 0.3048,
            _ => return None,
        };
        self.pos += letters.chars().count();
        Some(metres)
    }

    fn word(&mut self) -> Result<Token, ParseError> {
        let start = self.pos;
        while self
            .peek(0)
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
        {
            self.pos += 1;
        }
        let word: String = self.chars[start..self.pos].iter().collect();
        if word.eq_ignore_ascii_case("date") && self.peek(0) == Some('\'') {
            return Ok(Token::Date(self.quoted('\'')?));
        }
        if word.eq_ignore_ascii_case("geom") && self.peek(0) == Some('\'') {
            return Ok(Token::Geom(self.quoted('\'')?));
        }
        Ok(Token::Word(word))
    }
}
