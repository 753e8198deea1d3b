//! Labels of polygon layers on the map: the chosen field's value at a point inside each feature
//! wide enough on the screen to hold it, with a white halo; a label that would overlap one
//! already placed is left out. Drawn with the map's painter, so never over the panels.

use egui::{Align2, Color32, FontId, Painter, Pos2, Rect, vec2};
use walkers::{Projector, lon_lat};

use super::draw::LayerDraw;
use crate::data::Bbox;
use crate::data::label_point::label_point;

/// Above this many features in view they are too small to label: none is tried.
const MAX_IN_VIEW: usize = 5_000;
/// At most this many labels per layer and frame.
const MAX_LABELS: usize = 1_500;
/// Features narrower than this on the screen get no label.
const MIN_WIDTH_PX: f32 = 24.0;
/// Text size of labels, in points.
const TEXT_PT: f32 = 11.0;

/// Draws the labels of `layer` over `area`, skipping places already taken in `placed`.
pub fn draw_labels(
    painter: &Painter,
    projector: &Projector,
    view: Bbox,
    area: Rect,
    layer: &LayerDraw,
    placed: &mut Vec<Rect>,
) {
    let Some(column) = layer.label else {
        return;
    };
    let ds = layer.dataset;
    if ds.query_bbox(view).take(MAX_IN_VIEW + 1).count() > MAX_IN_VIEW {
        return;
    }
    let mut rows: Vec<usize> = ds
        .query_bbox(view)
        .filter(|&i| ds.geometry.kind(i).is_areal())
        .filter(|&i| layer.mask.is_none_or(|m| m.get(i)))
        .collect();
    rows.sort_unstable();
    let project = |c: [f64; 2]| projector.project(lon_lat(c[0], c[1])).to_pos2();
    let font = FontId::proportional(TEXT_PT);
    let ink = Color32::from_gray(30);
    let mut count = 0;
    for i in rows {
        if count >= MAX_LABELS {
            break;
        }
        let Some(b) = ds.geometry.feature_bbox(i) else {
            continue;
        };
        let width = (project([b[2], b[1]]).x - project([b[0], b[1]]).x).abs();
        if width < MIN_WIDTH_PX {
            continue;
        }
        let Some(at) = label_point(&ds.geometry, i).map(project) else {
            continue;
        };
        let text = column.value(i).shown();
        if text.is_empty() || !area.contains(at) {
            continue;
        }
        let galley = painter.layout_no_wrap(text, font.clone(), ink);
        let rect = Rect::from_center_size(at, galley.size()).expand(2.0);
        if galley.size().x > width * 1.5 || placed.iter().any(|r| r.intersects(rect)) {
            continue;
        }
        placed.push(rect);
        count += 1;
        halo_text(painter, rect.center(), galley);
    }
}

/// The text centred on `at`, over a white halo.
fn halo_text(painter: &Painter, at: Pos2, galley: std::sync::Arc<egui::Galley>) {
    let corner = Align2::CENTER_CENTER.anchor_size(at, galley.size()).min;
    let halo = Color32::from_white_alpha(220);
    for d in [
        vec2(-1.0, 0.0),
        vec2(1.0, 0.0),
        vec2(0.0, -1.0),
        vec2(0.0, 1.0),
    ] {
        painter.galley_with_override_text_color(corner + d, galley.clone(), halo);
    }
    painter.galley(corner, galley, Color32::from_gray(30));
}
