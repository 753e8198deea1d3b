//! The window, driven by label with egui_kittest (no display, no network: basemap off).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use territoire::app::{StartOptions, TerritoireApp};
use territoire::i18n::Language;

fn demo_files() -> Vec<PathBuf> {
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

fn harness(files: Vec<PathBuf>) -> Harness<'static, TerritoireApp> {
    harness_with(StartOptions {
        files,
        ..StartOptions::default()
    })
}

fn harness_with(start: StartOptions) -> Harness<'static, TerritoireApp> {
    let start = StartOptions {
        no_basemap: true,
        no_demo: true,
        ephemeral: true,
        language: Some(Language::Fr),
        ..start
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| TerritoireApp::new(&cc.egui_ctx, start));
    let deadline = Instant::now() + Duration::from_secs(60);
    while harness.state().is_loading() {
        assert!(Instant::now() < deadline, "layers still loading after 60 s");
        std::thread::sleep(Duration::from_millis(20));
        harness.step();
    }
    harness.run_steps(3);
    harness
}

#[test]
fn the_layer_panel_lists_the_demo_layers() {
    let harness = harness(demo_files());
    for name in ["Quartiers", "Espaces verts", "Adresses", "Patrimoine"] {
        harness.get_by_label(name);
    }
    harness.get_by_label("Couches");
    let app = harness.state();
    assert_eq!(app.layers.len(), 4);
    for layer in &app.layers {
        assert!(
            layer.dataset.is_some(),
            "{} did not load: {:?}",
            layer.name,
            layer.state
        );
    }
}

#[test]
fn toggling_visibility_hides_a_layer() {
    let mut harness = harness(demo_files());
    harness.get_by_label("Patrimoine").click();
    harness.run_steps(2);
    let visible = |h: &Harness<TerritoireApp>| {
        h.state()
            .layers
            .iter()
            .find(|l| l.name == "Patrimoine")
            .map(|l| l.visible)
    };
    assert_eq!(visible(&harness), Some(false));
    harness.get_by_label("Patrimoine").click();
    harness.run_steps(2);
    assert_eq!(visible(&harness), Some(true));
}

#[test]
fn clicking_a_feature_shows_its_attributes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let zone = dir.path().join("zone-test.geojson");
    std::fs::write(
        &zone,
        r#"{"type":"FeatureCollection","features":[{"type":"Feature",
        "properties":{"nom":"Zone d'essai du Ralliement","code":"Z01"},
        "geometry":{"type":"Polygon","coordinates":[[[-0.75,47.35],[-0.35,47.35],[-0.35,47.60],[-0.75,47.60],[-0.75,47.35]]]}}]}"#,
    )
    .expect("write");
    let mut harness = harness(vec![zone]);
    // The middle of the map area (right of the layer panel).
    harness.hover_at(egui::pos2(800.0, 400.0));
    harness.run_steps(1);
    let click = |pressed| egui::Event::PointerButton {
        pos: egui::pos2(800.0, 400.0),
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: egui::Modifiers::default(),
    };
    harness.event(click(true));
    harness.event(click(false));
    harness.run_steps(3);
    assert!(harness.state().identified.is_some(), "nothing identified");
    harness.get_by_label("Informations");
    harness.get_by_label("Zone d'essai du Ralliement");
    harness.get_by_label("Z01");
    assert!(
        harness.state().cursor.is_some(),
        "the cursor position is tracked"
    );
}

#[test]
fn a_failed_load_shows_its_error_and_keeps_the_other_layers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("cassé.geojson");
    std::fs::write(&bad, "{\"type\": \"FeatureCollection\", \"features\": [").expect("write");
    let mut files = demo_files();
    files.truncate(1);
    files.push(bad);
    let harness = harness(files);
    harness.get_by_label("Quartiers");
    harness.get_by_label_contains("JSON est incomplet");
    // Loading a damaged file again as it is cannot help: no *Réessayer* on its card.
    assert!(harness.query_by_label("Réessayer").is_none());
}

