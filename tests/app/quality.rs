//! The data-quality panel driven by label: a layer's checks listed with their counts, a check's
//! rows selected in the table and on the map, the report exported as CSV.

use egui_kittest::kittest::Queryable;
use serde_json::json;
use territoire::app::action::{Action, QualityAction};

use super::project::{harness, wait};

#[test]
fn a_layers_quality_checks_select_their_rows_and_export() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("arrets.geojson");
    let feature = |geometry: serde_json::Value, id: i64| json!({"type": "Feature", "geometry": geometry, "properties": {"id": id, "nom": "Arrêt"}});
    let point = json!({"type": "Point", "coordinates": [-0.55, 47.47]});
    let other = json!({"type": "Point", "coordinates": [-0.56, 47.46]});
    let features = [
        feature(point.clone(), 1),
        feature(serde_json::Value::Null, 2),
        feature(point, 3),
        feature(other, 3),
    ];
    let collection = json!({"type": "FeatureCollection", "features": features});
    std::fs::write(&path, collection.to_string()).expect("write");

    let mut h = harness(vec![path]);
    h.get_by_label("Actions sur la couche (Arrets)").click();
    h.run_steps(2);
    h.get_by_label("Qualité des données…").click();
    h.run_steps(2);
    wait(&mut h, "report", |app| app.quality.report.is_some());
    h.get_by_label("Qualité des données — Arrets");
    h.get_by_label("4 objets contrôlés");
    h.get_by_label("objets sans géométrie : 1");
    h.get_by_label("géométries en double : 1");
    h.get_by_label("identifiants en double : 1");
    h.get_by_label("géométries invalides (auto-intersection, anneau non fermé ou trop court) : 0");

    // The checks that found rows each offer to select them: empty, duplicate geometry, duplicate id.
    let buttons = h.get_all_by_label("Sélectionner").count();
    assert_eq!(buttons, 3);
    h.get_all_by_label("Sélectionner")
        .nth(1)
        .expect("duplicate geometry")
        .click();
    h.run_steps(3);
    let table = h.state().table.as_ref().expect("the table opens");
    assert_eq!(table.selected.iter().copied().collect::<Vec<_>>(), vec![2]);

    let csv = dir.path().join("qualite.csv");
    h.state_mut()
        .apply(Action::Quality(QualityAction::Export(Some(csv.clone()))));
    wait(&mut h, "export", |app| app.quality.notice.is_some());
    let text = std::fs::read_to_string(&csv).expect("written");
    assert!(
        text.starts_with("\u{feff}controle;libelle;nombre;lignes\r\n"),
        "{text}"
    );
    assert!(
        text.contains("\r\nduplicate_id;identifiants en double;1;4\r\n"),
        "{text}"
    );
    h.get_by_label_contains("Rapport enregistré");
}
