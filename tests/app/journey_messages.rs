//! Journey (d), through the window: every fault of the local portal and every bad file shows,
//! on its layer card, a message in French then (the language switched in the preferences) in
//! English, without a library's words or a locale key, with the remedies that fit and no
//! others; saved, closed and opened again, the failed layers are still listed with their note,
//! and opened where the portal no longer answers, each tells a network error.

use crate::server;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui::{Event, Key, Modifiers};
use egui_kittest::kittest::{NodeT, Queryable};
use egui_kittest::{Harness, Node};
use server::{Fault, FaultKind, LocalPortal};
use territoire::app::portal::CatalogState;
use territoire::app::{LayerError, LayerSource, LayerState, StartOptions, TerritoireApp};
use territoire::i18n::{Language, in_language, missing_keys, tr};
use territoire::sources::portal::PortalError;

type H = Harness<'static, TerritoireApp>;

use super::bad_input::LIBRARY_PHRASES;

/// The remedies a card may offer, by locale key.
const REMEDIES: [&str; 4] = [
    "layer-retry",
    "layer-enter-key",
    "layer-set-crs",
    "layer-locate",
];

fn harness(files: Vec<PathBuf>, cache: &Path) -> H {
    let start = StartOptions {
        files,
        cache_dir: Some(cache.to_path_buf()),
        no_basemap: true,
        no_demo: true,
        ephemeral: true,
        no_native_dialogs: true,
        language: Some(Language::Fr),
        ..StartOptions::default()
    };
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| TerritoireApp::new(&cc.egui_ctx, start));
    h.run_steps(2);
    h
}

