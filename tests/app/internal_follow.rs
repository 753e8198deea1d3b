//! A PostGIS table too large to load, shown by extent: chosen in the guard rail by label, its
//! rows read again when the map moves, the *affichage partiel* badge shown while the view holds
//! more than the cap and gone when it holds fewer, and a project that reopens it so.

use crate::internal::{harness, type_into, wait_until};
use crate::ogc_servers::servers;
use crate::pg;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use territoire::app::{LayerSource, LayerState, TerritoireApp};
use territoire::sources::internal::InternalConnection;
use territoire::sources::postgis::{PgConnection, SslMode};

const PARTIAL: &str = "Affichage partiel";

/// The harness with the test database saved as « SIG test », its password for the session, and
/// at most 500 features read per view.
pub(crate) fn connected() -> Harness<'static, TerritoireApp> {
    let server = pg::server();
    let mut h = harness();
    let app = h.state_mut();
    app.settings.internal_connections = vec![InternalConnection::Postgis(PgConnection {
        name: "SIG test".into(),
        host: "127.0.0.1".into(),
        port: server.port,
        database: pg::DATABASE.into(),
        user: pg::USER.into(),
        sslmode: SslMode::Disable,
        sslrootcert: None,
    })];
    let key = app.settings.internal_connections[0].credential_key();
    app.remember_internal_password(key, pg::PASSWORD.into());
    app.internal.view_cap = Some(500);
    h
}

/// The grid's lower-left corner and centre in WGS 84, as PostGIS transforms them.
fn grid_corner_and_centre() -> ([f64; 2], [f64; 2]) {
    let row = pg::server()
        .admin()
        .query_one(
            "SELECT ST_X(a), ST_Y(a), ST_X(c), ST_Y(c) FROM (SELECT \
               ST_Transform(ST_SetSRID(ST_MakePoint(ST_XMin(e), ST_YMin(e)), 2154), 4326) AS a, \
               ST_Transform(ST_SetSRID(ST_Centroid(e::geometry), 2154), 4326) AS c \
             FROM (SELECT ST_Extent(geom) AS e FROM demo.grille) x) y",
            &[],
        )
        .expect("grid extent");
    let get = |i| row.get::<_, f64>(i);
    ([get(0), get(1)], [get(2), get(3)])
}

/// The layer's view has been read: nothing pending and the rows are those of the map's view.
pub(crate) fn view_read(app: &TerritoireApp) -> bool {
    view_read_at(app, 0)
}

/// [`view_read`] for the layer at `index`.
pub(crate) fn view_read_at(app: &TerritoireApp, index: usize) -> bool {
    let Some(layer) = app.layers.get(index) else {
        return false;
    };
    let Some(follow) = app.internal.follow.get(&layer.id) else {
        return false;
    };
    matches!(layer.state, LayerState::Ready)
        && follow.pending.is_none()
        && follow.shown == Some(app.map.visible_bbox())
}

fn numbers(app: &TerritoireApp) -> Vec<String> {
    let ds = app.layers[0].dataset.as_ref().expect("rows");
    let n = ds.column("n").expect("n");
    (0..ds.len()).map(|i| n.value(i).to_string()).collect()
}

