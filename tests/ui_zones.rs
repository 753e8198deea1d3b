//! The zone statistics window driven by label: counts per quartier, classes and colours on the
//! map, nearness to green spaces, and live updates when the counted layer's filter changes.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use territoire::action::Action;
use territoire::analysis::zones::zone_table;
use territoire::app::{StartOptions, TerritoireApp};
use territoire::i18n::Language;

fn sample(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("sample-data")
        .join(name)
}

fn wait(
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

fn computed(app: &TerritoireApp) -> bool {
    app.zone_stats.table.is_some() && !app.zone_stats.is_computing()
}

#[test]
fn counts_per_quartier_coloured_on_the_map_and_updated_live() {
    let start = StartOptions {
        files: vec![
            sample("quartiers.geojson"),
            sample("espaces-verts.geojson"),
            sample("adresses.csv"),
        ],
        no_basemap: true,
        no_demo: true,
        ephemeral: true,
        language: Some(Language::Fr),
        ..StartOptions::default()
    };
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_eframe(move |cc| TerritoireApp::new(&cc.egui_ctx, start));
    wait(&mut h, "load", |app| !app.is_loading());
    let data = |h: &Harness<'static, TerritoireApp>, i: usize| {
        h.state().layers[i].dataset.clone().expect("loaded")
    };
    let (quartiers, verts, adresses) = (data(&h, 0), data(&h, 1), data(&h, 2));

    h.get_by_label("Zones").click();
    h.run_steps(2);
    wait(&mut h, "figures", computed);
    h.get_by_label("Statistiques par zone");
    h.get_by_value("Quartiers");
    h.get_by_value("Adresses");
    let expected = zone_table(&quartiers, &adresses, None, None);
    let table = h.state().zone_stats.table.clone().expect("figures");
    assert_eq!(
        table.zones.iter().map(|z| z.count).collect::<Vec<_>>(),
        expected.zones.iter().map(|z| z.count).collect::<Vec<_>>()
    );
    h.get_by_label_contains(&format!(
        "{} objets comptés",
        territoire::app::format_count(expected.total)
    ));
    // Five classes by default, each zone coloured on the map and listed in the ranking.
    assert_eq!(h.state().zone_stats.legend.len(), 5);
    assert_eq!(h.state().zone_stats.fills.len(), quartiers.len());
    let first = &expected.zones[0].name;
    assert!(
        h.query_all_by_label(first).count() >= 1,
        "{first} in the ranking"
    );

    // Natural breaks, three classes.
    h.get_by_value("Quantiles").click();
    h.run_steps(2);
    h.get_by_label("Seuils naturels (Jenks)").click();
    h.run_steps(2);
    assert_eq!(h.state().zone_stats.breaks.len(), 6);

    // Nearness: the share of addresses within 300 m of a green space.
    h.get_by_value("(aucune couche)").click();
    h.run_steps(2);
    h.get_all_by_label("Espaces verts")
        .last()
        .expect("in the list")
        .click();
    h.run_steps(2);
    wait(&mut h, "nearness", |app| {
        computed(app)
            && app
                .zone_stats
                .table
                .as_ref()
                .is_some_and(|t| t.zones[0].near_share.is_some())
    });
    let near = territoire::filter::spatial::near(&adresses, &verts, None, 300.0);
    let expected = zone_table(&quartiers, &adresses, None, Some(&near));
    let table = h.state().zone_stats.table.clone().expect("figures");
    assert_eq!(
        table.zones.iter().map(|z| z.near_share).collect::<Vec<_>>(),
        expected
            .zones
            .iter()
            .map(|z| z.near_share)
            .collect::<Vec<_>>()
    );

    // A filter on the counted layer updates the figures.
    let id = h.state().layers[2].id;
    h.state_mut().apply(Action::OpenFilter(id));
    h.state_mut().apply(Action::EditFilter(Box::new(
        territoire::app::filter::FilterEdit {
            draft: Default::default(),
            typed: Some("numero_adresse <= 5".into()),
            name: String::new(),
            places: Vec::new(),
        },
    )));
    h.run_steps(2);
    wait(&mut h, "filtered figures", |app| {
        computed(app)
            && app
                .zone_stats
                .table
                .as_ref()
                .is_some_and(|t| t.total < adresses.len())
    });
    let mask = h.state().layers[2]
        .filter
        .as_ref()
        .expect("filter")
        .mask
        .clone();
    let expected = zone_table(&quartiers, &adresses, Some(&mask), Some(&near));
    assert_eq!(h.state().zone_stats.table.as_deref(), Some(&expected));
}