#[test]
fn layers_can_be_reordered_renamed_styled_and_removed() {
    use territoire::app::action::{Action, LayersAction};
    let mut harness = harness(demo_files());
    let id = |h: &Harness<TerritoireApp>, name: &str| {
        h.state()
            .layers
            .iter()
            .find(|l| l.name == name)
            .map(|l| l.id)
            .expect(name)
    };
    let names = |h: &Harness<TerritoireApp>| {
        h.state()
            .layers
            .iter()
            .map(|l| l.name.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names(&harness),
        ["Quartiers", "Espaces verts", "Adresses", "Patrimoine"],
        "bottom first"
    );

    let patrimoine = id(&harness, "Patrimoine");
    // Dropped on the last row of the list: drawn first, under everything.
    harness
        .state_mut()
        .apply(Action::Layers(LayersAction::MoveTo(patrimoine, 3)));
    assert_eq!(
        names(&harness),
        ["Patrimoine", "Quartiers", "Espaces verts", "Adresses"]
    );
    harness
        .state_mut()
        .apply(Action::Layers(LayersAction::Move(patrimoine, 1)));
    assert_eq!(
        names(&harness),
        ["Quartiers", "Patrimoine", "Espaces verts", "Adresses"]
    );

    harness
        .state_mut()
        .apply(Action::Layers(LayersAction::Rename(
            patrimoine,
            "Monuments".into(),
        )));
    harness.run_steps(2);
    harness.get_by_label("Monuments");

    let mut style = harness
        .state()
        .layer(patrimoine)
        .map(|l| l.style)
        .expect("style");
    style.opacity = 0.5;
    harness
        .state_mut()
        .apply(Action::Layers(LayersAction::SetStyle(patrimoine, style)));
    assert_eq!(
        harness.state().layer(patrimoine).map(|l| l.style.opacity),
        Some(0.5)
    );

    harness
        .state_mut()
        .apply(Action::Layers(LayersAction::Remove(patrimoine)));
    harness.run_steps(2);
    assert_eq!(harness.state().layers.len(), 3);
    assert!(harness.query_by_label("Monuments").is_none());
}

#[test]
fn zoom_to_layer_fits_its_extent() {
    use territoire::app::action::{Action, LayersAction};
    let mut harness = harness(demo_files());
    let quartiers = harness.state().layers[0].id;
    harness
        .state_mut()
        .apply(Action::Layers(LayersAction::ZoomTo(quartiers)));
    let ([lon, lat], zoom) = harness.state().map.center_zoom();
    assert!(
        (-0.62..-0.50).contains(&lon) && (47.43..47.53).contains(&lat),
        "{lon} {lat}"
    );
    assert!((11.0..15.0).contains(&zoom), "zoom {zoom}");
}

#[test]
fn the_attribute_table_lists_every_row() {
    let mut harness = harness(demo_files());
    // The top row of the layer panel is the last layer opened: Patrimoine.
    harness
        .get_by_label("Actions sur la couche (Patrimoine)")
        .click();
    harness.run_steps(2);
    harness.get_by_label("Table attributaire").click();
    harness.run_steps(4);
    harness.get_by_label("Table — Patrimoine");
    harness.get_by_label("80 lignes");
    harness.get_by_label("Nom du site");
    assert!(harness.state().table.is_some());
}

#[test]
fn an_added_layer_is_shown_whole_and_a_long_name_keeps_its_buttons() {
    // Two points in Nantes, far from Angers where the map opens, in a file with a long name.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir
        .path()
        .join("Points de collecte du verre de Nantes Métropole (inventaire 2024).geojson");
    std::fs::write(
        &path,
        r#"{"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[-1.56,47.20]}},
        {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[-1.52,47.23]}}]}"#,
    )
    .expect("written");
    let harness = harness(vec![path]);
    let ([lon, lat], zoom) = harness.state().map.center_zoom();
    assert!(
        (lon - -1.54).abs() < 0.01 && (lat - 47.215).abs() < 0.01,
        "the view fits the new layer: {lon} {lat}"
    );
    assert!(zoom > 11.0, "{zoom}");
    // The whole name stays the checkbox's name; the count and the menu stay in the panel.
    let name = "Points de collecte du verre de Nantes Métropole (inventaire 2024)";
    let row = harness.get_by_label(name).rect();
    let menu = harness
        .get_by_label(&format!("Actions sur la couche ({name})"))
        .rect();
    assert!(
        menu.right() <= 300.0,
        "the layer menu is still in the panel: {menu:?}"
    );
    assert!(
        row.right() < menu.left(),
        "the name is cut before the buttons"
    );
}