fn wait(h: &mut H, what: &str, done: impl Fn(&TerritoireApp) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(90);
    while !done(h.state()) {
        assert!(Instant::now() < deadline, "{what}: still waiting");
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    h.run_steps(3);
}

fn all_failed(app: &TerritoireApp, n: usize) -> bool {
    app.layers.len() == n
        && app
            .layers
            .iter()
            .all(|l| matches!(l.state, LayerState::Failed(_)))
}

/// `portal-err-html`: lowercase words joined by dashes, as locale keys are (and words are not).
fn looks_like_a_key(word: &str) -> bool {
    let word = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
    word.matches('-').count() >= 2
        && word
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Fails when `text` holds a library's words, a placeholder or a locale key.
fn check_words(what: &str, text: &str) {
    let lower = text.to_lowercase();
    for phrase in LIBRARY_PHRASES {
        assert!(
            !lower.contains(phrase),
            "{what}: library text “{phrase}” in “{text}”"
        );
    }
    assert!(
        !text.contains('{') && !text.contains('}'),
        "{what}: placeholder left in “{text}”"
    );
    assert!(
        !text.split_whitespace().any(looks_like_a_key),
        "{what}: a locale key instead of words in “{text}”"
    );
}

/// The layer card around `node`: the nearest container holding one layer's visibility box
/// (`None` for a text outside the cards, such as the same words in the portal panel).
fn card_of(node: Node<'_>) -> Option<Node<'_>> {
    let mut at = node;
    loop {
        let boxes = at
            .children_recursive()
            .filter(|n| n.accesskit_node().role() == Role::CheckBox)
            .count();
        match boxes {
            0 => at = at.parent()?,
            1 => return Some(at),
            _ => return None,
        }
    }
}

/// The remedies (locale keys) offered on the card that shows `message`, once per card.
fn remedies_on_cards(h: &H, message: &str) -> Vec<Vec<&'static str>> {
    let texts: Vec<(String, &str)> = REMEDIES.iter().map(|k| (tr(k), *k)).collect();
    let cards: Vec<_> = h
        .root()
        .children_recursive()
        .filter(|n| {
            let node = n.accesskit_node();
            node.label().or(node.value()).as_deref() == Some(message)
        })
        .filter_map(card_of)
        .collect();
    if cards.is_empty() {
        let near: Vec<String> = h
            .root()
            .children_recursive()
            .filter_map(|n| {
                let node = n.accesskit_node();
                let text = format!("{:?} {:?} {:?}", node.role(), node.label(), node.value());
                text.contains(&message[..12]).then_some(text)
            })
            .collect();
        panic!("no card shows “{message}”; near: {near:#?}");
    }
    cards
        .into_iter()
        .map(|card| {
            let mut keys: Vec<&str> = card
                .children_recursive()
                .filter(|n| n.accesskit_node().role() == Role::Button)
                .filter_map(|n| {
                    let label = n.accesskit_node().label()?;
                    texts.iter().find(|(t, _)| *t == label).map(|(_, k)| *k)
                })
                .collect();
            keys.sort_unstable();
            keys
        })
        .collect()
}

/// Every failed layer's card, in the current language: a clean message, the remedies `expect`
/// gives for the layer and no other; the messages made, by layer.
fn check_cards(
    h: &H,
    language: &str,
    expect: impl Fn(&territoire::app::Layer) -> Vec<&'static str>,
) -> Vec<String> {
    let mut messages = Vec::new();
    for layer in &h.state().layers {
        let LayerState::Failed(error) = &layer.state else {
            panic!("{}: not failed: {:?}", layer.name, layer.state);
        };
        let message = error.to_string();
        let what = format!("{} ({language})", layer.name);
        check_words(&what, &message);
        let mut wanted = expect(layer);
        wanted.sort_unstable();
        for found in remedies_on_cards(h, &message) {
            assert_eq!(found, wanted, "{what}: remedies beside “{message}”");
        }
        messages.push(message);
    }
    let labels = std::cell::RefCell::new(Vec::new());
    let _ = h.query_all_by(|node| {
        labels.borrow_mut().extend(node.label());
        false
    });
    for label in labels.borrow().iter() {
        assert!(
            !label.split_whitespace().any(looks_like_a_key),
            "{language}: a locale key on screen: “{label}”"
        );
    }
    assert!(
        missing_keys().is_empty(),
        "keys without text: {:?}",
        missing_keys()
    );
    messages
}

/// Switches the interface language in the preferences, by label (in the current language).
fn switch_to_english(h: &mut H) {
    h.get_by_label("Affichage").click();
    h.run_steps(2);
    h.get_by_label("Préférences…").click();
    h.run_steps(3);
    h.get_by_label("English").click();
    h.run_steps(3);
    h.get_by_label("View").click();
    h.run_steps(2);
    h.get_by_label("Preferences…").click();
    h.run_steps(3);
    assert!(!h.state().settings_open, "the preferences are closed again");
}

fn key(h: &mut H, key: Key, modifiers: Modifiers) {
    for pressed in [true, false] {
        h.input_mut().events.push(Event::Key {
            key,
            physical_key: None,
            pressed,
            repeat: false,
            modifiers,
        });
    }
    h.run_steps(2);
}

/// A File-menu entry that asks a path in the app's window: the path typed, then `confirm`.
fn through_path_window(h: &mut H, entry: &str, path: &Path, confirm: &str) {
    h.get_by_label(&tr("menu-file")).click();
    h.run_steps(2);
    // The empty window's start screen offers the same entries: either does.
    h.get_all_by_label(entry).next().expect("the entry").click();
    h.run_steps(3);
    key(h, Key::A, Modifiers::COMMAND);
    h.input_mut()
        .events
        .push(Event::Text(path.display().to_string()));
    h.run_steps(2);
    h.get_by_label(confirm).click();
    h.run_steps(2);
}

/// Saves, closes (*Fermer le projet*) and opens the project again, all from the File menu.
fn save_close_reopen(h: &mut H, project: &Path) {
    let layers = h.state().layers.len();
    through_path_window(h, &tr("menu-project-save"), project, &tr("path-save"));
    wait(h, "saving", |app| app.project.path.is_some());
    assert!(project.is_file(), "saved");
    h.get_by_label(&tr("menu-file")).click();
    h.run_steps(2);
    h.get_by_label(&tr("menu-project-close")).click();
    h.run_steps(3);
    assert!(h.state().layers.is_empty(), "closed");
    through_path_window(h, &tr("menu-project-open"), project, &tr("path-open"));
    wait(h, "reopened, the layers failing again", |app| {
        all_failed(app, layers)
    });
}

/// The bad files of the message tests, their paths only.
fn bad_files(dir: &Path) -> Vec<PathBuf> {
    super::bad_input::bad_files(dir)
        .into_iter()
        .map(|(_, path)| path)
        .collect()
}

/// What a file's card offers: *Localiser…* for a missing file, the CRS menu for a CRS
/// problem, nothing for a damaged file (it must be mended first).
fn file_remedies(layer: &territoire::app::Layer) -> Vec<&'static str> {
    let LayerSource::File { path, .. } = &layer.source else {
        panic!("{}: a file layer expected", layer.name);
    };
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    match name {
        "absent.geojson" | "absent.shp" => vec!["layer-locate"],
        "scr.geojson" | "metres.geojson" => vec!["layer-set-crs"],
        _ => vec![],
    }
}

#[test]
fn every_bad_file_is_told_on_its_card_in_french_then_english() {
    in_language(Language::Fr, || {
        let dir = tempfile::tempdir().expect("tempdir");
        let files = bad_files(dir.path());
        let n = files.len();
        let mut h = harness(files, dir.path());
        wait(&mut h, "every file refused", |app| all_failed(app, n));
        let french = check_cards(&h, "fr", file_remedies);
        switch_to_english(&mut h);
        let english = check_cards(&h, "en", file_remedies);
        for (fr, en) in french.iter().zip(&english) {
            assert_ne!(fr, en, "the English message is the French one");
        }
        save_close_reopen(&mut h, &dir.path().join("fichiers.territoire"));
        let again = check_cards(&h, "en, reopened", file_remedies);
        assert_eq!(again.len(), n, "every failed layer is listed again");
    });
}

/// Adds the dataset `id` from the listed catalog, again if it is on the map already.
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
    h.run_steps(3);
    if let Some(again) = h.query_by_label("Ajouter une autre fois") {
        again.click();
        h.run_steps(2);
    }
}

