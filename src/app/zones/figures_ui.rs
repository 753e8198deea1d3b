//! How the figures per zone are shown, statistical secrecy applied: the legend, the ranking with
//! a bar per zone, the worst-served list, the tooltip of a zone, the export of the table.

use egui::{Color32, RichText, Ui};

use crate::analysis::secrecy::{Secrecy, Shown, shown, shown_bound, shown_outside, shown_total};
use crate::analysis::zones::{ZoneStat, ZoneTable};
use crate::app::action::{Action, FilterAction, ZonesAction};
use crate::app::format_count;
use crate::app::zones::edit::ZoneStatsEdit;
use crate::app::zones::{Measure, WORST_SERVED, ZoneStatsPanel};
use crate::app::{Layer, LayerId, TerritoireApp};
use crate::filter::natural::natural_cmp;
use crate::i18n::{tr, tr_args};

/// The name of a measure; the sum and mean name their field, the count beyond its distance.
pub fn measure_label(measure: Measure, field: Option<&str>, metres: &str) -> String {
    match measure {
        Measure::Sum | Measure::Mean => {
            tr_args(measure.label_key(), &[("field", field.unwrap_or("?"))])
        }
        Measure::Beyond => tr_args(measure.label_key(), &[("metres", metres.trim())]),
        _ => tr(measure.label_key()),
    }
}

/// A number with the decimal mark and thousands separator of the interface language.
fn decimal(value: f64, decimals: usize) -> String {
    crate::i18n::format_number(value, decimals)
}

/// A value as shown: counts whole, shares in %, densities and rates with one decimal, sums
/// whole when they are, else with two decimals like means.
pub fn format_value(measure: Measure, value: f64) -> String {
    if !value.is_finite() {
        return tr("zones-no-value");
    }
    match measure {
        Measure::Count | Measure::Beyond | Measure::Addresses => {
            format_count(value.round().max(0.0) as usize)
        }
        Measure::PerKm2 | Measure::Per1000Addresses => decimal(value, 1),
        Measure::Share | Measure::NearShare => format!("{} %", decimal(value * 100.0, 1)),
        Measure::Sum if value.fract() == 0.0 && (0.0..1e15).contains(&value) => {
            format_count(value as usize)
        }
        Measure::Sum | Measure::Mean => decimal(value, 2),
    }
}

/// A figure as shown: its value, "—" without one, "< 11" for a hidden count, "secret" for what
/// would give it away.
pub fn format_shown(measure: Measure, value: Shown, secrecy: Option<Secrecy>) -> String {
    match value {
        Shown::Value(v) => format_value(measure, v),
        Shown::Missing => tr("zones-no-value"),
        Shown::Below => secrecy.map(Secrecy::label).unwrap_or_default(),
        Shown::Withheld => tr("zones-secret"),
    }
}

/// Every figure of a zone computed, one per line, for its tooltip.
pub fn zone_summary(
    z: &ZoneStat,
    table: &ZoneTable,
    secrecy: Option<Secrecy>,
    metres: &str,
) -> String {
    Measure::ALL
        .into_iter()
        .filter(|m| m.in_table(table))
        .map(|m| {
            format!(
                "{} : {}",
                measure_label(m, table.field.as_deref(), metres),
                format_shown(m, shown(m, z, secrecy), secrecy)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn swatch(ui: &mut Ui, color: Color32) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(18.0, 12.0), egui::Sense::hover());
    ui.painter().rect_filled(rect, 2.0, color);
}

/// Colour, bounds and number of zones of each class; a grey line for the zones secrecy hides.
pub fn legend_ui(ui: &mut Ui, panel: &ZoneStatsPanel, secrecy: Option<Secrecy>) {
    if panel.is_computing() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(tr("zones-computing"));
        });
    }
    if panel.in_database && panel.table.is_some() {
        ui.label(RichText::new(tr("zones-in-database")).weak());
    }
    let bound = |v: f64| {
        format_shown(
            panel.measure,
            shown_bound(panel.measure, v, secrecy),
            secrecy,
        )
    };
    let colors = panel.palette.colors(panel.legend.len().max(1));
    for (class, c) in panel.legend.iter().zip(colors) {
        ui.horizontal(|ui| {
            swatch(ui, Color32::from_rgb(c[0], c[1], c[2]));
            ui.label(crate::i18n::tr_count(
                "zones-legend-class",
                class.count as u64,
                &[("low", &bound(class.low)), ("high", &bound(class.high))],
            ));
        });
    }
    if let (Some(s), Some(table)) = (secrecy, &panel.table) {
        secret_legend_ui(ui, panel, table, s);
    }
}

