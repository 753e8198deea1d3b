//! Tests of the print composer: sizes, colours and a PDF that parses, from data made here.

use std::sync::Arc;

use super::*;
use crate::data::{Bitmap, Dataset, DatasetBuilder, GeomKind};

const ORANGE: Rgba = Rgba::rgb(0xe6, 0x55, 0x0d);
const EXTENT: [f64; 4] = [-0.60, 47.44, -0.52, 47.50];

/// Two squares side by side and a few points around Angers.
fn quartiers() -> Dataset {
    let mut b = DatasetBuilder::new(false);
    let nom = b.add_column("nom");
    for (x, name) in [(-0.58, "Doutre"), (-0.56, "Centre-ville")] {
        b.column(nom).push_text(name);
        b.geometry.start_feature(GeomKind::Polygon);
        b.geometry.start_part();
        b.geometry.start_ring();
        for c in [
            [x, 47.45],
            [x + 0.02, 47.45],
            [x + 0.02, 47.49],
            [x, 47.49],
            [x, 47.45],
        ] {
            b.geometry.push_coord(c);
        }
        b.end_row();
    }
    b.finish(None)
}

fn page(fills: Option<Vec<Rgba>>, mask: Option<Bitmap>) -> PrintPage {
    let layer = PrintLayer {
        dataset: Arc::new(quartiers()),
        mask: mask.map(Arc::new),
        grey_out: false,
        color: ORANGE,
        opacity: 1.0,
        point_radius_px: 3.0,
        fills: fills.map(Arc::new),
        highlight: Arc::new(Vec::new()),
        label: None,
    };
    PrintPage {
        paper: Paper {
            resolution: Resolution::Dpi300,
            ..Paper::default()
        },
        sheet: PrintSheet {
            title: "Quartiers d'Angers — essai".into(),
            subtitle: "Territoire · 07/12/2026".into(),
            legend_heading: "Légende".into(),
            legend: vec![LegendItem {
                swatch: Swatch::Fill(ORANGE.faded(0.35), ORANGE),
                label: "Quartiers".into(),
            }],
            sources: vec!["Quartiers : fichier quartiers.geojson".into()],
            sources_heading: "Sources".into(),
        },
        extent: EXTENT,
        panes: vec![MapPane {
            name: String::new(),
            layers: vec![layer],
        }],
        basemap: None,
        basemap_picture: None,
    }
}

fn pixel(p: &Pixels, x: u32, y: u32) -> [u8; 4] {
    let i = ((y * p.width + x) * 4) as usize;
    [p.rgba[i], p.rgba[i + 1], p.rgba[i + 2], p.rgba[i + 3]]
}

fn png(page: &PrintPage) -> Pixels {
    match render(page, Format::Png) {
        Ok(Rendered::Png(p)) => p,
        other => panic!("expected a picture, got {other:?}"),
    }
}

/// Where `[lon, lat]` falls in the picture (the layout's map frame).
fn at(page: &PrintPage, p: &Pixels, lon_lat: [f64; 2]) -> [u32; 2] {
    let canvas = layout::compose(page);
    let frame = canvas
        .ops
        .iter()
        .find_map(|op| match op {
            canvas::Op::Clip(f) => Some(*f),
            _ => None,
        })
        .expect("a map frame");
    let xy = map::Projection::fit(page.extent, frame).project(lon_lat);
    let k = p.width as f32 / canvas.size_pt[0];
    [(xy[0] * k) as u32, (xy[1] * k) as u32]
}

#[test]
fn a4_landscape_at_300_dpi_shows_the_layer_in_its_colour() {
    let page = page(None, None);
    let p = png(&page);
    assert_eq!((p.width, p.height), (3508, 2480));
    let inside = at(&page, &p, [-0.57, 47.47]);
    // The fill: orange at 35 % over white.
    let [r, g, b, _] = pixel(&p, inside[0], inside[1]);
    assert!(
        r > 240 && (180..215).contains(&g) && b < 190,
        "{:?}",
        [r, g, b]
    );
    let colours: std::collections::HashSet<[u8; 4]> = p
        .rgba
        .chunks_exact(4)
        .step_by(97)
        .map(|c| [c[0], c[1], c[2], c[3]])
        .collect();
    assert!(colours.len() > 20, "not blank: {} colours", colours.len());
    // The outline is the layer's colour itself.
    let edge = at(&page, &p, [-0.58, 47.47]);
    let near: Vec<[u8; 4]> = (edge[0] - 3..=edge[0] + 3)
        .map(|x| pixel(&p, x, edge[1]))
        .collect();
    assert!(
        near.iter().any(|c| c[0] > 200 && c[1] < 120 && c[2] < 60),
        "{near:?}"
    );
}

