//! The map export for a note driven by label: title, legend of the visible layers (and of each
//! compare side), sources of every layer, the paper and format chosen in the window, a page
//! drawn from the layers that no open window reaches, and the choropleth kept on the map.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::opened::{opened, sample};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use territoire::app::action::{Action, FilterAction, LayersAction, PrintAction};
use territoire::app::{StartOptions, TerritoireApp};
use territoire::i18n::Language;
use territoire::print::Swatch;

fn harness() -> Harness<'static, TerritoireApp> {
    opened(vec![sample("quartiers.geojson"), sample("patrimoine.shp")])
}

fn labels(app: &TerritoireApp) -> Vec<String> {
    app.print_sheet()
        .legend
        .into_iter()
        .map(|i| i.label)
        .collect()
}

#[test]
fn the_sheet_names_the_title_the_layers_and_their_sources() {
    let mut h = harness();
    h.get_by_label("Fichier").click();
    h.run_steps(2);
    h.get_by_label("Exporter la carte (PNG, PDF)…").click();
    h.run_steps(2);
    // A window takes a few frames to size itself.
    h.run_steps(4);
    h.get_by_label("Titre").click();
    h.run_steps(1);
    h.get_by_label("Titre").type_text("Patrimoine par quartier");
    h.run_steps(2);
    let sheet = h.state().print_sheet();
    assert_eq!(sheet.title, "Patrimoine par quartier");
    assert!(
        sheet.subtitle.starts_with("Territoire"),
        "{}",
        sheet.subtitle
    );
    // Top layer first, with a symbol of its geometry.
    assert_eq!(labels(h.state()), ["Patrimoine", "Quartiers"]);
    assert!(matches!(sheet.legend[0].swatch, Swatch::Point(_)));
    assert!(matches!(sheet.legend[1].swatch, Swatch::Fill(..)));
    assert_eq!(
        sheet.sources,
        [
            "Patrimoine : fichier patrimoine.shp",
            "Quartiers : fichier quartiers.geojson"
        ]
    );

    // A hidden layer leaves the legend and the sources.
    let quartiers = h.state().layers[0].id;
    h.state_mut()
        .apply(Action::Layers(LayersAction::SetVisible(quartiers, false)));
    h.run_steps(2);
    assert_eq!(labels(h.state()), ["Patrimoine"]);
    assert_eq!(h.state().print_sheet().sources.len(), 1);
    h.state_mut()
        .apply(Action::Layers(LayersAction::SetVisible(quartiers, true)));

    // A filter is named with what it keeps.
    let patrimoine = h.state().layers[1].id;
    h.state_mut()
        .apply(Action::Filter(FilterAction::Open(patrimoine)));
    h.state_mut()
        .apply(Action::Filter(FilterAction::Edit(Box::new(
            territoire::app::filter::FilterEdit {
                draft: Default::default(),
                typed: Some("siecle >= 18".into()),
                name: String::new(),
                places: Vec::new(),
            },
        ))));
    h.state_mut().apply(Action::Filter(FilterAction::Close));
    let deadline = Instant::now() + Duration::from_secs(30);
    while h.state().layers[1].filter.is_none() {
        assert!(Instant::now() < deadline, "filter");
        h.step();
    }
    let kept = h.state().layers[1].filter.as_ref().map_or(0, |f| f.count);
    let first = labels(h.state()).remove(0);
    assert!(
        first.starts_with("Patrimoine — ") && first.contains(&format!("sur {}", 80)),
        "{first}"
    );
    assert!(
        first.contains(&territoire::app::format_count(kept)),
        "{first}"
    );
}

