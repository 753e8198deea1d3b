//! Rasters of large layers (points, or polygons and lines): each is rendered off the UI thread
//! for the view shown, kept as one texture and drawn as one textured quad that follows pans and
//! zooms until the next one is ready. A frame never waits for a raster and never touches the
//! layer's features.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock, Weak};
use std::time::{Duration, Instant};

use egui::{Color32, ColorImage, Mesh, Painter, Pos2, Rect, TextureHandle, TextureOptions, pos2};

use super::point_raster::{PointPaint, PointScene};
use super::raster_view::RasterView;
use super::shape_raster::{ShapeCache, ShapePaint, ShapeScene};
use crate::data::{Bitmap, Dataset, DatasetId, GeomKind};
use crate::jobs::{JobId, JobRunner};

/// Point layers with at least this many points are drawn from rasters; smaller ones as vectors.
pub const MIN_POINTS: usize = 20_000;
/// Polygon and line layers with at least this many features are drawn from rasters; smaller
/// ones as vectors (above a few thousand shapes, egui meshes and strokes cost whole frames).
pub const MIN_SHAPES: usize = 5_000;

/// Which renderer a layer's rasters come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RasterKind {
    /// Points and multipoints only.
    Points,
    /// Polygons and lines (no points).
    Shapes,
}

/// How a raster's layer looks, by kind.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RasterPaint {
    /// A point layer.
    Points(PointPaint),
    /// A polygon or line layer.
    Shapes(ShapePaint),
}

/// Threads that render rasters: all cores but one, which stays for the UI thread and the
/// renderer (under software rendering, painting a frame needs a core of its own).
fn raster_pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    POOL.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        rayon::ThreadPoolBuilder::new()
            .num_threads(cores.saturating_sub(1).max(1))
            .thread_name(|i| format!("raster-{i}"))
            .start_handler(|_| yield_to_frames())
            .build()
            .map_err(|e| log::warn!("no raster thread pool, rendering on the job's thread: {e}"))
            .ok()
    })
    .as_ref()
}

/// Lowers the calling thread's priority (Linux), so that the frames being drawn, by the UI
/// thread and the software renderer's threads, take the cores first and rasters the rest.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn yield_to_frames() {
    // SAFETY: setpriority only changes the scheduling weight of this thread (Linux gives each
    // thread its own nice value); no memory is touched.
    #[allow(unsafe_code)]
    let done = unsafe { libc::setpriority(libc::PRIO_PROCESS, 0, 10) };
    if done != 0 {
        log::debug!(
            "raster thread priority unchanged: {}",
            std::io::Error::last_os_error()
        );
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn yield_to_frames() {}

/// Sides of the polygon that shapes a raster to the compare lens.
const LENS_SIDES: usize = 72;

/// While the view keeps moving, a new raster starts at most this often: the one shown is moved
/// and scaled meanwhile, and the rest leaves the cores to the frames being drawn.
const MOVING_REFRESH: Duration = Duration::from_millis(200);

/// While the view keeps moving, a layer whose rasters take long waits this many times as long
/// as its last one took before the next starts: rendering keeps at most a third of a core from
/// the frames. Once the view holds still, [`MOVING_REFRESH`] alone applies.
const MOVING_SHARE: u32 = 3;

/// Identifies one raster: the map pane, the group of layers (compare side) in it, the dataset,
/// and which of the layers showing that dataset in the group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RasterKey {
    /// The map pane (side by side has two).
    pub pane: usize,
    /// The group of layers within the pane.
    pub group: usize,
    /// The dataset shown.
    pub dataset: DatasetId,
    /// The rank of this layer among the group's layers that show the same dataset.
    pub nth: usize,
}

/// What a raster shows besides the view: the filter and the look.
#[derive(Clone, Debug, PartialEq)]
struct Content {
    mask: Option<Bitmap>,
    paint: RasterPaint,
    /// One fill colour per row (a choropleth), for polygon layers.
    fills: Option<Vec<Color32>>,
}