#[test]
fn choropleth_fills_and_filters_are_printed() {
    let blue = Rgba::rgb(0x08, 0x51, 0x9c);
    let mut keep = Bitmap::new(2, false);
    keep.set(0, true);
    let page = page(Some(vec![blue, blue]), Some(keep));
    let p = png(&page);
    let kept = at(&page, &p, [-0.57, 47.47]);
    let [r, g, b, _] = pixel(&p, kept[0], kept[1]);
    assert!(b > 120 && r < 80, "a choropleth class: {:?}", [r, g, b]);
    // The second square is filtered out (hidden): paper.
    let hidden = at(&page, &p, [-0.55, 47.47]);
    assert_eq!(pixel(&p, hidden[0], hidden[1]), [255, 255, 255, 255]);
}

#[test]
fn the_pdf_is_one_a4_landscape_page_with_vectors_and_text() {
    let page = page(None, None);
    let bytes = match render(&page, Format::Pdf) {
        Ok(Rendered::Pdf(b)) => b,
        other => panic!("expected a PDF, got {other:?}"),
    };
    assert!(bytes.starts_with(b"%PDF-"));
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("/MediaBox [0 0 842 595]"), "media box");
    assert_eq!(
        text.matches("/Type /Page\n").count() + text.matches("/Type /Page ").count(),
        1
    );
    assert!(text.contains("/Count 1"));
    assert!(text.contains("/Subtype /Type0") && text.contains("/Identity-H"));
    assert!(text.contains("/CIDFontType2") && text.contains("/FontFile2"));
    assert!(text.contains("/ToUnicode"));
    assert!(text.trim_end().ends_with("%%EOF"));
    // The content stream clips the map, fills paths in the layer's colour and writes the
    // title as text, read back through the ToUnicode map.
    let ops = String::from_utf8_lossy(&inflate_content(&bytes)).into_owned();
    assert!(ops.contains("re\nW\nn"), "a clip");
    assert!(ops.contains("f*"), "filled paths");
    assert!(
        ops.contains("0.9019608 0.33333334 0.050980393 rg"),
        "the layer's colour"
    );
    assert!(ops.contains(" Tj"), "text shown");
    let lines = pdf_text::text_lines(&bytes).expect("text");
    assert_eq!(
        lines.first().map(String::as_str),
        Some("Quartiers d'Angers — essai")
    );
    assert!(lines.iter().any(|l| l == "Quartiers"), "{lines:?}");
}

#[test]
fn polygon_labels_are_printed_once_inside_each_feature() {
    let mut page = page(None, None);
    page.panes[0].layers[0].label = Some("nom".into());
    let bytes = match render(&page, Format::Pdf) {
        Ok(Rendered::Pdf(b)) => b,
        other => panic!("expected a PDF, got {other:?}"),
    };
    let lines = pdf_text::text_lines(&bytes).expect("text");
    // Each label is written five times: four times in white for its halo, once in ink.
    for name in ["Doutre", "Centre-ville"] {
        assert_eq!(lines.iter().filter(|l| *l == name).count(), 5, "{lines:?}");
    }
    // Without a label field, none.
    let plain = match render(&self::page(None, None), Format::Pdf) {
        Ok(Rendered::Pdf(b)) => b,
        other => panic!("expected a PDF, got {other:?}"),
    };
    let lines = pdf_text::text_lines(&plain).expect("text");
    assert!(!lines.iter().any(|l| l == "Doutre"), "{lines:?}");
}

