//! The page laid out: title and subtitle on top, the map frame (one pane, or two side by side
//! for a comparison) with its scale bar and north arrow, the legend beside it (landscape) or
//! under it (portrait), sources and licences at the foot.

use super::canvas::{Canvas, Frame};
use super::labels::draw_labels;
use super::map::{Projection, draw_layers};
use super::text::{ellipsized, width, wrap};
use super::{LegendItem, PrintPage, Rgba, Swatch};
use crate::print::paper::Orientation;

/// Margin around the page, in points (about 8.5 mm).
const MARGIN: f32 = 24.0;
/// Space between blocks.
const GAP: f32 = 10.0;
const TITLE_PT: f32 = 18.0;
const SUBTITLE_PT: f32 = 9.0;
const LEGEND_PT: f32 = 8.5;
const SOURCE_PT: f32 = 7.0;
const MUTED: Rgba = Rgba::gray(80);
const FRAME_LINE: Rgba = Rgba::gray(120);

/// Draws the whole page.
pub fn compose(page: &PrintPage) -> Canvas {
    let size = page.paper.size_pt();
    let mut canvas = Canvas::new(size);
    canvas.fill_frame(
        Frame {
            x: 0.0,
            y: 0.0,
            w: size[0],
            h: size[1],
        },
        Rgba::WHITE,
    );
    let sources = super::printed_sources(page);
    let (map, legend) = body(&mut canvas, page, &sources);
    legend_block(&mut canvas, page, legend);
    map_panes(&mut canvas, page, map);
    canvas
}

/// The header and the footer drawn; the map's frame and the legend's.
fn body(canvas: &mut Canvas, page: &PrintPage, sources: &[String]) -> (Frame, Frame) {
    let size = canvas.size_pt;
    let inner = Frame {
        x: MARGIN,
        y: MARGIN,
        w: size[0] - 2.0 * MARGIN,
        h: size[1] - 2.0 * MARGIN,
    };
    let top = header(canvas, page, inner);
    let foot = footer(canvas, page, sources, inner);
    let body = Frame {
        y: top + GAP,
        h: (foot - GAP) - (top + GAP),
        ..inner
    };
    split_body(page, body)
}

/// The frames of the map's panes, as [`compose`] lays them out — with the basemap's credit
/// among the sources when `with_credit` (the page once its tiles are found).
pub fn pane_frames(page: &PrintPage, with_credit: bool) -> Vec<Frame> {
    let mut sources = page.sheet.sources.clone();
    if let Some(source) = page.basemap.as_ref().filter(|_| with_credit) {
        sources.push(source.credit.clone());
    }
    let mut scratch = Canvas::new(page.paper.size_pt());
    let (map, _) = body(&mut scratch, page, &sources);
    let count = page.panes.len().max(1);
    (0..count).map(|k| pane_frame(map, k, count)).collect()
}

/// Pane `k` of `count` side by side in the map's frame.
fn pane_frame(map: Frame, k: usize, count: usize) -> Frame {
    let pane_w = (map.w - GAP * (count - 1) as f32) / count as f32;
    Frame {
        x: map.x + k as f32 * (pane_w + GAP),
        w: pane_w,
        ..map
    }
}

/// Title (up to two lines) and subtitle; returns the bottom of the block.
fn header(canvas: &mut Canvas, page: &PrintPage, inner: Frame) -> f32 {
    let mut y = inner.y;
    let mut lines = wrap(&page.sheet.title, TITLE_PT, inner.w);
    if lines.len() > 2 {
        let rest = lines[1..].join(" ");
        lines.truncate(1);
        lines.push(ellipsized(&rest, TITLE_PT, inner.w));
    }
    for line in lines {
        y += TITLE_PT;
        canvas.text([inner.x, y], TITLE_PT, &line, Rgba::INK);
        y += 3.0;
    }
    if !page.sheet.subtitle.is_empty() {
        y += SUBTITLE_PT + 2.0;
        let line = ellipsized(&page.sheet.subtitle, SUBTITLE_PT, inner.w);
        canvas.text([inner.x, y], SUBTITLE_PT, &line, MUTED);
    }
    y + 4.0
}

