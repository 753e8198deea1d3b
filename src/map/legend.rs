//! The legend painted over the map while a scenario is presented (the room sees no layer panel).

use egui::{Color32, FontId, Painter, Pos2, Rect, Stroke, pos2, vec2};

use crate::print::{LegendItem, Rgba, Swatch};

const INK: Color32 = Color32::from_gray(25);
const PAPER: Color32 = Color32::from_rgba_premultiplied(255, 255, 255, 235);

fn color(c: Rgba) -> Color32 {
    let [r, g, b, a] = c.0;
    Color32::from_rgba_unmultiplied(r, g, b, a)
}

/// The legend in a framed box whose top-left corner is `at`.
pub fn paint_legend(painter: &Painter, at: Pos2, legend: &[LegendItem]) {
    if legend.is_empty() {
        return;
    }
    let galleys: Vec<_> = legend
        .iter()
        .map(|item| {
            let font = if item.swatch == Swatch::Heading {
                FontId::proportional(13.5)
            } else {
                FontId::proportional(12.5)
            };
            painter.layout(item.label.clone(), font, INK, 320.0)
        })
        .collect();
    let row = |g: &std::sync::Arc<egui::Galley>| g.size().y.max(16.0) + 4.0;
    let width = galleys.iter().map(|g| g.size().x).fold(0.0, f32::max) + 44.0;
    let height: f32 = galleys.iter().map(row).sum::<f32>() + 14.0;
    let frame = Rect::from_min_size(at, vec2(width, height));
    painter.rect(
        frame,
        4.0,
        PAPER,
        Stroke::new(1.0, Color32::from_gray(170)),
        egui::StrokeKind::Inside,
    );
    let mut y = at.y + 8.0;
    for (item, galley) in legend.iter().zip(galleys) {
        let h = row(&galley);
        let centre = pos2(at.x + 20.0, y + h / 2.0 - 2.0);
        match item.swatch {
            Swatch::Point(c) => {
                painter.circle(centre, 5.0, color(c), Stroke::new(1.0, Color32::WHITE));
            }
            Swatch::Line(c) => {
                painter.line_segment(
                    [centre - vec2(9.0, 0.0), centre + vec2(9.0, 0.0)],
                    Stroke::new(2.5, color(c)),
                );
            }
            Swatch::Fill(fill, line) => {
                painter.rect(
                    Rect::from_center_size(centre, vec2(18.0, 12.0)),
                    2.0,
                    color(fill),
                    Stroke::new(1.0, color(line)),
                    egui::StrokeKind::Inside,
                );
            }
            Swatch::Heading => {}
        }
        let x = if item.swatch == Swatch::Heading {
            at.x + 10.0
        } else {
            at.x + 36.0
        };
        painter.galley(pos2(x, y), galley, INK);
        y += h;
    }
}
