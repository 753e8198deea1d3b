//! GeoJSON reader (RFC 7946 and the older `crs` member), streamed straight into columns.
//!
//! The document is walked with serde seeds, so no per-feature JSON tree is ever built.

use std::fmt;
use std::io::Read;
use std::path::Path;

use serde::de::{
    DeserializeSeed, Deserializer, Error as _, IgnoredAny, MapAccess, SeqAccess, Visitor,
};

use super::{RawSource, SourceError};
use crate::data::{DatasetBuilder, GeomKind, IssueKind};
use crate::jobs::Progress;

/// Files from this size up are read on every core (when they are a FeatureCollection).
const PARALLEL_FROM_BYTES: u64 = 8 << 20;

/// Reads a GeoJSON file (FeatureCollection, Feature or bare geometry).
pub fn read_geojson(path: &Path, progress: &Progress) -> Result<RawSource, SourceError> {
    let open = || std::fs::File::open(path).map_err(|e| SourceError::io(path, e));
    let file = open()?;
    let size = file.metadata().map(|m| m.len()).ok();
    if let Some(total) = size.filter(|&s| s >= PARALLEL_FROM_BYTES) {
        progress.set_total(total);
        if let Some(raw) = super::geojson_parallel::read(path, file, progress)? {
            return Ok(raw);
        }
        // Not a plain collection, or a fault: one stream reads it and tells where it is.
        return read_geojson_from(open()?, size, progress);
    }
    read_geojson_from(file, size, progress)
}

/// Parses `[feature, …]`, a run of whole features cut from a collection, into a builder of its own.
pub(super) fn parse_feature_run(
    json: &[u8],
    progress: &Progress,
) -> Result<DatasetBuilder, serde_json::Error> {
    let mut builder = DatasetBuilder::new(true);
    let mut de = serde_json::Deserializer::from_slice(json);
    FeaturesSeed(&mut builder, progress).deserialize(&mut de)?;
    de.end()?;
    Ok(builder)
}

/// Reads GeoJSON from any reader; `total_bytes` feeds the progress bar.
pub fn read_geojson_from<R: Read>(
    reader: R,
    total_bytes: Option<u64>,
    progress: &Progress,
) -> Result<RawSource, SourceError> {
    if let Some(total) = total_bytes {
        progress.set_total(total);
    }
    let counting = CountingReader {
        inner: reader,
        progress,
        pending: 0,
    };
    let mut de =
        serde_json::Deserializer::from_reader(std::io::BufReader::with_capacity(1 << 16, counting));
    let mut state = State {
        progress,
        builder: DatasetBuilder::new(true),
        crs: None,
        saw_geojson: false,
    };
    let result = DocumentSeed(&mut state)
        .deserialize(&mut de)
        .and_then(|()| de.end());
    if let Err(e) = result {
        if progress.is_cancelled() {
            return Err(SourceError::Cancelled);
        }
        return Err(SourceError::Json {
            line: e.line(),
            column: e.column(),
            message: strip_position(&e.to_string()),
        });
    }
    if !state.saw_geojson {
        return Err(SourceError::format("err-geojson-not", &[]));
    }
    Ok(RawSource {
        builder: state.builder,
        crs: state.crs,
    })
}

fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(pos) => message[..pos].to_owned(),
        None => message.to_owned(),
    }
}

/// Counts bytes for the progress bar and turns a cancel request into a read error.
struct CountingReader<'p, R> {
    inner: R,
    progress: &'p Progress,
    pending: u64,
}

impl<R: Read> Read for CountingReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.progress.is_cancelled() {
            return Err(std::io::Error::other("cancelled"));
        }
        let n = self.inner.read(buf)?;
        self.pending += n as u64;
        if self.pending >= 1 << 16 || n == 0 {
            self.progress.add_done(self.pending);
            self.pending = 0;
        }
        Ok(n)
    }
}

struct State<'p> {
    progress: &'p Progress,
    builder: DatasetBuilder,
    crs: Option<String>,
    saw_geojson: bool,
}

/// The top-level object: a FeatureCollection, a single Feature, or a bare geometry.
struct DocumentSeed<'a, 'p>(&'a mut State<'p>);

impl<'de> DeserializeSeed<'de> for DocumentSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for DocumentSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a GeoJSON object")
    }

    /// An Opendatasoft v1 export: an array of records `{"fields": {…}, "geometry": {…}}`.
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        let state = self.0;
        state.saw_geojson = true;
        FeaturesSeed(&mut state.builder, state.progress).visit_seq(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let state = self.0;
        let mut feature = FeatureState::default();
        let mut doc_type: Option<String> = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "type" => doc_type = Some(map.next_value()?),
                "features" => {
                    state.saw_geojson = true;
                    map.next_value_seed(FeaturesSeed(&mut state.builder, state.progress))?;
                }
                "crs" => {
                    let value: serde_json::Value = map.next_value()?;
                    state.crs = crs_name(&value);
                }
                // A single Feature or a bare geometry at the top level.
                "geometry" => {
                    feature.geometry_done = true;
                    map.next_value_seed(GeometrySeed(&mut state.builder))?;
                }
                "properties" => map.next_value_seed(PropertiesSeed(&mut state.builder))?,
                "coordinates" | "geometries" => {
                    let kind = doc_type.as_deref().and_then(kind_of);
                    feature.geometry_done = true;
                    let value: serde_json::Value = map.next_value()?;
                    push_buffered_geometry(&mut state.builder, kind, &key, &value)
                        .map_err(A::Error::custom)?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let is_collection = doc_type.as_deref() == Some("FeatureCollection") || state.saw_geojson;
        if !is_collection && (feature.geometry_done || doc_type.as_deref() == Some("Feature")) {
            if !feature.geometry_done {
                state.builder.geometry.push_empty();
            }
            state.builder.end_row();
            state.saw_geojson = true;
        }
        state.saw_geojson |= is_collection;
        Ok(())
    }
}

