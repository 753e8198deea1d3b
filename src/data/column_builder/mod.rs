//! Builds one typed column while reading, widening its type when values disagree (int → float → text).

mod text;

use super::column::NULL_CODE;
use super::{Bitmap, Column, ColumnData};
use text::{TextState, text_or_dates};

/// Accumulates the cells of one column in their final, compact form.
#[derive(Debug)]
pub struct ColumnBuilder {
    name: String,
    state: State,
}

#[derive(Debug)]
enum State {
    /// Only nulls so far.
    Nulls(usize),
    Integer(Vec<i64>, Bitmap),
    Float(Vec<f64>, Bitmap),
    Boolean(Bitmap, Bitmap),
    Date(Vec<i32>, Bitmap),
    Text(TextState),
}

impl ColumnBuilder {
    /// A builder for a column named `name`, with `rows_before` null cells already (a field that appears late).
    pub fn new(name: impl Into<String>, rows_before: usize) -> Self {
        Self {
            name: name.into(),
            state: State::Nulls(rows_before),
        }
    }

    /// The column's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Number of cells pushed so far.
    pub fn len(&self) -> usize {
        match &self.state {
            State::Nulls(n) => *n,
            State::Integer(v, _) => v.len(),
            State::Float(v, _) => v.len(),
            State::Boolean(_, valid) => valid.len(),
            State::Date(v, _) => v.len(),
            State::Text(t) => t.codes.len(),
        }
    }

    /// True when no cell was pushed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Appends a null cell.
    pub fn push_null(&mut self) {
        match &mut self.state {
            State::Nulls(n) => *n += 1,
            State::Integer(v, valid) => {
                v.push(0);
                valid.push(false);
            }
            State::Float(v, valid) => {
                v.push(0.0);
                valid.push(false);
            }
            State::Boolean(v, valid) => {
                v.push(false);
                valid.push(false);
            }
            State::Date(v, valid) => {
                v.push(0);
                valid.push(false);
            }
            State::Text(t) => t.codes.push(NULL_CODE),
        }
    }

    /// Pads with nulls up to `rows` cells (for fields missing from some features).
    pub fn pad_to(&mut self, rows: usize) {
        while self.len() < rows {
            self.push_null();
        }
    }

    /// Appends an integer.
    pub fn push_int(&mut self, value: i64) {
        match &mut self.state {
            State::Nulls(n) => {
                let (mut v, mut valid) = nulls(*n, 0i64);
                v.push(value);
                valid.push(true);
                self.state = State::Integer(v, valid);
            }
            State::Integer(v, valid) => {
                v.push(value);
                valid.push(true);
            }
            State::Float(v, valid) => {
                v.push(value as f64);
                valid.push(true);
            }
            _ => self.push_text(&value.to_string()),
        }
    }

    /// Appends a float.
    pub fn push_float(&mut self, value: f64) {
        match &mut self.state {
            State::Nulls(n) => {
                let (mut v, mut valid) = nulls(*n, 0f64);
                v.push(value);
                valid.push(true);
                self.state = State::Float(v, valid);
            }
            State::Integer(ints, valid) => {
                let mut v: Vec<f64> = ints.iter().map(|&i| i as f64).collect();
                v.push(value);
                let mut valid = std::mem::take(valid);
                valid.push(true);
                self.state = State::Float(v, valid);
            }
            State::Float(v, valid) => {
                v.push(value);
                valid.push(true);
            }
            _ => self.push_text(&value.to_string()),
        }
    }

    /// Appends a boolean.
    pub fn push_bool(&mut self, value: bool) {
        match &mut self.state {
            State::Nulls(n) => {
                let (v, mut valid) = (Bitmap::new(*n, false), Bitmap::new(*n, false));
                let mut v = v;
                v.push(value);
                valid.push(true);
                self.state = State::Boolean(v, valid);
            }
            State::Boolean(v, valid) => {
                v.push(value);
                valid.push(true);
            }
            _ => self.push_text(if value { "true" } else { "false" }),
        }
    }

