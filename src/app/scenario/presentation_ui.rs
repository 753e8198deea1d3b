//! Presenting the scenario: the current step in large text under the map, keyboard and clicker keys.

use egui::{Key, Panel, RichText, Ui};

use crate::app::TerritoireApp;
use crate::app::action::{Action, ScenarioAction};
use crate::i18n::{tr, tr_args};

/// Keys that go to the next step: arrows, space and Page Down (what presentation clickers send).
const NEXT: [Key; 4] = [Key::ArrowRight, Key::ArrowDown, Key::Space, Key::PageDown];
/// Keys that go back.
const PREVIOUS: [Key; 4] = [Key::ArrowLeft, Key::ArrowUp, Key::PageUp, Key::Backspace];

impl TerritoireApp {
    /// The presentation's keys, read after the map so that a control chosen with Tab (the
    /// swipe divider) keeps the arrows it uses; the clicker's Page keys always work. Not while
    /// a text field has the keyboard: the arrows and space are typing there.
    pub(crate) fn presentation_keys_ui(&self, ui: &mut Ui, actions: &mut Vec<Action>) {
        if self.presentation.is_some() && !ui.ctx().text_edit_focused() {
            keys_ui(ui, actions);
        }
    }

    /// The step's title and text in large type, with the navigation buttons.
    pub(crate) fn presentation_ui(&self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let Some(index) = self.presentation else {
            return;
        };
        let Some(step) = self.project.steps.get(index) else {
            return;
        };
        let total = self.project.steps.len();
        Panel::bottom("presentation")
            .frame(
                egui::Frame::new()
                    .fill(egui::Color32::from_rgb(0x1e, 0x2a, 0x38))
                    .inner_margin(egui::Margin::symmetric(28, 18)),
            )
            .show(ui, |ui| {
                let white = egui::Color32::WHITE;
                ui.label(
                    RichText::new(tr_args(
                        "presentation-step",
                        &[
                            ("n", &(index + 1).to_string()),
                            ("total", &total.to_string()),
                        ],
                    ))
                    .size(16.0)
                    .color(egui::Color32::from_gray(190)),
                );
                ui.label(RichText::new(&step.title).size(34.0).strong().color(white));
                if !step.text.is_empty() {
                    ui.label(RichText::new(&step.text).size(22.0).color(white));
                }
                ui.add_space(10.0);
                buttons_ui(ui, index, total, actions);
            });
    }
}

/// The keys of a keyboard or clicker: next, previous, first step, end of the presentation.
fn keys_ui(ui: &mut Ui, actions: &mut Vec<Action>) {
    ui.input_mut(|i| {
        if NEXT
            .iter()
            .any(|k| i.consume_key(egui::Modifiers::NONE, *k))
        {
            actions.push(Action::Scenario(ScenarioAction::PresentationStep(1)));
        } else if PREVIOUS
            .iter()
            .any(|k| i.consume_key(egui::Modifiers::NONE, *k))
        {
            actions.push(Action::Scenario(ScenarioAction::PresentationStep(-1)));
        } else if i.consume_key(egui::Modifiers::NONE, Key::Home) {
            actions.push(Action::Scenario(ScenarioAction::GoToStep(0)));
        } else if i.consume_key(egui::Modifiers::NONE, Key::Escape) {
            actions.push(Action::Scenario(ScenarioAction::StopPresentation));
        }
    });
}

/// Previous and next (off at the ends), then reset the exercise and quit, in large type.
fn buttons_ui(ui: &mut Ui, index: usize, total: usize, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        let big = |key: &str| egui::Button::new(RichText::new(tr(key)).size(18.0));
        if ui
            .add_enabled(index > 0, big("presentation-previous"))
            .clicked()
        {
            actions.push(Action::Scenario(ScenarioAction::PresentationStep(-1)));
        }
        if ui
            .add_enabled(index + 1 < total, big("presentation-next"))
            .clicked()
        {
            actions.push(Action::Scenario(ScenarioAction::PresentationStep(1)));
        }
        ui.add_space(24.0);
        if ui.add(big("presentation-reset")).clicked() {
            actions.push(Action::Scenario(ScenarioAction::ResetExercise));
        }
        if ui.add(big("presentation-quit")).clicked() {
            actions.push(Action::Scenario(ScenarioAction::StopPresentation));
        }
    });
}
