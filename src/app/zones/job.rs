//! One zone computation, moved to its worker: the figures of the counted layer (in its
//! database when it follows the map, else on the rows loaded), then the other layers' counts.

use std::sync::Arc;

use super::database::InDatabase;
use super::{LayerInput, OtherCounts, OtherInput};
use crate::analysis::zones::{ZoneOptions, zone_figures};
use crate::app::JobOutput;
use crate::data::{Bitmap, Dataset};

/// Everything one computation reads, moved to its worker.
pub(super) struct ZoneJob {
    pub(super) zones: Arc<Dataset>,
    pub(super) target: Arc<Dataset>,
    pub(super) mask: Option<Arc<Bitmap>>,
    pub(super) near: Option<(LayerInput, f64)>,
    pub(super) field: Option<String>,
    pub(super) addresses: Option<LayerInput>,
    pub(super) others: Vec<OtherInput>,
    pub(super) database: Option<InDatabase>,
}

impl ZoneJob {
    /// The figures per zone of the counted layer, then the counts of each other layer.
    pub(super) fn run(self) -> JobOutput {
        let Self {
            zones,
            target,
            mask,
            near,
            field,
            addresses,
            others,
            database,
        } = self;
        let near = near.map(|((_, other, other_mask), metres)| {
            crate::filter::spatial::near(&target, &other, other_mask.as_deref(), metres)
        });
        let options = ZoneOptions {
            near: near.as_ref(),
            field: field.as_deref().and_then(|name| target.column(name)),
            addresses: addresses
                .as_ref()
                .map(|(_, ds, m)| (ds.as_ref(), m.as_deref())),
        };
        let there = database.and_then(|d| d.run(&zones));
        let in_database = there.is_some();
        let table =
            there.unwrap_or_else(|| zone_figures(&zones, &target, mask.as_deref(), &options));
        let counts = others
            .iter()
            .map(|((id, ds, m), name, secrecy)| OtherCounts {
                layer: *id,
                name: name.clone(),
                counts: crate::analysis::zones::zone_table(&zones, ds, m.as_deref(), None)
                    .zones
                    .iter()
                    .map(|z| z.count)
                    .collect(),
                secrecy: *secrecy,
            })
            .collect();
        JobOutput::ZoneStats(Arc::new(table), Arc::new(counts), in_database)
    }
}
