//! The zone statistics panel's state and what it does: figures per zone computed in the
//! background whenever a layer or a filter changes, classes and colours for the choropleth
//! (statistical secrecy applied), the export of the table, the filter "beyond the distance".

mod action;
mod database;
pub mod edit;
mod job;

pub use action::ZonesAction;

pub mod figures_ui;
mod secrecy;
pub mod ui;

use std::path::PathBuf;
use std::sync::Arc;

use egui::Color32;

use crate::analysis::classes::{self, ClassSummary, Method, Palette};
use crate::analysis::secrecy::{Secrecy, Shown, shown};
use crate::analysis::zones::ZoneTable;
use crate::app::filter::FilterSpec;
use crate::app::filter::place::Place;
use crate::app::{JobOutput, Layer, LayerId, TerritoireApp};
use crate::data::{Bitmap, Dataset, DatasetId};
use crate::jobs::JobId;

/// What colours the zones: one of the figures of a zone.
pub use crate::analysis::measures::Measure;
/// How class bounds are chosen.
pub use crate::project::MethodChoice;

/// The inputs of a computation; a change starts a new one.
#[derive(Clone, Debug, Default, PartialEq)]
struct Inputs {
    zones: Option<(LayerId, DatasetId)>,
    indicator: Option<(LayerId, DatasetId, MaskRef)>,
    near: Option<(LayerId, DatasetId, MaskRef, u64)>,
    addresses: Option<(LayerId, DatasetId, MaskRef)>,
    field: Option<String>,
    others: Vec<(LayerId, DatasetId, MaskRef)>,
    database: Option<String>,
}

/// A filter's mask among the [`Inputs`], the same only when it is the very same mask. Holding
/// it keeps its allocation alive, so a newer mask can never take its place unnoticed.
#[derive(Clone, Debug, Default)]
struct MaskRef(Option<Arc<Bitmap>>);

impl PartialEq for MaskRef {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        }
    }
}

/// The counts per zone of one more indicator layer.
#[derive(Clone, Debug, PartialEq)]
pub struct OtherCounts {
    /// The layer.
    pub layer: LayerId,
    /// Its name, as a column title.
    pub name: String,
    /// Features per zone, in the zone layer's order.
    pub counts: Vec<usize>,
    /// Statistical secrecy, when the layer holds personal data.
    pub secrecy: Option<Secrecy>,
}

/// The zone statistics panel.
#[derive(Debug, Default)]
pub struct ZoneStatsPanel {
    /// Shown.
    pub open: bool,
    /// The zone layer.
    pub zones: Option<LayerId>,
    /// The layer counted.
    pub indicator: Option<LayerId>,
    /// The layer whose nearness is measured, if any.
    pub near: Option<LayerId>,
    /// The distance, as typed, in metres.
    pub near_metres: String,
    /// What colours the zones.
    pub measure: Measure,
    /// How class bounds are chosen.
    pub method: MethodChoice,
    /// Inner bounds typed for manual classes ("10; 20; 50").
    pub manual: String,
    /// Number of classes (3–9).
    pub classes: usize,
    /// Colours.
    pub palette: Palette,
    /// Sort of the ranking table: by value (true) or by name; descending when true.
    pub sort_by_value: bool,
    /// The numeric field of the counted layer summed and averaged, if any.
    pub field: Option<String>,
    /// Other layers counted per zone beside the main one (their own filters applied).
    pub others: Vec<LayerId>,
    /// Their counts per zone, from the last computation.
    pub other_counts: Arc<Vec<OtherCounts>>,
    /// Their counts as they may be shown, one column per layer (secrecy applied).
    others_shown: Vec<Vec<Shown>>,
    /// The last export of the table: file and number of zones, or why it failed.
    pub notice: Option<Result<(PathBuf, usize), crate::sources::export_file::ExportError>>,
    /// The last figures.
    pub table: Option<Arc<ZoneTable>>,
    /// They were computed in the counted layer's database, over its whole table.
    pub in_database: bool,
    /// Class bounds of the measure.
    pub breaks: Vec<f64>,
    /// Class bounds and zone counts, for the legend.
    pub legend: Vec<ClassSummary>,
    /// Fill colour per feature of the zone layer.
    pub fills: Vec<Color32>,
    inputs: Inputs,
    job: Option<JobId>,
}

