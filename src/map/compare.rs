//! Compare modes on the map: the settings, the swipe divider (mouse and keyboard), side badges, lens outline.

use egui::{Align2, Color32, FontId, Key, Pos2, Rect, Sense, Stroke, Ui, vec2};

use crate::i18n::tr;
pub use crate::project::{CompareMode, CompareView};

/// Keyboard steps of the divider: a small and a large one (with Shift), as fractions of the map.
const SMALL_STEP: f32 = 0.01;
const LARGE_STEP: f32 = 0.1;

/// The dark blue of the keyboard focus ring (the app's focus ring has the same).
const FOCUS_RING: Color32 = Color32::from_rgb(0x00, 0x33, 0x99);

impl CompareView {
    /// The screen rectangles of side A and side B in swipe mode.
    pub fn swipe_rects(&self, rect: Rect) -> (Rect, Rect) {
        let at = self.divider.clamp(0.0, 1.0);
        if self.mode == CompareMode::SwipeHorizontal {
            let y = rect.top() + rect.height() * at;
            (
                Rect::from_min_max(rect.min, Pos2::new(rect.right(), y)),
                Rect::from_min_max(Pos2::new(rect.left(), y), rect.max),
            )
        } else {
            let x = rect.left() + rect.width() * at;
            (
                Rect::from_min_max(rect.min, Pos2::new(x, rect.bottom())),
                Rect::from_min_max(Pos2::new(x, rect.top()), rect.max),
            )
        }
    }

    /// The divider position after a key press, if the key moves it.
    pub fn divider_after_key(&self, key: Key, shift: bool) -> Option<f32> {
        let step = if shift { LARGE_STEP } else { SMALL_STEP };
        let at = match key {
            Key::ArrowLeft | Key::ArrowUp => self.divider - step,
            Key::ArrowRight | Key::ArrowDown => self.divider + step,
            Key::Home => 0.0,
            Key::End => 1.0,
            _ => return None,
        };
        Some(at.clamp(0.0, 1.0))
    }
}

/// Shows the swipe divider over `rect`: dragged with the mouse, moved with the arrow keys
/// (Shift for big steps, Home/End for the edges) once focused; its knob grows with `text_scale`.
/// Returns a new position.
pub fn divider_ui(ui: &mut Ui, rect: Rect, view: &CompareView, text_scale: f32) -> Option<f32> {
    let vertical = view.mode != CompareMode::SwipeHorizontal;
    let (a, _) = view.swipe_rects(rect);
    let line = if vertical {
        Rect::from_center_size(
            Pos2::new(a.right(), rect.center().y),
            vec2(12.0, rect.height()),
        )
    } else {
        Rect::from_center_size(
            Pos2::new(rect.center().x, a.bottom()),
            vec2(rect.width(), 12.0),
        )
    };
    let id = ui.scope_id().with("compare-divider");
    let response = ui.interact(line, id, Sense::click_and_drag());
    let label = tr("compare-divider");
    response.widget_info(|| {
        egui::WidgetInfo::slider(true, f64::from(view.divider) * 100.0, label.clone())
    });
    if response.clicked() || response.drag_started() {
        response.request_focus();
    }
    let mut moved = None;
    if response.dragged()
        && let Some(p) = response.interact_pointer_pos()
    {
        let at = if vertical {
            (p.x - rect.left()) / rect.width().max(1.0)
        } else {
            (p.y - rect.top()) / rect.height().max(1.0)
        };
        moved = Some(at.clamp(0.0, 1.0));
    }
    if response.has_focus() {
        moved = divider_keys(ui, id, view, moved);
    }
    if response.hovered() || response.dragged() {
        ui.ctx().set_cursor_icon(if vertical {
            egui::CursorIcon::ResizeHorizontal
        } else {
            egui::CursorIcon::ResizeVertical
        });
    }
    paint_divider(ui, rect, view, response.has_focus(), text_scale);
    moved
}

/// The divider's position after the arrow, Home and End keys pressed this frame (keys stay
/// with the focused divider instead of moving the focus); `moved` is where dragging put it.
fn divider_keys(
    ui: &mut Ui,
    id: egui::Id,
    view: &CompareView,
    mut moved: Option<f32>,
) -> Option<f32> {
    ui.memory_mut(|m| {
        m.set_focus_lock_filter(
            id,
            egui::EventFilter {
                horizontal_arrows: true,
                vertical_arrows: true,
                ..Default::default()
            },
        );
    });
    let keys = [
        Key::ArrowLeft,
        Key::ArrowRight,
        Key::ArrowUp,
        Key::ArrowDown,
        Key::Home,
        Key::End,
    ];
    ui.input_mut(|i| {
        for key in keys {
            let shift = i.consume_key(egui::Modifiers::SHIFT, key);
            let pressed = shift || i.consume_key(egui::Modifiers::NONE, key);
            let from = moved.unwrap_or(view.divider);
            let now = CompareView {
                divider: from,
                ..*view
            };
            if pressed && let Some(at) = now.divider_after_key(key, shift) {
                moved = Some(at);
            }
        }
    });
    moved
}