/// A raster ready to draw.
struct Shown {
    view: RasterView,
    texture: TextureHandle,
    generation: u64,
}

/// One layer's raster and the job rendering its next one.
struct Entry {
    dataset: Arc<Dataset>,
    content: Arc<Content>,
    /// Bumped each time the content changes: results of older contents are dropped.
    generation: u64,
    shown: Option<Shown>,
    pending: Option<JobId>,
    /// The raster shown is the one wanted for this frame.
    settled: bool,
    last_used: u64,
    /// When the last raster job started.
    started: Option<Instant>,
    /// How long the last raster took to render.
    took: Duration,
    /// The view of the last frame, to tell a moving view from a still one.
    last_view: Option<RasterView>,
    /// The shapes of the last view rendered (polygon and line layers): a new filter, look or
    /// choropleth over the same view only repaints them.
    shapes: Arc<ShapeCache>,
}

/// A finished raster, sent back by its job.
pub struct Rendered {
    key: RasterKey,
    generation: u64,
    view: RasterView,
    image: ColorImage,
    took: Duration,
}

/// The rasters of the map's large point layers, kept between frames.
#[derive(Default)]
pub struct LayerRasters {
    jobs: Option<JobRunner<Rendered>>,
    entries: HashMap<RasterKey, Entry>,
    /// Datasets already looked at: large point layers or not.
    /// The weak reference tells when a dataset is gone, so its answer can be forgotten.
    eligible: HashMap<DatasetId, (Weak<Dataset>, Option<RasterKind>)>,
    /// How long each raster took to render, for the frame statistics.
    times: Vec<Duration>,
    /// When the last raster of a layer's current content was taken in to be drawn.
    shown_at: Option<Instant>,
}

/// Where and how one layer's raster is drawn this frame.
pub struct RasterDraw<'a> {
    /// Which raster.
    pub key: RasterKey,
    /// The layer's data.
    pub dataset: &'a Arc<Dataset>,
    /// The rows the filter keeps.
    pub mask: Option<&'a Bitmap>,
    /// The look.
    pub paint: RasterPaint,
    /// One fill colour per row (a choropleth), for polygon layers.
    pub fills: Option<&'a [Color32]>,
    /// The view shown now.
    pub view: RasterView,
    /// The top-left corner of the map on the screen.
    pub map_min: Pos2,
    /// The compare lens, when the raster is seen through it: centre and radius.
    pub lens: Option<(Pos2, f32)>,
}

impl LayerRasters {
    /// The kind of raster `dataset` is drawn from, or `None` when it is drawn as vectors (too
    /// small, or points mixed with other shapes).
    pub fn serves(&mut self, dataset: &Arc<Dataset>) -> Option<RasterKind> {
        if dataset.len() < MIN_POINTS.min(MIN_SHAPES) {
            return None;
        }
        if let Some((_, eligible)) = self.eligible.get(&dataset.id()) {
            return *eligible;
        }
        let eligible = raster_kind(dataset);
        self.eligible.retain(|_, (weak, _)| weak.strong_count() > 0);
        self.eligible
            .insert(dataset.id(), (Arc::downgrade(dataset), eligible));
        eligible
    }

    /// Takes in the rasters finished since the last frame and forgets the layers not drawn in
    /// the last frame. Call once per pane before drawing, with the pass number.
    pub fn receive(&mut self, ctx: &egui::Context, pass: u64) {
        self.entries
            .retain(|_, e| e.last_used + 1 >= pass || e.pending.is_some());
        let Some(jobs) = self.jobs.as_mut() else {
            return;
        };
        while let Some((id, done)) = jobs.try_recv() {
            self.times.push(done.took);
            let Some(entry) = self.entries.get_mut(&done.key) else {
                continue;
            };
            if entry.pending == Some(id) {
                entry.pending = None;
            }
            entry.took = done.took;
            if done.generation != entry.generation {
                // Rendered for a filter or a look no longer in force.
                continue;
            }
            let texture = ctx.load_texture("layer-raster", done.image, TextureOptions::LINEAR);
            self.shown_at = Some(Instant::now());
            entry.shown = Some(Shown {
                view: done.view,
                texture,
                generation: done.generation,
            });
        }
        self.entries
            .retain(|_, e| e.last_used + 1 >= pass || e.pending.is_some());
    }

