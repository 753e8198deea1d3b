//! Projects: save and reopen give the same project, paths are relative to the project's folder,
//! a missing file is reported on its layer and can be located, opening is driven from the menu;
//! new project, close and the title from the File menu.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use territoire::app::action::{
    Action, CompareAction, FilterAction, LayersAction, ProjectAction, ZonesAction,
};
use territoire::app::compare::Side;
use territoire::app::{LayerState, StartOptions, TerritoireApp};
use territoire::i18n::Language;
use territoire::map::CompareMode;
use territoire::project::{Project, SourceEntry};

const FILES: [&str; 8] = [
    "quartiers.geojson",
    "espaces-verts.geojson",
    "adresses.csv",
    "patrimoine.shp",
    "patrimoine.dbf",
    "patrimoine.shx",
    "patrimoine.prj",
    "adresses.prj",
];

/// The demo layers copied into `dir/donnees`.
pub(crate) fn copy_samples(dir: &Path) -> Vec<PathBuf> {
    let data = dir.join("donnees");
    std::fs::create_dir_all(&data).expect("folder");
    let samples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    for f in FILES {
        std::fs::copy(samples.join(f), data.join(f)).expect("copy");
    }
    FILES[..4].iter().map(|f| data.join(f)).collect()
}

pub(crate) fn harness(files: Vec<PathBuf>) -> Harness<'static, TerritoireApp> {
    let start = StartOptions {
        files,
        no_basemap: true,
        no_demo: true,
        ephemeral: true,
        language: Some(Language::Fr),
        ..StartOptions::default()
    };
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| TerritoireApp::new(&cc.egui_ctx, start));
    settle(&mut h);
    h
}

pub(crate) fn wait(
    h: &mut Harness<'static, TerritoireApp>,
    what: &str,
    done: impl Fn(&TerritoireApp) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done(h.state()) {
        assert!(Instant::now() < deadline, "{what}: still waiting");
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    h.run_steps(3);
}

pub(crate) fn settle(h: &mut Harness<'static, TerritoireApp>) {
    wait(h, "loading", |app| !app.is_loading());
}

pub(crate) fn save(h: &mut Harness<'static, TerritoireApp>, path: &Path) {
    h.state_mut()
        .apply(Action::Project(ProjectAction::Save(Some(
            path.to_path_buf(),
        ))));
    wait(h, "saving", |app| {
        app.project.notice.as_ref().is_some_and(|n| n.is_ok()) && app.project.path.is_some()
    });
}

#[test]
fn a_saved_project_reopens_identical_with_relative_paths() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = harness(copy_samples(dir.path()));
    let id = |h: &Harness<'static, TerritoireApp>, i: usize| h.state().layers[i].id;
    // A filter with a condition of place, a comparison, a moved view, a hidden layer.
    let adresses = id(&h, 2);
    let verts = id(&h, 1);
    h.state_mut()
        .apply(Action::Filter(FilterAction::Open(adresses)));
    h.state_mut()
        .apply(Action::Filter(FilterAction::Edit(Box::new(
            territoire::app::filter::FilterEdit {
                draft: Default::default(),
                typed: Some("numero_adresse <= 20".into()),
                name: "Petits numéros".into(),
                places: vec![territoire::app::filter::place::Place::Near {
                    layer: Some(verts),
                    metres: "300".into(),
                    beyond: true,
                }],
            },
        ))));
    h.state_mut().apply(Action::Filter(FilterAction::Close));
    h.run_steps(3);
    assert!(h.state().layers[2].filter.is_some(), "filter set");
    h.state_mut().apply(Action::Compare(CompareAction::Toggle));
    let patrimoine = id(&h, 3);
    let quartiers = id(&h, 0);
    h.state_mut().apply(Action::Compare(CompareAction::SetSide(
        quartiers,
        Side::Both,
    )));
    let mut view = h.state().compare.view;
    view.mode = CompareMode::SideBySide;
    h.state_mut()
        .apply(Action::Compare(CompareAction::SetView(view)));
    h.state_mut()
        .apply(Action::Layers(LayersAction::SetVisible(verts, false)));
    h.state_mut().map.go_to([-0.56, 47.48], 15.0);
    h.state_mut().apply(Action::Zones(ZonesAction::Toggle));
    h.run_steps(2);

    let path = dir.path().join("essai.territoire");
    save(&mut h, &path);
    let text = std::fs::read_to_string(&path).expect("saved");
    let saved = Project::from_toml(&text).expect("valid project");
    assert_eq!(saved.layers.len(), 4);
    assert_eq!(
        saved.layers[2].source,
        SourceEntry::File {
            path: "donnees/adresses.csv".into(),
            crs: None,
            layer: None
        }
    );
    assert_eq!(
        saved.state.compare.as_ref().map(|c| c.view.mode),
        Some(CompareMode::SideBySide)
    );
    assert_eq!(saved.state.visible.len(), 3);

    // Another session opens it: same layers, filter, comparison and view.
    let mut other = harness(Vec::new());
    other
        .state_mut()
        .apply(Action::Project(ProjectAction::Open(Some(path.clone()))));
    wait(&mut other, "opening", |app| {
        app.layers.len() == 4 && !app.is_loading()
    });
    wait(&mut other, "filters", |app| app.layers[2].filter.is_some());
    let app = other.state();
    assert_eq!(app.to_project(Some(dir.path())), saved);
    let f = app.layers[2].filter.as_ref().expect("filter");
    let kept = h.state().layers[2].filter.as_ref().map(|f| f.count);
    assert_eq!(Some(f.count), kept, "the same rows are kept");
    assert_eq!(app.compare.side(app.layers[3].id), Side::B);
    assert_eq!(app.compare.side(app.layers[0].id), Side::Both);
    assert!(!app.layers[1].visible);
    assert!(app.zone_stats.open && app.zone_stats.zones == Some(app.layers[0].id));
    assert!(saved.state.zones.is_some());
    let _ = patrimoine;
}

