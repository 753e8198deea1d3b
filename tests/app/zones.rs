//! The zone statistics window driven by label: counts per quartier, classes and colours on the
//! map, nearness to green spaces, live updates when the counted layer's filter changes, the rate
//! per 1 000 addresses and a field's mean, statistical secrecy and the export of the table, the
//! least served zones and the filter beyond the distance.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use territoire::analysis::zones::{ZoneOptions, zone_figures, zone_table};
use territoire::app::action::{Action, FilterAction, LayersAction, ZonesAction};
use territoire::app::{LayerId, StartOptions, TerritoireApp};
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
    h.state_mut().apply(Action::Filter(FilterAction::Open(id)));
    h.state_mut()
        .apply(Action::Filter(FilterAction::Edit(Box::new(
            territoire::app::filter::FilterEdit {
                draft: Default::default(),
                typed: Some("numero_adresse <= 5".into()),
                name: String::new(),
                places: Vec::new(),
            },
        ))));
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
    // The address layer is loaded: its (filtered) addresses are counted per zone too.
    let expected = zone_figures(
        &quartiers,
        &adresses,
        Some(&mask),
        &ZoneOptions {
            near: Some(&near),
            field: None,
            addresses: Some((&adresses, Some(&mask))),
        },
    );
    assert_eq!(h.state().zone_stats.table.as_deref(), Some(&expected));
}

fn harness(files: &[&str]) -> Harness<'static, TerritoireApp> {
    let start = StartOptions {
        files: files.iter().map(|f| sample(f)).collect(),
        no_basemap: true,
        no_demo: true,
        ephemeral: true,
        language: Some(Language::Fr),
        ..StartOptions::default()
    };
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        .build_eframe(move |cc| TerritoireApp::new(&cc.egui_ctx, start));
    wait(&mut h, "load", |app| !app.is_loading());
    h.get_by_label("Zones").click();
    h.run_steps(2);
    wait(&mut h, "figures", computed);
    h
}

/// Picks `item` in the combo box that shows `value`.
fn choose(h: &mut Harness<'static, TerritoireApp>, value: &str, item: &str) {
    h.get_by_value(value).click();
    h.run_steps(2);
    h.get_all_by_label(item)
        .last()
        .expect("in the list")
        .click();
    h.run_steps(2);
}

fn data(
    h: &Harness<'static, TerritoireApp>,
    i: usize,
) -> std::sync::Arc<territoire::data::Dataset> {
    h.state().layers[i].dataset.clone().expect("loaded")
}

#[test]
fn heritage_per_1000_addresses_and_its_mean_century_per_quartier() {
    let mut h = harness(&["quartiers.geojson", "adresses.csv", "patrimoine.shp"]);
    let (quartiers, adresses, patrimoine) = (data(&h, 0), data(&h, 1), data(&h, 2));
    // Addresses are counted first; count the heritage instead.
    choose(&mut h, "Adresses", "Patrimoine");
    wait(&mut h, "heritage figures", |app| {
        computed(app) && app.zone_stats.table.as_ref().is_some_and(|t| t.total == 80)
    });
    choose(&mut h, "nombre d'objets", "pour 1 000 adresses");
    wait(&mut h, "classes", |app| {
        app.zone_stats.measure == territoire::app::zones::Measure::Per1000Addresses
            && !app.zone_stats.legend.is_empty()
    });
    let expected = zone_figures(
        &quartiers,
        &patrimoine,
        None,
        &ZoneOptions {
            addresses: Some((&adresses, None)),
            ..ZoneOptions::default()
        },
    );
    let table = h.state().zone_stats.table.clone().expect("figures");
    assert_eq!(
        table
            .zones
            .iter()
            .map(|z| z.per_1000_addresses)
            .collect::<Vec<_>>(),
        expected
            .zones
            .iter()
            .map(|z| z.per_1000_addresses)
            .collect::<Vec<_>>()
    );
    let first = &expected.zones[0];
    let rate = first.count as f64 * 1000.0 / first.addresses.expect("addresses") as f64;
    assert_eq!(first.per_1000_addresses, Some(rate));
    h.get_by_label(&format!("{rate:.1}").replace('.', ","));

    // The mean century of the heritage per quartier; none where there is none.
    choose(&mut h, "(aucun)", "siecle");
    wait(&mut h, "field figures", |app| {
        computed(app)
            && app
                .zone_stats
                .table
                .as_ref()
                .is_some_and(|t| t.field.as_deref() == Some("siecle"))
    });
    choose(&mut h, "pour 1 000 adresses", "moyenne de siecle");
    h.run_steps(2);
    let table = h.state().zone_stats.table.clone().expect("figures");
    let siecle = patrimoine.column("siecle").expect("siecle");
    let expected = zone_figures(
        &quartiers,
        &patrimoine,
        None,
        &ZoneOptions {
            field: Some(siecle),
            ..ZoneOptions::default()
        },
    );
    assert_eq!(
        table
            .zones
            .iter()
            .map(|z| (z.sum, z.mean))
            .collect::<Vec<_>>(),
        expected
            .zones
            .iter()
            .map(|z| (z.sum, z.mean))
            .collect::<Vec<_>>()
    );
    let mean = expected.zones[0].mean.expect("a mean");
    h.get_by_label(&format!("{mean:.2}").replace('.', ","));
    assert!(
        expected.zones.iter().any(|z| z.mean.is_none()),
        "a quartier without heritage"
    );
    assert!(h.query_all_by_label("—").count() >= 1, "no mean shown as —");
}

