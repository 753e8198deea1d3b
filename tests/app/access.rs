//! Keyboard and screen-reader access, driven by label: every control has an accessible name, Tab
//! walks the controls, and the display settings (size, contrast, map labels) reach egui.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui::{Event, Key, Modifiers};
use egui_kittest::kittest::{NodeT, Queryable};
use egui_kittest::{Harness, Node};
use territoire::app::action::{PrintAction, ProjectAction, ScenarioAction};
use territoire::app::{StartOptions, TerritoireApp};
use territoire::i18n::Language;

/// The roles of controls a user acts on; each must be named for screen readers.
const CONTROL_ROLES: [Role; 9] = [
    Role::Button,
    Role::CheckBox,
    Role::RadioButton,
    Role::Slider,
    Role::SpinButton,
    Role::TextInput,
    Role::MultilineTextInput,
    Role::SearchInput,
    Role::ComboBox,
];

fn sample_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    [
        "quartiers.geojson",
        "espaces-verts.geojson",
        "adresses.csv",
        "patrimoine.shp",
    ]
    .iter()
    .map(|f| dir.join(f))
    .collect()
}

fn harness() -> Harness<'static, TerritoireApp> {
    let start = StartOptions {
        files: sample_files(),
        no_basemap: true,
        no_demo: true,
        ephemeral: true,
        language: Some(Language::Fr),
        ..StartOptions::default()
    };
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        // The app's own theme (the harness would switch to dark).
        .with_theme(egui::Theme::Light)
        .build_eframe(move |cc| TerritoireApp::new(&cc.egui_ctx, start));
    let deadline = Instant::now() + Duration::from_secs(60);
    while h.state().is_loading() {
        assert!(Instant::now() < deadline, "layers still loading after 60 s");
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    h.run_steps(3);
    h
}

fn press(h: &mut Harness<'static, TerritoireApp>, key: Key, modifiers: Modifiers) {
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

/// Opens the preferences window from the View menu.
fn open_preferences(h: &mut Harness<'static, TerritoireApp>) {
    h.get_by_label("Affichage").click();
    h.run_steps(2);
    h.get_by_label("Préférences…").click();
    h.run_steps(4);
}

/// A name a screen reader can say: not empty, not only symbols such as "…" or "+".
fn is_a_name(label: &str) -> bool {
    label.chars().any(char::is_alphanumeric)
}

/// "Button value None at (12, 40) 20×18, in « Couches »" for every unnamed control in view.
fn unnamed_controls(h: &Harness<'static, TerritoireApp>) -> Vec<String> {
    h.root()
        .children_recursive()
        .filter(|n| CONTROL_ROLES.contains(&n.accesskit_node().role()))
        .filter(|n| !n.accesskit_node().label().is_some_and(|l| is_a_name(&l)))
        .map(|n| describe(&n))
        .collect()
}

fn describe(n: &Node<'_>) -> String {
    let node = n.accesskit_node();
    let rect = n.rect();
    let parent = n
        .parent()
        .and_then(|p| p.accesskit_node().label().or(p.accesskit_node().value()))
        .unwrap_or_default();
    format!(
        "{:?} {:?} value {:?} at ({:.0}, {:.0}) {:.0}×{:.0}, in « {parent} »",
        node.role(),
        node.label().unwrap_or_default(),
        node.value(),
        rect.min.x,
        rect.min.y,
        rect.width(),
        rect.height()
    )
}

fn focused_label(h: &Harness<'static, TerritoireApp>) -> Option<String> {
    h.root()
        .children_recursive()
        .find(|n| n.accesskit_node().is_focused())
        .map(|n| {
            let node = n.accesskit_node();
            format!("{:?} {}", node.role(), node.label().unwrap_or_default())
        })
}

#[test]
fn every_control_has_an_accessible_name() {
    let mut h = harness();
    let mut offenders = unnamed_controls(&h);
    let mut look = |h: &mut Harness<'static, TerritoireApp>, what: &str| {
        offenders.extend(
            unnamed_controls(h)
                .into_iter()
                .map(|o| format!("{what}: {o}")),
        );
    };
    open_preferences(&mut h);
    look(&mut h, "preferences");
    h.get_by_label("Affichage").click();
    h.run_steps(2);
    look(&mut h, "View menu");
    // Closes the preferences, which would lie over the layer panel.
    h.get_by_label("Préférences…").click();
    h.run_steps(3);
    for (label, what) in [("Comparer", "compare bar"), ("Zones", "zone statistics")] {
        h.get_by_label(label).click();
        h.run_steps(4);
        look(&mut h, what);
    }
    assert!(h.state().compare.active && h.state().zone_stats.open);
    h.get_all_by_label("Filtrer…")
        .next()
        .expect("a filter button")
        .click();
    h.run_steps(4);
    assert!(h.state().filter_panel.is_some());
    look(&mut h, "filter window");
    h.get_by_label("Actions sur la couche (Patrimoine)").click();
    h.run_steps(3);
    look(&mut h, "layer menu");
    h.get_by_label("Table attributaire").click();
    h.run_steps(4);
    assert!(h.state().table.is_some());
    look(&mut h, "attribute table");
    h.state_mut()
        .apply(territoire::app::action::Action::Scenario(
            ScenarioAction::Toggle,
        ));
    h.state_mut()
        .apply(territoire::app::action::Action::Print(PrintAction::Toggle));
    h.state_mut()
        .apply(territoire::app::action::Action::Project(
            ProjectAction::AddBookmark("Centre".into()),
        ));
    h.run_steps(4);
    look(&mut h, "scenario, map export and bookmarks");
    offenders.sort();
    offenders.dedup();
    assert!(
        offenders.is_empty(),
        "{} controls without an accessible name:\n{}",
        offenders.len(),
        offenders.join("\n")
    );
}

