//! The portal client against the local portal over 127.0.0.1: catalog, exports, cache and every fault.

use crate::server;

use std::path::{Path, PathBuf};
use std::time::Duration;

use server::{Fault, FaultKind, LocalPortal};
use territoire::data::{ColumnData, FieldType};
use territoire::jobs::Progress;
use territoire::sources::portal::{
    ApiKey, CatalogQuery, ExportRequest, Freshness, PortalCache, PortalClient, PortalError,
    PortalUrl, RetryPolicy, catalog_facets, load_dataset, search_all, search_catalog,
};

fn sample_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data")
}

fn quick_policy() -> RetryPolicy {
    RetryPolicy {
        tries: 3,
        first_backoff: Duration::from_millis(20),
        max_quota_wait: Duration::from_secs(5),
        timeout: Duration::from_secs(1),
    }
}

fn client(portal: &LocalPortal, key: Option<&str>) -> PortalClient {
    let url = PortalUrl::parse(&portal.url()).expect("loopback portal");
    PortalClient::new(url, key.and_then(ApiKey::new), quick_policy()).expect("client")
}

fn request(id: &str) -> ExportRequest {
    ExportRequest {
        dataset: id.into(),
        ..ExportRequest::default()
    }
}

fn cached_files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                // Export bodies and their metadata; the dataset description is refreshed freely.
                let bytes = std::fs::read(&path).expect("read");
                let name = path.to_string_lossy().into_owned();
                if name.ends_with(".geojson")
                    || String::from_utf8_lossy(&bytes).contains("/exports/")
                {
                    out.push((path.clone(), bytes));
                }
            }
        }
    }
    out.sort();
    out
}

#[test]
fn catalog_search_pages_and_facets() {
    let portal = LocalPortal::start(&sample_data(), 0).expect("portal");
    let client = client(&portal, None);
    let progress = Progress::default();
    let all = search_all(&client, &CatalogQuery::default(), 1000, &progress).expect("all");
    assert_eq!(all.total_count, 6);
    let ids: Vec<&str> = all.datasets.iter().map(|d| d.id.as_str()).collect();
    assert!(
        ids.contains(&"adresses") && ids.contains(&"patrimoine-sans-geo"),
        "{ids:?}"
    );
    // Pagination is transparent: pages of 2 give the same list.
    let page = search_catalog(
        &client,
        &CatalogQuery {
            limit: 2,
            offset: 2,
            ..CatalogQuery::default()
        },
        &progress,
    )
    .expect("page");
    assert_eq!(page.total_count, 6);
    assert_eq!(page.datasets.len(), 2);
    let found = search_all(
        &client,
        &CatalogQuery {
            text: "espaces verts".into(),
            ..CatalogQuery::default()
        },
        1000,
        &progress,
    )
    .expect("search");
    assert_eq!(found.datasets.len(), 1);
    let green = &found.datasets[0];
    assert_eq!(green.id, "espaces-verts");
    assert_eq!(green.records, Some(150));
    assert_eq!(green.licence, "Licence Ouverte v2.0");
    assert_eq!(green.publisher, "Angers Loire Métropole");
    assert!(green.has_geometry());
    let facets = catalog_facets(&client, &CatalogQuery::default(), &progress).expect("facets");
    let themes = facets
        .iter()
        .find(|f| f.name == "theme")
        .expect("theme facet");
    assert_eq!(themes.values[0], ("Culture".to_string(), 3));
    let culture = search_all(
        &client,
        &CatalogQuery {
            refine: vec![("theme".into(), "Culture".into())],
            ..CatalogQuery::default()
        },
        1000,
        &progress,
    )
    .expect("refine");
    assert_eq!(culture.total_count, 3);
}

