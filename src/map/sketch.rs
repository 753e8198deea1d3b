//! Drawing a rectangle or a polygon on the map ("dans le dessin"): pointer handling, the shape
//! in progress, the finished ring in longitude/latitude.

use egui::{Color32, Pos2, Rect, Response, Shape, Stroke, Ui};
use walkers::{Projector, lon_lat};

/// Which shape the user draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SketchKind {
    /// Press, drag, release (the map pans with the other buttons meanwhile).
    Rectangle,
    /// Click each corner; double-click, Enter or a click on the first corner closes it
    /// (dragging still pans the map).
    Polygon,
}

/// A shape being drawn, in longitude/latitude.
#[derive(Clone, Debug, PartialEq)]
pub struct Sketch {
    /// Rectangle or polygon.
    pub kind: SketchKind,
    /// Corners placed so far (`[lon, lat]`).
    pub points: Vec<[f64; 2]>,
}

/// What the drawing did this frame.
#[derive(Clone, Debug, PartialEq)]
pub enum SketchEvent {
    /// Still drawing.
    Ongoing,
    /// Finished: the closed ring (first point repeated at the end).
    Done(Vec<[f64; 2]>),
    /// Given up (Escape).
    Cancelled,
}

/// Screen pixels within which a click on the first corner closes the polygon.
const CLOSE_PX: f32 = 8.0;

impl Sketch {
    /// A new, empty drawing.
    pub fn new(kind: SketchKind) -> Self {
        Self {
            kind,
            points: Vec::new(),
        }
    }

    /// Handles the pointer and keys on the map, draws the shape, and says when it is done.
    pub fn update(&mut self, ui: &Ui, response: &Response, projector: &Projector) -> SketchEvent {
        if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            return SketchEvent::Cancelled;
        }
        let event = match self.kind {
            SketchKind::Rectangle => self.update_rectangle(ui, response, projector),
            SketchKind::Polygon => self.update_polygon(ui, response, projector),
        };
        // A finished shape is handed over as is: only the one in progress is painted.
        if event == SketchEvent::Ongoing {
            let to_screen = |c: [f64; 2]| screen_of(projector, c);
            self.paint(ui, response.rect, &to_screen, response.hover_pos());
        }
        event
    }

    /// Press, drag, release: the rectangle between where the button went down and where it
    /// was released, unless it is too small to be meant.
    fn update_rectangle(
        &mut self,
        ui: &Ui,
        response: &Response,
        projector: &Projector,
    ) -> SketchEvent {
        // The rectangle starts where the button went down, not where the drag was noticed.
        let origin = ui
            .input(|i| i.pointer.press_origin())
            .or(response.interact_pointer_pos());
        if response.drag_started()
            && let Some(p) = origin
        {
            self.points = vec![lon_lat_of(projector, p), lon_lat_of(projector, p)];
        } else if response.dragged()
            && let (Some(p), 2) = (response.interact_pointer_pos(), self.points.len())
        {
            self.points[1] = lon_lat_of(projector, p);
        }
        if response.drag_stopped() && self.points.len() == 2 {
            let [a, b] = [self.points[0], self.points[1]];
            let ring = vec![a, [b[0], a[1]], b, [a[0], b[1]], a];
            let size = (screen_of(projector, a) - screen_of(projector, b)).abs();
            if size.x > 3.0 && size.y > 3.0 {
                return SketchEvent::Done(ring);
            }
            self.points.clear();
        }
        SketchEvent::Ongoing
    }

    /// Click each corner; Backspace removes the last one; double-click, Enter or a click on the
    /// first corner closes the polygon once it has three.
    fn update_polygon(
        &mut self,
        ui: &Ui,
        response: &Response,
        projector: &Projector,
    ) -> SketchEvent {
        let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
        if ui.input(|i| i.key_pressed(egui::Key::Backspace)) {
            self.points.pop();
        }
        let mut close = enter || response.double_clicked();
        if response.clicked()
            && !response.double_clicked()
            && let Some(p) = response.interact_pointer_pos()
        {
            let near_first = self
                .points
                .first()
                .is_some_and(|&f| screen_of(projector, f).distance(p) <= CLOSE_PX);
            if near_first && self.points.len() >= 3 {
                close = true;
            } else {
                self.points.push(lon_lat_of(projector, p));
            }
        }
        if close && self.points.len() >= 3 {
            let mut ring = self.points.clone();
            ring.push(ring[0]);
            return SketchEvent::Done(ring);
        }
        SketchEvent::Ongoing
    }

    fn paint(
        &self,
        ui: &Ui,
        rect: Rect,
        to_screen: &dyn Fn([f64; 2]) -> Pos2,
        hover: Option<Pos2>,
    ) {
        let painter = ui.painter_at(rect);
        let color = Color32::from_rgb(0xe6, 0x6a, 0x00);
        let stroke = Stroke::new(2.0, color);
        let mut pts: Vec<Pos2> = match self.kind {
            SketchKind::Rectangle if self.points.len() == 2 => {
                let r = Rect::from_two_pos(to_screen(self.points[0]), to_screen(self.points[1]));
                vec![
                    r.left_top(),
                    r.right_top(),
                    r.right_bottom(),
                    r.left_bottom(),
                ]
            }
            _ => self.points.iter().map(|&c| to_screen(c)).collect(),
        };
        if self.kind == SketchKind::Polygon
            && let Some(h) = hover
        {
            pts.push(h);
        }
        if self.kind == SketchKind::Rectangle && pts.len() >= 3 {
            painter.add(Shape::convex_polygon(
                pts.clone(),
                color.gamma_multiply(0.15),
                Stroke::NONE,
            ));
        }
        if pts.len() >= 2 {
            painter.add(Shape::closed_line(pts.clone(), stroke));
        }
        for p in self.points.iter().map(|&c| to_screen(c)) {
            painter.circle(p, 4.0, Color32::WHITE, stroke);
        }
    }
}

/// `[lon, lat]` under the screen position `p`.
fn lon_lat_of(projector: &Projector, p: Pos2) -> [f64; 2] {
    let v = projector.unproject(p.to_vec2());
    [v.x(), v.y()]
}

/// The screen position of `[lon, lat]`.
fn screen_of(projector: &Projector, c: [f64; 2]) -> Pos2 {
    projector.project(lon_lat(c[0], c[1])).to_pos2()
}

/// Paints a finished drawing (kept on the map while a filter uses it).
pub fn paint_ring(painter: &egui::Painter, projector: &Projector, ring: &[[f64; 2]]) {
    let pts: Vec<Pos2> = ring
        .iter()
        .map(|&c| projector.project(lon_lat(c[0], c[1])).to_pos2())
        .collect();
    let color = Color32::from_rgb(0xe6, 0x6a, 0x00);
    painter.add(Shape::dashed_line(&pts, Stroke::new(2.0, color), 8.0, 5.0));
}
