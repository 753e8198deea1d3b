//! The map view: walkers state kept between frames, the map widget with its overlays, view fitting.

use egui::{Align2, Color32, FontId, Pos2, Rect, RichText, Sense, Ui, vec2};
use walkers::{Map, MapMemory, lon_lat};

use super::basemap::BasemapTiles;
use super::compare::{CompareMode, CompareView};
use super::draw::{Clip, LayerDraw, LayersPlugin};
use crate::data::Bbox;
use crate::i18n::tr;
use crate::settings::BasemapId;

/// Map state that outlives frames: position, zoom, basemap downloader.
pub struct MapView {
    memory: MapMemory,
    basemap: BasemapId,
    tiles: Option<BasemapTiles>,
    last_rect: Rect,
    /// A place marked on the map (a found address): position and label.
    pub marker: Option<([f64; 2], String)>,
    /// A shape being drawn by the user; the map does not pan meanwhile.
    pub sketch: Option<super::Sketch>,
    /// Drawn shapes in use (by filters), outlined on the map.
    pub drawings: Vec<Vec<[f64; 2]>>,
    /// Laid over the map while it is exported for a note.
    pub print: Option<super::print::PrintSheet>,
    /// A legend shown on the map (while presenting a scenario).
    pub legend: Vec<super::print::LegendItem>,
    /// The whole map area (both panes side by side) of the last frame.
    map_rect: Rect,
    /// The pane the cursor was over last frame and where (side by side shows it in the other).
    cursor_pane: Option<(usize, [f64; 2])>,
    /// How much larger than usual map text is painted (large labels for projectors).
    text_scale: f32,
    /// Rasters of the large point layers, rendered in the background.
    rasters: super::layer_rasters::LayerRasters,
}

/// What happened on the map this frame.
#[derive(Clone, Debug, Default)]
pub struct MapOutput {
    /// A drawing finished or given up this frame.
    pub sketch: Option<super::SketchEvent>,
    /// Where the user clicked, `[lon, lat]`.
    pub clicked: Option<[f64; 2]>,
    /// Under the cursor, `[lon, lat]`.
    pub hovered: Option<[f64; 2]>,
    /// Degrees that make 6 screen pixels at the click (hit tolerance).
    pub tolerance_deg: f64,
    /// The swipe divider was moved there (0 to 1).
    pub divider: Option<f32>,
}

impl MapView {
    /// A view centred on Angers without tiles; call [`Self::set_basemap`] to start downloads.
    pub fn new() -> Self {
        let mut memory = MapMemory::default();
        memory.center_at(lon_lat(super::ANGERS_LON_LAT[0], super::ANGERS_LON_LAT[1]));
        let _ = memory.set_zoom(super::ANGERS_ZOOM);
        Self {
            memory,
            basemap: BasemapId::None,
            marker: None,
            sketch: None,
            drawings: Vec::new(),
            cursor_pane: None,
            text_scale: 1.0,
            rasters: super::layer_rasters::LayerRasters::default(),
            print: None,
            legend: Vec::new(),
            map_rect: Rect::from_min_size(Pos2::ZERO, vec2(1024.0, 700.0)),
            tiles: None,
            last_rect: Rect::from_min_size(Pos2::ZERO, vec2(1024.0, 700.0)),
        }
    }

    /// The basemap shown.
    pub fn basemap(&self) -> BasemapId {
        self.basemap
    }

    /// Switches the basemap (starts its downloader; `None` stops downloads).
    pub fn set_basemap(&mut self, id: BasemapId, ctx: &egui::Context) {
        self.basemap = id;
        self.tiles = BasemapTiles::new(id, ctx);
    }

    /// Paints map text (scale bar, side names, marker, attribution) this much larger (1.0 to 3.0).
    pub fn set_text_scale(&mut self, scale: f32) {
        self.text_scale = if scale.is_finite() {
            scale.clamp(1.0, 3.0)
        } else {
            1.0
        };
    }

    /// How much larger than usual map text is painted.
    pub fn text_scale(&self) -> f32 {
        self.text_scale
    }

