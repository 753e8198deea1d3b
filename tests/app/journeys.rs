//! Whole journeys through the window, driven by label: each one ends by saving the project,
//! closing it (*Fermer le projet*) and opening the saved file again, which must give back what was
//! saved (layers, filters, zones, view). Paths are typed in the app's own path window; only the
//! places of saved files and exports, which a native dialog would ask, are given as actions.

use std::path::PathBuf;

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use territoire::app::TerritoireApp;
use territoire::app::action::{Action, LayersAction, PrintAction, ZonesAction};
use territoire::app::portal::CatalogState;
use territoire::project::Project;

use crate::journey_steps::{
    H, add_listed, close_and_reopen, layer_menu, menu, open_by_path, open_by_typing, press, sample,
    save, settled, start, type_filter, type_into, wait,
};
use crate::server::LocalPortal;

#[test]
fn a_social_policy_agent_maps_portal_data_per_quartier_prints_and_saves() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cache = dir.path().join("cache");
    let portal = LocalPortal::start(&sample("."), 0).expect("local portal");
    let mut h = start(Some(&cache));
    h.state_mut().settings.portals = vec![portal.url()];
    h.state_mut().settings.large_dataset_records = 1_000;

    // Two datasets from the portal.
    h.get_by_label("Portail").click();
    h.run_steps(2);
    wait(&mut h, "catalog", |app| {
        matches!(app.portal.state, CatalogState::Ready)
    });
    add_listed(&mut h, "quartiers");
    wait(&mut h, "quartiers", |app| {
        app.layers.len() == 1 && settled(app)
    });
    add_listed(&mut h, "patrimoine");
    wait(&mut h, "patrimoine", |app| {
        app.layers.len() == 2 && settled(app)
    });
    let (quartiers, patrimoine) = (h.state().layers[0].id, h.state().layers[1].id);
    let sites = h.state().layers[1].dataset.clone().expect("data");
    assert_eq!(sites.len(), 80);

    // The heritage of the 17th century and after: the top layer's *Filtrer…*.
    type_filter(&mut h, 0, patrimoine, "siecle >= 17");
    let kept = h.state().layers[1].filter.as_ref().map_or(0, |f| f.count);
    assert!(kept > 0 && kept < 80, "{kept} kept");

    // The sites kept, counted per quartier, in natural breaks.
    h.get_by_label("Zones").click();
    h.run_steps(2);
    wait(&mut h, "figures", |app| {
        settled(app) && app.zone_stats.table.is_some()
    });
    let zones = &h.state().zone_stats;
    assert_eq!(
        (zones.zones, zones.indicator),
        (Some(quartiers), Some(patrimoine))
    );
    assert_eq!(zones.table.as_ref().map(|t| t.total), Some(kept));
    h.get_by_value("Quantiles").click();
    h.run_steps(2);
    h.get_by_label("Seuils naturels (Jenks)").click();
    h.run_steps(2);
    wait(&mut h, "classes", |app| {
        settled(app) && !app.zone_stats.fills.is_empty()
    });
    let names: Vec<String> = {
        let table = h.state().zone_stats.table.clone().expect("figures");
        table.zones.iter().map(|z| z.name.clone()).collect()
    };
    assert_eq!(names.len(), 10);

    // The table for a spreadsheet (where the dialog would ask, the place is given).
    h.get_by_label("Exporter le tableau (CSV)");
    let csv = dir.path().join("patrimoine-par-quartier.csv");
    h.state_mut()
        .apply(Action::Zones(ZonesAction::ExportTable(Some(csv.clone()))));
    wait(&mut h, "zone export", |app| app.zone_stats.notice.is_some());
    h.get_by_label_contains("10 zones exportées dans");
    let text = std::fs::read_to_string(&csv).expect("the CSV");
    assert!(text.starts_with("\u{feff}id;nom;nombre;"), "{text}");
    // A header, a line per zone, then an empty line and the three notes.
    assert_eq!(text.lines().count(), 15, "{text}");
    assert!(text.contains("\r\nfiltre;siecle >= 17;"), "{text}");
    for name in &names {
        assert!(text.contains(&format!(";{name};")), "{name} in\n{text}");
    }

    // The map for the note, as a PDF chosen in the export window.
    menu(&mut h, "Fichier", "Exporter la carte (PNG, PDF)…");
    h.run_steps(3);
    type_into(&mut h, "Titre", "Patrimoine depuis le XVIIe siècle");
    h.get_by_label("PDF").click();
    h.run_steps(2);
    assert_eq!(h.state().print.format, territoire::print::Format::Pdf);
    let pdf = dir.path().join("carte.pdf");
    h.state_mut()
        .apply(Action::Print(PrintAction::Export(Some(pdf.clone()))));
    wait(&mut h, "map export", |app| !app.print.is_busy());
    assert_eq!(
        h.state().print.notice.as_ref().map(|n| n.is_ok()),
        Some(true)
    );
    let bytes = std::fs::read(&pdf).expect("the PDF");
    assert!(bytes.starts_with(b"%PDF-"), "a PDF");
    assert!(bytes.len() > 1_000, "with a page: {} bytes", bytes.len());
    h.state_mut().apply(Action::Print(PrintAction::Toggle));

    let path = dir.path().join("patrimoine.territoire");
    let saved = save(&mut h, &path);
    assert_eq!(saved.layers.len(), 2);
    assert_eq!(saved.state.filters.len(), 1);
    assert!(saved.state.zones.is_some(), "the zone settings are saved");
    close_and_reopen(&mut h, &path, &saved);
    let app = h.state();
    assert_eq!(app.layers[1].filter.as_ref().map(|f| f.count), Some(kept));
    assert!(app.zone_stats.open, "the zone window comes back");
    wait(&mut h, "figures again", |app| {
        settled(app) && app.zone_stats.fills_for(app.layers[0].id).is_some()
    });
    let table = h.state().zone_stats.table.clone().expect("figures");
    assert_eq!(table.total, kept);
}

