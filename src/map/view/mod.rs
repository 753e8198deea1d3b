//! The map view: walkers state kept between frames, the map widget with its overlays, view fitting.

mod clear;
mod overlays;
mod panes;

use egui::{Pos2, Rect, Ui, vec2};
use walkers::{MapMemory, lon_lat};

use super::basemap::BasemapTiles;
use super::compare::CompareView;
use super::draw::{Clip, LayerDraw};
use crate::data::Bbox;
use crate::settings::BasemapId;
use overlays::overlays_ui;
use panes::{Pane, compare_ui, show_pane};

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
    /// A legend shown on the map (while presenting a scenario).
    pub legend: Vec<crate::print::LegendItem>,
    /// The whole map area (both panes side by side) of the last frame.
    map_rect: Rect,
    /// The pane the cursor was over last frame and where (side by side shows it in the other).
    cursor_pane: Option<(usize, [f64; 2])>,
    /// How much larger than usual map text is painted (large labels for projectors).
    text_scale: f32,
    /// Rasters of the large point layers, rendered in the background.
    rasters: super::layer_rasters::LayerRasters,
    /// Floating windows over the map last frame: fitted extents are shown clear of them.
    floating: Vec<Rect>,
    /// Where basemap tiles come from (the screen's and the print's).
    pub tile_server: super::basemap::TileServer,
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
            legend: Vec::new(),
            map_rect: Rect::from_min_size(Pos2::ZERO, vec2(1024.0, 700.0)),
            tiles: None,
            tile_server: super::basemap::TileServer::default(),
            last_rect: Rect::from_min_size(Pos2::ZERO, vec2(1024.0, 700.0)),
            floating: Vec::new(),
        }
    }

    /// The basemap shown.
    pub fn basemap(&self) -> BasemapId {
        self.basemap
    }

    /// Switches the basemap (starts its tile workers; `None` stops them); `custom` is the
    /// basemap the user brought, shown for [`BasemapId::Custom`].
    pub fn set_basemap(
        &mut self,
        id: BasemapId,
        custom: Option<&crate::settings::CustomBasemap>,
        ctx: &egui::Context,
    ) {
        self.basemap = id;
        self.tiles = BasemapTiles::new(id, custom, &self.tile_server, ctx);
    }

    /// The basemap's tiles, while one is shown.
    pub fn basemap_tiles(&self) -> Option<&BasemapTiles> {
        self.tiles.as_ref()
    }

    /// A new size limit for the tile cache: for the basemaps started from now on, and for the
    /// one shown (from its next write).
    pub fn set_tile_cache_limit_mb(&mut self, limit_mb: u64) {
        self.tile_server.cache_limit_mb = limit_mb;
        if let Some(tiles) = &self.tiles {
            tiles.set_cache_limit_mb(limit_mb);
        }
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

    /// When the last layer raster of the current filter and look was taken in to be drawn.
    pub fn raster_shown_at(&self) -> Option<std::time::Instant> {
        self.rasters.shown_at()
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

    /// Tells the map which windows float over it (their screen rectangles).
    pub fn set_floating(&mut self, windows: Vec<Rect>) {
        self.floating = windows;
    }

    /// Fits `bbox` in the last known map size, in the part the floating windows leave clear.
    pub fn fit(&mut self, bbox: Bbox) {
        let pane = self.last_rect;
        let free = clear::clear_area(pane, &self.floating);
        let zoom = fit_zoom(bbox, free.width(), free.height()).min(18.0);
        let centre = clear::centre_for(bbox, zoom, pane, free);
        self.go_to(centre, zoom);
    }

    /// Where `[lon, lat]` is on the screen in the current view (the single pane).
    pub fn screen_position(&self, lon_lat_deg: [f64; 2]) -> Pos2 {
        use super::raster_view::mercator;
        let (centre, zoom) = self.center_zoom();
        let world = 256.0 * 2f64.powf(zoom);
        let (a, b) = (mercator(lon_lat_deg), mercator(centre));
        self.last_rect.center()
            + vec2(
                ((a[0] - b[0]) * world) as f32,
                ((a[1] - b[1]) * world) as f32,
            )
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

/// Shows the map with its layers (or a comparison), attribution, scale bar and the offline note.
pub fn map_ui(ui: &mut Ui, view: &mut MapView, scene: Scene<'_>) -> MapOutput {
    let mut out = MapOutput::default();
    let attribution = view.tiles.as_ref().and_then(BasemapTiles::credit);
    let full = ui.available_rect_before_wrap();
    match scene {
        Scene::Layers(layers) => {
            let pane = Pane::single(vec![(layers, Clip::None)]);
            view.last_rect = show_pane(ui, view, pane, &mut out);
            view.cursor_pane = None;
        }
        Scene::Compare(c) => compare_ui(ui, view, c, full, &mut out),
    }
    view.map_rect = full;
    overlays_ui(ui, full, attribution, view);
    if !view.legend.is_empty() {
        let at = full.left_top() + vec2(12.0, 12.0);
        super::legend::paint_legend(&ui.painter_at(full), at, &view.legend);
    }
    out
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