    /// Appends a date (days since 1970-01-01).
    pub fn push_date(&mut self, days: i32) {
        match &mut self.state {
            State::Nulls(n) => {
                let (mut v, mut valid) = nulls(*n, 0i32);
                v.push(days);
                valid.push(true);
                self.state = State::Date(v, valid);
            }
            State::Date(v, valid) => {
                v.push(days);
                valid.push(true);
            }
            _ => self.push_text(&super::Value::Date(days).to_string()),
        }
    }

    /// Appends text; earlier non-text cells are turned into their text form.
    pub fn push_text(&mut self, text: &str) {
        if !matches!(self.state, State::Text(_)) {
            self.state = State::Text(self.take_as_text());
        }
        if let State::Text(t) = &mut self.state {
            t.push(text);
        }
    }

    /// Appends the cells of `other`, the rows that follow (read by another worker). The column
    /// ends with the type it would have had read in one go: integers widen to floats, and any
    /// other disagreement makes text.
    pub fn append(&mut self, mut other: ColumnBuilder) {
        if let State::Nulls(n) = other.state {
            (0..n).for_each(|_| self.push_null());
            return;
        }
        if let State::Nulls(n) = self.state {
            self.state = nulls_like(n, &other.state);
        }
        let mine = std::mem::replace(&mut self.state, State::Nulls(0));
        self.state = match (mine, std::mem::replace(&mut other.state, State::Nulls(0))) {
            (State::Integer(mut v, mut valid), State::Integer(w, w_valid)) => {
                v.extend(w);
                valid.append(&w_valid);
                State::Integer(v, valid)
            }
            (State::Integer(v, valid), State::Float(w, w_valid)) => {
                let mut v: Vec<f64> = v.into_iter().map(|i| i as f64).collect();
                let mut valid = valid;
                v.extend(w);
                valid.append(&w_valid);
                State::Float(v, valid)
            }
            (State::Float(mut v, mut valid), State::Integer(w, w_valid)) => {
                v.extend(w.into_iter().map(|i| i as f64));
                valid.append(&w_valid);
                State::Float(v, valid)
            }
            (State::Float(mut v, mut valid), State::Float(w, w_valid)) => {
                v.extend(w);
                valid.append(&w_valid);
                State::Float(v, valid)
            }
            (State::Boolean(mut v, mut valid), State::Boolean(w, w_valid)) => {
                v.append(&w);
                valid.append(&w_valid);
                State::Boolean(v, valid)
            }
            (State::Date(mut v, mut valid), State::Date(w, w_valid)) => {
                v.extend(w);
                valid.append(&w_valid);
                State::Date(v, valid)
            }
            (mine, theirs) => {
                self.state = mine;
                let mut text = self.take_as_text();
                other.state = theirs;
                text.append(other.take_as_text());
                State::Text(text)
            }
        };
    }

    /// Appends a value read as text, guessing its type: integer, decimal (`.` or `,`), else text.
    /// Empty text is null. Numbers with a leading zero (postcodes, INSEE codes) stay text.
    pub fn push_inferred(&mut self, raw: &str) {
        let text = raw.trim();
        if text.is_empty() {
            return self.push_null();
        }
        if !matches!(self.state, State::Text(_)) {
            // `0.25` and the French `0,25` are decimals, not codes.
            let leading_zero = text.len() > 1
                && text.starts_with('0')
                && !text.starts_with("0.")
                && !text.starts_with("0,");
            if !leading_zero {
                if let Ok(i) = text.parse::<i64>() {
                    return self.push_int(i);
                }
                if looks_numeric(text)
                    && let Ok(f) = text.replace(',', ".").parse::<f64>()
                    && f.is_finite()
                {
                    return self.push_float(f);
                }
            }
        }
        self.push_text(raw)
    }

