//! Bookmarks and the training scenario driven by label and by keyboard: add and go to a bookmark,
//! capture steps, present them full screen with arrows / space / Page keys, reset the exercise.

use std::time::{Duration, Instant};

use crate::opened::{opened, sample};
use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use territoire::app::action::{Action, CompareAction, LayersAction, ScenarioAction};
use territoire::app::{StartOptions, TerritoireApp};
use territoire::i18n::Language;

fn harness() -> Harness<'static, TerritoireApp> {
    opened(vec![sample("quartiers.geojson"), sample("patrimoine.shp")])
}

fn key(h: &mut Harness<'static, TerritoireApp>, key: Key) {
    for pressed in [true, false] {
        h.input_mut().events.push(Event::Key {
            key,
            physical_key: None,
            pressed,
            repeat: false,
            modifiers: Modifiers::NONE,
        });
    }
    h.run_steps(2);
}

#[test]
fn a_bookmark_brings_back_its_view_and_layers() {
    let mut h = harness();
    h.state_mut().map.go_to([-0.57, 47.46], 15.0);
    h.run_steps(2);
    h.get_by_label("Nom du signet").click();
    h.run_steps(1);
    h.get_by_label("Nom du signet").type_text("Lac de Maine");
    h.run_steps(1);
    h.get_by_label("Ajouter la vue").click();
    h.run_steps(2);
    assert_eq!(h.state().project.bookmarks.len(), 1);
    let saved = h.state().map.center_zoom();

    h.state_mut().map.go_to([-0.50, 47.50], 12.0);
    let patrimoine = h.state().layers[1].id;
    h.state_mut()
        .apply(Action::Layers(LayersAction::SetVisible(patrimoine, false)));
    h.run_steps(2);
    h.get_by_label("Lac de Maine").click();
    h.run_steps(2);
    let (c, z) = h.state().map.center_zoom();
    assert!((c[0] - saved.0[0]).abs() < 1e-9 && (c[1] - saved.0[1]).abs() < 1e-9);
    assert_eq!(z, saved.1);
    assert!(h.state().layers[1].visible, "its layers are shown again");

    h.get_by_label("Supprimer le signet Lac de Maine").click();
    h.run_steps(2);
    assert!(h.state().project.bookmarks.is_empty());
}

#[test]
fn steps_are_captured_then_presented_by_keyboard_and_the_exercise_resets() {
    let mut h = harness();
    h.get_by_label("Affichage").click();
    h.run_steps(2);
    h.get_by_label("Scénario de formation…").click();
    h.run_steps(4);
    // Step 1: everything, over Angers.
    h.get_by_label("Titre de la nouvelle étape").click();
    h.run_steps(1);
    h.get_by_label("Titre de la nouvelle étape")
        .type_text("Le territoire");
    h.run_steps(1);
    h.get_by_label("Ajouter l'état actuel comme étape").click();
    h.run_steps(2);
    // Step 2: heritage only, compared with the quartiers, closer.
    let quartiers = h.state().layers[0].id;
    h.state_mut().map.go_to([-0.555, 47.472], 15.0);
    h.state_mut().apply(Action::Compare(CompareAction::Toggle));
    h.run_steps(2);
    h.get_by_label("Titre de la nouvelle étape").click();
    h.run_steps(1);
    h.get_by_label("Titre de la nouvelle étape")
        .type_text("Le patrimoine");
    h.run_steps(1);
    h.get_by_label("Ajouter l'état actuel comme étape").click();
    h.run_steps(2);
    let steps = &h.state().project.steps;
    assert_eq!(steps.len(), 2);
    assert_eq!(steps[1].title, "Le patrimoine");
    assert!(steps[1].state.compare.is_some() && steps[0].state.compare.is_none());

    h.get_by_label("Présenter depuis le début").click();
    h.run_steps(3);
    assert_eq!(h.state().presentation, Some(0));
    assert!(!h.state().compare.active, "step 1 has no comparison");
    h.get_by_label("Le territoire");
    h.get_by_label("Étape 1 sur 2");

    key(&mut h, Key::ArrowRight);
    assert_eq!(h.state().presentation, Some(1));
    assert!(h.state().compare.active);
    assert_eq!(h.state().map.center_zoom().1, 15.0);
    key(&mut h, Key::PageUp);
    assert_eq!(h.state().presentation, Some(0));
    key(&mut h, Key::Space);
    assert_eq!(h.state().presentation, Some(1));
    key(&mut h, Key::PageDown);
    assert_eq!(h.state().presentation, Some(1), "the last step stays");

    // Trainees change things; the exercise starts again from step 1 as it was.
    h.state_mut()
        .apply(Action::Layers(LayersAction::SetVisible(quartiers, false)));
    h.state_mut().map.go_to([-0.4, 47.3], 9.0);
    h.run_steps(2);
    h.get_by_label("Recommencer l'exercice").click();
    h.run_steps(2);
    assert_eq!(h.state().presentation, Some(0));
    assert!(h.state().layers[0].visible);
    assert!(!h.state().compare.active);
    let (_, zoom) = h.state().map.center_zoom();
    assert_eq!(zoom, h.state().project.steps[0].state.view.zoom);

    key(&mut h, Key::Escape);
    assert_eq!(h.state().presentation, None);
    h.get_by_label("Scénario de formation");
    // Leaving gives the map back as it was before the presentation: view and comparison.
    let (center, zoom) = h.state().map.center_zoom();
    assert_eq!(zoom, 15.0, "the view before presenting");
    assert!((center[0] - -0.555).abs() < 1e-6 && (center[1] - 47.472).abs() < 1e-6);
    assert!(h.state().compare.active, "the comparison before presenting");
}

