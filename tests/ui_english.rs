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

#[test]
fn english_numbers_are_written_the_english_way() {
    let adresses = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("sample-data")
        .join("adresses.csv");
    let start = StartOptions {
        files: vec![adresses],
        no_basemap: true,
        no_demo: true,
        ephemeral: true,
        language: Some(Language::En),
        ..StartOptions::default()
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| TerritoireApp::new(&cc.egui_ctx, start));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while harness.state().is_loading() {
        assert!(
            std::time::Instant::now() < deadline,
            "still loading after 60 s"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
        harness.step();
    }
    harness.run_steps(3);
    // The layer's count: a comma between thousands, not the French narrow space.
    harness.get_by_label("20,583");
    assert!(
        harness.query_by_label("20\u{202f}583").is_none(),
        "a French number in the English interface"
    );
    // No French word of the interface is left on screen.
    let labels = std::cell::RefCell::new(Vec::new());
    let _ = harness.query_all_by(|node| {
        if let Some(label) = node.label() {
            labels.borrow_mut().push(label);
        }
        false
    });
    let french = [
        "Couches",
        "Ouvrir",
        "objets",
        "Filtrer",
        "Fichier",
        "Affichage",
        " sur ",
    ];
    for label in labels.borrow().iter() {
        for word in french {
            assert!(!label.contains(word), "French “{word}” in “{label}”");
        }
    }
    assert!(labels.borrow().len() > 10, "the screen was read");
    assert_eq!(territoire::i18n::format_number(1234.5, 1), "1,234.5");
    assert_eq!(
        territoire::i18n::tr_count("portal-count", 1, &[]),
        "1 dataset"
    );
}
