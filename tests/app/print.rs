//! The map export for a note driven by label: title, legend of the visible layers (and of each
//! compare side), sources of every layer, the paper and format chosen in the window, a page
//! drawn from the layers that no open window reaches, and the choropleth kept on the map.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use territoire::action::{Action, FilterAction, LayersAction, PrintAction};
use territoire::app::{StartOptions, TerritoireApp};
use territoire::i18n::Language;
use territoire::print::Swatch;

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
    h.get_by_label("Exporter la carte (PNG, PDF)…").click();
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
fn comparing_sides_splits_the_legend_and_prints_both_sides() {
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

    // The page is drawn from the layers, not captured from the screen: it is written even
    // where no renderer answers (before, a capture failure was reported here). Both sides are
    // printed side by side on A4 landscape at 150 dpi.
    let out = tempfile::tempdir().expect("tempdir");
    let path = out.path().join("carte.png");
    export(&mut h, &path);
    assert_eq!(
        h.state().print.notice.as_ref().map(|n| n.is_ok()),
        Some(true)
    );
    assert_eq!(png_size(&path), (1754, 1240));
    h.get_by_label("Fichier").click();
    h.run_steps(2);
    h.get_by_label("Exporter la carte (PNG, PDF)…").click();
    h.run_steps(4);
    h.get_by_label_contains("Carte enregistrée");
}

/// Exports to `path` and waits for the background job.
fn export(h: &mut Harness<'static, TerritoireApp>, path: &std::path::Path) {
    h.state_mut()
        .apply(Action::Print(PrintAction::Export(Some(path.to_path_buf()))));
    let deadline = Instant::now() + Duration::from_secs(120);
    while h.state().print.is_busy() {
        assert!(Instant::now() < deadline, "export still busy");
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    h.run_steps(1);
}

fn png_size(path: &std::path::Path) -> (u32, u32) {
    let bytes = std::fs::read(path).expect("written");
    assert!(bytes.starts_with(b"\x89PNG"), "a PNG");
    let be = |i: usize| u32::from_be_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    (be(16), be(20))
}

fn zones_harness() -> Harness<'static, TerritoireApp> {
    let start = StartOptions {
        files: vec![sample("quartiers.geojson"), sample("adresses.csv")],
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

#[test]
fn open_windows_never_reach_the_page_and_the_choropleth_stays_on_the_map() {
    let mut h = zones_harness();
    h.get_by_label("Zones").click();
    h.run_steps(2);
    let deadline = Instant::now() + Duration::from_secs(60);
    while h.state().zone_stats.fills.is_empty() || h.state().zone_stats.is_computing() {
        assert!(Instant::now() < deadline, "figures");
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    h.run_steps(3);
    h.get_by_label("Statistiques par zone");
    // The export window, chosen by label: PDF, A3 portrait at 300 dpi, then back to PNG, A4 landscape 150 dpi.
    h.get_by_label("Fichier").click();
    h.run_steps(2);
    h.get_by_label("Exporter la carte (PNG, PDF)…").click();
    h.run_steps(4);
    for label in ["PDF", "A3", "Portrait", "300 dpi"] {
        h.get_by_label(label).click();
        h.run_steps(2);
    }
    let print = &h.state().print;
    assert_eq!(print.format, territoire::print::Format::Pdf);
    assert_eq!(print.paper.size_px(), [3508, 4961]);
    for label in ["PNG", "A4", "Paysage", "150 dpi"] {
        h.get_by_label(label).click();
        h.run_steps(2);
    }
    assert_eq!(h.state().print.paper, territoire::print::Paper::default());

    let out = tempfile::tempdir().expect("tempdir");
    let with_windows = out.path().join("fenetres.png");
    export(&mut h, &with_windows);
    assert_eq!(png_size(&with_windows), (1754, 1240));

    // Closing the zone window hides the window, not the choropleth.
    h.state_mut()
        .apply(Action::Zones(territoire::action::ZonesAction::Toggle));
    h.run_steps(3);
    assert!(!h.state().zone_stats.open);
    let quartiers = h.state().layers[0].id;
    assert!(h.state().zone_stats.fills_for(quartiers).is_some());
    h.state_mut().apply(Action::Print(PrintAction::Toggle));
    h.run_steps(3);
    let without_windows = out.path().join("sans-fenetre.png");
    export(&mut h, &without_windows);
    let read = |p: &std::path::Path| std::fs::read(p).expect("written");
    assert!(
        read(&with_windows) == read(&without_windows),
        "the same page with and without the windows open"
    );

    // Taking the colours off the map changes the page: they were printed.
    h.state_mut()
        .apply(Action::Zones(territoire::action::ZonesAction::Remove));
    h.run_steps(3);
    assert!(h.state().zone_stats.fills_for(quartiers).is_none());
    let plain = out.path().join("sans-zones.png");
    export(&mut h, &plain);
    assert!(
        read(&plain) != read(&without_windows),
        "the choropleth was on the page"
    );
    assert!(
        !h.state()
            .print_sheet()
            .legend
            .iter()
            .any(|i| i.label.contains(" — ")),
        "no classes in the legend any more"
    );

    // A PDF by its extension; an unknown extension is refused with a message.
    let pdf = out.path().join("carte.pdf");
    export(&mut h, &pdf);
    let bytes = read(&pdf);
    assert!(bytes.starts_with(b"%PDF-"));
    assert!(String::from_utf8_lossy(&bytes).contains("/MediaBox [0 0 842 595]"));
    let jpg = out.path().join("carte.jpg");
    export(&mut h, &jpg);
    assert!(!jpg.exists());
    match &h.state().print.notice {
        Some(Err(e)) => assert!(e.to_string().contains(".png ou .pdf"), "{e}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
}