impl ZoneStatsPanel {
    /// The choropleth colours of a layer, when it is the zone layer. The choropleth is a style of
    /// the layer: it stays on the map while the window is closed, until it is removed.
    pub fn fills_for(&self, id: LayerId) -> Option<&[Color32]> {
        (self.zones == Some(id) && !self.fills.is_empty()).then_some(self.fills.as_slice())
    }

    /// True while figures are being computed.
    pub fn is_computing(&self) -> bool {
        self.job.is_some()
    }
}

/// How many features the worst-served list shows.
pub const WORST_SERVED: usize = 5;

/// A layer as a computation reads it: its id, its data and its filter's mask.
pub(super) type LayerInput = (LayerId, Arc<Dataset>, Option<Arc<Bitmap>>);

/// One more layer counted per zone, with its name and its secrecy rule.
pub(super) type OtherInput = (LayerInput, String, Option<Secrecy>);

/// A layer's identity among the [`Inputs`]: new data or a new mask is a new input.
fn identity((id, ds, m): &LayerInput) -> (LayerId, DatasetId, MaskRef) {
    (*id, ds.id(), MaskRef(m.clone()))
}

impl TerritoireApp {
    /// Shows or hides the panel; the first time, picks a zone layer and a layer to count.
    pub(crate) fn toggle_zone_stats(&mut self) {
        let panel = &mut self.zone_stats;
        panel.open = !panel.open;
        if panel.classes == 0 {
            panel.classes = 5;
            panel.near_metres = "300".into();
            panel.sort_by_value = true;
        }
        if panel.zones.is_none() {
            panel.zones = crate::app::filter::place::zone_layers(&self.layers, LayerId(0))
                .first()
                .map(|l| l.id);
        }
        if panel.indicator.is_none() {
            // Addresses when loaded (what agents count most), else the top layer.
            let candidates = || {
                self.layers
                    .iter()
                    .rev()
                    .filter(|l| Some(l.id) != panel.zones && l.dataset.is_some())
            };
            panel.indicator = candidates()
                .find(|l| l.preset().is_some_and(|p| p.id == "adresses"))
                .or_else(|| candidates().next())
                .map(|l| l.id);
        }
    }

    /// The address layer used for the rate per 1 000 addresses: the top loaded layer that the
    /// address preset serves (one that follows the map holds only the view's first rows).
    pub(crate) fn address_layer(&self) -> Option<&Layer> {
        self.layers
            .iter()
            .rev()
            .filter(|l| l.dataset.is_some() && !l.follows_map())
            .find(|l| l.preset().is_some_and(|p| p.id == "adresses"))
    }

    /// The secrecy rule for the counted layer: `Some` when it holds personal data.
    pub fn zone_secrecy(&self) -> Option<Secrecy> {
        self.zone_stats
            .indicator
            .and_then(|id| self.layer(id))
            .filter(|l| l.personal)
            .map(|_| Secrecy {
                threshold: self.settings.secrecy_threshold,
            })
    }

    /// A loaded layer as a computation reads it.
    fn zone_layer_input(&self, id: Option<LayerId>) -> Option<LayerInput> {
        let l = self.layers.iter().find(|l| Some(l.id) == id)?;
        Some((
            l.id,
            l.dataset.clone()?,
            l.filter.as_ref().map(|f| f.mask.clone()),
        ))
    }

    /// The other layers counted, each with its name and secrecy; the zone layer (what is
    /// counted in) and the counted layer (the main column) are left out.
    fn zone_other_inputs(&self) -> Vec<OtherInput> {
        let panel = &self.zone_stats;
        let threshold = self.settings.secrecy_threshold;
        panel
            .others
            .iter()
            .filter(|id| Some(**id) != panel.zones && Some(**id) != panel.indicator)
            .filter_map(|id| {
                let l = self.layers.iter().find(|l| l.id == *id)?;
                let secrecy = l.personal.then_some(Secrecy { threshold });
                Some((self.zone_layer_input(Some(*id))?, l.name.clone(), secrecy))
            })
            .collect()
    }

