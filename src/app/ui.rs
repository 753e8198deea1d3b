//! Lays out the window: menu bar, layer panel, status bar, map, popups. Returns the user's actions.

use egui::{Panel, Ui};

use super::TerritoireApp;
use super::focus::Place;
use crate::app::action::{
    Action, CompareAction, FilterAction, LayersAction, PortalAction, PrintAction, ScenarioAction,
    SearchAction, SettingsAction, ZonesAction,
};
use crate::i18n::tr;
use crate::map::{LayerDraw, MapOutput, Scene, map_ui};

impl TerritoireApp {
    /// Draws every panel; what the user did comes back as actions.
    pub(super) fn ui_panels(&mut self, ui: &mut Ui) -> Vec<Action> {
        let mut actions = Vec::new();
        if self.presentation.is_some() {
            // Presenting: the map and the step, nothing else.
            self.presentation_ui(ui, &mut actions);
            egui::CentralPanel::default()
                .frame(egui::Frame::NONE.fill(egui::Color32::from_rgb(0xee, 0xec, 0xe6)))
                .show(ui, |ui| self.map_panel_ui(ui, &mut actions));
            self.presentation_keys_ui(ui, &mut actions);
            return actions;
        }
        // Tab follows the screen: menu bar, layer panel top to bottom, map, right panel, then
        // the status bar. egui moves the focus in drawing order, so the bars take their place
        // first and get their controls in screen order.
        Panel::top("menu").show(ui, |ui| self.menu_ui(ui, &mut actions));
        let status = Place::bottom(ui, "status");
        Panel::left("layers")
            .resizable(true)
            .default_size(300.0)
            .show(ui, |ui| {
                let bookmarks = Place::bottom(ui, "bookmarks");
                self.layers_ui(ui, &mut actions);
                bookmarks.fill(ui, |ui| self.bookmarks_ui(ui, &mut actions));
            });
        let portal = self.portal.open.then(|| Place::right(ui, "portal", 380.0));
        let internal = self
            .internal
            .open
            .then(|| Place::right(ui, "internal", 380.0));
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE.fill(egui::Color32::from_rgb(0xee, 0xec, 0xe6)))
            .show(ui, |ui| self.map_panel_ui(ui, &mut actions));
        if let Some(portal) = portal {
            portal.fill(ui, |ui| self.portal_ui(ui, &mut actions));
        }
        if let Some(internal) = internal {
            internal.fill(ui, |ui| self.internal_ui(ui, &mut actions));
        }
        status.fill(ui, |ui| self.status_ui(ui, &mut actions));
        self.identify_ui(ui.ctx(), &mut actions);
        if self.settings_open {
            self.settings_ui(ui.ctx(), &mut actions);
        }
        self.large_dataset_ui(&ui.ctx().clone(), &mut actions);
        self.duplicate_ui(ui.ctx(), &mut actions);
        self.layer_choice_ui(&ui.ctx().clone(), &mut actions);
        self.path_prompt_ui(&ui.ctx().clone(), &mut actions);
        self.table_ui(ui.ctx(), &mut actions);
        self.quality_ui(ui.ctx(), &mut actions);
        self.basemap_server_ui(ui.ctx(), &mut actions);
        self.basemap_offline_ui(ui.ctx(), &mut actions);
        self.filter_ui(ui.ctx(), &mut actions);
        self.zone_stats_ui(ui.ctx(), &mut actions);
        self.print_ui(ui.ctx(), &mut actions);
        self.scenario_ui(ui.ctx(), &mut actions);
        self.restore_ui(ui.ctx(), &mut actions);
        self.project_title_ui(ui.ctx(), &mut actions);
        self.change_ui(ui.ctx(), &mut actions);
        self.map.set_floating(floating_windows(ui.ctx()));
        actions
    }

    fn menu_ui(&self, ui: &mut Ui, actions: &mut Vec<Action>) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button(tr("menu-file"), |ui| {
                closing(ui, actions, |ui, actions| self.file_menu_ui(ui, actions));
            });
            ui.menu_button(tr("menu-basemap"), |ui| {
                closing(ui, actions, |ui, actions| self.basemap_menu_ui(ui, actions));
            });
            ui.menu_button(tr("menu-view"), |ui| {
                closing(ui, actions, |ui, actions| self.view_menu_ui(ui, actions));
            });
            self.compare_toggle_ui(ui, actions);
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                self.search_box_ui(ui, actions);
            });
        });
    }

    /// Open, the demo, the project, the feature windows, quit.
    fn file_menu_ui(&self, ui: &mut Ui, actions: &mut Vec<Action>) {
        if ui.button(tr("menu-open")).clicked() {
            actions.push(Action::Layers(LayersAction::ShowOpenDialog));
        }
        if ui.button(tr("menu-open-demo")).clicked() {
            actions.push(Action::Layers(LayersAction::OpenDemo));
        }
        ui.separator();
        self.project_menu_ui(ui, actions);
        ui.separator();
        if ui.button(tr("menu-portal")).clicked() {
            actions.push(Action::Portal(PortalAction::Toggle));
        }
        if ui.button(tr("menu-internal")).clicked() {
            actions.push(Action::Internal(crate::app::action::InternalAction::Toggle));
        }
        if ui.button(tr("menu-zone-stats")).clicked() {
            actions.push(Action::Zones(ZonesAction::Toggle));
        }
        if ui.button(tr("menu-export-map")).clicked() {
            actions.push(Action::Print(PrintAction::Toggle));
        }
        if ui.button(tr("menu-change")).clicked() {
            actions.push(Action::Change(super::change::ChangeAction::Open(None)));
        }
        ui.separator();
        if ui.button(tr("menu-quit")).clicked() {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    /// The marker, the view of Angers, the scenario, the presentation and the settings.
    fn view_menu_ui(&self, ui: &mut Ui, actions: &mut Vec<Action>) {
        if self.map.marker.is_some() && ui.button(tr("search-clear-marker")).clicked() {
            actions.push(Action::Search(SearchAction::ClearMarker));
        }
        if ui.button(tr("action-zoom-angers")).clicked() {
            actions.push(Action::Layers(LayersAction::ZoomToAngers));
        }
        if ui.button(tr("menu-scenario")).clicked() {
            actions.push(Action::Scenario(ScenarioAction::Toggle));
        }
        if ui
            .add_enabled(
                !self.project.steps.is_empty(),
                egui::Button::new(tr("menu-present")),
            )
            .clicked()
        {
            actions.push(Action::Scenario(ScenarioAction::StartPresentation(0)));
        }
        if ui.button(tr("menu-settings")).clicked() {
            actions.push(Action::Settings(SettingsAction::Toggle));
        }
        self.presentation_toggle_ui(ui, actions);
    }

    fn map_panel_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        // Presenting, the room sees the legend on the map (there is no layer panel).
        self.map.legend = if self.presentation.is_some() {
            self.print_sheet().legend
        } else {
            Vec::new()
        };
        let highlight = self.identified.as_ref().map(|i| (i.layer, i.feature));
        self.map.drawings = self.drawn_rings();
        let highlights: Vec<Vec<usize>> = self
            .layers
            .iter()
            .map(|l| self.highlighted(l.id, highlight))
            .collect();
        let layers = layer_draws(&self.layers, highlights, &self.zone_stats);
        // The change view's categories go on top, on both sides of a comparison.
        let changes = self.change.draws();
        let scene = if self.compare.active {
            self.compare_bar_ui(ui, actions);
            let mut comparison = self.comparison(layers);
            comparison.a.extend(changes.iter().cloned());
            comparison.b.extend(changes);
            Scene::Compare(comparison)
        } else {
            Scene::Layers(layers.into_iter().map(|(_, d)| d).chain(changes).collect())
        };
        let out = map_ui(ui, &mut self.map, scene);
        self.partial_badges_ui(ui);
        self.start_screen_ui(ui, actions);
        self.map_output_ui(ui, &out, actions);
    }

    /// What the map reported: the divider dragged, a drawing finished, the zone under the
    /// pointer (shown in a tooltip), a click to identify.
    fn map_output_ui(&mut self, ui: &mut Ui, out: &MapOutput, actions: &mut Vec<Action>) {
        if let Some(at) = out.divider {
            let mut view = self.compare.view;
            view.divider = at;
            actions.push(Action::Compare(CompareAction::SetView(view)));
        }
        if let Some(event) = out.sketch.clone() {
            actions.push(Action::Filter(FilterAction::SketchFinished(event)));
        }
        if let Some(at) = out.hovered {
            self.zone_tooltip_ui(ui, at);
        }
        self.cursor = out.hovered.or(self.cursor);
        if let Some(click) = out.clicked {
            actions.push(Action::Layers(LayersAction::Identify(
                click,
                out.tolerance_deg,
            )));
        }
    }

    /// Features to highlight on a layer: the identified one and the table's selected rows.
    pub(crate) fn highlighted(
        &self,
        id: super::LayerId,
        identified: Option<(super::LayerId, usize)>,
    ) -> Vec<usize> {
        let mut out: Vec<usize> = identified
            .filter(|(layer, _)| *layer == id)
            .map(|(_, f)| f)
            .into_iter()
            .collect();
        if let Some(table) = self.table.as_ref().filter(|t| t.layer == id) {
            let first = out.first().copied();
            out.extend(
                table
                    .selected
                    .iter()
                    .take(super::table::MAX_HIGHLIGHTED)
                    .filter(|&&r| Some(r) != first),
            );
        }
        out
    }
}

