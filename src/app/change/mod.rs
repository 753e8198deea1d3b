//! The change view's state and what it does: the two versions and the key chosen, the
//! comparison run in the background whenever one of them changes, and the colour-coded
//! categories drawn on the map.

mod action;
mod ui;

pub use action::ChangeAction;

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use egui::Color32;

use crate::analysis::diff::{Change, Diff, DiffError, Match, default_key, diff};
use crate::app::{JobOutput, LayerId, TerritoireApp};
use crate::data::{Bitmap, Dataset, DatasetId};
use crate::i18n::tr_args;
use crate::jobs::JobId;
use crate::map::{LayerDraw, LayerStyle};

/// Added features: Okabe–Ito bluish green, told apart from the others by colour-blind readers.
pub const ADDED_COLOR: Color32 = Color32::from_rgb(0x00, 0x9e, 0x73);
/// Removed features: Okabe–Ito vermillion.
pub const REMOVED_COLOR: Color32 = Color32::from_rgb(0xd5, 0x5e, 0x00);
/// Modified features: Okabe–Ito orange.
pub const MODIFIED_COLOR: Color32 = Color32::from_rgb(0xe6, 0x9f, 0x00);

/// One of the versions that can be compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Version {
    /// A loaded layer's current data.
    Layer(LayerId),
    /// The copy a newer portal download replaced on this layer.
    Previous(LayerId),
}

/// A kind of change, as coloured and ticked in the view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    /// In the new version only.
    Added,
    /// In the old version only.
    Removed,
    /// In both, with different fields or geometry.
    Modified,
}

impl Category {
    /// Every category, in the order of the counts.
    pub const ALL: [Category; 3] = [Self::Added, Self::Removed, Self::Modified];

    /// Its colour on the map and in the view.
    pub fn color(self) -> Color32 {
        match self {
            Self::Added => ADDED_COLOR,
            Self::Removed => REMOVED_COLOR,
            Self::Modified => MODIFIED_COLOR,
        }
    }