    /// The whole map area of the last frame, in points.
    pub fn map_rect(&self) -> Rect {
        self.map_rect
    }

    /// The pane under the cursor last frame and the position there (side by side).
    pub fn cursor_pane(&self) -> Option<(usize, [f64; 2])> {
        self.cursor_pane
    }

    /// True while a large point layer's raster for the view shown is still being rendered.
    pub fn rasters_busy(&self) -> bool {
        self.rasters.busy()
    }

    /// True while a large point layer has no raster to show yet.
    pub fn rasters_waiting(&self) -> bool {
        self.rasters.waiting()
    }

    /// Rasters of large point layers rendered so far, and the median time one took.
    pub fn raster_times(&self) -> (usize, Option<std::time::Duration>) {
        self.rasters.render_times()
    }

    /// Tiles still downloading.
    pub fn tiles_in_progress(&self) -> usize {
        self.tiles.as_ref().map_or(0, BasemapTiles::in_progress)
    }

    /// Centre `[lon, lat]` and zoom of the view.
    pub fn center_zoom(&self) -> ([f64; 2], f64) {
        let c = self
            .memory
            .detached()
            .unwrap_or_else(|| lon_lat(super::ANGERS_LON_LAT[0], super::ANGERS_LON_LAT[1]));
        ([c.x(), c.y()], self.memory.zoom())
    }

    /// Centres on `lon_lat` at `zoom`.
    pub fn go_to(&mut self, lon_lat_deg: [f64; 2], zoom: f64) {
        self.memory
            .center_at(lon_lat(lon_lat_deg[0], lon_lat_deg[1]));
        let _ = self.memory.set_zoom(zoom.clamp(2.0, 19.0));
    }

    /// Back to the whole city of Angers.
    pub fn zoom_to_angers(&mut self) {
        self.go_to(super::ANGERS_LON_LAT, super::ANGERS_ZOOM);
    }

    /// Fits `bbox` in the last known map size.
    pub fn fit(&mut self, bbox: Bbox) {
        let center = [(bbox[0] + bbox[2]) / 2.0, (bbox[1] + bbox[3]) / 2.0];
        let zoom = fit_zoom(bbox, self.last_rect.width(), self.last_rect.height());
        self.go_to(center, zoom.min(18.0));
    }

    /// The extent shown, `[min_lon, min_lat, max_lon, max_lat]` (from the last drawn map size).
    pub fn visible_bbox(&self) -> Bbox {
        let ([lon, lat], zoom) = self.center_zoom();
        let world_px = 256.0 * 2f64.powf(zoom);
        let x = (lon + 180.0) / 360.0;
        let phi = lat.clamp(-85.0, 85.0).to_radians();
        let y = (1.0 - (phi.tan() + 1.0 / phi.cos()).ln() / std::f64::consts::PI) / 2.0;
        let half_w = f64::from(self.last_rect.width()) / 2.0 / world_px;
        let half_h = f64::from(self.last_rect.height()) / 2.0 / world_px;
        let to_lon = |x: f64| x * 360.0 - 180.0;
        let to_lat = |y: f64| {
            (std::f64::consts::PI * (1.0 - 2.0 * y))
                .sinh()
                .atan()
                .to_degrees()
        };
        [
            to_lon(x - half_w),
            to_lat(y + half_h),
            to_lon(x + half_w),
            to_lat(y - half_h),
        ]
    }

    /// Zooms in (+1) or out (−1) around the centre.
    pub fn zoom_by(&mut self, steps: f64) {
        let (c, z) = self.center_zoom();
        self.go_to(c, z + steps);
    }
}

impl Default for MapView {
    fn default() -> Self {
        Self::new()
    }
}

/// Web Mercator zoom at which `bbox` fills `width × height` pixels (with a small margin).
pub fn fit_zoom(bbox: Bbox, width: f32, height: f32) -> f64 {
    let x = |lon: f64| (lon + 180.0) / 360.0;
    let y = |lat: f64| {
        let phi = lat.clamp(-85.0, 85.0).to_radians();
        (1.0 - (phi.tan() + 1.0 / phi.cos()).ln() / std::f64::consts::PI) / 2.0
    };
    let dx = (x(bbox[2]) - x(bbox[0])).abs().max(1e-9);
    let dy = (y(bbox[1]) - y(bbox[3])).abs().max(1e-9);
    let zx = (f64::from(width) * 0.9 / (256.0 * dx)).log2();
    let zy = (f64::from(height) * 0.9 / (256.0 * dy)).log2();
    zx.min(zy).clamp(2.0, 19.0)
}

