//! The change view driven by label: two versions of a layer written here, compared on their
//! identifier then on geometry, categories toggled on the map, a change shown; and a portal
//! layer compared with the copy a new download replaced (local portal, no internet).

use crate::server;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use serde_json::{Value, json};
use territoire::app::change::{Category, Version};
use territoire::app::{LayerState, StartOptions, TerritoireApp};
use territoire::i18n::Language;

fn harness(start: StartOptions) -> Harness<'static, TerritoireApp> {
    let start = StartOptions {
        no_basemap: true,
        no_demo: true,
        ephemeral: true,
        language: Some(Language::Fr),
        ..start
    };
    Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_eframe(move |cc| TerritoireApp::new(&cc.egui_ctx, start))
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
            "{what}: still waiting; layers {:?}",
            h.state()
                .layers
                .iter()
                .map(|l| (
                    &l.state,
                    l.provenance.as_ref().map(|p| &p.freshness),
                    l.previous.is_some()
                ))
                .collect::<Vec<_>>()
        );
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    h.run_steps(3);
}

fn compared(app: &TerritoireApp) -> bool {
    app.change.result.is_some() && !app.change.is_computing()
}

/// A GeoJSON file of points: `(lon, properties)` at latitude 47.47.
fn write_points(path: &Path, features: &[(f64, Value)]) {
    let features: Vec<Value> = features
        .iter()
        .map(|(lon, properties)| {
            json!({
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, 47.47]},
                "properties": properties,
            })
        })
        .collect();
    let collection = json!({"type": "FeatureCollection", "features": features});
    std::fs::write(path, collection.to_string()).expect("write GeoJSON");
}

/// 2023: 1 Mail, 2 Lices, 3 Doutre. 2024: 1 renamed and moved, 2 the same, 3 gone, 4 new.
fn versions(dir: &Path) -> Vec<PathBuf> {
    let old = dir.join("equipements-2023.geojson");
    let new = dir.join("equipements-2024.geojson");
    write_points(
        &old,
        &[
            (-0.551, json!({"id": 1, "nom": "Mail"})),
            (-0.552, json!({"id": 2, "nom": "Lices"})),
            (-0.553, json!({"id": 3, "nom": "Doutre"})),
        ],
    );
    write_points(
        &new,
        &[
            (-0.5515, json!({"id": "1", "nom": "Jardin du Mail"})),
            (-0.552, json!({"id": "2", "nom": "Lices"})),
            (-0.554, json!({"id": "4", "nom": "Roseraie"})),
        ],
    );
    vec![old, new]
}

/// Once the files are loaded, opens the view from the *Fichier* menu.
fn open_view(h: &mut Harness<'static, TerritoireApp>) {
    wait(h, "load", |app| !app.is_loading());
    h.get_by_label("Fichier").click();
    h.run_steps(2);
    h.get_by_label("Comparer deux versions…").click();
    h.run_steps(2);
}

#[test]
fn the_new_version_is_picked_from_a_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = versions(dir.path());
    let mut h = harness(StartOptions {
        files: vec![files[0].clone()],
        no_native_dialogs: true,
        ..StartOptions::default()
    });
    open_view(&mut h);
    h.run_steps(3);
    h.get_by_label("Comparer deux versions");
    h.get_by_label("Depuis un fichier…").click();
    h.run_steps(4);
    h.get_by_label("Chemin du fichier").click();
    h.run_steps(1);
    h.get_by_label("Chemin du fichier")
        .type_text(&files[1].display().to_string());
    h.run_steps(1);
    h.get_by_label("Ouvrir").click();
    h.run_steps(2);
    wait(&mut h, "comparison", compared);
    let new = h.state().layers.last().map(|l| l.id).expect("opened");
    assert_eq!(h.state().change.new, Some(Version::Layer(new)));
    assert!(!h.state().change.new_from_file);
    h.get_by_value("Equipements 2024");
    h.get_by_label("Ajoutés 1 · Supprimés 1 · Modifiés 1 · Inchangés 1");
}

