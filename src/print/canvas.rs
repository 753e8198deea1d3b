//! The page as a list of drawing operations in points (origin top left, y down), played back by
//! the PNG and the PDF writers alike so that both show the same page.

use std::sync::Arc;

use super::{Pixels, Rgba};

/// A rectangle in points: left, top, width, height.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
}

impl Frame {
    /// Right edge.
    pub fn right(&self) -> f32 {
        self.x + self.w
    }

    /// Bottom edge.
    pub fn bottom(&self) -> f32 {
        self.y + self.h
    }

    /// The same frame shrunk by `d` on every side.
    pub fn inset(&self, d: f32) -> Self {
        Self {
            x: self.x + d,
            y: self.y + d,
            w: (self.w - 2.0 * d).max(0.0),
            h: (self.h - 2.0 * d).max(0.0),
        }
    }

    /// Its outline as a closed ring.
    pub fn ring(&self) -> Vec<[f32; 2]> {
        vec![
            [self.x, self.y],
            [self.right(), self.y],
            [self.right(), self.bottom()],
            [self.x, self.bottom()],
        ]
    }
}

/// One drawing operation.
#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    /// Fill rings.
    Fill {
        /// Closed rings.
        rings: Vec<Vec<[f32; 2]>>,
        /// The colour.
        color: Rgba,
        /// Even-odd (holes stay empty) rather than non-zero (overlapping rings make one shape).
        even_odd: bool,
    },
    /// Stroke polylines.
    Stroke {
        /// Polylines, closed when `closed`.
        lines: Vec<Vec<[f32; 2]>>,
        /// Closed rings rather than open lines.
        closed: bool,
        /// Line width in points.
        width_pt: f32,
        /// The colour.
        color: Rgba,
    },
    /// A line of text whose baseline starts at `at`.
    Text {
        /// Start of the baseline.
        at: [f32; 2],
        /// Font size in points.
        size_pt: f32,
        /// The words (characters the typeface lacks are drawn as a lookalike or `?`).
        text: String,
        /// The colour.
        color: Rgba,
    },
    /// A picture stretched over a frame (the basemap's tiles), smoothed when resampled.
    Image {
        /// Where the picture's corners fall.
        frame: Frame,
        /// Its pixels, opaque.
        image: Arc<Pixels>,
    },
    /// Later operations draw only inside this frame, until [`Op::Unclip`].
    Clip(Frame),
    /// Ends the last clip.
    Unclip,
}

/// A page being drawn: its size in points and its operations, bottom first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Canvas {
    /// Width and height in points.
    pub size_pt: [f32; 2],
    /// The operations, in drawing order.
    pub ops: Vec<Op>,
}

impl Canvas {
    /// An empty page.
    pub fn new(size_pt: [f32; 2]) -> Self {
        Self {
            size_pt,
            ops: Vec::new(),
        }
    }

    /// Fills a rectangle.
    pub fn fill_frame(&mut self, frame: Frame, color: Rgba) {
        self.fill(vec![frame.ring()], color);
    }

    /// Outlines a rectangle.
    pub fn stroke_frame(&mut self, frame: Frame, width_pt: f32, color: Rgba) {
        self.stroke(vec![frame.ring()], true, width_pt, color);
    }

    /// Fills closed rings, even-odd: inner rings are holes (nothing when invisible or empty).
    pub fn fill(&mut self, rings: Vec<Vec<[f32; 2]>>, color: Rgba) {
        self.fill_with(rings, color, true);
    }

    /// Fills closed rings that overlap as one shape (many symbols in one operation).
    pub fn fill_union(&mut self, rings: Vec<Vec<[f32; 2]>>, color: Rgba) {
        self.fill_with(rings, color, false);
    }

    fn fill_with(&mut self, rings: Vec<Vec<[f32; 2]>>, color: Rgba, even_odd: bool) {
        if color.0[3] > 0 && rings.iter().any(|r| r.len() >= 3) {
            self.ops.push(Op::Fill {
                rings,
                color,
                even_odd,
            });
        }
    }

    /// Strokes polylines (nothing when invisible or empty).
    pub fn stroke(&mut self, lines: Vec<Vec<[f32; 2]>>, closed: bool, width_pt: f32, color: Rgba) {
        if color.0[3] > 0 && width_pt > 0.0 && lines.iter().any(|l| l.len() >= 2) {
            self.ops.push(Op::Stroke {
                lines,
                closed,
                width_pt,
                color,
            });
        }
    }

    /// A disc of `radius_pt` around `at` (a polygon fine enough at print sizes).
    pub fn disc(&mut self, at: [f32; 2], radius_pt: f32, color: Rgba) {
        self.fill(vec![circle(at, radius_pt)], color);
    }

    /// A line of text whose baseline starts at `at`.
    pub fn text(&mut self, at: [f32; 2], size_pt: f32, text: &str, color: Rgba) {
        let text = super::text::printable(text);
        if !text.trim().is_empty() {
            self.ops.push(Op::Text {
                at,
                size_pt,
                text,
                color,
            });
        }
    }

    /// Stretches `image` over `frame` (nothing when it has no pixels).
    pub fn image(&mut self, frame: Frame, image: Arc<Pixels>) {
        if image.width > 0 && image.height > 0 && frame.w > 0.0 && frame.h > 0.0 {
            self.ops.push(Op::Image { frame, image });
        }
    }

    /// Later operations draw only inside `frame`, until [`Self::unclip`].
    pub fn clip(&mut self, frame: Frame) {
        self.ops.push(Op::Clip(frame));
    }

    /// Ends the last clip.
    pub fn unclip(&mut self) {
        self.ops.push(Op::Unclip);
    }
}

/// A circle as a ring of 16 points.
pub fn circle(at: [f32; 2], radius_pt: f32) -> Vec<[f32; 2]> {
    polygon(at, radius_pt, 16)
}

/// A regular polygon of `sides` around `at` (an octagon is round enough for a small symbol).
pub fn polygon(at: [f32; 2], radius_pt: f32, sides: usize) -> Vec<[f32; 2]> {
    (0..sides)
        .map(|k| {
            let a = k as f32 * std::f32::consts::TAU / sides as f32;
            [at[0] + radius_pt * a.cos(), at[1] + radius_pt * a.sin()]
        })
        .collect()
}
