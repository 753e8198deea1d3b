//! The zone statistics panel's state and what it does: counts per zone computed in the
//! background whenever a layer or a filter changes, classes and colours for the choropleth.

use std::sync::Arc;

use egui::Color32;

use super::{JobOutput, LayerId, TerritoireApp};
use crate::analysis::classes::{self, ClassSummary, Method, Palette};
use crate::analysis::zones::{ZoneTable, zone_table};
use crate::data::{Bitmap, Dataset};
use crate::jobs::JobId;

/// What colours the zones.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Measure {
    /// Features counted in the zone.
    #[default]
    Count,
    /// Features per km².
    PerKm2,
    /// Share of all counted features.
    Share,
    /// Share of the zone's features near the other layer.
    NearShare,
}

impl Measure {
    /// Every measure, in menu order.
    pub const ALL: [Measure; 4] = [Self::Count, Self::PerKm2, Self::Share, Self::NearShare];

    /// The locale key of its name.
    pub fn label_key(self) -> &'static str {
        match self {
            Self::Count => "zones-measure-count",
            Self::PerKm2 => "zones-measure-density",
            Self::Share => "zones-measure-share",
            Self::NearShare => "zones-measure-near",
        }
    }

    /// The value of a zone.
    pub fn of(self, z: &crate::analysis::zones::ZoneStat) -> f64 {
        match self {
            Self::Count => z.count as f64,
            Self::PerKm2 => z.per_km2,
            Self::Share => z.share,
            Self::NearShare => z.near_share.unwrap_or(f64::NAN),
        }
    }
}

/// How class bounds are chosen, as offered in the panel.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MethodChoice {
    /// Same number of zones per class.
    #[default]
    Quantiles,
    /// Same width per class.
    EqualIntervals,
    /// Jenks natural breaks.
    NaturalBreaks,
    /// Bounds typed by the user.
    Manual,
}

impl MethodChoice {
    /// Every choice, in menu order.
    pub const ALL: [MethodChoice; 4] = [
        Self::Quantiles,
        Self::EqualIntervals,
        Self::NaturalBreaks,
        Self::Manual,
    ];

    /// The locale key of its name.
    pub fn label_key(self) -> &'static str {
        match self {
            Self::Quantiles => "classes-quantiles",
            Self::EqualIntervals => "classes-equal",
            Self::NaturalBreaks => "classes-jenks",
            Self::Manual => "classes-manual",
        }
    }
}

/// The inputs of a computation; a change starts a new one.
#[derive(Clone, Debug, Default, PartialEq)]
struct Inputs {
    zones: Option<(LayerId, usize)>,
    indicator: Option<(LayerId, usize, Option<usize>)>,
    near: Option<(LayerId, usize, Option<usize>, u64)>,
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
    /// The last figures.
    pub table: Option<Arc<ZoneTable>>,
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
    /// The choropleth colours of a layer, when it is the zone layer shown.
    pub fn fills_for(&self, id: LayerId) -> Option<&[Color32]> {
        (self.open && self.zones == Some(id) && !self.fills.is_empty())
            .then_some(self.fills.as_slice())
    }

    /// True while figures are being computed.
    pub fn is_computing(&self) -> bool {
        self.job.is_some()
    }
}

/// A dataset's identity for change detection (the same `Arc` means the same data).
fn ptr(ds: &Arc<Dataset>) -> usize {
    Arc::as_ptr(ds) as usize
}

fn mask_ptr(mask: Option<&Arc<Bitmap>>) -> Option<usize> {
    mask.map(|m| Arc::as_ptr(m) as usize)
}

impl TerritoireApp {
    /// Shows or hides the panel; the first time, picks a zone layer and a layer to count.
    pub(super) fn toggle_zone_stats(&mut self) {
        let panel = &mut self.zone_stats;
        panel.open = !panel.open;
        if panel.classes == 0 {
            panel.classes = 5;
            panel.near_metres = "300".into();
            panel.sort_by_value = true;
        }
        if panel.zones.is_none() {
            panel.zones = super::filter_place::zone_layers(&self.layers, LayerId(0))
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

    /// Starts a computation when an input changed (a layer, its data, its filter), every frame.
    pub(super) fn zone_stats_step(&mut self) {
        if !self.zone_stats.open {
            return;
        }
        let layer = |id: Option<LayerId>| {
            let l = self.layers.iter().find(|l| Some(l.id) == id)?;
            Some((
                l.id,
                l.dataset.clone()?,
                l.filter.as_ref().map(|f| f.mask.clone()),
            ))
        };
        let panel = &self.zone_stats;
        let zones = layer(panel.zones);
        let indicator = layer(panel.indicator);
        let metres = super::filter_place::parse_metres(&panel.near_metres);
        let near = layer(panel.near).zip(metres);
        let inputs = Inputs {
            zones: zones.as_ref().map(|(id, ds, _)| (*id, ptr(ds))),
            indicator: indicator
                .as_ref()
                .map(|(id, ds, m)| (*id, ptr(ds), mask_ptr(m.as_ref()))),
            near: near
                .as_ref()
                .map(|((id, ds, m), d)| (*id, ptr(ds), mask_ptr(m.as_ref()), d.to_bits())),
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
        self.zone_stats.job = Some(self.jobs.spawn(move |_| {
            let near = near.map(|((_, other, other_mask), metres)| {
                crate::filter::spatial::near(&target, &other, other_mask.as_deref(), metres)
            });
            let table = zone_table(&zones, &target, mask.as_deref(), near.as_ref());
            JobOutput::ZoneStats(Arc::new(table))
        }));
    }

    /// Figures arrived; an older computation's are dropped.
    pub(super) fn zone_stats_arrived(&mut self, job: JobId, table: Arc<ZoneTable>) {
        if self.zone_stats.job != Some(job) {
            return;
        }
        self.zone_stats.job = None;
        self.zone_stats.table = Some(table);
        self.classify_zones();
    }

    /// Class bounds, legend and zone colours for the current measure, method and palette.
    pub(super) fn classify_zones(&mut self) {
        let panel = &mut self.zone_stats;
        panel.fills.clear();
        panel.legend.clear();
        panel.breaks.clear();
        let Some(table) = panel.table.clone() else {
            return;
        };
        let values: Vec<f64> = table.zones.iter().map(|z| panel.measure.of(z)).collect();
        let method = match panel.method {
            MethodChoice::Quantiles => Method::Quantiles,
            MethodChoice::EqualIntervals => Method::EqualIntervals,
            MethodChoice::NaturalBreaks => Method::NaturalBreaks,
            MethodChoice::Manual => Method::Manual(
                panel
                    .manual
                    .split([';', ' '])
                    .filter_map(|t| t.trim().replace(',', ".").parse().ok())
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
}