#[test]
fn pdf_text_beyond_windows_1252_is_embedded_and_reads_back() {
    let mut page = page(None, None);
    let title = "Œuvre – « Saint\u{2011}Léonard » ≥ 300 m², Ł, €, 日本";
    page.sheet.title = title.into();
    page.sheet.legend[0].label = "Łódź ≤ 5 km → Zürich".into();
    let bytes = match render(&page, Format::Pdf) {
        Ok(Rendered::Pdf(b)) => b,
        other => panic!("expected a PDF, got {other:?}"),
    };
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("/FontFile2") && text.contains("/ToUnicode"));
    assert!(text.contains("/CIDToGIDMap"));
    // The whole typeface is embedded (no subsetter in the dependencies).
    assert!(bytes.len() > 150_000, "{} bytes", bytes.len());
    let lines = pdf_text::text_lines(&bytes).expect("text");
    assert_eq!(lines[0], title, "characters copy as themselves, 日本 too");
    assert!(
        lines.iter().any(|l| l == "Łódź ≤ 5 km → Zürich"),
        "{lines:?}"
    );
    // The PNG of the same page draws too (stand-ins for 日本, never a panic).
    let p = png(&page);
    assert!(p.width > 0);
}

/// The first FlateDecode stream of the file (the page's content).
fn inflate_content(pdf: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let start = pdf
        .windows(7)
        .position(|w| w == b"stream\n")
        .expect("a stream")
        + 7;
    let mut out = Vec::new();
    let _ = flate2::read::ZlibDecoder::new(&pdf[start..]).read_to_end(&mut out);
    out
}

#[test]
fn two_panes_side_by_side_and_portrait_a3() {
    let mut page = page(None, None);
    page.panes.push(MapPane {
        name: "Côté B".into(),
        layers: Vec::new(),
    });
    page.panes[0].name = "Côté A".into();
    page.paper = Paper {
        size: PaperSize::A3,
        orientation: Orientation::Portrait,
        resolution: Resolution::Dpi150,
    };
    let p = png(&page);
    assert_eq!((p.width, p.height), (1754, 2480));
    let clips = layout::compose(&page)
        .ops
        .iter()
        .filter(|op| matches!(op, canvas::Op::Clip(_)))
        .count();
    assert_eq!(clips, 2);
}

#[test]
fn greyed_out_rows_are_printed_grey() {
    let mut keep = Bitmap::new(2, false);
    keep.set(0, true);
    let mut page = page(None, Some(keep));
    page.panes[0].layers[0].grey_out = true;
    let p = png(&page);
    let left_out = at(&page, &p, [-0.55, 47.47]);
    let [r, g, b, _] = pixel(&p, left_out[0], left_out[1]);
    assert!(r == g && g == b && r < 250, "grey: {:?}", [r, g, b]);
}

#[test]
fn a_hundred_thousand_points_become_at_most_one_symbol_per_cell() {
    let mut b = DatasetBuilder::new(false);
    for k in 0..100_000u32 {
        let (i, j) = (f64::from(k % 400), f64::from(k / 400));
        b.geometry
            .push_point([-0.58 + i * 0.0001, 47.45 + j * 0.0001]);
        b.end_row();
    }
    let mut page = page(None, None);
    page.panes[0].layers = vec![PrintLayer {
        dataset: Arc::new(b.finish(None)),
        mask: None,
        grey_out: false,
        color: ORANGE,
        opacity: 1.0,
        point_radius_px: 3.0,
        fills: None,
        highlight: Arc::new(Vec::new()),
        label: None,
    }];
    let canvas = layout::compose(&page);
    let symbols: usize = canvas
        .ops
        .iter()
        .map(|op| match op {
            canvas::Op::Fill { rings, .. } => rings.len(),
            _ => 0,
        })
        .sum();
    // The points cover about 170 × 130 pt: one symbol per 2.25 pt cell, not 100 000.
    assert!((1_000..10_000).contains(&symbols), "{symbols} symbols");
    let p = png(&page);
    let inside = at(&page, &p, [-0.57, 47.46]);
    assert_eq!(pixel(&p, inside[0], inside[1]), [0xe6, 0x55, 0x0d, 255]);
}

/// A tile of one colour.
fn tile(color: [u8; 4]) -> Pixels {
    Pixels {
        width: 256,
        height: 256,
        rgba: color.repeat(256 * 256),
    }
}