/// A menu's entries; the menu closes once one is chosen. egui closes it after a click of the
/// mouse, not after Enter or Space on the focused entry, which left it open over the window.
fn closing(
    ui: &mut Ui,
    actions: &mut Vec<Action>,
    entries: impl FnOnce(&mut Ui, &mut Vec<Action>),
) {
    let before = actions.len();
    entries(ui, actions);
    if actions.len() > before {
        ui.close();
    }
}

/// The visible, loaded layers as the map draws them, bottom first, each with its features to
/// highlight, its filter's mask and its zone fills.
fn layer_draws<'a>(
    layers: &'a [crate::app::Layer],
    highlights: Vec<Vec<usize>>,
    stats: &'a crate::app::zones::ZoneStatsPanel,
) -> Vec<(super::LayerId, LayerDraw<'a>)> {
    layers
        .iter()
        .zip(highlights)
        .filter(|(l, _)| l.visible)
        .filter_map(|(l, highlight)| {
            let draw = LayerDraw {
                dataset: l.dataset.as_ref()?,
                style: l.style,
                highlight,
                mask: l.filter.as_ref().map(|f| f.mask.as_ref()),
                grey_out: l.filter_mode == crate::app::FilterMode::Grey,
                fills: stats.fills_for(l.id),
                label: l
                    .label
                    .as_deref()
                    .and_then(|name| l.dataset.as_ref()?.column(name)),
            };
            Some((l.id, draw))
        })
        .collect()
}

/// The windows floating over the panels this frame (attribute table, zone statistics…).
pub fn floating_windows(ctx: &egui::Context) -> Vec<egui::Rect> {
    ctx.memory(|m| {
        m.areas()
            .visible_layer_ids()
            .into_iter()
            .filter(|layer| layer.order == egui::Order::Middle)
            .filter_map(|layer| m.area_rect(layer.id))
            .collect()
    })
}
