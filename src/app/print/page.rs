//! The page handed to the print composer: the visible layers' shared data (datasets, filter
//! masks, styles, choropleth colours), the change view's categories on top, and the view's
//! extent, one pane or two compare sides.

use std::sync::Arc;

use super::sheet::rgba;
use crate::app::compare::Side;
use crate::app::{FilterMode, Layer, TerritoireApp};
use crate::i18n::{tr, tr_args};
use crate::map::{LayerDraw, basemap};
use crate::print::{BasemapSource, MapPane, PrintLayer, PrintPage};

impl TerritoireApp {
    /// Everything the printed page shows, taken from the state (not from the screen): cheap
    /// to build (datasets and masks are shared), rendered later in the background.
    pub fn print_page(&self) -> PrintPage {
        // Bottom first, as drawn.
        let mut layers = self.printed_layers();
        layers.reverse();
        let mut panes = if self.compare.active {
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
        // The change view's categories go on top, on both sides, as on the map.
        let changes: Vec<PrintLayer> = self.change.draws().iter().map(drawn_layer).collect();
        for pane in &mut panes {
            pane.layers.extend(changes.iter().cloned());
        }
        PrintPage {
            paper: self.print.paper,
            sheet: self.print_sheet(),
            extent: self.map.visible_bbox(),
            panes,
            basemap: self.print_basemap(),
            basemap_picture: None,
        }
    }

    /// The basemap on the screen, its tiles to be fetched in the print job (through the
    /// screen's tile cache) and credited only if some are found.
    fn print_basemap(&self) -> Option<BasemapSource> {
        let id = self.map.basemap();
        let server = &self.map.tile_server;
        let (tiles, credit, max_zoom) = match (id, &self.settings.custom_basemap) {
            (crate::settings::BasemapId::Custom, Some(custom)) => {
                let shown = self.map.basemap_tiles()?;
                let credit = shown.credit().map(|c| c.0).unwrap_or_default();
                let max_zoom = shown.meta().map_or(19, |m| m.max_zoom);
                (crate::sources::tiles::custom_spec(custom), credit, max_zoom)
            }
            _ => {
                let tiles = crate::sources::tiles::TileSpec::Url {
                    template: server.url_template(id)?,
                    max_zoom: basemap::max_zoom(id),
                };
                (tiles, basemap::attribution_text(id)?, basemap::max_zoom(id))
            }
        };
        Some(BasemapSource {
            tiles,
            credit: tr_args("print-source-basemap", &[("credit", &credit)]),
            max_zoom,
            cache_dir: server.cache_dir(),
            user_agent: basemap::USER_AGENT.to_owned(),
        })
    }

    fn print_layer(&self, layer: &Layer) -> Option<PrintLayer> {
        let identified = self.identified.as_ref().map(|i| (i.layer, i.feature));
        Some(PrintLayer {
            highlight: Arc::new(self.highlighted(layer.id, identified)),
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
            label: layer.label.clone(),
        })
    }
}

/// A layer the map draws (the change view's categories), as printed: its mask is copied once.
fn drawn_layer(draw: &LayerDraw<'_>) -> PrintLayer {
    PrintLayer {
        dataset: Arc::clone(draw.dataset),
        mask: draw.mask.map(|m| Arc::new(m.clone())),
        grey_out: draw.grey_out,
        color: rgba(draw.style.color),
        opacity: draw.style.opacity,
        point_radius_px: draw.style.point_radius_px,
        fills: draw
            .fills
            .map(|fills| Arc::new(fills.iter().map(|&c| rgba(c)).collect())),
        highlight: Arc::new(draw.highlight.clone()),
        label: draw.label.map(|c| c.name.clone()),
    }
}
