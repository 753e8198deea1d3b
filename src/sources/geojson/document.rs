//! The top of a GeoJSON document and its features: a FeatureCollection, a single Feature, a bare
//! geometry or an Opendatasoft v1 array of records, each feature ending one row.

use std::fmt;

use serde::de::{
    DeserializeSeed, Deserializer, Error as _, IgnoredAny, MapAccess, SeqAccess, Visitor,
};

use super::geometry::{GeometrySeed, kind_of, push_buffered_geometry};
use super::properties::PropertiesSeed;
use crate::data::DatasetBuilder;
use crate::jobs::Progress;

/// What reading a document collects.
pub(super) struct State<'p> {
    /// Items read are counted there; cancelling stops the read.
    pub(super) progress: &'p Progress,
    pub(super) builder: DatasetBuilder,
    /// The CRS named by the old `crs` member.
    pub(super) crs: Option<String>,
    /// Something GeoJSON was found (features, a geometry).
    pub(super) saw_geojson: bool,
}

/// The top-level object: a FeatureCollection, a single Feature, or a bare geometry (a
/// GeometryCollection included), the last two read as one feature.
pub(super) struct DocumentSeed<'a, 'p>(pub(super) &'a mut State<'p>);

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

/// What a top-level Feature (or bare geometry) has given so far.
#[derive(Default)]
struct FeatureState {
    geometry_done: bool,
}

/// The name in an old-style `crs` member, normalised.
fn crs_name(value: &serde_json::Value) -> Option<String> {
    let name = value.get("properties")?.get("name")?.as_str()?;
    Some(crate::sources::crs::normalize(name))
}

/// An array of features, counted into the progress as they are read.
pub(super) struct FeaturesSeed<'a>(pub(super) &'a mut DatasetBuilder, pub(super) &'a Progress);

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

/// One feature: its geometry and properties, then the end of its row.
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
