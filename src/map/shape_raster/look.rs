//! The colours of each prepared feature for one scene: which pass paints it (not at all,
//! greyed, kept) and its fill and line colours, from the filter, the look and the choropleth.
//! This is all a recolouring recomputes before painting.

use egui::Color32;
use rayon::prelude::*;

use super::ShapeScene;
use super::prepare::Feature;

/// Which pass paints a feature: greyed ones are painted beneath the kept ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Pass {
    /// Left out by the filter and not greyed: not painted.
    Hidden,
    /// Left out by the filter, painted grey.
    Greyed,
    /// Kept by the filter.
    Kept,
}

/// How one feature is painted.
#[derive(Clone, Copy, Debug)]
pub(super) struct Look {
    /// Its pass.
    pub pass: Pass,
    /// Fill colour (polygons).
    pub fill: Color32,
    /// Outline or line colour.
    pub line: Color32,
}

/// The look of each of `features` (same order) in `scene`.
pub(super) fn looks(features: &[Feature], scene: &ShapeScene) -> Vec<Look> {
    features
        .par_iter()
        .map(|f| look(scene, f.row as usize))
        .collect()
}

/// The look of row `i`.
fn look(scene: &ShapeScene, i: usize) -> Look {
    let paint = &scene.paint;
    let kept = scene.mask.is_none_or(|m| m.get(i));
    match (kept, paint.left_out) {
        (false, Some((fill, line))) => Look {
            pass: Pass::Greyed,
            fill,
            line,
        },
        (false, None) => Look {
            pass: Pass::Hidden,
            fill: Color32::TRANSPARENT,
            line: Color32::TRANSPARENT,
        },
        (true, _) => Look {
            pass: Pass::Kept,
            fill: scene
                .fills
                .and_then(|f| f.get(i))
                .map_or(paint.fill, |&c| paint.class_fill(c)),
            line: paint.line,
        },
    }
}
