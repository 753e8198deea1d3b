//! The "Comparer" control driven by label: the four modes over the demo layers, the swipe divider
//! by keyboard and mouse, linked side-by-side panes with the cursor shown in both, the sides picker.

use crate::opened::{opened, sample};
use egui::accesskit::Role;
use egui::{Event, Key, Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use territoire::app::TerritoireApp;
use territoire::app::compare::Side;
use territoire::map::CompareMode;

fn harness() -> Harness<'static, TerritoireApp> {
    opened(vec![
        sample("quartiers.geojson"),
        sample("patrimoine.geojson"),
    ])
}

fn key(h: &mut Harness<'static, TerritoireApp>, key: Key, modifiers: Modifiers) {
    for pressed in [true, false] {
        h.input_mut().events.push(Event::Key {
            key,
            physical_key: None,
            pressed,
            repeat: false,
            modifiers,
        });
    }
    h.run_steps(2);
}

fn pointer(h: &mut Harness<'static, TerritoireApp>, at: Pos2, pressed: Option<bool>) {
    h.input_mut().events.push(Event::PointerMoved(at));
    if let Some(pressed) = pressed {
        h.input_mut().events.push(Event::PointerButton {
            pos: at,
            button: PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    h.run_steps(2);
}

fn divider(h: &Harness<'static, TerritoireApp>) -> f32 {
    h.state().compare.view.divider
}

#[test]
fn the_swipe_divider_moves_by_keyboard_and_by_mouse() {
    let mut h = harness();
    h.get_by_label("Comparer").click();
    h.run_steps(2);
    let app = h.state();
    assert!(app.compare.active);
    assert_eq!(app.compare.view.mode, CompareMode::SwipeVertical);
    // The topmost layer makes side B, the others side A; both are named on the map.
    assert_eq!(app.compare.side(app.layers[1].id), Side::B);
    assert_eq!(app.compare.side(app.layers[0].id), Side::A);
    assert!((divider(&h) - 0.5).abs() < 1e-6);

    h.get_by_label("Séparateur du rideau").click();
    h.run_steps(2);
    key(&mut h, Key::ArrowRight, Modifiers::NONE);
    assert!((divider(&h) - 0.51).abs() < 1e-4, "{}", divider(&h));
    key(&mut h, Key::ArrowLeft, Modifiers::SHIFT);
    assert!((divider(&h) - 0.41).abs() < 1e-4, "{}", divider(&h));
    key(&mut h, Key::End, Modifiers::NONE);
    assert_eq!(divider(&h), 1.0);
    key(&mut h, Key::Home, Modifiers::NONE);
    assert_eq!(divider(&h), 0.0);

    // Drag the divider with the mouse from the left edge to a quarter of the map.
    let map = h.state().map.visible_bbox();
    let view_before = h.state().map.center_zoom();
    let knob = h.get_by_label("Séparateur du rideau").rect();
    let start = knob.center();
    pointer(&mut h, start, None);
    pointer(&mut h, start, Some(true));
    // The divider stands at the map's left edge; the map reaches the window's right edge.
    let map_width = 1280.0 - start.x;
    let target = start + egui::vec2(map_width / 4.0, 0.0);
    pointer(&mut h, start + egui::vec2(10.0, 0.0), None);
    pointer(&mut h, target, None);
    pointer(&mut h, target, Some(false));
    assert!(
        (0.15..0.35).contains(&divider(&h)),
        "divider at {}",
        divider(&h)
    );
    // Dragging the divider does not pan the map.
    assert_eq!(h.state().map.center_zoom(), view_before);
    assert_eq!(h.state().map.visible_bbox(), map);

    h.get_by_label("Rideau horizontal").click();
    h.run_steps(2);
    assert_eq!(h.state().compare.view.mode, CompareMode::SwipeHorizontal);
    let before = divider(&h);
    h.get_by_label("Séparateur du rideau").click();
    h.run_steps(2);
    key(&mut h, Key::ArrowDown, Modifiers::SHIFT);
    assert!(
        (divider(&h) - (before + 0.1)).abs() < 1e-4,
        "{before} → {}",
        divider(&h)
    );
}

#[test]
fn modes_switch_without_moving_the_view_and_side_by_side_panes_share_the_cursor() {
    let mut h = harness();
    h.get_by_label("Comparer").click();
    h.run_steps(2);
    let view = h.state().map.center_zoom();
    for (label, mode) in [
        ("Côte à côte", CompareMode::SideBySide),
        ("Loupe", CompareMode::Lens),
        ("Transparence", CompareMode::Transparency),
        ("Rideau vertical", CompareMode::SwipeVertical),
        ("Côte à côte", CompareMode::SideBySide),
    ] {
        h.get_by_label(label).click();
        h.run_steps(2);
        assert_eq!(h.state().compare.view.mode, mode);
        assert_eq!(h.state().map.center_zoom(), view, "{label} moved the view");
    }

    // Side by side: the cursor over the left pane is known in map coordinates for the right one.
    pointer(&mut h, Pos2::new(500.0, 400.0), None);
    let (pane, at) = h.state().map.cursor_pane().expect("cursor over a pane");
    assert_eq!(pane, 0);
    pointer(&mut h, Pos2::new(1100.0, 400.0), None);
    let (pane, at_right) = h.state().map.cursor_pane().expect("cursor over a pane");
    assert_eq!(pane, 1);
    assert!(at_right[0] > at[0], "east of the first position");

    // Panning the right pane moves both: they share one view.
    pointer(&mut h, Pos2::new(1100.0, 400.0), Some(true));
    pointer(&mut h, Pos2::new(1050.0, 380.0), None);
    pointer(&mut h, Pos2::new(1000.0, 350.0), None);
    pointer(&mut h, Pos2::new(1000.0, 350.0), Some(false));
    let (centre, zoom) = h.state().map.center_zoom();
    assert!(
        centre[0] > view.0[0],
        "panned east: {centre:?} vs {:?}",
        view.0
    );
    assert_eq!(zoom, view.1);

    // The lens radius and the opacity of side B have their sliders.
    h.get_by_label("Loupe").click();
    h.run_steps(2);
    h.get_by_role_and_label(Role::Slider, "Rayon");
    h.get_by_label("Transparence").click();
    h.run_steps(2);
    h.get_by_role_and_label(Role::Slider, "Opacité de B");

    // Close the comparison: the layers are drawn together again.
    h.get_by_label("Fermer la comparaison").click();
    h.run_steps(2);
    assert!(!h.state().compare.active);
}

#[test]
fn the_sides_picker_moves_a_layer_to_both_sides() {
    let mut h = harness();
    h.get_by_label("Comparer").click();
    h.run_steps(2);
    h.get_by_label("Côtés…").click();
    h.run_steps(2);
    h.get_by_label("A et B — Quartiers").click();
    h.run_steps(2);
    let app = h.state();
    assert_eq!(app.compare.side(app.layers[0].id), Side::Both);
    h.get_by_label("A — Patrimoine").click();
    h.run_steps(2);
    let app = h.state();
    assert_eq!(app.compare.side(app.layers[1].id), Side::A);
}
