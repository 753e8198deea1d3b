//! The map panes: one walkers map per pane, and how the two sides of a comparison share them
//! (side by side, swipe, lens, transparency).

use egui::{Align2, Color32, Pos2, Rect, Ui, vec2};
use walkers::{Map, Projector, lon_lat};

use super::{Comparison, MapOutput, MapView};
use crate::map::compare::{self, CompareMode};
use crate::map::draw::{Clip, LayerDraw, LayersPlugin};
use crate::map::{Sketch, SketchEvent, SketchKind};

/// One map widget: the layer groups it draws and its place among panes.
pub(super) struct Pane<'a> {
    pub(super) groups: Vec<(Vec<LayerDraw<'a>>, Clip)>,
    pub(super) index: usize,
    /// The drawing in progress happens in this pane.
    pub(super) sketch: bool,
}

impl<'a> Pane<'a> {
    /// The only pane of the map (or of a mode that overlays both sides), drawing `groups`.
    pub(super) fn single(groups: Vec<(Vec<LayerDraw<'a>>, Clip)>) -> Self {
        Self {
            groups,
            index: 0,
            sketch: true,
        }
    }
}

/// Shows the two sides of `c` in `full` as its mode says.
pub(super) fn compare_ui(
    ui: &mut Ui,
    view: &mut MapView,
    c: Comparison<'_>,
    full: Rect,
    out: &mut MapOutput,
) {
    match c.view.mode {
        CompareMode::SideBySide => side_by_side_ui(ui, view, c, full, out),
        CompareMode::SwipeVertical | CompareMode::SwipeHorizontal => {
            swipe_ui(ui, view, c, full, out);
        }
        CompareMode::Lens => lens_ui(ui, view, c, full, out),
        CompareMode::Transparency => {
            let opacity = c.view.opacity.clamp(0.0, 1.0);
            let b =
                c.b.into_iter()
                    .map(|mut l| {
                        l.style.opacity *= opacity;
                        l
                    })
                    .collect();
            let pane = Pane::single(vec![(c.a, Clip::None), (b, Clip::None)]);
            view.last_rect = show_pane(ui, view, pane, out);
            view.cursor_pane = None;
        }
    }
}

/// Two maps side by side, each with its side's name; the cursor of one is crossed in the other.
fn side_by_side_ui(
    ui: &mut Ui,
    view: &mut MapView,
    c: Comparison<'_>,
    full: Rect,
    out: &mut MapOutput,
) {
    let half = (full.width() - 4.0).max(2.0) / 2.0;
    let left = Rect::from_min_size(full.min, vec2(half, full.height()));
    let right = Rect::from_min_max(Pos2::new(full.right() - half, full.top()), full.max);
    let gap = Rect::from_min_max(Pos2::new(left.right(), full.top()), right.left_bottom());
    ui.painter().rect_filled(gap, 0.0, Color32::from_gray(60));
    let [name_a, name_b] = &c.names;
    let panes = [(left, c.a, name_a), (right, c.b, name_b)];
    let mut hovered = None;
    for (index, (rect, layers, name)) in panes.into_iter().enumerate() {
        let pane = Pane {
            groups: vec![(layers, Clip::None)],
            index,
            sketch: index == 0,
        };
        let mut pane_out = MapOutput::default();
        let shown = ui
            .scope_builder(egui::UiBuilder::new().max_rect(rect), |ui| {
                show_pane(ui, view, pane, &mut pane_out)
            })
            .inner;
        if index == 0 {
            view.last_rect = shown;
        }
        let badge_at = shown.center_top() + vec2(0.0, 10.0);
        compare::paint_side_badge(ui, badge_at, Align2::CENTER_TOP, name, view.text_scale);
        if let Some(h) = pane_out.hovered {
            hovered = Some((index, h));
        }
        merge(out, pane_out);
    }
    view.cursor_pane = hovered;
}

/// One map, each side clipped to its part of the divider.
fn swipe_ui(ui: &mut Ui, view: &mut MapView, c: Comparison<'_>, full: Rect, out: &mut MapOutput) {
    let (ra, rb) = c.view.swipe_rects(full);
    let pane = Pane::single(vec![(c.a, Clip::Rect(ra)), (c.b, Clip::Rect(rb))]);
    view.last_rect = show_pane(ui, view, pane, out);
    view.cursor_pane = None;
    let [name_a, name_b] = &c.names;
    for (rect, name) in [(ra, name_a), (rb, name_b)] {
        if rect.width() > 80.0 && rect.height() > 40.0 {
            let at = rect.center_top() + vec2(0.0, 10.0);
            compare::paint_side_badge(ui, at, Align2::CENTER_TOP, name, view.text_scale);
        }
    }
    out.divider = compare::divider_ui(ui, full, &c.view, view.text_scale);
}

/// One map showing side A, with side B in a circle that follows the pointer.
fn lens_ui(ui: &mut Ui, view: &mut MapView, c: Comparison<'_>, full: Rect, out: &mut MapOutput) {
    let center = ui
        .ctx()
        .pointer_latest_pos()
        .filter(|p| full.contains(*p))
        .unwrap_or(full.center());
    let radius = c.view.lens_radius;
    let pane = Pane::single(vec![(c.a, Clip::None), (c.b, Clip::Circle(center, radius))]);
    view.last_rect = show_pane(ui, view, pane, out);
    view.cursor_pane = None;
    compare::paint_lens(ui, full, center, radius);
    let [_, name_b] = &c.names;
    let at = center - vec2(0.0, radius + 6.0);
    compare::paint_side_badge(ui, at, Align2::CENTER_BOTTOM, name_b, view.text_scale);
    ui.ctx().request_repaint_of(ui.ctx().viewport_id());
}

/// Adds what happened in one pane to the frame's output.
fn merge(out: &mut MapOutput, pane: MapOutput) {
    out.sketch = out.sketch.take().or(pane.sketch);
    out.hovered = out.hovered.or(pane.hovered);
    if pane.clicked.is_some() {
        out.clicked = pane.clicked;
        out.tolerance_deg = pane.tolerance_deg;
    }
}

/// What a pane paints over its map, taken from the view for the frame (the map borrows the
/// view's memory, tiles and rasters meanwhile) and given back after.
struct PaneOverlay {
    drawings: Vec<Vec<[f64; 2]>>,
    sketch: Option<Sketch>,
    marker: Option<([f64; 2], String)>,
    /// Where the cursor is in the other pane (side by side).
    other_cursor: Option<[f64; 2]>,
    text_scale: f32,
}

/// One walkers map in the space `ui` offers; returns the rectangle it took.
pub(super) fn show_pane(
    ui: &mut Ui,
    view: &mut MapView,
    pane: Pane<'_>,
    out: &mut MapOutput,
) -> Rect {
    let home = lon_lat(crate::map::ANGERS_LON_LAT[0], crate::map::ANGERS_LON_LAT[1]);
    let mut overlay = PaneOverlay {
        drawings: std::mem::take(&mut view.drawings),
        sketch: if pane.sketch {
            view.sketch.take()
        } else {
            None
        },
        marker: view.marker.clone(),
        other_cursor: view
            .cursor_pane
            .filter(|(index, _)| *index != pane.index)
            .map(|(_, at)| at),
        text_scale: view.text_scale,
    };
    crate::map::wheel::limit_wheel_zoom(ui, ui.available_rect_before_wrap());
    let drawn_basemap = view.tiles.as_ref().is_some_and(|t| t.unavailable());
    let tiles = view.tiles.as_mut().map(|t| t as &mut dyn walkers::Tiles);
    let rasters = Some(&mut view.rasters);
    let mut map = Map::new(tiles, &mut view.memory, home);
    if drawn_basemap {
        map = map.with_plugin(crate::map::fallback::FallbackPlugin {
            text_scale: overlay.text_scale,
        });
    }
    let map = map
        .with_plugin(LayersPlugin {
            groups: pane.groups,
            rasters,
            pane: pane.index,
        })
        .zoom_with_ctrl(false)
        .drag_pan_buttons(match overlay.sketch.as_ref().map(|s| s.kind) {
            // Dragging draws the rectangle: the map pans with the other buttons.
            Some(SketchKind::Rectangle) => {
                egui::DragPanButtons::SECONDARY | egui::DragPanButtons::MIDDLE
            }
            _ => egui::DragPanButtons::PRIMARY,
        })
        .double_click_to_zoom(overlay.sketch.is_none());
    let response = map.show(ui, |ui, response, projector, _memory| {
        overlay.paint(ui, response, projector, out)
    });
    view.drawings = overlay.drawings;
    if pane.sketch && out.sketch.is_none() {
        view.sketch = overlay.sketch;
    }
    response.inner
}

impl PaneOverlay {
    /// Reads the pointer (hover, click, drawing) and paints the overlays of one pane; returns
    /// the pane's rectangle.
    fn paint(
        &mut self,
        ui: &mut Ui,
        response: &egui::Response,
        projector: &Projector,
        out: &mut MapOutput,
    ) -> Rect {
        let rect = response.rect;
        // The map is a stop of the keyboard focus: screen readers say what it is.
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Canvas, true, crate::i18n::tr("map-label"))
        });
        let to_lon_lat = |p: Pos2| {
            let pos = projector.unproject(p.to_vec2());
            [pos.x(), pos.y()]
        };
        if let Some(p) = response.hover_pos() {
            out.hovered = Some(to_lon_lat(p));
        }
        for ring in &self.drawings {
            crate::map::sketch::paint_ring(ui.painter(), projector, ring);
        }
        if let Some(s) = self.sketch.as_mut() {
            match s.update(ui, response, projector) {
                SketchEvent::Ongoing => {}
                done => out.sketch = Some(done),
            }
        } else if response.clicked()
            && let Some(p) = response.interact_pointer_pos()
        {
            let a = to_lon_lat(p);
            let b = to_lon_lat(p + vec2(6.0, 6.0));
            out.clicked = Some(a);
            out.tolerance_deg = (b[0] - a[0]).abs().max((b[1] - a[1]).abs());
        }
        self.paint_marks(ui, rect, projector);
        rect
    }

    /// The found place, the other pane's cursor and the scale bar.
    fn paint_marks(&self, ui: &Ui, rect: Rect, projector: &Projector) {
        if let Some((at, label)) = &self.marker {
            let p = projector.project(lon_lat(at[0], at[1])).to_pos2();
            super::overlays::paint_marker(ui.painter(), p, label, self.text_scale);
        }
        if let Some(at) = self.other_cursor {
            let p = projector.project(lon_lat(at[0], at[1])).to_pos2();
            compare::paint_cursor_cross(ui, rect, p);
        }
        let center = projector.unproject(rect.center().to_vec2());
        crate::map::scale_bar::paint(
            ui.painter(),
            rect.left_bottom() + vec2(14.0, -12.0),
            projector.scale_pixel_per_meter(center),
            self.text_scale,
        );
    }
}
