//! A fixed-size bit set: filter masks and null flags without one byte per feature.

use rayon::prelude::*;

/// Words (of 64 rows) per parallel task: smaller bitmaps are filled on the calling thread.
const WORDS_PER_TASK: usize = 256;

/// A set of `len` bits packed in 64-bit words.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bitmap {
    words: Vec<u64>,
    len: usize,
}

impl Bitmap {
    /// A bitmap of `len` bits, all set to `value`.
    pub fn new(len: usize, value: bool) -> Self {
        let fill = if value { u64::MAX } else { 0 };
        let mut bitmap = Self {
            words: vec![fill; len.div_ceil(64)],
            len,
        };
        bitmap.clear_tail();
        bitmap
    }

    /// A bitmap whose bit `i` is `test(&values[i])`, built 64 values per word, in parallel over
    /// blocks of whole words when there are many values (so threads never share a word).
    ///
    /// ```
    /// use territoire::data::Bitmap;
    /// let numbers = [3, 12, 7, 40];
    /// let big = Bitmap::from_values(&numbers, |&n| n >= 10);
    /// assert_eq!(big.iter_ones().collect::<Vec<_>>(), vec![1, 3]);
    /// ```
    pub fn from_values<T: Sync>(values: &[T], test: impl Fn(&T) -> bool + Sync) -> Self {
        let mut words = vec![0u64; values.len().div_ceil(64)];
        let fill = |(word, chunk): (&mut u64, &[T])| {
            let mut bits = 0u64;
            for (j, value) in chunk.iter().enumerate() {
                bits |= u64::from(test(value)) << j;
            }
            *word = bits;
        };
        if words.len() > WORDS_PER_TASK {
            words
                .par_iter_mut()
                .zip(values.par_chunks(64))
                .with_min_len(WORDS_PER_TASK)
                .for_each(fill);
        } else {
            words.iter_mut().zip(values.chunks(64)).for_each(fill);
        }
        Self {
            words,
            len: values.len(),
        }
    }

    /// A bitmap of `len` bits whose bit `i` is `test(i)`, built like [`Self::from_values`].
    pub fn from_fn(len: usize, test: impl Fn(usize) -> bool + Sync) -> Self {
        let mut words = vec![0u64; len.div_ceil(64)];
        let fill = |(w, word): (usize, &mut u64)| {
            let start = w * 64;
            let mut bits = 0u64;
            for j in 0..(len - start).min(64) {
                bits |= u64::from(test(start + j)) << j;
            }
            *word = bits;
        };
        if words.len() > WORDS_PER_TASK {
            words
                .par_iter_mut()
                .enumerate()
                .with_min_len(WORDS_PER_TASK)
                .for_each(fill);
        } else {
            words.iter_mut().enumerate().for_each(fill);
        }
        Self { words, len }
    }

    /// Number of bits.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when the bitmap holds no bit at all.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The bit at `index` (false past the end).
    #[inline]
    pub fn get(&self, index: usize) -> bool {
        index < self.len && self.words[index / 64] & (1 << (index % 64)) != 0
    }

    /// Sets the bit at `index`; ignored past the end.
    #[inline]
    pub fn set(&mut self, index: usize, value: bool) {
        if index >= self.len {
            return;
        }
        let word = &mut self.words[index / 64];
        if value {
            *word |= 1 << (index % 64);
        } else {
            *word &= !(1 << (index % 64));
        }
    }

    /// Appends one bit.
    pub fn push(&mut self, value: bool) {
        if self.len.is_multiple_of(64) {
            self.words.push(0);
        }
        self.len += 1;
        self.set(self.len - 1, value);
    }

    /// Appends every bit of `other`, a word at a time.
    pub fn append(&mut self, other: &Bitmap) {
        let shift = self.len % 64;
        if shift == 0 {
            self.words.extend_from_slice(&other.words);
        } else {
            for &word in &other.words {
                if let Some(last) = self.words.last_mut() {
                    *last |= word << shift;
                }
                self.words.push(word >> (64 - shift));
            }
        }
        self.len += other.len;
        self.words.truncate(self.len.div_ceil(64));
        self.clear_tail();
    }

