//! The filter window's conditions of place: "dans la zone" (names or clicks on the map),
//! "à moins / plus de X m de" another layer, "dans le dessin" (drawn on the map).

use egui::{RichText, Ui};

use crate::app::TerritoireApp;
use crate::app::action::{Action, FilterAction};
use crate::app::filter::FilterPanel;
use crate::app::filter::place::{Place, zone_layers, zone_names};
use crate::i18n::tr;
use crate::map::SketchKind;

/// Zone names listed at once (the search box narrows the rest).
const MAX_ZONES: usize = 200;

impl TerritoireApp {
    pub(crate) fn places_ui(
        &self,
        ui: &mut Ui,
        panel: &FilterPanel,
        places: &mut Vec<Place>,
        actions: &mut Vec<Action>,
    ) {
        ui.label(RichText::new(tr("place-title")).strong());
        let mut remove = None;
        for (i, place) in places.iter_mut().enumerate() {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                if self.place_ui(ui, i, place, panel, actions) {
                    remove = Some(i);
                }
            });
        }
        if let Some(i) = remove {
            places.remove(i);
        }
        ui.menu_button(tr("place-add"), |ui| {
            if ui.button(tr("place-in-zone")).clicked() {
                places.push(Place::InZones {
                    layer: zone_layers(&self.layers, panel.layer).first().map(|l| l.id),
                    zones: Default::default(),
                });
            }
            for (beyond, key) in [(false, "place-near"), (true, "place-far")] {
                if ui.button(tr(key)).clicked() {
                    places.push(Place::Near {
                        layer: self.default_near_target(panel.layer),
                        metres: "300".into(),
                        beyond,
                    });
                }
            }
            if ui.button(tr("place-in-drawing")).clicked() {
                places.push(Place::InDrawing { ring: Vec::new() });
            }
        });
    }

    /// The layer a new "à moins / plus de … m de" condition measures from: a thematic layer
    /// (green spaces, heritage, addresses: one with a preset) before any other, and never the
    /// zones (quartiers, IRIS) of the zone statistics unless nothing else is loaded.
    fn default_near_target(&self, filtered: crate::app::LayerId) -> Option<crate::app::LayerId> {
        let zones = self.zone_stats.zones;
        let others: Vec<&crate::app::Layer> = self
            .layers
            .iter()
            .filter(|l| l.id != filtered && l.dataset.is_some())
            .collect();
        let zone_like = zone_layers(&self.layers, filtered);
        let is_zone = |l: &crate::app::Layer| {
            Some(l.id) == zones || (l.preset().is_none() && zone_like.iter().any(|z| z.id == l.id))
        };
        others
            .iter()
            .find(|l| l.preset().is_some() && Some(l.id) != zones)
            .or_else(|| others.iter().find(|l| !is_zone(l)))
            .or_else(|| others.first())
            .map(|l| l.id)
    }

    /// One condition of place; returns true when the user removes it.
    fn place_ui(
        &self,
        ui: &mut Ui,
        index: usize,
        place: &mut Place,
        panel: &FilterPanel,
        actions: &mut Vec<Action>,
    ) -> bool {
        let mut removed = false;
        ui.horizontal_wrapped(|ui| {
            match place {
                Place::InZones { layer, zones } => {
                    ui.label(tr("place-in-zone-of"));
                    let candidates = zone_layers(&self.layers, panel.layer);
                    if self.layer_combo(ui, ("zones", index), layer, &candidates) {
                        zones.clear();
                    }
                }
                Place::Near {
                    layer,
                    metres,
                    beyond,
                } => self.near_ui(ui, index, (layer, metres, beyond), panel),
                Place::InDrawing { ring } => drawing_ui(ui, index, ring, panel, actions),
            }
            if ui
                .small_button("×")
                .on_hover_text(tr("place-remove"))
                .accessible_name(tr("place-remove"))
                .clicked()
            {
                removed = true;
            }
        });
        if let Place::InZones {
            layer: Some(id),
            zones,
        } = place
        {
            self.zones_picker_ui(ui, index, *id, zones, panel, actions);
        }
        removed
    }

    /// "Within / beyond X m of" a layer: the operator, the distance and the other layer.
    fn near_ui(
        &self,
        ui: &mut Ui,
        index: usize,
        (layer, metres, beyond): (&mut Option<crate::app::LayerId>, &mut String, &mut bool),
        panel: &FilterPanel,
    ) {
        egui::ComboBox::from_id_salt(("near-op", index))
            .selected_text(tr(if *beyond {
                "place-far-op"
            } else {
                "place-near-op"
            }))
            .show_ui(ui, |ui| {
                ui.selectable_value(beyond, false, tr("place-near-op"));
                ui.selectable_value(beyond, true, tr("place-far-op"));
            });
        ui.add(
            egui::TextEdit::singleline(metres)
                .id_salt(("metres", index))
                .desired_width(60.0),
        );
        ui.label(tr("place-metres-of"));
        let candidates: Vec<&crate::app::Layer> = self
            .layers
            .iter()
            .filter(|l| l.id != panel.layer && l.dataset.is_some())
            .collect();
        self.layer_combo(ui, ("near", index), layer, &candidates);
    }

    /// A layer chooser; returns true when the choice changed.
    fn layer_combo(
        &self,
        ui: &mut Ui,
        salt: (&str, usize),
        layer: &mut Option<crate::app::LayerId>,
        candidates: &[&crate::app::Layer],
    ) -> bool {
        let before = *layer;
        let shown = candidates
            .iter()
            .find(|l| Some(l.id) == *layer)
            .map_or_else(|| tr("place-pick-layer"), |l| l.name.clone());
        egui::ComboBox::from_id_salt(salt)
            .selected_text(shown)
            .show_ui(ui, |ui| {
                for l in candidates {
                    ui.selectable_value(layer, Some(l.id), &l.name);
                }
            });
        *layer != before
    }

    /// The zones of a zone layer by name (searchable, ticked), or clicked on the map.
    fn zones_picker_ui(
        &self,
        ui: &mut Ui,
        index: usize,
        id: crate::app::LayerId,
        zones: &mut std::collections::BTreeSet<usize>,
        panel: &FilterPanel,
        actions: &mut Vec<Action>,
    ) {
        let Some(dataset) = self.layer(id).and_then(|l| l.dataset.clone()) else {
            return;
        };
        let names = zone_names(&dataset);
        pick_on_map_ui(ui, index, zones, panel, actions);
        let order = searched_zones_ui(ui, index, &names);
        egui::ScrollArea::vertical()
            .id_salt(("zones", index))
            .max_height(140.0)
            .show(ui, |ui| {
                for &i in order.iter().take(MAX_ZONES) {
                    let mut ticked = zones.contains(&i);
                    if ui.checkbox(&mut ticked, &names[i]).changed() {
                        if ticked {
                            zones.insert(i);
                        } else {
                            zones.remove(&i);
                        }
                    }
                }
            });
    }
}

