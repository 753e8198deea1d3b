//! The basemap windows driven by label against a local tile server: an XYZ server as the
//! basemap, a WMTS read from its capabilities, the session preparation (OpenStreetMap refused,
//! then a download with its count), the tile cache emptied from the preferences.

use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use territoire::app::TerritoireApp;
use territoire::settings::{BasemapId, CustomBasemapKind};

use super::project::wait;
use crate::tile_server;

/// The app without layers nor basemap, its tile cache in `dir`.
fn harness(dir: &std::path::Path) -> Harness<'static, TerritoireApp> {
    let start = territoire::app::StartOptions {
        no_basemap: true,
        no_demo: true,
        ephemeral: true,
        language: Some(territoire::i18n::Language::Fr),
        tile_cache: Some(dir.join("tiles")),
        ..territoire::app::StartOptions::default()
    };
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| TerritoireApp::new(&cc.egui_ctx, start));
    h.run_steps(3);
    h
}

fn menu(h: &mut Harness<'static, TerritoireApp>, entry: &str) {
    h.get_by_label("Fond de carte").click();
    h.run_steps(2);
    h.get_by_label(entry).click();
    h.run_steps(4);
}

/// Types `text` in the field labelled `label`.
fn type_in(h: &mut Harness<'static, TerritoireApp>, label: &str, text: &str) {
    h.get_by_label(label).click();
    h.run_steps(1);
    h.get_by_label(label).type_text(text);
    h.run_steps(2);
}

fn tiles_shown(app: &TerritoireApp) -> bool {
    app.map.basemap_tiles().is_some_and(|t| t.ready() > 0)
}

#[test]
fn an_xyz_server_becomes_the_basemap_with_its_credit() {
    let server = tile_server::start();
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = harness(dir.path());
    menu(&mut h, "Depuis un serveur…");
    type_in(&mut h, "Adresse du serveur", &server.template("ok"));
    type_in(
        &mut h,
        "Mention de la source (affichée sur la carte et imprimée)",
        "© Métropole",
    );
    h.run_steps(2);
    h.get_by_label("Utiliser ce fond").click();
    h.run_steps(2);
    assert_eq!(h.state().map.basemap(), BasemapId::Custom);
    let custom = h.state().settings.custom_basemap.clone().expect("saved");
    assert_eq!(custom.kind, CustomBasemapKind::Xyz);
    assert_eq!(custom.attribution, "© Métropole");
    wait(&mut h, "tiles", tiles_shown);
    let credit = h.state().map.basemap_tiles().and_then(|t| t.credit());
    assert_eq!(credit.map(|c| c.0).as_deref(), Some("© Métropole"));
}

/// A WMTS capabilities document whose one layer is on the `PM` set of the local server.
fn capabilities(base: &str) -> String {
    let matrices: String = (0..=18)
        .map(|z| {
            let scale = 559_082_264.028_717_8 / f64::from(1u32 << z);
            format!("<TileMatrix><ows:Identifier>{z}</ows:Identifier><ScaleDenominator>{scale}</ScaleDenominator></TileMatrix>")
        })
        .collect();
    format!(
        r#"<Capabilities xmlns="http://www.opengis.net/wmts/1.0" xmlns:ows="http://www.opengis.net/ows/1.1"><Contents><Layer><ows:Title>Plan de la métropole</ows:Title><ows:Identifier>plan</ows:Identifier><Style isDefault="true"><ows:Identifier>normal</ows:Identifier></Style><Format>image/png</Format><TileMatrixSetLink><TileMatrixSet>PM</TileMatrixSet></TileMatrixSetLink><ResourceURL format="image/png" resourceType="tile" template="{base}/ok/{{TileMatrix}}/{{TileCol}}/{{TileRow}}.png"/></Layer><TileMatrixSet><ows:Identifier>PM</ows:Identifier><ows:SupportedCRS>EPSG:3857</ows:SupportedCRS>{matrices}</TileMatrixSet></Contents></Capabilities>"#
    )
}

#[test]
fn a_wmts_layer_is_listed_from_its_capabilities_and_used() {
    let server = tile_server::start();
    let dir = tempfile::tempdir().expect("tempdir");
    let caps = dir.path().join("caps.xml");
    std::fs::write(&caps, capabilities(&server.base)).expect("write");
    let caps_url = format!("{}/file{}", server.base, caps.display());
    let mut h = harness(dir.path());
    menu(&mut h, "Depuis un serveur…");
    type_in(&mut h, "Adresse du serveur", &caps_url);
    h.run_steps(2);
    h.get_by_label("Lire les capacités").click();
    h.run_steps(2);
    wait(&mut h, "capabilities", |app| {
        app.basemap.server.capabilities.is_some()
    });
    assert!(
        matches!(h.state().basemap.server.capabilities, Some(Ok(_))),
        "{:?}",
        h.state().basemap.server.capabilities
    );
    h.run_steps(2);
    assert!(
        h.get_all_by_label("Couche").count() >= 1,
        "the layer choice is shown"
    );
    h.get_by_label("Utiliser ce fond").click();
    h.run_steps(2);
    let custom = h.state().settings.custom_basemap.clone().expect("saved");
    assert_eq!(custom.kind, CustomBasemapKind::Wmts);
    assert_eq!(custom.layer, "plan");
    assert_eq!(
        custom.template,
        format!("{}/ok/{{z}}/{{x}}/{{y}}.png", server.base)
    );
    wait(&mut h, "tiles", tiles_shown);
}

