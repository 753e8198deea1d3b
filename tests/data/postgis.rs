//! PostGIS against a real PostgreSQL 15 + PostGIS 3 on 127.0.0.1 (started by the harness):
//! browsing, loading the demo kit back, every column type, progress and cancel, filters pushed
//! down giving the rows the local evaluation keeps, injection attempts, and each error told.

use crate::pg::{self, PASSWORD, USER};

use std::path::PathBuf;

use territoire::data::{Dataset, Value};
use territoire::filter::{evaluate, parse};
use territoire::jobs::Progress;
use territoire::sources::postgis::{
    LoadRequest, PgConnection, PgError, Session, SslMode, TableRef,
};
use territoire::sources::{LoadOptions, load_path};

fn connection() -> PgConnection {
    let server = pg::server();
    PgConnection {
        name: "test".into(),
        host: "127.0.0.1".into(),
        port: server.port,
        database: pg::DATABASE.into(),
        user: USER.into(),
        sslmode: SslMode::Disable,
        sslrootcert: None,
    }
}

fn session() -> Session {
    Session::open(&connection(), Some(PASSWORD)).expect("session")
}

fn table(name: &str) -> TableRef {
    TableRef::parse(name).expect("table name")
}

fn load(name: &str, filter: Option<&str>) -> Result<Dataset, PgError> {
    let request = LoadRequest {
        table: table(name),
        filter: filter.map(|f| parse(f).expect("filter")),
        bbox: None,
        limit: None,
    };
    let loaded = session().load(&request, &Progress::default())?;
    assert!(loaded.unpushed.is_none(), "{filter:?} was not pushed down");
    Ok(loaded.dataset)
}

fn texts(ds: &Dataset, column: &str) -> Vec<String> {
    let col = ds.column(column).expect("column");
    (0..ds.len()).map(|i| col.value(i).to_string()).collect()
}

#[test]
fn lists_the_readable_tables_with_type_srid_and_estimate() {
    let tables = session().tables().expect("tables");
    let names: Vec<String> = tables.iter().map(|t| t.table.to_string()).collect();
    for wanted in [
        "demo.quartiers",
        "demo.adresses",
        "demo.patrimoine",
        "demo.grille",
    ] {
        assert!(names.contains(&wanted.to_owned()), "{names:?}");
    }
    assert!(!names.iter().any(|n| n.starts_with("prive.")), "{names:?}");
    let grille = tables
        .iter()
        .find(|t| t.table.table == "grille")
        .expect("grille");
    assert_eq!(
        (grille.geometry_type.as_str(), grille.srid),
        ("POINT", 2154)
    );
    assert_eq!(grille.estimated_rows, Some(60_000));
    assert_eq!(
        session().count(&table("demo.grille")).expect("count"),
        60_000
    );
    let columns = session().columns(&table("demo.grille")).expect("columns");
    let listed: Vec<(&str, &str)> = columns
        .iter()
        .map(|c| (c.name.as_str(), c.sql_type.as_str()))
        .collect();
    assert_eq!(listed[1], ("n", "integer"));
    assert_eq!(listed[4], ("geom", "geometry(Point,2154)"));
}

#[test]
fn the_demo_kit_comes_back_as_read_from_its_files() {
    let kit = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    for (file, name) in [
        ("patrimoine.shp", "demo.patrimoine"),
        ("quartiers.geojson", "demo.quartiers"),
    ] {
        let local = load_path(
            &kit.join(file),
            &LoadOptions::default(),
            &Progress::default(),
        )
        .expect(file);
        let remote = load(name, None).expect(name);
        assert_eq!(remote.len(), local.len(), "{name}");
        let (a, b) = (local.geometry.coords(), remote.geometry.coords());
        assert_eq!(a.len(), b.len(), "{name}");
        let worst = a
            .iter()
            .zip(b)
            .map(|(p, q)| (p[0] - q[0]).abs().max((p[1] - q[1]).abs()))
            .fold(0.0, f64::max);
        assert!(worst < 1e-6, "{name}: {worst}");
        for column in &local.columns {
            assert_eq!(
                texts(&remote, &column.name),
                texts(&local, &column.name),
                "{name}"
            );
        }
        if name == "demo.patrimoine" {
            assert_eq!(remote.source_crs.as_deref(), Some("EPSG:2154"));
        }
    }
}