/// A grey line for the zones statistical secrecy hides, and a note on the rule.
fn secret_legend_ui(ui: &mut Ui, panel: &ZoneStatsPanel, table: &ZoneTable, s: Secrecy) {
    let secrecy = Some(s);
    let hidden = table
        .zones
        .iter()
        .filter(|z| {
            matches!(
                shown(panel.measure, z, secrecy),
                Shown::Below | Shown::Withheld
            )
        })
        .count();
    if hidden > 0 {
        ui.horizontal(|ui| {
            swatch(ui, Color32::from_gray(220));
            ui.label(crate::i18n::tr_count(
                "zones-secret-legend",
                hidden as u64,
                &[],
            ));
        });
    }
    ui.label(
        RichText::new(tr_args(
            "zones-secret-note",
            &[
                ("last", &s.threshold.saturating_sub(1).to_string()),
                ("label", &s.label()),
            ],
        ))
        .small()
        .weak(),
    );
}

/// Zones ranked by the measure (or by name), each with a bar and its figures in a tooltip;
/// zones without a value shown (hidden, none) come last. Then the export button.
pub fn ranking_ui(
    ui: &mut Ui,
    panel: &ZoneStatsPanel,
    secrecy: Option<Secrecy>,
    edit: &mut ZoneStatsEdit,
    actions: &mut Vec<Action>,
) {
    let Some(table) = &panel.table else {
        ui.label(RichText::new(tr("zones-choose")).weak());
        return;
    };
    ui.label(total_line(table, secrecy));
    sort_ui(ui, edit);
    let order = ranking_order(panel, table, secrecy);
    egui::ScrollArea::vertical()
        .id_salt("zones-ranking")
        .max_height(260.0)
        .show(ui, |ui| ranking_grid_ui(ui, panel, table, secrecy, &order));
    export_ui(ui, panel, actions);
}

/// "61 objets comptés, 0 hors de toute zone", or "total secret, …" when secrecy withholds it.
fn total_line(table: &ZoneTable, secrecy: Option<Secrecy>) -> String {
    let outside = format_shown(Measure::Count, shown_outside(table, secrecy), secrecy);
    match shown_total(table, secrecy) {
        Shown::Value(_) => tr_args(
            "zones-total",
            &[("total", &format_count(table.total)), ("outside", &outside)],
        ),
        _ => tr_args("zones-total-secret", &[("outside", &outside)]),
    }
}

/// The two toggles that rank the zones by name or by value.
fn sort_ui(ui: &mut Ui, edit: &mut ZoneStatsEdit) {
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
}

/// The value of zone `i` as a number, when one is shown (not hidden, not missing).
fn shown_value(
    panel: &ZoneStatsPanel,
    table: &ZoneTable,
    secrecy: Option<Secrecy>,
    i: usize,
) -> Option<f64> {
    match shown(panel.measure, &table.zones[i], secrecy) {
        Shown::Value(v) if v.is_finite() => Some(v),
        _ => None,
    }
}

/// The zones' indices in the order shown: by value, highest first and those without a value
/// last, or by name.
fn ranking_order(
    panel: &ZoneStatsPanel,
    table: &ZoneTable,
    secrecy: Option<Secrecy>,
) -> Vec<usize> {
    let value = |i: usize| shown_value(panel, table, secrecy, i);
    let mut order: Vec<usize> = (0..table.zones.len()).collect();
    if panel.sort_by_value {
        order.sort_by(|&a, &b| match (value(a), value(b)) {
            (Some(x), Some(y)) => y.total_cmp(&x),
            (x, y) => x.is_none().cmp(&y.is_none()),
        });
    } else {
        order.sort_by(|&a, &b| natural_cmp(&table.zones[a].name, &table.zones[b].name));
    }
    order
}

/// One row per zone in `order`: name, figure, bar, then the count of each other layer.
fn ranking_grid_ui(
    ui: &mut Ui,
    panel: &ZoneStatsPanel,
    table: &ZoneTable,
    secrecy: Option<Secrecy>,
    order: &[usize],
) {
    let max = order
        .iter()
        .filter_map(|&i| shown_value(panel, table, secrecy, i))
        .fold(0.0f64, f64::max);
    let colors = panel.palette.colors(panel.legend.len().max(1));
    let others = panel.other_counts.as_slice();
    egui::Grid::new("zones-grid")
        .striped(true)
        .num_columns(3 + others.len())
        .show(ui, |ui| {
            if !others.is_empty() {
                // Column titles: the main measure, its bar, then one count per other layer.
                ui.label("");
                ui.strong(measure_label(
                    panel.measure,
                    panel.field.as_deref(),
                    &panel.near_metres,
                ));
                ui.label("");
                for o in others {
                    ui.strong(&o.name);
                }
                ui.end_row();
            }
            for &i in order {
                let z = &table.zones[i];
                ui.label(&z.name).on_hover_text(zone_summary(
                    z,
                    table,
                    secrecy,
                    &panel.near_metres,
                ));
                ui.label(format_shown(
                    panel.measure,
                    shown(panel.measure, z, secrecy),
                    secrecy,
                ));
                let value = shown_value(panel, table, secrecy, i);
                bar_ui(ui, panel, &colors, value.map(|v| (v, max)));
                for (k, o) in others.iter().enumerate() {
                    let count = panel.other_count(k, z.row);
                    ui.label(format_shown(Measure::Count, count, o.secrecy));
                }
                ui.end_row();
            }
        });
}

