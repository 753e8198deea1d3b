//! A fixed-size bit set: filter masks and null flags without one byte per feature.

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
    fn push_grows_and_full_bitmap_counts_len() {
        let mut b = Bitmap::default();
        for i in 0..70 {
            b.push(i % 2 == 0);
        }
        assert_eq!(b.len(), 70);
        assert_eq!(b.count_ones(), 35);
        assert_eq!(Bitmap::new(70, true).count_ones(), 70);
    }
}