/// The demo as a trainer leaves it before presenting: a bookmark shown, a layer hidden, the
/// heritage filtered.
fn prepare_demo(h: &mut H) {
    menu(h, "Fichier", "Ouvrir les données de démonstration");
    wait(h, "demo", |app| app.layers.len() == 4 && settled(app));
    assert!(h.state().project.demo);
    h.get_by_label("Lac de Maine").click();
    h.run_steps(2);
    h.get_by_label("Espaces verts").click();
    h.run_steps(2);
    let patrimoine = h.state().layers[3].id;
    type_filter(h, 0, patrimoine, "siecle >= 18");
    wait(h, "demo ready", settled);
    assert!(!h.state().layers[1].visible);
}

#[test]
fn a_trainer_presents_the_demo_and_finds_the_map_as_before() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = start(None);
    prepare_demo(&mut h);
    let before = h.state().to_project(None);
    let kept = h.state().layers[3].filter.as_ref().map(|f| f.count);
    let steps = h.state().project.steps.len();
    assert_eq!(steps, 5);

    menu(&mut h, "Affichage", "Présenter le scénario");
    wait(&mut h, "step 1", settled);
    assert_eq!(h.state().presentation, Some(0));
    h.get_by_label(&format!("Étape 1 sur {steps}"));
    // What a keyboard and a clicker send: arrows, space, Page Down; Page Up goes back.
    let keys = [Key::ArrowRight, Key::Space, Key::PageDown, Key::ArrowDown];
    for (n, key) in keys.into_iter().enumerate() {
        press(&mut h, key, Modifiers::NONE);
        wait(&mut h, "next step", settled);
        assert_eq!(h.state().presentation, Some(n + 1), "{key:?}");
        h.get_by_label(&format!("Étape {} sur {steps}", n + 2));
    }
    press(&mut h, Key::PageUp, Modifiers::NONE);
    assert_eq!(h.state().presentation, Some(3));
    wait(&mut h, "zones step", settled);
    assert!(h.state().zone_stats.table.is_some(), "step 4 shows zones");
    press(&mut h, Key::Escape, Modifiers::NONE);
    wait(&mut h, "back", settled);
    assert_eq!(h.state().presentation, None);
    assert_eq!(
        h.state().to_project(None),
        before,
        "view, visible layers, filters and zones as before presenting"
    );
    assert!(!h.state().layers[1].visible);
    assert_eq!(h.state().layers[3].filter.as_ref().map(|f| f.count), kept);
    assert!(
        h.state().layers[2].filter.is_none(),
        "step 2's filter is gone"
    );

    let path = dir.path().join("formation.territoire");
    let saved = save(&mut h, &path);
    assert_eq!(saved.layers.len(), 4);
    assert_eq!(saved.steps.len(), steps);
    assert!(!h.state().project.demo, "the copy is the trainer's own");
    close_and_reopen(&mut h, &path, &saved);
    assert!(!h.state().layers[1].visible);
    assert!(h.state().layers[3].filter.is_some());
}

