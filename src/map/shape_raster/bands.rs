//! The image painted band of rows by band of rows, in parallel: each band paints, in order,
//! the features whose box meets it — greyed ones then kept ones, fills before outlines.

use egui::Color32;
use rayon::prelude::*;

use super::band::{BAND_ROWS, Band};
use super::look::{Look, Pass};
use super::prepare::{Feature, Shapes};
use super::{OUTLINE_MIN_PX, ShapePaint, fill, stroke};

/// For each band of rows, the features whose box (grown by the stroke's reach) meets it.
pub(super) struct BandLists {
    /// How far strokes reach beyond a feature's box, in pixels.
    pub reach: f64,
    /// Feature indices per band, in painting order.
    pub lists: Vec<Vec<u32>>,
}

/// How far the strokes of `paint` reach beyond a feature's box.
pub(super) fn reach(paint: &ShapePaint) -> f64 {
    f64::from(paint.outline_px.max(paint.line_px)) / 2.0 + 1.0
}

/// Paints `shapes`, each with its look, into a `width` × `height` image.
pub(super) fn paint(
    shapes: &Shapes,
    lists: &BandLists,
    looks: &[Look],
    paint: &ShapePaint,
    [width, height]: [usize; 2],
) -> Vec<Color32> {
    let mut pixels = vec![Color32::TRANSPARENT; width * height];
    if width == 0 || height == 0 || shapes.features.is_empty() {
        return pixels;
    }
    pixels
        .par_chunks_mut(width * BAND_ROWS)
        .zip(lists.lists.par_iter())
        .enumerate()
        .for_each_init(Vec::new, |xs, (b, (chunk, list))| {
            let y0 = b * BAND_ROWS;
            let mut band = Band {
                width,
                y0,
                y1: y0 + chunk.len() / width,
                pixels: chunk,
            };
            for pass in [Pass::Greyed, Pass::Kept] {
                let group = || {
                    list.iter()
                        .map(|&f| f as usize)
                        .filter(move |&f| looks[f].pass == pass)
                };
                for f in group() {
                    let (feature, look) = (&shapes.features[f], &looks[f]);
                    if feature.areal {
                        fill::polygon(&mut band, shapes, feature, look.fill, xs);
                    } else {
                        stroke::lines(&mut band, shapes, feature, look.line, paint.line_px.into());
                    }
                }
                for f in group() {
                    let (feature, look) = (&shapes.features[f], &looks[f]);
                    if feature.areal && outlined(feature) {
                        stroke::outline(
                            &mut band,
                            shapes,
                            feature,
                            look.line,
                            paint.outline_px.into(),
                        );
                    }
                }
            }
        });
    pixels
}

/// True when the polygon is large enough on the screen for an outline.
fn outlined(feature: &Feature) -> bool {
    let b = feature.bbox();
    b[2] - b[0] >= OUTLINE_MIN_PX && b[3] - b[1] >= OUTLINE_MIN_PX
}

/// For each band, the features whose box grown by `reach` pixels meets it, in painting order.
pub(super) fn band_lists(features: &[Feature], height: usize, reach: f64) -> BandLists {
    let bands = height.div_ceil(BAND_ROWS);
    let mut lists = vec![Vec::new(); bands];
    if height > 0 {
        let last = (height - 1) as f64;
        for (f, feature) in features.iter().enumerate() {
            let bbox = feature.bbox();
            let top = (bbox[1] - reach).floor().clamp(0.0, last) as usize;
            let bottom = (bbox[3] + reach).ceil().clamp(0.0, last) as usize;
            for list in &mut lists[top / BAND_ROWS..=bottom / BAND_ROWS] {
                list.push(f as u32);
            }
        }
    }
    BandLists { reach, lists }
}