#[test]
fn exports_are_cached_revalidated_and_refreshed_when_changed() {
    let portal = LocalPortal::start(&sample_data(), 0).expect("portal");
    let client = client(&portal, None);
    let dir = tempfile::tempdir().expect("tempdir");
    let cache = PortalCache::new(dir.path());
    let progress = Progress::default();
    let first =
        load_dataset(&client, Some(&cache), &request("patrimoine"), &progress).expect("load");
    assert_eq!(first.freshness, Freshness::Downloaded);
    assert_eq!(first.dataset.len(), 80);
    assert!(first.bytes_downloaded > 10_000);
    assert!(
        progress.items() >= 80,
        "records were counted while streaming"
    );
    assert_eq!(first.meta.title, "Patrimoine historique (démonstration)");
    assert!(cache.size(&client.portal, "patrimoine") > first.bytes_downloaded);
    assert_eq!(portal.export_bodies(), 1);

    let second = load_dataset(
        &client,
        Some(&cache),
        &request("patrimoine"),
        &Progress::default(),
    )
    .expect("reload");
    assert_eq!(second.freshness, Freshness::Revalidated);
    assert_eq!(second.bytes_downloaded, 0);
    assert_eq!(
        portal.export_bodies(),
        1,
        "a revalidation transfers no body"
    );
    assert_eq!(second.dataset.len(), 80);
    assert!(
        portal
            .requests()
            .iter()
            .any(|r| r.contains("if-none-match=Some"))
    );

    portal.touch("patrimoine");
    let third = load_dataset(
        &client,
        Some(&cache),
        &request("patrimoine"),
        &Progress::default(),
    )
    .expect("changed");
    assert_eq!(third.freshness, Freshness::Downloaded);
    assert_eq!(portal.export_bodies(), 2);

    cache.clear(&client.portal, "patrimoine").expect("clear");
    assert_eq!(cache.size(&client.portal, "patrimoine"), 0);
}

#[test]
fn extent_fields_and_filters_are_pushed_to_the_portal() {
    let portal = LocalPortal::start(&sample_data(), 0).expect("portal");
    let client = client(&portal, None);
    let progress = Progress::default();
    let whole = load_dataset(&client, None, &request("patrimoine"), &progress).expect("all");
    let bbox = whole.dataset.bbox.expect("bbox");
    let west_half = [bbox[0], bbox[1], (bbox[0] + bbox[2]) / 2.0, bbox[3]];
    let part = load_dataset(
        &client,
        None,
        &ExportRequest {
            bbox: Some(west_half),
            fields: Some(vec!["tico".into(), "siecle".into()]),
            ..request("patrimoine")
        },
        &progress,
    )
    .expect("extent");
    assert!(
        !part.dataset.is_empty() && part.dataset.len() < 80,
        "{}",
        part.dataset.len()
    );
    let names: Vec<&str> = part
        .dataset
        .columns
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(names, ["tico", "siecle"]);
    let expected = (0..whole.dataset.len())
        .filter(|&i| {
            let b = whole.dataset.geometry.feature_bbox(i).expect("point");
            b[0] <= west_half[2]
        })
        .count();
    assert_eq!(part.dataset.len(), expected);
    let filtered = load_dataset(
        &client,
        None,
        &ExportRequest {
            filter: Some("protection = \"classé\"".into()),
            ..request("patrimoine")
        },
        &progress,
    )
    .expect("filter");
    assert!(!filtered.dataset.is_empty() && filtered.dataset.len() < 80);
    let bad = load_dataset(
        &client,
        None,
        &ExportRequest {
            filter: Some("invalid_function(tico)".into()),
            ..request("patrimoine")
        },
        &progress,
    );
    match bad {
        Err(error @ PortalError::Query(true)) => {
            // The user reads a sentence of ours, not the portal's English.
            let text = error.to_string();
            assert!(!text.contains("ODSQL query is malformed"), "{text}");
            assert!(text.contains("filtre") || text.contains("filter"), "{text}");
        }
        other => panic!(
            "expected a refused filter, got {:?}",
            other.map(|l| l.freshness)
        ),
    }
}

