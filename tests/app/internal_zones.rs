//! Zone statistics of a PostGIS table that follows the map: computed in the database over the
//! whole table (not the first rows of the view), with the same figures as on the whole file.

use crate::internal::wait_until;
use crate::internal_follow::{connected, view_read_at};

use egui_kittest::kittest::Queryable;
use territoire::analysis::zones::zone_table;
use territoire::app::action::{Action, LayersAction};
use territoire::jobs::Progress;
use territoire::sources::internal::InternalLayer;
use territoire::sources::postgis::TableRef;

#[test]
fn zone_statistics_of_a_layer_that_follows_the_map_count_the_whole_table() {
    let kit = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let mut h = connected();
    h.state_mut().map.go_to([-0.555, 47.47], 15.0);
    h.run_steps(2);
    h.state_mut()
        .apply(Action::Layers(LayersAction::OpenFiles(vec![
            kit.join("quartiers.geojson"),
        ])));
    wait_until(&mut h, "the districts", |app| {
        app.layers.len() == 1 && !app.is_loading()
    });
    h.state_mut().map.go_to([-0.555, 47.47], 15.0);
    h.run_steps(2);
    let layer = InternalLayer {
        connection: "SIG test".into(),
        table: TableRef::parse("demo.adresses").expect("table"),
        ..InternalLayer::default()
    };
    h.state_mut().add_following_layer("adresses".into(), layer);
    wait_until(&mut h, "the view of the addresses", |app| {
        view_read_at(app, 1)
    });
    let (districts, addresses) = (h.state().layers[0].id, h.state().layers[1].id);
    assert_eq!(h.state().partial_display(addresses), Some(500));
    let panel = &mut h.state_mut().zone_stats;
    panel.zones = Some(districts);
    panel.indicator = Some(addresses);
    h.run_steps(2);
    wait_until(&mut h, "the figures", |app| {
        app.zone_stats.table.is_some() && !app.zone_stats.is_computing()
    });
    assert!(h.state().zone_stats.in_database, "computed in the database");
    let table = h.state().zone_stats.table.clone().expect("figures");
    let load = |file: &str| {
        territoire::sources::load_path(&kit.join(file), &Default::default(), &Progress::default())
            .expect("kit")
    };
    let local = zone_table(
        &load("quartiers.geojson"),
        &load("adresses.csv"),
        None,
        None,
    );
    let counts = |t: &territoire::analysis::zones::ZoneTable| -> Vec<usize> {
        t.zones.iter().map(|z| z.count).collect()
    };
    assert_eq!(counts(&table), counts(&local), "as on the whole file");
    assert!(table.total > 10_000, "the whole table: {}", table.total);
    // Moving the map reads other rows, not other figures.
    h.state_mut().map.go_to([-0.56, 47.46], 16.0);
    h.run_steps(2);
    wait_until(&mut h, "the next view", |app| view_read_at(app, 1));
    h.run_steps(2);
    let after = h.state().zone_stats.table.clone().expect("figures");
    assert!(!h.state().zone_stats.is_computing());
    assert!(std::sync::Arc::ptr_eq(&table, &after), "not computed again");
    h.state_mut().zone_stats.open = true;
    h.run_steps(3);
    h.get_by_label_contains("Calculé dans la base");
}
