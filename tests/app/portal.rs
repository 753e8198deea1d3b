//! The portal panel driven by label, against the local portal on 127.0.0.1 (no internet).

use crate::server;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use server::LocalPortal;
use territoire::app::portal::CatalogState;
use territoire::app::{LayerState, StartOptions, TerritoireApp};
use territoire::i18n::Language;

fn harness(portal: &LocalPortal, cache: PathBuf) -> Harness<'static, TerritoireApp> {
    let start = StartOptions {
        cache_dir: Some(cache),
        no_basemap: true,
        no_demo: true,
        ephemeral: true,
        language: Some(Language::Fr),
        ..StartOptions::default()
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| TerritoireApp::new(&cc.egui_ctx, start));
    let app = harness.state_mut();
    app.settings.portals = vec![portal.url()];
    app.settings.large_dataset_records = 1_000;
    harness.run_steps(2);
    harness
}

fn wait_until(
    harness: &mut Harness<'static, TerritoireApp>,
    what: &str,
    done: impl Fn(&TerritoireApp) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done(harness.state()) {
        assert!(
            Instant::now() < deadline,
            "{what}: still waiting after 60 s; layers {:?}, notice {:?}",
            harness
                .state()
                .layers
                .iter()
                .map(|l| (&l.name, &l.state))
                .collect::<Vec<_>>(),
            harness.state().portal.notice
        );
        std::thread::sleep(Duration::from_millis(20));
        harness.step();
    }
    harness.run_steps(3);
}

#[test]
fn browse_the_catalog_and_add_datasets() {
    let cache = tempfile::tempdir().expect("tempdir");
    let portal = LocalPortal::start(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample-data"),
        0,
    )
    .expect("local portal");
    let mut harness = harness(&portal, cache.path().to_path_buf());
    harness.get_by_label("Portail").click();
    harness.run_steps(2);
    wait_until(&mut harness, "catalog", |app| {
        matches!(app.portal.state, CatalogState::Ready)
    });
    harness.get_by_label("6 jeux de données");
    harness.get_by_label("Quartiers d'Angers");
    harness.get_by_label("Thèmes");

    // A small dataset is added at once.
    let quartiers = harness
        .state()
        .portal
        .page
        .datasets
        .iter()
        .filter(|d| d.has_geometry())
        .position(|d| d.id == "quartiers")
        .expect("listed");
    harness
        .get_all_by_label("Ajouter à la carte")
        .nth(quartiers)
        .expect("button")
        .click_accesskit();
    harness.run_steps(2);
    wait_until(&mut harness, "quartiers layer", |app| {
        app.layers.len() == 1 && matches!(app.layers[0].state, LayerState::Ready)
    });
    assert_eq!(
        harness.state().layers[0].dataset.as_ref().map(|d| d.len()),
        Some(10)
    );
    harness.get_by_label_contains("téléchargés cette session");
    harness.get_by_label_contains("· quartiers · Licence Ouverte v2.0");

    // A large one asks first; the map extent is then pushed down as in_bbox.
    let adresses = harness
        .state()
        .portal
        .page
        .datasets
        .iter()
        .filter(|d| d.has_geometry())
        .position(|d| d.id == "adresses")
        .expect("listed");
    harness
        .get_all_by_label("Ajouter à la carte")
        .nth(adresses)
        .expect("button")
        .click_accesskit();
    harness.run_steps(4);
    assert!(
        harness.state().portal.large.is_some(),
        "the large-dataset choice is pending"
    );
    harness.get_by_label("Jeu de données volumineux");
    harness.get_by_label_contains("compte 20");
    harness
        .get_by_label("Seulement l'emprise de la carte")
        .click();
    harness.run_steps(2);
    wait_until(&mut harness, "adresses layer", |app| {
        app.layers.len() == 2 && matches!(app.layers[1].state, LayerState::Ready)
    });
    let n = harness.state().layers[1]
        .dataset
        .as_ref()
        .map_or(0, |d| d.len());
    assert!(n > 0 && n < 20_583, "{n} addresses in the extent");
    assert!(
        portal
            .requests()
            .iter()
            .any(|r| r.contains("in_bbox(coordo_geo"))
    );

    // Or with a filter: checked before it leaves, then the portal keeps exactly those rows.
    harness
        .get_all_by_label("Ajouter à la carte")
        .nth(adresses)
        .expect("button")
        .click_accesskit();
    harness.run_steps(4);
    // The dataset is on the map already: added again only when the user says so.
    harness.get_by_label("Ajouter une autre fois").click();
    harness.run_steps(4);
    if let Some(large) = harness.state_mut().portal.large.as_mut() {
        large.filter = "commune =".into();
    }
    harness.run_steps(2);
    harness.get_by_label("Charger avec ce filtre").click();
    harness.run_steps(4);
    harness.get_by_label_contains("une valeur est attendue");
    if let Some(large) = harness.state_mut().portal.large.as_mut() {
        large.filter = r#"commune = "Avrillé""#.into();
    }
    harness.run_steps(2);
    harness.get_by_label("Charger avec ce filtre").click();
    harness.run_steps(2);
    wait_until(&mut harness, "filtered layer", |app| {
        app.layers.len() == 3 && matches!(app.layers[2].state, LayerState::Ready)
    });
    let filtered = harness.state().layers[2].dataset.clone().expect("data");
    assert!(!filtered.is_empty());
    let commune = filtered.column("commune").expect("commune");
    assert!((0..filtered.len()).all(|r| commune.value(r).to_string() == "Avrillé"));

    // A pasted page URL.
    harness.state_mut().portal.paste = format!("{}/explore/dataset/patrimoine/map/", portal.url());
    harness.get_by_label("Ajouter ce jeu").click_accesskit();
    harness.run_steps(2);
    wait_until(&mut harness, "pasted layer", |app| {
        app.layers.len() == 4 && matches!(app.layers[3].state, LayerState::Ready)
    });
    assert_eq!(
        harness.state().layers[3].dataset.as_ref().map(|d| d.len()),
        Some(80)
    );

    // A reference that is nothing gets a clear message and adds nothing.
    harness.state_mut().portal.paste = "pas une adresse !".into();
    harness.get_by_label("Ajouter ce jeu").click_accesskit();
    harness.run_steps(3);
    harness.get_by_label_contains("n'est ni l'adresse d'un portail");
    assert_eq!(harness.state().layers.len(), 4);
}

