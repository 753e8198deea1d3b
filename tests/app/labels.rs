//! The label field of a polygon layer's style driven by label: chosen from the layer's fields,
//! kept by the layer, cleared with "Aucune"; point layers have no label picker.

use crate::opened::{opened, sample};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use territoire::app::TerritoireApp;

fn harness(file: &str) -> Harness<'static, TerritoireApp> {
    opened(vec![sample(file)])
}

/// Opens the label picker of the only layer's style and chooses `choice` in it.
fn choose_label(h: &mut Harness<'static, TerritoireApp>, choice: &str) {
    h.get_by_label("Étiquettes").click();
    h.run_steps(2);
    h.get_by_label(choice).click();
    h.run_steps(2);
}

#[test]
fn a_polygon_layer_is_labelled_by_the_field_chosen_in_its_style() {
    let mut h = harness("quartiers.geojson");
    assert_eq!(h.state().layers[0].label, None);
    h.get_by_label("Style").click();
    h.run_steps(2);
    // Nothing chosen yet: the picker shows "Aucune".
    h.get_by_value("Aucune");

    choose_label(&mut h, "nom");
    assert_eq!(h.state().layers[0].label.as_deref(), Some("nom"));
    h.get_by_value("nom");

    choose_label(&mut h, "code");
    assert_eq!(h.state().layers[0].label.as_deref(), Some("code"));

    choose_label(&mut h, "Aucune");
    assert_eq!(h.state().layers[0].label, None);
}

#[test]
fn a_point_layer_has_no_label_picker() {
    let mut h = harness("patrimoine.shp");
    h.get_by_label("Style").click();
    h.run_steps(2);
    h.get_by_role_and_label(Role::Slider, "Opacité");
    assert!(
        h.query_by_label("Étiquettes").is_none(),
        "labels are for polygons"
    );
}