#[test]
fn a_missing_file_is_reported_on_its_layer_and_can_be_located() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = harness(copy_samples(dir.path()));
    let path = dir.path().join("essai.territoire");
    save(&mut h, &path);
    let moved = dir.path().join("ailleurs");
    std::fs::create_dir_all(&moved).expect("folder");
    std::fs::rename(
        dir.path().join("donnees/espaces-verts.geojson"),
        moved.join("espaces-verts.geojson"),
    )
    .expect("moved");

    let mut other = harness(Vec::new());
    other.get_by_label("Fichier").click();
    other.run_steps(2);
    // In the File menu (and on the start screen of the empty window).
    assert!(other.get_all_by_label("Ouvrir un projet…").count() >= 2);
    other
        .state_mut()
        .apply(Action::Project(ProjectAction::Open(Some(path.clone()))));
    wait(&mut other, "opening", |app| {
        app.layers.len() == 4 && !app.is_loading()
    });
    let app = other.state();
    assert!(matches!(app.layers[0].state, LayerState::Ready));
    let LayerState::Failed(message) = &app.layers[1].state else {
        panic!("the moved file must fail: {:?}", app.layers[1].state);
    };
    assert!(
        message.to_string().contains("espaces-verts.geojson"),
        "{message}"
    );
    other.get_by_label("Localiser…");
    let id = other.state().layers[1].id;
    other
        .state_mut()
        .apply(Action::Project(ProjectAction::LocateFile(
            id,
            Some(moved.join("espaces-verts.geojson")),
        )));
    settle(&mut other);
    assert!(matches!(other.state().layers[1].state, LayerState::Ready));
    // Saved again, the project names the new place.
    save(&mut other, &path);
    let saved = Project::from_toml(&std::fs::read_to_string(&path).expect("saved")).expect("valid");
    assert_eq!(
        saved.layers[1].source,
        SourceEntry::File {
            path: "ailleurs/espaces-verts.geojson".into(),
            crs: None,
            layer: None
        }
    );
}

#[test]
fn a_damaged_project_is_refused_with_its_name_and_the_layers_stay() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = harness(copy_samples(dir.path()));
    let path = dir.path().join("abime.territoire");
    std::fs::write(&path, "format = \"territoire-project\"\nversion = 99\n").expect("written");
    h.state_mut()
        .apply(Action::Project(ProjectAction::Open(Some(path))));
    wait(&mut h, "refusal", |app| app.project.notice.is_some());
    let Some(Err(message)) = &h.state().project.notice else {
        panic!("refused expected");
    };
    assert!(
        message.to_string().contains("abime.territoire") && message.to_string().contains("99"),
        "{message}"
    );
    assert_eq!(h.state().layers.len(), 4, "nothing lost");
}

pub(crate) fn harness_with_cache(
    files: Vec<PathBuf>,
    cache: &Path,
) -> Harness<'static, TerritoireApp> {
    let start = StartOptions {
        files,
        no_basemap: true,
        no_demo: true,
        ephemeral: true,
        cache_dir: Some(cache.to_path_buf()),
        language: Some(Language::Fr),
        ..StartOptions::default()
    };
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| TerritoireApp::new(&cc.egui_ctx, start));
    settle(&mut h);
    h
}

