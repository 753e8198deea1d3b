//! Presentation display settings turned into egui: zoom factor, high-contrast look, map text scale.

use egui::{Color32, Context, Stroke, Theme, Visuals, style::Selection};

use crate::app::TerritoireApp;
use crate::settings::DisplaySettings;

/// How much larger map text is with large labels.
pub const LARGE_LABEL_SCALE: f32 = 1.5;

/// The dark blue of the focus ring and of selected text in high contrast.
const FOCUS_BLUE: Color32 = Color32::from_rgb(0x00, 0x33, 0x99);

/// The yellow behind selected items in high contrast (black and dark blue read well on it).
const SELECTION_YELLOW: Color32 = Color32::from_rgb(0xff, 0xd4, 0x00);

/// The egui zoom factor for these settings (1.0 is 100 %).
pub fn zoom_factor(display: &DisplaySettings) -> f32 {
    display.ui_scale_clamped()
}

/// How much larger than usual the map paints its text.
pub fn map_text_scale(display: &DisplaySettings) -> f32 {
    if display.large_labels {
        LARGE_LABEL_SCALE
    } else {
        1.0
    }
}

/// The look of the app for a theme (the app uses the light one), in high contrast or not.
/// High contrast is light whatever the theme.
pub fn visuals(theme: Theme, high_contrast: bool) -> Visuals {
    match (high_contrast, theme) {
        (true, _) => high_contrast_visuals(),
        (false, Theme::Light) => Visuals::light(),
        (false, Theme::Dark) => Visuals::dark(),
    }
}

/// A light background, black text, thick dark outlines, a yellow selection and a wide dark
/// blue ring around the focused widget (egui draws focused widgets with the `active` look).
pub fn high_contrast_visuals() -> Visuals {
    let black = Color32::BLACK;
    let mut v = Visuals::light();
    v.override_text_color = Some(black);
    v.weak_text_color = Some(Color32::from_gray(40));
    v.panel_fill = Color32::WHITE;
    v.window_fill = Color32::WHITE;
    v.window_stroke = Stroke::new(2.0, black);
    v.extreme_bg_color = Color32::WHITE;
    v.faint_bg_color = Color32::from_gray(235);
    v.code_bg_color = Color32::from_gray(225);
    v.hyperlink_color = FOCUS_BLUE;
    v.warn_fg_color = Color32::from_rgb(0x8a, 0x3c, 0x00);
    v.error_fg_color = Color32::from_rgb(0xb0, 0x00, 0x00);
    v.selection = Selection {
        bg_fill: SELECTION_YELLOW,
        stroke: Stroke::new(3.0, FOCUS_BLUE),
    };
    v.text_cursor.stroke = Stroke::new(2.5, black);
    v.slider_trailing_fill = true;
    let w = &mut v.widgets;
    w.noninteractive.bg_fill = Color32::WHITE;
    w.noninteractive.weak_bg_fill = Color32::WHITE;
    w.noninteractive.bg_stroke = Stroke::new(1.5, Color32::from_gray(40));
    w.noninteractive.fg_stroke = Stroke::new(1.5, black);
    w.inactive.bg_fill = Color32::from_gray(235);
    w.inactive.weak_bg_fill = Color32::from_gray(235);
    w.inactive.bg_stroke = Stroke::new(1.5, black);
    w.inactive.fg_stroke = Stroke::new(2.0, black);
    w.hovered.bg_fill = Color32::from_gray(210);
    w.hovered.weak_bg_fill = Color32::from_gray(210);
    w.hovered.bg_stroke = Stroke::new(2.0, black);
    w.hovered.fg_stroke = Stroke::new(2.0, black);
    w.active.bg_fill = SELECTION_YELLOW;
    w.active.weak_bg_fill = Color32::from_rgb(0xff, 0xec, 0x99);
    w.active.bg_stroke = Stroke::new(3.0, FOCUS_BLUE);
    w.active.fg_stroke = Stroke::new(2.0, black);
    w.active.expansion = 1.0;
    w.open.bg_fill = Color32::from_gray(215);
    w.open.weak_bg_fill = Color32::from_gray(215);
    w.open.bg_stroke = Stroke::new(2.0, black);
    w.open.fg_stroke = Stroke::new(2.0, black);
    v
}

