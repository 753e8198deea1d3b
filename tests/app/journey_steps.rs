//! The steps journeys are made of, by label: menus, typed fields and paths, keys, filters,
//! portal datasets, and the save, close and reopen every journey ends with.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use territoire::app::action::{Action, ProjectAction};
use territoire::app::{LayerId, LayerState, StartOptions, TerritoireApp};
use territoire::i18n::Language;
use territoire::project::Project;

pub(crate) type H = Harness<'static, TerritoireApp>;

pub(crate) fn sample(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("sample-data")
        .join(name)
}

/// The window as a user starts it where no native file dialog opens; `cache` keeps portal
/// downloads (and the autosave) there.
pub(crate) fn start(cache: Option<&Path>) -> H {
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
pub(crate) fn settled(app: &TerritoireApp) -> bool {
    app.project.reading == 0
        && !app.is_loading()
        && app.layers.iter().all(|l| l.filter_job.is_none())
        && !app.zone_stats.is_computing()
}

pub(crate) fn wait(h: &mut H, what: &str, done: impl Fn(&TerritoireApp) -> bool) {
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
pub(crate) fn menu(h: &mut H, menu: &str, item: &str) {
    h.get_by_label(menu).click();
    h.run_steps(2);
    h.get_all_by_label(item)
        .next()
        .unwrap_or_else(|| panic!("{item} in the menu {menu}"))
        .click();
    h.run_steps(3);
}

/// Types `text` into the field labelled `label`.
pub(crate) fn type_into(h: &mut H, label: &str, text: &str) {
    h.get_by_label(label).click();
    h.run_steps(1);
    h.get_by_label(label).type_text(text);
    h.run_steps(2);
}

/// Presses and releases `key` with `modifiers`.
pub(crate) fn press(h: &mut H, key: Key, modifiers: Modifiers) {
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
pub(crate) fn open_by_path(h: &mut H, item: &str, path: &Path) {
    open_by_typing(h, item, &path.display().to_string());
}

/// [`open_by_path`] with the path typed as `text` (pasted with quotes, say).
pub(crate) fn open_by_typing(h: &mut H, item: &str, text: &str) {
    menu(h, "Fichier", item);
    h.get_by_label("Ouvrir un fichier");
    type_into(h, "Chemin du fichier", text);
    h.get_by_label("Ouvrir").click();
    h.run_steps(3);
    assert!(
        h.query_by_label("Chemin du fichier").is_none(),
        "the path window closes"
    );
}

/// Clicks `item` in the "…" menu of the layer named `layer`.
pub(crate) fn layer_menu(h: &mut H, layer: &str, item: &str) {
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
pub(crate) fn save(h: &mut H, path: &Path) -> Project {
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
pub(crate) fn close_and_reopen(h: &mut H, path: &Path, saved: &Project) {
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
pub(crate) fn type_filter(h: &mut H, nth: usize, layer: LayerId, expression: &str) {
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
pub(crate) fn add_listed(h: &mut H, id: &str) {
    super::portal::add_listed(h, id);
}