#[test]
fn a_large_table_follows_the_map_with_a_partial_display_badge() {
    let (corner, centre) = grid_corner_and_centre();
    let mut h = connected();
    h.state_mut().map.go_to(centre, 14.0);
    h.get_by_label("Fichier").click();
    h.run_steps(2);
    h.get_by_label("Sources internes…").click();
    h.run_steps(2);
    h.get_by_label("Parcourir").click();
    h.run_steps(2);
    wait_until(&mut h, "tables", |app| {
        matches!(
            app.internal.tables,
            territoire::app::internal::TablesState::Ready(_)
        )
    });
    type_into(&mut h, "Rechercher une table", "grille");
    h.get_by_label("Ajouter à la carte").click_accesskit();
    h.run_steps(2);
    h.get_by_label("Seulement la vue (suit la carte)")
        .click_accesskit();
    h.run_steps(2);
    wait_until(&mut h, "the first view", view_read);
    let id = h.state().layers[0].id;
    assert_eq!(h.state().partial_display(id), Some(500));
    assert_eq!(numbers(h.state()).len(), 500);
    h.run_steps(2);
    let badges = h.query_all_by_label_contains(PARTIAL).count();
    assert!(badges >= 2, "on the card and on the map: {badges}");
    // The card's badge, and the map's naming the layer.
    h.get_by_label("⚠ Affichage partiel : 500 premiers objets de la vue");
    h.get_by_label("⚠ grille — Affichage partiel : 500 premiers objets de la vue");
    // Its tooltip says how to see everything.
    h.get_by_label("⚠ Affichage partiel : 500 premiers objets de la vue")
        .hover();
    // egui shows a tooltip once the pointer has rested a moment.
    for _ in 0..40 {
        std::thread::sleep(std::time::Duration::from_millis(25));
        h.step();
    }
    h.get_by_label_contains("zoomez, ou filtrez la couche");
    let first = numbers(h.state());

    // Close to the grid's corner, the view holds fewer features than the cap.
    let near = [corner[0] + 0.0005, corner[1] + 0.0005];
    h.state_mut().map.go_to(near, 18.0);
    h.run_steps(2);
    wait_until(&mut h, "the view near the corner", |app| {
        view_read(app) && app.partial_display(id).is_none()
    });
    let second = numbers(h.state());
    assert!(!second.is_empty() && second.len() < 500, "{}", second.len());
    assert_ne!(first, second, "the rows changed with the view");
    let ds = h.state().layers[0].dataset.clone().expect("rows");
    let view = h.state().map.visible_bbox();
    assert_eq!(ds.count_in_bbox(view), ds.len(), "every row is in view");
    h.run_steps(2);
    assert_eq!(h.query_all_by_label_contains(PARTIAL).count(), 0);

    // Back over the whole grid: partial again.
    h.state_mut().map.go_to(centre, 14.0);
    h.run_steps(2);
    wait_until(&mut h, "the whole grid again", |app| {
        view_read(app) && app.partial_display(id).is_some()
    });
    assert_eq!(
        numbers(h.state()),
        first,
        "the same view gives the same rows"
    );
}

#[test]
fn a_project_reopens_a_layer_that_follows_the_map() {
    use territoire::app::action::{Action, ProjectAction};
    let (_, centre) = grid_corner_and_centre();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("vue.territoire");
    let mut h = connected();
    h.state_mut().map.go_to(centre, 14.0);
    h.run_steps(2);
    h.state_mut().internal.large = None;
    let layer = territoire::sources::internal::InternalLayer {
        connection: "SIG test".into(),
        table: territoire::sources::postgis::TableRef::parse("demo.grille").expect("table"),
        filter: Some("n <= 30000".into()),
        ..Default::default()
    };
    h.state_mut().add_following_layer("grille".into(), layer);
    wait_until(&mut h, "the first view", view_read);
    let project = h.state().to_project(Some(dir.path()));
    let text = toml::to_string(&project).expect("saved");
    assert!(text.contains("follows_map = true"), "{text}");
    std::fs::write(&path, text).expect("project");

    let mut h = connected();
    h.state_mut()
        .apply(Action::Project(ProjectAction::Open(Some(path))));
    wait_until(&mut h, "the reopened view", |app| {
        view_read(app) && !app.is_loading()
    });
    let app = h.state();
    let LayerSource::Internal(internal) = &app.layers[0].source else {
        panic!("not internal: {:?}", app.layers[0].source);
    };
    assert!(internal.follows_map);
    assert_eq!(internal.filter.as_deref(), Some("n <= 30000"));
    let ds = app.layers[0].dataset.as_ref().expect("rows");
    assert_eq!(ds.len(), 500);
    assert_eq!(app.partial_display(app.layers[0].id), Some(500));
}

/// Opens the panel on the saved WFS, asks to add its addresses and waits for the guard rail.
fn ask_for_addresses(h: &mut Harness<'static, TerritoireApp>) {
    h.get_by_label("Ajouter à la carte").click_accesskit();
    h.run_steps(2);
    wait_until(h, "the guard rail", |app| app.internal.large.is_some());
    h.get_by_label_contains("« Adresses » compte");
}