#[test]
fn comparing_sides_splits_the_legend_and_prints_both_sides() {
    let mut h = harness();
    h.get_by_label("Comparer").click();
    h.run_steps(2);
    assert_eq!(
        labels(h.state()),
        ["Côté A", "Quartiers", "Côté B", "Patrimoine"]
    );
    assert!(matches!(
        h.state().print_sheet().legend[0].swatch,
        Swatch::Heading
    ));

    // The page is drawn from the layers, not captured from the screen: it is written even
    // where no renderer answers (before, a capture failure was reported here). Both sides are
    // printed side by side on A4 landscape at 150 dpi.
    let out = tempfile::tempdir().expect("tempdir");
    let path = out.path().join("carte.png");
    export(&mut h, &path);
    assert_eq!(
        h.state().print.notice.as_ref().map(|n| n.is_ok()),
        Some(true)
    );
    assert_eq!(png_size(&path), (1754, 1240));
    h.get_by_label("Fichier").click();
    h.run_steps(2);
    h.get_by_label("Exporter la carte (PNG, PDF)…").click();
    h.run_steps(4);
    h.get_by_label_contains("Carte enregistrée");
}

/// Exports to `path` and waits for the background job.
fn export(h: &mut Harness<'static, TerritoireApp>, path: &std::path::Path) {
    h.state_mut()
        .apply(Action::Print(PrintAction::Export(Some(path.to_path_buf()))));
    let deadline = Instant::now() + Duration::from_secs(120);
    while h.state().print.is_busy() {
        assert!(Instant::now() < deadline, "export still busy");
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    h.run_steps(1);
}

fn png_size(path: &std::path::Path) -> (u32, u32) {
    let bytes = std::fs::read(path).expect("written");
    assert!(bytes.starts_with(b"\x89PNG"), "a PNG");
    let be = |i: usize| u32::from_be_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    (be(16), be(20))
}

fn zones_harness() -> Harness<'static, TerritoireApp> {
    opened(vec![sample("quartiers.geojson"), sample("adresses.csv")])
}