#[test]
fn two_files_compared_on_their_identifier_then_on_geometry() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = harness(StartOptions {
        files: versions(dir.path()),
        ..StartOptions::default()
    });
    open_view(&mut h);
    wait(&mut h, "comparison", compared);
    h.get_by_label("Comparer deux versions");
    h.get_by_value("Equipements 2023");
    h.get_by_value("Equipements 2024");
    h.get_by_value("id");
    h.get_by_label("Ajoutés 1 · Supprimés 1 · Modifiés 1 · Inchangés 1");
    h.get_by_label("nom, géométrie");
    // Each category on the map, above the layers, and on the printed page with its legend.
    assert_eq!(h.state().change.draws().len(), 3);
    let page = h.state().print_page();
    assert_eq!(page.panes[0].layers.len(), 2 + 3);
    let legend: Vec<String> = page.sheet.legend.into_iter().map(|i| i.label).collect();
    assert!(
        legend.ends_with(&[
            "Comparer deux versions".into(),
            "Ajoutés".into(),
            "Supprimés".into(),
            "Modifiés".into()
        ]),
        "{legend:?}"
    );

    // A click on a change selects it and brings the map to it.
    let before = h.state().map.center_zoom();
    h.get_by_label("modifié").click();
    h.run_steps(3);
    let r = h.state().change.result.clone().expect("result");
    let selected = h.state().change.selected.and_then(|i| r.diff.change(i));
    assert!(matches!(
        selected,
        Some(territoire::analysis::diff::Change::Modified(_))
    ));
    assert_ne!(h.state().map.center_zoom(), before, "the map moved");
    super::table::in_view_clear_of_windows(&h, [-0.5515, 47.47]);

    // Unticked, the added features leave the map and the list.
    h.get_by_label("ajoutés").click();
    h.run_steps(2);
    assert!(!h.state().change.is_shown(Category::Added));
    assert_eq!(h.state().change.draws().len(), 2);
    assert!(h.query_by_label("ajouté").is_none());
    h.get_by_label("ajoutés").click();
    h.run_steps(2);

    // On geometry, the moved feature is a removal and an addition.
    h.get_by_value("id").click();
    h.run_steps(2);
    h.get_by_label("géométrie").click();
    h.run_steps(2);
    wait(&mut h, "geometry comparison", compared);
    h.get_by_label("Ajoutés 2 · Supprimés 2 · Modifiés 0 · Inchangés 1");

    // The same layer as both versions: nothing changed.
    h.get_by_value("Equipements 2023").click();
    h.run_steps(2);
    h.get_all_by_label("Equipements 2024")
        .last()
        .expect("in the list")
        .click();
    h.run_steps(2);
    wait(&mut h, "same versions", compared);
    h.get_by_label("Ajoutés 0 · Supprimés 0 · Modifiés 0 · Inchangés 3");

    // The window closes; nothing is drawn any more.
    h.get_by_label("Close window").click();
    h.run_steps(2);
    assert!(!h.state().change.open);
    assert!(h.state().change.draws().is_empty());

    // From the newer layer's menu (top of the panel): it is the new version.
    h.get_all_by_label_contains("Actions sur la couche")
        .next()
        .expect("layer menu")
        .click();
    h.run_steps(2);
    h.get_by_label("Comparer avec une autre version…").click();
    h.run_steps(2);
    wait(&mut h, "comparison from the layer", compared);
    let ids: Vec<_> = h.state().layers.iter().map(|l| l.id).collect();
    assert_eq!(h.state().change.old, Some(Version::Layer(ids[0])));
    assert_eq!(h.state().change.new, Some(Version::Layer(ids[1])));
}

#[test]
fn a_reloaded_portal_layer_is_compared_with_the_copy_it_replaced() {
    let cache = tempfile::tempdir().expect("tempdir");
    let portal = server::LocalPortal::start(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample-data"),
        0,
    )
    .expect("local portal");
    let mut h = harness(StartOptions {
        cache_dir: Some(cache.path().to_path_buf()),
        ..StartOptions::default()
    });
    h.state_mut().settings.portals = vec![portal.url()];
    h.state_mut().portal.paste = format!("{}/explore/dataset/quartiers/", portal.url());
    h.get_by_label("Portail").click();
    h.run_steps(2);
    h.get_by_label("Ajouter ce jeu").click_accesskit();
    h.run_steps(2);
    wait(&mut h, "quartiers layer", |app| {
        app.layers.len() == 1 && matches!(app.layers[0].state, LayerState::Ready)
    });

    // Reloaded while the portal has nothing new: the same copy, nothing kept.
    h.get_all_by_label_contains("Actions sur la couche")
        .next()
        .expect("layer menu")
        .click();
    h.run_steps(2);
    h.get_by_label("Recharger").click();
    h.run_steps(2);
    wait(&mut h, "revalidated", |app| {
        matches!(app.layers[0].state, LayerState::Ready)
    });
    assert!(h.state().layers[0].previous.is_none());

    // The dataset changed on the portal: the new download keeps the copy it replaces.
    portal.touch("quartiers");
    h.get_all_by_label_contains("Actions sur la couche")
        .next()
        .expect("layer menu")
        .click();
    h.run_steps(2);
    h.get_by_label("Recharger").click();
    h.run_steps(2);
    wait(&mut h, "new download", |app| {
        matches!(app.layers[0].state, LayerState::Ready) && app.layers[0].previous.is_some()
    });
    let date = territoire::sources::portal::cache::format_day(
        h.state().layers[0]
            .previous
            .as_ref()
            .map_or(0, |p| p.copy_date),
    );

    h.get_all_by_label_contains("Actions sur la couche")
        .next()
        .expect("layer menu")
        .click();
    h.run_steps(2);
    h.get_by_label("Comparer avec une autre version…").click();
    h.run_steps(2);
    wait(&mut h, "comparison", compared);
    h.get_by_value(&format!("Quartiers d'Angers (copie du {date})"));
    // The layer's name is also shown elsewhere (the portal panel).
    assert!(h.query_all_by_value("Quartiers d'Angers").count() >= 1);
    let id = h.state().layers[0].id;
    assert_eq!(h.state().change.old, Some(Version::Previous(id)));
    assert_eq!(h.state().change.new, Some(Version::Layer(id)));
    h.get_by_label("Ajoutés 0 · Supprimés 0 · Modifiés 0 · Inchangés 10");
}