    /// Starts a computation when an input changed (a layer, its data, its filter), every frame,
    /// while there is a zone layer (the window open or not: the choropleth stays up to date).
    pub(crate) fn zone_stats_step(&mut self) {
        if self.zone_stats.zones.is_none() {
            return;
        }
        let panel = &self.zone_stats;
        let zones = self.zone_layer_input(panel.zones);
        let indicator = self.zone_layer_input(panel.indicator);
        let metres = crate::app::filter::place::parse_metres(&panel.near_metres);
        let near = self.zone_layer_input(panel.near).zip(metres);
        let addresses = self.zone_layer_input(self.address_layer().map(|l| l.id));
        let field = panel.field.clone().filter(|name| {
            indicator.as_ref().is_some_and(|(_, ds, _)| {
                ds.column(name)
                    .is_some_and(crate::analysis::zone_sums::is_numeric)
            })
        });
        let others = self.zone_other_inputs();
        let local_only = near.is_some() || addresses.is_some();
        let database = self.zone_database(panel.indicator, local_only, field.clone());
        let inputs = Inputs {
            zones: zones.as_ref().map(|(id, ds, _)| (*id, ds.id())),
            // Figures from the database do not change with the rows in view.
            indicator: indicator
                .as_ref()
                .filter(|_| database.is_none())
                .map(identity),
            // The figures are asked for once the counted layer has its first rows.
            database: database
                .as_ref()
                .filter(|_| indicator.is_some())
                .map(database::InDatabase::key),
            near: near
                .as_ref()
                .map(|((id, ds, m), d)| (*id, ds.id(), MaskRef(m.clone()), d.to_bits())),
            addresses: addresses.as_ref().map(identity),
            field: field.clone(),
            others: others.iter().map(|(l, ..)| identity(l)).collect(),
        };
        if inputs == self.zone_stats.inputs {
            return;
        }
        self.zone_stats.inputs = inputs;
        let (Some((_, zones, _)), Some((_, target, mask))) = (zones, indicator) else {
            self.zone_stats.table = None;
            self.zone_stats.job = None;
            self.classify_zones();
            return;
        };
        let job = job::ZoneJob {
            zones,
            target,
            mask,
            near,
            field,
            addresses,
            others,
            database,
        };
        self.zone_stats.job = Some(self.jobs.spawn(move |_| job.run()));
    }

    /// Figures arrived; an older computation's are dropped.
    pub(crate) fn zone_stats_arrived(
        &mut self,
        job: JobId,
        table: Arc<ZoneTable>,
        others: Arc<Vec<OtherCounts>>,
        in_database: bool,
    ) {
        if self.zone_stats.job != Some(job) {
            return;
        }
        self.zone_stats.job = None;
        self.zone_stats.in_database = in_database;
        self.zone_stats.table = Some(table);
        self.zone_stats.other_counts = others;
        self.classify_zones();
    }

    /// Secrecy applied to the figures (counts withheld so that no hidden count can be derived),
    /// then class bounds, legend and zone colours for the current measure, method and palette.
    pub(crate) fn classify_zones(&mut self) {
        self.protect_zone_figures();
        let secrecy = self.zone_secrecy();
        let panel = &mut self.zone_stats;
        panel.fills.clear();
        panel.legend.clear();
        panel.breaks.clear();
        let Some(table) = panel.table.clone() else {
            return;
        };
        // Hidden and missing values are left out of the classes: their zones stay grey.
        let values: Vec<f64> = table
            .zones
            .iter()
            .map(|z| match shown(panel.measure, z, secrecy) {
                Shown::Value(v) => v,
                _ => f64::NAN,
            })
            .collect();
        let method = match panel.method {
            MethodChoice::Quantiles => Method::Quantiles,
            MethodChoice::EqualIntervals => Method::EqualIntervals,
            MethodChoice::NaturalBreaks => Method::NaturalBreaks,
            MethodChoice::Manual => Method::Manual(
                // Bounds are separated by semicolons; each is read as the interface writes
                // numbers ("1 000,5" in French, "1,000.5" in English).
                panel
                    .manual
                    .split([';', '\n'])
                    .filter_map(crate::i18n::parse_number)
                    .collect(),
            ),
        };
        panel.breaks = classes::breaks(&values, &method, panel.classes);
        panel.legend = classes::summarize(&values, &panel.breaks);
        let colors = panel.palette.colors(panel.legend.len().max(1));
        let zone_count = self
            .layers
            .iter()
            .find(|l| Some(l.id) == panel.zones)
            .and_then(|l| l.dataset.as_ref())
            .map_or(0, |d| d.len());
        let mut fills = vec![Color32::from_gray(220); zone_count];
        for (z, value) in table.zones.iter().zip(&values) {
            if let (Some(class), Some(fill)) = (
                classes::class_of(*value, &panel.breaks),
                fills.get_mut(z.row),
            ) && let Some(c) = colors.get(class)
            {
                *fill = Color32::from_rgb(c[0], c[1], c[2]);
            }
        }
        panel.fills = fills;
    }

