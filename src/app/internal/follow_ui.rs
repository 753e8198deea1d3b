//! The *affichage partiel* badge of a layer that follows the map, on its card and on the map,
//! with a tooltip saying how to see every feature (zoom in or filter); the view being read.

use egui::{Align2, RichText, Ui, vec2};

use crate::app::TerritoireApp;
use crate::i18n::{format_count, tr, tr_args};

/// The badge's words: how many features are shown of a view that holds more.
fn badge_text(shown: usize) -> String {
    tr_args(
        "internal-partial",
        &[("count", &format_count(shown as u64))],
    )
}

/// On a layer's card: the badge when only `partial` features of the view are on the map, and
/// a spinner while the next view is `reading`.
pub fn view_state_ui(ui: &mut Ui, partial: Option<usize>, reading: bool) {
    if reading {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(RichText::new(tr("internal-view-reading")).weak());
        });
    }
    if let Some(shown) = partial {
        let color = ui.visuals().warn_fg_color;
        ui.label(RichText::new(format!("⚠ {}", badge_text(shown))).color(color))
            .on_hover_text(tr("internal-partial-hint"));
    }
}

impl TerritoireApp {
    /// The badges of the visible layers whose view held more features than were read, at the
    /// foot of the map (the top holds the windows opened from the layers: zone statistics, the
    /// table).
    pub(crate) fn partial_badges_ui(&self, ui: &mut Ui) {
        let partial: Vec<(String, usize)> = self
            .layers
            .iter()
            .filter(|l| l.visible)
            .filter_map(|l| self.partial_display(l.id).map(|n| (l.name.clone(), n)))
            .collect();
        if partial.is_empty() {
            return;
        }
        let rect = self.map.map_rect();
        egui::Area::new(egui::Id::unique("partial-display-badges"))
            .order(egui::Order::Foreground)
            .pivot(Align2::CENTER_BOTTOM)
            .fixed_pos(rect.center_bottom() - vec2(0.0, 8.0))
            .interactable(true)
            .show(ui.ctx(), |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    let color = ui.visuals().warn_fg_color;
                    for (name, shown) in partial {
                        let text = format!("⚠ {name} — {}", badge_text(shown));
                        ui.label(RichText::new(text).color(color).strong())
                            .on_hover_text(tr("internal-partial-hint"));
                    }
                });
            });
    }
}
