//! The words of a printed map taken from the app: title, date, legend of the visible layers (of
//! each compare side, with choropleth classes), sources and licences.

use egui::Color32;

use crate::app::compare::Side;
use crate::app::{Layer, LayerSource, TerritoireApp};
use crate::i18n::{tr, tr_args};
use crate::print::{LegendItem, PrintSheet, Rgba, Swatch};

/// A screen colour as printed.
pub(super) fn rgba(c: Color32) -> Rgba {
    Rgba(c.to_srgba_unmultiplied())
}

impl TerritoireApp {
    /// Title, legend and sources of what the map shows now. The basemap's credit is added by
    /// the print job, only when its tiles are found and drawn.
    pub fn print_sheet(&self) -> PrintSheet {
        let day = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        let mut legend = Vec::new();
        let visible = self.printed_layers();
        if self.compare.active {
            for (side, key) in [(false, "print-side-a"), (true, "print-side-b")] {
                legend.push(LegendItem {
                    swatch: Swatch::Heading,
                    label: tr(key),
                });
                for layer in &visible {
                    let s = self.compare.side(layer.id);
                    if s == Side::Both || (s == Side::B) == side {
                        self.legend_items(layer, &mut legend);
                    }
                }
            }
        } else {
            for layer in &visible {
                self.legend_items(layer, &mut legend);
            }
        }
        self.change_items(&mut legend);
        PrintSheet {
            title: if self.print.title.trim().is_empty() {
                tr("print-default-title")
            } else {
                self.print.title.trim().to_owned()
            },
            subtitle: tr_args(
                "print-subtitle",
                &[("date", &crate::sources::portal::cache::format_day(day))],
            ),
            legend_heading: tr("print-legend"),
            legend,
            sources: visible.iter().map(|l| source_line(l)).collect(),
            sources_heading: tr("print-sources"),
        }
    }

    /// The change view's categories shown on the map, under the view's title.
    fn change_items(&self, legend: &mut Vec<LegendItem>) {
        use crate::app::change::Category;
        if self.change.draws().is_empty() {
            return;
        }
        legend.push(LegendItem {
            swatch: Swatch::Heading,
            label: tr("change-title"),
        });
        for (category, key) in [
            (Category::Added, "change-show-added"),
            (Category::Removed, "change-show-removed"),
            (Category::Modified, "change-show-modified"),
        ] {
            if self.change.is_shown(category) {
                let color = rgba(category.color());
                let word = tr(key);
                let mut chars = word.chars();
                let label = chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or_default();
                legend.push(LegendItem {
                    swatch: Swatch::Fill(color.faded(0.85), color),
                    label,
                });
            }
        }
    }

    /// The visible loaded layers, top first.
    pub(super) fn printed_layers(&self) -> Vec<&Layer> {
        self.layers
            .iter()
            .rev()
            .filter(|l| l.visible && l.dataset.is_some())
            .collect()
    }

    fn legend_items(&self, layer: &Layer, legend: &mut Vec<LegendItem>) {
        let Some(ds) = layer.dataset.as_ref() else {
            return;
        };
        let color = rgba(layer.style.color);
        let mut label = layer.name.clone();
        if let Some(f) = &layer.filter {
            let name = if f.name.is_empty() {
                tr("print-filtered")
            } else {
                f.name.clone()
            };
            label = tr_args(
                "print-layer-filtered",
                &[
                    ("layer", &layer.name),
                    ("filter", &name),
                    ("count", &crate::app::format_count(f.count)),
                    ("total", &crate::app::format_count(ds.len())),
                ],
            );
        }
        if self.zone_stats.fills_for(layer.id).is_some() && !self.zone_stats.legend.is_empty() {
            self.class_items(layer, color, legend);
            return;
        }
        let counts = ds.geometry.kind_counts();
        let dominant = counts.iter().max_by_key(|(_, n)| **n).map(|(k, _)| *k);
        let swatch = match dominant {
            Some(k) if k.contains("Polygon") => Swatch::Fill(color.faded(0.35), color),
            Some(k) if k.contains("Line") => Swatch::Line(color),
            _ => Swatch::Point(color),
        };
        legend.push(LegendItem { swatch, label });
    }

    /// The choropleth of the zone layer: its measure, then one line per class.
    fn class_items(&self, layer: &Layer, outline: Rgba, legend: &mut Vec<LegendItem>) {
        use crate::analysis::secrecy::shown_bound;
        use crate::app::zones::figures_ui::{format_shown, measure_label};
        let zones = &self.zone_stats;
        let secrecy = self.zone_secrecy();
        let measure = measure_label(zones.measure, zones.field.as_deref(), &zones.near_metres);
        legend.push(LegendItem {
            swatch: Swatch::Heading,
            label: format!("{} — {measure}", layer.name),
        });
        let colors = zones.palette.colors(zones.legend.len());
        let bound = |v| {
            format_shown(
                zones.measure,
                shown_bound(zones.measure, v, secrecy),
                secrecy,
            )
        };
        for (class, c) in zones.legend.iter().zip(colors) {
            legend.push(LegendItem {
                swatch: Swatch::Fill(Rgba::rgb(c[0], c[1], c[2]), outline),
                label: crate::i18n::tr_count(
                    "zones-legend-class",
                    class.count as u64,
                    &[("low", &bound(class.low)), ("high", &bound(class.high))],
                ),
            });
        }
    }
}

/// "Quartiers : data.angers.fr · jeu — Licence Ouverte (copie du 12/03/2026)" or the file's name.
fn source_line(layer: &Layer) -> String {
    match (&layer.source, &layer.provenance) {
        (_, Some(p)) => tr_args(
            "print-source-portal",
            &[
                ("layer", &layer.name),
                ("portal", &p.portal),
                ("dataset", &p.dataset),
                ("licence", &p.licence),
                (
                    "date",
                    &crate::sources::portal::cache::format_day(p.copy_date),
                ),
            ],
        ),
        (LayerSource::File { path, .. }, None) => tr_args(
            "print-source-file",
            &[
                ("layer", &layer.name),
                (
                    "file",
                    &path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                ),
            ],
        ),
        (LayerSource::Portal { portal, request }, None) => tr_args(
            "print-source-portal-unknown",
            &[
                ("layer", &layer.name),
                ("portal", &portal.to_string()),
                ("dataset", &request.dataset),
            ],
        ),
        (LayerSource::Internal(internal), None) => tr_args(
            "print-source-portal-unknown",
            &[
                ("layer", &layer.name),
                ("portal", &internal.connection),
                ("dataset", &internal.table.to_string()),
            ],
        ),
    }
}
