//! Whole journeys through the window, driven by label: each one ends by saving the project,
//! closing it (*Fermer le projet*) and opening the saved file again, which must give back what was
//! saved (layers, filters, zones, view). Paths are typed in the app's own path window; only the
//! places of saved files and exports, which a native dialog would ask, are given as actions.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use territoire::action::{Action, LayersAction, PrintAction, ProjectAction, ZonesAction};
use territoire::app::portal::CatalogState;
use territoire::app::{LayerId, LayerState, StartOptions, TerritoireApp};
use territoire::i18n::Language;
use territoire::project::Project;

use crate::server::LocalPortal;

type H = Harness<'static, TerritoireApp>;

fn sample(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("sample-data")
        .join(name)
}

/// The window as a user starts it where no native file dialog opens; `cache` keeps portal
/// downloads (and the autosave) there.
fn start(cache: Option<&Path>) -> H {
    let start = StartOptions {
        no_basemap: true,
        no_demo: true,
        ephemeral: true,
        no_native_dialogs: true,
        cache_dir: cache.map(Path::to_path_buf),
        language: Some(Language::Fr),
        ..StartOptions::default()
    };
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_eframe(move |cc| TerritoireApp::new(&cc.egui_ctx, start));
    h.run_steps(2);
    h
}

/// Nothing is loading, reading, filtering or counting any more.
fn settled(app: &TerritoireApp) -> bool {
    app.project.reading == 0
        && !app.is_loading()
        && app.layers.iter().all(|l| l.filter_job.is_none())
        && !app.zone_stats.is_computing()
}

fn wait(h: &mut H, what: &str, done: impl Fn(&TerritoireApp) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(90);
    while !done(h.state()) {
        assert!(
            Instant::now() < deadline,
            "{what}: still waiting; layers {:?}, notice {:?}",
            h.state()
                .layers
                .iter()
                .map(|l| (&l.name, &l.state))
                .collect::<Vec<_>>(),
            h.state().project.notice
        );
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    h.run_steps(3);
}

/// Clicks `item` in the menu `menu` of the menu bar.
fn menu(h: &mut H, menu: &str, item: &str) {
    h.get_by_label(menu).click();
    h.run_steps(2);
    h.get_all_by_label(item)
        .next()
        .unwrap_or_else(|| panic!("{item} in the menu {menu}"))
        .click();
    h.run_steps(3);
}

/// Types `text` into the field labelled `label`.
fn type_into(h: &mut H, label: &str, text: &str) {
    h.get_by_label(label).click();
    h.run_steps(1);
    h.get_by_label(label).type_text(text);
    h.run_steps(2);
}

/// Presses and releases `key` with `modifiers`.
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
    h.run_steps(3);
}

/// *Ouvrir…* (a layer) or *Ouvrir un projet…* from the File menu, then the path typed in the
/// app's own window.
fn open_by_path(h: &mut H, item: &str, path: &Path) {
    menu(h, "Fichier", item);
    h.get_by_label("Ouvrir un fichier");
    type_into(h, "Chemin du fichier", &path.display().to_string());
    h.get_by_label("Ouvrir").click();
    h.run_steps(3);
    assert!(
        h.query_by_label("Chemin du fichier").is_none(),
        "the path window closes"
    );
}

/// Clicks `item` in the "…" menu of the layer named `layer`.
fn layer_menu(h: &mut H, layer: &str, item: &str) {
    h.get_by_label(&format!("Actions sur la couche ({layer})"))
        .click();
    h.run_steps(2);
    // The item, not a button of the same name in the list: the menu is drawn last.
    h.get_all_by_label(item)
        .last()
        .unwrap_or_else(|| panic!("{item} in the menu of {layer}"))
        .click();
    h.run_steps(3);
}

/// Saves to `path` (where a native dialog would ask) and waits for the file.
fn save(h: &mut H, path: &Path) -> Project {
    wait(h, "before saving", settled);
    h.state_mut()
        .apply(Action::Project(ProjectAction::Save(Some(
            path.to_path_buf(),
        ))));
    wait(h, "saving", |app| {
        app.project.notice.as_ref().is_some_and(|n| n.is_ok())
            && app.project.path.as_deref() == Some(path)
    });
    h.get_by_label_contains("Projet enregistré");
    assert!(!h.state().has_unsaved_changes());
    let text = std::fs::read_to_string(path).expect("saved");
    let (saved, warnings) = Project::from_toml_with_warnings(&text).expect("a project");
    assert!(warnings.is_empty(), "{warnings:?}");
    let folder = path.parent();
    assert_eq!(
        h.state().to_project(folder),
        saved,
        "the file holds the session"
    );
    saved
}

/// *Fermer le projet*, then *Ouvrir un projet…* with the saved file: the same project comes back.
fn close_and_reopen(h: &mut H, path: &Path, saved: &Project) {
    menu(h, "Fichier", "Fermer le projet");
    assert!(h.state().layers.is_empty() && h.state().project.path.is_none());
    h.get_by_label("Bienvenue dans Territoire");
    open_by_path(h, "Ouvrir un projet…", path);
    let filters = saved.state.filters.len();
    wait(h, "reopened", |app| {
        settled(app)
            && app.layers.len() == saved.layers.len()
            && app.layers.iter().filter(|l| l.filter.is_some()).count() == filters
    });
    let app = h.state();
    assert!(
        app.layers
            .iter()
            .all(|l| matches!(l.state, LayerState::Ready)),
        "every layer loads again"
    );
    assert!(
        app.project.warnings.is_empty(),
        "{:?}",
        app.project.warnings
    );
    assert_eq!(app.project.path.as_deref(), Some(path));
    assert_eq!(&app.to_project(path.parent()), saved, "reopened as saved");
    assert!(!app.has_unsaved_changes());
}

/// Clicks the `nth` *Filtrer…* button of the layer list (top layer first), types `expression` in
/// the filter window and closes it; the filter is then on `layer`.
fn type_filter(h: &mut H, nth: usize, layer: LayerId, expression: &str) {
    h.get_all_by_label("Filtrer…")
        .nth(nth)
        .expect("a filter button per layer")
        .click();
    h.run_steps(3);
    assert_eq!(
        h.state().filter_panel.as_ref().map(|p| p.layer),
        Some(layer)
    );
    h.get_by_label("Expression (utilisateurs avancés)").click();
    h.run_steps(3);
    let field = || egui::accesskit::Role::MultilineTextInput;
    h.get_by_role(field()).click();
    h.run_steps(1);
    h.get_by_role(field()).type_text(expression);
    h.run_steps(3);
    h.get_by_label("Fermer").click();
    h.run_steps(2);
    wait(h, "filter", |app| {
        settled(app) && app.layer(layer).is_some_and(|l| l.filter.is_some())
    });
    assert!(h.state().filter_panel.is_none());
}

/// Clicks *Ajouter à la carte* on the dataset `id` of the listed catalog.
fn add_listed(h: &mut H, id: &str) {
    let index = h
        .state()
        .portal
        .page
        .datasets
        .iter()
        .position(|d| d.id == id)
        .expect("listed");
    h.get_all_by_label("Ajouter à la carte")
        .nth(index)
        .expect("button")
        .click_accesskit();
    h.run_steps(2);
}

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
    assert_eq!(text.lines().count(), 11, "a header and a line per zone");
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
    open_by_path(&mut h, "Ouvrir…", &stops);
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
}