    /// Draws the layer's last raster placed for the current view, and starts rendering the next
    /// one when the view, the filter, the look or the size changed and none is under way.
    pub fn draw(&mut self, ctx: &egui::Context, painter: &Painter, pass: u64, layer: RasterDraw) {
        let view = fit_texture_side(layer.view, ctx.input(|i| i.max_texture_side));
        let entry = self
            .entries
            .entry(layer.key)
            .or_insert_with(|| Entry::new(&layer, pass));
        entry.last_used = pass;
        entry.refresh(&layer);
        let current = entry
            .shown
            .as_ref()
            .is_some_and(|s| s.generation == entry.generation && s.view.same_as(&view));
        entry.settled = current;
        let moving = entry.last_view.replace(view) != Some(view);
        let interval = refresh_interval(moving, entry.took);
        // Only a raster of the current content that just needs moving may wait.
        let wait = entry
            .shown
            .as_ref()
            .filter(|s| s.generation == entry.generation)
            .and(entry.started)
            .map(|started| interval.saturating_sub(started.elapsed()))
            .filter(|left| !left.is_zero());
        if let Some(left) = wait.filter(|_| !current && entry.pending.is_none()) {
            ctx.request_repaint_after(left);
        } else if !current && entry.pending.is_none() {
            entry.started = Some(Instant::now());
            let repaint = ctx.clone();
            let jobs = self
                .jobs
                .get_or_insert_with(|| JobRunner::new(Arc::new(move || repaint.request_repaint())));
            let job = render_job(layer.key, entry, view);
            entry.pending = Some(jobs.spawn(job));
        }
        if let Some(shown) = &entry.shown {
            let placed = shown.view.placed(&layer.view, layer.map_min);
            paint_raster(painter, shown.texture.id(), placed, layer.lens);
        }
    }

    /// True while a raster is missing or out of date (a job renders it).
    pub fn busy(&self) -> bool {
        self.entries.values().any(|e| !e.settled)
    }

    /// True while a layer drawn from rasters has none to show yet.
    pub fn waiting(&self) -> bool {
        self.entries.values().any(|e| e.shown.is_none())
    }

    /// When the last raster of a layer's current content was taken in, to be drawn this frame.
    pub fn shown_at(&self) -> Option<Instant> {
        self.shown_at
    }

    /// Rasters rendered so far and the median time one took.
    pub fn render_times(&self) -> (usize, Option<Duration>) {
        let mut times = self.times.clone();
        times.sort_unstable();
        (times.len(), times.get(times.len() / 2).copied())
    }
}

impl Entry {
    /// The entry of a layer seen for the first time: nothing shown, nothing rendering.
    fn new(layer: &RasterDraw, pass: u64) -> Self {
        Self {
            dataset: Arc::clone(layer.dataset),
            content: Arc::new(Content {
                mask: layer.mask.cloned(),
                paint: layer.paint,
                fills: layer.fills.map(<[Color32]>::to_vec),
            }),
            generation: 0,
            shown: None,
            pending: None,
            settled: false,
            last_used: pass,
            started: None,
            took: Duration::ZERO,
            last_view: None,
            shapes: Arc::default(),
        }
    }

    /// Takes in the layer's data, filter and look: any change starts a new generation (a new
    /// dataset also drops the raster shown, which no longer fits).
    fn refresh(&mut self, layer: &RasterDraw) {
        if !Arc::ptr_eq(&self.dataset, layer.dataset) {
            self.dataset = Arc::clone(layer.dataset);
            self.shown = None;
            self.generation += 1;
        }
        if self.content.paint != layer.paint
            || self.content.mask.as_ref() != layer.mask
            || self.content.fills.as_deref() != layer.fills
        {
            self.content = Arc::new(Content {
                mask: layer.mask.cloned(),
                paint: layer.paint,
                fills: layer.fills.map(<[Color32]>::to_vec),
            });
            self.generation += 1;
        }
    }
}

