//! Finds typed addresses among an address layer's features ("12 rue lenepveu angers"): every
//! word must appear in the address fields; text is tested once per distinct value.

use crate::data::column::NULL_CODE;
use crate::data::{Column, ColumnData, Dataset, Value};
use crate::filter::eval::fold;

/// An address found in a layer.
#[derive(Clone, Debug, PartialEq)]
pub struct AddressMatch {
    /// The feature.
    pub row: usize,
    /// The address written from its fields ("12 bis Rue Lenepveu 49100 Angers").
    pub label: String,
    /// Its position (a point, or the centre of its extent).
    pub lon_lat: [f64; 2],
}

/// Whether a column holds a word the user typed, row by row.
enum WordTest<'a> {
    /// A text column: which distinct values hold the word.
    Codes(Vec<bool>, &'a [u32]),
    /// A number column: the word is a number equal to the cell.
    Number(&'a Column, i64),
}

impl<'a> WordTest<'a> {
    /// The test of `column` for the folded `word`; `None` when the column cannot hold it.
    fn of(column: &'a Column, word: &str) -> Option<Self> {
        let number = word.parse::<i64>().ok();
        match (&column.data, number) {
            (ColumnData::Text { dictionary, codes }, _) => {
                let keep = dictionary
                    .iter()
                    .map(|v| {
                        let v = fold(v);
                        let mut words = v.split(|c: char| !c.is_alphanumeric());
                        match number {
                            // A number is a whole word ("12" does not find "112").
                            Some(_) => words.any(|w| w == word),
                            None => words.any(|w| w.starts_with(word)),
                        }
                    })
                    .collect();
                Some(Self::Codes(keep, codes))
            }
            (ColumnData::Integer { .. } | ColumnData::Float { .. }, Some(n)) => {
                Some(Self::Number(column, n))
            }
            _ => None,
        }
    }

    /// True when `row` holds the word.
    fn holds(&self, row: usize) -> bool {
        match self {
            Self::Codes(keep, codes) => codes
                .get(row)
                .filter(|&&c| c != NULL_CODE)
                .and_then(|&c| keep.get(c as usize))
                .copied()
                .unwrap_or(false),
            Self::Number(column, n) => match column.value(row) {
                Value::Integer(v) => v == *n,
                Value::Float(v) => v == *n as f64,
                _ => false,
            },
        }
    }
}

/// The words of a typed address, folded (case and accents ignored); "12bis" gives "12", "bis".
fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for word in fold(text).split(|c: char| !c.is_alphanumeric()) {
        let digits = word.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && digits < word.len() {
            out.push(word[..digits].to_owned());
            out.push(word[digits..].to_owned());
        } else if !word.is_empty() {
            out.push(word.to_owned());
        }
    }
    out
}

/// Up to `limit` features of `dataset` whose `fields` (in address order: number, suffix,
/// street, postcode, municipality) hold every word of `text`; the same address is listed once.
pub fn search_addresses(
    dataset: &Dataset,
    fields: &[&str],
    text: &str,
    limit: usize,
) -> Vec<AddressMatch> {
    let columns: Vec<&Column> = fields.iter().filter_map(|f| dataset.column(f)).collect();
    let wanted = words(text);
    if columns.is_empty() || wanted.is_empty() {
        return Vec::new();
    }
    // For each word, the tests of every column: a row keeps the word when one column holds it.
    let tests: Vec<Vec<WordTest>> = wanted
        .iter()
        .map(|word| {
            columns
                .iter()
                .filter_map(|column| WordTest::of(column, word))
                .collect()
        })
        .collect();
    let mut out: Vec<AddressMatch> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for row in 0..dataset.len() {
        if !tests.iter().all(|t| t.iter().any(|w| w.holds(row))) {
            continue;
        }
        let Some(b) = dataset.geometry.feature_bbox(row) else {
            continue;
        };
        let label = label_of(&columns, row);
        if !seen.insert(label.clone()) {
            continue;
        }
        out.push(AddressMatch {
            row,
            label,
            lon_lat: [(b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0],
        });
        if out.len() >= limit {
            break;
        }
    }
    out
}

/// The address of `row` written from its fields, blanks left out.
fn label_of(columns: &[&Column], row: usize) -> String {
    columns
        .iter()
        .filter_map(|c| match c.value(row) {
            Value::Null => None,
            v => Some(v.to_string()),
        })
        .filter(|s| !s.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::DatasetBuilder;

    fn addresses() -> Dataset {
        let mut b = DatasetBuilder::new(false);
        let cols = ["numero", "suffixe", "voie", "commune"].map(|c| b.add_column(c));
        for (i, row) in [
            ["1", "", "Rue Lenepveu", "Angers"],
            ["12", "bis", "Rue Lenepveu", "Angers"],
            ["112", "", "Rue Lenepveu", "Angers"],
            ["12", "", "Rue de l'Église", "Avrillé"],
        ]
        .iter()
        .enumerate()
        {
            for (c, v) in cols.iter().zip(row) {
                b.column(*c).push_inferred(v);
            }
            b.geometry.push_point([-0.55 + i as f64 * 0.001, 47.47]);
            b.end_row();
        }
        b.finish(None)
    }

    #[test]
    fn every_typed_word_must_match() {
        let ds = addresses();
        let fields = ["numero", "suffixe", "voie", "commune"];
        let found = search_addresses(&ds, &fields, "12 rue lenep", 10);
        assert_eq!(
            found.iter().map(|m| m.label.as_str()).collect::<Vec<_>>(),
            ["12 bis Rue Lenepveu Angers"]
        );
        assert_eq!(found[0].lon_lat, [-0.549, 47.47]);
        let eglise = search_addresses(&ds, &fields, "12 EGLISE", 10);
        assert_eq!(eglise.len(), 1);
        assert_eq!(eglise[0].row, 3);
        assert_eq!(search_addresses(&ds, &fields, "lenepveu", 2).len(), 2);
        assert!(search_addresses(&ds, &fields, "rue inconnue", 10).is_empty());
        assert!(search_addresses(&ds, &fields, "  ", 10).is_empty());
        assert_eq!(
            search_addresses(&ds, &fields, "12bis lenepveu", 10).len(),
            1
        );
    }
}
