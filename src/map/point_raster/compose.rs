//! The colours of a point raster: a disc with a halo around each occupied pixel, the kept
//! points painted over the greyed ones.

use egui::Color32;
use rayon::prelude::*;

use super::PointPaint;
use super::grid::{Grid, KEPT, LEFT_OUT};

/// For each cell, the distance along its row to the nearest cell holding `flag`, capped at
/// `reach + 1`.
pub(super) fn row_distances(grid: &Grid, flag: u8) -> Vec<u8> {
    let ow = grid.outer_width();
    let row_words = Grid::row_words(grid.width, grid.reach);
    let cap = (grid.reach + 1) as u8;
    let mut out = vec![cap; ow * grid.outer_height()];
    out.par_chunks_mut(ow)
        .zip(grid.bits(flag).par_chunks(row_words))
        .for_each(|(dist, bits)| {
            if bits.iter().all(|w| *w == 0) {
                return;
            }
            let set = |x: usize| bits[x / 64] >> (x % 64) & 1 != 0;
            let mut d = cap;
            for (x, o) in dist.iter_mut().enumerate() {
                d = if set(x) { 0 } else { (d + 1).min(cap) };
                *o = d;
            }
            d = cap;
            for (x, o) in dist.iter_mut().enumerate().rev() {
                d = if set(x) { 0 } else { (d + 1).min(cap) };
                *o = (*o).min(d);
            }
        });
    out
}

/// Colour of a symbol's pixel by squared distance to its point's pixel, for distances up to
/// `reach` (farther is transparent).
pub(super) fn ramp(
    disc: Color32,
    halo: Color32,
    radius: f32,
    halo_width: f32,
    reach: usize,
) -> Vec<Color32> {
    let limit = 2 * (reach + 1) * (reach + 1);
    (0..=limit)
        .map(|d2| {
            let d = (d2 as f32).sqrt();
            let disc_cover = (radius + 0.5 - d).clamp(0.0, 1.0);
            let halo_cover = (radius + halo_width + 0.5 - d).clamp(0.0, 1.0);
            over(
                disc.gamma_multiply(disc_cover),
                halo.gamma_multiply(halo_cover),
            )
        })
        .collect()
}

/// `top` painted over `bottom`, both premultiplied.
pub(crate) fn over(top: Color32, bottom: Color32) -> Color32 {
    let keep = 255 - u16::from(top.a());
    let mix = |t: u8, b: u8| (u16::from(t) + (u16::from(b) * keep + 127) / 255).min(255) as u8;
    Color32::from_rgba_premultiplied(
        mix(top.r(), bottom.r()),
        mix(top.g(), bottom.g()),
        mix(top.b(), bottom.b()),
        mix(top.a(), bottom.a()),
    )
}

/// The image: for each pixel, the nearest point of each kind decides its colour, kept over greyed.
pub(super) fn compose(grid: &Grid, paint: &PointPaint) -> Vec<Color32> {
    let (width, reach) = (grid.width, grid.reach);
    let ow = grid.outer_width();
    let layers: Vec<(Vec<u8>, Vec<Color32>)> = [
        paint.left_out.map(|(disc, halo)| (LEFT_OUT, disc, halo)),
        Some((KEPT, paint.kept, paint.kept_halo)),
    ]
    .into_iter()
    .flatten()
    .filter(|(flag, ..)| grid.bits(*flag).iter().any(|w| *w != 0))
    .map(|(flag, disc, halo)| {
        (
            row_distances(grid, flag),
            ramp(disc, halo, paint.radius, paint.halo, reach),
        )
    })
    .collect();
    let mut pixels = vec![Color32::TRANSPARENT; width * grid.height];
    if layers.is_empty() {
        return pixels;
    }
    pixels.par_chunks_mut(width).enumerate().for_each_init(
        || vec![0i16; width],
        |best, (y, row)| {
            for (k, (dist, colors)) in layers.iter().enumerate() {
                // The squared distance to the nearest point, one row of the window at a time:
                // whole rows at once in signed 16-bit lanes, which the compiler vectorises on
                // any x86-64 (the largest value, 65² + 64², fits).
                best.fill(i16::MAX);
                for dy in 0..=2 * reach {
                    let above = dy.abs_diff(reach) as i16;
                    let above = above * above;
                    let line = &dist[(y + dy) * ow + reach..][..width];
                    for (b, &d) in best.iter_mut().zip(line) {
                        let d = i16::from(d);
                        *b = (*b).min(d * d + above);
                    }
                }
                let color = |b: i16| {
                    colors
                        .get(b as usize)
                        .copied()
                        .unwrap_or(Color32::TRANSPARENT)
                };
                if k == 0 {
                    for (px, &b) in row.iter_mut().zip(best.iter()) {
                        *px = color(b);
                    }
                } else {
                    for (px, &b) in row.iter_mut().zip(best.iter()) {
                        let c = color(b);
                        if c.a() == 255 || *px == Color32::TRANSPARENT {
                            *px = c;
                        } else if c != Color32::TRANSPARENT {
                            *px = over(c, *px);
                        }
                    }
                }
            }
        },
    );
    pixels
}
