//! What the user can ask of the training scenario and its presentation, and how the app carries it out.

use crate::app::TerritoireApp;

/// Something the user asked of the training scenario and its presentation.
#[derive(Clone, Debug, PartialEq)]
pub enum ScenarioAction {
    /// Show or hide the scenario editor.
    Toggle,
    /// Add the current state as a step: title and text.
    CaptureStep(String, String),
    /// Replace a step's state by the current one.
    RecaptureStep(usize),
    /// Change a step's title and text.
    EditStep(usize, String, String),
    /// Show a step.
    GoToStep(usize),
    /// Move a step up (−1) or down (+1).
    MoveStep(usize, i32),
    /// Remove a step.
    RemoveStep(usize),
    /// Present the scenario from this step, full screen.
    StartPresentation(usize),
    /// Next (+1) or previous (−1) step of the presentation.
    PresentationStep(i64),
    /// Back to step 1 and its original state.
    ResetExercise,
    /// Leave the presentation.
    StopPresentation,
}

impl TerritoireApp {
    /// Carries out one request about the training scenario and its presentation.
    pub(crate) fn apply_scenario(&mut self, action: ScenarioAction) {
        match action {
            ScenarioAction::Toggle => self.scenario.open = !self.scenario.open,
            ScenarioAction::CaptureStep(title, text) => self.capture_step(title, text),
            ScenarioAction::RecaptureStep(i) => self.recapture_step(i),
            ScenarioAction::EditStep(i, title, text) => {
                if let Some(step) = self.project.steps.get_mut(i) {
                    step.title = title;
                    step.text = text;
                }
            }
            ScenarioAction::GoToStep(i) => self.go_to_step(i),
            ScenarioAction::MoveStep(i, delta) => self.move_step(i, delta),
            ScenarioAction::RemoveStep(i) => {
                if i < self.project.steps.len() {
                    self.project.steps.remove(i);
                    self.scenario.selected = None;
                }
            }
            ScenarioAction::StartPresentation(i) => self.start_presentation(i),
            ScenarioAction::PresentationStep(delta) => self.presentation_step(delta),
            ScenarioAction::ResetExercise => self.reset_exercise(),
            ScenarioAction::StopPresentation => self.stop_presentation(),
        }
    }
}
