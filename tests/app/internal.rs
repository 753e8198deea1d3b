//! The *Sources internes* panel driven by label against the real test PostGIS on 127.0.0.1:
//! a connection typed in the form, its tables listed and searched, a small table added at once
//! and a large one after the guard rail's choice.

use crate::pg;

use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use territoire::app::internal::TablesState;
use territoire::app::{LayerState, StartOptions, TerritoireApp};
use territoire::i18n::Language;

/// The window on nothing, in French, with the large-table threshold at 1 000 rows.
pub(crate) fn harness() -> Harness<'static, TerritoireApp> {
    let start = StartOptions {
        no_basemap: true,
        no_demo: true,
        ephemeral: true,
        language: Some(Language::Fr),
        ..StartOptions::default()
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        .build_eframe(move |cc| TerritoireApp::new(&cc.egui_ctx, start));
    harness.state_mut().settings.large_dataset_records = 1_000;
    harness.run_steps(2);
    harness
}

/// Steps until `done`, for at most a minute; the panel's listing and the layers are told on failure.
pub(crate) fn wait_until(
    harness: &mut Harness<'static, TerritoireApp>,
    what: &str,
    done: impl Fn(&TerritoireApp) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done(harness.state()) {
        assert!(
            Instant::now() < deadline,
            "{what}: still waiting; listing {:?}, layers {:?}",
            harness.state().internal.tables,
            harness
                .state()
                .layers
                .iter()
                .map(|l| (&l.name, &l.state))
                .collect::<Vec<_>>()
        );
        std::thread::sleep(Duration::from_millis(20));
        harness.step();
    }
    harness.run_steps(3);
}

/// Clicks the field named `label` and types `text` in it.
pub(crate) fn type_into(harness: &mut Harness<'static, TerritoireApp>, label: &str, text: &str) {
    harness.get_by_label(label).click();
    harness.run_steps(1);
    harness.get_by_label(label).type_text(text);
    harness.run_steps(1);
}

#[test]
fn a_connection_typed_in_the_form_lists_and_adds_tables() {
    let server = pg::server();
    let mut h = harness();
    h.get_by_label("Fichier").click();
    h.run_steps(2);
    h.get_by_label("Sources internes…").click();
    h.run_steps(2);
    h.get_by_label_contains("Aucune connexion enregistrée");
    type_into(&mut h, "Nom", "SIG test");
    h.get_by_label("Serveur").click();
    h.run_steps(1);
    h.state_mut().internal.form.host.clear();
    h.state_mut().internal.form.port.clear();
    type_into(&mut h, "Serveur", "127.0.0.1");
    type_into(&mut h, "Port", &server.port.to_string());
    type_into(&mut h, "Base", pg::DATABASE);
    type_into(&mut h, "Utilisateur", pg::USER);
    type_into(&mut h, "Mot de passe", pg::PASSWORD);
    h.state_mut().internal.form.sslmode = territoire::sources::postgis::SslMode::Disable;
    h.get_by_label("Enregistrer la connexion").click();
    h.run_steps(2);
    let saved = &h.state().settings.internal_connections;
    assert_eq!(saved.len(), 1);
    let settings_text = toml::to_string(&h.state().settings).expect("settings");
    assert!(!settings_text.contains(pg::PASSWORD), "{settings_text}");

    h.get_by_label("Parcourir").click();
    h.run_steps(2);
    wait_until(&mut h, "tables", |app| {
        matches!(app.internal.tables, TablesState::Ready(_))
    });
    type_into(&mut h, "Rechercher une table", "quart");
    h.get_by_label("1 table");
    h.get_by_label("Ajouter à la carte").click_accesskit();
    h.run_steps(2);
    wait_until(&mut h, "quartiers", |app| {
        app.layers.len() == 1 && matches!(app.layers[0].state, LayerState::Ready)
    });

    h.state_mut().internal.search.clear();
    type_into(&mut h, "Rechercher une table", "grille");
    h.get_by_label("Compter").click_accesskit();
    h.run_steps(2);
    wait_until(&mut h, "exact count", |app| {
        app.internal.exact_counts.get("demo.grille") == Some(&60_000)
    });
    assert!(h.query_by_label("Compter").is_none(), "counted once");
    h.get_by_label("Ajouter à la carte").click_accesskit();
    h.run_steps(2);
    assert!(
        h.state().internal.large.is_some(),
        "the large table asks first"
    );
    type_into(&mut h, "Filtre", "n <= 500");
    h.get_by_label("Charger avec ce filtre").click_accesskit();
    h.run_steps(2);
    wait_until(&mut h, "grille", |app| {
        app.layers.len() == 2 && matches!(app.layers[1].state, LayerState::Ready)
    });
    let grille = h.state().layers[1].dataset.as_ref().map(|d| d.len());
    assert_eq!(grille, Some(500));
}

/// A project names its connections: the one this machine has loads, the other says which
/// connection to create; saving again keeps both.
#[test]
fn a_project_names_its_connection_and_says_which_is_missing() {
    use territoire::app::action::{Action, ProjectAction};
    use territoire::sources::internal::InternalConnection;
    use territoire::sources::postgis::{PgConnection, SslMode};
    let server = pg::server();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("sig.territoire");
    let layer = |key: &str, connection: &str| {
        format!(
            "[[layers]]\nkey = \"{key}\"\nname = \"{key}\"\npersonal = false\n\n\
             [layers.source]\nkind = \"internal\"\nconnection = \"{connection}\"\nwhere = \"n <= 20\"\n\n\
             [layers.source.table]\nschema = \"demo\"\ntable = \"grille\"\n\n"
        )
    };
    let text = format!(
        "format = \"territoire-project\"\nversion = 1\ntitle = \"SIG\"\n\n{}{}",
        layer("ici", "SIG test"),
        layer("ailleurs", "SIG du service voisin")
    );
    std::fs::write(&path, text).expect("project");
    let mut h = harness();
    h.state_mut().settings.internal_connections = vec![InternalConnection::Postgis(PgConnection {
        name: "SIG test".into(),
        host: "127.0.0.1".into(),
        port: server.port,
        database: pg::DATABASE.into(),
        user: pg::USER.into(),
        sslmode: SslMode::Disable,
        sslrootcert: None,
    })];
    let key = h.state().settings.internal_connections[0].credential_key();
    h.state_mut()
        .remember_internal_password(key, pg::PASSWORD.into());
    h.state_mut()
        .apply(Action::Project(ProjectAction::Open(Some(path.clone()))));
    wait_until(&mut h, "project", |app| {
        app.layers.len() == 2 && !app.is_loading()
    });
    let app = h.state();
    assert_eq!(app.layers[0].dataset.as_ref().map(|d| d.len()), Some(20));
    let LayerState::Failed(error) = &app.layers[1].state else {
        panic!("not failed: {:?}", app.layers[1].state);
    };
    assert!(
        error.to_string().contains("SIG du service voisin"),
        "{error}"
    );
    let saved = toml::to_string(&app.to_project(Some(dir.path()))).expect("saved");
    assert!(
        saved.contains("SIG du service voisin") && saved.contains("n <= 20"),
        "{saved}"
    );
    assert!(!saved.contains(pg::PASSWORD));
}
