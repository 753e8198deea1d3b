//! The window most tests start from: opened on files, in French, without basemap or demo kit,
//! nothing saved between runs, and waited for until every layer is loaded.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use territoire::app::{StartOptions, TerritoireApp};
use territoire::i18n::Language;

/// A file of the bundled demo kit.
pub fn sample(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("sample-data")
        .join(name)
}

/// The window opened on `files`, 1280 × 800, once they are loaded.
pub fn opened(files: Vec<PathBuf>) -> Harness<'static, TerritoireApp> {
    opened_at(files, egui::vec2(1280.0, 800.0))
}

/// The window opened on `files` at `size`, once they are loaded.
pub fn opened_at(files: Vec<PathBuf>, size: egui::Vec2) -> Harness<'static, TerritoireApp> {
    let start = StartOptions {
        files,
        no_basemap: true,
        no_demo: true,
        ephemeral: true,
        language: Some(Language::Fr),
        ..StartOptions::default()
    };
    let mut h = Harness::builder()
        .with_size(size)
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