/// A bar as long as the value is to the largest one, in its class's colour; empty space
/// without a value, so the columns stay aligned.
fn bar_ui(ui: &mut Ui, panel: &ZoneStatsPanel, colors: &[[u8; 3]], value_max: Option<(f64, f64)>) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(120.0, 12.0), egui::Sense::hover());
    let Some((v, max)) = value_max else {
        return;
    };
    let fraction = if max > 0.0 { (v / max) as f32 } else { 0.0 };
    let class = crate::analysis::classes::class_of(v, &panel.breaks);
    let c = class
        .and_then(|k| colors.get(k))
        .copied()
        .unwrap_or([150, 150, 150]);
    let bar =
        egui::Rect::from_min_size(rect.min, egui::vec2(rect.width() * fraction, rect.height()));
    ui.painter()
        .rect_filled(bar, 1.0, Color32::from_rgb(c[0], c[1], c[2]));
}

/// The export button and what the last export gave: where it went, or why it failed.
fn export_ui(ui: &mut Ui, panel: &ZoneStatsPanel, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        if ui.button(tr("zones-export")).clicked() {
            actions.push(Action::Zones(ZonesAction::ExportTable(None)));
        }
        match &panel.notice {
            Some(Ok((path, count))) => {
                ui.label(
                    RichText::new(crate::i18n::tr_count(
                        "zones-exported",
                        *count as u64,
                        &[("path", &path.display().to_string())],
                    ))
                    .small(),
                );
            }
            Some(Err(message)) => {
                ui.label(
                    RichText::new(message.to_string())
                        .small()
                        .color(Color32::from_rgb(0xb0, 0x20, 0x20)),
                );
            }
            None => {}
        }
    });
}

/// The zones with the lowest share of counted features within the distance, with the features
/// beyond it, and the button that filters the counted layer to those features.
pub fn worst_served_ui(
    ui: &mut Ui,
    panel: &ZoneStatsPanel,
    secrecy: Option<Secrecy>,
    (counted, noun): (LayerId, &str),
    other: &Layer,
    actions: &mut Vec<Action>,
) {
    let Some(table) = panel.table.as_ref().filter(|t| t.near_asked) else {
        return;
    };
    let metres = panel.near_metres.trim();
    ui.separator();
    ui.strong(tr("zones-worst"));
    let worst = crate::analysis::served::worst_served(table, WORST_SERVED, secrecy);
    if worst.is_empty() {
        ui.label(RichText::new(tr("zones-worst-none")).weak());
    } else {
        egui::Grid::new("zones-worst-grid")
            .striped(true)
            .num_columns(3)
            .show(ui, |ui| {
                ui.label("");
                ui.label(RichText::new(tr_args("zones-worst-near", &[("metres", metres)])).small());
                ui.label(RichText::new(tr("zones-worst-beyond")).small());
                ui.end_row();
                for i in worst {
                    let z = &table.zones[i];
                    ui.label(&z.name)
                        .on_hover_text(zone_summary(z, table, secrecy, metres));
                    for m in [Measure::NearShare, Measure::Beyond] {
                        ui.label(format_shown(m, shown(m, z, secrecy), secrecy));
                    }
                    ui.end_row();
                }
            });
    }
    if ui
        .button(tr_args(
            "zones-show-beyond",
            &[("noun", noun), ("metres", metres)],
        ))
        .on_hover_text(tr_args(
            "zones-show-beyond-tip",
            &[("metres", metres), ("layer", &other.name)],
        ))
        .clicked()
    {
        actions.push(Action::Filter(FilterAction::FarFrom {
            layer: counted,
            other: other.id,
            metres: metres.to_owned(),
        }));
    }
}

impl TerritoireApp {
    /// The figures of the zone under the pointer, while the zone layer is coloured.
    pub(crate) fn zone_tooltip_ui(&self, ui: &Ui, lon_lat: [f64; 2]) {
        let panel = &self.zone_stats;
        let (Some(table), Some(id)) = (&panel.table, panel.zones) else {
            return;
        };
        if panel.fills_for(id).is_none() || !self.layer(id).is_some_and(|l| l.visible) {
            return;
        }
        let Some(ds) = self.layer(id).and_then(|l| l.dataset.as_ref()) else {
            return;
        };
        let Some(row) = crate::data::hit::hit_test(ds, lon_lat, 0.0, None) else {
            return;
        };
        let Some(z) = table.zones.iter().find(|z| z.row == row) else {
            return;
        };
        let text = zone_summary(z, table, self.zone_secrecy(), &panel.near_metres);
        egui::Tooltip::always_open(
            ui.ctx().clone(),
            ui.layer_id(),
            egui::Id::unique("zone-tooltip"),
            egui::PopupAnchor::Pointer,
        )
        .show(|ui| {
            ui.strong(&z.name);
            ui.label(text);
        });
    }
}
