//! The zone statistics window: zone layer, counted layer and its numeric field, nearness,
//! measure, classes and palette; the figures themselves are laid out by `zone_figures_ui`.

use egui::{RichText, Ui};

use crate::analysis::classes::Palette;
use crate::app::action::{Action, ZonesAction};
use crate::app::zones::edit::ZoneStatsEdit;
use crate::app::zones::figures_ui::{legend_ui, measure_label, ranking_ui, worst_served_ui};
use crate::app::zones::{Measure, MethodChoice};
use crate::app::{LayerId, TerritoireApp};
use crate::i18n::{tr, tr_args};

impl TerritoireApp {
    pub(crate) fn zone_stats_ui(&self, ctx: &egui::Context, actions: &mut Vec<Action>) {
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
                if ui.button(tr("zones-remove")).clicked() {
                    actions.push(Action::Zones(ZonesAction::Remove));
                }
                egui::ScrollArea::vertical()
                    .id_salt("zones-window")
                    .show(ui, |ui| {
                        self.zone_inputs_ui(ui, &mut edit);
                        ui.separator();
                        classes_ui(ui, &mut edit);
                        ui.separator();
                        let secrecy = self.zone_secrecy();
                        legend_ui(ui, panel, secrecy);
                        ui.separator();
                        ranking_ui(ui, panel, secrecy, &mut edit, actions);
                        self.worst_served_ui_for(ui, secrecy, actions);
                        crate::app::focus::keep_focus_in_view(ui);
                    });
            });
        if !open {
            actions.push(Action::Zones(ZonesAction::Toggle));
        }
        if edit != ZoneStatsEdit::of(panel) {
            actions.push(Action::Zones(ZonesAction::Edit(Box::new(edit))));
        }
    }

    fn layer_choice(
        &self,
        ui: &mut Ui,
        salt: &str,
        label: &str,
        value: &mut Option<LayerId>,
        candidates: &[&crate::app::Layer],
        none: Option<&str>,
    ) {
        ui.horizontal(|ui| {
            let label = ui.label(label);
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
                })
                .response
                .labelled_by(label.id);
        });
    }

    fn zone_inputs_ui(&self, ui: &mut Ui, edit: &mut ZoneStatsEdit) {
        let zone_layers = crate::app::filter::place::zone_layers(&self.layers, LayerId(0));
        let loaded: Vec<&crate::app::Layer> =
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
                RichText::new(crate::i18n::tr_count(
                    "zones-filtered",
                    filter.count as u64,
                    &[],
                ))
                .small()
                .weak(),
            );
        }
        others_ui(ui, &loaded, edit);
        near_ui(ui, &loaded, edit);
        self.field_choice_ui(ui, edit);
        self.measure_choice_ui(ui, edit);
    }

    /// The measure that colours the zones, among those the chosen layers and field allow; a
    /// measure no longer allowed falls back to the count.
    fn measure_choice_ui(&self, ui: &mut Ui, edit: &mut ZoneStatsEdit) {
        let addresses = self.address_layer().is_some();
        let offered = |m: Measure, edit: &ZoneStatsEdit| match m {
            Measure::NearShare | Measure::Beyond => edit.near.is_some(),
            Measure::Addresses => false,
            Measure::Per1000Addresses => addresses,
            Measure::Sum | Measure::Mean => edit.field.is_some(),
            Measure::Count | Measure::PerKm2 | Measure::Share => true,
        };
        if !offered(edit.measure, edit) {
            edit.measure = Measure::Count;
        }
        let label = |m: Measure, edit: &ZoneStatsEdit| {
            measure_label(m, edit.field.as_deref(), &edit.near_metres)
        };
        ui.horizontal(|ui| {
            let name = ui.label(tr("zones-measure"));
            let shown = label(edit.measure, edit);
            let mut measure = edit.measure;
            egui::ComboBox::from_id_salt("zones-measure")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    for m in Measure::ALL.into_iter().filter(|&m| offered(m, edit)) {
                        ui.selectable_value(&mut measure, m, label(m, edit));
                    }
                })
                .response
                .labelled_by(name.id);
            edit.measure = measure;
        });
    }

    /// The numeric field of the counted layer to sum and average.
    fn field_choice_ui(&self, ui: &mut Ui, edit: &mut ZoneStatsEdit) {
        let numeric: Vec<String> = self
            .layer(edit.indicator.unwrap_or(LayerId(0)))
            .and_then(|l| l.dataset.as_ref())
            .map(|ds| {
                ds.columns
                    .iter()
                    .filter(|c| crate::analysis::zone_sums::is_numeric(c))
                    .map(|c| c.name.clone())
                    .collect()
            })
            .unwrap_or_default();
        if edit.field.as_ref().is_some_and(|f| !numeric.contains(f)) {
            edit.field = None;
        }
        if numeric.is_empty() {
            return;
        }
        ui.horizontal(|ui| {
            let label = ui.label(tr("zones-field"));
            let shown = edit.field.clone().unwrap_or_else(|| tr("zones-field-none"));
            egui::ComboBox::from_id_salt("zones-field")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut edit.field, None, tr("zones-field-none"));
                    for name in &numeric {
                        ui.selectable_value(&mut edit.field, Some(name.clone()), name);
                    }
                })
                .response
                .labelled_by(label.id);
        });
    }

    /// The worst-served list, with the counted and nearness layers it needs.
    fn worst_served_ui_for(
        &self,
        ui: &mut Ui,
        secrecy: Option<crate::analysis::secrecy::Secrecy>,
        actions: &mut Vec<Action>,
    ) {
        let panel = &self.zone_stats;
        let (Some(counted), Some(other)) = (
            panel.indicator.and_then(|id| self.layer(id)),
            panel.near.and_then(|id| self.layer(id)),
        ) else {
            return;
        };
        let noun = counted
            .preset()
            .map_or_else(|| tr("zones-features"), |p| p.noun.get().to_owned());
        worst_served_ui(ui, panel, secrecy, (counted.id, &noun), other, actions);
    }
}

