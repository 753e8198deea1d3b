//! The geometry of the last view kept between renders of one layer: a change of filter, look or
//! choropleth over the same view (a recolouring) repaints it with the new colours and skips the
//! projection, snapping and sorting into bands, which are most of a render.

use std::sync::{Mutex, PoisonError};

use egui::ColorImage;

use super::ShapeScene;
use super::bands::{self, BandLists};
use super::look;
use super::prepare::{self, Shapes};
use crate::data::DatasetId;
use crate::map::raster_view::RasterView;

/// A dataset's shapes in pixel space for one view, sorted into bands for one stroke width.
pub(super) struct PreparedShapes {
    dataset: DatasetId,
    view: RasterView,
    shapes: Shapes,
    lists: BandLists,
}

impl PreparedShapes {
    /// The shapes of `scene`'s dataset in its view.
    pub(super) fn new(scene: &ShapeScene) -> Self {
        let shapes = prepare::prepare(scene.dataset, scene.view);
        let height = scene.view.pixel_size()[1];
        let lists = bands::band_lists(&shapes.features, height, bands::reach(&scene.paint));
        Self {
            dataset: scene.dataset.id(),
            view: scene.view,
            shapes,
            lists,
        }
    }

    /// True when these shapes are those of `scene`: same dataset, view and stroke widths.
    fn serves(&self, scene: &ShapeScene) -> bool {
        self.dataset == scene.dataset.id()
            && self.view == scene.view
            && self.lists.reach == bands::reach(&scene.paint)
    }

    /// The image of `scene`, whose shapes these are, in its colours.
    pub(super) fn paint(&self, scene: &ShapeScene) -> ColorImage {
        let size = scene.view.pixel_size();
        let looks = look::looks(&self.shapes.features, scene);
        let pixels = bands::paint(&self.shapes, &self.lists, &looks, &scene.paint, size);
        ColorImage::new(size, pixels)
    }
}

/// The shapes of a layer's last rendered view, reused while only colours change.
#[derive(Default)]
pub struct ShapeCache {
    last: Mutex<Option<PreparedShapes>>,
}

impl ShapeCache {
    /// Renders `scene` like [`super::render`], reusing the shapes of the previous call when
    /// the dataset, the view and the stroke widths are the same.
    pub fn render(&self, scene: &ShapeScene) -> ColorImage {
        let mut held = self.take();
        if !held.as_ref().is_some_and(|p| p.serves(scene)) {
            // Dropped before the new ones are made: the two are never held at once.
            held = None;
        }
        let start = std::time::Instant::now();
        let reused = held.is_some();
        let prepared = held.unwrap_or_else(|| PreparedShapes::new(scene));
        let shaped = start.elapsed();
        let image = prepared.paint(scene);
        log::debug!(
            "shape raster: shapes {} in {:.1} ms, painted in {:.1} ms",
            if reused { "reused" } else { "prepared" },
            shaped.as_secs_f64() * 1e3,
            (start.elapsed() - shaped).as_secs_f64() * 1e3
        );
        *self.last.lock().unwrap_or_else(PoisonError::into_inner) = Some(prepared);
        image
    }

    /// True when the next [`Self::render`] of `scene` would reuse the kept shapes.
    pub fn holds(&self, scene: &ShapeScene) -> bool {
        let last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        last.as_ref().is_some_and(|p| p.serves(scene))
    }

    /// Forgets the kept shapes (the memory goes back).
    pub fn clear(&self) {
        drop(self.take());
    }

    fn take(&self) -> Option<PreparedShapes> {
        self.last
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }
}