#[test]
fn latitude_longitude_columns_and_numbers_sent_as_text() {
    let portal = LocalPortal::start(&sample_data(), 0).expect("portal");
    let client = client(&portal, None);
    let progress = Progress::default();
    let table =
        load_dataset(&client, None, &request("patrimoine-sans-geo"), &progress).expect("csv");
    assert_eq!(table.dataset.len(), 80);
    assert_eq!(
        table.dataset.without_geometry(),
        0,
        "positions from latitude/longitude"
    );
    portal.set_numbers_as_text(true);
    let quirky = load_dataset(&client, None, &request("patrimoine"), &progress).expect("quirky");
    let siecle = quirky.dataset.column("siecle").expect("siecle");
    assert_eq!(
        siecle.field_type(),
        FieldType::Integer,
        "declared int, sent as text"
    );
    assert!(matches!(siecle.data, ColumnData::Integer { .. }));
}

#[test]
fn errors_say_what_to_do() {
    let portal = LocalPortal::start(&sample_data(), 0).expect("portal");
    portal.set_key("quartiers", "cle-secrete");
    let anonymous = client(&portal, None);
    let progress = Progress::default();
    match load_dataset(&anonymous, None, &request("inexistant"), &progress) {
        Err(e @ PortalError::Missing { .. }) => {
            let text = e.to_string();
            assert!(
                text.contains("n'existe pas") && text.contains("inexistant"),
                "{text}"
            );
        }
        other => panic!("expected 404, got {:?}", other.map(|l| l.freshness)),
    }
    match load_dataset(&anonymous, None, &request("quartiers"), &progress) {
        Err(e @ PortalError::Private(_)) => assert!(e.to_string().contains("clé d'API")),
        other => panic!("expected 401, got {:?}", other.map(|l| l.freshness)),
    }
    let keyed = client(&portal, Some("cle-secrete"));
    let zones = load_dataset(&keyed, None, &request("quartiers"), &progress).expect("with key");
    assert_eq!(zones.dataset.len(), 10);
    let log = portal.requests().join("\n");
    assert!(
        log.contains("Apikey <redacted>"),
        "the key travels in the header"
    );
    assert!(!log.contains("cle-secrete"), "never in a URL");
    assert!(matches!(
        PortalUrl::parse("http://data.angers.fr"),
        Err(PortalError::NotHttps(_))
    ));
}

/// Loads once to fill the cache, then spoils the next requests with `fault`.
fn with_cached_copy(
    fault: FaultKind,
    times: Option<u32>,
) -> (LocalPortal, PortalClient, tempfile::TempDir) {
    let portal = LocalPortal::start(&sample_data(), 0).expect("portal");
    let client = client(&portal, None);
    let dir = tempfile::tempdir().expect("tempdir");
    load_dataset(
        &client,
        Some(&PortalCache::new(dir.path())),
        &request("espaces-verts"),
        &Progress::default(),
    )
    .expect("first load");
    portal.touch("espaces-verts"); // The next answer would be a new body.
    portal.set_fault(Some(Fault { kind: fault, times }));
    (portal, client, dir)
}

#[test]
fn server_errors_retry_then_fall_back_to_the_cache() {
    // One failure: the second try succeeds.
    let (portal, client, dir) = with_cached_copy(FaultKind::Server, Some(1));
    let cache = PortalCache::new(dir.path());
    let load = load_dataset(
        &client,
        Some(&cache),
        &request("espaces-verts"),
        &Progress::default(),
    )
    .expect("retried");
    assert_eq!(load.freshness, Freshness::Downloaded);
    drop(portal);

    // Always failing: three tries, then the cached copy, untouched, with its date.
    let (portal, client, dir) = with_cached_copy(FaultKind::Server, None);
    let cache = PortalCache::new(dir.path());
    let before = cached_files(dir.path());
    let load = load_dataset(
        &client,
        Some(&cache),
        &request("espaces-verts"),
        &Progress::default(),
    )
    .expect("offline copy");
    assert!(
        matches!(load.freshness, Freshness::Offline(ref why) if why.contains("3 essais")),
        "{:?}",
        load.freshness
    );
    assert_eq!(load.dataset.len(), 150);
    assert_eq!(cached_files(dir.path()), before);
    let tries = portal
        .requests()
        .iter()
        .filter(|r| r.contains("/exports/"))
        .count();
    assert_eq!(tries, 1 + 3, "first load, then exactly three tries");

    // Without a cached copy the error is clear.
    match load_dataset(
        &client,
        None,
        &request("espaces-verts"),
        &Progress::default(),
    ) {
        Err(e @ PortalError::Server { .. }) => assert!(e.to_string().contains("HTTP 500")),
        other => panic!(
            "expected a server error, got {:?}",
            other.map(|l| l.freshness)
        ),
    }
}

