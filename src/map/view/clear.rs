//! Where on the map an extent is fitted so that floating windows (the attribute table, the
//! zone statistics) do not hide it: the largest part of the pane they leave clear.

use egui::{Pos2, Rect, Vec2};

use crate::data::Bbox;
use crate::map::raster_view::{inverse_mercator, mercator};

/// A clear part smaller than this share of the pane is not worth fitting into: the window
/// is then ignored (the extent goes under it rather than into a sliver).
const SMALLEST_SHARE: f32 = 0.2;

/// The largest rectangle of `pane` that none of `covers` overlaps, found window by window:
/// each window leaves four bands (left, right, above, below) and the largest one is kept.
pub fn clear_area(pane: Rect, covers: &[Rect]) -> Rect {
    let mut free = pane;
    for cover in covers {
        if !cover.intersects(free) {
            continue;
        }
        let bands = [
            Rect::from_min_max(free.min, Pos2::new(cover.min.x.min(free.max.x), free.max.y)),
            Rect::from_min_max(Pos2::new(cover.max.x.max(free.min.x), free.min.y), free.max),
            Rect::from_min_max(free.min, Pos2::new(free.max.x, cover.min.y.min(free.max.y))),
            Rect::from_min_max(Pos2::new(free.min.x, cover.max.y.max(free.min.y)), free.max),
        ];
        let largest = bands
            .into_iter()
            .filter(|b| b.is_positive())
            .max_by(|a, b| a.area().total_cmp(&b.area()));
        if let Some(band) = largest
            && band.area() >= pane.area() * SMALLEST_SHARE
        {
            free = band;
        }
    }
    free
}

/// The centre `[lon, lat]` of a pane whose area `free` shows `bbox` centred at `zoom`.
pub fn centre_for(bbox: Bbox, zoom: f64, pane: Rect, free: Rect) -> [f64; 2] {
    let world = 256.0 * 2f64.powf(zoom);
    let mid = mercator([(bbox[0] + bbox[2]) / 2.0, (bbox[1] + bbox[3]) / 2.0]);
    let shift: Vec2 = pane.center() - free.center();
    inverse_mercator([
        mid[0] + f64::from(shift.x) / world,
        mid[1] + f64::from(shift.y) / world,
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rect(x0: f32, y0: f32, x1: f32, y1: f32) -> Rect {
        Rect::from_min_max(Pos2::new(x0, y0), Pos2::new(x1, y1))
    }

    #[test]
    fn a_window_at_the_bottom_leaves_the_top() {
        let pane = rect(0.0, 0.0, 1000.0, 800.0);
        let table = rect(100.0, 450.0, 900.0, 800.0);
        assert_eq!(clear_area(pane, &[table]), rect(0.0, 0.0, 1000.0, 450.0));
    }

    #[test]
    fn windows_elsewhere_or_too_large_change_nothing() {
        let pane = rect(0.0, 0.0, 1000.0, 800.0);
        assert_eq!(clear_area(pane, &[rect(1100.0, 0.0, 1300.0, 200.0)]), pane);
        assert_eq!(clear_area(pane, &[rect(-10.0, -10.0, 1010.0, 790.0)]), pane);
    }

    #[test]
    fn two_windows_leave_what_both_leave() {
        let pane = rect(0.0, 0.0, 1000.0, 800.0);
        let right = rect(600.0, 0.0, 1000.0, 800.0);
        let bottom = rect(0.0, 500.0, 600.0, 800.0);
        assert_eq!(
            clear_area(pane, &[right, bottom]),
            rect(0.0, 0.0, 600.0, 500.0)
        );
    }

    #[test]
    fn the_extent_lands_in_the_middle_of_the_clear_area() {
        let pane = rect(0.0, 0.0, 1000.0, 800.0);
        let free = rect(0.0, 0.0, 1000.0, 400.0);
        let bbox = [-0.55, 47.47, -0.55, 47.47];
        let centre = centre_for(bbox, 15.0, pane, free);
        // The pane's centre is 200 points below the point, so south of it; same longitude.
        assert!((centre[0] + 0.55).abs() < 1e-9);
        assert!(centre[1] < 47.47);
        let world = 256.0 * 2f64.powi(15);
        let dy = (mercator(centre)[1] - mercator([-0.55, 47.47])[1]) * world;
        assert!((dy - 200.0).abs() < 1e-6, "{dy}");
    }
}