#[test]
fn a_large_wfs_feature_type_asks_first_then_follows_the_map_or_loads_a_filter() {
    use territoire::sources::internal::ServiceConnection;
    let mut h = harness();
    h.state_mut().settings.internal_connections =
        vec![InternalConnection::Wfs(ServiceConnection {
            name: "WFS SIG".into(),
            url: servers().wfs.clone(),
        })];
    h.state_mut().internal.view_cap = Some(100);
    h.state_mut().map.go_to([-0.555, 47.47], 15.0);
    h.get_by_label("Fichier").click();
    h.run_steps(2);
    h.get_by_label("Sources internes…").click();
    h.run_steps(2);
    h.get_by_label("Parcourir").click();
    h.run_steps(2);
    wait_until(&mut h, "feature types", |app| {
        matches!(
            app.internal.tables,
            territoire::app::internal::TablesState::Items(_)
        )
    });
    type_into(&mut h, "Rechercher une collection", "adress");
    ask_for_addresses(&mut h);
    h.get_by_label("Seulement la vue (suit la carte)")
        .click_accesskit();
    h.run_steps(2);
    wait_until(&mut h, "the view of the addresses", view_read);
    let id = h.state().layers[0].id;
    assert_eq!(h.state().partial_display(id), Some(100));
    h.run_steps(2);
    h.get_by_label("⚠ Adresses — Affichage partiel : 100 premiers objets de la vue");

    ask_for_addresses(&mut h);
    type_into(&mut h, "Filtre", r#"libelle_adresse = "Rue Lenepveu""#);
    h.get_by_label("Charger avec ce filtre").click_accesskit();
    h.run_steps(2);
    wait_until(&mut h, "the filtered addresses", |app| {
        app.layers.len() == 2 && matches!(app.layers[1].state, LayerState::Ready)
    });
    let ds = h.state().layers[1].dataset.clone().expect("rows");
    let street = ds.column("libelle_adresse").expect("street");
    assert!(ds.len() > 10 && ds.len() < 1_000, "{}", ds.len());
    assert!((0..ds.len()).all(|i| street.value(i).to_string() == "Rue Lenepveu"));
    assert_eq!(h.state().partial_display(h.state().layers[1].id), None);
}

/// A filter that hides (and prints as SQL) goes with the view's reads: the cap counts the
/// features it keeps, not the first of the whole table.
#[test]
fn the_layer_filter_goes_with_the_view_read_so_the_cap_counts_kept_features() {
    use territoire::app::action::{Action, FilterAction};
    use territoire::app::filter::FilterEdit;
    let (_, centre) = grid_corner_and_centre();
    let mut h = connected();
    h.state_mut().map.go_to(centre, 13.0);
    h.run_steps(2);
    let layer = territoire::sources::internal::InternalLayer {
        connection: "SIG test".into(),
        table: territoire::sources::postgis::TableRef::parse("demo.grille").expect("table"),
        ..Default::default()
    };
    h.state_mut().add_following_layer("grille".into(), layer);
    wait_until(&mut h, "the first view", view_read);
    let id = h.state().layers[0].id;
    assert_eq!(h.state().partial_display(id), Some(500));
    let filter = "n > 59800";
    h.state_mut().apply(Action::Filter(FilterAction::Open(id)));
    h.state_mut()
        .apply(Action::Filter(FilterAction::Edit(Box::new(FilterEdit {
            draft: Default::default(),
            typed: Some(filter.into()),
            name: String::new(),
            places: Vec::new(),
        }))));
    wait_until(&mut h, "the filtered view", |app| {
        view_read(app)
            && app.internal.follow.get(&id).and_then(|f| f.sent.as_deref()) == Some(filter)
            && app.layers[0].filter.is_some()
    });
    let rows = numbers(h.state());
    assert_eq!(
        rows.len(),
        200,
        "the 200 kept features, not the first 500 of the grid"
    );
    assert!(
        rows.iter()
            .all(|n| n.parse::<i64>().is_ok_and(|n| n > 59_800))
    );
    assert_eq!(h.state().partial_display(id), None);
    assert_eq!(
        h.state().layers[0].filter.as_ref().map(|f| f.count),
        Some(200)
    );
}