    /// A text column whose every value is a number becomes numeric (portals that send numbers
    /// as strings, when the schema says the field is numeric). Checks each distinct value once.
    pub fn text_to_numbers(&mut self) {
        let State::Text(t) = &self.state else {
            return;
        };
        let parsed: Option<Vec<f64>> = t
            .dictionary
            .iter()
            .map(|s| {
                let s = s.trim();
                looks_numeric(s)
                    .then(|| s.replace(',', ".").parse::<f64>().ok())
                    .flatten()
                    .filter(|f| f.is_finite())
            })
            .collect();
        let Some(numbers) = parsed else {
            return;
        };
        let valid: Bitmap = t.codes.iter().map(|&c| c != NULL_CODE).collect();
        let integers: Option<Vec<i64>> =
            t.dictionary.iter().map(|s| s.trim().parse().ok()).collect();
        self.state = match integers {
            Some(ints) => State::Integer(
                t.codes
                    .iter()
                    .map(|&c| ints.get(c as usize).copied().unwrap_or(0))
                    .collect(),
                valid,
            ),
            None => State::Float(
                t.codes
                    .iter()
                    .map(|&c| numbers.get(c as usize).copied().unwrap_or(0.0))
                    .collect(),
                valid,
            ),
        };
    }

    fn take_as_text(&mut self) -> TextState {
        let mut t = TextState::default();
        let old = std::mem::replace(&mut self.state, State::Nulls(0));
        let mut push_opt = |s: Option<String>| match s {
            Some(s) => t.push(&s),
            None => t.codes.push(NULL_CODE),
        };
        match old {
            State::Nulls(n) => (0..n).for_each(|_| push_opt(None)),
            State::Integer(v, valid) => v
                .iter()
                .enumerate()
                .for_each(|(i, x)| push_opt(valid.get(i).then(|| x.to_string()))),
            State::Float(v, valid) => v
                .iter()
                .enumerate()
                .for_each(|(i, x)| push_opt(valid.get(i).then(|| x.to_string()))),
            State::Boolean(v, valid) => {
                (0..valid.len()).for_each(|i| push_opt(valid.get(i).then(|| v.get(i).to_string())))
            }
            State::Date(v, valid) => v.iter().enumerate().for_each(|(i, &d)| {
                push_opt(valid.get(i).then(|| super::Value::Date(d).to_string()))
            }),
            State::Text(old) => return old,
        }
        t
    }

    /// The finished column. Text columns whose every distinct value is a date (or date-time) become one.
    pub fn finish(self, infer_dates: bool) -> Column {
        let data = match self.state {
            State::Nulls(n) => ColumnData::Text {
                dictionary: Vec::new(),
                codes: vec![NULL_CODE; n],
            },
            State::Integer(values, valid) => ColumnData::Integer { values, valid },
            State::Float(values, valid) => ColumnData::Float { values, valid },
            State::Boolean(values, valid) => ColumnData::Boolean { values, valid },
            State::Date(days, valid) => ColumnData::Date { days, valid },
            State::Text(t) => text_or_dates(t, infer_dates),
        };
        Column {
            name: self.name,
            data,
        }
    }
}

/// `n` null cells in the representation of `like`.
fn nulls_like(n: usize, like: &State) -> State {
    match like {
        State::Nulls(_) => State::Nulls(n),
        State::Integer(..) => {
            let (v, valid) = nulls(n, 0i64);
            State::Integer(v, valid)
        }
        State::Float(..) => {
            let (v, valid) = nulls(n, 0f64);
            State::Float(v, valid)
        }
        State::Boolean(..) => State::Boolean(Bitmap::new(n, false), Bitmap::new(n, false)),
        State::Date(..) => {
            let (v, valid) = nulls(n, 0i32);
            State::Date(v, valid)
        }
        State::Text(_) => State::Text(TextState::nulls(n)),
    }
}

fn nulls<T: Clone>(n: usize, zero: T) -> (Vec<T>, Bitmap) {
    (vec![zero; n], Bitmap::new(n, false))
}

fn looks_numeric(text: &str) -> bool {
    let mut separators = 0;
    text.bytes().enumerate().all(|(i, b)| match b {
        b'0'..=b'9' => true,
        b'-' | b'+' => i == 0,
        b'.' | b',' => {
            separators += 1;
            separators == 1
        }
        b'e' | b'E' => true,
        _ => false,
    }) && text.bytes().any(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests;
