//! The interface in English (its own test binary: the language is process-wide).

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use territoire::app::{StartOptions, TerritoireApp};
use territoire::i18n::Language;

#[test]
fn english_is_available() {
    let start = StartOptions {
        no_basemap: true,
        no_demo: true,
        ephemeral: true,
        language: Some(Language::En),
        ..StartOptions::default()
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| TerritoireApp::new(&cc.egui_ctx, start));
    harness.run_steps(2);
    harness.get_by_label("Layers");
    harness.get_by_label("No layers. Open a file or drop it on the window.");
}

#[test]
fn notes_on_opening_a_project_read_in_english() {
    territoire::i18n::set_language(Language::En);
    let warning = territoire::project::ProjectWarning::MissingLayer {
        key: "tram".into(),
        from: territoire::project::Referrer::Bookmark("Centre".into()),
    };
    assert_eq!(
        warning.message(),
        "The bookmark “Centre” named the layer “tram”, which the project does not have: that reference is ignored."
    );
}
