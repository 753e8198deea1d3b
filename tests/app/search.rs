//! The address search box driven by label: suggestions from loaded address layers, then from
//! the address service (the local portal's stand-in on 127.0.0.1); offline, layers still answer.

use crate::server;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use server::LocalPortal;
use territoire::app::{StartOptions, TerritoireApp};
use territoire::i18n::Language;

fn sample(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("sample-data")
        .join(name)
}

fn harness(files: Vec<PathBuf>, geocoder: String) -> Harness<'static, TerritoireApp> {
    let start = StartOptions {
        files,
        geocoder: Some(geocoder),
        no_basemap: true,
        no_demo: true,
        ephemeral: true,
        language: Some(Language::Fr),
        ..StartOptions::default()
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| TerritoireApp::new(&cc.egui_ctx, start));
    wait(&mut harness, "layers", |app| !app.is_loading());
    harness
}

fn wait(
    h: &mut Harness<'static, TerritoireApp>,
    what: &str,
    done: impl Fn(&TerritoireApp) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done(h.state()) {
        assert!(
            Instant::now() < deadline,
            "{what}: still waiting after 60 s"
        );
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    h.run_steps(3);
}

fn type_address(h: &mut Harness<'static, TerritoireApp>, text: &str) {
    h.get_by_label("Rechercher une adresse").click();
    h.run_steps(1);
    h.get_by_label("Rechercher une adresse").type_text(text);
    h.run_steps(1);
    // The search starts after a short pause, then both sides answer.
    wait(h, "suggestions", |app| {
        !app.search.local.pending && !app.search.remote.pending && app.search.remote.query == text
    });
}

#[test]
fn an_address_from_the_service_is_found_and_marked() {
    let portal = LocalPortal::start(&sample(""), 0).expect("local portal");
    let mut h = harness(
        vec![sample("patrimoine.shp")],
        format!("{}/geocodage", portal.url()),
    );
    type_address(&mut h, "1 rue lenepveu");
    h.get_by_label("Base Adresse Nationale");
    let s = h
        .state()
        .search
        .remote
        .items
        .first()
        .cloned()
        .expect("a suggestion");
    assert_eq!(s.label, "1 Rue Lenepveu 49100 Angers");
    assert!(
        portal
            .requests()
            .iter()
            .any(|r| r.contains("/geocodage/search?q=1 rue lenepveu&limit=6")),
        "{:?}",
        portal.requests()
    );
    h.get_by_label_contains("1 Rue Lenepveu 49100 Angers")
        .click();
    h.run_steps(3);
    let (center, zoom) = h.state().map.center_zoom();
    assert!((center[0] - s.lon_lat[0]).abs() < 1e-6 && (center[1] - s.lon_lat[1]).abs() < 1e-6);
    assert!(zoom >= 17.0, "zoom {zoom}");
    assert_eq!(
        h.state().map.marker.as_ref().map(|m| m.1.as_str()),
        Some(s.label.as_str())
    );
    assert!(!h.state().search.open, "suggestions closed after the pick");
}

#[test]
fn offline_the_loaded_address_layer_still_answers() {
    // Nothing listens on port 9 of the loopback: the service is unreachable.
    let mut h = harness(
        vec![sample("adresses.csv")],
        "http://127.0.0.1:9/geocodage".into(),
    );
    type_address(&mut h, "rue lenepveu");
    h.get_by_label("Dans vos couches");
    h.get_by_label_contains("les couches chargées répondent toujours");
    let local = h.state().search.local.items.clone();
    assert!(!local.is_empty());
    assert!(
        local
            .iter()
            .all(|s| s.label.contains("Rue Lenepveu") && s.context == "Adresses")
    );
    h.get_by_label_contains(&local[0].label).click();
    h.run_steps(3);
    assert_eq!(
        h.state().map.marker.as_ref().map(|m| m.0),
        Some(local[0].lon_lat)
    );
}
