//! Labels of polygon layers on the printed map: the chosen field's value at a point inside each
//! feature wide enough on the paper to hold it, over a white halo; a label that would overlap
//! one already placed is left out (as on the screen).

use super::Rgba;
use super::canvas::Canvas;
use super::map::{PrintLayer, Projection};
use crate::data::label_point::label_point;

/// Text size of labels, in points of paper.
const TEXT_PT: f32 = 7.0;
/// At most this many labels per layer.
const MAX_LABELS: usize = 2_000;
/// Above this many features in the frame they are too small to label.
const MAX_IN_FRAME: usize = 20_000;

/// A placed label: left, top, right, bottom in points.
type Placed = [f32; 4];

/// Draws the labels of every layer that has a label field, top layer first for the places.
pub fn draw_labels(canvas: &mut Canvas, projection: &Projection, layers: &[PrintLayer]) {
    let mut placed: Vec<Placed> = Vec::new();
    for layer in layers.iter().rev() {
        draw_layer_labels(canvas, projection, layer, &mut placed);
    }
}

fn draw_layer_labels(
    canvas: &mut Canvas,
    projection: &Projection,
    layer: &PrintLayer,
    placed: &mut Vec<Placed>,
) {
    let ds = &layer.dataset;
    let Some(column) = layer.label.as_deref().and_then(|name| ds.column(name)) else {
        return;
    };
    let view = projection.view_bbox();
    if ds.query_bbox(view).take(MAX_IN_FRAME + 1).count() > MAX_IN_FRAME {
        return;
    }
    let mut rows: Vec<usize> = ds
        .query_bbox(view)
        .filter(|&i| ds.geometry.kind(i).is_areal())
        .filter(|&i| layer.mask.as_ref().is_none_or(|m| m.get(i)))
        .collect();
    rows.sort_unstable();
    let mut count = 0;
    for i in rows {
        if count >= MAX_LABELS {
            break;
        }
        let (Some(b), Some(at)) = (ds.geometry.feature_bbox(i), label_point(&ds.geometry, i))
        else {
            continue;
        };
        let width =
            (projection.project([b[2], b[1]])[0] - projection.project([b[0], b[1]])[0]).abs();
        let text = column.value(i).shown();
        let text_w = super::text::width(&text, TEXT_PT);
        if text.trim().is_empty() || text_w > width * 1.5 {
            continue;
        }
        let at = projection.project(at);
        let rect = [
            at[0] - text_w / 2.0 - 1.0,
            at[1] - TEXT_PT / 2.0 - 1.0,
            at[0] + text_w / 2.0 + 1.0,
            at[1] + TEXT_PT / 2.0 + 1.0,
        ];
        let overlaps =
            |r: &Placed| r[0] < rect[2] && rect[0] < r[2] && r[1] < rect[3] && rect[1] < r[3];
        if placed.iter().any(overlaps) {
            continue;
        }
        placed.push(rect);
        count += 1;
        let baseline = [at[0] - text_w / 2.0, at[1] + TEXT_PT * 0.35];
        for d in [[-0.4, 0.0], [0.4, 0.0], [0.0, -0.4], [0.0, 0.4]] {
            let p = [baseline[0] + d[0], baseline[1] + d[1]];
            canvas.text(p, TEXT_PT, &text, Rgba::WHITE);
        }
        canvas.text(baseline, TEXT_PT, &text, Rgba::rgb(30, 30, 30));
    }
}
