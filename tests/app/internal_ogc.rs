//! The *Sources internes* panel with OGC services, driven by label against the real pygeoapi
//! (OGC API Features) and MapServer (WFS) on 127.0.0.1: a connection typed in the form, its
//! collections listed and searched, one added to the map with all its features; a project
//! naming such a layer reloads it.

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use territoire::app::internal::TablesState;
use territoire::app::{LayerState, TerritoireApp};

use crate::internal::{harness, type_into, wait_until};
use crate::ogc_servers::servers;

/// The districts as the servers serve them.
fn district_count() -> usize {
    let dataset = territoire::sources::load_path(
        &servers().data.join("quartiers.geojson"),
        &territoire::sources::LoadOptions::default(),
        &territoire::jobs::Progress::default(),
    )
    .expect("districts");
    dataset.len()
}

/// Types a connection of `kind` to `url`, browses it, searches the districts (their details
/// showing `crs` and the extent) and adds them.
fn add_districts_through(kind: &str, url: &str, crs: &str) -> Harness<'static, TerritoireApp> {
    let mut h = harness();
    h.get_by_label("Fichier").click();
    h.run_steps(2);
    h.get_by_label("Sources internes…").click();
    h.run_steps(2);
    h.get_by_label_contains("Aucune connexion enregistrée");
    h.get_by_label(kind).click();
    h.run_steps(2);
    assert!(h.query_by_label("Serveur").is_none(), "no PostGIS field");
    type_into(&mut h, "Nom", "Services SIG");
    type_into(&mut h, "Adresse du service", url);
    h.get_by_label("Enregistrer la connexion").click();
    h.run_steps(2);
    assert_eq!(h.state().settings.internal_connections.len(), 1);
    let settings = toml::to_string(&h.state().settings).expect("settings");
    assert!(settings.contains(url), "{settings}");

    h.get_by_label("Parcourir").click();
    h.run_steps(2);
    wait_until(&mut h, "collections", |app| {
        matches!(app.internal.tables, TablesState::Items(_))
    });
    h.get_by_label("3 collections");
    type_into(&mut h, "Rechercher une collection", "quart");
    h.get_by_label("1 collection");
    h.get_by_label("Quartiers");
    let node = h.get_by_label_contains(crs);
    let node = node.accesskit_node();
    let details = node.label().or(node.value()).unwrap_or_default();
    assert!(
        details.contains("quartiers") && details.contains("[-0."),
        "{details}"
    );
    h.get_by_label("Ajouter à la carte").click_accesskit();
    h.run_steps(2);
    wait_until(&mut h, "districts", |app| {
        app.layers.len() == 1 && matches!(app.layers[0].state, LayerState::Ready)
    });
    let loaded = h.state().layers[0].dataset.as_ref().map(|d| d.len());
    assert_eq!(loaded, Some(district_count()));
    assert_eq!(h.state().layers[0].name, "Quartiers");
    h
}

#[test]
fn an_ogc_api_connection_lists_and_adds_a_collection() {
    let h = add_districts_through("OGC API Features", &servers().pygeoapi, "CRS84");
    let project = toml::to_string(&h.state().to_project(None)).expect("project");
    assert!(project.contains("Services SIG"), "{project}");
}

#[test]
fn a_wfs_connection_lists_and_adds_a_feature_type() {
    let url = format!("{}?SERVICE=WFS&REQUEST=GetCapabilities", servers().wfs);
    add_districts_through("WFS", &url, "EPSG:4326");
}

#[test]
fn a_wrong_service_address_says_so_in_the_panel() {
    let mut h = harness();
    h.state_mut().settings.internal_connections =
        vec![territoire::sources::internal::InternalConnection::Ogcapi(
            territoire::sources::internal::ServiceConnection {
                name: "Ailleurs".into(),
                url: format!("{}/nulle-part", servers().pygeoapi),
            },
        )];
    h.get_by_label("Fichier").click();
    h.run_steps(2);
    h.get_by_label("Sources internes…").click();
    h.run_steps(2);
    h.get_by_label("Parcourir").click();
    h.run_steps(2);
    wait_until(&mut h, "error", |app| {
        matches!(app.internal.tables, TablesState::ItemsFailed(_))
    });
    h.get_by_label_contains("n'existe pas sur ce service");
    assert!(h.query_by_label_contains("Ajouter à la carte").is_none());
}

/// A project naming a WFS layer of a saved connection reloads it.
#[test]
fn a_project_reloads_a_layer_of_a_saved_service() {
    use territoire::app::action::{Action, ProjectAction};
    use territoire::sources::internal::{InternalConnection, ServiceConnection};
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("services.territoire");
    let text = "format = \"territoire-project\"\nversion = 1\ntitle = \"OGC\"\n\n\
        [[layers]]\nkey = \"q\"\nname = \"Quartiers\"\npersonal = false\n\n\
        [layers.source]\nkind = \"internal\"\nconnection = \"WFS SIG\"\n\n\
        [layers.source.table]\nschema = \"\"\ntable = \"quartiers\"\n";
    std::fs::write(&path, text).expect("project");
    let mut h = harness();
    h.state_mut().settings.internal_connections =
        vec![InternalConnection::Wfs(ServiceConnection {
            name: "WFS SIG".into(),
            url: servers().wfs.clone(),
        })];
    h.state_mut()
        .apply(Action::Project(ProjectAction::Open(Some(path))));
    wait_until(&mut h, "project", |app| {
        app.layers.len() == 1 && !app.is_loading()
    });
    let loaded = h.state().layers[0].dataset.as_ref().map(|d| d.len());
    assert_eq!(
        loaded,
        Some(district_count()),
        "{:?}",
        h.state().layers[0].state
    );
}
