//! The page handed to the print composer: the visible layers' shared data (datasets, filter
//! masks, styles, choropleth colours) and the view's extent, one pane or two compare sides.

use std::sync::Arc;

use super::sheet::rgba;
use crate::app::compare::Side;
use crate::app::{FilterMode, Layer, TerritoireApp};
use crate::i18n::tr;
use crate::print::{MapPane, PrintLayer, PrintPage};

impl TerritoireApp {
    /// Everything the printed page shows, taken from the state (not from the screen): cheap
    /// to build (datasets and masks are shared), rendered later in the background.
    pub fn print_page(&self) -> PrintPage {
        // Bottom first, as drawn.
        let mut layers = self.printed_layers();
        layers.reverse();
        let panes = if self.compare.active {
            // Every comparison mode is printed side by side: both sides whole.
            [(Side::A, "print-side-a"), (Side::B, "print-side-b")]
                .into_iter()
                .map(|(side, key)| MapPane {
                    name: tr(key),
                    layers: layers
                        .iter()
                        .filter(|l| {
                            let s = self.compare.side(l.id);
                            s == side || s == Side::Both
                        })
                        .filter_map(|l| self.print_layer(l))
                        .collect(),
                })
                .collect()
        } else {
            vec![MapPane {
                name: String::new(),
                layers: layers.iter().filter_map(|l| self.print_layer(l)).collect(),
            }]
        };
        PrintPage {
            paper: self.print.paper,
            sheet: self.print_sheet(),
            extent: self.map.visible_bbox(),
            panes,
        }
    }

    fn print_layer(&self, layer: &Layer) -> Option<PrintLayer> {
        Some(PrintLayer {
            dataset: layer.dataset.clone()?,
            mask: layer.filter.as_ref().map(|f| Arc::clone(&f.mask)),
            grey_out: layer.filter_mode == FilterMode::Grey,
            color: rgba(layer.style.color),
            opacity: layer.style.opacity,
            point_radius_px: layer.style.point_radius_px,
            fills: self
                .zone_stats
                .fills_for(layer.id)
                .map(|fills| Arc::new(fills.iter().map(|&c| rgba(c)).collect())),
        })
    }
}