#[test]
fn open_windows_never_reach_the_page_and_the_choropleth_stays_on_the_map() {
    let mut h = zones_harness();
    h.get_by_label("Zones").click();
    h.run_steps(2);
    let deadline = Instant::now() + Duration::from_secs(60);
    while h.state().zone_stats.fills.is_empty() || h.state().zone_stats.is_computing() {
        assert!(Instant::now() < deadline, "figures");
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    h.run_steps(3);
    h.get_by_label("Statistiques par zone");
    // The export window, chosen by label: PDF, A3 portrait at 300 dpi, then back to PNG, A4 landscape 150 dpi.
    h.get_by_label("Fichier").click();
    h.run_steps(2);
    h.get_by_label("Exporter la carte (PNG, PDF)…").click();
    h.run_steps(4);
    for label in ["PDF", "A3", "Portrait", "300 dpi"] {
        h.get_by_label(label).click();
        h.run_steps(2);
    }
    let print = &h.state().print;
    assert_eq!(print.format, territoire::print::Format::Pdf);
    assert_eq!(print.paper.size_px(), [3508, 4961]);
    for label in ["PNG", "A4", "Paysage", "150 dpi"] {
        h.get_by_label(label).click();
        h.run_steps(2);
    }
    assert_eq!(h.state().print.paper, territoire::print::Paper::default());

    let out = tempfile::tempdir().expect("tempdir");
    let with_windows = out.path().join("fenetres.png");
    export(&mut h, &with_windows);
    assert_eq!(png_size(&with_windows), (1754, 1240));

    // Closing the zone window hides the window, not the choropleth.
    h.state_mut()
        .apply(Action::Zones(territoire::app::action::ZonesAction::Toggle));
    h.run_steps(3);
    assert!(!h.state().zone_stats.open);
    let quartiers = h.state().layers[0].id;
    assert!(h.state().zone_stats.fills_for(quartiers).is_some());
    h.state_mut().apply(Action::Print(PrintAction::Toggle));
    h.run_steps(3);
    let without_windows = out.path().join("sans-fenetre.png");
    export(&mut h, &without_windows);
    let read = |p: &std::path::Path| std::fs::read(p).expect("written");
    assert!(
        read(&with_windows) == read(&without_windows),
        "the same page with and without the windows open"
    );

    // Taking the colours off the map changes the page: they were printed.
    h.state_mut()
        .apply(Action::Zones(territoire::app::action::ZonesAction::Remove));
    h.run_steps(3);
    assert!(h.state().zone_stats.fills_for(quartiers).is_none());
    let plain = out.path().join("sans-zones.png");
    export(&mut h, &plain);
    assert!(
        read(&plain) != read(&without_windows),
        "the choropleth was on the page"
    );
    assert!(
        !h.state()
            .print_sheet()
            .legend
            .iter()
            .any(|i| i.label.contains(" — ")),
        "no classes in the legend any more"
    );

    // A PDF by its extension; an unknown extension is refused with a message.
    let pdf = out.path().join("carte.pdf");
    export(&mut h, &pdf);
    let bytes = read(&pdf);
    assert!(bytes.starts_with(b"%PDF-"));
    assert!(String::from_utf8_lossy(&bytes).contains("/MediaBox [0 0 842 595]"));
    let jpg = out.path().join("carte.jpg");
    export(&mut h, &jpg);
    assert!(!jpg.exists());
    match &h.state().print.notice {
        Some(Err(e)) => assert!(e.to_string().contains(".png ou .pdf"), "{e}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// A 256-pixel tile of one colour, as a PNG.
fn tile_png(color: [u8; 4]) -> Vec<u8> {
    let image = image::RgbaImage::from_pixel(256, 256, image::Rgba(color));
    let mut bytes = std::io::Cursor::new(Vec::new());
    image
        .write_to(&mut bytes, image::ImageFormat::Png)
        .expect("encode");
    bytes.into_inner()
}

/// A local tile server: every path gets `tile` (cacheable for a day) while `up`, a 500 after.
fn tile_server(
    tile: Vec<u8>,
) -> (
    String,
    std::sync::Arc<std::sync::atomic::AtomicBool>,
    std::sync::Arc<std::sync::atomic::AtomicUsize>,
) {
    use std::io::{Read, Write};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let (up, served) = (
        Arc::new(AtomicBool::new(true)),
        Arc::new(AtomicUsize::new(0)),
    );
    let (up_, served_) = (Arc::clone(&up), Arc::clone(&served));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (up, served, tile) = (Arc::clone(&up_), Arc::clone(&served_), tile.clone());
            std::thread::spawn(move || {
                let mut stream = stream;
                let mut request = Vec::new();
                let mut buf = [0u8; 1024];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf) {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                let head = if up.load(Ordering::SeqCst) {
                    served.fetch_add(1, Ordering::SeqCst);
                    format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nCache-Control: max-age=86400\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        tile.len()
                    )
                } else {
                    "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".into()
                };
                let _ = stream.write_all(head.as_bytes());
                if up.load(Ordering::SeqCst) {
                    let _ = stream.write_all(&tile);
                }
            });
        }
    });
    (
        format!("http://127.0.0.1:{port}/{{z}}/{{x}}/{{y}}.png"),
        up,
        served,
    )
}

/// The app on the quartiers with OpenStreetMap tiles taken from `tile_url`, kept in `cache`.
fn basemap_harness(tile_url: String, cache: PathBuf) -> Harness<'static, TerritoireApp> {
    let start = StartOptions {
        files: vec![sample("quartiers.geojson")],
        no_demo: true,
        ephemeral: true,
        language: Some(Language::Fr),
        tile_url: Some(tile_url),
        tile_cache: Some(cache),
        ..StartOptions::default()
    };
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| TerritoireApp::new(&cc.egui_ctx, start));
    let deadline = Instant::now() + Duration::from_secs(60);
    while h.state().is_loading() {
        assert!(Instant::now() < deadline, "still loading");
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    h.run_steps(3);
    h
}

/// Pixels of a PNG file matching `wanted`.
fn count_pixels(path: &std::path::Path, wanted: impl Fn([u8; 4]) -> bool) -> usize {
    let image = image::open(path).expect("a PNG").to_rgba8();
    image.pixels().filter(|p| wanted(p.0)).count()
}

fn pdf_lines(path: &std::path::Path) -> Vec<String> {
    let bytes = std::fs::read(path).expect("written");
    territoire::print::pdf_text::text_lines(&bytes).expect("a page written here")
}

const CREDIT: &str = "Fond de carte : © les contributeurs d'OpenStreetMap";

