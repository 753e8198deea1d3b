//! Reading FlatBuffers tables from a byte slice, every offset checked: a table's fields through
//! its vtable, scalars, strings, vectors and nested tables (what FlatGeobuf needs, no more).

/// A table at `pos` in `buf`.
#[derive(Clone, Copy)]
pub(super) struct Table<'a> {
    buf: &'a [u8],
    pos: usize,
}

fn u16_at(buf: &[u8], pos: usize) -> Option<u16> {
    Some(u16::from_le_bytes(buf.get(pos..pos + 2)?.try_into().ok()?))
}

pub(super) fn u32_at(buf: &[u8], pos: usize) -> Option<u32> {
    Some(u32::from_le_bytes(buf.get(pos..pos + 4)?.try_into().ok()?))
}

fn i32_at(buf: &[u8], pos: usize) -> Option<i32> {
    Some(i32::from_le_bytes(buf.get(pos..pos + 4)?.try_into().ok()?))
}

impl<'a> Table<'a> {
    /// The root table of a buffer (its first four bytes are the offset to it).
    pub(super) fn root(buf: &'a [u8]) -> Option<Self> {
        let pos = u32_at(buf, 0)? as usize;
        (pos < buf.len()).then_some(Self { buf, pos })
    }

    /// Where field `index` lies, when the table has it.
    fn field(&self, index: usize) -> Option<usize> {
        let vtable = (self.pos as i64 - i64::from(i32_at(self.buf, self.pos)?)) as usize;
        let vtable_len = usize::from(u16_at(self.buf, vtable)?);
        let slot = 4 + 2 * index;
        if slot + 2 > vtable_len {
            return None;
        }
        let offset = usize::from(u16_at(self.buf, vtable + slot)?);
        (offset != 0).then_some(self.pos + offset)
    }

    /// Where the object a field refers to (string, vector, table) starts.
    fn target(&self, index: usize) -> Option<usize> {
        let at = self.field(index)?;
        Some(at + u32_at(self.buf, at)? as usize)
    }

    pub(super) fn u8(&self, index: usize, default: u8) -> u8 {
        self.field(index)
            .and_then(|at| self.buf.get(at).copied())
            .unwrap_or(default)
    }

    pub(super) fn u16(&self, index: usize, default: u16) -> u16 {
        self.field(index)
            .and_then(|at| u16_at(self.buf, at))
            .unwrap_or(default)
    }

    pub(super) fn i32(&self, index: usize, default: i32) -> i32 {
        self.field(index)
            .and_then(|at| i32_at(self.buf, at))
            .unwrap_or(default)
    }

    pub(super) fn u64(&self, index: usize) -> u64 {
        self.field(index)
            .and_then(|at| {
                Some(u64::from_le_bytes(
                    self.buf.get(at..at + 8)?.try_into().ok()?,
                ))
            })
            .unwrap_or(0)
    }

    /// A vector's bytes (elements of `size` bytes each) and its length.
    fn vector(&self, index: usize, size: usize) -> Option<(&'a [u8], usize)> {
        let start = self.target(index)?;
        let len = u32_at(self.buf, start)? as usize;
        let bytes = self
            .buf
            .get(start + 4..start + 4 + len.checked_mul(size)?)?;
        Some((bytes, len))
    }

    pub(super) fn string(&self, index: usize) -> Option<String> {
        let (bytes, _) = self.vector(index, 1)?;
        Some(String::from_utf8_lossy(bytes).into_owned())
    }

    pub(super) fn bytes(&self, index: usize) -> Option<&'a [u8]> {
        self.vector(index, 1).map(|(bytes, _)| bytes)
    }

    pub(super) fn doubles(&self, index: usize) -> Vec<f64> {
        self.vector(index, 8).map_or_else(Vec::new, |(bytes, _)| {
            bytes
                .chunks_exact(8)
                .filter_map(|c| c.try_into().ok().map(f64::from_le_bytes))
                .collect()
        })
    }

    pub(super) fn u32s(&self, index: usize) -> Vec<u32> {
        self.vector(index, 4).map_or_else(Vec::new, |(bytes, _)| {
            bytes
                .chunks_exact(4)
                .filter_map(|c| c.try_into().ok().map(u32::from_le_bytes))
                .collect()
        })
    }

    pub(super) fn table(&self, index: usize) -> Option<Table<'a>> {
        let pos = self.target(index)?;
        (pos < self.buf.len()).then_some(Table { buf: self.buf, pos })
    }

    /// A vector of tables.
    pub(super) fn tables(&self, index: usize) -> Vec<Table<'a>> {
        let Some((bytes, len)) = self.vector(index, 4) else {
            return Vec::new();
        };
        let start = bytes.as_ptr() as usize - self.buf.as_ptr() as usize;
        (0..len)
            .filter_map(|i| {
                let at = start + 4 * i;
                let pos = at + u32_at(self.buf, at)? as usize;
                (pos < self.buf.len()).then_some(Table { buf: self.buf, pos })
            })
            .collect()
    }
}