    /// The category of a change.
    pub fn of(change: Change<'_>) -> Self {
        match change {
            Change::Added(_) => Self::Added,
            Change::Removed(_) => Self::Removed,
            Change::Modified(_) => Self::Modified,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Why the change view shows no comparison; the words are made when shown.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ChangeError {
    /// The two versions cannot be compared this way (a missing key, …).
    #[error("{0}")]
    Diff(#[from] DiffError),
    /// The comparison stopped on a fault of its own; the detail is in the log.
    #[error("{}", crate::i18n::tr("err-internal"))]
    Internal,
}

/// What a background job of the change view hands back.
#[derive(Debug)]
pub enum ChangeOutput {
    /// A comparison, or why it could not be made.
    Compared(Result<Arc<ChangeResult>, ChangeError>),
    /// An export: file and number of changes, or why not (`None`: cancelled).
    Exported(Option<Result<(PathBuf, usize), crate::sources::export_file::ExportError>>),
}

/// A finished comparison, with the data it was made on and the masks that draw it.
#[derive(Debug)]
pub struct ChangeResult {
    /// The old version's data.
    pub old: Arc<Dataset>,
    /// The new version's data.
    pub new: Arc<Dataset>,
    /// What changed.
    pub diff: Diff,
    /// Removed rows of the old version.
    pub removed_mask: Bitmap,
    /// Added rows of the new version.
    pub added_mask: Bitmap,
    /// Modified rows of the new version.
    pub modified_mask: Bitmap,
    /// Fill of each feature of the old version: polygons are filled boldly in their
    /// category's colour, so they stand out above the layers' own fills.
    pub old_fills: Vec<Color32>,
    /// Fill of each feature of the new version.
    pub new_fills: Vec<Color32>,
}

impl ChangeResult {
    /// Compares `old` and `new` and builds the masks.
    pub fn compute(old: Arc<Dataset>, new: Arc<Dataset>, key: &Match) -> Result<Self, DiffError> {
        let diff = diff(&old, &new, key)?;
        let rows = |list: &[u32]| list.iter().map(|&r| r as usize).collect::<Vec<_>>();
        let mut old_fills = vec![Color32::TRANSPARENT; old.len()];
        let mut new_fills = vec![Color32::TRANSPARENT; new.len()];
        let paint = |fills: &mut Vec<Color32>, rows: &[u32], color: Color32| {
            for &r in rows {
                if let Some(fill) = fills.get_mut(r as usize) {
                    *fill = color;
                }
            }
        };
        paint(&mut old_fills, &diff.removed, REMOVED_COLOR);
        paint(&mut new_fills, &diff.added, ADDED_COLOR);
        let modified: Vec<u32> = diff.modified.iter().map(|m| m.new).collect();
        paint(&mut new_fills, &modified, MODIFIED_COLOR);
        Ok(Self {
            removed_mask: Diff::mask(old.len(), rows(&diff.removed).into_iter()),
            added_mask: Diff::mask(new.len(), rows(&diff.added).into_iter()),
            modified_mask: Diff::mask(new.len(), modified.iter().map(|&r| r as usize)),
            old_fills,
            new_fills,
            old,
            new,
            diff,
        })
    }

    /// The dataset and row a change is drawn with (the new version, except for removals).
    pub fn feature(&self, change: Change<'_>) -> (&Dataset, usize) {
        match change {
            Change::Added(row) => (&self.new, row as usize),
            Change::Removed(row) => (&self.old, row as usize),
            Change::Modified(m) => (&self.new, m.new as usize),
        }
    }
}

/// The change view.
#[derive(Debug)]
pub struct ChangePanel {
    /// Shown.
    pub open: bool,
    /// The old version.
    pub old: Option<Version>,
    /// The new version.
    pub new: Option<Version>,
    /// How features are paired; chosen when both versions are known.
    pub key: Option<Match>,
    /// Categories shown on the map and listed, in [`Category::ALL`] order.
    pub shown: [bool; 3],
    /// The change selected in the list (its index in [`Diff::change`]).
    pub selected: Option<usize>,
    /// The last comparison (kept while a new one runs).
    pub result: Option<Arc<ChangeResult>>,
    /// Why the last comparison could not be made.
    pub error: Option<ChangeError>,
    /// The last export's file and count, or why it failed.
    pub notice: Option<Result<(PathBuf, usize), crate::sources::export_file::ExportError>>,
    /// The next file opened as a layer becomes the new version (asked from the view).
    pub new_from_file: bool,
    inputs: Option<(DatasetId, DatasetId, Match)>,
    job: Option<JobId>,
}

impl Default for ChangePanel {
    fn default() -> Self {
        Self {
            open: false,
            old: None,
            new: None,
            key: None,
            shown: [true; 3],
            selected: None,
            result: None,
            error: None,
            notice: None,
            new_from_file: false,
            inputs: None,
            job: None,
        }
    }
}

impl ChangePanel {
    /// True while a comparison runs.
    pub fn is_computing(&self) -> bool {
        self.job.is_some()
    }

    /// True when `category` is ticked.
    pub fn is_shown(&self, category: Category) -> bool {
        self.shown[category.index()]
    }

    /// The changes listed (those of the ticked categories), as ranges of indices in
    /// [`Diff::change`]: added, then removed, then modified.
    pub fn listed(&self, d: &Diff) -> Vec<Range<usize>> {
        let (a, r) = (d.added.len(), d.removed.len());
        [
            (Category::Added, 0..a),
            (Category::Removed, a..a + r),
            (Category::Modified, a + r..a + r + d.modified.len()),
        ]
        .into_iter()
        .filter(|(c, range)| self.is_shown(*c) && !range.is_empty())
        .map(|(_, range)| range)
        .collect()
    }

    /// The categories to draw on the map, above the layers: removed (old version), modified,
    /// then added (new version), each with its mask; the selected change highlighted.
    pub fn draws(&self) -> Vec<LayerDraw<'_>> {
        let Some(r) = self.result.as_deref().filter(|_| self.open) else {
            return Vec::new();
        };
        let selected = self.selected.and_then(|i| r.diff.change(i));
        let mut draws = Vec::new();
        for (category, dataset, mask, fills) in [
            (Category::Removed, &r.old, &r.removed_mask, &r.old_fills),
            (Category::Modified, &r.new, &r.modified_mask, &r.new_fills),
            (Category::Added, &r.new, &r.added_mask, &r.new_fills),
        ] {
            if !self.is_shown(category) {
                continue;
            }
            let highlight = selected
                .filter(|c| Category::of(*c) == category)
                .map(|c| r.feature(c).1)
                .into_iter()
                .collect();
            draws.push(LayerDraw {
                dataset,
                style: LayerStyle {
                    color: category.color(),
                    opacity: 1.0,
                    point_radius_px: 4.5,
                },
                highlight,
                mask: Some(mask),
                grey_out: false,
                fills: Some(fills.as_slice()),
                label: None,
            });
        }
        draws
    }
}

impl TerritoireApp {
    /// The data of a version, when its layer is loaded.
    pub fn version_dataset(&self, version: Version) -> Option<Arc<Dataset>> {
        match version {
            Version::Layer(id) => self.layer(id)?.dataset.clone(),
            Version::Previous(id) => Some(self.layer(id)?.previous.as_ref()?.dataset.clone()),
        }
    }

    /// Every version that can be compared, with its name: each loaded layer, and the previous
    /// copy of portal layers ("Quartiers (copie du 28/11/2026)").
    pub fn versions(&self) -> Vec<(Version, String)> {
        let mut out = Vec::new();
        for l in self.layers.iter().filter(|l| l.dataset.is_some()) {
            out.push((Version::Layer(l.id), l.name.clone()));
            if let Some(p) = &l.previous {
                let date = crate::sources::portal::cache::format_day(p.copy_date);
                out.push((
                    Version::Previous(l.id),
                    tr_args("change-copy-of", &[("layer", &l.name), ("date", &date)]),
                ));
            }
        }
        out
    }

    /// Writes the listed changes to a CSV file in the background.
    fn export_changes(&mut self, path: Option<PathBuf>) {
        let Some(r) = self.change.result.clone() else {
            return;
        };
        let listed = self.change.listed(&r.diff);
        let default_name = format!("{}.csv", crate::i18n::tr("change-file-name"));
        self.jobs.spawn(move |_| {
            let Some(path) =
                path.or_else(|| crate::sources::dialog::save_file(&default_name, "csv"))
            else {
                return JobOutput::Change(ChangeOutput::Exported(None));
            };
            let rows = listed
                .into_iter()
                .flatten()
                .filter_map(|i| r.diff.change(i))
                .map(|change| r.diff.change_record(&r.old, &r.new, change));
            let result = crate::sources::table_csv::write_table_csv(
                &path,
                &crate::analysis::diff::CHANGE_CSV_HEADER,
                rows,
            )
            .map(|n| (path.clone(), n))
            .map_err(|e| crate::sources::export_file::ExportError::new(&path, &e));
            JobOutput::Change(ChangeOutput::Exported(Some(result)))
        });
    }

    /// The versions the view opens on: a portal layer's previous copy and its current data;
    /// else the layer and the one loaded after it (or before it); from the menu, a previous
    /// copy if any layer has one, else the two layers loaded last.
    fn default_versions(&self, layer: Option<LayerId>) -> (Option<Version>, Option<Version>) {
        let loaded: Vec<LayerId> = self
            .layers
            .iter()
            .filter(|l| l.dataset.is_some())
            .map(|l| l.id)
            .collect();
        let with_previous = self
            .layers
            .iter()
            .filter(|l| l.previous.is_some() && layer.is_none_or(|id| id == l.id))
            .map(|l| l.id)
            .next_back();
        if let Some(id) = with_previous {
            return (Some(Version::Previous(id)), Some(Version::Layer(id)));
        }
        let pair = match layer.and_then(|id| loaded.iter().position(|&l| l == id)) {
            Some(at) if at + 1 < loaded.len() => Some((loaded[at], loaded[at + 1])),
            Some(at) if at > 0 => Some((loaded[at - 1], loaded[at])),
            Some(at) => return (Some(Version::Layer(loaded[at])), None),
            None if loaded.len() >= 2 => Some((loaded[loaded.len() - 2], loaded[loaded.len() - 1])),
            None => None,
        };
        match pair {
            Some((a, b)) => (Some(Version::Layer(a)), Some(Version::Layer(b))),
            None => (loaded.first().map(|&id| Version::Layer(id)), None),
        }
    }

    fn zoom_to_change(&mut self, index: usize) {
        let Some(r) = self.change.result.clone() else {
            return;
        };
        let Some(change) = r.diff.change(index) else {
            return;
        };
        let (ds, row) = r.feature(change);
        if let Some(b) = ds.geometry.feature_bbox(row) {
            // A little room around a point or a small feature.
            let pad = 0.0015;
            self.map
                .fit([b[0] - pad, b[1] - pad, b[2] + pad, b[3] + pad]);
        }
    }

    /// Starts a comparison when a version's data or the key changed, every frame while open;
    /// a key that one version lacks falls back to the usual one.
    pub(crate) fn change_step(&mut self) {
        if !self.change.open {
            return;
        }
        let data = |v: Option<Version>| v.and_then(|v| self.version_dataset(v));
        let (Some(old), Some(new)) = (data(self.change.old), data(self.change.new)) else {
            let panel = &mut self.change;
            (panel.result, panel.inputs, panel.job, panel.error) = (None, None, None, None);
            return;
        };
        let panel = &mut self.change;
        let usable = match &panel.key {
            Some(Match::Key(field)) => old.column(field).is_some() && new.column(field).is_some(),
            Some(Match::Geometry) => true,
            None => false,
        };
        if !usable {
            panel.key = Some(default_key(&old, &new));
        }
        let key = panel.key.clone().unwrap_or(Match::Geometry);
        let inputs = (old.id(), new.id(), key.clone());
        if panel.inputs.as_ref() == Some(&inputs) {
            return;
        }
        panel.inputs = Some(inputs);
        panel.selected = None;
        panel.job = Some(self.jobs.spawn(move |_| {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                ChangeResult::compute(old, new, &key)
            }));
            JobOutput::Change(ChangeOutput::Compared(match result {
                Ok(result) => result.map(Arc::new).map_err(ChangeError::from),
                Err(_) => Err(ChangeError::Internal),
            }))
        }));
    }

    /// A comparison arrived (an older one's result is dropped), or an export finished.
    pub(crate) fn change_arrived(&mut self, job: JobId, output: ChangeOutput) {
        let panel = &mut self.change;
        let result = match output {
            ChangeOutput::Compared(result) => result,
            ChangeOutput::Exported(notice) => {
                if notice.is_some() {
                    panel.notice = notice;
                }
                return;
            }
        };
        if panel.job != Some(job) {
            return;
        }
        panel.job = None;
        match result {
            Ok(result) => {
                panel.result = Some(result);
                panel.error = None;
            }
            Err(message) => {
                log::warn!("comparison: {message}");
                panel.result = None;
                panel.error = Some(message);
            }
        }
    }
}

#[cfg(test)]
mod tests;
