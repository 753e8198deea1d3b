//! Clips painted shapes to a circle (the compare lens): meshes triangle by triangle, lines segment by segment.

use egui::epaint::{PathShape, PathStroke, Vertex};
use egui::{Color32, Mesh, Pos2, Shape, Vec2};

/// Sides of the polygon that stands for the circle when clipping fills.
const SIDES: usize = 72;

/// Keeps what of `shapes` lies inside the circle of `center` and `radius` (screen pixels).
///
/// Fills are clipped exactly to a fine polygon inscribed in the circle, lines to the circle itself;
/// symbols (circles, rectangles, text) are kept whole when their centre is inside.
pub fn to_circle(shapes: Vec<Shape>, center: Pos2, radius: f32) -> Vec<Shape> {
    let lens = Lens::new(center, radius);
    let mut out = Vec::with_capacity(shapes.len());
    for shape in shapes {
        lens.clip_into(shape, &mut out);
    }
    out
}

struct Lens {
    center: Pos2,
    radius: f32,
    /// The inscribed polygon, counter-clockwise in screen coordinates.
    polygon: Vec<Pos2>,
}

impl Lens {
    fn new(center: Pos2, radius: f32) -> Self {
        let radius = radius.max(1.0);
        let polygon = (0..SIDES)
            .map(|k| {
                let a = std::f32::consts::TAU * k as f32 / SIDES as f32;
                center + Vec2::angled(a) * radius
            })
            .collect();
        Self {
            center,
            radius,
            polygon,
        }
    }

    fn contains(&self, p: Pos2) -> bool {
        p.distance_sq(self.center) <= self.radius * self.radius
    }

    fn clip_into(&self, shape: Shape, out: &mut Vec<Shape>) {
        match shape {
            Shape::Vec(shapes) => {
                for s in shapes {
                    self.clip_into(s, out);
                }
            }
            Shape::Mesh(mesh) => {
                let clipped = self.clip_mesh(&mesh);
                if !clipped.is_empty() {
                    out.push(Shape::mesh(clipped));
                }
            }
            Shape::Path(path) => self.clip_path(&path, out),
            Shape::LineSegment { points, stroke } => {
                let path = PathShape::line(points.to_vec(), stroke);
                self.clip_path(&path, out);
            }
            Shape::Circle(c) => {
                if self.contains(c.center) {
                    out.push(Shape::Circle(c));
                }
            }
            Shape::Noop => {}
            other => {
                if self.contains(other.visual_bounding_rect().center()) {
                    out.push(other);
                }
            }
        }
    }

    fn clip_mesh(&self, mesh: &Mesh) -> Mesh {
        let mut out = Mesh::default();
        let inner = self.radius * (std::f32::consts::PI / SIDES as f32).cos();
        let inner_sq = inner * inner;
        let r_sq = self.radius * self.radius;
        for tri in mesh.indices.chunks_exact(3) {
            let Some(v) = tri
                .iter()
                .map(|&i| mesh.vertices.get(i as usize).copied())
                .collect::<Option<Vec<Vertex>>>()
            else {
                continue;
            };
            let d: Vec<f32> = v.iter().map(|v| v.pos.distance_sq(self.center)).collect();
            if d.iter().all(|&d| d <= inner_sq) {
                let base = out.vertices.len() as u32;
                out.vertices.extend_from_slice(&v);
                out.indices.extend([base, base + 1, base + 2]);
                continue;
            }
            if far_outside(&v, self.center, r_sq) {
                continue;
            }
            let clipped = clip_convex(&[v[0].pos, v[1].pos, v[2].pos], &self.polygon);
            if clipped.len() < 3 {
                continue;
            }
            let color = v[0].color;
            let base = out.vertices.len() as u32;
            out.vertices.extend(clipped.iter().map(|&pos| Vertex {
                pos,
                uv: v[0].uv,
                color,
            }));
            for k in 1..clipped.len() as u32 - 1 {
                out.indices.extend([base, base + k, base + k + 1]);
            }
        }
        out
    }

    fn clip_path(&self, path: &PathShape, out: &mut Vec<Shape>) {
        let mut points = path.points.clone();
        if path.closed
            && let Some(&first) = points.first()
        {
            points.push(first);
        }
        let mut run: Vec<Pos2> = Vec::new();
        let flush = |run: &mut Vec<Pos2>, out: &mut Vec<Shape>| {
            if run.len() >= 2 {
                out.push(line(std::mem::take(run), path.stroke.clone()));
            }
            run.clear();
        };
        for pair in points.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            match self.segment_inside(a, b) {
                Some((t0, t1)) => {
                    let p0 = a + (b - a) * t0;
                    let p1 = a + (b - a) * t1;
                    if run.last() != Some(&p0) {
                        flush(&mut run, out);
                        run.push(p0);
                    }
                    run.push(p1);
                    if t1 < 1.0 {
                        flush(&mut run, out);
                    }
                }
                None => flush(&mut run, out),
            }
        }
        flush(&mut run, out);
    }

    /// The part `[t0, t1]` of the segment `a → b` inside the circle, if any.
    fn segment_inside(&self, a: Pos2, b: Pos2) -> Option<(f32, f32)> {
        let d = b - a;
        let f = a - self.center;
        let qa = d.dot(d);
        let qb = 2.0 * f.dot(d);
        let qc = f.dot(f) - self.radius * self.radius;
        if qa <= f32::EPSILON {
            return (qc <= 0.0).then_some((0.0, 1.0));
        }
        let disc = qb * qb - 4.0 * qa * qc;
        if disc < 0.0 {
            return None;
        }
        let s = disc.sqrt();
        let t0 = ((-qb - s) / (2.0 * qa)).max(0.0);
        let t1 = ((-qb + s) / (2.0 * qa)).min(1.0);
        (t0 < t1).then_some((t0, t1))
    }
}

