//! Files that hold several layers: a GeoPackage asks which tables to open, each becomes a layer
//! named after the file and the table, and a saved project reopens the same tables.

use std::path::PathBuf;

use egui_kittest::kittest::Queryable;
use territoire::app::action::{Action, ProjectAction};
use territoire::jobs::Progress;
use territoire::sources::open::{LoadOptions, load_path};

use super::project::{harness, save, settle, wait};

fn sample(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("sample-data")
        .join(name)
}

#[test]
fn a_geopackage_asks_which_tables_to_open_and_the_project_keeps_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let kit = dir.path().join("kit.gpkg");
    let load = |name: &str| {
        load_path(&sample(name), &LoadOptions::default(), &Progress::default()).expect("sample")
    };
    let (quartiers, heritage) = (load("quartiers.geojson"), load("patrimoine.shp"));
    territoire::sources::gpkg::write_gpkg(
        &kit,
        &[("quartiers", &quartiers), ("patrimoine", &heritage)],
    )
    .expect("kit");

    let mut h = harness(vec![kit.clone()]);
    // The tables are listed in the background, then offered.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while h.query_by_label("Couches de kit.gpkg").is_none() {
        assert!(std::time::Instant::now() < deadline, "no choice offered");
        std::thread::sleep(std::time::Duration::from_millis(10));
        h.step();
    }
    assert!(
        h.state().layers.is_empty(),
        "nothing opens before the choice"
    );
    h.get_by_label("quartiers (10 objets)").click();
    h.run_steps(2);
    h.get_by_label("Ouvrir la couche cochée").click();
    h.run_steps(2);
    settle(&mut h);
    let layers = &h.state().layers;
    assert_eq!(layers.len(), 1);
    assert_eq!(layers[0].name, "Kit — patrimoine");
    assert_eq!(layers[0].dataset.as_ref().map(|d| d.len()), Some(80));
    assert!(h.query_by_label("Couches de kit.gpkg").is_none());

    let project = dir.path().join("kit.territoire");
    save(&mut h, &project);
    let mut other = harness(Vec::new());
    other
        .state_mut()
        .apply(Action::Project(ProjectAction::Open(Some(project))));
    wait(&mut other, "reopened", |app| {
        app.layers.len() == 1 && !app.is_loading()
    });
    let layer = &other.state().layers[0];
    assert_eq!(layer.name, "Kit — patrimoine");
    assert_eq!(layer.dataset.as_ref().map(|d| d.len()), Some(80));
}