#[test]
fn timeouts_are_bounded() {
    let (_portal, client, dir) = with_cached_copy(FaultKind::Timeout, None);
    let started = std::time::Instant::now();
    match load_dataset(
        &client,
        None,
        &request("espaces-verts"),
        &Progress::default(),
    ) {
        Err(e @ PortalError::Timeout(3)) => assert!(e.to_string().contains("ne répond pas")),
        other => panic!("expected a timeout, got {:?}", other.map(|l| l.freshness)),
    }
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    let load = load_dataset(
        &client,
        Some(&PortalCache::new(dir.path())),
        &request("espaces-verts"),
        &Progress::default(),
    )
    .expect("cached copy");
    assert!(matches!(load.freshness, Freshness::Offline(_)));
}

#[test]
fn a_truncated_body_fails_and_keeps_the_cached_copy() {
    let (_portal, client, dir) = with_cached_copy(FaultKind::Truncate, None);
    let before = cached_files(dir.path());
    let result = load_dataset(
        &client,
        Some(&PortalCache::new(dir.path())),
        &request("espaces-verts"),
        &Progress::default(),
    );
    match result {
        Err(PortalError::BadAnswer(_) | PortalError::Source(_)) => {}
        other => panic!(
            "expected a failed load, got {:?}",
            other.map(|l| l.freshness)
        ),
    }
    assert_eq!(
        cached_files(dir.path()),
        before,
        "the previous copy is untouched"
    );
}

#[test]
fn quota_waits_for_the_reset_then_succeeds_or_says_when() {
    let (_portal, client, dir) = with_cached_copy(FaultKind::Quota, Some(1));
    let load = load_dataset(
        &client,
        Some(&PortalCache::new(dir.path())),
        &request("espaces-verts"),
        &Progress::default(),
    )
    .expect("after the reset");
    assert_eq!(load.freshness, Freshness::Downloaded);

    let (portal, _, _dir) = with_cached_copy(FaultKind::Quota, None);
    let impatient = PortalClient::new(
        PortalUrl::parse(&portal.url()).expect("url"),
        None,
        RetryPolicy {
            max_quota_wait: Duration::ZERO,
            ..quick_policy()
        },
    )
    .expect("client");
    match load_dataset(
        &impatient,
        None,
        &request("espaces-verts"),
        &Progress::default(),
    ) {
        Err(e @ PortalError::Quota { .. }) => {
            let text = e.to_string();
            assert!(text.contains("quota") && text.contains("UTC"), "{text}");
        }
        other => panic!(
            "expected a quota error, got {:?}",
            other.map(|l| l.freshness)
        ),
    }
}

#[test]
fn a_slow_download_reports_progress_and_can_be_cancelled() {
    let (_portal, client, dir) = with_cached_copy(FaultKind::Slow, None);
    let before = cached_files(dir.path());
    let progress = std::sync::Arc::new(Progress::default());
    let watcher = std::sync::Arc::clone(&progress);
    let canceller = std::thread::spawn(move || {
        while watcher.done() == 0 {
            std::thread::sleep(Duration::from_millis(10));
        }
        watcher.cancel();
    });
    let result = load_dataset(
        &client,
        Some(&PortalCache::new(dir.path())),
        &request("espaces-verts"),
        &progress,
    );
    canceller.join().expect("canceller");
    assert!(
        matches!(result, Err(PortalError::Cancelled)),
        "{:?}",
        result.map(|l| l.freshness)
    );
    assert_eq!(cached_files(dir.path()), before);
}