#[test]
fn a_removed_layer_comes_back_with_its_filter_and_style() {
    use egui::{Event, Key, Modifiers};
    use territoire::app::action::{Action, FilterAction, LayersAction};
    let mut h = harness(demo_files());
    let adresses = h.state().layers[2].id;
    let mut style = h.state().layers[2].style;
    style.color = egui::Color32::from_rgb(200, 30, 30);
    h.state_mut()
        .apply(Action::Layers(LayersAction::SetStyle(adresses, style)));
    h.state_mut()
        .apply(Action::Filter(FilterAction::Open(adresses)));
    h.state_mut()
        .apply(Action::Filter(FilterAction::Edit(Box::new(
            territoire::app::filter::FilterEdit {
                draft: Default::default(),
                typed: Some("numero_adresse >= 10".into()),
                name: String::new(),
                places: Vec::new(),
            },
        ))));
    h.state_mut().apply(Action::Filter(FilterAction::Close));
    h.run_steps(3);
    let kept = h.state().layers[2].filter.as_ref().map(|f| f.count);
    assert!(kept.is_some(), "filtered");

    // Removed, then put back with the button: same place, same data, filter and style.
    h.state_mut()
        .apply(Action::Layers(LayersAction::Remove(adresses)));
    h.run_steps(2);
    assert_eq!(h.state().layers.len(), 3);
    h.get_by_label("Couche « Adresses » retirée.");
    h.get_by_label("Annuler").click();
    h.run_steps(2);
    let app = h.state();
    assert_eq!(app.layers.len(), 4);
    assert_eq!(app.layers[2].id, adresses);
    assert_eq!(app.layers[2].style.color, style.color);
    assert_eq!(app.layers[2].filter.as_ref().map(|f| f.count), kept);
    assert!(h.query_by_label("Annuler").is_none(), "the notice goes");

    // Removed twice, Ctrl+Z brings back the last one first.
    let quartiers = h.state().layers[0].id;
    h.state_mut()
        .apply(Action::Layers(LayersAction::Remove(quartiers)));
    h.state_mut()
        .apply(Action::Layers(LayersAction::Remove(adresses)));
    h.run_steps(2);
    for pressed in [true, false] {
        h.input_mut().events.push(Event::Key {
            key: Key::Z,
            physical_key: None,
            pressed,
            repeat: false,
            modifiers: Modifiers::COMMAND,
        });
    }
    h.run_steps(2);
    let ids: Vec<_> = h.state().layers.iter().map(|l| l.id).collect();
    assert!(
        ids.contains(&adresses) && !ids.contains(&quartiers),
        "{ids:?}"
    );
}

#[test]
fn a_file_already_on_the_map_is_added_again_only_when_asked() {
    use territoire::app::action::{Action, LayersAction};
    let mut h = harness(demo_files());
    let quartiers = demo_files().remove(0);
    h.state_mut()
        .apply(Action::Layers(LayersAction::OpenFiles(vec![
            quartiers.clone(),
        ])));
    h.run_steps(2);
    assert_eq!(h.state().layers.len(), 4, "nothing added before the answer");
    h.get_by_label("Déjà sur la carte");
    h.get_by_label("Ne pas l'ajouter").click();
    h.run_steps(2);
    assert_eq!(h.state().layers.len(), 4);
    assert!(h.query_by_label("Déjà sur la carte").is_none());

    h.state_mut()
        .apply(Action::Layers(LayersAction::OpenFiles(vec![quartiers])));
    h.run_steps(2);
    h.get_by_label("Ajouter une autre fois").click();
    h.run_steps(2);
    assert_eq!(h.state().layers.len(), 5, "added again when asked");
}

#[test]
fn without_a_native_file_dialog_the_path_is_typed_in_the_app() {
    let mut h = harness_with(StartOptions {
        no_native_dialogs: true,
        ..StartOptions::default()
    });
    h.get_by_label("Ouvrir…").click();
    h.run_steps(3);
    h.get_by_label_contains("Aucune fenêtre de choix de fichier");
    let quartiers = demo_files().remove(0);
    h.get_by_label("Chemin du fichier").click();
    h.run_steps(1);
    h.get_by_label("Chemin du fichier")
        .type_text(&quartiers.display().to_string());
    h.run_steps(1);
    h.get_by_label("Ouvrir").click();
    h.run_steps(2);
    let deadline = Instant::now() + Duration::from_secs(30);
    while h.state().is_loading() || h.state().layers.is_empty() {
        assert!(Instant::now() < deadline, "still loading");
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    assert_eq!(h.state().layers.len(), 1);
    assert!(
        h.query_by_label("Chemin du fichier").is_none(),
        "the window closes"
    );
}

#[test]
fn one_wheel_notch_zooms_one_level() {
    use egui::{Event, Modifiers, MouseWheelSource, MouseWheelUnit, TouchPhase};
    let mut h = harness(demo_files());
    h.state_mut().map.go_to([-0.5536, 47.4716], 13.0);
    h.run_steps(2);
    let over_map = egui::pos2(800.0, 400.0);
    h.input_mut().events.push(Event::PointerMoved(over_map));
    h.run_steps(2);
    for _ in 0..5 {
        h.input_mut().events.push(Event::MouseWheel {
            unit: MouseWheelUnit::Line,
            delta: egui::vec2(0.0, 1.0),
            phase: TouchPhase::Move,
            source: MouseWheelSource::Wheel,
            modifiers: Modifiers::NONE,
        });
        h.run_steps(4);
    }
    let (_, zoom) = h.state().map.center_zoom();
    assert!((zoom - 18.0).abs() < 0.01, "five notches from 13: {zoom}");
}
