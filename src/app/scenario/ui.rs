//! The scenario editor window: steps in order, capture the current state, edit, reorder, present.

use egui::Ui;

use crate::app::TerritoireApp;
use crate::app::action::{Action, ScenarioAction};
use crate::i18n::{tr, tr_args};

impl TerritoireApp {
    pub(crate) fn scenario_ui(&self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        if !self.scenario.open || self.presentation.is_some() {
            return;
        }
        let mut open = true;
        egui::Window::new(tr("scenario-title"))
            .open(&mut open)
            .default_width(420.0)
            .show(ctx, |ui| {
                let steps = &self.project.steps;
                ui.horizontal(|ui| {
                    let any = !steps.is_empty();
                    if ui
                        .add_enabled(any, egui::Button::new(tr("scenario-present")))
                        .clicked()
                    {
                        actions.push(Action::Scenario(ScenarioAction::StartPresentation(0)));
                    }
                    if let Some(i) = self.scenario.selected.filter(|i| *i < steps.len())
                        && ui.button(tr("scenario-present-here")).clicked()
                    {
                        actions.push(Action::Scenario(ScenarioAction::StartPresentation(i)));
                    }
                });
                ui.small(tr("scenario-keys"));
                ui.separator();
                if steps.is_empty() {
                    ui.weak(tr("scenario-empty"));
                }
                for (i, step) in steps.iter().enumerate() {
                    let selected = self.scenario.selected == Some(i);
                    let text = format!("{}. {}", i + 1, step.title);
                    if ui.selectable_label(selected, text).clicked() {
                        actions.push(Action::Scenario(ScenarioAction::GoToStep(i)));
                    }
                }
                if let Some(i) = self.scenario.selected.filter(|i| *i < steps.len()) {
                    ui.separator();
                    self.step_editor_ui(ui, i, actions);
                }
                ui.separator();
                new_step_ui(ui, actions);
            });
        if !open {
            actions.push(Action::Scenario(ScenarioAction::Toggle));
        }
    }

    fn step_editor_ui(&self, ui: &mut Ui, i: usize, actions: &mut Vec<Action>) {
        let Some(step) = self.project.steps.get(i) else {
            return;
        };
        ui.strong(tr_args("scenario-step", &[("n", &(i + 1).to_string())]));
        let mut title = step.title.clone();
        let mut text = step.text.clone();
        let label = ui.label(tr("scenario-step-title"));
        let t = ui
            .add(egui::TextEdit::singleline(&mut title).id_salt(("step-title", i)))
            .labelled_by(label.id);
        let label = ui.label(tr("scenario-step-text"));
        let x = ui
            .add(
                egui::TextEdit::multiline(&mut text)
                    .id_salt(("step-text", i))
                    .desired_rows(3),
            )
            .labelled_by(label.id);
        if t.changed() || x.changed() {
            actions.push(Action::Scenario(ScenarioAction::EditStep(i, title, text)));
        }
        ui.horizontal_wrapped(|ui| {
            if ui.button(tr("scenario-up")).clicked() {
                actions.push(Action::Scenario(ScenarioAction::MoveStep(i, -1)));
            }
            if ui.button(tr("scenario-down")).clicked() {
                actions.push(Action::Scenario(ScenarioAction::MoveStep(i, 1)));
            }
            if ui
                .button(tr("scenario-recapture"))
                .on_hover_text(tr("scenario-recapture-hint"))
                .clicked()
            {
                actions.push(Action::Scenario(ScenarioAction::RecaptureStep(i)));
            }
            if ui.button(tr("scenario-remove")).clicked() {
                actions.push(Action::Scenario(ScenarioAction::RemoveStep(i)));
            }
        });
    }
}

/// Title and text of a new step, and the button that captures the current state.
fn new_step_ui(ui: &mut Ui, actions: &mut Vec<Action>) {
    let id = egui::Id::unique("scenario-new-step");
    let (mut title, mut text): (String, String) = ui.data(|d| d.get_temp(id)).unwrap_or_default();
    ui.strong(tr("scenario-new"));
    let label = ui.label(tr("scenario-new-title"));
    ui.add(egui::TextEdit::singleline(&mut title).id_salt("new-step-title"))
        .labelled_by(label.id);
    let label = ui.label(tr("scenario-new-text"));
    ui.add(
        egui::TextEdit::multiline(&mut text)
            .id_salt("new-step-text")
            .desired_rows(2),
    )
    .labelled_by(label.id);
    if ui
        .button(tr("scenario-capture"))
        .on_hover_text(tr("scenario-capture-hint"))
        .clicked()
    {
        actions.push(Action::Scenario(ScenarioAction::CaptureStep(
            std::mem::take(&mut title),
            std::mem::take(&mut text),
        )));
    }
    ui.data_mut(|d| d.insert_temp(id, (title, text)));
}
