//! The filter window's value pickers: the values a field holds with their counts, and the
//! histogram of a numeric field with its two bounds.

use egui::{Color32, RichText, Ui};

use crate::app::filter::FieldSummary;
use crate::data::FieldType;
use crate::filter::Condition;
use crate::i18n::tr;

/// Values listed at once in a picker (the search box narrows the rest).
const MAX_LISTED: usize = 300;

/// The distinct values with their counts, searchable, ticked to choose.
pub(super) fn values_picker_ui(
    ui: &mut Ui,
    at: (usize, usize),
    condition: &mut Condition,
    summary: Option<&FieldSummary>,
) {
    let Some(summary) = summary else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(tr("filter-values-loading"));
        });
        return;
    };
    let search_id = ui.scope_id().with(("value-search", at));
    let mut search: String = ui.data(|d| d.get_temp(search_id)).unwrap_or_default();
    ui.add(
        egui::TextEdit::singleline(&mut search)
            .hint_text(crate::i18n::tr_count(
                "filter-values-search",
                summary.values.len() as u64,
                &[],
            ))
            .desired_width(f32::INFINITY),
    );
    let wanted = crate::filter::eval::fold(search.trim());
    ui.data_mut(|d| d.insert_temp(search_id, search));
    let matching: Vec<&crate::filter::ValueCount> = summary
        .values
        .iter()
        .filter(|v| wanted.is_empty() || crate::filter::eval::fold(&v.value).contains(&wanted))
        .collect();
    egui::ScrollArea::vertical()
        .id_salt(("values", at))
        .max_height(150.0)
        .show(ui, |ui| {
            for v in matching.iter().take(MAX_LISTED) {
                let mut ticked = condition.values.contains(&v.value);
                let label = format!("{} ({})", v.value, crate::app::format_count(v.count));
                if ui.checkbox(&mut ticked, label).changed() {
                    if ticked {
                        condition.values.insert(v.value.clone());
                    } else {
                        condition.values.remove(&v.value);
                    }
                }
            }
            if matching.len() > MAX_LISTED {
                ui.label(
                    RichText::new(crate::i18n::tr_count(
                        "filter-values-more",
                        (matching.len() - MAX_LISTED) as u64,
                        &[],
                    ))
                    .weak(),
                );
            }
        });
}

/// How a bin bound is written in the value boxes.
fn bound_text(field_type: FieldType, value: f64) -> String {
    match field_type {
        FieldType::Date => crate::filter::builder::format_user_date(value.round() as i32),
        FieldType::Datetime => {
            crate::filter::builder::format_user_date((value / 86_400.0).floor() as i32)
        }
        FieldType::Integer => format!("{}", value.round() as i64),
        _ => crate::i18n::format_decimal((value * 100.0).round() / 100.0),
    }
}

/// A small histogram of the field; clicking a bar takes its range.
pub(super) fn histogram_ui(ui: &mut Ui, condition: &mut Condition, h: &crate::filter::Histogram) {
    let size = egui::vec2(ui.available_width().min(360.0), 44.0);
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::click());
    let painter = ui.painter_at(rect);
    let most = h.bins.iter().copied().max().unwrap_or(1).max(1) as f32;
    let width = rect.width() / h.bins.len().max(1) as f32;
    let integer = condition.field_type == FieldType::Integer;
    let (low, high) = (
        condition
            .bound(&condition.value)
            .unwrap_or(f64::NEG_INFINITY),
        condition.bound(&condition.upper).unwrap_or(f64::INFINITY),
    );
    let (inside, outside) = (
        Color32::from_rgb(0x1f, 0x5f, 0xa8),
        Color32::from_rgb(0xb8, 0xcc, 0xe4),
    );
    for (b, &count) in h.bins.iter().enumerate() {
        let height = match count {
            0 => 0.0,
            _ => ((count as f32 / most) * (rect.height() - 4.0)).max(1.5),
        };
        let (from, to) = bin_bounds(h, integer, b);
        let color = if to >= low && from <= high {
            inside
        } else {
            outside
        };
        let bar = egui::Rect::from_min_max(
            egui::pos2(rect.left() + b as f32 * width + 1.0, rect.bottom() - height),
            egui::pos2(rect.left() + (b + 1) as f32 * width - 1.0, rect.bottom()),
        );
        painter.rect_filled(bar, 1.0, color);
    }
    if let Some(pos) = response.interact_pointer_pos()
        && response.clicked()
    {
        let b = (((pos.x - rect.left()) / width) as usize).min(h.bins.len().saturating_sub(1));
        let (low, high) = bin_bounds(h, integer, b);
        condition.value = bound_text(condition.field_type, low);
        condition.upper = bound_text(condition.field_type, high);
    }
    response.on_hover_text(tr("filter-histogram-hint"));
    scale_ui(ui, condition.field_type, h);
}

/// The values bar `b` of the histogram covers; with whole numbers, bins become whole,
/// non-overlapping ranges (10–19, 20–29…), the last one up to the maximum.
fn bin_bounds(h: &crate::filter::Histogram, integer: bool, b: usize) -> (f64, f64) {
    let step = (h.max - h.min) / h.bins.len().max(1) as f64;
    let last = h.bins.len().saturating_sub(1);
    let low = h.min + step * b as f64;
    let high = if b == last { h.max } else { low + step };
    match (integer, b == last) {
        (true, true) => (low.ceil(), high),
        (true, false) => (low.ceil(), (high.ceil() - 1.0).max(low.ceil())),
        (false, _) => (low, high),
    }
}

/// The smallest value under the histogram's left end, the largest under its right end.
fn scale_ui(ui: &mut Ui, field_type: FieldType, h: &crate::filter::Histogram) {
    ui.horizontal(|ui| {
        ui.label(RichText::new(bound_text(field_type, h.min)).small().weak());
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.label(RichText::new(bound_text(field_type, h.max)).small().weak());
        });
    });
}
