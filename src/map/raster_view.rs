//! The view a layer raster is rendered for (Web Mercator origin, scale, size) and where a raster
//! rendered for one view goes on the screen in another.

use egui::{Pos2, Rect, Vec2};
use walkers::{Projector, lon_lat};

use crate::data::Bbox;

/// Latitude limit of Web Mercator.
const MAX_LAT: f64 = 85.051_128_78;

/// The part of the map an image covers: its top-left corner, its scale and its size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RasterView {
    /// The top-left corner in normalised Web Mercator (0 to 1 on both axes, y down).
    pub origin: [f64; 2],
    /// Screen points per normalised unit: the width of the world in points at the view's zoom.
    pub world_points: f64,
    /// Size in screen points.
    pub size: Vec2,
    /// Physical pixels per screen point.
    pub pixels_per_point: f32,
}

/// Normalised Web Mercator of `[lon, lat]`: x from 0 (180° W) to 1, y from 0 (north) to 1.
pub fn mercator(c: [f64; 2]) -> [f64; 2] {
    let x = (c[0] + 180.0) / 360.0;
    let lat = c[1].clamp(-MAX_LAT, MAX_LAT).to_radians();
    let y = (1.0 - lat.tan().asinh() / std::f64::consts::PI) / 2.0;
    [x, y]
}

/// `[lon, lat]` of a normalised Web Mercator position.
pub fn inverse_mercator(m: [f64; 2]) -> [f64; 2] {
    let lon = m[0] * 360.0 - 180.0;
    let lat = (std::f64::consts::PI * (1.0 - 2.0 * m[1]))
        .sinh()
        .atan()
        .to_degrees();
    [lon, lat]
}

impl RasterView {
    /// The view `rect` shows through `projector`, at `pixels_per_point`.
    pub fn of(projector: &Projector, rect: Rect, pixels_per_point: f32) -> Self {
        let corner = projector.unproject(rect.min.to_vec2());
        let zoom = projector.zoom();
        let projection = projector.projection();
        let east = projection.project(lon_lat(180.0, 0.0), zoom).x();
        let west = projection.project(lon_lat(-180.0, 0.0), zoom).x();
        Self {
            origin: mercator([corner.x(), corner.y()]),
            world_points: (east - west).max(1.0),
            size: rect.size(),
            pixels_per_point,
        }
    }

    /// Width and height of the image in physical pixels (at least 1 × 1).
    pub fn pixel_size(&self) -> [usize; 2] {
        let px = |v: f32| (v * self.pixels_per_point).round().max(1.0) as usize;
        [px(self.size.x), px(self.size.y)]
    }

    /// Physical pixels per normalised Web Mercator unit.
    pub fn world_pixels(&self) -> f64 {
        self.world_points * f64::from(self.pixels_per_point)
    }

    /// The position in physical pixels, from the top-left corner, of a normalised position.
    pub fn to_pixel(&self, m: [f64; 2]) -> [f64; 2] {
        let s = self.world_pixels();
        [(m[0] - self.origin[0]) * s, (m[1] - self.origin[1]) * s]
    }

    /// The `[min_lon, min_lat, max_lon, max_lat]` box the view covers, grown by `margin_points`.
    pub fn lon_lat_bbox(&self, margin_points: f32) -> Bbox {
        let m = f64::from(margin_points) / self.world_points;
        let a = inverse_mercator([self.origin[0] - m, self.origin[1] - m]);
        let far = [
            self.origin[0] + f64::from(self.size.x) / self.world_points + m,
            self.origin[1] + f64::from(self.size.y) / self.world_points + m,
        ];
        let b = inverse_mercator(far);
        [
            a[0].min(b[0]),
            a[1].min(b[1]),
            a[0].max(b[0]),
            a[1].max(b[1]),
        ]
    }

    /// Where an image rendered for `self` lies on the screen when `now` is shown with its
    /// top-left corner at `now_min`: translated and scaled, so that it follows pans and zooms.
    pub fn placed(&self, now: &RasterView, now_min: Pos2) -> Rect {
        let scale = now.world_points / self.world_points;
        let min = Pos2::new(
            now_min.x + ((self.origin[0] - now.origin[0]) * now.world_points) as f32,
            now_min.y + ((self.origin[1] - now.origin[1]) * now.world_points) as f32,
        );
        Rect::from_min_size(min, self.size * scale as f32)
    }

