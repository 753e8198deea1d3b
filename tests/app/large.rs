//! A layer larger than what is filtered at once: masks, field summaries and table rows are
//! computed in background jobs while the window keeps drawing, with the same results.

use std::io::Write;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use territoire::app::action::{Action, FilterAction, TableAction};
use territoire::app::filter::{FilterEdit, SYNC_ROWS};
use territoire::app::{StartOptions, TerritoireApp};
use territoire::i18n::Language;

const ROWS: usize = SYNC_ROWS + 20_000;
const COMMUNES: [&str; 4] = ["Angers", "Avrillé", "Trélazé", "Écouflant"];

fn big_csv(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("grand.csv");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).expect("create"));
    writeln!(out, "id;commune;numero;longitude;latitude").expect("write");
    for i in 0..ROWS {
        writeln!(
            out,
            "{i};{};{};{:.6};{:.6}",
            COMMUNES[i % 4],
            i % 300,
            -0.60 + (i % 1000) as f64 * 0.0001,
            47.43 + (i / 1000) as f64 * 0.0005
        )
        .expect("write");
    }
    out.flush().expect("flush");
    path
}

fn wait(
    h: &mut Harness<'static, TerritoireApp>,
    what: &str,
    done: impl Fn(&TerritoireApp) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(120);
    while !done(h.state()) {
        assert!(Instant::now() < deadline, "{what}: still waiting");
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    h.run_steps(2);
}

#[test]
fn large_layers_are_filtered_and_listed_in_the_background() {
    let dir = tempfile::tempdir().expect("tempdir");
    let start = StartOptions {
        files: vec![big_csv(dir.path())],
        no_basemap: true,
        no_demo: true,
        ephemeral: true,
        language: Some(Language::Fr),
        ..StartOptions::default()
    };
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| TerritoireApp::new(&cc.egui_ctx, start));
    wait(&mut h, "load", |app| !app.is_loading());
    let id = h.state().layers[0].id;
    assert_eq!(
        h.state().layers[0].dataset.as_ref().map(|d| d.len()),
        Some(ROWS)
    );

    h.state_mut().apply(Action::Filter(FilterAction::Open(id)));
    h.state_mut()
        .apply(Action::Filter(FilterAction::Edit(Box::new(FilterEdit {
            draft: Default::default(),
            typed: Some(r#"commune = "Avrillé" AND numero < 100"#.into()),
            name: String::new(),
            places: Vec::new(),
        }))));
    assert!(
        h.state().layers[0].filter_job.is_some(),
        "a large layer is filtered in a job"
    );
    wait(&mut h, "mask", |app| app.layers[0].filter.is_some());
    let expected = (0..ROWS).filter(|i| i % 4 == 1 && i % 300 < 100).count();
    assert_eq!(
        h.state().layers[0].filter.as_ref().map(|f| f.count),
        Some(expected)
    );
    h.get_by_label_contains(&format!(" sur {}", territoire::app::format_count(ROWS)));

    // The values of a field come from a job too, with their counts.
    h.state_mut()
        .apply(Action::Filter(FilterAction::SummarizeField(
            "commune".into(),
        )));
    wait(&mut h, "summary", |app| {
        app.filter_panel
            .as_ref()
            .is_some_and(|p| p.summaries.contains_key("commune"))
    });
    let summary = h.state().filter_panel.as_ref().expect("open").summaries["commune"].clone();
    assert_eq!(summary.values.len(), 4);
    assert!(summary.values.iter().all(|v| v.count == ROWS / 4));

    // The table lists the filtered rows, sorted, from a job.
    h.state_mut().apply(Action::Table(TableAction::Show(id)));
    h.state_mut().apply(Action::Table(TableAction::SetQuery(
        territoire::app::table::TableQuery {
            only_filtered: true,
            search: String::new(),
            sort: Some((2, false)),
        },
    )));
    assert!(h.state().table.as_ref().is_some_and(|t| t.is_computing()));
    wait(&mut h, "rows", |app| {
        app.table.as_ref().is_some_and(|t| !t.is_computing())
    });
    let table = h.state().table.as_ref().expect("open");
    assert_eq!(table.rows.len(), expected);
    let ds = h.state().layers[0].dataset.clone().expect("data");
    let numero = ds.column("numero").expect("numero");
    let n = |r: u32| {
        numero
            .value(r as usize)
            .to_string()
            .parse::<i64>()
            .unwrap_or(-1)
    };
    assert!(table.rows.windows(2).all(|w| n(w[0]) >= n(w[1])));
}