/// What the map shows: layers, or two sides of a comparison.
pub enum Scene<'a> {
    /// Layers, bottom first.
    Layers(Vec<LayerDraw<'a>>),
    /// Two sides compared.
    Compare(Comparison<'a>),
}

/// Two sides of layers and how they share the map.
pub struct Comparison<'a> {
    /// Mode, divider, lens radius, opacity.
    pub view: CompareView,
    /// Side A's layers, bottom first.
    pub a: Vec<LayerDraw<'a>>,
    /// Side B's layers, bottom first.
    pub b: Vec<LayerDraw<'a>>,
    /// How each side is named on the map.
    pub names: [String; 2],
}

/// One map widget: the layer groups it draws and its place among panes.
struct Pane<'a> {
    groups: Vec<(Vec<LayerDraw<'a>>, Clip)>,
    index: usize,
    /// The drawing in progress happens in this pane.
    sketch: bool,
}

/// Shows the map with its layers (or a comparison), attribution, scale bar and the offline note.
pub fn map_ui(ui: &mut Ui, view: &mut MapView, scene: Scene<'_>) -> MapOutput {
    let mut out = MapOutput::default();
    let attribution = view.tiles.as_ref().map(walkers::Tiles::attribution);
    let full = ui.available_rect_before_wrap();
    match scene {
        Scene::Layers(layers) => {
            let pane = Pane {
                groups: vec![(layers, Clip::None)],
                index: 0,
                sketch: true,
            };
            view.last_rect = show_pane(ui, view, pane, &mut out);
            view.cursor_pane = None;
        }
        Scene::Compare(c) => compare_ui(ui, view, c, full, &mut out),
    }
    view.map_rect = full;
    overlays_ui(ui, full, attribution, view);
    if let Some(sheet) = &view.print {
        super::print::paint(&ui.painter_at(full), full, sheet);
    } else if !view.legend.is_empty() {
        let at = full.left_top() + vec2(12.0, 12.0);
        super::print::paint_legend(&ui.painter_at(full), at, &view.legend);
    }
    out
}

