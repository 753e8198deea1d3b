//! The status bar: cursor position in WGS84 and Lambert-93, zoom, "zoom to Angers".

use egui::Ui;

use super::TerritoireApp;
use crate::app::action::{Action, LayersAction};
use crate::i18n::{tr, tr_args};

/// `47.47160° N` / `0.55360° O` style text for a latitude or longitude.
pub fn format_degrees(value: f64, positive: &str, negative: &str) -> String {
    let hemisphere = if value < 0.0 { negative } else { positive };
    format!("{:.5}° {hemisphere}", value.abs())
}

/// Whole metres with the interface's thousands separator: `430 123` (French, narrow no-break
/// space) or `430,123` (English).
pub fn format_metres(value: f64) -> String {
    crate::i18n::format_integer(value.round() as i64)
}

impl TerritoireApp {
    pub(super) fn status_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        ui.horizontal(|ui| {
            if ui.button(tr("action-zoom-angers")).clicked() {
                actions.push(Action::Layers(LayersAction::ZoomToAngers));
            }
            ui.separator();
            match self.cursor {
                Some([lon, lat]) => {
                    let wgs = format!(
                        "{}, {}",
                        format_degrees(lat, &tr("north"), &tr("south")),
                        format_degrees(lon, &tr("east"), &tr("west"))
                    );
                    ui.label(tr_args("status-wgs84", &[("coords", &wgs)]));
                    if let Some([x, y]) = self.cursor_lambert93() {
                        let l93 = format!("X {} m, Y {} m", format_metres(x), format_metres(y));
                        ui.separator();
                        ui.label(tr_args("status-lambert93", &[("coords", &l93)]));
                    }
                }
                None => {
                    ui.label(tr("status-no-cursor"));
                }
            }
            ui.separator();
            let (_, zoom) = self.map.center_zoom();
            ui.label(tr_args("status-zoom", &[("zoom", &format!("{zoom:.1}"))]));
            ui.separator();
            self.project_notice_ui(ui);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_read_the_french_way() {
        assert_eq!(format_degrees(-0.5536, "E", "O"), "0.55360° O");
        let metres =
            crate::i18n::in_language(crate::i18n::Language::Fr, || format_metres(6_710_123.4));
        assert_eq!(metres, "6\u{202f}710\u{202f}123");
        assert_eq!(format_metres(430.0), "430");
    }
}