/// The least time between the starts of two rasters of a layer whose last one took `took`.
fn refresh_interval(moving: bool, took: Duration) -> Duration {
    if moving {
        MOVING_REFRESH.max(took * MOVING_SHARE)
    } else {
        MOVING_REFRESH
    }
}

/// The job that renders the current content of `entry` for `view`, on the raster threads.
fn render_job(
    key: RasterKey,
    entry: &Entry,
    view: RasterView,
) -> impl FnOnce(&crate::jobs::Progress) -> Rendered + Send + 'static {
    let generation = entry.generation;
    let dataset = Arc::clone(&entry.dataset);
    let content = Arc::clone(&entry.content);
    let shapes = Arc::clone(&entry.shapes);
    move |_| {
        let start = Instant::now();
        let render = || render_content(&dataset, &content, view, &shapes);
        let image = match raster_pool() {
            Some(pool) => pool.install(render),
            None => render(),
        };
        Rendered {
            key,
            generation,
            view,
            image,
            took: start.elapsed(),
        }
    }
}

/// The image of `content` over `dataset` for `view`, by the renderer of its kind (shapes kept in
/// `shapes` from the last view).
fn render_content(
    dataset: &Dataset,
    content: &Content,
    view: RasterView,
    shapes: &ShapeCache,
) -> ColorImage {
    match content.paint {
        RasterPaint::Points(paint) => super::point_raster::render(&PointScene {
            dataset,
            mask: content.mask.as_ref(),
            paint,
            view,
        }),
        RasterPaint::Shapes(paint) => shapes.render(&ShapeScene {
            dataset,
            mask: content.mask.as_ref(),
            paint,
            fills: content.fills.as_deref(),
            view,
        }),
    }
}

/// Points for a large layer of points and multipoints only; shapes for a large layer of
/// polygons and lines only; `None` otherwise.
fn raster_kind(dataset: &Dataset) -> Option<RasterKind> {
    let (mut points, mut shapes) = (false, false);
    for i in 0..dataset.len() {
        match dataset.geometry.kind(i) {
            GeomKind::Point | GeomKind::MultiPoint => points = true,
            GeomKind::Empty => {}
            _ => shapes = true,
        }
        if points && shapes {
            return None;
        }
    }
    let len = dataset.len();
    match (points, shapes) {
        (true, false) if len >= MIN_POINTS => Some(RasterKind::Points),
        (false, true) if len >= MIN_SHAPES => Some(RasterKind::Shapes),
        _ => None,
    }
}

/// The view rendered at a lower pixel density when its image would exceed the largest texture.
fn fit_texture_side(mut view: RasterView, max_side: usize) -> RasterView {
    let side = view.size.x.max(view.size.y) * view.pixels_per_point;
    let max_side = max_side.max(64) as f32;
    if side > max_side {
        view.pixels_per_point *= max_side / side;
    }
    view
}

/// Paints the texture over `placed`, or the part of it inside the lens.
fn paint_raster(
    painter: &Painter,
    texture: egui::TextureId,
    placed: Rect,
    lens: Option<(Pos2, f32)>,
) {
    let full_uv = Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0));
    match lens {
        None => {
            painter.add(egui::Shape::image(texture, placed, full_uv, Color32::WHITE));
        }
        Some((center, radius)) => {
            // A fan over the lens, clipped to the raster so that its edge is never stretched.
            let painter = painter.with_clip_rect(painter.clip_rect().intersect(placed));
            painter.add(lens_mesh(texture, placed, center, radius));
        }
    }
}

