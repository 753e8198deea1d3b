//! A PostGIS table read by view (a layer that follows the map), against the real test server:
//! at most a fixed number of features in a box, the same rows for the same view, and whether
//! the view held more.

use crate::pg::{self, PASSWORD, USER};

use territoire::data::Dataset;
use territoire::jobs::Progress;
use territoire::sources::internal::{InternalConnection, InternalLayer, load_view};
use territoire::sources::postgis::{LoadRequest, PgConnection, Session, SslMode, TableRef};

fn connection() -> PgConnection {
    PgConnection {
        name: "test".into(),
        host: "127.0.0.1".into(),
        port: pg::server().port,
        database: pg::DATABASE.into(),
        user: USER.into(),
        sslmode: SslMode::Disable,
        sslrootcert: None,
    }
}

fn grid_view(bbox: Option<[f64; 4]>, limit: u64, filter: Option<&str>) -> (Dataset, bool) {
    let request = LoadRequest {
        table: TableRef::parse("demo.grille").expect("table"),
        filter: filter.map(|f| territoire::filter::parse(f).expect("filter")),
        bbox,
        limit: Some(limit),
    };
    let loaded = Session::open(&connection(), Some(PASSWORD))
        .expect("session")
        .load(&request, &Progress::default())
        .expect("view");
    (loaded.dataset, loaded.partial)
}

fn numbers(ds: &Dataset) -> Vec<String> {
    let col = ds.column("n").expect("n");
    (0..ds.len()).map(|i| col.value(i).to_string()).collect()
}

/// The grid's extent in WGS 84 and a box over its lower-left quarter.
fn quarter() -> ([f64; 4], usize) {
    let (whole, _) = grid_view(None, 100_000, None);
    let [x0, y0, x1, y1] = whole.bbox.expect("extent");
    let bbox = [x0, y0, (x0 + x1) / 2.0, (y0 + y1) / 2.0];
    (bbox, whole.count_in_bbox(bbox))
}

#[test]
fn a_capped_view_reads_the_first_features_in_a_stable_order_and_says_it_held_more() {
    let (bbox, in_view) = quarter();
    assert!(in_view > 1_000, "{in_view}");
    let (first, partial) = grid_view(Some(bbox), 500, None);
    assert_eq!(first.len(), 500);
    assert!(partial, "the quarter holds {in_view} features");
    let (again, _) = grid_view(Some(bbox), 500, None);
    assert_eq!(numbers(&first), numbers(&again), "same view, same rows");
    // Every row read is in the view.
    assert_eq!(first.count_in_bbox(bbox), 500);
    // The first 500 by key (`id` follows `n`) of the rows in view, whichever plan read them.
    let sorted = |ds: &Dataset| -> Vec<i64> {
        let mut v: Vec<i64> = numbers(ds).iter().filter_map(|n| n.parse().ok()).collect();
        v.sort_unstable();
        v
    };
    let (all, _) = grid_view(Some(bbox), 100_000, None);
    let expected: Vec<i64> = sorted(&all).into_iter().take(500).collect();
    assert_eq!(sorted(&first), expected);
}

#[test]
fn a_view_holding_fewer_features_than_the_cap_reads_them_all() {
    let (bbox, in_view) = quarter();
    let (all, partial) = grid_view(Some(bbox), in_view as u64, None);
    assert_eq!(all.len(), in_view);
    assert!(!partial, "exactly the cap is not partial");
    let (filtered, partial) = grid_view(Some(bbox), 500, Some("n <= 300"));
    assert!(!partial);
    let (row, _) = grid_view(None, 100_000, Some("n <= 300"));
    assert_eq!(filtered.len(), row.count_in_bbox(bbox), "as kept locally");
    assert!(filtered.len() > 100, "{}", filtered.len());
}

#[test]
fn a_layer_that_follows_the_map_reads_its_view_through_its_connection() {
    let (bbox, in_view) = quarter();
    let layer = InternalLayer {
        connection: "test".into(),
        table: TableRef::parse("demo.grille").expect("table"),
        filter: Some("n > 100".into()),
        follows_map: true,
        ..InternalLayer::default()
    };
    let connection = InternalConnection::Postgis(connection());
    let view = load_view(
        &connection,
        &layer,
        bbox,
        50,
        Some(PASSWORD),
        &Progress::default(),
    )
    .expect("view");
    assert_eq!(view.dataset.len(), 50);
    assert!(view.partial);
    let first = view.dataset.column("n").expect("n").value(0).to_string();
    assert_eq!(first, "101", "ordered by the key, filter pushed down");
    let everything = load_view(
        &connection,
        &layer,
        bbox,
        100_000,
        Some(PASSWORD),
        &Progress::default(),
    )
    .expect("view");
    assert!(!everything.partial);
    assert!(everything.dataset.len() < in_view);
}

/// A table of a million points: a view of the whole table and one of a few streets, each read
/// with the default cap, timed (`cargo test --test data postgis_view -- --ignored --nocapture`).
#[test]
#[ignore = "builds a million-row table (about 20 s); run by hand for docs/performance.md"]
fn a_capped_view_of_a_million_row_table_is_read_in_under_three_seconds() {
    use std::time::Instant;
    let mut admin = pg::server().admin();
    admin
        .batch_execute(&format!(
            "DROP TABLE IF EXISTS demo.million;
             CREATE TABLE demo.million (id serial PRIMARY KEY, n integer, geom geometry(Point, 4326));
             INSERT INTO demo.million (n, geom)
                 SELECT i, ST_SetSRID(ST_MakePoint(-0.70 + (i % 1000) * 0.0003,
                                                   47.35 + (i / 1000) * 0.0003), 4326)
                 FROM generate_series(1, 1000000) AS i;
             CREATE INDEX ON demo.million USING gist (geom);
             ANALYZE demo.million;
             GRANT SELECT ON demo.million TO {USER};"
        ))
        .expect("million");
    let layer = InternalLayer {
        connection: "test".into(),
        table: TableRef::parse("demo.million").expect("table"),
        follows_map: true,
        ..InternalLayer::default()
    };
    let connection = InternalConnection::Postgis(connection());
    for (what, bbox) in [
        ("whole table", [-0.71, 47.34, -0.39, 47.66]),
        ("a few streets", [-0.56, 47.46, -0.55, 47.47]),
    ] {
        let start = Instant::now();
        let view = load_view(
            &connection,
            &layer,
            bbox,
            territoire::app::internal::VIEW_CAP,
            Some(PASSWORD),
            &Progress::default(),
        )
        .expect("view");
        let took = start.elapsed();
        println!(
            "{what}: {} features (partial: {}) in {took:?}",
            view.dataset.len(),
            view.partial
        );
        assert!(took.as_secs_f64() < 3.0, "{what}: {took:?}");
    }
}