/// Sources and licences from the bottom up; returns the top of the block.
fn footer(canvas: &mut Canvas, page: &PrintPage, sources: &[String], inner: Frame) -> f32 {
    const MAX_LINES: usize = 8;
    let line_h = SOURCE_PT + 2.5;
    let heading = &page.sheet.sources_heading;
    let heading_w = width(&format!("{heading}  "), SOURCE_PT);
    let mut lines: Vec<String> = sources
        .iter()
        .flat_map(|s| wrap(s, SOURCE_PT, inner.w - heading_w))
        .collect();
    if lines.is_empty() {
        return inner.bottom();
    }
    if lines.len() > MAX_LINES {
        lines.truncate(MAX_LINES);
        if let Some(last) = lines.last_mut() {
            last.push_str(" …");
        }
    }
    let top = inner.bottom() - lines.len() as f32 * line_h;
    canvas.text([inner.x, top + SOURCE_PT], SOURCE_PT, heading, MUTED);
    for (k, line) in lines.iter().enumerate() {
        let y = top + SOURCE_PT + k as f32 * line_h;
        canvas.text([inner.x + heading_w, y], SOURCE_PT, line, MUTED);
    }
    top
}

/// The map frame and the legend's frame: beside in landscape, under in portrait.
fn split_body(page: &PrintPage, body: Frame) -> (Frame, Frame) {
    if page.sheet.legend.is_empty() {
        return (
            body,
            Frame {
                w: 0.0,
                h: 0.0,
                ..body
            },
        );
    }
    match page.paper.orientation {
        Orientation::Landscape => {
            let legend_w = (body.w * 0.24).clamp(140.0, 260.0);
            let map = Frame {
                w: body.w - legend_w - GAP,
                ..body
            };
            let legend = Frame {
                x: map.right() + GAP,
                w: legend_w,
                ..body
            };
            (map, legend)
        }
        Orientation::Portrait => {
            let columns = 2;
            let column_w = (body.w - GAP) / columns as f32;
            let needed =
                legend_height(&page.sheet.legend, column_w) / columns as f32 + LEGEND_PT * 3.0;
            let legend_h = needed.min(body.h * 0.35);
            let map = Frame {
                h: body.h - legend_h - GAP,
                ..body
            };
            let legend = Frame {
                y: map.bottom() + GAP,
                h: legend_h,
                ..body
            };
            (map, legend)
        }
    }
}

/// Left edge of a legend label, after its symbol.
const SWATCH_W: f32 = 22.0;

fn item_lines(item: &LegendItem, column_w: f32) -> Vec<String> {
    match item.swatch {
        Swatch::Heading => wrap(&item.label, LEGEND_PT + 0.5, column_w),
        _ => wrap(&item.label, LEGEND_PT, column_w - SWATCH_W),
    }
}

fn item_height(lines: usize) -> f32 {
    lines.max(1) as f32 * (LEGEND_PT + 2.5) + 4.0
}

fn legend_height(items: &[LegendItem], column_w: f32) -> f32 {
    items
        .iter()
        .map(|i| item_height(item_lines(i, column_w).len()))
        .sum()
}

/// The legend in `frame`, in as many columns as its width holds (one beside the map).
fn legend_block(canvas: &mut Canvas, page: &PrintPage, frame: Frame) {
    if page.sheet.legend.is_empty() || frame.w <= 0.0 {
        return;
    }
    let columns = if frame.w > 400.0 { 2 } else { 1 };
    let column_w = (frame.w - GAP * (columns - 1) as f32) / columns as f32;
    let heading_pt = LEGEND_PT + 2.5;
    canvas.text(
        [frame.x, frame.y + heading_pt],
        heading_pt,
        &page.sheet.legend_heading,
        Rgba::INK,
    );
    let top = frame.y + heading_pt + 6.0;
    let (mut column, mut y) = (0, top);
    for item in &page.sheet.legend {
        let lines = item_lines(item, column_w);
        let h = item_height(lines.len());
        if y + h > frame.bottom() {
            column += 1;
            y = top;
            if column >= columns {
                let x = frame.x + (columns - 1) as f32 * (column_w + GAP);
                canvas.text([x, frame.bottom()], LEGEND_PT, "…", MUTED);
                return;
            }
        }
        let x = frame.x + column as f32 * (column_w + GAP);
        legend_item(canvas, item, &lines, [x, y]);
        y += h;
    }
}

fn legend_item(canvas: &mut Canvas, item: &LegendItem, lines: &[String], at: [f32; 2]) {
    let [x, y] = at;
    let centre = [x + 8.0, y + LEGEND_PT / 2.0 + 1.0];
    let (text_x, size) = match item.swatch {
        Swatch::Point(c) => {
            canvas.disc(centre, 3.6, Rgba::WHITE);
            canvas.disc(centre, 3.0, c);
            (x + SWATCH_W, LEGEND_PT)
        }
        Swatch::Line(c) => {
            let line = vec![[centre[0] - 7.0, centre[1]], [centre[0] + 7.0, centre[1]]];
            canvas.stroke(vec![line], false, 1.8, c);
            (x + SWATCH_W, LEGEND_PT)
        }
        Swatch::Fill(fill, outline) => {
            let square = Frame {
                x: centre[0] - 7.0,
                y: centre[1] - 4.5,
                w: 14.0,
                h: 9.0,
            };
            canvas.fill_frame(square, fill);
            canvas.stroke_frame(square, 0.6, outline);
            (x + SWATCH_W, LEGEND_PT)
        }
        Swatch::Heading => (x, LEGEND_PT + 0.5),
    };
    for (k, line) in lines.iter().enumerate() {
        let baseline = y + LEGEND_PT + k as f32 * (LEGEND_PT + 2.5);
        canvas.text([text_x, baseline], size, line, Rgba::INK);
    }
}