#[test]
fn info_on_a_dataset_url_and_a_second_info_transfers_no_body() {
    let portal = LocalPortal::start(&sample_data(), 0).expect("portal");
    let dir = tempfile::tempdir().expect("tempdir");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_territoire"))
            .args(args)
            .env("TERRITOIRE_CACHE_DIR", dir.path())
            .output()
            .expect("run territoire")
    };
    let page = format!("{}/explore/dataset/quartiers/table/", portal.url());
    let first = run(&["info", &page, "--json"]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&first.stdout).expect("one JSON object");
    assert_eq!(json["features"], 10);
    assert_eq!(
        json["geometry_types"]["Polygon"].as_u64().unwrap_or(0)
            + json["geometry_types"]["MultiPolygon"].as_u64().unwrap_or(0),
        10
    );
    assert_eq!(portal.export_bodies(), 1);
    let second = run(&["info", "quartiers", "--portal", &portal.url(), "--json"]);
    assert!(second.status.success());
    assert_eq!(portal.export_bodies(), 1, "revalidated from the cache");
    let second: serde_json::Value = serde_json::from_slice(&second.stdout).expect("JSON");
    assert_eq!(second["features"], 10);
    assert_eq!(second["bbox"], json["bbox"]);
    let catalog = run(&[
        "catalog",
        "--portal",
        &portal.url(),
        "--search",
        "quartier",
        "--json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&catalog.stdout).expect("catalog JSON");
    assert_eq!(json["total_count"], 1);
    assert_eq!(json["datasets"][0]["id"], "quartiers");
    assert_eq!(json["datasets"][0]["has_geometry"], true);
    let missing = run(&["info", "inexistant", "--portal", &portal.url(), "--json"]);
    assert!(!missing.status.success());
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("n'existe pas"), "{stderr}");
}

#[test]
fn a_filter_pushed_to_the_portal_keeps_the_rows_it_keeps_locally() {
    let portal = LocalPortal::start(&sample_data(), 0).expect("portal");
    let client = client(&portal, None);
    let progress = Progress::default();
    let whole = load_dataset(&client, None, &request("patrimoine"), &progress).expect("all");
    let names = |ds: &territoire::data::Dataset, rows: Vec<usize>| -> Vec<String> {
        let column = ds.column("tico").expect("tico");
        let mut names: Vec<String> = rows
            .into_iter()
            .map(|r| column.value(r).to_string())
            .collect();
        names.sort();
        names
    };
    for filter in [
        r#"protection = "classé""#,
        r#"siecle >= 17 AND protection IN ("classé", "inscrit")"#,
        r#"tico LIKE "chateau" OR startswith(commune, "Angers")"#,
        r#"NOT protection = "inscrit" AND date_prot IS NOT NULL"#,
        "siecle IN [12..15]",
    ] {
        let expr = territoire::filter::parse(filter).expect("valid filter");
        let local = territoire::filter::evaluate(&expr, &whole.dataset).expect("evaluates");
        let kept = local.count_ones();
        assert!(
            kept > 0 && kept < whole.dataset.len(),
            "{filter} keeps {kept}"
        );
        let pushed = load_dataset(
            &client,
            None,
            &ExportRequest {
                filter: Some(territoire::filter::to_odsql(&expr)),
                ..request("patrimoine")
            },
            &progress,
        )
        .expect("pushed down");
        assert_eq!(
            names(&pushed.dataset, (0..pushed.dataset.len()).collect()),
            names(&whole.dataset, local.iter_ones().collect()),
            "{filter}"
        );
    }
}