#[test]
fn a_personal_layer_shows_small_counts_as_below_the_threshold() {
    let mut h = harness(&["quartiers.geojson", "patrimoine.shp"]);
    let table = h.state().zone_stats.table.clone().expect("figures");
    assert_eq!(table.total, 80, "the heritage is counted");
    let small = table
        .zones
        .iter()
        .filter(|z| (1..11).contains(&z.count))
        .count();
    assert!(small > 0);
    // No address layer: no rate per 1 000 addresses offered.
    h.get_by_value("nombre d'objets").click();
    h.run_steps(2);
    assert!(h.query_by_label("pour 1 000 adresses").is_none());
    h.get_by_label("part du total").click();
    h.run_steps(2);
    assert!(h.query_by_label("< 11").is_none());

    // The heritage layer (top of the list) holds personal data.
    h.get_by_label("Actions sur la couche (Patrimoine)").click();
    h.run_steps(2);
    h.get_by_label("Données personnelles (secret statistique)")
        .click();
    h.run_steps(3);
    assert!(h.state().layers[1].personal);
    // Shares of hidden counts are withheld; counts show "< 11".
    assert_eq!(h.get_all_by_label("secret").count(), small);
    choose(&mut h, "part du total", "nombre d'objets");
    assert_eq!(h.get_all_by_label("< 11").count(), small);
    h.get_by_label(&format!("secret statistique ({small} zones)"));

    // The table exported for a spreadsheet, secrecy applied.
    h.get_by_label("Exporter le tableau (CSV)");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("zones.csv");
    h.state_mut()
        .apply(Action::Zones(ZonesAction::ExportTable(Some(path.clone()))));
    wait(&mut h, "export", |app| app.zone_stats.notice.is_some());
    h.get_by_label_contains(&format!("{} zones exportées dans", table.zones.len()));
    let text = std::fs::read_to_string(&path).expect("exported");
    assert!(text.starts_with("\u{feff}id;nom;nombre;part;par_km2;part_proche\r\n"));
    assert_eq!(text.matches(";< 11;secret;secret;").count(), small);
}

/// Filters `layer` with an expression typed in the filter window.
fn set_typed_filter(h: &mut Harness<'static, TerritoireApp>, layer: LayerId, typed: &str) {
    h.state_mut()
        .apply(Action::Filter(FilterAction::Open(layer)));
    h.state_mut()
        .apply(Action::Filter(FilterAction::Edit(Box::new(
            territoire::app::filter::FilterEdit {
                draft: Default::default(),
                typed: Some(typed.into()),
                name: String::new(),
                places: Vec::new(),
            },
        ))));
    h.state_mut().apply(Action::Filter(FilterAction::Close));
}

#[test]
fn a_lone_small_count_withholds_a_second_count_so_that_it_cannot_be_derived() {
    let communes = "../../shared/data/angers/communes-2014.geojson";
    let mut h = harness(&[communes, "patrimoine.shp"]);
    let heritage = h.state().layers[1].id;
    // Heritage of Angers up to the 17th century: 34 in Angers, 2 in a neighbour (on the border).
    set_typed_filter(&mut h, heritage, "commune = 'Angers' and siecle <= 17");
    wait(&mut h, "filtered figures", |app| {
        computed(app) && app.zone_stats.table.as_ref().is_some_and(|t| t.total == 36)
    });
    h.get_by_label("34");
    h.state_mut()
        .apply(Action::Layers(LayersAction::SetPersonal(heritage, true)));
    h.run_steps(3);
    // The 2 reads "< 11"; 36 − 34 would give it away, so Angers' 34 is withheld.
    assert_eq!(h.get_all_by_label("< 11").count(), 1);
    assert_eq!(h.get_all_by_label("secret").count(), 1);
    assert!(h.query_by_label("34").is_none());
    h.get_by_label("secret statistique (2 zones)");
    h.get_by_label_contains("36 objets comptés, 0 hors de toute zone");

    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("zones.csv");
    h.state_mut()
        .apply(Action::Zones(ZonesAction::ExportTable(Some(path.clone()))));
    wait(&mut h, "export", |app| app.zone_stats.notice.is_some());
    let text = std::fs::read_to_string(&path).expect("exported");
    let row = text.lines().find(|l| l.contains(";Angers;")).expect("row");
    assert!(row.ends_with(";secret;secret;secret;"), "{row}");
    assert_eq!(text.matches(";< 11;secret;secret;").count(), 1);
    // The file says which objects were counted and what the shares are shares of.
    assert!(text.contains("\r\ncouche comptée;Patrimoine;"), "{text}");
    assert!(text.contains("\r\nfiltre;commune = 'Angers' and siecle <= 17;"));
    assert!(text.contains("y compris ceux qui ne sont dans aucune zone"));

    // Six monuments of the 16th century: the total itself is a small count, withheld.
    set_typed_filter(&mut h, heritage, "siecle = 16");
    wait(&mut h, "16th century", |app| {
        computed(app) && app.zone_stats.table.as_ref().is_some_and(|t| t.total == 6)
    });
    h.get_by_label("total secret, 0 hors de toute zone");

    // No longer personal: every count again.
    h.state_mut()
        .apply(Action::Layers(LayersAction::SetPersonal(heritage, false)));
    h.run_steps(3);
    assert_eq!(h.query_all_by_label("secret").count(), 0);
    h.get_by_label("6 objets comptés, 0 hors de toute zone");
}