#[test]
fn the_demo_project_walks_through_its_five_steps() {
    let start = StartOptions {
        files: vec![sample("demo.territoire")],
        no_basemap: true,
        ephemeral: true,
        language: Some(Language::Fr),
        ..StartOptions::default()
    };
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| TerritoireApp::new(&cc.egui_ctx, start));
    let settled = |app: &TerritoireApp| {
        app.project.reading == 0
            && !app.is_loading()
            && app.layers.iter().all(|l| l.filter_job.is_none())
            && !app.zone_stats.is_computing()
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    let wait = |h: &mut Harness<'static, TerritoireApp>| {
        while !settled(h.state()) || h.state().layers.is_empty() {
            assert!(Instant::now() < deadline, "demo still loading");
            std::thread::sleep(Duration::from_millis(10));
            h.step();
        }
        h.run_steps(3);
    };
    wait(&mut h);
    let app = h.state();
    assert_eq!(app.project.title, "Découvrir Territoire");
    assert_eq!(app.layers.len(), 4);
    assert_eq!(app.project.bookmarks.len(), 3);
    assert_eq!(app.project.steps.len(), 5);
    for b in ["Angers", "Centre-ville", "Lac de Maine"] {
        h.get_by_label(b);
    }
    h.state_mut()
        .apply(Action::Scenario(ScenarioAction::StartPresentation(0)));
    for n in 0..5 {
        wait(&mut h);
        let app = h.state();
        assert_eq!(app.presentation, Some(n));
        assert!(
            app.layers
                .iter()
                .all(|l| matches!(l.state, territoire::app::LayerState::Ready)),
            "step {n}: every layer loaded"
        );
        match n {
            1 => {
                let f = app.layers[2]
                    .filter
                    .as_ref()
                    .expect("step 2 filters the addresses");
                assert!(
                    f.count > 0 && f.count < app.layers[2].dataset.as_ref().map_or(0, |d| d.len())
                );
            }
            3 => {
                assert!(app.zone_stats.open && app.zone_stats.table.is_some());
                assert_eq!(app.zone_stats.fills.len(), 10, "a colour per quartier");
            }
            4 => assert!(app.compare.active),
            _ => assert!(!app.compare.active && !app.zone_stats.open),
        }
        key(&mut h, Key::ArrowRight);
    }
    // The last step says to choose the divider with the keyboard and use the arrows: they move
    // the divider and stay on the step; the clicker's Page keys still change steps.
    let before = h.state().compare.view.divider;
    h.get_by_label("Séparateur du rideau").focus();
    h.run_steps(2);
    key(&mut h, Key::ArrowRight);
    assert_eq!(
        h.state().presentation,
        Some(4),
        "the arrow stays with the divider"
    );
    assert!(h.state().compare.view.divider > before, "the divider moved");
    key(&mut h, Key::PageUp);
    assert_eq!(h.state().presentation, Some(3));
}