/// The panes of the map side by side, each with the view's extent; scale bar and north arrow.
fn map_panes(canvas: &mut Canvas, page: &PrintPage, map: Frame) {
    let count = page.panes.len().max(1);
    let mut projection = None;
    for (k, pane) in page.panes.iter().enumerate() {
        let frame = pane_frame(map, k, count);
        let p = Projection::fit(page.extent, frame);
        let basemap = page.basemap_picture.as_ref();
        // The layers then their labels, clipped to the pane.
        canvas.clip(frame);
        draw_layers(canvas, &p, basemap, &pane.layers);
        draw_labels(canvas, &p, &pane.layers);
        canvas.unclip();
        canvas.stroke_frame(frame, 0.8, FRAME_LINE);
        if !pane.name.is_empty() {
            label_box(canvas, [frame.x + 6.0, frame.y + 6.0], &pane.name, 9.0);
        }
        projection = Some((p, frame));
    }
    if page.panes.is_empty() {
        canvas.stroke_frame(map, 0.8, FRAME_LINE);
        projection = Some((Projection::fit(page.extent, map), map));
    }
    if let Some((p, frame)) = projection {
        north_arrow(canvas, [frame.right() - 20.0, frame.y + 26.0]);
        scale_bar(canvas, &p, pane_frame(map, 0, count));
    }
}

/// Text on a white box whose top-left corner is `at`.
fn label_box(canvas: &mut Canvas, at: [f32; 2], text: &str, size: f32) {
    let w = width(&super::text::printable(text), size);
    canvas.fill_frame(
        Frame {
            x: at[0],
            y: at[1],
            w: w + 8.0,
            h: size + 6.0,
        },
        Rgba::WHITE.faded(0.9),
    );
    canvas.text([at[0] + 4.0, at[1] + size + 1.5], size, text, Rgba::INK);
}

/// A north arrow centred on `at` (the map is north-up Web Mercator).
fn north_arrow(canvas: &mut Canvas, at: [f32; 2]) {
    let [x, y] = at;
    canvas.disc(at, 15.0, Rgba::WHITE.faded(0.9));
    let (tip, notch) = ([x, y - 10.0], [x, y + 3.0]);
    canvas.fill(vec![vec![tip, notch, [x - 6.0, y + 8.0]]], Rgba::INK);
    canvas.fill(vec![vec![tip, [x + 6.0, y + 8.0], notch]], Rgba::gray(160));
    canvas.stroke(
        vec![vec![tip, [x + 6.0, y + 8.0], notch]],
        true,
        0.5,
        Rgba::INK,
    );
    let n_w = width("N", 7.0);
    canvas.text([x - n_w / 2.0, y - 11.5], 7.0, "N", Rgba::INK);
}

/// A round distance (1, 2 or 5 × 10ⁿ m) at most a quarter of the pane wide, bottom left.
fn scale_bar(canvas: &mut Canvas, projection: &Projection, pane: Frame) {
    let mpp = projection.metres_per_pt();
    let max_m = f64::from(pane.w * 0.25) * mpp;
    if !(max_m.is_finite() && max_m > 0.0) {
        return;
    }
    let magnitude = 10f64.powf(max_m.log10().floor());
    let Some(metres) = [5.0, 2.0, 1.0]
        .into_iter()
        .map(|k| k * magnitude)
        .find(|&m| m <= max_m)
    else {
        return;
    };
    let len = (metres / mpp) as f32;
    let label = if metres >= 1000.0 {
        format!("{} km", metres / 1000.0)
    } else {
        format!("{metres} m")
    };
    let (x, y) = (pane.x + 8.0, pane.bottom() - 8.0);
    canvas.fill_frame(
        Frame {
            x: x - 4.0,
            y: y - 18.0,
            w: len.max(width(&label, 7.5)) + 8.0,
            h: 22.0,
        },
        Rgba::WHITE.faded(0.85),
    );
    let bar = vec![[x, y - 5.0], [x, y], [x + len, y], [x + len, y - 5.0]];
    canvas.stroke(vec![bar], false, 1.2, Rgba::INK);
    canvas.text([x, y - 8.0], 7.5, &label, Rgba::INK);
}