/// Text of each row (all fields), sorted: the same features whatever their order.
fn rows_text(
    dataset: &territoire::data::Dataset,
    rows: impl Iterator<Item = usize>,
) -> Vec<String> {
    let mut out: Vec<String> = rows
        .map(|r| {
            dataset
                .columns
                .iter()
                .map(|c| c.value(r).to_string())
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect();
    out.sort();
    out
}

#[test]
fn reloading_with_the_filter_keeps_the_features_the_local_filter_keeps() {
    let cache = tempfile::tempdir().expect("tempdir");
    let portal = LocalPortal::start(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample-data"),
        0,
    )
    .expect("local portal");
    let mut harness = harness(&portal, cache.path().to_path_buf());
    harness.state_mut().portal.paste = format!("{}/explore/dataset/patrimoine/", portal.url());
    harness.get_by_label("Portail").click();
    harness.run_steps(2);
    harness.get_by_label("Ajouter ce jeu").click_accesskit();
    harness.run_steps(2);
    wait_until(&mut harness, "patrimoine layer", |app| {
        app.layers.len() == 1 && matches!(app.layers[0].state, LayerState::Ready)
    });
    harness.get_by_label("Filtrer…").click();
    harness.run_steps(4);
    harness
        .get_by_label("Expression (utilisateurs avancés)")
        .click();
    harness.run_steps(3);
    harness
        .get_by_role(egui::accesskit::Role::MultilineTextInput)
        .click();
    harness.run_steps(1);
    harness
        .get_by_role(egui::accesskit::Role::MultilineTextInput)
        .type_text(r#"commune = "Angers" AND siecle >= 17"#);
    harness.run_steps(3);
    let (local, kept) = {
        let layer = &harness.state().layers[0];
        let dataset = layer.dataset.clone().expect("data");
        let filter = layer.filter.clone().expect("filtered");
        (rows_text(&dataset, filter.mask.iter_ones()), filter.count)
    };
    assert!(kept > 0 && kept < 80, "{kept} kept");

    harness.get_by_label("Recharger avec ce filtre").click();
    harness.run_steps(2);
    wait_until(&mut harness, "reloaded layer", |app| {
        matches!(app.layers[0].state, LayerState::Ready)
            && app.layers[0].dataset.as_ref().is_some_and(|d| d.len() < 80)
    });
    let layer = &harness.state().layers[0];
    let reloaded = layer.dataset.clone().expect("data");
    assert_eq!(rows_text(&reloaded, 0..reloaded.len()), local);
    // The filter stays on the layer and still keeps every downloaded feature.
    assert_eq!(layer.filter.as_ref().map(|f| f.count), Some(kept));
    assert!(
        portal
            .requests()
            .iter()
            .any(|r| r.contains("where=") && r.contains("siecle")),
        "{:?}",
        portal.requests()
    );
}

#[test]
fn a_portal_table_without_positions_opens_as_a_table() {
    let cache = tempfile::tempdir().expect("tempdir");
    let (_portal, mut harness) = portal_and_catalog(&cache, None);
    add_listed(&mut harness, "patrimoine-table");
    wait_until(&mut harness, "table", |app| {
        app.layers.len() == 1 && !app.is_loading()
    });
    let layer = &harness.state().layers[0];
    assert!(
        matches!(layer.state, LayerState::Ready),
        "{:?}",
        layer.state
    );
    let ds = layer.dataset.clone().expect("rows");
    assert_eq!(ds.len(), 80);
    assert!(ds.column("tico").is_some());
    assert!((0..ds.len()).all(|i| ds.geometry.feature_bbox(i).is_none()));
    // Its rows are read in the attribute table.
    harness
        .get_by_label_contains("Actions sur la couche (Patrimoine, table")
        .click_accesskit();
    harness.run_steps(3);
    harness.get_by_label("Table attributaire").click();
    harness.run_steps(4);
    harness.get_by_label("80 lignes");
}

#[test]
fn a_private_dataset_offers_to_enter_its_key() {
    let cache = tempfile::tempdir().expect("tempdir");
    let (_portal, mut harness) = portal_and_catalog(&cache, Some(("patrimoine", "cle-secrete")));
    add_listed(&mut harness, "patrimoine");
    wait_until(&mut harness, "refusal", |app| {
        app.layers
            .first()
            .is_some_and(|l| matches!(l.state, LayerState::Failed(_)))
    });
    // The card offers the key and retrying, not a coordinate system.
    assert!(harness.query_by_label("Système de coordonnées…").is_none());
    harness.get_by_label("Réessayer");
    harness.state_mut().portal.open = false;
    harness.get_by_label("Saisir la clé d'API…").click();
    harness.run_steps(3);
    assert!(harness.state().portal.open, "the portal panel opens");
    assert!(
        harness.get_by_label("Clé").is_focused(),
        "on the key field, unfolded"
    );
}

#[test]
fn the_portal_panel_opens_on_the_portal_a_project_uses() {
    let cache = tempfile::tempdir().expect("tempdir");
    let (portal, mut harness) = portal_and_catalog(&cache, None);
    add_listed(&mut harness, "quartiers");
    wait_until(&mut harness, "layer", |app| {
        app.layers.len() == 1 && matches!(app.layers[0].state, LayerState::Ready)
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("portail.territoire");
    let text = harness
        .state()
        .to_project(Some(dir.path()))
        .to_toml()
        .expect("toml");
    std::fs::write(&path, text).expect("written");

    // Another session whose list starts with another portal: the project's becomes the choice.
    let mut other = harness_with_portals(cache.path().to_path_buf(), &["https://data.angers.fr"]);
    other
        .state_mut()
        .apply(territoire::app::action::Action::Project(
            territoire::app::action::ProjectAction::Open(Some(path)),
        ));
    wait_until(&mut other, "project", |app| {
        app.project.reading == 0 && app.layers.len() == 1
    });
    let app = other.state();
    assert_eq!(
        app.settings.portals.get(app.portal.selected),
        Some(&portal.url()),
        "{:?}",
        app.settings.portals
    );
}

fn harness_with_portals(cache: PathBuf, portals: &[&str]) -> Harness<'static, TerritoireApp> {
    let start = StartOptions {
        cache_dir: Some(cache),
        no_basemap: true,
        no_demo: true,
        ephemeral: true,
        language: Some(Language::Fr),
        ..StartOptions::default()
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| TerritoireApp::new(&cc.egui_ctx, start));
    harness.state_mut().settings.portals = portals.iter().map(|p| p.to_string()).collect();
    harness.run_steps(2);
    harness
}

/// The local portal with the demo kit, and the window with its panel open on the catalog.
fn portal_and_catalog(
    cache: &tempfile::TempDir,
    key: Option<(&str, &str)>,
) -> (LocalPortal, Harness<'static, TerritoireApp>) {
    let portal = LocalPortal::start(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample-data"),
        0,
    )
    .expect("local portal");
    if let Some((dataset, key)) = key {
        portal.set_key(dataset, key);
    }
    let mut harness = harness(&portal, cache.path().to_path_buf());
    harness.get_by_label("Portail").click();
    harness.run_steps(2);
    wait_until(&mut harness, "catalog", |app| {
        matches!(app.portal.state, CatalogState::Ready)
    });
    (portal, harness)
}

/// Clicks *Ajouter à la carte* on a dataset of the listed catalog (*Ouvrir comme table* on a
/// table).
pub(crate) fn add_listed(harness: &mut Harness<'static, TerritoireApp>, id: &str) {
    let datasets = &harness.state().portal.page.datasets;
    let geometric = datasets
        .iter()
        .find(|d| d.id == id)
        .expect("listed")
        .has_geometry();
    let index = datasets
        .iter()
        .filter(|d| d.has_geometry() == geometric)
        .position(|d| d.id == id)
        .expect("listed");
    let label = if geometric {
        "Ajouter à la carte"
    } else {
        "Ouvrir comme table"
    };
    harness
        .get_all_by_label(label)
        .nth(index)
        .expect("button")
        .click_accesskit();
    harness.run_steps(2);
}