#[test]
fn least_served_quartiers_and_the_addresses_beyond_the_distance() {
    let mut h = harness(&["quartiers.geojson", "espaces-verts.geojson", "adresses.csv"]);
    let (verts, adresses) = (data(&h, 1), data(&h, 2));
    assert!(
        h.query_by_label("Zones les moins bien desservies")
            .is_none()
    );
    choose(&mut h, "(aucune couche)", "Espaces verts");
    wait(&mut h, "nearness", |app| {
        computed(app) && app.zone_stats.table.as_ref().is_some_and(|t| t.near_asked)
    });
    h.get_by_label("Zones les moins bien desservies");
    let table = h.state().zone_stats.table.clone().expect("figures");
    let worst = territoire::analysis::served::worst_served(&table, 5, None);
    assert_eq!(worst.len(), 5);
    for &i in &worst {
        let z = &table.zones[i];
        // In the ranking and in the list.
        assert!(h.query_all_by_label(&z.name).count() >= 2, "{}", z.name);
        let beyond = z.beyond.expect("beyond");
        let beyond = territoire::app::format_count(beyond);
        assert!(h.query_all_by_label(&beyond).count() >= 1, "{beyond}");
    }

    h.get_by_label("Voir les adresses au-delà de 300 m")
        .click_accesskit();
    h.run_steps(3);
    let far = territoire::filter::spatial::far(&adresses, &verts, None, 300.0);
    let filter = h.state().layers[2].filter.clone().expect("a filter");
    assert_eq!(filter.count, far.count_ones());
    assert_eq!(filter.name, "à plus de 300 m de Espaces verts");
}

#[test]
fn more_indicator_layers_are_counted_side_by_side() {
    let mut h = harness(&[
        "quartiers.geojson",
        "espaces-verts.geojson",
        "adresses.csv",
        "patrimoine.shp",
    ]);
    let (quartiers, verts, sites) = (data(&h, 0), data(&h, 1), data(&h, 3));
    // Addresses are counted; heritage sites and green spaces are ticked as well.
    assert_eq!(h.state().zone_stats.indicator, Some(h.state().layers[2].id));
    h.get_by_label("Compter aussi la couche Patrimoine").click();
    h.run_steps(2);
    h.get_by_label("Compter aussi la couche Espaces verts")
        .click();
    h.run_steps(2);
    wait(&mut h, "other layers counted", |app| {
        computed(app) && app.zone_stats.other_counts.len() == 2
    });
    let others = h.state().zone_stats.other_counts.clone();
    let expected = |ds| {
        zone_table(&quartiers, ds, None, None)
            .zones
            .iter()
            .map(|z| z.count)
            .collect::<Vec<_>>()
    };
    assert_eq!(others[0].name, "Patrimoine");
    assert_eq!(others[0].counts, expected(&sites));
    assert_eq!(others[1].name, "Espaces verts");
    assert_eq!(others[1].counts, expected(&verts));
    // One column each in the ranking, titled by the layer.
    assert!(h.get_all_by_label("Patrimoine").count() >= 2);

    // The exported table has their columns.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("zones.csv");
    h.state_mut()
        .apply(Action::Zones(ZonesAction::ExportTable(Some(path.clone()))));
    wait(&mut h, "export", |app| app.zone_stats.notice.is_some());
    let text = std::fs::read_to_string(&path).expect("written");
    let header = text.lines().next().unwrap_or_default();
    assert!(
        header.ends_with(";nombre Patrimoine;nombre Espaces verts"),
        "{header}"
    );

    // Heritage marked as personal once counted: its column is protected at once.
    let heritage = h.state().layers[3].id;
    h.state_mut()
        .apply(Action::Layers(LayersAction::SetPersonal(heritage, true)));
    h.run_steps(3);
    let small = others[0].counts.iter().filter(|c| (1..11).contains(*c));
    assert_eq!(h.get_all_by_label("< 11").count(), small.count());
}
