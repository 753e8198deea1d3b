//! The scale bar: a round distance (1, 2 or 5 × 10ⁿ metres) about 100 pixels long.

use egui::{Align2, Color32, FontId, Painter, Pos2, Stroke, vec2};

/// The largest round distance in metres that fits in `max_px` at `px_per_m`, and its length in pixels.
pub fn nice_length(px_per_m: f32, max_px: f32) -> Option<(f64, f32)> {
    if !(px_per_m.is_finite() && px_per_m > 0.0) {
        return None;
    }
    let max_m = f64::from(max_px / px_per_m);
    let magnitude = 10f64.powf(max_m.log10().floor());
    let meters = [5.0, 2.0, 1.0]
        .into_iter()
        .map(|k| k * magnitude)
        .find(|&m| m <= max_m)?;
    Some((meters, (meters as f32) * px_per_m))
}

/// "500 m", "2 km".
pub fn format_distance(meters: f64) -> String {
    if meters >= 1000.0 {
        format!("{} km", meters / 1000.0)
    } else {
        format!("{meters} m")
    }
}

/// Paints the bar with its left end at `origin` (bottom-left corner of the map), its label
/// `text_scale` times the usual size.
pub fn paint(painter: &Painter, origin: Pos2, px_per_m: f32, text_scale: f32) {
    let Some((meters, len_px)) = nice_length(px_per_m, 120.0) else {
        return;
    };
    let ink = Color32::from_gray(30);
    let bg = Color32::from_white_alpha(200);
    let label = format_distance(meters);
    let font_px = 12.0 * text_scale;
    let height = 14.0 + font_px;
    let rect =
        egui::Rect::from_min_size(origin - vec2(4.0, height - 4.0), vec2(len_px + 8.0, height));
    painter.rect_filled(rect, 3.0, bg);
    let y = origin.y;
    let stroke = Stroke::new(2.0, ink);
    painter.line_segment(
        [Pos2::new(origin.x, y), Pos2::new(origin.x + len_px, y)],
        stroke,
    );
    for x in [origin.x, origin.x + len_px] {
        painter.line_segment([Pos2::new(x, y - 6.0), Pos2::new(x, y)], stroke);
    }
    painter.text(
        Pos2::new(origin.x + len_px / 2.0, y - 8.0),
        Align2::CENTER_BOTTOM,
        label,
        FontId::proportional(font_px),
        ink,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_round_lengths() {
        // 0.1 px per metre: 120 px is 1200 m, so 1 km.
        let (m, px) = nice_length(0.1, 120.0).unwrap_or_default();
        assert_eq!(m, 1000.0);
        assert!((px - 100.0).abs() < 1e-3);
        assert_eq!(format_distance(1000.0), "1 km");
        assert_eq!(format_distance(500.0), "500 m");
        assert_eq!(nice_length(0.0, 120.0), None);
    }
}