#[test]
fn every_column_type_and_odd_geometries_are_read() {
    let ds = load("demo.cas_limites", None).expect("cas limites");
    assert_eq!(ds.len(), 5);
    let col = |n: &str| ds.column(n).unwrap_or_else(|| panic!("{n}"));
    assert_eq!(col("quand").value(0).to_string(), "2024-06-01");
    assert_eq!(col("montant").value(0), Value::Float(12.5));
    assert_eq!(col("actif").value(2), Value::Boolean(false));
    assert_eq!(col("infos").value(0), Value::Text("{\"a\": 1}"));
    assert_eq!(col("Nom étrange").value(0), Value::Text("é"));
    assert!(ds.column("horodatage").is_some());
    assert_eq!(ds.geometry.point(1), Some([-0.55, 47.47]));
    assert_eq!(ds.geometry.point(2), Some([-0.56, 47.48]));
    assert!(ds.without_geometry() >= 2, "{}", ds.without_geometry());
}

#[test]
fn progress_counts_rows_and_cancel_stops_the_load() {
    let progress = Progress::default();
    let request = LoadRequest {
        table: table("demo.grille"),
        ..LoadRequest::default()
    };
    let loaded = session().load(&request, &progress).expect("grid");
    assert_eq!(loaded.dataset.len(), 60_000);
    assert_eq!(progress.done(), 60_000);
    let cancelled = Progress::default();
    cancelled.cancel();
    assert_eq!(
        session().load(&request, &cancelled).err(),
        Some(PgError::Cancelled)
    );
}

/// Each filter pushed down keeps the rows the local evaluation keeps on the whole table.
#[test]
fn pushed_down_filters_keep_the_rows_kept_locally() {
    let whole = load("demo.grille", None).expect("grid");
    let filters = [
        "n >= 100 AND n < 250",
        "n IN [10..20[ OR libelle = \"point 7\"",
        "NOT (n > 30000)",
        "part > 1000.5 AND NOT libelle = \"point 9000\"",
        "libelle IN (\"point 1\", \"point 2\", \"point 99\")",
        "startswith(libelle, \"point 59\")",
        "libelle < \"point 2\"",
        "n != 5 AND n <= 10",
        "libelle IS NULL",
    ];
    for text in filters {
        let expr = parse(text).expect(text);
        let local = evaluate(&expr, &whole).expect(text);
        let mut kept: Vec<String> = local
            .iter_ones()
            .map(|i| whole.column("n").expect("n").value(i).to_string())
            .collect();
        let pushed = load("demo.grille", Some(text)).expect(text);
        let mut got = texts(&pushed, "n");
        kept.sort();
        got.sort();
        assert_eq!(got, kept, "{text}");
    }
    let nulls = load("demo.cas_limites", Some("NOT (montant > 0)")).expect("nulls");
    let all = load("demo.cas_limites", None).expect("all");
    let local = evaluate(&parse("NOT (montant > 0)").expect("valid"), &all).expect("eval");
    assert_eq!(nulls.len(), local.count_ones());
}

#[test]
fn injection_through_values_and_field_names_reads_nothing_more() {
    let hostile = r#"libelle = "x' OR '1'='1" OR libelle = "'); DROP TABLE demo.grille; --""#;
    assert_eq!(
        load("demo.grille", Some(hostile))
            .expect("hostile value")
            .len(),
        0
    );
    let field = territoire::filter::Expr::IsNull {
        field: "n\" IS NOT NULL OR \"n".into(),
        negated: true,
    };
    let request = LoadRequest {
        table: table("demo.grille"),
        filter: Some(field),
        bbox: None,
        limit: None,
    };
    let refused = session().load(&request, &Progress::default()).err();
    assert!(
        matches!(refused, Some(PgError::UnknownColumn(_))),
        "{refused:?}"
    );
    let odd_table = LoadRequest {
        table: table("demo.grille; DROP TABLE demo.grille"),
        ..LoadRequest::default()
    };
    let refused = session().load(&odd_table, &Progress::default()).err();
    assert!(
        matches!(refused, Some(PgError::UnknownTable(_))),
        "{refused:?}"
    );
    assert_eq!(
        load("demo.grille", None).expect("still there").len(),
        60_000
    );
}

#[test]
fn the_map_extent_only_reads_the_features_in_view() {
    let whole = load("demo.grille", None).expect("grid");
    let [x0, y0, x1, y1] = whole.bbox.expect("extent");
    let bbox = [x0, y0, (x0 + x1) / 2.0, (y0 + y1) / 2.0];
    let request = LoadRequest {
        table: table("demo.grille"),
        filter: None,
        bbox: Some(bbox),
        limit: None,
    };
    let part = session()
        .load(&request, &Progress::default())
        .expect("extent");
    assert_eq!(part.dataset.len(), whole.count_in_bbox(bbox));
}