fn portal_remedies(layer: &territoire::app::Layer) -> Vec<&'static str> {
    let LayerState::Failed(error) = &layer.state else {
        return vec![];
    };
    if error.needs_key() {
        vec!["layer-retry", "layer-enter-key"]
    } else {
        vec!["layer-retry"]
    }
}

#[test]
fn every_portal_fault_is_told_on_its_card_in_french_then_english() {
    in_language(Language::Fr, || {
        let dir = tempfile::tempdir().expect("tempdir");
        let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample-data");
        let portal = LocalPortal::start(&data, 0).expect("local portal");
        let mut h = harness(Vec::new(), dir.path());
        h.state_mut().settings.portals = vec![portal.url()];
        h.get_by_label("Portail").click();
        h.run_steps(2);
        wait(&mut h, "catalog", |app| {
            matches!(app.portal.state, CatalogState::Ready)
        });
        let faults = [
            (FaultKind::Quota, false),
            (FaultKind::Server, false),
            (FaultKind::Timeout, false),
            (FaultKind::Truncate, false),
            (FaultKind::Html, false),
            (FaultKind::Unauthorized, true),
            (FaultKind::Forbidden, true),
        ];
        for (n, (kind, private)) in faults.into_iter().enumerate() {
            portal.set_fault(Some(Fault { kind, times: None }));
            add_listed(&mut h, "espaces-verts");
            wait(&mut h, &format!("{kind:?}"), |app| all_failed(app, n + 1));
            let layer = h.state().layers.last().expect("added");
            let LayerState::Failed(error) = &layer.state else {
                unreachable!("all failed");
            };
            assert_eq!(error.needs_key(), private, "{kind:?}: {error}");
            check_cards(&h, &format!("fr, {kind:?}"), portal_remedies);
        }
        let french = check_cards(&h, "fr", portal_remedies);
        switch_to_english(&mut h);
        let english = check_cards(&h, "en", portal_remedies);
        for (fr, en) in french.iter().zip(&english) {
            assert_ne!(fr, en, "the English message is the French one");
        }
        // Reopened, every layer asks the portal again: a quick refusal this time.
        portal.set_fault(Some(Fault {
            kind: FaultKind::Unauthorized,
            times: None,
        }));
        let project = dir.path().join("portail.territoire");
        save_close_reopen(&mut h, &project);
        let again = check_cards(&h, "en, reopened", portal_remedies);
        assert_eq!(
            again.len(),
            faults.len(),
            "every failed layer is listed again"
        );

        // The same project where nothing answers any more: a network error on every card.
        let text = std::fs::read_to_string(&project).expect("saved");
        let gone = text.replace(&portal.url(), &closed_port_url());
        assert_ne!(text, gone, "the project names its portal");
        let offline = dir.path().join("hors-ligne.territoire");
        std::fs::write(&offline, gone).expect("written");
        through_path_window(&mut h, &tr("menu-project-open"), &offline, &tr("path-open"));
        wait(&mut h, "the portal unreachable", |app| {
            all_failed(app, faults.len()) && app.project.path.as_deref() == Some(offline.as_path())
        });
        for layer in &h.state().layers {
            assert!(
                matches!(&layer.state, LayerState::Failed(LayerError::Portal(e))
                    if matches!(e.as_ref(), PortalError::Network(_))),
                "{:?}",
                layer.state
            );
        }
        check_cards(&h, "en, portal unreachable", portal_remedies);
    });
}

/// A port on 127.0.0.1 where nothing listens.
fn closed_port_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}
