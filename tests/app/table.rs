//! The attribute table driven by label: filtered rows only, search, sort, selection shown on
//! the map and from the map.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use territoire::app::action::{Action, FilterAction, LayersAction, TableAction};
use territoire::app::{StartOptions, TerritoireApp};
use territoire::data::Value;
use territoire::i18n::Language;

fn harness() -> Harness<'static, TerritoireApp> {
    let start = StartOptions {
        files: vec![PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample-data/patrimoine.shp")],
        no_basemap: true,
        no_demo: true,
        ephemeral: true,
        language: Some(Language::Fr),
        ..StartOptions::default()
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 900.0))
        .build_eframe(move |cc| TerritoireApp::new(&cc.egui_ctx, start));
    let deadline = Instant::now() + Duration::from_secs(60);
    while harness.state().is_loading() {
        assert!(Instant::now() < deadline, "still loading after 60 s");
        std::thread::sleep(Duration::from_millis(20));
        harness.step();
    }
    harness.run_steps(3);
    harness
}

fn listed(h: &Harness<TerritoireApp>) -> Vec<usize> {
    h.state()
        .table
        .as_ref()
        .map(|t| t.rows.iter().map(|&r| r as usize).collect())
        .unwrap_or_default()
}

#[test]
fn the_table_searches_sorts_filters_and_selects() {
    let mut h = harness();
    h.get_by_label("Actions sur la couche (Patrimoine)").click();
    h.run_steps(2);
    h.get_by_label("Table attributaire").click();
    h.run_steps(4);
    h.get_by_label("80 lignes");
    let ds = h.state().layers[0].dataset.clone().expect("loaded");

    // Search in every field, accents and case ignored.
    let wanted: Vec<usize> = (0..ds.len())
        .filter(|&r| {
            ds.columns.iter().any(|c| {
                territoire::filter::eval::fold(&c.value(r).to_string()).contains("chateau")
            })
        })
        .collect();
    assert!(!wanted.is_empty());
    h.get_by_label("Rechercher").click();
    h.run_steps(1);
    h.get_by_label("Rechercher").type_text("CHÂTEAU");
    h.run_steps(3);
    assert_eq!(listed(&h), wanted);
    h.get_by_label(&format!("{} lignes sur 80", wanted.len()));

    // Sort by century, ascending then descending.
    h.get_by_label("Siècle").click_accesskit();
    h.run_steps(3);
    let siecle = ds.column("siecle").expect("siecle");
    let century = |r: usize| match siecle.value(r) {
        Value::Integer(n) => n,
        _ => i64::MAX,
    };
    let rows = listed(&h);
    let seen: Vec<i64> = rows.iter().map(|&r| century(r)).collect();
    assert!(
        rows.windows(2).all(|w| century(w[0]) <= century(w[1])),
        "{seen:?} {:?}",
        h.state().table.as_ref().map(|t| &t.query)
    );
    h.get_by_label("Siècle ⬆").click_accesskit();
    h.run_steps(3);
    let rows = listed(&h);
    assert_eq!(rows.len(), wanted.len());
    assert!(
        rows.windows(2)
            .all(|w| century(w[0]) >= century(w[1]) || century(w[1]) == i64::MAX)
    );

    // Only the rows the layer's filter keeps.
    let id = h.state().layers[0].id;
    h.state_mut().apply(Action::Filter(FilterAction::Open(id)));
    h.run_steps(3);
    h.state_mut()
        .apply(Action::Filter(FilterAction::Edit(Box::new(
            territoire::app::filter::FilterEdit {
                draft: Default::default(),
                typed: Some("siecle <= 16".into()),
                name: String::new(),
                places: Vec::new(),
            },
        ))));
    h.run_steps(3);
    h.get_by_label("Seulement les objets filtrés").click();
    h.run_steps(3);
    let old: Vec<usize> = wanted
        .iter()
        .copied()
        .filter(|&r| century(r) <= 16)
        .collect();
    let mut rows = listed(&h);
    rows.sort_unstable();
    assert_eq!(rows, old);

    // The listed rows are exported for a note: CSV for French spreadsheets, and GeoJSON.
    let dir = tempfile::tempdir().expect("tempdir");
    for (format, name) in [
        (
            territoire::sources::export_file::ExportFormat::Csv(
                territoire::sources::csv::CsvDialect::FRENCH,
            ),
            "old.csv",
        ),
        (
            territoire::sources::export_file::ExportFormat::GeoJson,
            "old.geojson",
        ),
    ] {
        let path = dir.path().join(name);
        h.state_mut().apply(Action::Table(TableAction::ExportRows(
            format,
            Some(path.clone()),
        )));
        let deadline = Instant::now() + Duration::from_secs(30);
        while h
            .state()
            .table
            .as_ref()
            .and_then(|t| t.notice.clone())
            .is_none()
        {
            assert!(Instant::now() < deadline, "export still running");
            std::thread::sleep(Duration::from_millis(20));
            h.step();
        }
        h.run_steps(2);
        h.get_by_label_contains(&format!("{} objets exportés dans", old.len()));
        let exported = territoire::sources::load_path(
            &path,
            &territoire::sources::LoadOptions::default(),
            &territoire::jobs::Progress::default(),
        )
        .expect("exported file reads back");
        assert_eq!(exported.len(), old.len(), "{name}");
        if name.ends_with(".csv") {
            let bytes = std::fs::read(&path).expect("csv");
            assert!(bytes.starts_with("\u{feff}".as_bytes()), "BOM");
            assert!(
                String::from_utf8_lossy(&bytes)
                    .lines()
                    .next()
                    .is_some_and(|l| l.contains(';'))
            );
        }
        if let Some(t) = h.state_mut().table.as_mut() {
            t.notice = None;
        }
        h.run_steps(2);
    }

    // A click on a row number selects it and brings the map to it, clear of the table.
    let first = listed(&h)[0];
    h.get_by_label(&(first + 1).to_string()).click();
    h.run_steps(3);
    let table = h.state().table.as_ref().expect("open");
    assert_eq!(
        table.selected.iter().copied().collect::<Vec<_>>(),
        vec![first]
    );
    let point = ds.geometry.point(first).expect("a point");
    in_view_clear_of_windows(&h, point);
    h.get_by_label("1 sélectionnée");

    // A feature clicked on the map is selected in the table.
    let other = *listed(&h).last().expect("rows");
    let at = ds.geometry.point(other).expect("a point");
    h.state_mut()
        .apply(Action::Layers(LayersAction::Identify(at, 1e-6)));
    h.run_steps(3);
    let table = h.state().table.as_ref().expect("open");
    assert_eq!(
        table.selected.iter().copied().collect::<Vec<_>>(),
        vec![other]
    );
    assert_eq!(table.scroll_to, None, "scrolled to the row");

    // A click on any cell of a row selects it too (the identify window shows the other one).
    assert_ne!(first, other);
    h.state_mut().map.go_to([-0.70, 47.60], 12.0);
    let cell = ds.columns[0].value(first).shown();
    h.get_all_by_label(&cell)
        .next()
        .expect("the cell shown")
        .click();
    h.run_steps(3);
    let table = h.state().table.as_ref().expect("open");
    assert_eq!(
        table.selected.iter().copied().collect::<Vec<_>>(),
        vec![first]
    );
    in_view_clear_of_windows(&h, ds.geometry.point(first).expect("a point"));

    // The table of a filtered layer opens on the rows the filter keeps.
    h.state_mut().apply(Action::Table(TableAction::Close));
    h.run_steps(2);
    h.state_mut().apply(Action::Table(TableAction::Show(id)));
    h.run_steps(3);
    let table = h.state().table.as_ref().expect("open");
    assert!(table.query.only_filtered);
    assert_eq!(
        table.rows.len(),
        (0..ds.len()).filter(|&r| century(r) <= 16).count()
    );
}

/// The point is on the map, outside every floating window.
pub(crate) fn in_view_clear_of_windows(h: &Harness<TerritoireApp>, point: [f64; 2]) {
    let at = h.state().map.screen_position(point);
    assert!(
        h.state().map.map_rect().contains(at),
        "{at:?} on the map {:?}, view {:?}, point {point:?}",
        h.state().map.map_rect(),
        h.state().map.center_zoom()
    );
    let windows = territoire::app::floating_windows(&h.ctx);
    assert!(!windows.is_empty(), "a window floats over the map");
    for window in windows {
        assert!(!window.contains(at), "{at:?} hidden by {window:?}");
    }
}
