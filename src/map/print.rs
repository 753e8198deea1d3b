//! The layout of a map exported for a note: title, legend, north arrow, sources and licences over the map.

use egui::{Align2, Color32, FontId, Painter, Pos2, Rect, Stroke, pos2, vec2};

/// How a legend entry's symbol looks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Swatch {
    /// A dot (point layers).
    Point(Color32),
    /// A stroke (line layers).
    Line(Color32),
    /// A filled square with an outline (polygon layers, classes of a choropleth).
    Fill(Color32, Color32),
    /// No symbol: a heading line.
    Heading,
}

/// One line of the legend.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendItem {
    /// The symbol.
    pub swatch: Swatch,
    /// Its text.
    pub label: String,
}

/// What is laid over the map in an export.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PrintSheet {
    /// The title, at the top.
    pub title: String,
    /// A line under the title (date, place).
    pub subtitle: String,
    /// The legend, top to bottom.
    pub legend: Vec<LegendItem>,
    /// Sources and licences of the layers and the basemap, one per line.
    pub sources: Vec<String>,
}

const INK: Color32 = Color32::from_gray(25);
const PAPER: Color32 = Color32::from_rgba_premultiplied(255, 255, 255, 235);

/// Paints the sheet over the map `rect`. The scale bar and basemap attribution are the map's own.
pub fn paint(painter: &Painter, rect: Rect, sheet: &PrintSheet) {
    let title_bottom = paint_title(painter, rect, sheet);
    paint_north_arrow(painter, pos2(rect.right() - 34.0, title_bottom + 40.0));
    paint_legend(
        painter,
        pos2(rect.left() + 12.0, title_bottom + 12.0),
        &sheet.legend,
    );
    paint_sources(painter, rect, sheet);
}

/// The title band; returns its bottom.
fn paint_title(painter: &Painter, rect: Rect, sheet: &PrintSheet) -> f32 {
    if sheet.title.is_empty() && sheet.subtitle.is_empty() {
        return rect.top();
    }
    let width = rect.width() - 24.0;
    let title = painter.layout(sheet.title.clone(), FontId::proportional(22.0), INK, width);
    let subtitle = painter.layout(
        sheet.subtitle.clone(),
        FontId::proportional(12.0),
        Color32::from_gray(70),
        width,
    );
    let height = title.size().y + subtitle.size().y + 18.0;
    let band = Rect::from_min_size(rect.min, vec2(rect.width(), height));
    painter.rect_filled(band, 0.0, PAPER);
    painter.line_segment(
        [band.left_bottom(), band.right_bottom()],
        Stroke::new(1.0, Color32::from_gray(180)),
    );
    let title_height = title.size().y;
    painter.galley(rect.min + vec2(12.0, 8.0), title, INK);
    painter.galley(
        rect.min + vec2(12.0, 10.0 + title_height),
        subtitle,
        Color32::from_gray(70),
    );
    band.bottom()
}

/// A north arrow centred on `at` (the maps are north-up Web Mercator).
fn paint_north_arrow(painter: &Painter, at: Pos2) {
    painter.circle_filled(at, 22.0, PAPER);
    let tip = at + vec2(0.0, -16.0);
    let left = at + vec2(-8.0, 10.0);
    let right = at + vec2(8.0, 10.0);
    let notch = at + vec2(0.0, 5.0);
    painter.add(egui::Shape::convex_polygon(
        vec![tip, notch, left],
        INK,
        Stroke::NONE,
    ));
    painter.add(egui::Shape::convex_polygon(
        vec![tip, right, notch],
        Color32::from_gray(150),
        Stroke::new(1.0, INK),
    ));
    painter.text(
        at + vec2(0.0, -17.0),
        Align2::CENTER_BOTTOM,
        "N",
        FontId::proportional(12.0),
        INK,
    );
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
                painter.circle(centre, 5.0, c, Stroke::new(1.0, Color32::WHITE));
            }
            Swatch::Line(c) => {
                painter.line_segment(
                    [centre - vec2(9.0, 0.0), centre + vec2(9.0, 0.0)],
                    Stroke::new(2.5, c),
                );
            }
            Swatch::Fill(fill, line) => {
                painter.rect(
                    Rect::from_center_size(centre, vec2(18.0, 12.0)),
                    2.0,
                    fill,
                    Stroke::new(1.0, line),
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

/// Sources and licences in a box at the bottom, above the scale bar and the attribution.
fn paint_sources(painter: &Painter, rect: Rect, sheet: &PrintSheet) {
    if sheet.sources.is_empty() {
        return;
    }
    let text = sheet.sources.join("\n");
    let galley = painter.layout(
        text,
        FontId::proportional(11.0),
        Color32::from_gray(40),
        rect.width() * 0.6,
    );
    let size = galley.size() + vec2(12.0, 8.0);
    let frame = Align2::RIGHT_BOTTOM.anchor_size(rect.right_bottom() - vec2(6.0, 26.0), size);
    painter.rect_filled(frame, 3.0, PAPER);
    painter.galley(frame.min + vec2(6.0, 4.0), galley, Color32::from_gray(40));
}