fn compare_ui(ui: &mut Ui, view: &mut MapView, c: Comparison<'_>, full: Rect, out: &mut MapOutput) {
    let [name_a, name_b] = &c.names;
    match c.view.mode {
        CompareMode::SideBySide => {
            let half = (full.width() - 4.0).max(2.0) / 2.0;
            let left = Rect::from_min_size(full.min, vec2(half, full.height()));
            let right = Rect::from_min_max(Pos2::new(full.right() - half, full.top()), full.max);
            let gap = Rect::from_min_max(Pos2::new(left.right(), full.top()), right.left_bottom());
            ui.painter().rect_filled(gap, 0.0, Color32::from_gray(60));
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
                super::compare::paint_side_badge(
                    ui,
                    shown.center_top() + vec2(0.0, 10.0),
                    Align2::CENTER_TOP,
                    name,
                    view.text_scale,
                );
                if let Some(h) = pane_out.hovered {
                    hovered = Some((index, h));
                }
                merge(out, pane_out);
            }
            view.cursor_pane = hovered;
        }
        CompareMode::SwipeVertical | CompareMode::SwipeHorizontal => {
            let (ra, rb) = c.view.swipe_rects(full);
            let pane = Pane {
                groups: vec![(c.a, Clip::Rect(ra)), (c.b, Clip::Rect(rb))],
                index: 0,
                sketch: true,
            };
            view.last_rect = show_pane(ui, view, pane, out);
            view.cursor_pane = None;
            for (rect, name) in [(ra, name_a), (rb, name_b)] {
                if rect.width() > 80.0 && rect.height() > 40.0 {
                    super::compare::paint_side_badge(
                        ui,
                        rect.center_top() + vec2(0.0, 10.0),
                        Align2::CENTER_TOP,
                        name,
                        view.text_scale,
                    );
                }
            }
            out.divider = super::compare::divider_ui(ui, full, &c.view, view.text_scale);
        }
        CompareMode::Lens => {
            let center = ui
                .ctx()
                .pointer_latest_pos()
                .filter(|p| full.contains(*p))
                .unwrap_or(full.center());
            let radius = c.view.lens_radius;
            let pane = Pane {
                groups: vec![(c.a, Clip::None), (c.b, Clip::Circle(center, radius))],
                index: 0,
                sketch: true,
            };
            view.last_rect = show_pane(ui, view, pane, out);
            view.cursor_pane = None;
            super::compare::paint_lens(ui, full, center, radius);
            super::compare::paint_side_badge(
                ui,
                center - vec2(0.0, radius + 6.0),
                Align2::CENTER_BOTTOM,
                name_b,
                view.text_scale,
            );
            ui.ctx().request_repaint_of(ui.ctx().viewport_id());
        }
        CompareMode::Transparency => {
            let opacity = c.view.opacity.clamp(0.0, 1.0);
            let b =
                c.b.into_iter()
                    .map(|mut l| {
                        l.style.opacity *= opacity;
                        l
                    })
                    .collect();
            let pane = Pane {
                groups: vec![(c.a, Clip::None), (b, Clip::None)],
                index: 0,
                sketch: true,
            };
            view.last_rect = show_pane(ui, view, pane, out);
            view.cursor_pane = None;
        }
    }
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

/// One walkers map in the space `ui` offers; returns the rectangle it took.
fn show_pane(ui: &mut Ui, view: &mut MapView, pane: Pane<'_>, out: &mut MapOutput) -> Rect {
    let home = lon_lat(super::ANGERS_LON_LAT[0], super::ANGERS_LON_LAT[1]);
    let marker = view.marker.clone();
    let drawings = std::mem::take(&mut view.drawings);
    let mut sketch = if pane.sketch {
        view.sketch.take()
    } else {
        None
    };
    let text_scale = view.text_scale;
    let other_cursor = view
        .cursor_pane
        .filter(|(index, _)| *index != pane.index)
        .map(|(_, at)| at);
    let tiles = view.tiles.as_mut().map(|t| t as &mut dyn walkers::Tiles);
    // An exported map draws every point as a vector: it never waits for nor misses a raster.
    let rasters = view.print.is_none().then_some(&mut view.rasters);
    let map = Map::new(tiles, &mut view.memory, home)
        .with_plugin(LayersPlugin {
            groups: pane.groups,
            rasters,
            pane: pane.index,
        })
        .zoom_with_ctrl(false)
        .drag_pan_buttons(match sketch.as_ref().map(|s| s.kind) {
            // Dragging draws the rectangle: the map pans with the other buttons.
            Some(super::SketchKind::Rectangle) => {
                egui::DragPanButtons::SECONDARY | egui::DragPanButtons::MIDDLE
            }
            _ => egui::DragPanButtons::PRIMARY,
        })
        .double_click_to_zoom(sketch.is_none());
    let response = map.show(ui, |ui, response, projector, _memory| {
        let rect = response.rect;
        let to_lon_lat = |p: Pos2| {
            let pos = projector.unproject(p.to_vec2());
            [pos.x(), pos.y()]
        };
        if let Some(p) = response.hover_pos() {
            out.hovered = Some(to_lon_lat(p));
        }
        for ring in &drawings {
            super::sketch::paint_ring(ui.painter(), projector, ring);
        }
        if let Some(s) = sketch.as_mut() {
            match s.update(ui, response, projector) {
                super::SketchEvent::Ongoing => {}
                done => {
                    out.sketch = Some(done);
                }
            }
        } else if response.clicked()
            && let Some(p) = response.interact_pointer_pos()
        {
            let a = to_lon_lat(p);
            let b = to_lon_lat(p + vec2(6.0, 6.0));
            out.clicked = Some(a);
            out.tolerance_deg = (b[0] - a[0]).abs().max((b[1] - a[1]).abs());
        }
        if let Some((at, label)) = &marker {
            paint_marker(
                ui.painter(),
                projector.project(lon_lat(at[0], at[1])).to_pos2(),
                label,
                text_scale,
            );
        }
        if let Some(at) = other_cursor {
            let p = projector.project(lon_lat(at[0], at[1])).to_pos2();
            super::compare::paint_cursor_cross(ui, rect, p);
        }
        let center = projector.unproject(rect.center().to_vec2());
        super::scale_bar::paint(
            ui.painter(),
            rect.left_bottom() + vec2(14.0, -12.0),
            projector.scale_pixel_per_meter(center),
            text_scale,
        );
        rect
    });
    view.drawings = drawings;
    if pane.sketch && out.sketch.is_none() {
        view.sketch = sketch;
    }
    response.inner
}

