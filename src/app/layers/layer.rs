//! A layer of the map: its source, its loading state, its dataset and its style.

use std::path::PathBuf;
use std::sync::Arc;

use crate::data::Dataset;
use crate::jobs::JobId;
use crate::map::LayerStyle;
use crate::sources::LoadOptions;
use crate::sources::portal::{ExportRequest, Freshness, PortalUrl};

/// Identifies a layer for its whole life, whatever its position in the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LayerId(pub u64);

/// Where a layer is in its life.
#[derive(Debug)]
pub enum LayerState {
    /// A job is reading it.
    Loading {
        /// The job.
        job: JobId,
    },
    /// Loaded.
    Ready,
    /// The load failed; a previous dataset, if any, is kept.
    Failed(super::LayerError),
}

/// Where a layer's data comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum LayerSource {
    /// A file, read with these options.
    File {
        /// The file.
        path: PathBuf,
        /// How it is read (CRS choice).
        options: LoadOptions,
    },
    /// A dataset of an open-data portal.
    Portal {
        /// The portal.
        portal: PortalUrl,
        /// What is downloaded (fields, extent, filter).
        request: ExportRequest,
    },
    /// A table of an internal server (PostGIS), through a saved connection.
    Internal(crate::sources::internal::InternalLayer),
}

impl LayerSource {
    /// The CRS chosen by the user for a file, if any.
    pub fn crs(&self) -> Option<String> {
        match self {
            Self::File { options, .. } => options.crs.clone(),
            Self::Portal { .. } | Self::Internal(_) => None,
        }
    }

    /// How the source is named in logs and tooltips.
    pub fn describe(&self) -> String {
        match self {
            Self::File { path, .. } => path.display().to_string(),
            Self::Portal { portal, request } => format!("{portal} · {}", request.dataset),
            Self::Internal(layer) => format!("{} · {}", layer.connection, layer.table),
        }
    }
}

/// Where a portal layer's data came from, shown on the layer.
#[derive(Clone, Debug, PartialEq)]
pub struct Provenance {
    /// The portal's host.
    pub portal: String,
    /// The dataset id.
    pub dataset: String,
    /// The dataset's licence.
    pub licence: String,
    /// The dataset's last modification, as the portal says it.
    pub modified: Option<String>,
    /// Bytes downloaded for this layer during this session.
    pub bytes_this_session: u64,
    /// Downloaded, revalidated, or the cached copy when offline.
    pub freshness: Freshness,
    /// When the copy in use was downloaded (UTC seconds).
    pub copy_date: i64,
    /// Bytes the dataset takes in the disk cache.
    pub cache_bytes: u64,
}

/// The copy of a portal layer's data that a newer download replaced, kept for comparison.
#[derive(Clone, Debug)]
pub struct PreviousCopy {
    /// The data.
    pub dataset: Arc<Dataset>,
    /// When that copy was downloaded (UTC seconds).
    pub copy_date: i64,
}

pub use crate::project::FilterMode;

/// A filter in force on a layer: its text and the mask it gives (the data is never copied).
#[derive(Clone, Debug)]
pub struct LayerFilter {
    /// The name the user gave it (empty until named).
    pub name: String,
    /// The filter's conditions on fields, in the filter language.
    pub expression: String,
    /// Its conditions of place.
    pub places: Vec<crate::app::filter::place::Place>,
    /// The rows kept.
    pub mask: Arc<crate::data::Bitmap>,
    /// How many rows are kept.
    pub count: usize,
}

/// One layer of the map.
#[derive(Debug)]
pub struct Layer {
    /// Stable identifier.
    pub id: LayerId,
    /// Name shown in the layer panel.
    pub name: String,
    /// Where its data comes from.
    pub source: LayerSource,
    /// For portal layers: where the data in use came from.
    pub provenance: Option<Provenance>,
    /// Loading, ready or failed.
    pub state: LayerState,
    /// The data, once loaded (kept through a reload or a failure).
    pub dataset: Option<Arc<Dataset>>,
    /// Shown on the map.
    pub visible: bool,
    /// Colour, opacity, point size.
    pub style: LayerStyle,
    /// The field whose values label the polygons on the map and the printed map.
    pub label: Option<String>,
    /// The filter in force, if any.
    pub filter: Option<LayerFilter>,
    /// Hide or grey out what the filter leaves out.
    pub filter_mode: FilterMode,
    /// The job computing the newest mask, when the layer is too large to filter at once.
    pub filter_job: Option<JobId>,
    /// Holds personal data: counts of its features under the secrecy threshold are hidden.
    pub personal: bool,
    /// For portal layers: the data a newer download replaced during this session.
    pub previous: Option<PreviousCopy>,
}

