//! One notch of the mouse wheel zooms the map by one level at most, whatever the frame rate:
//! walkers turns the smoothed scroll into zoom in proportion to the frame time, so a slow frame
//! (software rendering, a remote desktop) made one notch jump several levels.

use egui::{Event, MouseWheelUnit, Rect, Ui};

/// The points egui counts for one line of a wheel notch (its default on desktops).
const LINE_POINTS: f32 = 40.0;
/// walkers' zoom speed: it zooms `smooth_scroll.y × dt ÷ 4 × speed` levels a frame.
const WALKERS_ZOOM_SPEED: f64 = 2.0;

/// Replaces this frame's smoothed scroll over `rect` by the scroll that makes walkers zoom by
/// the wheel's notches of this frame, one level each at most and one level at most a frame;
/// pinch and Ctrl+wheel zoom are left to walkers.
pub fn limit_wheel_zoom(ui: &mut Ui, rect: Rect) {
    if !ui.rect_contains_pointer(rect) {
        return;
    }
    ui.input_mut(|i| {
        if i.zoom_delta() != 1.0 || i.modifiers.command {
            return;
        }
        let page = rect.height();
        let points: f32 = i
            .events
            .iter()
            .filter_map(|e| match e {
                Event::MouseWheel { unit, delta, .. } => Some(match unit {
                    MouseWheelUnit::Point => delta.y,
                    MouseWheelUnit::Line => delta.y * LINE_POINTS,
                    MouseWheelUnit::Page => delta.y * page,
                }),
                _ => None,
            })
            .sum();
        i.smooth_scroll_delta.y = scroll_for(levels(points), i.stable_dt, i.predicted_dt);
    });
}

/// The zoom levels a wheel movement of `points` asks for: a notch is one level, at most one.
fn levels(points: f32) -> f64 {
    f64::from(points / LINE_POINTS).clamp(-1.0, 1.0)
}

/// The smoothed scroll from which walkers computes a zoom of exactly `levels` this frame.
fn scroll_for(levels: f64, stable_dt: f32, predicted_dt: f32) -> f32 {
    let dt = stable_dt
        .clamp(predicted_dt * 0.5, predicted_dt * 2.0)
        .max(1e-4);
    (levels * 4.0 / (WALKERS_ZOOM_SPEED * f64::from(dt))) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notch_is_one_level_whatever_the_frame_time() {
        for dt in [1.0 / 60.0, 0.1, 0.5] {
            let scroll = scroll_for(levels(LINE_POINTS), dt, 1.0 / 60.0);
            // walkers: zoom = scroll × clamped dt ÷ 4 × speed.
            let clamped = dt.clamp(0.5 / 60.0, 2.0 / 60.0);
            let zoom = f64::from(scroll * clamped) / 4.0 * WALKERS_ZOOM_SPEED;
            assert!((zoom - 1.0).abs() < 1e-4, "{dt}: {zoom}");
        }
        assert_eq!(
            levels(5.0 * LINE_POINTS),
            1.0,
            "never more than a level a frame"
        );
        assert_eq!(levels(-LINE_POINTS), -1.0);
        assert_eq!(levels(0.0), 0.0);
    }
}