/// A page whose basemap tiles are all magenta, found for every tile the page asks for.
fn page_with_basemap() -> PrintPage {
    let mut page = page(None, None);
    page.basemap = Some(BasemapSource {
        tiles: crate::sources::tiles::TileSpec::Url {
            template: "http://127.0.0.1:9/{z}/{x}/{y}.png".into(),
            max_zoom: 19,
        },
        credit: "Fond de carte : © Essai".into(),
        max_zoom: 19,
        cache_dir: None,
        user_agent: "test".into(),
    });
    let keys = basemap::tiles_for(&page, 19);
    let tiles: Vec<_> = keys
        .iter()
        .map(|&k| (k, tile([200, 0, 200, 255])))
        .collect();
    page.basemap_picture = basemap::stitch(&tiles, "Fond de carte : © Essai");
    page
}

#[test]
fn basemap_tiles_are_drawn_under_the_layers_and_credited() {
    let page = page_with_basemap();
    let keys = basemap::tiles_for(&page, 19);
    // A4 landscape at 300 dpi over 0.08° of longitude: zoom 15 or so, a few dozen tiles.
    let zoom = keys[0].zoom;
    assert!((14..=17).contains(&zoom), "zoom {zoom}");
    // About one tile pixel per printed dot (within the rounding of the zoom).
    let frame = layout::pane_frames(&page, true)[0];
    let dots_per_world = map::Projection::fit(page.extent, frame).points_per_world() * 300.0 / 72.0;
    let ratio = dots_per_world / (256.0 * 2f64.powi(i32::from(zoom)));
    assert!((0.7..=1.42).contains(&ratio), "{ratio} dots per tile pixel");
    assert!((4..=400).contains(&keys.len()), "{} tiles", keys.len());
    let p = png(&page);
    // Outside the squares: the tile's magenta; inside: the layer's orange over it.
    let outside = at(&page, &p, [-0.595, 47.445]);
    assert_eq!(pixel(&p, outside[0], outside[1]), [200, 0, 200, 255]);
    let inside = at(&page, &p, [-0.57, 47.47]);
    let [r, g, b, _] = pixel(&p, inside[0], inside[1]);
    assert!(
        r > 200 && g > 20 && b < 180,
        "orange over magenta: {:?}",
        [r, g, b]
    );
    assert_eq!(
        printed_sources(&page).last().map(String::as_str),
        Some("Fond de carte : © Essai")
    );
    // The PDF embeds the picture as an image and prints the credit.
    let bytes = match render(&page, Format::Pdf) {
        Ok(Rendered::Pdf(b)) => b,
        other => panic!("expected a PDF, got {other:?}"),
    };
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("/Subtype /Image") && text.contains("/Im0"));
    let lines = pdf_text::text_lines(&bytes).expect("text");
    assert!(lines.iter().any(|l| l.contains("© Essai")), "{lines:?}");
}

#[test]
fn without_any_tile_there_is_no_basemap_and_no_credit() {
    let mut page = page_with_basemap();
    page.basemap_picture = basemap::stitch(&[], "Fond de carte : © Essai");
    assert!(page.basemap_picture.is_none());
    assert!(!printed_sources(&page).iter().any(|s| s.contains("Essai")));
    let p = png(&page);
    let outside = at(&page, &p, [-0.595, 47.445]);
    assert_eq!(pixel(&p, outside[0], outside[1]), [255, 255, 255, 255]);
    // A tile that is not a picture is not drawn either.
    assert!(basemap::decode_tile(b"<html>quota</html>").is_none());
}

#[test]
fn selected_features_are_outlined_in_gold() {
    let mut page = page(None, None);
    page.panes[0].layers[0].highlight = Arc::new(vec![1]);
    let p = png(&page);
    let gold = |c: [u8; 4]| c[0] > 240 && (190..230).contains(&c[1]) && c[2] < 60;
    let near = |lon_lat: [f64; 2]| {
        let c = at(&page, &p, lon_lat);
        (c[0] - 4..=c[0] + 4).any(|x| gold(pixel(&p, x, c[1])))
    };
    // The selected square's east edge is gold, the other square's west edge is not.
    assert!(near([-0.54, 47.47]), "the selected feature is outlined");
    assert!(!near([-0.58, 47.47]), "the other one is not");
}