/// A pin on a found place, with its label in a white box beside it.
fn paint_marker(painter: &egui::Painter, at: Pos2, label: &str, text_scale: f32) {
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

fn overlays_ui(
    ui: &mut Ui,
    rect: Rect,
    attribution: Option<walkers::sources::Attribution>,
    view: &mut MapView,
) {
    let painter = ui.painter_at(rect);
    if let Some(a) = attribution {
        let galley = painter.layout_no_wrap(
            a.text.to_owned(),
            FontId::proportional(11.0 * view.text_scale),
            Color32::from_gray(40),
        );
        let pos = rect.right_bottom() - galley.size() - vec2(6.0, 4.0);
        let bg = Rect::from_min_size(pos - vec2(4.0, 2.0), galley.size() + vec2(8.0, 4.0));
        let response = ui.interact(bg, ui.scope_id().with("attribution"), Sense::click());
        painter.rect_filled(bg, 2.0, Color32::from_white_alpha(200));
        painter.galley(pos, galley, Color32::from_gray(40));
        if response.on_hover_text(a.url).clicked() {
            ui.ctx().open_url(egui::OpenUrl::new_tab(a.url));
        }
    }
    if let Some(sketch) = &view.sketch {
        let key = match sketch.kind {
            super::SketchKind::Rectangle => "map-sketch-rectangle",
            super::SketchKind::Polygon => "map-sketch-polygon",
        };
        let galley = painter.layout(
            tr(key),
            FontId::proportional(13.0 * view.text_scale),
            Color32::WHITE,
            rect.width() - 40.0,
        );
        let pos = rect.center_top() + vec2(-galley.size().x / 2.0, 12.0);
        let bg = Rect::from_min_size(pos - vec2(8.0, 5.0), galley.size() + vec2(16.0, 10.0));
        painter.rect_filled(bg, 4.0, Color32::from_rgba_unmultiplied(40, 40, 40, 220));
        painter.galley(pos, galley, Color32::WHITE);
    }
    if view.tiles.is_some() && super::health::unavailable() {
        painter.text(
            rect.left_top() + vec2(10.0, 10.0),
            Align2::LEFT_TOP,
            tr("basemap-unavailable"),
            FontId::proportional(12.0 * view.text_scale),
            Color32::from_gray(90),
        );
    }
    if view.print.is_some() {
        // An exported map has a north arrow there instead of buttons.
        return;
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fitting_angers_gives_a_city_zoom() {
        let z = fit_zoom([-0.62, 47.43, -0.50, 47.51], 1000.0, 700.0);
        assert!((11.0..14.0).contains(&z), "zoom {z}");
    }

    #[test]
    fn the_visible_extent_holds_a_fitted_box() {
        let mut view = MapView::new();
        let bbox = [-0.62, 47.43, -0.50, 47.51];
        view.fit(bbox);
        let shown = view.visible_bbox();
        assert!(shown[0] <= bbox[0] && shown[1] <= bbox[1], "{shown:?}");
        assert!(shown[2] >= bbox[2] && shown[3] >= bbox[3], "{shown:?}");
        assert!(
            shown[2] - shown[0] < 1.0,
            "a city, not the world: {shown:?}"
        );
    }
}
