//! What is laid over the map: the attribution, the drawing hint, the offline note, the zoom
//! buttons and the marker of a found place.

use egui::{Align2, Color32, FontId, Pos2, Rect, RichText, Sense, Ui, vec2};

use super::MapView;
use crate::i18n::tr;
use crate::map::SketchKind;

/// A pin on a found place, with its label in a white box beside it.
pub(super) fn paint_marker(painter: &egui::Painter, at: Pos2, label: &str, text_scale: f32) {
    let head = at - vec2(0.0, 16.0);
    let red = Color32::from_rgb(0xc0, 0x1f, 0x2f);
    painter.line_segment([at, head], egui::Stroke::new(2.5, red));
    painter.circle(head, 7.0, red, egui::Stroke::new(2.0, Color32::WHITE));
    painter.circle_filled(at, 2.5, red);
    let galley = painter.layout_no_wrap(
        label.to_owned(),
        FontId::proportional(12.0 * text_scale),
        Color32::from_gray(20),
    );
    let pos = head + vec2(12.0, -galley.size().y / 2.0);
    let bg = Rect::from_min_size(pos - vec2(4.0, 2.0), galley.size() + vec2(8.0, 4.0));
    painter.rect_filled(bg, 3.0, Color32::from_white_alpha(230));
    painter.galley(pos, galley, Color32::from_gray(20));
}

/// Everything laid over the whole map area `rect`.
pub(super) fn overlays_ui(
    ui: &mut Ui,
    rect: Rect,
    attribution: Option<(String, String)>,
    view: &mut MapView,
) {
    let painter = ui.painter_at(rect);
    if let Some((text, url)) = attribution {
        attribution_ui(ui, &painter, rect, (&text, &url), view.text_scale);
    }
    if let Some(sketch) = &view.sketch {
        paint_sketch_hint(&painter, rect, sketch.kind, view.text_scale);
    }
    let note = match &view.tiles {
        Some(tiles) => tiles
            .open_error()
            .or(crate::map::health::unavailable().then_some("basemap-unavailable")),
        None => None,
    };
    if let Some(key) = note {
        painter.text(
            rect.left_top() + vec2(10.0, 10.0),
            Align2::LEFT_TOP,
            tr(key),
            FontId::proportional(12.0 * view.text_scale),
            Color32::from_gray(90),
        );
    }
    zoom_buttons_ui(ui, rect, view);
}

/// The basemap's attribution in the bottom right corner; a click opens its page.
fn attribution_ui(
    ui: &mut Ui,
    painter: &egui::Painter,
    rect: Rect,
    (text, url): (&str, &str),
    text_scale: f32,
) {
    let galley = painter.layout_no_wrap(
        text.to_owned(),
        FontId::proportional(11.0 * text_scale),
        Color32::from_gray(40),
    );
    let pos = rect.right_bottom() - galley.size() - vec2(6.0, 4.0);
    let bg = Rect::from_min_size(pos - vec2(4.0, 2.0), galley.size() + vec2(8.0, 4.0));
    let response = ui.interact(bg, ui.scope_id().with("attribution"), Sense::click());
    painter.rect_filled(bg, 2.0, Color32::from_white_alpha(200));
    painter.galley(pos, galley, Color32::from_gray(40));
    if url.is_empty() {
        return;
    }
    if response.on_hover_text(url).clicked() {
        ui.ctx().open_url(egui::OpenUrl::new_tab(url));
    }
}

/// How to draw the shape being drawn, at the top of the map.
fn paint_sketch_hint(painter: &egui::Painter, rect: Rect, kind: SketchKind, text_scale: f32) {
    let key = match kind {
        SketchKind::Rectangle => "map-sketch-rectangle",
        SketchKind::Polygon => "map-sketch-polygon",
    };
    let galley = painter.layout(
        tr(key),
        FontId::proportional(13.0 * text_scale),
        Color32::WHITE,
        rect.width() - 40.0,
    );
    let pos = rect.center_top() + vec2(-galley.size().x / 2.0, 12.0);
    let bg = Rect::from_min_size(pos - vec2(8.0, 5.0), galley.size() + vec2(16.0, 10.0));
    painter.rect_filled(bg, 4.0, Color32::from_rgba_unmultiplied(40, 40, 40, 220));
    painter.galley(pos, galley, Color32::WHITE);
}

/// The + and − buttons in the top right corner.
fn zoom_buttons_ui(ui: &mut Ui, rect: Rect, view: &mut MapView) {
    let buttons = Rect::from_min_size(rect.right_top() + vec2(-40.0, 10.0), vec2(30.0, 100.0));
    ui.scope_builder(egui::UiBuilder::new().max_rect(buttons), |ui| {
        ui.vertical(|ui| {
            let zoom_in = ui
                .button(RichText::new("+").size(18.0))
                .on_hover_text(tr("map-zoom-in"))
                .accessible_name(tr("map-zoom-in"));
            if zoom_in.clicked() {
                view.zoom_by(1.0);
            }
            let zoom_out = ui
                .button(RichText::new("−").size(18.0))
                .on_hover_text(tr("map-zoom-out"))
                .accessible_name(tr("map-zoom-out"));
            if zoom_out.clicked() {
                view.zoom_by(-1.0);
            }
        });
    });
}
