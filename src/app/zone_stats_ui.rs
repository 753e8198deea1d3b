//! The zone statistics window: zone layer, counted layer, measure, classes and palette, the
//! legend, and the ranking of zones with a bar per zone; the legend also sits on the map.

use egui::{Color32, RichText, Ui};

use super::zone_stats::{Measure, MethodChoice, ZoneStatsPanel};
use super::{LayerId, TerritoireApp};
use crate::action::Action;
use crate::analysis::classes::Palette;
use crate::i18n::{tr, tr_args};

/// What the window changed.
#[derive(Clone, Debug, PartialEq)]
pub struct ZoneStatsEdit {
    /// The zone layer.
    pub zones: Option<LayerId>,
    /// The layer counted.
    pub indicator: Option<LayerId>,
    /// The layer whose nearness is measured.
    pub near: Option<LayerId>,
    /// The distance, as typed.
    pub near_metres: String,
    /// What colours the zones.
    pub measure: Measure,
    /// How bounds are chosen.
    pub method: MethodChoice,
    /// Manual bounds as typed.
    pub manual: String,
    /// Number of classes.
    pub classes: usize,
    /// Colours.
    pub palette: Palette,
    /// Ranking by value (else by name).
    pub sort_by_value: bool,
}

impl ZoneStatsEdit {
    fn of(p: &ZoneStatsPanel) -> Self {
        Self {
            zones: p.zones,
            indicator: p.indicator,
            near: p.near,
            near_metres: p.near_metres.clone(),
            measure: p.measure,
            method: p.method,
            manual: p.manual.clone(),
            classes: p.classes,
            palette: p.palette,
            sort_by_value: p.sort_by_value,
        }
    }
}

/// A value as shown: counts whole, shares in %, densities with one decimal.
pub fn format_value(measure: Measure, value: f64) -> String {
    if value.is_nan() {
        return "–".into();
    }
    match measure {
        Measure::Count => super::layers_ui::format_count(value.round() as usize),
        Measure::PerKm2 => format!("{value:.1}").replace('.', ","),
        Measure::Share | Measure::NearShare => format!("{:.1} %", value * 100.0).replace('.', ","),
    }
}

impl TerritoireApp {
    pub(super) fn zone_stats_ui(&self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        let panel = &self.zone_stats;
        if !panel.open {
            return;
        }
        let mut edit = ZoneStatsEdit::of(panel);
        let mut open = true;
        egui::Window::new(tr("zones-title"))
            .id(egui::Id::unique("zone-stats"))
            .open(&mut open)
            .default_size([420.0, 560.0])
            .default_pos([840.0, 40.0])
            .show(ctx, |ui| {
                self.zone_inputs_ui(ui, &mut edit);
                ui.separator();
                classes_ui(ui, &mut edit);
                ui.separator();
                legend_ui(ui, panel);
                ui.separator();
                ranking_ui(ui, panel, &mut edit);
            });
        if !open {
            actions.push(Action::ToggleZoneStats);
        }
        if edit != ZoneStatsEdit::of(panel) {
            actions.push(Action::EditZoneStats(Box::new(edit)));
        }
    }

    fn layer_choice(
        &self,
        ui: &mut Ui,
        salt: &str,
        label: &str,
        value: &mut Option<LayerId>,
        candidates: &[&super::Layer],
        none: Option<&str>,
    ) {
        ui.horizontal(|ui| {
            ui.label(label);
            let shown = candidates
                .iter()
                .find(|l| Some(l.id) == *value)
                .map(|l| l.name.clone())
                .or_else(|| none.map(str::to_owned))
                .unwrap_or_else(|| tr("place-pick-layer"));
            egui::ComboBox::from_id_salt(salt)
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    if let Some(none) = none {
                        ui.selectable_value(value, None, none);
                    }
                    for l in candidates {
                        ui.selectable_value(value, Some(l.id), &l.name);
                    }
                });
        });
    }

    fn zone_inputs_ui(&self, ui: &mut Ui, edit: &mut ZoneStatsEdit) {
        let zone_layers = super::filter_place::zone_layers(&self.layers, LayerId(0));
        let loaded: Vec<&super::Layer> =
            self.layers.iter().filter(|l| l.dataset.is_some()).collect();
        self.layer_choice(
            ui,
            "zones-layer",
            &tr("zones-zones"),
            &mut edit.zones,
            &zone_layers,
            None,
        );
        self.layer_choice(
            ui,
            "zones-count",
            &tr("zones-count"),
            &mut edit.indicator,
            &loaded,
            None,
        );
        if let Some(filter) = self
            .layer(edit.indicator.unwrap_or(LayerId(0)))
            .and_then(|l| l.filter.as_ref())
        {
            ui.label(
                RichText::new(tr_args(
                    "zones-filtered",
                    &[("count", &super::layers_ui::format_count(filter.count))],
                ))
                .small()
                .weak(),
            );
        }
        ui.horizontal(|ui| {
            ui.label(tr("zones-near"));
            ui.add(egui::TextEdit::singleline(&mut edit.near_metres).desired_width(50.0));
            ui.label(tr("place-metres-of"));
            let shown = loaded
                .iter()
                .find(|l| Some(l.id) == edit.near)
                .map_or_else(|| tr("zones-near-none"), |l| l.name.clone());
            egui::ComboBox::from_id_salt("zones-near-layer")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut edit.near, None, tr("zones-near-none"));
                    for l in &loaded {
                        ui.selectable_value(&mut edit.near, Some(l.id), &l.name);
                    }
                });
        });
        ui.horizontal(|ui| {
            ui.label(tr("zones-measure"));
            egui::ComboBox::from_id_salt("zones-measure")
                .selected_text(tr(edit.measure.label_key()))
                .show_ui(ui, |ui| {
                    for m in Measure::ALL {
                        if m == Measure::NearShare && edit.near.is_none() {
                            continue;
                        }
                        ui.selectable_value(&mut edit.measure, m, tr(m.label_key()));
                    }
                });
        });
        if edit.near.is_none() && edit.measure == Measure::NearShare {
            edit.measure = Measure::Count;
        }
    }
}