#[test]
fn the_autosaved_session_is_offered_back_after_a_crash() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cache = dir.path().join("cache");
    std::fs::create_dir_all(&cache).expect("cache");
    let mut h = harness_with_cache(copy_samples(dir.path()), &cache);
    h.state_mut().map.go_to([-0.58, 47.45], 14.0);
    h.state_mut()
        .apply(Action::Project(ProjectAction::AddBookmark("Lac".into())));
    h.state_mut().autosave_now();
    let file = h.state().autosave_path().expect("an autosave place");
    let deadline = Instant::now() + Duration::from_secs(30);
    while !file.is_file() {
        assert!(Instant::now() < deadline, "autosave not written");
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    // The process dies here (no clean exit): the next start offers the session back.
    drop(h);
    let mut next = harness_with_cache(Vec::new(), &cache);
    wait(&mut next, "offer", |app| app.autosave.offer.is_some());
    next.get_by_label("Reprendre la session précédente ?");
    next.get_by_label("Reprendre la session").click();
    next.run_steps(2);
    wait(&mut next, "restored", |app| {
        app.layers.len() == 4 && !app.is_loading()
    });
    let app = next.state();
    assert_eq!(app.project.bookmarks.len(), 1);
    assert_eq!(app.map.center_zoom().1, 14.0);
    assert!(app.autosave.offer.is_none());

    // Declined, the session is forgotten.
    drop(next);
    let mut again = harness_with_cache(Vec::new(), &cache);
    wait(&mut again, "offer", |app| app.autosave.offer.is_some());
    again.get_by_label("Ignorer").click();
    again.run_steps(2);
    assert!(!file.exists(), "the declined session is removed");
}

#[test]
fn no_secret_ends_up_in_a_saved_project() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = harness(copy_samples(dir.path()));
    // A portal address pasted with credentials and a key in its query.
    let portal = territoire::sources::portal::PortalUrl::parse(
        "https://agent:MotDePasse42@data.angers.fr/api/explore/v2.1/?apikey=CLE-SECRETE-123",
    )
    .expect("portal");
    let id = territoire::app::LayerId(999);
    h.state_mut().layers.push(territoire::app::Layer {
        id,
        name: "Arbres".into(),
        label: None,
        source: territoire::app::LayerSource::Portal {
            portal,
            request: territoire::sources::portal::ExportRequest {
                dataset: "arbres".into(),
                ..Default::default()
            },
        },
        provenance: None,
        state: LayerState::Failed(
            territoire::sources::portal::PortalError::Network(
                territoire::sources::fault::NetFault::Other,
            )
            .into(),
        ),
        dataset: None,
        visible: true,
        style: Default::default(),
        filter: None,
        filter_mode: Default::default(),
        filter_job: None,
        personal: false,
        previous: None,
    });
    let path = dir.path().join("secret.territoire");
    save(&mut h, &path);
    let text = std::fs::read_to_string(&path).expect("saved");
    for secret in ["MotDePasse42", "CLE-SECRETE-123", "apikey", "agent:"] {
        assert!(
            !text.contains(secret),
            "{secret} leaked into the project:\n{text}"
        );
    }
    assert!(
        text.contains("portal = \"https://data.angers.fr\""),
        "{text}"
    );
}

#[test]
fn new_project_and_close_empty_the_session_from_the_file_menu() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = harness(copy_samples(dir.path()));
    h.state_mut()
        .apply(Action::Project(ProjectAction::AddBookmark("Lac".into())));
    h.get_by_label("Fichier").click();
    h.run_steps(2);
    h.get_by_label("Titre du projet…").click();
    h.run_steps(4);
    assert!(h.state().project.title_open, "the title window opens");
    let title = || egui::accesskit::Role::TextInput;
    h.get_by_role_and_label(title(), "Titre du projet").click();
    h.run_steps(1);
    h.get_by_role_and_label(title(), "Titre du projet")
        .type_text("Voirie 2026");
    h.run_steps(2);
    assert_eq!(h.state().project.title, "Voirie 2026");
    h.get_by_label("Terminé").click();
    h.run_steps(2);
    h.get_by_label("Fichier").click();
    h.run_steps(2);
    h.get_by_label("Nouveau projet").click();
    h.run_steps(3);
    let app = h.state();
    assert!(app.layers.is_empty() && app.project.bookmarks.is_empty());
    assert!(app.project.title.is_empty() && app.project.path.is_none());
    assert!(
        h.query_by_label("Bienvenue dans Territoire").is_none(),
        "a new project starts on the empty map"
    );

    h.state_mut()
        .apply(Action::Layers(LayersAction::OpenFiles(copy_samples(
            dir.path(),
        ))));
    settle(&mut h);
    h.get_by_label("Fichier").click();
    h.run_steps(2);
    h.get_by_label("Fermer le projet").click();
    h.run_steps(3);
    assert!(h.state().layers.is_empty());
    h.get_by_label("Bienvenue dans Territoire");
}

#[test]
fn the_title_is_saved_with_the_project() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = harness(copy_samples(dir.path()));
    h.state_mut().apply(Action::Project(ProjectAction::SetTitle(
        "Quartiers prioritaires".into(),
    )));
    let path = dir.path().join("titre.territoire");
    save(&mut h, &path);
    let saved = Project::from_toml(&std::fs::read_to_string(&path).expect("saved")).expect("valid");
    assert_eq!(saved.title, "Quartiers prioritaires");
    assert!(!h.state().has_unsaved_changes());
    h.state_mut()
        .apply(Action::Project(ProjectAction::SetTitle("Autre".into())));
    assert!(h.state().has_unsaved_changes());
}