fn paint_divider(ui: &Ui, rect: Rect, view: &CompareView, focused: bool, scale: f32) {
    let painter = ui.painter_at(rect);
    let (a, _) = view.swipe_rects(rect);
    let (p0, p1) = if view.mode == CompareMode::SwipeHorizontal {
        (a.left_bottom(), a.right_bottom())
    } else {
        (a.right_top(), a.right_bottom())
    };
    painter.line_segment([p0, p1], Stroke::new(4.0, Color32::from_black_alpha(90)));
    painter.line_segment([p0, p1], Stroke::new(2.0, Color32::WHITE));
    let knob = p0 + (p1 - p0) / 2.0;
    let radius = 13.0 * scale;
    if focused {
        // The keyboard focus: a wide dark ring with a white halo, seen on any map.
        painter.circle_stroke(knob, radius + 3.0, Stroke::new(6.0, Color32::WHITE));
        painter.circle_stroke(knob, radius + 3.0, Stroke::new(3.0, FOCUS_RING));
    }
    painter.circle(
        knob,
        radius,
        Color32::WHITE,
        Stroke::new(1.5, Color32::from_gray(70)),
    );
    // Two small arrowheads across the divider say which way it moves.
    let (along, across) = if view.mode == CompareMode::SwipeHorizontal {
        (vec2(1.0, 0.0), vec2(0.0, 1.0))
    } else {
        (vec2(0.0, 1.0), vec2(1.0, 0.0))
    };
    for sign in [-1.0, 1.0] {
        let tip = knob + across * 8.0 * scale * sign;
        let base = knob + across * 2.0 * scale * sign;
        painter.add(egui::Shape::convex_polygon(
            vec![tip, base + along * 4.5 * scale, base - along * 4.5 * scale],
            Color32::from_gray(40),
            Stroke::NONE,
        ));
    }
}

/// A badge naming a side ("A · Adresses") at a corner of its part of the map, its text
/// `text_scale` times the usual size.
pub fn paint_side_badge(ui: &Ui, at: Pos2, align: Align2, text: &str, text_scale: f32) {
    let painter = ui.painter();
    let font = FontId::proportional(13.0 * text_scale);
    let galley = painter.layout_no_wrap(text.to_owned(), font, Color32::WHITE);
    let size = galley.size() + vec2(14.0, 8.0);
    let rect = align.anchor_size(at, size);
    painter.rect_filled(rect, 4.0, Color32::from_rgba_unmultiplied(30, 30, 30, 200));
    painter.galley(rect.min + vec2(7.0, 4.0), galley, Color32::WHITE);
}

/// The lens outline.
pub fn paint_lens(ui: &Ui, clip: Rect, center: Pos2, radius: f32) {
    let painter = ui.painter_at(clip);
    painter.circle_stroke(
        center,
        radius,
        Stroke::new(4.0, Color32::from_black_alpha(80)),
    );
    painter.circle_stroke(center, radius, Stroke::new(2.0, Color32::WHITE));
}

/// A cross marking, in one pane, where the cursor is in the other.
pub fn paint_cursor_cross(ui: &Ui, clip: Rect, at: Pos2) {
    let painter = ui.painter_at(clip);
    let dark = Stroke::new(3.0, Color32::from_black_alpha(160));
    let light = Stroke::new(1.5, Color32::WHITE);
    for stroke in [dark, light] {
        painter.line_segment([at - vec2(10.0, 0.0), at + vec2(10.0, 0.0)], stroke);
        painter.line_segment([at - vec2(0.0, 10.0), at + vec2(0.0, 10.0)], stroke);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::pos2;

    #[test]
    fn the_divider_splits_the_map_where_it_stands() {
        let rect = Rect::from_min_size(pos2(0.0, 0.0), vec2(1000.0, 600.0));
        let view = CompareView {
            divider: 0.3,
            ..CompareView::default()
        };
        let (a, b) = view.swipe_rects(rect);
        assert_eq!((a.right(), b.left()), (300.0, 300.0));
        let horizontal = CompareView {
            mode: CompareMode::SwipeHorizontal,
            ..view
        };
        let (a, b) = horizontal.swipe_rects(rect);
        assert_eq!((a.bottom(), b.top()), (180.0, 180.0));
    }

    #[test]
    fn keys_move_the_divider_by_small_and_large_steps() {
        let view = CompareView::default();
        let small = view.divider_after_key(Key::ArrowRight, false);
        assert!(small.is_some_and(|a| (a - 0.51).abs() < 1e-6));
        let large = view.divider_after_key(Key::ArrowLeft, true);
        assert!(large.is_some_and(|a| (a - 0.4).abs() < 1e-6));
        assert_eq!(view.divider_after_key(Key::Home, false), Some(0.0));
        assert_eq!(view.divider_after_key(Key::End, true), Some(1.0));
        assert_eq!(view.divider_after_key(Key::A, false), None);
        let edge = CompareView {
            divider: 0.995,
            ..view
        };
        assert_eq!(edge.divider_after_key(Key::ArrowRight, false), Some(1.0));
    }

    #[test]
    fn modes_are_named_on_the_command_line() {
        assert_eq!(
            CompareMode::parse("swipe"),
            Some(CompareMode::SwipeVertical)
        );
        assert_eq!(CompareMode::parse("side"), Some(CompareMode::SideBySide));
        assert_eq!(CompareMode::parse("loupe"), None);
    }
}
