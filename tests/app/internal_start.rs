//! The window started on an internal server (`--internal ADDRESS`): the *Sources internes*
//! panel opens on it and lists its tables (the real test PostGIS) or feature types (the real
//! MapServer WFS) at once, searching for the one the address names.

use crate::ogc_servers::servers;
use crate::pg;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use territoire::app::internal::TablesState;
use territoire::app::{StartOptions, TerritoireApp};
use territoire::i18n::Language;

use crate::internal::wait_until;

/// The window on nothing, in French, started with `--internal address`.
fn started_on(address: &str) -> Harness<'static, TerritoireApp> {
    let start = StartOptions {
        no_basemap: true,
        no_demo: true,
        ephemeral: true,
        language: Some(Language::Fr),
        internal: Some(address.to_owned()),
        ..StartOptions::default()
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        .build_eframe(move |cc| TerritoireApp::new(&cc.egui_ctx, start));
    harness.run_steps(2);
    harness
}

#[test]
fn starting_on_a_database_lists_its_tables() {
    let server = pg::server();
    let address = format!(
        "postgresql://{}:{}@127.0.0.1:{}/{}?sslmode=disable",
        pg::USER,
        pg::PASSWORD,
        server.port,
        pg::DATABASE
    );
    let mut h = started_on(&address);
    assert!(h.state().internal.open);
    wait_until(&mut h, "tables", |app| {
        matches!(app.internal.tables, TablesState::Ready(_))
    });
    let name = format!(
        "postgresql://{}@127.0.0.1:{}/{}",
        pg::USER,
        server.port,
        pg::DATABASE
    );
    h.get_by_label(&format!("Tables de « {name} »"));
    for table in ["demo.quartiers", "demo.adresses", "demo.grille"] {
        h.get_by_label(table);
    }
    assert!(h.query_by_label_contains("Lecture des tables").is_none());
    let saved = toml::to_string(&h.state().settings).expect("settings");
    assert!(saved.contains(&name), "{saved}");
    assert!(!saved.contains(pg::PASSWORD), "{saved}");
}

#[test]
fn a_table_in_the_address_is_searched_for() {
    let server = pg::server();
    let address = format!(
        "postgresql://{}:{}@127.0.0.1:{}/{}?sslmode=disable&table=demo.grille",
        pg::USER,
        pg::PASSWORD,
        server.port,
        pg::DATABASE
    );
    let mut h = started_on(&address);
    wait_until(&mut h, "tables", |app| {
        matches!(app.internal.tables, TablesState::Ready(_))
    });
    h.get_by_label("1 table");
    h.get_by_label("demo.grille");
    assert!(h.query_by_label("demo.quartiers").is_none());
}

#[test]
fn starting_on_a_wfs_lists_its_feature_types() {
    let address = format!("{}?SERVICE=WFS&REQUEST=GetCapabilities", servers().wfs);
    let mut h = started_on(&address);
    wait_until(&mut h, "feature types", |app| {
        matches!(app.internal.tables, TablesState::Items(_))
    });
    h.get_by_label("3 collections");
    h.get_by_label("Quartiers");
}

#[test]
fn an_unreadable_address_says_so_in_the_panel() {
    let h = started_on("postgresql://sig.example.org/sig?sslmode=peut-etre");
    assert!(h.state().internal.open);
    assert!(h.state().settings.internal_connections.is_empty());
    h.get_by_label_contains("sslmode vaut disable");
    h.get_by_label_contains("Aucune connexion enregistrée");
}

#[test]
fn a_collection_address_opens_its_service_and_searches_for_it() {
    let address = format!("{}/collections/quartiers", servers().pygeoapi);
    let mut h = started_on(&address);
    wait_until(&mut h, "collections", |app| {
        matches!(app.internal.tables, TablesState::Items(_))
    });
    h.get_by_label("1 collection");
    h.get_by_label("Quartiers");
}