#[test]
fn basemap_tiles_print_from_the_server_then_from_the_cache_and_are_credited() {
    let magenta = [200, 0, 200, 255];
    let (url, up, served) = tile_server(tile_png(magenta));
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = basemap_harness(url, dir.path().join("tiles"));
    let first = dir.path().join("fond.png");
    export(&mut h, &first);
    assert!(
        served.load(std::sync::atomic::Ordering::SeqCst) > 0,
        "tiles asked"
    );
    let tile_pixels = count_pixels(&first, |c| c == magenta);
    assert!(tile_pixels > 100_000, "{tile_pixels} pixels of the tile");
    let pdf = dir.path().join("fond.pdf");
    export(&mut h, &pdf);
    assert!(
        pdf_lines(&pdf).iter().any(|l| l.contains(CREDIT)),
        "{:?}",
        pdf_lines(&pdf)
    );
    assert!(
        String::from_utf8_lossy(&std::fs::read(&pdf).expect("pdf")).contains("/Subtype /Image")
    );

    // The server is down: the same tiles come from the disk cache.
    up.store(false, std::sync::atomic::Ordering::SeqCst);
    let second = dir.path().join("hors-ligne.png");
    export(&mut h, &second);
    assert_eq!(count_pixels(&second, |c| c == magenta), tile_pixels);
    // At 300 dpi the print's zoom is one deeper, never fetched: the cached tiles of the zoom
    // below are resampled rather than leaving the map bare.
    h.state_mut().apply(Action::Print(PrintAction::SetPaper(
        territoire::print::Paper {
            resolution: territoire::print::Resolution::Dpi300,
            ..territoire::print::Paper::default()
        },
    )));
    let deeper = dir.path().join("hors-ligne-300.png");
    export(&mut h, &deeper);
    assert!(count_pixels(&deeper, |c| c == magenta) > 4 * tile_pixels / 2);
}

#[test]
fn without_tiles_nothing_of_the_basemap_is_printed_nor_credited() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("http://127.0.0.1:{port}/{{z}}/{{x}}/{{y}}.png");
    let mut h = basemap_harness(url, dir.path().join("vide"));
    let pdf = dir.path().join("sans-fond.pdf");
    export(&mut h, &pdf);
    assert_eq!(
        h.state().print.notice.as_ref().map(|n| n.is_ok()),
        Some(true)
    );
    let lines = pdf_lines(&pdf);
    assert!(
        lines.iter().any(|l| l.contains("quartiers.geojson")),
        "{lines:?}"
    );
    assert!(
        !lines.iter().any(|l| l.contains("Fond de carte")),
        "{lines:?}"
    );
    assert!(
        !String::from_utf8_lossy(&std::fs::read(&pdf).expect("pdf")).contains("/Subtype /Image")
    );
}

#[test]
fn features_selected_in_the_table_are_highlighted_on_the_page() {
    use territoire::app::action::TableAction;
    let mut h = harness();
    let quartiers = h.state().layers[0].id;
    h.state_mut()
        .apply(Action::Table(TableAction::Show(quartiers)));
    h.run_steps(2);
    h.state_mut().apply(Action::Table(TableAction::SelectRows {
        rows: vec![0, 1],
        add: false,
        zoom: false,
    }));
    h.run_steps(2);
    let page = h.state().print_page();
    let printed = page
        .panes
        .iter()
        .flat_map(|p| &p.layers)
        .find(|l| l.highlight.len() == 2);
    assert!(printed.is_some(), "the selection goes to the page");
    let gold = |c: [u8; 4]| c == [0xff, 0xd7, 0x00, 0xff];
    let dir = tempfile::tempdir().expect("tempdir");
    let selected = dir.path().join("selection.png");
    export(&mut h, &selected);
    assert!(count_pixels(&selected, gold) > 50, "gold outlines");
    h.state_mut().apply(Action::Table(TableAction::SelectRows {
        rows: Vec::new(),
        add: false,
        zoom: false,
    }));
    h.run_steps(2);
    let plain = dir.path().join("sans-selection.png");
    export(&mut h, &plain);
    assert_eq!(count_pixels(&plain, gold), 0, "no selection, no gold");
}
