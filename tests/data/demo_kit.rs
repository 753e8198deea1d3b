//! The bundled demo kit: four layers around Angers, the Lambert-93 shapefile's CP1252 text decoded right.

use std::path::PathBuf;

use territoire::data::{Dataset, Value};
use territoire::jobs::Progress;
use territoire::sources::{LoadOptions, load_path};

fn load(name: &str) -> Dataset {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("sample-data")
        .join(name);
    load_path(&path, &LoadOptions::default(), &Progress::default()).expect(name)
}

fn texts(ds: &Dataset, column: &str) -> Vec<String> {
    let col = ds
        .column(column)
        .unwrap_or_else(|| panic!("no column {column}"));
    (0..ds.len())
        .filter_map(|i| match col.value(i) {
            Value::Text(t) => Some(t.to_owned()),
            _ => None,
        })
        .collect()
}

#[test]
fn heritage_shapefile_decodes_cp1252_text() {
    let ds = load("patrimoine.shp");
    assert_eq!(ds.source_crs.as_deref(), Some("EPSG:2154"));
    let titles = texts(&ds, "tico");
    assert!(titles.iter().any(|t| t.contains("Œuvre")), "{titles:?}");
    assert!(titles.iter().any(|t| t == "Château d'Angers"));
    assert!(
        texts(&ds, "adrs")
            .iter()
            .any(|a| a.contains("Rue de l'Hôtel de Ville"))
    );
    assert!(
        texts(&ds, "commune")
            .iter()
            .any(|c| c == "Saint-Barthélemy-d'Anjou")
    );
    for t in titles {
        assert!(!t.contains('\u{fffd}') && !t.contains("Ã"), "garbled: {t}");
    }
}

#[test]
fn every_layer_sits_around_angers() {
    for name in [
        "quartiers.geojson",
        "espaces-verts.geojson",
        "adresses.csv",
        "patrimoine.shp",
    ] {
        let ds = load(name);
        let [x0, y0, x1, y1] = ds.bbox.expect(name);
        assert!(
            x0 > -0.8 && x1 < -0.3 && y0 > 47.3 && y1 < 47.7,
            "{name}: {:?}",
            ds.bbox
        );
        assert_eq!(ds.without_geometry(), 0, "{name}");
    }
    let quartiers = texts(&load("quartiers.geojson"), "nom");
    assert_eq!(quartiers.len(), 10);
    assert!(quartiers.iter().any(|q| q == "Lac de Maine"));
    let adresses = load("adresses.csv");
    assert!(
        (15_000..30_000).contains(&adresses.len()),
        "{}",
        adresses.len()
    );
}

#[test]
fn the_demo_layers_match_the_filter_presets() {
    for (file, preset, label) in [
        ("adresses.csv", "adresses", "Quartier"),
        (
            "patrimoine.shp",
            "patrimoine",
            "Protection (classé, inscrit)",
        ),
        ("espaces-verts.geojson", "espaces-verts", "Gestionnaire"),
    ] {
        let ds = load(file);
        let fields: Vec<&str> = ds.columns.iter().map(|c| c.name.as_str()).collect();
        let found = territoire::filter::preset::find(None, &fields)
            .unwrap_or_else(|| panic!("{file}: no preset"));
        assert_eq!(found.id, preset, "{file}");
        let labels: Vec<&str> = found
            .present(&fields)
            .iter()
            .map(|(_, f)| f.label.fr.as_str())
            .collect();
        assert!(labels.contains(&label), "{file}: {labels:?}");
        // Every field the preset proposes for the demo layer exists in it.
        assert!(found.present(&fields).len() >= 3, "{file}: {labels:?}");
    }
    let quartiers = load("quartiers.geojson");
    let fields: Vec<&str> = quartiers.columns.iter().map(|c| c.name.as_str()).collect();
    assert!(territoire::filter::preset::find(None, &fields).is_none());
}
