//! Basemap tiles against a local tile server that fails on purpose: what is kept in the cache,
//! what is served offline, `Retry-After`, slow tiles, parallel requests, MBTiles kits.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use territoire::jobs::Progress;
use territoire::sources::tiles::seed::{self, SeedTarget};
use territoire::sources::tiles::{
    TileCache, TileFault, TileFetcher, TileKey, TileSpec, mbtiles::MbTiles,
};

use crate::tile_server;

fn key(zoom: u8, x: u32, y: u32) -> TileKey {
    TileKey { zoom, x, y }
}

fn url(template: String) -> TileSpec {
    TileSpec::Url {
        template,
        max_zoom: 19,
    }
}

fn fetcher(spec: &TileSpec, cache: &Arc<TileCache>) -> TileFetcher {
    TileFetcher::open(spec, Some(Arc::clone(cache)), "Territoire/test").expect("open")
}

#[test]
fn failed_answers_are_faults_and_never_reach_the_cache() {
    let server = tile_server::start();
    let dir = tempfile::tempdir().expect("tempdir");
    let cache = Arc::new(TileCache::open(dir.path(), 50).expect("cache"));
    let cases = [
        ("404", TileFault::Missing),
        ("500", TileFault::Status(500)),
        ("html", TileFault::NotAnImage),
        ("drop", TileFault::Unreachable),
    ];
    for (kind, expected) in cases {
        let spec = url(server.template(kind));
        let got = fetcher(&spec, &cache).get(key(5, 15, 11));
        assert_eq!(got.err(), Some(expected), "{kind}");
    }
    assert_eq!(cache.count(), 0, "nothing written from a failed answer");
    let ok = fetcher(&url(server.template("ok")), &cache).get(key(5, 15, 11));
    assert!(ok.is_ok());
    assert_eq!(cache.count(), 1);
}

#[test]
fn offline_a_seen_tile_comes_from_the_cache_at_once_and_the_rest_fail_fast() {
    let server = tile_server::start();
    let dir = tempfile::tempdir().expect("tempdir");
    let cache = Arc::new(TileCache::open(dir.path(), 50).expect("cache"));
    let spec = url(server.template("ok"));
    let seen = fetcher(&spec, &cache)
        .get(key(12, 2040, 1430))
        .expect("online");
    server.down();
    let offline = fetcher(&spec, &cache);
    let started = Instant::now();
    assert_eq!(offline.get(key(12, 2040, 1430)).ok(), Some(seen));
    assert_eq!(
        offline.get(key(12, 2041, 1430)).err(),
        Some(TileFault::Unreachable)
    );
    // Once the network is known down, uncached tiles are given up without asking again.
    let asked = server.served.load(Ordering::SeqCst);
    for x in 0..20 {
        assert!(offline.get(key(12, 3000 + x, 1430)).is_err());
    }
    assert_eq!(server.served.load(Ordering::SeqCst), asked);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn seeding_waits_as_retry_after_asks_and_gets_every_tile() {
    let server = tile_server::start();
    let dir = tempfile::tempdir().expect("tempdir");
    let cache = Arc::new(TileCache::open(dir.path(), 50).expect("cache"));
    let bbox = [-0.56, 47.46, -0.54, 47.48];
    let target = SeedTarget {
        cache: Some(Arc::clone(&cache)),
        mbtiles: None,
        user_agent: "Territoire/test",
    };
    let started = Instant::now();
    let report = seed::seed(
        &url(server.template("429")),
        bbox,
        10..=12,
        target,
        &Progress::default(),
    )
    .expect("seeded");
    let count = seed::tile_count(bbox, 10..=12);
    assert_eq!(report.ready, count, "{report:?}");
    assert_eq!(report.failed, 0);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "the wait was honoured"
    );
    assert_eq!(cache.count(), count);
}

#[test]
fn slow_tiles_are_fetched_four_at_a_time_at_most() {
    let server = tile_server::start();
    let bbox = [-0.60, 47.44, -0.50, 47.50];
    let zooms = 13..=13;
    let count = seed::tile_count(bbox, zooms.clone());
    assert!(count >= 8, "{count}");
    let target = SeedTarget {
        cache: None,
        mbtiles: None,
        user_agent: "Territoire/test",
    };
    let started = Instant::now();
    let report = seed::seed(
        &url(server.template("slow")),
        bbox,
        zooms,
        target,
        &Progress::default(),
    )
    .expect("seeded");
    assert_eq!(report.ready, count);
    let peak = server.peak.load(Ordering::SeqCst);
    assert!((2..=seed::PARALLEL).contains(&peak), "peak {peak}");
    let floor = Duration::from_secs(count.div_ceil(seed::PARALLEL as u64));
    assert!(started.elapsed() >= floor, "{:?}", started.elapsed());
}

#[test]
fn a_seeded_kit_reads_back_as_mbtiles_with_its_credit() {
    let server = tile_server::start();
    let dir = tempfile::tempdir().expect("tempdir");
    let kit = dir.path().join("kit.mbtiles");
    let bbox = [-0.60, 47.44, -0.50, 47.50];
    let target = SeedTarget {
        cache: None,
        mbtiles: Some((&kit, "kit", "© Essai")),
        user_agent: "Territoire/test",
    };
    let report = seed::seed(
        &url(server.template("ok")),
        bbox,
        8..=11,
        target,
        &Progress::default(),
    )
    .expect("seeded");
    let file = MbTiles::open(&kit).expect("kit");
    assert_eq!(file.meta().attribution.as_deref(), Some("© Essai"));
    assert_eq!((file.meta().min_zoom, file.meta().max_zoom), (8, 11));
    for k in seed::tiles_in(bbox, 8..=11) {
        assert!(file.tile(k).expect("read").is_some(), "{k:?}");
    }
    assert_eq!(report.ready, seed::tile_count(bbox, 8..=11));
    // The kit is a tile source of its own, without network.
    let from_file = TileFetcher::open(&TileSpec::File(kit), None, "test").expect("file");
    assert!(from_file.get(seed::tiles_in(bbox, 11..=11)[0]).is_ok());
    assert_eq!(from_file.get(key(11, 0, 0)).err(), Some(TileFault::Missing));
}

#[test]
fn a_cancelled_preparation_stops() {
    let server = tile_server::start();
    let progress = Progress::default();
    progress.cancel();
    let target = SeedTarget {
        cache: None,
        mbtiles: None,
        user_agent: "Territoire/test",
    };
    let done = seed::seed(
        &url(server.template("slow")),
        [-0.6, 47.4, -0.5, 47.5],
        12..=14,
        target,
        &progress,
    );
    assert!(matches!(done, Err(seed::SeedError::Cancelled)));
    assert_eq!(server.served.load(Ordering::SeqCst), 0);
}