fn line(points: Vec<Pos2>, stroke: PathStroke) -> Shape {
    Shape::Path(PathShape {
        points,
        closed: false,
        fill: Color32::TRANSPARENT,
        stroke,
    })
}

/// True when the triangle's bounding box misses the circle's bounding box.
fn far_outside(v: &[Vertex], center: Pos2, r_sq: f32) -> bool {
    let r = r_sq.sqrt();
    let (mut lo, mut hi) = (v[0].pos, v[0].pos);
    for p in v.iter().map(|v| v.pos) {
        lo = lo.min(p);
        hi = hi.max(p);
    }
    hi.x < center.x - r || lo.x > center.x + r || hi.y < center.y - r || lo.y > center.y + r
}

/// Sutherland–Hodgman: the part of `subject` inside the convex, counter-clockwise `clip` polygon.
fn clip_convex(subject: &[Pos2], clip: &[Pos2]) -> Vec<Pos2> {
    let mut output = subject.to_vec();
    for k in 0..clip.len() {
        if output.is_empty() {
            break;
        }
        let (e0, e1) = (clip[k], clip[(k + 1) % clip.len()]);
        let inside = |p: Pos2| (e1 - e0).x * (p - e0).y - (e1 - e0).y * (p - e0).x >= 0.0;
        let input = std::mem::take(&mut output);
        for i in 0..input.len() {
            let cur = input[i];
            let prev = input[(i + input.len() - 1) % input.len()];
            let (ci, pi) = (inside(cur), inside(prev));
            if ci != pi {
                output.push(intersect(prev, cur, e0, e1));
            }
            if ci {
                output.push(cur);
            }
        }
    }
    output
}

fn intersect(p: Pos2, q: Pos2, a: Pos2, b: Pos2) -> Pos2 {
    let r = q - p;
    let s = b - a;
    let denom = r.x * s.y - r.y * s.x;
    if denom.abs() <= f32::EPSILON {
        return q;
    }
    let t = ((a - p).x * s.y - (a - p).y * s.x) / denom;
    p + r * t
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::{Rect, Stroke, pos2, vec2};

    fn area(mesh: &Mesh) -> f32 {
        mesh.indices
            .chunks_exact(3)
            .map(|t| {
                let [a, b, c] = [0, 1, 2].map(|k| mesh.vertices[t[k] as usize].pos);
                ((b - a).x * (c - a).y - (b - a).y * (c - a).x).abs() / 2.0
            })
            .sum()
    }

    #[test]
    fn a_fill_covering_the_lens_becomes_the_disc() {
        let mut mesh = Mesh::default();
        mesh.add_colored_rect(
            Rect::from_min_max(pos2(0.0, 0.0), pos2(200.0, 200.0)),
            Color32::RED,
        );
        let out = to_circle(vec![Shape::mesh(mesh)], pos2(100.0, 100.0), 50.0);
        let [Shape::Mesh(m)] = out.as_slice() else {
            panic!("one mesh expected: {out:?}");
        };
        let disc = std::f32::consts::PI * 50.0 * 50.0;
        assert!((area(m) - disc).abs() / disc < 0.01, "area {}", area(m));
        assert!(m.vertices.iter().all(|v| v.color == Color32::RED));
    }

    #[test]
    fn fills_outside_the_lens_vanish_and_inside_stay_whole() {
        let mut far = Mesh::default();
        far.add_colored_rect(
            Rect::from_min_size(pos2(500.0, 500.0), vec2(10.0, 10.0)),
            Color32::BLUE,
        );
        let mut near = Mesh::default();
        near.add_colored_rect(
            Rect::from_min_size(pos2(95.0, 95.0), vec2(10.0, 10.0)),
            Color32::BLUE,
        );
        let out = to_circle(
            vec![Shape::mesh(far), Shape::mesh(near)],
            pos2(100.0, 100.0),
            50.0,
        );
        let [Shape::Mesh(m)] = out.as_slice() else {
            panic!("only the near square: {out:?}");
        };
        assert!((area(m) - 100.0).abs() < 1e-3);
    }

    #[test]
    fn a_line_across_the_lens_keeps_its_chord() {
        let shapes = vec![Shape::line_segment(
            [pos2(0.0, 100.0), pos2(200.0, 100.0)],
            Stroke::new(1.0, Color32::BLACK),
        )];
        let out = to_circle(shapes, pos2(100.0, 100.0), 50.0);
        let [Shape::Path(p)] = out.as_slice() else {
            panic!("one line: {out:?}");
        };
        assert_eq!(p.points.len(), 2);
        assert!((p.points[0].x - 50.0).abs() < 1e-3 && (p.points[1].x - 150.0).abs() < 1e-3);
    }

    #[test]
    fn a_closed_ring_crossing_the_lens_twice_gives_two_pieces() {
        // A thin rectangle crossing the lens from left to right: its two long sides cross it.
        let ring = vec![
            pos2(0.0, 90.0),
            pos2(200.0, 90.0),
            pos2(200.0, 110.0),
            pos2(0.0, 110.0),
        ];
        let out = to_circle(
            vec![Shape::closed_line(ring, Stroke::new(1.0, Color32::BLACK))],
            pos2(100.0, 100.0),
            50.0,
        );
        assert_eq!(out.len(), 2, "{out:?}");
    }

    #[test]
    fn symbols_are_kept_by_their_centre() {
        let shapes = vec![
            Shape::circle_filled(pos2(100.0, 100.0), 3.0, Color32::RED),
            Shape::circle_filled(pos2(300.0, 100.0), 3.0, Color32::RED),
        ];
        assert_eq!(to_circle(shapes, pos2(100.0, 100.0), 50.0).len(), 1);
    }
}
