//! Journey (f), by keyboard only: open two files through the path window reached from the File
//! menu, hide and show a layer, compare with a horizontal swipe and move its divider with the
//! arrow keys, then save, close and reopen the project — with Tab, Enter, Space and arrows, and
//! at every step the focused control on screen inside a strong focus ring.

use std::path::{Path, PathBuf};

use egui::accesskit::Role;
use egui::epaint::{ClippedShape, Shape};
use egui::{Color32, Event, Key, Modifiers, Rect};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use territoire::app::{StartOptions, TerritoireApp};
use territoire::i18n::{Language, in_language};
use territoire::map::CompareMode;

use super::project::wait;

type H = Harness<'static, TerritoireApp>;

const SIZE: egui::Vec2 = egui::vec2(1280.0, 800.0);

fn harness() -> H {
    let start = StartOptions {
        no_basemap: true,
        no_demo: true,
        ephemeral: true,
        no_native_dialogs: true,
        language: Some(Language::Fr),
        ..StartOptions::default()
    };
    let mut h = Harness::builder()
        .with_size(SIZE)
        .build_eframe(move |cc| TerritoireApp::new(&cc.egui_ctx, start));
    h.run_steps(3);
    h
}

/// The window on the two sample files, loaded (without native dialogs when asked).
fn with_samples(dir: &std::path::Path, no_native_dialogs: bool) -> H {
    let start = StartOptions {
        files: samples(dir).to_vec(),
        no_basemap: true,
        no_demo: true,
        ephemeral: true,
        no_native_dialogs,
        language: Some(Language::Fr),
        ..StartOptions::default()
    };
    let mut h = Harness::builder()
        .with_size(SIZE)
        .build_eframe(move |cc| TerritoireApp::new(&cc.egui_ctx, start));
    wait(&mut h, "loading", |app| {
        app.layers.len() == 2 && !app.is_loading()
    });
    h
}

