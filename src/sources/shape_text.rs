//! Reads one geometry written in a table cell: WKT (`POINT (…)`, `MULTIPOLYGON (((…)))`, with
//! Z/M ordinates and PostGIS's `SRID=2154;` prefix), WKB in hexadecimal (ISO or PostGIS EWKB) or
//! a GeoJSON geometry (Opendatasoft's `geo_shape` column).
//!
//! ```
//! use territoire::sources::shape_text::read_shape;
//! let shape = read_shape("SRID=2154;POLYGON((0 0, 10 0, 10 10, 0 0))").expect("a polygon");
//! assert_eq!(shape.srid, Some(2154));
//! assert_eq!(shape.parts, vec![vec![vec![[0.0, 0.0], [10.0, 0.0], [10.0, 10.0], [0.0, 0.0]]]]);
//! ```

use crate::data::{GeomKind, GeometryBuilder};

/// A geometry read from text: its kind, its parts, each a list of rings (a point or a line is
/// one ring), and the SRID the text gave.
#[derive(Clone, Debug, PartialEq)]
pub struct Shape {
    /// The geometry type (`Empty` for `POINT EMPTY` and the like).
    pub kind: GeomKind,
    /// Parts → rings → `[x, y]`.
    pub parts: Vec<Vec<Vec<[f64; 2]>>>,
    /// The SRID of EWKT or EWKB, when given.
    pub srid: Option<u32>,
    /// Members of a collection of lower dimension than `parts`, kept for the feature's box only
    /// (see [`GeometryBuilder::start_hidden_part`]).
    pub hidden: Vec<Vec<Vec<[f64; 2]>>>,
}

impl Shape {
    /// Appends the shape as one feature.
    pub fn push(&self, builder: &mut GeometryBuilder) {
        builder.start_feature(self.kind);
        for part in &self.parts {
            builder.start_part();
            for ring in part {
                builder.start_ring();
                ring.iter().for_each(|&xy| builder.push_coord(xy));
            }
        }
        for part in &self.hidden {
            builder.start_hidden_part();
            for ring in part {
                builder.start_ring();
                ring.iter().for_each(|&xy| builder.push_coord(xy));
            }
        }
    }

    /// The first position, if any.
    pub fn first(&self) -> Option<[f64; 2]> {
        self.parts.first()?.first()?.first().copied()
    }
}

/// The shape written in `text` (WKT or hexadecimal WKB), or `None` when it is neither.
pub fn read_shape(text: &str) -> Option<Shape> {
    let text = text.trim();
    if text.starts_with('{') {
        return geojson(&serde_json::from_str(text).ok()?);
    }
    if text.len() >= 18
        && text.len().is_multiple_of(2)
        && text.bytes().all(|b| b.is_ascii_hexdigit())
    {
        return wkb::read(&hex(text)?);
    }
    let (srid, body) = match text.split_once(';') {
        Some((prefix, body)) if prefix.trim().to_ascii_uppercase().starts_with("SRID=") => {
            (prefix.trim()[5..].trim().parse().ok(), body)
        }
        _ => (None, text),
    };
    let mut shape = Wkt::new(body).shape()?;
    shape.srid = srid;
    Some(shape)
}

/// Rings → positions (one part).
pub type Rings = Vec<Vec<[f64; 2]>>;
/// Parts → rings → positions.
pub type Parts = Vec<Rings>;

/// The shape in well-known binary (ISO or PostGIS EWKB), as GeoPackage and databases store it.
pub fn read_wkb(bytes: &[u8]) -> Option<Shape> {
    wkb::read(bytes)
}

/// A GeoJSON geometry object of the six simple types.
fn geojson(value: &serde_json::Value) -> Option<Shape> {
    use serde_json::Value;
    let position = |v: &Value| -> Option<[f64; 2]> {
        let a = v.as_array()?;
        Some([a.first()?.as_f64()?, a.get(1)?.as_f64()?])
    };
    let ring =
        |v: &Value| -> Option<Vec<[f64; 2]>> { v.as_array()?.iter().map(position).collect() };
    let rings =
        |v: &Value| -> Option<Vec<Vec<[f64; 2]>>> { v.as_array()?.iter().map(ring).collect() };
    let each = |v: &Value, f: &dyn Fn(&Value) -> Option<Rings>| -> Option<Parts> {
        v.as_array()?.iter().map(f).collect()
    };
    let c = value.get("coordinates")?;
    let (kind, parts) = match value.get("type")?.as_str()? {
        "Point" => (GeomKind::Point, vec![vec![vec![position(c)?]]]),
        "LineString" => (GeomKind::LineString, vec![vec![ring(c)?]]),
        "Polygon" => (GeomKind::Polygon, vec![rings(c)?]),
        "MultiPoint" => (
            GeomKind::MultiPoint,
            each(c, &|p| Some(vec![vec![position(p)?]]))?,
        ),
        "MultiLineString" => (
            GeomKind::MultiLineString,
            each(c, &|l| Some(vec![ring(l)?]))?,
        ),
        "MultiPolygon" => (GeomKind::MultiPolygon, each(c, &rings)?),
        _ => return None,
    };
    let kind = if parts.is_empty() {
        GeomKind::Empty
    } else {
        kind
    };
    Some(Shape {
        kind,
        parts,
        srid: None,
        hidden: Vec::new(),
    })
}

