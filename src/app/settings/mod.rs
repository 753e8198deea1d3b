//! Settings: the preferences window and the display settings (size, contrast, presentation).

mod action;

pub use action::SettingsAction;

pub mod display;
mod display_ui;
mod ui;