#[test]
fn tab_moves_the_focus_across_the_menu_bar_and_the_layer_panel() {
    let mut h = harness();
    let mut seen = Vec::new();
    for _ in 0..20 {
        press(&mut h, Key::Tab, Modifiers::NONE);
        let focused = focused_label(&h);
        assert!(focused.is_some(), "Tab left no control focused");
        seen.extend(focused);
    }
    let mut distinct = seen.clone();
    distinct.sort();
    distinct.dedup();
    assert!(
        distinct.len() >= 8,
        "Tab should walk through the controls, it visited: {seen:#?}"
    );
    assert!(
        seen.iter().any(|l| l.contains("Fichier")),
        "the menu bar is reached by Tab: {seen:#?}"
    );
    assert!(
        seen.iter().any(|l| l.starts_with("CheckBox Patrimoine")),
        "the layer panel is reached by Tab: {seen:#?}"
    );
    // Shift+Tab goes back to the control focused before.
    let last = seen.last().cloned();
    press(&mut h, Key::Tab, Modifiers::SHIFT);
    assert_ne!(focused_label(&h), last);
    assert_eq!(focused_label(&h).as_ref(), seen.get(seen.len() - 2));
}

#[test]
fn high_contrast_and_interface_size_reach_egui() {
    let mut h = harness();
    assert_eq!(h.ctx.zoom_factor(), 1.0);
    assert_ne!(
        h.ctx.global_style().visuals.text_color(),
        egui::Color32::BLACK
    );
    open_preferences(&mut h);

    h.get_by_label("Contraste élevé").click();
    h.run_steps(2);
    assert!(h.state().settings.display.high_contrast);
    let visuals = h.ctx.global_style().visuals.clone();
    assert_eq!(visuals.text_color(), egui::Color32::BLACK);
    assert!(visuals.widgets.active.bg_stroke.width >= 2.0, "focus ring");

    // The slider moves by 10 % with the arrow keys once focused.
    h.get_by_role_and_label(Role::Slider, "Taille de l'interface")
        .focus();
    h.run_steps(1);
    press(&mut h, Key::ArrowRight, Modifiers::NONE);
    h.run_steps(2);
    let scale = h.state().settings.display.ui_scale;
    assert!((scale - 1.1).abs() < 1e-4, "ui scale {scale}");
    assert!((h.ctx.zoom_factor() - 1.1).abs() < 1e-4);

    h.get_by_label("Grands libellés sur la carte").click();
    h.run_steps(2);
    assert_eq!(h.state().map.text_scale(), 1.5);
}

#[test]
fn the_presentation_mode_toggles_and_restores_the_display() {
    let mut h = harness();
    let toggle = |h: &mut Harness<'static, TerritoireApp>| {
        h.get_by_label("Affichage").click();
        h.run_steps(2);
        h.get_by_label("Affichage vidéoprojecteur (grand, contrasté)")
            .click();
        h.run_steps(3);
    };
    toggle(&mut h);
    let display = h.state().settings.display;
    assert!(display.is_presentation(), "{display:?}");
    assert!((h.ctx.zoom_factor() - 1.5).abs() < 1e-4);
    assert_eq!(
        h.ctx.global_style().visuals.text_color(),
        egui::Color32::BLACK
    );
    assert_eq!(h.state().map.text_scale(), 1.5);

    toggle(&mut h);
    let display = h.state().settings.display;
    assert_eq!(display, Default::default());
    assert_eq!(h.ctx.zoom_factor(), 1.0);
    assert_eq!(h.state().map.text_scale(), 1.0);
    assert_ne!(
        h.ctx.global_style().visuals.text_color(),
        egui::Color32::BLACK
    );
}
