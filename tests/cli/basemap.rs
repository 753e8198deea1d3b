//! `territoire basemap seed` against a local tile server, OpenStreetMap refused, and the window
//! started on the kit it wrote (`--basemap kit.mbtiles --screenshot`) without network.

use std::process::Command;

use crate::tile_server;

fn territoire() -> Command {
    Command::new(env!("CARGO_BIN_EXE_territoire"))
}

/// Writes a kit of zooms 10 to 12 around Angers from the local server; returns its path.
fn seeded_kit(dir: &std::path::Path, server: &tile_server::TileServer) -> std::path::PathBuf {
    let kit = dir.join("kit.mbtiles");
    let out = territoire()
        .args(["basemap", "seed", "--basemap", &server.template("ok")])
        .args(["--bbox", "-0.80,47.30,-0.30,47.65", "--zooms", "10-12"])
        .args(["--attribution", "Kit d'essai", "--lang", "fr", "--out"])
        .arg(&kit)
        .env("TERRITOIRE_CACHE_DIR", dir.join("cache"))
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("tuiles prêtes") && stdout.contains("0 en échec"),
        "{stdout}"
    );
    kit
}

#[test]
fn seed_writes_a_kit_that_reads_back() {
    let server = tile_server::start();
    let dir = tempfile::tempdir().expect("tempdir");
    let kit = seeded_kit(dir.path(), &server);
    let file = territoire::sources::tiles::mbtiles::MbTiles::open(&kit).expect("a kit");
    assert_eq!(file.meta().attribution.as_deref(), Some("Kit d'essai"));
    assert_eq!((file.meta().min_zoom, file.meta().max_zoom), (10, 12));
}

#[test]
fn seeding_openstreetmap_is_refused_with_the_reason() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = territoire()
        .args([
            "basemap",
            "seed",
            "--basemap",
            "osm",
            "--bbox",
            "-0.6,47.4,-0.5,47.5",
        ])
        .args(["--zooms", "10-12", "--lang", "fr"])
        .env("TERRITOIRE_CACHE_DIR", dir.path())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("politique d'usage"), "{stderr}");
}

#[test]
fn bad_extents_and_zooms_are_usage_errors() {
    for (bbox, zooms) in [("-0.6,47.4,-0.5", "10-12"), ("-0.6,47.4,-0.5,47.5", "14-9")] {
        let out = territoire()
            .args([
                "basemap",
                "seed",
                "--basemap",
                "ign-plan",
                "--bbox",
                bbox,
                "--zooms",
                zooms,
            ])
            .args(["--lang", "fr"])
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(2), "{bbox} {zooms}");
    }
}

/// Pixels of a PNG matching `color` (within a few levels, the tiles are resampled).
fn pixels_like(path: &std::path::Path, color: [u8; 4]) -> usize {
    let image = image::open(path).expect("a PNG").to_rgba8();
    image
        .pixels()
        .filter(|p| (0..3).all(|k| p.0[k].abs_diff(color[k]) <= 3))
        .count()
}

#[test]
fn the_window_shows_the_kit_without_network() {
    let Some(mut window) = crate::window::under_xvfb() else {
        return;
    };
    let server = tile_server::start();
    let dir = tempfile::tempdir().expect("tempdir");
    let kit = seeded_kit(dir.path(), &server);
    server.down();
    let shot = dir.path().join("s.png");
    let out = window
        .args(["--no-demo", "--lang", "fr", "--basemap"])
        .arg(&kit)
        .arg("--screenshot")
        .arg(&shot)
        .env("TERRITOIRE_CACHE_DIR", dir.path().join("cache"))
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The map opens at zoom 13, deeper than the kit: its zoom-12 tiles are stretched.
    let kit_pixels = pixels_like(&shot, tile_server::zoom_color(12));
    assert!(
        kit_pixels > 300_000,
        "{kit_pixels} pixels of the kit's tiles"
    );
}