/// Sets egui's zoom and look from the settings (the zoom takes effect next frame).
pub fn apply(ctx: &Context, display: &DisplaySettings) {
    ctx.set_zoom_factor(zoom_factor(display));
    for theme in [Theme::Light, Theme::Dark] {
        ctx.style_mut_of(theme, |style| {
            // Whether the text cursor blinks is a choice of its own (tests switch it off).
            let blink = style.visuals.text_cursor.blink;
            style.visuals = visuals(theme, display.high_contrast);
            style.visuals.text_cursor.blink = blink;
        });
    }
}

/// The presentation toggle: the settings after it, and what to restore when it is turned off.
pub fn toggle_presentation(
    current: DisplaySettings,
    before: Option<DisplaySettings>,
) -> (DisplaySettings, Option<DisplaySettings>) {
    if current.is_presentation() {
        (before.unwrap_or_default(), None)
    } else {
        (DisplaySettings::PRESENTATION, Some(current))
    }
}

impl TerritoireApp {
    /// Applies the saved display settings to egui and to the map.
    pub(crate) fn apply_display(&mut self) {
        apply(&self.ctx, &self.settings.display);
        self.map
            .set_text_scale(map_text_scale(&self.settings.display));
    }

    /// Changes the display settings, applies and saves them.
    pub(crate) fn set_display(&mut self, display: DisplaySettings) {
        self.settings.display = DisplaySettings {
            ui_scale: display.ui_scale_clamped(),
            ..display
        };
        self.apply_display();
        self.save_settings();
    }

    /// Turns the presentation mode on (remembering the settings it replaces) or off.
    pub(crate) fn toggle_presentation(&mut self) {
        let (display, before) = toggle_presentation(
            self.settings.display,
            self.settings.display_before_presentation,
        );
        self.settings.display_before_presentation = before;
        self.set_display(display);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_presentation_toggle_restores_the_previous_settings() {
        let mine = DisplaySettings {
            ui_scale: 1.2,
            high_contrast: false,
            large_labels: true,
        };
        let (on, before) = toggle_presentation(mine, None);
        assert!(on.is_presentation());
        assert_eq!(before, Some(mine));
        let (off, before) = toggle_presentation(on, before);
        assert_eq!((off, before), (mine, None));
        // Presentation saved from an earlier run, nothing remembered: back to the defaults.
        let (off, _) = toggle_presentation(DisplaySettings::PRESENTATION, None);
        assert_eq!(off, DisplaySettings::default());
    }

    #[test]
    fn high_contrast_has_black_text_and_a_wide_dark_focus_ring() {
        let v = visuals(Theme::Light, true);
        assert_eq!(v.text_color(), Color32::BLACK);
        assert!(!v.dark_mode);
        assert!(v.widgets.active.bg_stroke.width >= 2.0);
        assert!(v.selection.stroke.width >= 2.0);
        assert!(v.widgets.inactive.bg_stroke.width >= 1.5);
        assert_eq!(visuals(Theme::Dark, true), v);
        assert_eq!(visuals(Theme::Light, false), Visuals::light());
    }

    #[test]
    fn the_zoom_follows_the_ui_scale_within_its_range() {
        let at = |ui_scale| {
            zoom_factor(&DisplaySettings {
                ui_scale,
                ..DisplaySettings::default()
            })
        };
        assert_eq!(at(1.5), 1.5);
        assert_eq!(at(3.0), 2.0);
        assert_eq!(map_text_scale(&DisplaySettings::PRESENTATION), 1.5);
        assert_eq!(map_text_scale(&DisplaySettings::default()), 1.0);
    }
}
