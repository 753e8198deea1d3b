//! The map export for a note driven by label: title, legend of the visible layers (and of each
//! compare side), sources of every layer and the basemap, and what happens when no capture comes.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use territoire::action::{Action, FilterAction, LayersAction, PrintAction};
use territoire::app::{StartOptions, TerritoireApp};
use territoire::i18n::Language;
use territoire::map::print::Swatch;

fn sample(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("sample-data")
        .join(name)
}

fn harness() -> Harness<'static, TerritoireApp> {
    let start = StartOptions {
        files: vec![sample("quartiers.geojson"), sample("patrimoine.shp")],
        no_basemap: true,
        no_demo: true,
        ephemeral: true,
        language: Some(Language::Fr),
        ..StartOptions::default()
    };
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| TerritoireApp::new(&cc.egui_ctx, start));
    let deadline = Instant::now() + Duration::from_secs(60);
    while h.state().is_loading() {
        assert!(Instant::now() < deadline, "still loading");
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    h.run_steps(3);
    h
}

fn labels(app: &TerritoireApp) -> Vec<String> {
    app.print_sheet()
        .legend
        .into_iter()
        .map(|i| i.label)
        .collect()
}

#[test]
fn the_sheet_names_the_title_the_layers_and_their_sources() {
    let mut h = harness();
    h.get_by_label("Fichier").click();
    h.run_steps(2);
    h.get_by_label("Exporter la carte (PNG)…").click();
    h.run_steps(2);
    // A window takes a few frames to size itself.
    h.run_steps(4);
    h.get_by_label("Titre").click();
    h.run_steps(1);
    h.get_by_label("Titre").type_text("Patrimoine par quartier");
    h.run_steps(2);
    let sheet = h.state().print_sheet();
    assert_eq!(sheet.title, "Patrimoine par quartier");
    assert!(
        sheet.subtitle.starts_with("Territoire"),
        "{}",
        sheet.subtitle
    );
    // Top layer first, with a symbol of its geometry.
    assert_eq!(labels(h.state()), ["Patrimoine", "Quartiers"]);
    assert!(matches!(sheet.legend[0].swatch, Swatch::Point(_)));
    assert!(matches!(sheet.legend[1].swatch, Swatch::Fill(..)));
    assert_eq!(
        sheet.sources,
        [
            "Patrimoine : fichier patrimoine.shp",
            "Quartiers : fichier quartiers.geojson"
        ]
    );

    // A hidden layer leaves the legend and the sources.
    let quartiers = h.state().layers[0].id;
    h.state_mut()
        .apply(Action::Layers(LayersAction::SetVisible(quartiers, false)));
    h.run_steps(2);
    assert_eq!(labels(h.state()), ["Patrimoine"]);
    assert_eq!(h.state().print_sheet().sources.len(), 1);
    h.state_mut()
        .apply(Action::Layers(LayersAction::SetVisible(quartiers, true)));

    // A filter is named with what it keeps.
    let patrimoine = h.state().layers[1].id;
    h.state_mut()
        .apply(Action::Filter(FilterAction::Open(patrimoine)));
    h.state_mut()
        .apply(Action::Filter(FilterAction::Edit(Box::new(
            territoire::app::filter::FilterEdit {
                draft: Default::default(),
                typed: Some("siecle >= 18".into()),
                name: String::new(),
                places: Vec::new(),
            },
        ))));
    h.state_mut().apply(Action::Filter(FilterAction::Close));
    let deadline = Instant::now() + Duration::from_secs(30);
    while h.state().layers[1].filter.is_none() {
        assert!(Instant::now() < deadline, "filter");
        h.step();
    }
    let kept = h.state().layers[1].filter.as_ref().map_or(0, |f| f.count);
    let first = labels(h.state()).remove(0);
    assert!(
        first.starts_with("Patrimoine — ") && first.contains(&format!("sur {}", 80)),
        "{first}"
    );
    assert!(
        first.contains(&territoire::app::format_count(kept)),
        "{first}"
    );
}

#[test]
fn comparing_sides_splits_the_legend_and_a_failed_capture_is_reported() {
    let mut h = harness();
    h.get_by_label("Comparer").click();
    h.run_steps(2);
    assert_eq!(
        labels(h.state()),
        ["Côté A", "Quartiers", "Côté B", "Patrimoine"]
    );
    assert!(matches!(
        h.state().print_sheet().legend[0].swatch,
        Swatch::Heading
    ));

    // Here no renderer answers the capture request: the export says so and the map is left as it was.
    let out = tempfile::tempdir().expect("tempdir");
    let path = out.path().join("carte.png");
    h.state_mut()
        .apply(Action::Print(PrintAction::Export(Some(path.clone()))));
    let deadline = Instant::now() + Duration::from_secs(30);
    while h.state().print.is_busy() {
        assert!(Instant::now() < deadline, "export still busy");
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    assert!(h.state().map.print.is_none(), "the sheet leaves the map");
    // (The PNG written by a real window is checked by `scripts/check-release.sh` under Xvfb.)
    match &h.state().print.notice {
        Some(Err(message)) => assert_eq!(message.to_string(), "La capture de la carte a échoué."),
        other => panic!("expected the capture failure, got {other:?}"),
    }
    assert!(!path.exists());
    h.get_by_label("Fichier").click();
    h.run_steps(2);
    h.get_by_label("Exporter la carte (PNG)…").click();
    h.run_steps(4);
    h.get_by_label("La capture de la carte a échoué.");
}