fn classes_ui(ui: &mut Ui, edit: &mut ZoneStatsEdit) {
    ui.horizontal_wrapped(|ui| {
        ui.label(tr("zones-classes"));
        egui::ComboBox::from_id_salt("zones-method")
            .selected_text(tr(edit.method.label_key()))
            .show_ui(ui, |ui| {
                for m in MethodChoice::ALL {
                    ui.selectable_value(&mut edit.method, m, tr(m.label_key()));
                }
            });
        if edit.method != MethodChoice::Manual {
            ui.add(egui::Slider::new(&mut edit.classes, 3..=9).text(tr("zones-class-count")));
        }
    });
    if edit.method == MethodChoice::Manual {
        ui.horizontal(|ui| {
            let label = ui.label(tr("zones-manual"));
            ui.add(
                egui::TextEdit::singleline(&mut edit.manual)
                    .hint_text("10 ; 50 ; 100")
                    .desired_width(180.0),
            )
            .labelled_by(label.id);
        });
    }
    ui.horizontal(|ui| {
        ui.label(tr("zones-palette"));
        egui::ComboBox::from_id_salt("zones-palette")
            .selected_text(tr(edit.palette.label_key()))
            .show_ui(ui, |ui| {
                for p in Palette::ALL {
                    ui.selectable_value(&mut edit.palette, p, tr(p.label_key()));
                }
            });
    });
}

/// Colour, bounds and number of zones of each class.
pub fn legend_ui(ui: &mut Ui, panel: &ZoneStatsPanel) {
    if panel.is_computing() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(tr("zones-computing"));
        });
    }
    let colors = panel.palette.colors(panel.legend.len().max(1));
    for (class, c) in panel.legend.iter().zip(colors) {
        ui.horizontal(|ui| {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(18.0, 12.0), egui::Sense::hover());
            ui.painter()
                .rect_filled(rect, 2.0, Color32::from_rgb(c[0], c[1], c[2]));
            ui.label(tr_args(
                "zones-legend-class",
                &[
                    ("low", &format_value(panel.measure, class.low)),
                    ("high", &format_value(panel.measure, class.high)),
                    ("count", &class.count.to_string()),
                ],
            ));
        });
    }
}

/// Zones ranked by the measure (or by name), each with a bar.
fn ranking_ui(ui: &mut Ui, panel: &ZoneStatsPanel, edit: &mut ZoneStatsEdit) {
    let Some(table) = &panel.table else {
        ui.label(RichText::new(tr("zones-choose")).weak());
        return;
    };
    ui.label(tr_args(
        "zones-total",
        &[
            ("total", &super::layers_ui::format_count(table.total)),
            ("outside", &super::layers_ui::format_count(table.outside)),
        ],
    ));
    ui.horizontal(|ui| {
        if ui
            .selectable_label(!edit.sort_by_value, tr("zones-sort-name"))
            .clicked()
        {
            edit.sort_by_value = false;
        }
        if ui
            .selectable_label(edit.sort_by_value, tr("zones-sort-value"))
            .clicked()
        {
            edit.sort_by_value = true;
        }
    });
    let mut order: Vec<usize> = (0..table.zones.len()).collect();
    let value = |i: usize| panel.measure.of(&table.zones[i]);
    if panel.sort_by_value {
        order.sort_by(|&a, &b| value(b).total_cmp(&value(a)));
    } else {
        order.sort_by(|&a, &b| table.zones[a].name.cmp(&table.zones[b].name));
    }
    let max = order
        .iter()
        .map(|&i| value(i))
        .filter(|v| v.is_finite())
        .fold(0.0f64, f64::max);
    let colors = panel.palette.colors(panel.legend.len().max(1));
    egui::ScrollArea::vertical()
        .id_salt("zones-ranking")
        .max_height(260.0)
        .show(ui, |ui| {
            egui::Grid::new("zones-grid")
                .striped(true)
                .num_columns(3)
                .show(ui, |ui| {
                    for &i in &order {
                        let z = &table.zones[i];
                        let v = value(i);
                        ui.label(&z.name);
                        ui.label(format_value(panel.measure, v));
                        let (rect, _) =
                            ui.allocate_exact_size(egui::vec2(120.0, 12.0), egui::Sense::hover());
                        let fraction = if max > 0.0 && v.is_finite() {
                            (v / max) as f32
                        } else {
                            0.0
                        };
                        let class = crate::analysis::classes::class_of(v, &panel.breaks);
                        let c = class
                            .and_then(|k| colors.get(k))
                            .copied()
                            .unwrap_or([150, 150, 150]);
                        let bar = egui::Rect::from_min_size(
                            rect.min,
                            egui::vec2(rect.width() * fraction, rect.height()),
                        );
                        ui.painter()
                            .rect_filled(bar, 1.0, Color32::from_rgb(c[0], c[1], c[2]));
                        ui.end_row();
                    }
                });
        });
}