    /// Number of set bits.
    pub fn count_ones(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// Indices of the set bits, in order.
    pub fn iter_ones(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().flat_map(|(w, &word)| {
            let mut bits = word;
            std::iter::from_fn(move || {
                if bits == 0 {
                    return None;
                }
                let bit = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                Some(w * 64 + bit)
            })
        })
    }

    /// Keeps only the bits also set in `other` (lengths must match; extra bits are dropped).
    pub fn and_assign(&mut self, other: &Bitmap) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a &= b;
        }
    }

    /// Sets the bits set in `other`.
    pub fn or_assign(&mut self, other: &Bitmap) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a |= b;
        }
        self.clear_tail();
    }

    /// Flips every bit.
    pub fn invert(&mut self) {
        for w in &mut self.words {
            *w = !*w;
        }
        self.clear_tail();
    }

    fn clear_tail(&mut self) {
        let rest = self.len % 64;
        if rest != 0
            && let Some(last) = self.words.last_mut()
        {
            *last &= (1u64 << rest) - 1;
        }
    }
}

impl FromIterator<bool> for Bitmap {
    /// Collects bits a word at a time.
    fn from_iter<I: IntoIterator<Item = bool>>(iter: I) -> Self {
        let iter = iter.into_iter();
        let mut words = Vec::with_capacity(iter.size_hint().0.div_ceil(64));
        let (mut word, mut len) = (0u64, 0usize);
        for bit in iter {
            word |= u64::from(bit) << (len % 64);
            len += 1;
            if len.is_multiple_of(64) {
                words.push(word);
                word = 0;
            }
        }
        if !len.is_multiple_of(64) {
            words.push(word);
        }
        Self { words, len }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_count_and_iterate() {
        let mut b = Bitmap::new(130, false);
        b.set(0, true);
        b.set(64, true);
        b.set(129, true);
        b.set(500, true);
        assert_eq!(b.count_ones(), 3);
        assert_eq!(b.iter_ones().collect::<Vec<_>>(), vec![0, 64, 129]);
        b.invert();
        assert_eq!(b.count_ones(), 127);
        assert!(!b.get(64));
    }

    #[test]
    fn append_matches_pushing_bit_by_bit() {
        for (a, b) in [(0, 5), (64, 70), (3, 200), (63, 1), (100, 0), (130, 129)] {
            let first: Vec<bool> = (0..a).map(|i| i % 3 == 0).collect();
            let second: Vec<bool> = (0..b).map(|i| i % 5 != 1).collect();
            let mut joined: Bitmap = first.iter().copied().collect();
            joined.append(&second.iter().copied().collect());
            let expected: Bitmap = first.iter().chain(&second).copied().collect();
            assert_eq!(joined, expected, "{a} + {b} bits");
        }
    }

    #[test]
    fn push_grows_and_full_bitmap_counts_len() {
        let mut b = Bitmap::default();
        for i in 0..70 {
            b.push(i % 2 == 0);
        }
        assert_eq!(b.len(), 70);
        assert_eq!(b.count_ones(), 35);
        assert_eq!(Bitmap::new(70, true).count_ones(), 70);
    }

    #[test]
    fn constructors_agree_with_setting_bits_one_by_one() {
        for len in [0, 1, 63, 64, 65, 130, 64 * WORDS_PER_TASK * 3 + 17] {
            let test = |i: usize| i.is_multiple_of(3) || i % 7 == 5;
            let mut expected = Bitmap::new(len, false);
            (0..len)
                .filter(|&i| test(i))
                .for_each(|i| expected.set(i, true));
            let values: Vec<usize> = (0..len).collect();
            assert_eq!(
                Bitmap::from_values(&values, |&i| test(i)),
                expected,
                "{len}"
            );
            assert_eq!(Bitmap::from_fn(len, test), expected, "{len}");
            assert_eq!((0..len).map(test).collect::<Bitmap>(), expected, "{len}");
            let all = Bitmap::from_fn(len, |_| true);
            assert_eq!(all, Bitmap::new(len, true), "tail bits stay clear: {len}");
        }
    }
}