/// More layers counted beside the main one, each in its own column.
fn others_ui(ui: &mut Ui, loaded: &[&crate::app::Layer], edit: &mut ZoneStatsEdit) {
    let candidates: Vec<&&crate::app::Layer> = loaded
        .iter()
        .filter(|l| Some(l.id) != edit.zones && Some(l.id) != edit.indicator)
        .collect();
    if candidates.is_empty() {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        ui.label(tr("zones-others"));
        for l in candidates {
            let mut on = edit.others.contains(&l.id);
            let response = ui.checkbox(&mut on, &l.name);
            let name = tr_args("zones-other-name", &[("layer", &l.name)]);
            response
                .widget_info(|| egui::WidgetInfo::selected(egui::Role::CheckBox, true, on, &name));
            if response.changed() {
                edit.others.retain(|id| *id != l.id);
                if on {
                    edit.others.push(l.id);
                }
            }
        }
    });
}

/// The distance and the layer whose nearness is measured.
fn near_ui(ui: &mut Ui, loaded: &[&crate::app::Layer], edit: &mut ZoneStatsEdit) {
    ui.horizontal(|ui| {
        let near = ui.label(tr("zones-near"));
        ui.add(egui::TextEdit::singleline(&mut edit.near_metres).desired_width(50.0))
            .labelled_by(near.id);
        let of = ui.label(tr("place-metres-of"));
        let shown = loaded
            .iter()
            .find(|l| Some(l.id) == edit.near)
            .map_or_else(|| tr("zones-near-none"), |l| l.name.clone());
        egui::ComboBox::from_id_salt("zones-near-layer")
            .selected_text(shown)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut edit.near, None, tr("zones-near-none"));
                for l in loaded {
                    ui.selectable_value(&mut edit.near, Some(l.id), &l.name);
                }
            })
            .response
            .labelled_by(near.id)
            .labelled_by(of.id);
    });
}

fn classes_ui(ui: &mut Ui, edit: &mut ZoneStatsEdit) {
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(tr("zones-classes"));
        egui::ComboBox::from_id_salt("zones-method")
            .selected_text(tr(edit.method.label_key()))
            .show_ui(ui, |ui| {
                for m in MethodChoice::ALL {
                    ui.selectable_value(&mut edit.method, m, tr(m.label_key()));
                }
            })
            .response
            .labelled_by(label.id);
        if edit.method != MethodChoice::Manual {
            ui.add(egui::Slider::new(&mut edit.classes, 3..=9).text(tr("zones-class-count")));
        }
    });
    if edit.method == MethodChoice::Manual {
        ui.horizontal(|ui| {
            let label = ui.label(tr("zones-manual"));
            ui.add(
                egui::TextEdit::singleline(&mut edit.manual)
                    .hint_text(tr("zones-manual-hint"))
                    .desired_width(180.0),
            )
            .labelled_by(label.id);
        });
    }
    ui.horizontal(|ui| {
        let label = ui.label(tr("zones-palette"));
        egui::ComboBox::from_id_salt("zones-palette")
            .selected_text(tr(edit.palette.label_key()))
            .show_ui(ui, |ui| {
                for p in Palette::ALL {
                    ui.selectable_value(&mut edit.palette, p, tr(p.label_key()));
                }
            })
            .response
            .labelled_by(label.id);
    });
}