fn press(h: &mut H, key: Key, modifiers: Modifiers) {
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

/// Types `text` where the focus is, as a keyboard does.
fn type_text(h: &mut H, text: &str) {
    h.input_mut().events.push(Event::Text(text.to_owned()));
    h.run_steps(2);
}

/// The focused control: its role, its name and where it is.
fn focused(h: &H) -> Option<(Role, String, Rect)> {
    h.root()
        .children_recursive()
        .find(|n| n.accesskit_node().is_focused())
        .map(|n| {
            let node = n.accesskit_node();
            (node.role(), node.label().unwrap_or_default(), n.rect())
        })
}

/// WCAG relative luminance of an opaque colour.
fn luminance(c: Color32) -> f32 {
    let channel = |v: u8| {
        let v = f32::from(v) / 255.0;
        if v <= 0.039_28 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
}

/// WCAG contrast ratio between two colours (1 to 21).
fn contrast(a: Color32, b: Color32) -> f32 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Every stroked rectangle painted this frame: where it may show (clip), where, how thick, what colour.
fn stroked_rects(shapes: &[ClippedShape]) -> Vec<(Rect, Rect, f32, Color32)> {
    fn walk(clip: Rect, shape: &Shape, out: &mut Vec<(Rect, Rect, f32, Color32)>) {
        match shape {
            Shape::Rect(r) if r.stroke.width > 0.0 => {
                out.push((clip, r.rect, r.stroke.width, r.stroke.color));
            }
            Shape::Vec(shapes) => shapes.iter().for_each(|s| walk(clip, s, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for s in shapes {
        walk(s.clip_rect, &s.shape, &mut out);
    }
    out
}

/// The focused control is on screen and wears a strong ring: at least 2.5 points wide, 4.5:1
/// against white, closely around the control and not clipped away.
pub(crate) fn assert_focus_seen(h: &H, step: &str) -> (Role, String) {
    let Some((role, label, rect)) = focused(h) else {
        panic!("{step}: no control has the focus");
    };
    let screen = Rect::from_min_size(egui::Pos2::ZERO, SIZE);
    assert!(
        rect.is_positive() && screen.expand(1.0).contains_rect(rect),
        "{step}: the focused {role:?} «{label}» is off screen at {rect:?}"
    );
    let ring = stroked_rects(&h.output().shapes)
        .into_iter()
        .find(|(clip, ring, width, color)| {
            *width >= 2.5
                && contrast(*color, Color32::WHITE) >= 4.5
                && ring.expand(0.5).contains_rect(rect)
                && rect.expand(12.0).contains_rect(*ring)
                && clip.contains(rect.center())
        });
    assert!(
        ring.is_some(),
        "{step}: the focused {role:?} «{label}» at {rect:?} has no strong focus ring"
    );
    (role, label)
}

/// Presses Tab until the focused control answers `wanted`, checking the ring at every stop.
fn tab_to(h: &mut H, what: &str, wanted: impl Fn(Role, &str) -> bool) {
    let mut seen = Vec::new();
    for _ in 0..80 {
        press(h, Key::Tab, Modifiers::NONE);
        let (role, label) = assert_focus_seen(h, &format!("Tab towards {what}"));
        if wanted(role, &label) {
            return;
        }
        seen.push(format!("{role:?} {label}"));
    }
    panic!("Tab never reached {what}; it went through {seen:#?}");
}

/// File menu by Tab, opened with Enter, then one of its entries with the down arrow and Enter.
fn file_menu(h: &mut H, entry: &str) {
    tab_to(h, "the File menu", |_, l| l == "Fichier");
    let closed = h.query_all_by_label(entry).count();
    press(h, Key::Enter, Modifiers::NONE);
    assert!(
        h.query_all_by_label(entry).count() > closed,
        "Enter opens the File menu (towards {entry}; focus on {:?})",
        focused(h)
    );
    let mut seen = Vec::new();
    for _ in 0..20 {
        let (role, label) = assert_focus_seen(h, &format!("the File menu, towards {entry}"));
        if label == entry {
            press(h, Key::Enter, Modifiers::NONE);
            h.run_steps(2);
            return;
        }
        seen.push(format!("{role:?} {label}"));
        press(h, Key::ArrowDown, Modifiers::NONE);
    }
    panic!("the arrows never reached {entry} in the File menu: {seen:#?}");
}

/// The path window has the focus on its field: the path is typed, replacing what is there.
fn type_path(h: &mut H, path: &Path) {
    let (role, label) = assert_focus_seen(h, "the path window");
    assert_eq!(
        (role, label.as_str()),
        (Role::TextInput, "Chemin du fichier")
    );
    press(h, Key::A, Modifiers::COMMAND);
    type_text(h, &path.display().to_string());
    press(h, Key::Enter, Modifiers::NONE);
}

fn open_file(h: &mut H, path: &Path) {
    let before = h.state().layers.len();
    file_menu(h, "Ouvrir…");
    type_path(h, path);
    wait(h, "the layer", |app| {
        app.layers.len() == before + 1 && !app.is_loading()
    });
}

fn samples(dir: &Path) -> [PathBuf; 2] {
    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    ["quartiers.geojson", "espaces-verts.geojson"].map(|name| {
        let to = dir.join(name);
        std::fs::copy(data.join(name), &to).expect("copy");
        to
    })
}

#[test]
fn a_keyboard_only_session_from_opening_to_reopening() {
    let dir = tempfile::tempdir().expect("tempdir");
    let [quartiers, verts] = samples(dir.path());
    let mut h = harness();
    open_file(&mut h, &quartiers);
    open_file(&mut h, &verts);
    let name = h.state().layers[0].name.clone();

    // Hide the lower layer and show it again with Space on its box.
    tab_to(&mut h, "the layer's box", |r, l| {
        r == Role::CheckBox && l == name
    });
    press(&mut h, Key::Space, Modifiers::NONE);
    assert!(!h.state().layers[0].visible, "Space hides the layer");
    assert_focus_seen(&h, "after hiding");
    press(&mut h, Key::Space, Modifiers::NONE);
    assert!(h.state().layers[0].visible, "Space shows it again");

    // Compare, in horizontal swipe, and move the divider with the arrows.
    tab_to(&mut h, "Comparer", |_, l| l == "Comparer");
    press(&mut h, Key::Enter, Modifiers::NONE);
    assert!(h.state().compare.active, "Enter turns the comparison on");
    tab_to(&mut h, "the horizontal swipe", |_, l| {
        l == "Rideau horizontal"
    });
    press(&mut h, Key::Space, Modifiers::NONE);
    assert_eq!(h.state().compare.view.mode, CompareMode::SwipeHorizontal);
    assert_focus_seen(&h, "after choosing the mode");
    tab_to(&mut h, "the divider", |r, l| {
        r == Role::Slider && l == "Séparateur du rideau"
    });
    let at = h.state().compare.view.divider;
    press(&mut h, Key::ArrowDown, Modifiers::NONE);
    assert!((h.state().compare.view.divider - (at + 0.01)).abs() < 1e-4);
    assert_focus_seen(&h, "after a small step");
    press(&mut h, Key::ArrowUp, Modifiers::SHIFT);
    let divider = h.state().compare.view.divider;
    assert!((divider - (at - 0.09)).abs() < 1e-4, "{divider}");
    let (role, label) = assert_focus_seen(&h, "after a large step");
    assert_eq!(
        (role, label.as_str()),
        (Role::Slider, "Séparateur du rideau"),
        "the arrows keep the focus on the divider"
    );

    // Save where the path window says, close, reopen.
    let project = dir.path().join("clavier.territoire");
    file_menu(&mut h, "Enregistrer le projet");
    type_path(&mut h, &project);
    wait(&mut h, "saving", |app| app.project.path.is_some());
    assert!(project.is_file(), "saved");
    file_menu(&mut h, "Fermer le projet");
    assert!(h.state().layers.is_empty(), "closed");
    file_menu(&mut h, "Ouvrir un projet…");
    type_path(&mut h, &project);
    wait(&mut h, "reopening", |app| {
        app.layers.len() == 2 && !app.is_loading()
    });
    let app = h.state();
    assert!(app.compare.active);
    assert_eq!(app.compare.view.mode, CompareMode::SwipeHorizontal);
    assert!((app.compare.view.divider - divider).abs() < 1e-4);
}

/// Where a control stands, in the order Tab must visit the parts of the window; `edges` are
/// the side panels' inner edges (where their resize handles are).
fn region(rect: Rect, edges: [f32; 2]) -> (usize, &'static str) {
    if rect.bottom() <= 40.0 {
        (0, "menu bar")
    } else if rect.top() >= SIZE.y - 40.0 {
        (4, "status bar")
    } else if rect.right() <= edges[0] {
        (1, "layer panel")
    } else if rect.left() >= edges[1] {
        (3, "right panel")
    } else {
        (2, "map")
    }
}

#[test]
fn tab_follows_the_screen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = with_samples(dir.path(), true);
    h.get_by_label("Portail").click();
    h.get_by_label("Comparer").click();
    h.run_steps(3);
    press(&mut h, Key::Escape, Modifiers::NONE);
    let mut stops: Vec<(Role, String, Rect)> = Vec::new();
    for _ in 0..200 {
        press(&mut h, Key::Tab, Modifiers::NONE);
        assert_focus_seen(&h, "Tab");
        let stop = focused(&h).expect("focused");
        if stops.first() == Some(&stop) {
            break;
        }
        stops.push(stop);
    }
    let splitters: Vec<f32> = stops
        .iter()
        .filter(|(role, _, _)| *role == Role::Splitter)
        .map(|(_, _, r)| r.center().x)
        .collect();
    let edges = [
        splitters.first().copied().unwrap_or(300.0),
        splitters.last().copied().unwrap_or(SIZE.x - 380.0),
    ];
    let region = |rect: Rect| region(rect, edges);
    let walk: Vec<String> = stops
        .iter()
        .map(|(role, label, rect)| {
            let (_, part) = region(*rect);
            format!(
                "{part}: {role:?} «{label}» at {:.0},{:.0}",
                rect.left(),
                rect.top()
            )
        })
        .collect();
    // A panel's resize handle is registered with the panel's place, before the map for the
    // right panel: it is left out of the order (egui names it, and places it, itself).
    let parts: Vec<usize> = stops
        .iter()
        .filter(|(role, _, _)| *role != Role::Splitter)
        .map(|(_, _, r)| region(*r).0)
        .collect();
    assert!(
        parts.windows(2).all(|w| w[0] <= w[1]),
        "Tab jumps back across the window: {walk:#?}"
    );
    let unnamed: Vec<&String> = walk.iter().filter(|w| w.contains("«»")).collect();
    assert!(unnamed.is_empty(), "Tab stops without a name: {unnamed:#?}");
    for part in 0..5 {
        assert!(
            parts.contains(&part),
            "Tab never reaches part {part}: {walk:#?}"
        );
    }
    // In the layer panel, top to bottom (left to right within a row).
    let left: Vec<Rect> = stops
        .iter()
        .map(|s| s.2)
        .filter(|r| region(*r).0 == 1)
        .collect();
    for pair in left.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let same_row = (a.center().y - b.center().y).abs() < 6.0;
        assert!(
            if same_row {
                b.left() >= a.left()
            } else {
                b.top() >= a.top()
            },
            "the layer panel is not walked in reading order: {walk:#?}"
        );
    }
}

#[test]
fn every_stop_in_the_windows_wears_the_ring_also_in_high_contrast() {
    in_language(Language::Fr, every_stop_in_the_windows)
}

/// The preferences, the filter window and the zone statistics walked by Tab (in French
/// whatever another test does).
fn every_stop_in_the_windows() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = with_samples(dir.path(), false);
    // The preferences in high contrast, the filter window and the zone statistics, open at once.
    h.get_by_label("Affichage").click();
    h.run_steps(2);
    h.get_by_label("Préférences…").click();
    h.run_steps(3);
    h.get_by_label("Contraste élevé").click();
    h.run_steps(2);
    assert!(h.state().settings.display.high_contrast);
    // By accessibility action: a pointer click could land on the preferences window above.
    h.get_by_label("Zones").click_accesskit();
    h.run_steps(3);
    h.get_all_by_label("Filtrer…")
        .next()
        .expect("a filter button")
        .click_accesskit();
    h.run_steps(4);
    assert!(h.state().zone_stats.open && h.state().filter_panel.is_some());
    press(&mut h, Key::Escape, Modifiers::NONE);
    let mut stops = Vec::new();
    for _ in 0..200 {
        press(&mut h, Key::Tab, Modifiers::NONE);
        // A control below a window's fold is scrolled to in the frames that follow.
        h.run_steps(2);
        let stop = assert_focus_seen(&h, "Tab with the windows open");
        if stops.first() == Some(&stop) {
            break;
        }
        stops.push(stop);
    }
    for label in ["Contraste élevé", "Taille de l'interface", "Français"] {
        assert!(
            stops.iter().any(|(_, l)| l == label),
            "Tab reaches «{label}» in the preferences: {stops:#?}"
        );
    }
}