#[derive(Default)]
struct FeatureState {
    geometry_done: bool,
}

fn crs_name(value: &serde_json::Value) -> Option<String> {
    let name = value.get("properties")?.get("name")?.as_str()?;
    Some(super::crs::normalize(name))
}

fn kind_of(name: &str) -> Option<GeomKind> {
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

struct FeaturesSeed<'a>(&'a mut DatasetBuilder, &'a Progress);

impl<'de> DeserializeSeed<'de> for FeaturesSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for FeaturesSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of features")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut pending = 0;
        while seq.next_element_seed(FeatureSeed(&mut *self.0))?.is_some() {
            pending += 1;
            if pending == 4096 {
                self.1.add_items(pending);
                pending = 0;
            }
        }
        self.1.add_items(pending);
        Ok(())
    }
}

struct FeatureSeed<'a>(&'a mut DatasetBuilder);

impl<'de> DeserializeSeed<'de> for FeatureSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FeatureSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a GeoJSON feature")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let builder = self.0;
        let mut geometry_done = false;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match key.as_ref() {
                "geometry" if !geometry_done => {
                    geometry_done = true;
                    map.next_value_seed(GeometrySeed(&mut *builder))?;
                }
                // `fields`: the attributes of an Opendatasoft v1 record.
                "properties" | "fields" => map.next_value_seed(PropertiesSeed(&mut *builder))?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if !geometry_done {
            builder.geometry.push_empty();
        }
        builder.end_row();
        Ok(())
    }
}

/// A geometry object or `null`; pushes exactly one feature geometry.
struct GeometrySeed<'a>(&'a mut DatasetBuilder);

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
                    let before = builder.geometry.coords_mut().len();
                    builder.geometry.start_feature(k);
                    let (depth, part_at, ring_at) = layout(k);
                    if part_at > depth {
                        builder.geometry.start_part();
                    }
                    if ring_at > depth {
                        builder.geometry.start_ring();
                    }
                    map.next_value_seed(NestSeed {
                        builder: &mut *builder,
                        level: depth,
                        part_at,
                        ring_at,
                    })?;
                    if builder.geometry.coords_mut().len() == before {
                        builder.geometry.set_last_kind(GeomKind::Empty);
                    }
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

/// Pushes a geometry that was buffered as a JSON value (type after coordinates, or a collection).
fn push_buffered_geometry(
    builder: &mut DatasetBuilder,
    kind: Option<GeomKind>,
    key: &str,
    value: &serde_json::Value,
) -> Result<(), String> {
    let Some(kind) = kind.filter(|_| key == "coordinates") else {
        builder.geometry.push_empty();
        builder.add_issue(IssueKind::NullGeometry, || {
            crate::i18n::tr("issue-geometry-collection")
        });
        return Ok(());
    };
    let text = value.to_string();
    let mut de = serde_json::Deserializer::from_str(&text);
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
    .deserialize(&mut de)
    .map_err(|e| strip_position(&e.to_string()))?;
    if builder.geometry.coords_mut().len() == before {
        builder.geometry.set_last_kind(GeomKind::Empty);
    }
    Ok(())
}

/// The `properties` object (or null): each member goes to its column.
struct PropertiesSeed<'a>(&'a mut DatasetBuilder);

impl<'de> DeserializeSeed<'de> for PropertiesSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for PropertiesSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a properties object or null")
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let builder = self.0;
        let row = builder.rows();
        let mut position = 0;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            let index = builder.column_for_key(position, &key);
            position += 1;
            if builder.column(index).len() > row {
                // Duplicate key in one feature: the first value wins.
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            map.next_value_seed(CellSeed(&mut *builder, index))?;
        }
        Ok(())
    }
}

/// One property value, pushed into its column with its JSON type.
struct CellSeed<'a>(&'a mut DatasetBuilder, usize);

impl<'de> DeserializeSeed<'de> for CellSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for CellSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a property value")
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<(), E> {
        self.0.column(self.1).push_bool(v);
        Ok(())
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<(), E> {
        self.0.column(self.1).push_int(v);
        Ok(())
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<(), E> {
        match i64::try_from(v) {
            Ok(i) => self.0.column(self.1).push_int(i),
            Err(_) => self.0.column(self.1).push_float(v as f64),
        }
        Ok(())
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<(), E> {
        self.0.column(self.1).push_float(v);
        Ok(())
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<(), E> {
        self.0.column(self.1).push_text(v);
        Ok(())
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        self.0.column(self.1).push_null();
        Ok(())
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<(), E> {
        self.visit_unit()
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        let value: serde_json::Value =
            serde::Deserialize::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))?;
        self.0.column(self.1).push_text(&value.to_string());
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let value: serde_json::Value =
            serde::Deserialize::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
        self.0.column(self.1).push_text(&value.to_string());
        Ok(())
    }
}