/// "In the drawing": the buttons that start a rectangle or a polygon (a note while drawing),
/// and how many corners the drawing has.
fn drawing_ui(
    ui: &mut Ui,
    index: usize,
    ring: &[[f64; 2]],
    panel: &FilterPanel,
    actions: &mut Vec<Action>,
) {
    ui.label(tr("place-in-drawing"));
    if panel.sketching == Some(index) {
        ui.label(RichText::new(tr("place-drawing-now")).italics());
    } else {
        for (kind, key) in [
            (SketchKind::Rectangle, "place-draw-rectangle"),
            (SketchKind::Polygon, "place-draw-polygon"),
        ] {
            if ui.button(tr(key)).clicked() {
                actions.push(Action::Filter(FilterAction::StartSketch(index, kind)));
            }
        }
    }
    // The ring is closed: its last point repeats the first, so a drawing has at least 4.
    if ring.len() >= 4 {
        ui.label(
            RichText::new(crate::i18n::tr_count(
                "place-drawn",
                (ring.len() - 1) as u64,
                &[],
            ))
            .weak(),
        );
    }
}

/// The toggle that picks zones by clicking the map, and how many are chosen.
fn pick_on_map_ui(
    ui: &mut Ui,
    index: usize,
    zones: &std::collections::BTreeSet<usize>,
    panel: &FilterPanel,
    actions: &mut Vec<Action>,
) {
    ui.horizontal(|ui| {
        let picking = panel.picking == Some(index);
        let text = if picking {
            tr("place-pick-on-map-stop")
        } else {
            tr("place-pick-on-map")
        };
        if ui
            .selectable_label(picking, text)
            .on_hover_text(tr("place-pick-on-map-hint"))
            .clicked()
        {
            actions.push(Action::Filter(FilterAction::PickZones(
                (!picking).then_some(index),
            )));
        }
        if !zones.is_empty() {
            ui.label(
                RichText::new(crate::i18n::tr_count(
                    "place-zones-chosen",
                    zones.len() as u64,
                    &[],
                ))
                .weak(),
            );
        }
    });
}

/// A search box over the zone names when there are many (its text kept in egui's memory);
/// returns the indices of the names that match, sorted by name.
fn searched_zones_ui(ui: &mut Ui, index: usize, names: &[String]) -> Vec<usize> {
    let search_id = ui.scope_id().with(("zone-search", index));
    let mut search: String = ui.data(|d| d.get_temp(search_id)).unwrap_or_default();
    if names.len() > 12 {
        ui.add(
            egui::TextEdit::singleline(&mut search)
                .hint_text(tr("place-zone-search"))
                .desired_width(f32::INFINITY),
        );
    }
    let wanted = crate::filter::eval::fold(search.trim());
    ui.data_mut(|d| d.insert_temp(search_id, search));
    let mut order: Vec<usize> = (0..names.len())
        .filter(|&i| wanted.is_empty() || crate::filter::eval::fold(&names[i]).contains(&wanted))
        .collect();
    order.sort_by(|&a, &b| names[a].cmp(&names[b]));
    order
}