#[test]
fn an_agent_replaces_the_demo_layers_with_a_lambert_93_shapefile_and_a_csv() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("donnees");
    std::fs::create_dir_all(&data).expect("folder");
    for ext in ["shp", "shx", "dbf", "prj"] {
        let name = format!("patrimoine.{ext}");
        std::fs::copy(sample(&name), data.join(&name)).expect("copy");
    }
    let stops =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/angers/irigo-stops.txt");
    let mut h = start(None);
    menu(&mut h, "Fichier", "Ouvrir les données de démonstration");
    wait(&mut h, "demo", |app| app.layers.len() == 4 && settled(app));
    for name in ["Quartiers", "Espaces verts", "Adresses", "Patrimoine"] {
        layer_menu(&mut h, name, "Supprimer la couche");
    }
    assert!(h.state().layers.is_empty());

    open_by_path(&mut h, "Ouvrir…", &data.join("patrimoine.shp"));
    wait(&mut h, "shapefile", |app| {
        app.layers.len() == 1 && settled(app)
    });
    // Pasted as a file manager copies a path: between quotes.
    open_by_typing(&mut h, "Ouvrir…", &format!("\"{}\"", stops.display()));
    wait(&mut h, "stops", |app| app.layers.len() == 2 && settled(app));
    let app = h.state();
    let sites = app.layers[0].dataset.clone().expect("sites");
    assert_eq!(sites.len(), 80);
    // Lambert-93 read through its .prj: in Angers, in degrees.
    let [w, s, e, n] = sites.bbox.expect("extent");
    assert!(
        w > -0.7 && e < -0.4 && s > 47.3 && n < 47.6,
        "{w} {s} {e} {n}"
    );
    assert_eq!(app.layers[1].dataset.as_ref().map(|d| d.len()), Some(1_899));

    let path = dir.path().join("equipements.territoire");
    let saved = save(&mut h, &path);
    assert_eq!(saved.layers.len(), 2);
    let files: Vec<String> = saved
        .layers
        .iter()
        .map(|l| format!("{:?}", l.source))
        .collect();
    assert!(files[0].contains("donnees/patrimoine.shp"), "{files:?}");
    close_and_reopen(&mut h, &path, &saved);
    assert_eq!(
        h.state().layers[0].dataset.as_ref().map(|d| d.len()),
        Some(80)
    );

    // Once the project has its file, *Enregistrer le projet* writes there without asking.
    assert_eq!(h.state().layers[1].name, "Irigo stops");
    h.get_by_label("Irigo stops").click();
    h.run_steps(2);
    assert!(!h.state().layers[1].visible);
    menu(&mut h, "Fichier", "Enregistrer le projet");
    wait(&mut h, "saved again", |app| {
        app.project.notice.as_ref().is_some_and(|n| n.is_ok()) && !app.has_unsaved_changes()
    });
    let text = std::fs::read_to_string(&path).expect("saved");
    let again = Project::from_toml(&text).expect("a project");
    assert_eq!(again.state.visible.len(), 1);
    close_and_reopen(&mut h, &path, &again);
    assert!(!h.state().layers[1].visible);
}

#[test]
fn a_removed_layer_comes_back_with_its_filter_and_style_by_annuler_and_ctrl_z() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = super::project::copy_samples(dir.path());
    let mut h = start(None);
    h.state_mut()
        .apply(Action::Layers(LayersAction::OpenFiles(files)));
    wait(&mut h, "layers", |app| {
        app.layers.len() == 4 && settled(app)
    });
    // The addresses: a filter typed in the filter window and a style of their own.
    let adresses = h.state().layers[2].id;
    // The list shows the top layer first: Patrimoine, then Adresses.
    type_filter(&mut h, 1, adresses, "numero_adresse <= 20");
    let mut style = h.state().layers[2].style;
    style.opacity = 0.5;
    style.point_radius_px = 7.0;
    h.state_mut()
        .apply(Action::Layers(LayersAction::SetStyle(adresses, style)));
    h.run_steps(2);
    let kept = h.state().layers[2].filter.as_ref().map(|f| f.count);
    let as_before = |app: &TerritoireApp| {
        let l = &app.layers[2];
        assert_eq!(app.layers.len(), 4);
        assert_eq!(l.name, "Adresses", "back at its place");
        assert_eq!(l.style, style);
        assert_eq!(l.filter.as_ref().map(|f| f.count), kept);
    };

    layer_menu(&mut h, "Adresses", "Supprimer la couche");
    assert_eq!(h.state().layers.len(), 3);
    h.get_by_label("Couche « Adresses » retirée.");
    h.get_by_label("Annuler").click();
    h.run_steps(3);
    as_before(h.state());
    assert_eq!(
        h.state().layers[2].id,
        adresses,
        "the same layer, not a copy"
    );
    assert!(h.query_by_label("Couche « Adresses » retirée.").is_none());

    layer_menu(&mut h, "Adresses", "Supprimer la couche");
    assert_eq!(h.state().layers.len(), 3);
    press(&mut h, Key::Z, Modifiers::COMMAND);
    as_before(h.state());

    let path = dir.path().join("annuler.territoire");
    let saved = save(&mut h, &path);
    assert_eq!(saved.layers.len(), 4);
    close_and_reopen(&mut h, &path, &saved);
    as_before(h.state());

    // A removal is undone in its own project only: closed and reopened, nothing comes back.
    layer_menu(&mut h, "Patrimoine", "Supprimer la couche");
    assert_eq!(h.state().layers.len(), 3);
    close_and_reopen(&mut h, &path, &saved);
    assert!(h.query_by_label("Couche « Patrimoine » retirée.").is_none());
    press(&mut h, Key::Z, Modifiers::COMMAND);
    assert_eq!(h.state().to_project(path.parent()), saved, "no layer added");
}