/// A textured disc: the part of the raster over `placed` seen through the lens.
fn lens_mesh(texture: egui::TextureId, placed: Rect, center: Pos2, radius: f32) -> Mesh {
    let mut mesh = Mesh::with_texture(texture);
    let uv = |p: Pos2| {
        pos2(
            (p.x - placed.min.x) / placed.width().max(1e-3),
            (p.y - placed.min.y) / placed.height().max(1e-3),
        )
    };
    let vertex = |p: Pos2| egui::epaint::Vertex {
        pos: p,
        uv: uv(p),
        color: Color32::WHITE,
    };
    mesh.vertices.push(vertex(center));
    for k in 0..LENS_SIDES {
        let a = std::f32::consts::TAU * k as f32 / LENS_SIDES as f32;
        mesh.vertices
            .push(vertex(center + egui::Vec2::angled(a) * radius.max(1.0)));
    }
    let n = LENS_SIDES as u32;
    for k in 0..n {
        mesh.indices.extend([0, 1 + k, 1 + (k + 1) % n]);
    }
    mesh
}

#[cfg(test)]
mod tests {

    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[test]
    fn rasters_render_at_a_lower_priority_than_the_frames() {
        let pool = raster_pool().expect("the raster threads start");
        let stat = pool
            .install(|| std::fs::read_to_string("/proc/thread-self/stat"))
            .expect("the thread's status is readable");
        // After the name in parentheses: the state (field 3) first, the nice value (field 19).
        let after_name = stat.rsplit(')').next().expect("a name in parentheses");
        let nice = after_name.split_whitespace().nth(16);
        assert_eq!(nice, Some("10"), "{stat}");
    }

    #[test]
    fn slow_rasters_refresh_less_often_only_while_the_view_moves() {
        let ms = Duration::from_millis;
        assert_eq!(refresh_interval(true, ms(28)), MOVING_REFRESH);
        assert_eq!(refresh_interval(true, ms(90)), ms(270));
        assert_eq!(refresh_interval(true, ms(160)), ms(480));
        assert_eq!(refresh_interval(false, ms(160)), MOVING_REFRESH);
    }
    use super::*;

    #[test]
    fn the_lens_maps_its_points_onto_the_raster() {
        let placed = Rect::from_min_size(pos2(100.0, 50.0), egui::vec2(200.0, 100.0));
        let mesh = lens_mesh(egui::TextureId::default(), placed, pos2(200.0, 100.0), 20.0);
        assert_eq!(mesh.vertices.len(), LENS_SIDES + 1);
        assert_eq!(mesh.indices.len(), 3 * LENS_SIDES);
        assert_eq!(mesh.vertices[0].uv, pos2(0.5, 0.5));
        // The first rim vertex lies 20 points right of the centre: a tenth of the width further.
        let rim = mesh.vertices[1].uv;
        assert!(
            (rim.x - 0.6).abs() < 1e-5 && (rim.y - 0.5).abs() < 1e-5,
            "{rim:?}"
        );
    }

    #[test]
    fn an_oversized_view_is_rendered_at_a_lower_density() {
        let view = RasterView {
            origin: [0.5, 0.5],
            world_points: 1e6,
            size: egui::vec2(4000.0, 2000.0),
            pixels_per_point: 2.0,
        };
        let fitted = fit_texture_side(view, 4096);
        assert_eq!(fitted.pixel_size(), [4096, 2048]);
        assert_eq!(fit_texture_side(view, 16384), view);
    }

    #[test]
    fn only_large_point_layers_are_served() {
        let mut b = crate::data::DatasetBuilder::new(false);
        b.geometry.push_point([-0.55, 47.47]);
        b.end_row();
        let small = Arc::new(b.finish(None));
        let mut rasters = LayerRasters::default();
        assert_eq!(rasters.serves(&small), None);
        let mut b = crate::data::DatasetBuilder::new(false);
        for k in 0..MIN_POINTS {
            b.geometry
                .push_point([-0.55 + k as f64 * 1e-6, 47.47 + k as f64 * 1e-6]);
            b.end_row();
        }
        let large = Arc::new(b.finish(None));
        assert_eq!(rasters.serves(&large), Some(RasterKind::Points));
        assert_eq!(
            rasters.serves(&large),
            Some(RasterKind::Points),
            "remembered"
        );
        assert_eq!(raster_kind(&small), None);
    }
}