/// Bytes of a hexadecimal string.
fn hex(text: &str) -> Option<Vec<u8>> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Kind and nesting of each WKT type name: how many bracket levels down the positions are
/// (1: a point or a line, 2: rings of a polygon, 3: polygons of a multipolygon).
fn wkt_type(name: &str) -> Option<(GeomKind, usize)> {
    Some(match name {
        "POINT" => (GeomKind::Point, 1),
        "LINESTRING" => (GeomKind::LineString, 1),
        "POLYGON" => (GeomKind::Polygon, 2),
        "MULTIPOINT" => (GeomKind::MultiPoint, 2),
        "MULTILINESTRING" => (GeomKind::MultiLineString, 2),
        "MULTIPOLYGON" => (GeomKind::MultiPolygon, 3),
        _ => return None,
    })
}

/// A WKT reader over the text, position by position.
struct Wkt<'a> {
    rest: &'a str,
}

impl<'a> Wkt<'a> {
    fn new(text: &'a str) -> Self {
        Self { rest: text }
    }

    fn shape(mut self) -> Option<Shape> {
        let word = self.word()?.to_ascii_uppercase();
        // `POINTZ`, `POINT Z`, `POINT ZM`: the extra ordinates are read and left out.
        let name = word.trim_end_matches(['Z', 'M']);
        let name = if wkt_type(name).is_some() {
            name
        } else {
            &word
        };
        let (kind, depth) = wkt_type(name)?;
        if self
            .peek_word()
            .is_some_and(|w| matches!(w.to_ascii_uppercase().as_str(), "Z" | "M" | "ZM"))
        {
            self.word();
        }
        if self
            .peek_word()
            .is_some_and(|w| w.eq_ignore_ascii_case("EMPTY"))
        {
            self.word();
            return self.at_end().then_some(Shape {
                kind: GeomKind::Empty,
                parts: Vec::new(),
                srid: None,
                hidden: Vec::new(),
            });
        }
        let parts = match (kind, depth) {
            (GeomKind::MultiPoint, _) => self.multipoint()?,
            (_, 1) => vec![vec![self.ring()?]],
            (_, 2) if kind == GeomKind::Polygon => vec![self.list(Self::ring)?],
            (_, 2) => self.list(|w| Some(vec![w.ring()?]))?,
            _ => self.list(|w| w.list(Self::ring))?,
        };
        let parts = if kind == GeomKind::Point && parts[0][0].len() != 1 {
            return None;
        } else {
            parts
        };
        self.at_end().then_some(Shape {
            kind,
            parts,
            srid: None,
            hidden: Vec::new(),
        })
    }

    /// `MULTIPOINT ((1 2), (3 4))` or `MULTIPOINT (1 2, 3 4)`.
    fn multipoint(&mut self) -> Option<Vec<Vec<Vec<[f64; 2]>>>> {
        let nested = self
            .rest
            .trim_start()
            .strip_prefix('(')?
            .trim_start()
            .starts_with('(');
        let points = if nested {
            self.list(Self::ring)?
        } else {
            self.ring()?.into_iter().map(|p| vec![p]).collect()
        };
        points
            .iter()
            .all(|p| p.len() == 1)
            .then(|| points.into_iter().map(|p| vec![p]).collect())
    }

    /// `( item, item, … )`.
    fn list<T>(&mut self, item: impl Fn(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        self.symbol('(')?;
        let mut items = vec![item(self)?];
        while self.symbol(',').is_some() {
            items.push(item(self)?);
        }
        self.symbol(')')?;
        Some(items)
    }

    /// `( x y, x y, … )`.
    fn ring(&mut self) -> Option<Vec<[f64; 2]>> {
        self.list(Self::position)
    }

    /// `x y` with up to two more ordinates.
    fn position(&mut self) -> Option<[f64; 2]> {
        let (x, y) = (self.number()?, self.number()?);
        for _ in 0..2 {
            if self.peek_number() {
                self.number()?;
            }
        }
        Some([x, y])
    }

    fn symbol(&mut self, c: char) -> Option<()> {
        self.rest = self.rest.trim_start().strip_prefix(c)?;
        Some(())
    }

    fn token_end(text: &str) -> usize {
        text.find(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | ','))
            .unwrap_or(text.len())
    }

    fn peek_word(&self) -> Option<&'a str> {
        let text = self.rest.trim_start();
        let word = &text[..Self::token_end(text)];
        word.starts_with(|c: char| c.is_ascii_alphabetic())
            .then_some(word)
    }

    fn word(&mut self) -> Option<&'a str> {
        let word = self.peek_word()?;
        self.rest = &self.rest.trim_start()[word.len()..];
        Some(word)
    }

    fn peek_number(&self) -> bool {
        let text = self.rest.trim_start();
        text[..Self::token_end(text)].parse::<f64>().is_ok()
    }

    fn number(&mut self) -> Option<f64> {
        let text = self.rest.trim_start();
        let end = Self::token_end(text);
        let value: f64 = text[..end].parse().ok()?;
        self.rest = &text[end..];
        value.is_finite().then_some(value)
    }

    fn at_end(&self) -> bool {
        self.rest.trim().is_empty()
    }
}

mod arcs;
mod wkb;

#[cfg(test)]
mod tests;