    /// Writes the zone table (secrecy applied) as CSV, asking where first when `path` is
    /// `None`, in the background.
    pub(crate) fn export_zone_table(&mut self, path: Option<PathBuf>) {
        let Some(table) = self.zone_stats.table.clone() else {
            return;
        };
        let secrecy = self.zone_secrecy();
        let name = self
            .zone_stats
            .indicator
            .and_then(|id| self.layer(id))
            .map_or_else(|| "zones".to_owned(), |l| format!("zones - {}", l.name));
        let default_name = format!("{name}.csv");
        let notes = crate::sources::zone_csv::CsvNotes {
            counted: self
                .zone_stats
                .indicator
                .and_then(|id| self.layer(id))
                .map(|l| l.name.clone())
                .unwrap_or_default(),
            filter: self
                .zone_stats
                .indicator
                .and_then(|id| self.filter_text(id)),
        };
        self.zone_stats.notice = None;
        let others = self.zone_stats.other_counts.clone();
        self.jobs.spawn(move |_| {
            let extra: Vec<crate::sources::zone_csv::ExtraCounts> = others
                .iter()
                .map(|o| crate::sources::zone_csv::ExtraCounts {
                    name: &o.name,
                    counts: &o.counts,
                    secrecy: o.secrecy,
                })
                .collect();
            let Some(path) =
                path.or_else(|| crate::sources::dialog::save_file(&default_name, "csv"))
            else {
                return JobOutput::ZonesExported(None);
            };
            let result =
                crate::sources::zone_csv::export_zone_table(&table, secrecy, &extra, &notes, &path)
                    .map(|()| (path.clone(), table.zones.len()))
                    .map_err(|e| crate::sources::export_file::ExportError::new(&path, &e));
            JobOutput::ZonesExported(Some(result))
        });
    }

    /// Filters `id` to its features farther than `metres` from `other`: the layer's filter
    /// keeps its conditions and gains "à plus de X m de" (replacing one on the same layer).
    pub(crate) fn filter_far_from(&mut self, id: LayerId, other: LayerId, metres: String) {
        let Some(other_name) = self.layer(other).map(|l| l.name.clone()) else {
            return;
        };
        let mut spec = self
            .layer(id)
            .and_then(|l| l.filter.as_ref())
            .map(|f| FilterSpec {
                name: f.name.clone(),
                expression: f.expression.clone(),
                places: f.places.clone(),
            })
            .unwrap_or_default();
        spec.places
            .retain(|p| !matches!(p, Place::Near { layer: Some(l), .. } if *l == other));
        spec.places.push(Place::Near {
            layer: Some(other),
            metres: metres.trim().to_owned(),
            beyond: true,
        });
        if spec.name.is_empty() {
            spec.name = crate::i18n::tr_args(
                "zones-far-filter-name",
                &[("metres", metres.trim()), ("layer", &other_name)],
            );
        }
        // An open filter window on the layer shows the new condition.
        if let Some(panel) = self.filter_panel.as_mut().filter(|p| p.layer == id) {
            panel.places = spec.places.clone();
            panel.name = spec.name.clone();
        }
        self.set_filter(id, spec);
    }
}
