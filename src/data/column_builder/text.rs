//! The text state of a column being built: a dictionary of distinct strings and one code per
//! cell, turned into a date column at the end when every distinct value is a date.

use std::hash::BuildHasher;

use hashbrown::HashTable;

use crate::data::ColumnData;
use crate::data::column::{NULL_CODE, parse_date, parse_datetime};

/// The cells of a text column: each distinct string stored once.
#[derive(Debug, Default)]
pub(super) struct TextState {
    /// `(hash, code)` of every distinct string: the strings themselves live once, in `dictionary`.
    lookup: HashTable<(u64, u32)>,
    pub(super) dictionary: Vec<Box<str>>,
    pub(super) codes: Vec<u32>,
}

/// A fast, fixed hasher: the keys come from files, not from an adversary over the network.
const HASHER: foldhash::fast::FixedState = foldhash::fast::FixedState::with_seed(0x7e77_1701);

impl TextState {
    /// `n` null cells and an empty dictionary.
    pub(super) fn nulls(n: usize) -> Self {
        Self {
            codes: vec![NULL_CODE; n],
            ..Self::default()
        }
    }

    /// Appends a cell holding `text`.
    pub(super) fn push(&mut self, text: &str) {
        let code = self.code_of(text);
        self.codes.push(code);
    }

    /// The code of `text`, added to the dictionary when new.
    pub(super) fn code_of(&mut self, text: &str) -> u32 {
        self.find(text)
            .unwrap_or_else(|hash| self.add(hash, text.into()))
    }

    /// The code of `text` when the dictionary has it, else its hash.
    fn find(&self, text: &str) -> Result<u32, u64> {
        let hash = HASHER.hash_one(text);
        let dictionary = &self.dictionary;
        self.lookup
            .find(hash, |&(h, c)| {
                h == hash && *dictionary[c as usize] == *text
            })
            .map(|&(_, code)| code)
            .ok_or(hash)
    }

    fn add(&mut self, hash: u64, text: Box<str>) -> u32 {
        let code = self.dictionary.len() as u32;
        self.dictionary.push(text);
        self.lookup.insert_unique(hash, (hash, code), |&(h, _)| h);
        code
    }

    /// Appends the cells of `other`, re-coding its distinct strings into this dictionary (the
    /// new ones move over, without a copy).
    pub(super) fn append(&mut self, other: TextState) {
        let recode: Vec<u32> = other
            .dictionary
            .into_iter()
            .map(|s| match self.find(&s) {
                Ok(code) => code,
                Err(hash) => self.add(hash, s),
            })
            .collect();
        self.codes.extend(
            other
                .codes
                .iter()
                .map(|&c| recode.get(c as usize).copied().unwrap_or(NULL_CODE)),
        );
    }
}

/// Dates are recognised from the dictionary alone, so the check costs one parse per distinct value.
pub(super) fn text_or_dates(t: TextState, infer_dates: bool) -> ColumnData {
    let TextState {
        dictionary, codes, ..
    } = t;
    if infer_dates && !dictionary.is_empty() {
        let dates: Option<Vec<i32>> = dictionary.iter().map(|s| parse_date(s)).collect();
        if let Some(dates) = dates {
            return ColumnData::Date {
                days: codes
                    .iter()
                    .map(|&c| dates.get(c as usize).copied().unwrap_or(0))
                    .collect(),
                valid: codes.iter().map(|&c| c != NULL_CODE).collect(),
            };
        }
        let times: Option<Vec<i64>> = dictionary.iter().map(|s| parse_datetime(s)).collect();
        if let Some(times) = times {
            return ColumnData::DateTime {
                seconds: codes
                    .iter()
                    .map(|&c| times.get(c as usize).copied().unwrap_or(0))
                    .collect(),
                valid: codes.iter().map(|&c| c != NULL_CODE).collect(),
            };
        }
    }
    ColumnData::Text { dictionary, codes }
}