impl Layer {
    /// A new layer, shown, without data, filter or provenance yet.
    pub fn new(
        id: LayerId,
        name: String,
        style: LayerStyle,
        source: LayerSource,
        state: LayerState,
    ) -> Self {
        Self {
            id,
            name,
            style,
            label: None,
            source,
            provenance: None,
            state,
            dataset: None,
            visible: true,
            filter: None,
            filter_mode: FilterMode::default(),
            filter_job: None,
            personal: false,
            previous: None,
        }
    }

    /// The portal dataset id of a portal layer.
    pub fn dataset_id(&self) -> Option<&str> {
        match &self.source {
            LayerSource::Portal { request, .. } => Some(&request.dataset),
            LayerSource::File { .. } | LayerSource::Internal(_) => None,
        }
    }

    /// Keeps the data in use as the previous copy when `incoming` is a new download replacing
    /// it; a revalidated or offline copy is the same data, so the previous copy stays.
    pub fn keep_previous_copy(&mut self, incoming: &Provenance) {
        if incoming.freshness != crate::sources::portal::Freshness::Downloaded {
            return;
        }
        if let (Some(dataset), Some(provenance)) = (&self.dataset, &self.provenance) {
            self.previous = Some(PreviousCopy {
                dataset: Arc::clone(dataset),
                copy_date: provenance.copy_date,
            });
        }
    }

    /// Whether it is a table shown by extent, whose rows are those of the view.
    pub fn follows_map(&self) -> bool {
        matches!(&self.source, LayerSource::Internal(l) if l.follows_map)
    }

    /// The filter preset that serves this layer, if any.
    pub fn preset(&self) -> Option<&'static crate::filter::preset::Preset> {
        let ds = self.dataset.as_ref()?;
        let fields: Vec<&str> = ds.columns.iter().map(|c| c.name.as_str()).collect();
        crate::filter::preset::find(self.dataset_id(), &fields)
    }
}

/// Colours given to new layers in turn (colour-blind-safe: Okabe–Ito).
const PALETTE: [[u8; 3]; 7] = [
    [0x00, 0x72, 0xb2],
    [0xd5, 0x5e, 0x00],
    [0x00, 0x9e, 0x73],
    [0xcc, 0x79, 0xa7],
    [0xe6, 0x9f, 0x00],
    [0x56, 0xb4, 0xe9],
    [0x8e, 0x44, 0xad],
];

/// A style for a new layer: known demo names get their usual look, others a palette colour.
pub fn default_style(stem: &str, index: usize) -> LayerStyle {
    let rgb = |c: [u8; 3]| egui::Color32::from_rgb(c[0], c[1], c[2]);
    let (color, radius) = match stem {
        "quartiers" => (rgb([0x6a, 0x3d, 0x9a]), 3.0),
        "espaces-verts" => (rgb([0x1b, 0x9e, 0x4b]), 3.0),
        "adresses" => (rgb([0x00, 0x72, 0xb2]), 2.0),
        "patrimoine" => (rgb([0xc0, 0x39, 0x2b]), 5.0),
        _ => (rgb(PALETTE[index % PALETTE.len()]), 3.5),
    };
    LayerStyle {
        color,
        opacity: 1.0,
        point_radius_px: radius,
    }
}

/// A readable layer name from a file name: `espaces-verts.geojson` → `Espaces verts`.
pub fn display_name(path: &std::path::Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let spaced = stem.replace(['-', '_'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => stem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_file_names() {
        assert_eq!(
            display_name(std::path::Path::new("/d/espaces-verts.geojson")),
            "Espaces verts"
        );
        assert_eq!(display_name(std::path::Path::new("stops.txt")), "Stops");
    }
}
