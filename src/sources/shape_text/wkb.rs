//! Well-known binary, ISO (types 1001…) and PostGIS EWKB (flags for Z, M and SRID): the six
//! simple types, curves (circular and compound strings, curve polygons, multi-curves and
//! multi-surfaces, linearized) and geometry collections (their members of the highest dimension).

use super::{Rings, Shape, arcs};
use crate::data::GeomKind;

/// A reader over the bytes, in the byte order each geometry announces.
struct Bytes<'a> {
    data: &'a [u8],
    at: usize,
}

/// A geometry's header: byte order, base type (1 to 12), ordinates per position, SRID.
#[derive(Clone, Copy)]
struct Header {
    little: bool,
    base: u32,
    dims: usize,
    srid: Option<u32>,
}

/// Nested collections deeper than this are refused (hostile input).
const MAX_DEPTH: usize = 32;

impl Bytes<'_> {
    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        let bytes = self.data.get(self.at..self.at + N)?.try_into().ok()?;
        self.at += N;
        Some(bytes)
    }

    fn u32(&mut self, little: bool) -> Option<u32> {
        let b = self.take::<4>()?;
        Some(if little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    }

    fn f64(&mut self, little: bool) -> Option<f64> {
        let b = self.take::<8>()?;
        Some(if little {
            f64::from_le_bytes(b)
        } else {
            f64::from_be_bytes(b)
        })
    }

    /// A count of items of at least `size` bytes each: a count larger than the data is a lie.
    fn count(&mut self, little: bool, size: usize) -> Option<usize> {
        let n = self.u32(little)? as usize;
        (n <= self.data.len().saturating_sub(self.at) / size).then_some(n)
    }

    fn header(&mut self) -> Option<Header> {
        let little = match self.take::<1>()?[0] {
            0 => false,
            1 => true,
            _ => return None,
        };
        let code = self.u32(little)?;
        let (flag_z, flag_m) = (code & 0x8000_0000 != 0, code & 0x4000_0000 != 0);
        let srid = if code & 0x2000_0000 != 0 {
            Some(self.u32(little)?)
        } else {
            None
        };
        let iso = code & 0x0FFF_FFFF;
        let (base, iso_dims) = (iso % 1000, iso / 1000);
        let extra = match iso_dims {
            0 => usize::from(flag_z) + usize::from(flag_m),
            1 | 2 => 1,
            3 => 2,
            _ => return None,
        };
        Some(Header {
            little,
            base,
            dims: 2 + extra,
            srid,
        })
    }

    fn position(&mut self, h: Header) -> Option<[f64; 2]> {
        let xy = [self.f64(h.little)?, self.f64(h.little)?];
        for _ in 2..h.dims {
            self.f64(h.little)?;
        }
        Some(xy)
    }

    fn positions(&mut self, h: Header) -> Option<Vec<[f64; 2]>> {
        let n = self.count(h.little, 16)?;
        (0..n).map(|_| self.position(h)).collect()
    }

    /// A curve's body as a line: a line string, a circular string or a compound curve.
    fn curve(&mut self, h: Header) -> Option<Vec<[f64; 2]>> {
        match h.base {
            2 => self.positions(h),
            8 => Some(arcs::circular_string(&self.positions(h)?)),
            9 => {
                let n = self.count(h.little, 9)?;
                let mut line: Vec<[f64; 2]> = Vec::new();
                for _ in 0..n {
                    let inner = self.header()?;
                    matches!(inner.base, 2 | 8).then_some(())?;
                    let piece = self.curve(inner)?;
                    // Each piece starts where the previous one ended.
                    let skip = usize::from(line.last().is_some() && line.last() == piece.first());
                    line.extend_from_slice(piece.get(skip..)?);
                }
                Some(line)
            }
            _ => None,
        }
    }

    /// A surface's body as rings: a polygon, or a curve polygon (rings of any curve type).
    fn surface(&mut self, h: Header) -> Option<Rings> {
        match h.base {
            3 => {
                let n = self.count(h.little, 4)?;
                (0..n).map(|_| self.positions(h)).collect()
            }
            10 => {
                let n = self.count(h.little, 9)?;
                (0..n)
                    .map(|_| {
                        let inner = self.header()?;
                        self.curve(inner)
                    })
                    .collect()
            }
            _ => None,
        }
    }

    /// The body of any geometry as (dimension, parts); collections flatten their members.
    fn parts(&mut self, h: Header, depth: usize) -> Option<Vec<(u8, Rings)>> {
        Some(match h.base {
            1 => vec![(0, vec![vec![self.position(h)?]])],
            2 | 8 | 9 => vec![(1, vec![self.curve(h)?])],
            3 | 10 => vec![(2, self.surface(h)?)],
            4..=7 | 11 | 12 if depth < MAX_DEPTH => {
                let n = self.count(h.little, 9)?;
                let mut parts = Vec::new();
                for _ in 0..n {
                    let inner = self.header()?;
                    let fits = match h.base {
                        4 => inner.base == 1,
                        5 | 11 => matches!(inner.base, 2 | 8 | 9),
                        6 | 12 => matches!(inner.base, 3 | 10),
                        _ => true,
                    };
                    fits.then_some(())?;
                    parts.extend(self.parts(inner, depth + 1)?);
                }
                parts
            }
            _ => return None,
        })
    }
}

/// The shape in `data`, or `None` when it is not WKB of a known type.
pub(super) fn read(data: &[u8]) -> Option<Shape> {
    let mut b = Bytes { data, at: 0 };
    let h = b.header()?;
    let parts = b.parts(h, 0)?;
    if b.at != data.len() {
        return None;
    }
    // `POINT EMPTY` is written as NaN coordinates; empty members are left out.
    let parts: Vec<(u8, Rings)> = parts
        .into_iter()
        .filter(|(_, rings)| {
            rings
                .first()
                .is_some_and(|r| r.iter().any(|p| !p[0].is_nan()))
        })
        .collect();
    let Some(top) = parts.iter().map(|(d, _)| *d).max() else {
        return Some(Shape {
            kind: GeomKind::Empty,
            parts: Vec::new(),
            srid: h.srid,
            hidden: Vec::new(),
        });
    };
    let (parts, hidden): (Vec<_>, Vec<_>) = parts.into_iter().partition(|(d, _)| *d == top);
    let parts: Vec<Rings> = parts.into_iter().map(|(_, rings)| rings).collect();
    let hidden: Vec<Rings> = hidden.into_iter().map(|(_, rings)| rings).collect();
    let multi = matches!(h.base, 4..=7 | 11 | 12);
    let kind = match (top, multi) {
        (0, false) => GeomKind::Point,
        (0, true) => GeomKind::MultiPoint,
        (1, false) => GeomKind::LineString,
        (1, true) => GeomKind::MultiLineString,
        (_, false) => GeomKind::Polygon,
        (_, true) => GeomKind::MultiPolygon,
    };
    Some(Shape {
        kind,
        parts,
        srid: h.srid,
        hidden,
    })
}
