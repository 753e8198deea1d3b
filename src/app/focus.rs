//! The keyboard focus made plain: a thick two-tone ring around the focused control, whatever
//! its kind (button, box, field, slider, the swipe divider), and a control reached by Tab
//! scrolled into view.

use egui::{Color32, Context, Stroke, StrokeKind, Ui};

/// Width of the ring's dark band, in points (egui's own focus look is a 1-point line).
pub const RING_WIDTH: f32 = 3.0;

/// The ring's dark band: a dark blue, more than 12:1 against white and light grey.
pub const RING_COLOR: Color32 = Color32::from_rgb(0x00, 0x33, 0x99);

/// The light band outside the dark one, so that the ring also reads over dark map areas.
const HALO_WIDTH: f32 = 1.5;

/// Gap between the control and the ring, so the ring never hides the control's own outline.
const GAP: f32 = 1.0;

/// Paints the ring around the focused control, on the control's own layer (a window above it
/// still covers it); nothing when no control, or not the window, has the keyboard focus.
pub fn paint_focus_ring(ctx: &Context) {
    if !ctx.input(|i| i.focused) {
        return;
    }
    let Some(response) = ctx
        .memory(|m| m.focused())
        .and_then(|id| ctx.read_response(id))
    else {
        return;
    };
    if !response.rect.is_positive() || !response.interact_rect.is_positive() {
        return;
    }
    let ring = response.rect.expand(GAP + RING_WIDTH / 2.0);
    let outer = RING_WIDTH + HALO_WIDTH;
    // Only around what is seen of the control (a row half scrolled away keeps half a ring).
    let clip = response.interact_rect.expand(GAP + outer + 1.0);
    let painter = ctx.layer_painter(response.layer_id).with_clip_rect(clip);
    painter.rect_stroke(
        ring,
        3.0,
        Stroke::new(RING_WIDTH + 2.0 * HALO_WIDTH, Color32::WHITE),
        StrokeKind::Middle,
    );
    painter.rect_stroke(
        ring,
        3.0,
        Stroke::new(RING_WIDTH, RING_COLOR),
        StrokeKind::Middle,
    );
}

/// Scrolls the scroll area being drawn so that a control of its content that took the focus
/// this frame is seen (egui scrolls only to text fields). Call at the end of the content.
pub fn keep_focus_in_view(ui: &Ui) {
    let Some(response) = ui
        .memory(|m| m.focused())
        .and_then(|id| ui.ctx().read_response(id))
    else {
        return;
    };
    let inside = response.layer_id == ui.layer_id() && ui.min_rect().contains_rect(response.rect);
    if inside && response.gained_focus() && !ui.clip_rect().contains_rect(response.rect) {
        // At once: the ring must be seen where the focus lands, not after an animation.
        ui.scroll_to_rect_animation(response.rect, None, egui::style::ScrollAnimation::none());
    }
}

/// A panel whose place is taken now, before the panels beside it, but whose controls are drawn
/// later with [`Place::fill`]: egui moves the focus with Tab in the order controls are drawn,
/// and a bar drawn first (as its place must be) would come before the panels it borders.
pub struct Place {
    id: egui::Id,
    place: egui::Rect,
    margin: f32,
    height: Option<f32>,
}

impl Place {
    /// Takes the bottom of `ui` for the panel `name`, as high as its content was last frame.
    pub fn bottom(ui: &mut Ui, name: &str) -> Self {
        let id = egui::Id::unique(("later-place", name));
        let height: f32 = ui
            .data(|d| d.get_temp(id))
            .unwrap_or(ui.spacing().interact_size.y);
        let margin: f32 = ui.data(|d| d.get_temp(id.with("margin"))).unwrap_or(0.0);
        let shown = egui::Panel::bottom(name)
            .resizable(false)
            .exact_size(height + margin)
            .show(ui, |ui| ui.max_rect());
        let margin = (shown.response.rect.height() - shown.inner.height()).max(0.0);
        ui.data_mut(|d| d.insert_temp(id.with("margin"), margin));
        Self {
            id,
            place: shown.inner,
            margin,
            height: Some(height),
        }
    }

    /// Takes the right of `ui` for the resizable panel `name` (`width` wide at first).
    pub fn right(ui: &mut Ui, name: &str, width: f32) -> Self {
        let shown = egui::Panel::right(name)
            .resizable(true)
            .default_size(width)
            .show(ui, |ui| {
                let all = ui.max_rect();
                ui.allocate_rect(all, egui::Sense::hover());
                all
            });
        Self {
            id: egui::Id::unique(("later-place", name)),
            place: shown.inner,
            margin: (shown.response.rect.width() - shown.inner.width()).max(0.0),
            height: None,
        }
    }

    /// Draws the panel's content in its place; a bottom place follows the content's height
    /// from the next frame on.
    pub fn fill<R>(self, ui: &mut Ui, add: impl FnOnce(&mut Ui) -> R) -> R {
        let builder = egui::UiBuilder::new()
            .id_salt(self.id)
            .max_rect(self.place)
            .layout(egui::Layout::top_down(egui::Align::Min));
        let mut child = ui.new_child(builder);
        child.set_clip_rect(self.place.expand(self.margin / 2.0));
        let inner = add(&mut child);
        let used = child.min_rect().height();
        if let Some(height) = self.height
            && (used - height).abs() > 0.5
        {
            ui.data_mut(|d| d.insert_temp(self.id, used));
            ui.ctx().request_repaint();
        }
        inner
    }
}
