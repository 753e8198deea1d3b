//! Circular arcs (of WKB curves) as lines: segments of at most a few degrees, with a vertex
//! wherever the arc reaches its northernmost, southernmost, easternmost or westernmost point, so
//! the line's extent is the arc's.

/// The largest angle one segment spans, in degrees (as GIS tools linearize curves).
const STEP_DEGREES: f64 = 4.0;

/// The arcs of a circular string (`p0 p1 p2`, `p2 p3 p4`, …) as one line, its first position
/// first; a string with a broken last arc keeps its leftover positions as straight segments.
pub fn circular_string(points: &[[f64; 2]]) -> Vec<[f64; 2]> {
    let Some(&first) = points.first() else {
        return Vec::new();
    };
    let mut line = vec![first];
    let mut at = 0;
    while at + 2 < points.len() {
        arc(points[at], points[at + 1], points[at + 2], &mut line);
        at += 2;
    }
    line.extend_from_slice(&points[at + 1..]);
    line
}

/// Appends the arc from `a` through `b` to `c`, without `a`, ending exactly at `c`.
fn arc(a: [f64; 2], b: [f64; 2], c: [f64; 2], line: &mut Vec<[f64; 2]>) {
    let Some((center, radius)) = circle(a, b, c) else {
        // Collinear or repeated points: straight segments through them.
        line.extend([b, c]);
        return;
    };
    let angle = |p: [f64; 2]| (p[1] - center[1]).atan2(p[0] - center[0]);
    let (start, through, end) = (angle(a), angle(b), angle(c));
    let tau = std::f64::consts::TAU;
    // Counter-clockwise when `b` lies on the counter-clockwise way from `a` to `c`; a full
    // circle (`a` = `c`) is drawn counter-clockwise.
    let full = a == c;
    let ccw = full || (through - start).rem_euclid(tau) < (end - start).rem_euclid(tau);
    let sweep = if full {
        tau
    } else if ccw {
        (end - start).rem_euclid(tau)
    } else {
        -(start - end).rem_euclid(tau)
    };
    let step = STEP_DEGREES.to_radians();
    let count = (sweep.abs() / step).ceil().max(1.0) as usize;
    let mut angles: Vec<f64> = (1..count)
        .map(|i| sweep * i as f64 / count as f64)
        .collect();
    // The quarter points (east, north, west, south) the arc passes, for an exact extent.
    let quarter = std::f64::consts::FRAC_PI_2;
    for k in 0..4 {
        let offset = if ccw {
            (k as f64 * quarter - start).rem_euclid(tau)
        } else {
            -(start - k as f64 * quarter).rem_euclid(tau)
        };
        if offset != 0.0 && offset.abs() < sweep.abs() {
            angles.push(offset);
        }
    }
    angles.sort_by(|x, y| x.abs().total_cmp(&y.abs()));
    line.extend(angles.into_iter().map(|t| {
        let theta = start + t;
        [
            center[0] + radius * theta.cos(),
            center[1] + radius * theta.sin(),
        ]
    }));
    line.push(c);
}

/// The circle through three points, or `None` when they are (nearly) on one line.
fn circle(a: [f64; 2], b: [f64; 2], c: [f64; 2]) -> Option<([f64; 2], f64)> {
    if a == c {
        // A full circle: `b` is the opposite point.
        let center = [(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0];
        let radius = ((a[0] - center[0]).powi(2) + (a[1] - center[1]).powi(2)).sqrt();
        return (radius > 0.0).then_some((center, radius));
    }
    let (bx, by) = (b[0] - a[0], b[1] - a[1]);
    let (cx, cy) = (c[0] - a[0], c[1] - a[1]);
    let d = 2.0 * (bx * cy - by * cx);
    let scale = (bx * bx + by * by).max(cx * cx + cy * cy);
    if d.abs() <= 1e-12 * scale || !d.is_finite() {
        return None;
    }
    let (b2, c2) = (bx * bx + by * by, cx * cx + cy * cy);
    let ux = (cy * b2 - by * c2) / d;
    let uy = (bx * c2 - cx * b2) / d;
    let radius = (ux * ux + uy * uy).sqrt();
    Some(([a[0] + ux, a[1] + uy], radius))
}

#[cfg(test)]
mod tests {
    use super::circular_string;

    fn extent(line: &[[f64; 2]]) -> [f64; 4] {
        line.iter().fold(
            [f64::MAX, f64::MAX, f64::MIN, f64::MIN],
            |[a, b, c, d], p| [a.min(p[0]), b.min(p[1]), c.max(p[0]), d.max(p[1])],
        )
    }

    #[test]
    fn a_half_circle_reaches_its_top_and_ends_exactly() {
        let line = circular_string(&[[-1.0, 0.0], [0.0, 1.0], [1.0, 0.0]]);
        assert_eq!(line.first(), Some(&[-1.0, 0.0]));
        assert_eq!(line.last(), Some(&[1.0, 0.0]));
        let [x0, y0, x1, y1] = extent(&line);
        assert!((x0 + 1.0).abs() < 1e-12 && (x1 - 1.0).abs() < 1e-12 && y0.abs() < 1e-12);
        assert!(
            (y1 - 1.0).abs() < 1e-12,
            "the top of the arc is a vertex: {y1}"
        );
        assert!(line.len() > 40, "about 4° per segment: {}", line.len());
        assert!(line.iter().all(|p| (p[0].hypot(p[1]) - 1.0).abs() < 1e-9));
    }

    #[test]
    fn clockwise_arcs_go_the_short_way_and_collinear_points_stay_straight() {
        let line = circular_string(&[[1.0, 0.0], [0.0, -1.0], [-1.0, 0.0]]);
        assert!(
            line.iter().all(|p| p[1] <= 1e-12),
            "below the axis: {line:?}"
        );
        let [_, y0, _, _] = extent(&line);
        assert!((y0 + 1.0).abs() < 1e-12);
        let straight = circular_string(&[[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]]);
        assert_eq!(straight, vec![[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]]);
        let full = circular_string(&[[1.0, 0.0], [-1.0, 0.0], [1.0, 0.0]]);
        let [x0, y0, x1, y1] = extent(&full);
        assert!((x0 + 1.0).abs() < 1e-9 && (y0 + 1.0).abs() < 1e-9);
        assert!((x1 - 1.0).abs() < 1e-9 && (y1 - 1.0).abs() < 1e-9);
    }
}