    /// True when both show the same place at the same scale and size (within a hundredth of a
    /// physical pixel), so that a raster of one serves the other as it is.
    pub fn same_as(&self, other: &RasterView) -> bool {
        let tolerance = 0.01 / self.world_pixels().max(1.0);
        self.size == other.size
            && self.pixels_per_point == other.pixels_per_point
            && (self.world_points - other.world_points).abs() <= self.world_points * 1e-9
            && (self.origin[0] - other.origin[0]).abs() <= tolerance
            && (self.origin[1] - other.origin[1]).abs() <= tolerance
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(origin: [f64; 2], world_points: f64) -> RasterView {
        RasterView {
            origin,
            world_points,
            size: egui::vec2(400.0, 300.0),
            pixels_per_point: 1.0,
        }
    }

    #[test]
    fn mercator_goes_there_and_back() {
        let angers = [-0.5536, 47.4716];
        let back = inverse_mercator(mercator(angers));
        assert!((back[0] - angers[0]).abs() < 1e-9 && (back[1] - angers[1]).abs() < 1e-9);
        assert_eq!(mercator([0.0, 0.0]), [0.5, 0.5]);
    }

    #[test]
    fn a_raster_of_the_same_view_covers_the_map_exactly() {
        let v = view([0.4985, 0.3245], 256.0 * 8192.0);
        let at = Pos2::new(10.0, 20.0);
        let placed = v.placed(&v, at);
        assert_eq!(placed, Rect::from_min_size(at, egui::vec2(400.0, 300.0)));
        assert!(v.same_as(&v));
    }

    #[test]
    fn a_panned_view_moves_the_raster_the_other_way() {
        let world = 256.0 * 8192.0;
        let old = view([0.4985, 0.3245], world);
        // The map was dragged: the view now starts 30 points further east and 10 further south.
        let now = view([0.4985 + 30.0 / world, 0.3245 + 10.0 / world], world);
        let placed = old.placed(&now, Pos2::ZERO);
        assert!((placed.min.x + 30.0).abs() < 1e-3, "{placed:?}");
        assert!((placed.min.y + 10.0).abs() < 1e-3, "{placed:?}");
        assert_eq!(placed.size(), egui::vec2(400.0, 300.0));
        assert!(!old.same_as(&now));
    }

    #[test]
    fn a_zoomed_in_view_scales_the_raster_around_the_fixed_point() {
        let world = 256.0 * 8192.0;
        let old = view([0.4985, 0.3245], world);
        // Zoom in by one level around the centre of the old view.
        let centre = [old.origin[0] + 200.0 / world, old.origin[1] + 150.0 / world];
        let now = view(
            [
                centre[0] - 200.0 / (2.0 * world),
                centre[1] - 150.0 / (2.0 * world),
            ],
            2.0 * world,
        );
        let placed = old.placed(&now, Pos2::ZERO);
        assert!((placed.width() - 800.0).abs() < 1e-3, "{placed:?}");
        assert!((placed.center().x - 200.0).abs() < 1e-3, "{placed:?}");
        assert!((placed.center().y - 150.0).abs() < 1e-3, "{placed:?}");
    }

    #[test]
    fn pixels_follow_the_pixel_density() {
        let mut v = view([0.5, 0.5], 1000.0);
        v.pixels_per_point = 2.0;
        assert_eq!(v.pixel_size(), [800, 600]);
        let p = v.to_pixel([0.5 + 0.01, 0.5 + 0.02]);
        assert!((p[0] - 20.0).abs() < 1e-9 && (p[1] - 40.0).abs() < 1e-9);
        let b = v.lon_lat_bbox(0.0);
        assert!(
            b[0] < b[2] && b[1] < b[3] && b[1] < 0.0 && b[0] >= 0.0,
            "{b:?}"
        );
    }
}
