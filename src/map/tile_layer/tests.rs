//! Tile layer tests on MBTiles kits written here: stretched, fallen back, unreadable.

use super::*;
use crate::sources::tiles::TileSpec;

#[test]
fn a_tile_covers_its_quarter_of_the_parent() {
    let tile = TileKey {
        zoom: 5,
        x: 3,
        y: 2,
    };
    assert_eq!(
        uv_within(tile, 5),
        Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0))
    );
    assert_eq!(
        uv_within(tile, 4),
        Rect::from_min_max(pos2(0.5, 0.0), pos2(1.0, 0.5))
    );
    let r = uv_within(tile, 3);
    assert_eq!(r, Rect::from_min_max(pos2(0.75, 0.5), pos2(1.0, 0.75)));
}

/// A kit with tiles of zooms 0 to 2 only (PNG pictures, one colour).
fn kit(dir: &std::path::Path) -> std::path::PathBuf {
    use crate::sources::tiles::mbtiles_write::MbTilesWriter;
    let path = dir.join("kit.mbtiles");
    let mut png = std::io::Cursor::new(Vec::new());
    image::RgbaImage::from_pixel(256, 256, image::Rgba([10, 200, 10, 255]))
        .write_to(&mut png, image::ImageFormat::Png)
        .expect("png");
    let mut w = MbTilesWriter::create(&path, "kit", "Essai").expect("create");
    for zoom in 0..=2u8 {
        for x in 0..(1u32 << zoom) {
            for y in 0..(1u32 << zoom) {
                w.put(TileKey { zoom, x, y }, png.get_ref()).expect("put");
            }
        }
    }
    w.finish([-180.0, -85.0, 180.0, 85.0], 0, 2)
        .expect("finish");
    path
}

/// Asks for `tile` until a piece comes (the workers read in the background).
fn piece_of(layer: &mut TileLayer, tile: TileId) -> Option<Rect> {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if let Some(piece) = layer.at(tile) {
            return Some(piece.uv);
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    None
}

#[test]
fn deeper_than_the_file_its_deepest_tiles_are_stretched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let source = TileLayerSource {
        spec: TileSpec::File(kit(dir.path())),
        cache_dir: None,
        cache_limit_mb: 10,
        user_agent: "test".into(),
    };
    let mut layer = TileLayer::start(source, &egui::Context::default());
    let uv = piece_of(
        &mut layer,
        TileId {
            x: 5,
            y: 1,
            zoom: 3,
        },
    );
    assert_eq!(uv, Some(Rect::from_min_max(pos2(0.5, 0.5), pos2(1.0, 1.0))));
    let meta = layer
        .opened()
        .and_then(|m| m.as_ref().ok())
        .expect("opened");
    assert_eq!((meta.min_zoom, meta.max_zoom), (0, 2));
    assert_eq!(meta.attribution.as_deref(), Some("Essai"));
}

#[test]
fn a_tile_the_source_lacks_falls_back_to_a_lower_zoom() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = kit(dir.path());
    // Zooms 3 and 4 are announced but absent: the file says max 4.
    let conn = rusqlite::Connection::open(&path).expect("open");
    conn.execute("UPDATE metadata SET value = '4' WHERE name = 'maxzoom'", [])
        .expect("update");
    drop(conn);
    let source = TileLayerSource {
        spec: TileSpec::File(path),
        cache_dir: None,
        cache_limit_mb: 10,
        user_agent: "test".into(),
    };
    let mut layer = TileLayer::start(source, &egui::Context::default());
    // Zoom 4 is missing, then zoom 3 is missing, then zoom 2 answers.
    let uv = piece_of(
        &mut layer,
        TileId {
            x: 3,
            y: 0,
            zoom: 4,
        },
    );
    assert_eq!(
        uv,
        Some(Rect::from_min_max(pos2(0.75, 0.0), pos2(1.0, 0.25)))
    );
}

#[test]
fn an_unreadable_file_is_told_not_panicked_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("broken.pmtiles");
    std::fs::write(&path, b"nothing of the sort").expect("write");
    let source = TileLayerSource {
        spec: TileSpec::File(path),
        cache_dir: None,
        cache_limit_mb: 10,
        user_agent: "test".into(),
    };
    let mut layer = TileLayer::start(source, &egui::Context::default());
    let deadline = Instant::now() + Duration::from_secs(10);
    while layer.opened().is_none() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(matches!(
        layer.opened(),
        Some(Err(TileSourceError::NotPmTiles(_)))
    ));
    assert!(
        layer
            .at(TileId {
                x: 0,
                y: 0,
                zoom: 0
            })
            .is_none()
    );
}

#[test]
fn seen_tiles_show_at_once_while_the_network_hangs() {
    // A server that takes connections and never answers (a captive or broken network).
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let template = format!(
        "http://127.0.0.1:{}/{{z}}/{{x}}/{{y}}.png",
        listener.local_addr().expect("addr").port()
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let seen = TileKey {
        zoom: 5,
        x: 15,
        y: 11,
    };
    let mut png = std::io::Cursor::new(Vec::new());
    image::RgbaImage::from_pixel(256, 256, image::Rgba([1, 2, 3, 255]))
        .write_to(&mut png, image::ImageFormat::Png)
        .expect("png");
    crate::sources::tiles::TileCache::open(dir.path(), 10)
        .expect("cache")
        .put(&template, seen, png.get_ref());
    let source = TileLayerSource {
        spec: TileSpec::Url {
            template,
            max_zoom: 19,
        },
        cache_dir: Some(dir.path().to_path_buf()),
        cache_limit_mb: 10,
        user_agent: "test".into(),
    };
    let mut layer = TileLayer::start(source, &egui::Context::default());
    let started = Instant::now();
    // Tiles never seen first: they keep every network worker waiting.
    for x in 0..8 {
        let _ = layer.at(TileId { x, y: 3, zoom: 5 });
    }
    std::thread::sleep(Duration::from_millis(200));
    let uv = piece_of(
        &mut layer,
        TileId {
            x: 15,
            y: 11,
            zoom: 5,
        },
    );
    assert_eq!(uv, Some(Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0))));
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    drop(listener);
}

#[test]
fn a_new_cache_limit_reaches_the_running_basemap() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let template = format!(
        "http://127.0.0.1:{}/{{z}}/{{x}}/{{y}}.png",
        listener.local_addr().expect("addr").port()
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let source = TileLayerSource {
        spec: TileSpec::Url {
            template,
            max_zoom: 19,
        },
        cache_dir: Some(dir.path().to_path_buf()),
        cache_limit_mb: 500,
        user_agent: "test".into(),
    };
    let layer = TileLayer::start(source, &egui::Context::default());
    let deadline = Instant::now() + Duration::from_secs(10);
    while layer.opened().is_none() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    let cache = layer.shared.cache.get().expect("the cache is open");
    assert_eq!(cache.limit_mb(), 500);
    layer.set_cache_limit_mb(120);
    assert_eq!(cache.limit_mb(), 120, "no restart needed");
    drop(listener);
}
