//! GeoJSON geometries streamed into the geometry column: coordinates are pushed as they are
//! parsed, without building a tree, except when `type` comes after them.

use std::fmt;

use serde::de::{
    DeserializeSeed, Deserializer, Error as _, IgnoredAny, MapAccess, SeqAccess, Visitor,
};

use super::strip_position;
use crate::data::{DatasetBuilder, GeomKind};

/// The kind named by a GeoJSON `type` (`None` for a collection or an unknown type).
pub(super) fn kind_of(name: &str) -> Option<GeomKind> {
    Some(match name {
        "Point" => GeomKind::Point,
        "LineString" => GeomKind::LineString,
        "Polygon" => GeomKind::Polygon,
        "MultiPoint" => GeomKind::MultiPoint,
        "MultiLineString" => GeomKind::MultiLineString,
        "MultiPolygon" => GeomKind::MultiPolygon,
        _ => return None,
    })
}

/// A geometry object or `null`; pushes exactly one feature geometry.
pub(super) struct GeometrySeed<'a>(pub(super) &'a mut DatasetBuilder);

impl<'de> DeserializeSeed<'de> for GeometrySeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for GeometrySeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a GeoJSON geometry or null")
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<(), E> {
        self.0.geometry.push_empty();
        Ok(())
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        self.visit_none()
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let builder = self.0;
        let mut kind: Option<GeomKind> = None;
        let mut pushed = false;
        let mut buffered: Option<(String, serde_json::Value)> = None;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match (key.as_ref(), kind) {
                ("type", _) => {
                    let name: std::borrow::Cow<'de, str> = map.next_value()?;
                    kind = kind_of(&name);
                }
                ("coordinates", Some(k)) if !pushed => {
                    pushed = true;
                    map.next_value_seed(CoordinatesSeed(&mut *builder, k))?;
                }
                ("coordinates" | "geometries", _) if !pushed && buffered.is_none() => {
                    // Type not known yet (or a collection): keep this one geometry until the end.
                    buffered = Some((key.into_owned(), map.next_value::<serde_json::Value>()?));
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        match buffered {
            Some((key, value)) if !pushed => {
                push_buffered_geometry(builder, kind, &key, &value).map_err(A::Error::custom)?;
            }
            _ if !pushed => builder.geometry.push_empty(),
            _ => {}
        }
        Ok(())
    }
}

/// `(depth of the coordinates array, level whose elements start parts, level whose elements start rings)`;
/// a level above the depth means "once, before the whole array".
fn layout(kind: GeomKind) -> (u8, u8, u8) {
    match kind {
        GeomKind::Point => (1, 2, 2),
        GeomKind::MultiPoint => (2, 2, 2),
        GeomKind::LineString => (2, 3, 3),
        GeomKind::MultiLineString => (3, 3, 3),
        GeomKind::Polygon => (3, 4, 3),
        GeomKind::MultiPolygon | GeomKind::Empty => (4, 4, 3),
    }
}

/// Walks nested coordinate arrays, pushing parts, rings and positions as it goes.
struct NestSeed<'a> {
    builder: &'a mut DatasetBuilder,
    level: u8,
    part_at: u8,
    ring_at: u8,
}

impl<'de> DeserializeSeed<'de> for NestSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for NestSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a coordinate array of depth {}", self.level)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        if self.level == 1 {
            let x: Option<f64> = seq.next_element()?;
            let y: Option<f64> = seq.next_element()?;
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            let xy = match (x, y) {
                (Some(x), Some(y)) => [x, y],
                _ => [f64::NAN, f64::NAN],
            };
            self.builder.geometry.push_coord(xy);
            return Ok(());
        }
        let builder = self.builder;
        loop {
            // Parts and rings start only when an element is really there.
            let seed = StartingSeed {
                inner: NestSeed {
                    builder: &mut *builder,
                    level: self.level - 1,
                    part_at: self.part_at,
                    ring_at: self.ring_at,
                },
                part: self.level == self.part_at,
                ring: self.level == self.ring_at,
            };
            if seq.next_element_seed(seed)?.is_none() {
                break;
            }
        }
        Ok(())
    }
}

/// Starts a part and/or ring right before its element is parsed.
struct StartingSeed<'a> {
    inner: NestSeed<'a>,
    part: bool,
    ring: bool,
}

impl<'de> DeserializeSeed<'de> for StartingSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        if self.part {
            self.inner.builder.geometry.start_part();
        }
        if self.ring {
            self.inner.builder.geometry.start_ring();
        }
        self.inner.deserialize(d)
    }
}

/// The `coordinates` of a geometry of a known kind: pushes one feature geometry, empty when
/// the arrays hold no position.
struct CoordinatesSeed<'a>(&'a mut DatasetBuilder, GeomKind);

impl<'de> DeserializeSeed<'de> for CoordinatesSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        let Self(builder, kind) = self;
        let before = builder.geometry.coords_mut().len();
        builder.geometry.start_feature(kind);
        let (depth, part_at, ring_at) = layout(kind);
        if part_at > depth {
            builder.geometry.start_part();
        }
        if ring_at > depth {
            builder.geometry.start_ring();
        }
        NestSeed {
            builder: &mut *builder,
            level: depth,
            part_at,
            ring_at,
        }
        .deserialize(d)?;
        if builder.geometry.coords_mut().len() == before {
            builder.geometry.set_last_kind(GeomKind::Empty);
        }
        Ok(())
    }
}

/// Pushes a geometry that was buffered as a JSON value: coordinates whose `type` came after
/// them, or the `geometries` of a GeometryCollection.
pub(super) fn push_buffered_geometry(
    builder: &mut DatasetBuilder,
    kind: Option<GeomKind>,
    key: &str,
    value: &serde_json::Value,
) -> Result<(), String> {
    if key == "geometries" {
        return super::collection::push_collection(builder, value);
    }
    let Some(kind) = kind else {
        super::collection::push_unsupported(builder);
        return Ok(());
    };
    CoordinatesSeed(builder, kind)
        .deserialize(value)
        .map_err(|e| strip_position(&e.to_string()))
}