#[test]
fn preparing_refuses_openstreetmap_then_downloads_from_a_server() {
    let server = tile_server::start();
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = harness(dir.path());
    let ctx = h.ctx.clone();
    h.state_mut()
        .map
        .set_basemap(BasemapId::OpenStreetMap, None, &ctx);
    menu(&mut h, "Préparer le hors-ligne…");
    h.get_by_label_contains("politique d'usage");
    menu(&mut h, "Depuis un serveur…");
    type_in(&mut h, "Adresse du serveur", &server.template("ok"));
    h.run_steps(2);
    h.get_by_label("Utiliser ce fond").click();
    h.run_steps(2);
    h.get_by_label("La vue actuelle").click();
    h.run_steps(2);
    h.get_by_label_contains("tuiles, environ");
    let started = Instant::now();
    h.get_by_label("Télécharger").click();
    h.run_steps(2);
    wait(&mut h, "preparation", |app| {
        app.basemap.offline.result.is_some()
    });
    let report = h.state().basemap.offline.result.expect("done").expect("ok");
    assert!(report.ready > 10 && report.failed == 0, "{report:?}");
    assert!(started.elapsed() < Duration::from_secs(60));
    h.run_steps(2);
    h.get_by_label_contains("tuiles prêtes");
}

#[test]
fn the_tile_cache_is_measured_and_emptied_from_the_preferences() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cache =
        territoire::sources::tiles::TileCache::open(&dir.path().join("tiles"), 50).expect("cache");
    let key = territoire::sources::tiles::TileKey {
        zoom: 3,
        x: 1,
        y: 2,
    };
    cache.put(
        "http://127.0.0.1:9/{z}/{x}/{y}.png",
        key,
        &tile_server::tile_png([1, 2, 3, 255]),
    );
    drop(cache);
    let mut h = harness(dir.path());
    h.state_mut()
        .apply(territoire::app::action::Action::Settings(
            territoire::app::action::SettingsAction::Toggle,
        ));
    h.run_steps(3);
    wait(&mut h, "measure", |app| {
        app.basemap.cache_bytes.is_some_and(|b| b > 0)
    });
    h.run_steps(2);
    h.get_by_label("Vider").click();
    h.run_steps(2);
    wait(&mut h, "emptied", |app| app.basemap.cache_bytes == Some(0));
    let cache =
        territoire::sources::tiles::TileCache::open(&dir.path().join("tiles"), 50).expect("cache");
    assert_eq!(cache.count(), 0);
}

#[test]
fn a_tile_file_typed_in_the_path_window_becomes_the_basemap() {
    let server = tile_server::start();
    let dir = tempfile::tempdir().expect("tempdir");
    let kit = dir.path().join("kit.mbtiles");
    let target = territoire::sources::tiles::seed::SeedTarget {
        cache: None,
        mbtiles: Some((&kit, "kit", "Kit d'essai")),
        user_agent: "test",
    };
    let spec = territoire::sources::tiles::TileSpec::Url {
        template: server.template("ok"),
        max_zoom: 19,
    };
    territoire::sources::tiles::seed::seed(
        &spec,
        [-0.8, 47.3, -0.3, 47.65],
        8..=11,
        target,
        &territoire::jobs::Progress::default(),
    )
    .expect("kit");
    server.down();
    let start = territoire::app::StartOptions {
        no_basemap: true,
        no_demo: true,
        ephemeral: true,
        no_native_dialogs: true,
        language: Some(territoire::i18n::Language::Fr),
        tile_cache: Some(dir.path().join("tiles")),
        ..territoire::app::StartOptions::default()
    };
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| TerritoireApp::new(&cc.egui_ctx, start));
    h.run_steps(3);
    menu(&mut h, "Depuis un fichier…");
    type_in(&mut h, "Chemin du fichier", &kit.display().to_string());
    h.get_by_label("Ouvrir").click();
    h.run_steps(2);
    assert_eq!(h.state().map.basemap(), BasemapId::Custom);
    assert!(h.state().layers.is_empty(), "a basemap, not a layer");
    wait(&mut h, "tiles", tiles_shown);
    let credit = h.state().map.basemap_tiles().and_then(|t| t.credit());
    assert_eq!(credit.map(|c| c.0).as_deref(), Some("Kit d'essai"));
}
