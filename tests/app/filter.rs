//! The filter window driven by label with egui_kittest: build a filter, read the live count,
//! combine with OU, edit the expression, save and reuse a filter, remove it.

use std::path::PathBuf;

use crate::opened::{opened_at, sample};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use territoire::app::{FilterMode, TerritoireApp};
use territoire::data::Value;

fn harness(files: Vec<PathBuf>) -> Harness<'static, TerritoireApp> {
    opened_at(files, egui::vec2(1280.0, 900.0))
}

/// `14804` as the window writes it (thousands separated by a narrow no-break space).
fn count(n: usize) -> String {
    territoire::app::format_count(n)
}

/// Rows of the first layer whose `field` passes `keep`, counted straight from the columns.
fn rows_where(app: &TerritoireApp, field: &str, keep: impl Fn(Value) -> bool) -> Vec<usize> {
    let ds = app.layers[0].dataset.as_ref().expect("loaded");
    let column = ds.column(field).expect("field");
    (0..ds.len()).filter(|&i| keep(column.value(i))).collect()
}

fn kept(app: &TerritoireApp) -> Option<usize> {
    app.layers[0].filter.as_ref().map(|f| f.count)
}

#[test]
fn a_filter_built_by_label_updates_the_live_count() {
    let mut h = harness(vec![sample("adresses.csv")]);
    let total = h.state().layers[0].dataset.as_ref().expect("loaded").len();
    h.get_by_label("Filtrer…").click();
    h.run_steps(4);
    h.get_by_label(&format!("{} sur {} adresses", count(total), count(total)));
    h.get_by_label("Champs proposés pour les adresses");

    // Commune est Angers: the preset proposes the field by its label, values come with counts.
    h.get_by_value("Choisir un champ…").click();
    h.run_steps(3);
    h.get_by_label("Commune").click();
    h.run_steps(4);
    let angers = rows_where(h.state(), "commune", |v| v == Value::Text("Angers"));
    h.get_by_label(&format!("Angers ({})", count(angers.len())))
        .click();
    h.run_steps(3);
    assert_eq!(kept(h.state()), Some(angers.len()));
    h.get_by_label(&format!(
        "{} sur {} adresses",
        count(angers.len()),
        count(total)
    ));

    // ET numéro entre 10 et (vide): the live count follows the typed bound.
    h.get_by_label("+ Ajouter une condition").click();
    h.run_steps(3);
    h.get_by_value("Choisir un champ…").click();
    h.run_steps(3);
    h.get_by_label("Numéro").click();
    h.run_steps(3);
    h.get_by_label("de").click();
    h.run_steps(1);
    h.get_by_label("de").type_text("10");
    h.run_steps(3);
    let both = rows_where(
        h.state(),
        "numero_adresse",
        |v| matches!(v, Value::Integer(n) if n >= 10),
    )
    .into_iter()
    .filter(|r| angers.contains(r))
    .count();
    assert_eq!(kept(h.state()), Some(both));
    h.get_by_label(&format!("{} sur {} adresses", count(both), count(total)));
    assert_eq!(
        h.state().layers[0]
            .filter
            .as_ref()
            .map(|f| f.expression.as_str()),
        Some(r#"commune = "Angers" AND numero_adresse >= 10"#)
    );

    // OU: at least one condition.
    h.get_by_value("toutes les conditions (ET)").click();
    h.run_steps(3);
    h.get_by_label("au moins une condition (OU)").click();
    h.run_steps(3);
    let either = rows_where(
        h.state(),
        "numero_adresse",
        |v| matches!(v, Value::Integer(n) if n >= 10),
    )
    .into_iter()
    .chain(angers.iter().copied())
    .collect::<std::collections::BTreeSet<_>>()
    .len();
    assert_eq!(kept(h.state()), Some(either));

    // Grey out instead of hiding, then remove the filter: the whole layer is back.
    h.get_by_label("Griser les autres").click();
    h.run_steps(2);
    assert_eq!(h.state().layers[0].filter_mode, FilterMode::Grey);
    h.get_by_label("Retirer le filtre").click();
    h.run_steps(3);
    assert_eq!(kept(h.state()), None);
    h.get_by_label(&format!("{} sur {} adresses", count(total), count(total)));
}

#[test]
fn the_expression_accepts_edits_and_points_at_errors() {
    let mut h = harness(vec![sample("patrimoine.shp")]);
    h.get_by_label("Filtrer…").click();
    h.run_steps(4);
    h.get_by_label("Expression (utilisateurs avancés)").click();
    h.run_steps(3);
    let editor = h.get_by_role(egui::accesskit::Role::MultilineTextInput);
    editor.click();
    h.run_steps(1);
    h.get_by_role(egui::accesskit::Role::MultilineTextInput)
        .type_text("siecle >= 18 AND protection =");
    h.run_steps(3);
    h.get_by_label_contains("Colonne 30 : une valeur est attendue ici");
    h.get_by_role(egui::accesskit::Role::MultilineTextInput)
        .type_text(r#" "classé""#);
    h.run_steps(3);
    let expected = {
        let app = h.state();
        let old = rows_where(app, "siecle", |v| matches!(v, Value::Integer(n) if n >= 18));
        let classe = rows_where(app, "protection", |v| v == Value::Text("classé"));
        old.iter().filter(|r| classe.contains(r)).count()
    };
    let panel = h.state().filter_panel.as_ref().expect("open");
    assert_eq!(
        kept(h.state()),
        Some(expected),
        "{:?} {:?}",
        panel.expression,
        panel.problem
    );
    // The builder shows the typed expression as conditions.
    h.get_by_value("Siècle");
    h.get_by_value("Protection (classé, inscrit)");
}

#[test]
fn a_saved_filter_is_reused_on_a_layer_with_the_same_fields() {
    let mut h = harness(vec![
        sample("espaces-verts.geojson"),
        sample("espaces-verts.geojson"),
    ]);
    let large = rows_where(h.state(), "surface_m2", |v| match v {
        Value::Integer(n) => n >= 10_000,
        Value::Float(x) => x >= 10_000.0,
        _ => false,
    })
    .len();
    // The top row of the layer panel is the second layer.
    h.get_all_by_label("Filtrer…")
        .last()
        .expect("two layers")
        .click();
    h.run_steps(4);
    h.get_by_label("Expression (utilisateurs avancés)").click();
    h.run_steps(3);
    h.get_by_role(egui::accesskit::Role::MultilineTextInput)
        .click();
    h.run_steps(1);
    h.get_by_role(egui::accesskit::Role::MultilineTextInput)
        .type_text("surface_m2 >= 10000");
    h.run_steps(3);
    assert_eq!(kept(h.state()), Some(large));
    h.get_by_label("Nom du filtre").click();
    h.run_steps(1);
    h.get_by_label("Nom du filtre").type_text("Grands parcs");
    h.run_steps(3);
    h.get_by_label("Enregistrer").click();
    h.run_steps(3);
    assert_eq!(h.state().settings.saved_filters.len(), 1);
    h.get_by_label_contains("Filtre : Grands parcs");
    h.get_by_label("Fermer").click();
    h.run_steps(3);

    // The other layer: the saved filter applies in one click.
    h.get_by_label("Filtrer…").click();
    h.run_steps(4);
    h.get_by_label("Filtres enregistrés (1)").click();
    h.run_steps(3);
    h.get_by_label("Grands parcs").click();
    h.run_steps(3);
    let filtered: Vec<usize> = h
        .state()
        .layers
        .iter()
        .filter_map(|l| l.filter.as_ref().map(|f| f.count))
        .collect();
    assert_eq!(filtered, vec![large, large]);
    assert_eq!(
        h.get_all_by_label_contains("Filtre : Grands parcs").count(),
        2
    );
}

#[test]
fn conditions_of_place_pick_zones_distances_and_drawings() {
    use territoire::app::action::{Action, FilterAction, LayersAction};
    use territoire::filter::spatial;
    let mut h = harness(vec![
        sample("quartiers.geojson"),
        sample("espaces-verts.geojson"),
        sample("adresses.csv"),
    ]);
    let data = |h: &Harness<'static, TerritoireApp>, i: usize| {
        h.state().layers[i].dataset.clone().expect("loaded")
    };
    let (quartiers, verts, adresses) = (data(&h, 0), data(&h, 1), data(&h, 2));
    let filtered =
        |h: &Harness<'static, TerritoireApp>| h.state().layers[2].filter.as_ref().map(|f| f.count);
    // The top row of the layer panel is Adresses.
    h.get_all_by_label("Filtrer…")
        .next()
        .expect("button")
        .click();
    h.run_steps(4);
    h.get_by_label("Conditions de lieu");

    // Dans la zone: a quartier ticked by name.
    h.get_by_label("+ Ajouter une condition de lieu").click();
    h.run_steps(2);
    h.get_by_label("dans la zone…").click();
    h.run_steps(3);
    h.get_by_value("Quartiers");
    let centre = (0..quartiers.len())
        .find(|&i| {
            quartiers
                .column("nom")
                .expect("nom")
                .value(i)
                .to_string()
                .starts_with("Centre-ville")
        })
        .expect("centre");
    h.get_by_label_contains("Centre-ville").click();
    h.run_steps(3);
    let in_centre = spatial::within_zones(&adresses, &quartiers, &[centre]);
    assert_eq!(filtered(&h), Some(in_centre.count_ones()));
    h.get_by_label("1 zone choisie");

    // A second zone, clicked on the map.
    let other = (centre + 1) % quartiers.len();
    let inside = spatial::representative_point(&quartiers, other).expect("a point in the zone");
    h.get_by_label("Choisir sur la carte").click();
    h.run_steps(2);
    h.state_mut()
        .apply(Action::Layers(LayersAction::Identify(inside, 1e-6)));
    h.run_steps(3);
    let two = spatial::within_zones(&adresses, &quartiers, &[centre, other]);
    assert_eq!(filtered(&h), Some(two.count_ones()));
    assert!(
        h.state().identified.is_none(),
        "picking zones does not identify"
    );

    // À plus de 300 m d'un espace vert.
    h.get_by_label("+ Ajouter une condition de lieu").click();
    h.run_steps(2);
    h.get_by_label("à plus de … m de…").click();
    h.run_steps(3);
    // The layer measured from is the green spaces, not the zones, without choosing it.
    let chosen = h.get_all_by_value("Espaces verts").count();
    assert_eq!(chosen, 1, "the distance is measured from the green spaces");
    let mut expected = two.clone();
    expected.and_assign(&spatial::far(&adresses, &verts, None, 300.0));
    assert_eq!(filtered(&h), Some(expected.count_ones()));
    // The advanced box shows the conditions of place too.
    h.get_by_label("Expression (utilisateurs avancés)").click();
    h.run_steps(3);
    h.get_by_label("AND NOT within_distance(geo, layer'Espaces verts', 300m)");
    h.get_by_label_contains("AND in_zones('Quartiers', ['Centre-ville");

    // Dans le dessin: the drawn ring keeps its inside.
    h.get_by_label("+ Ajouter une condition de lieu").click();
    h.run_steps(2);
    h.get_by_label("dans le dessin").click();
    h.run_steps(3);
    h.get_by_label("Dessiner un rectangle").click();
    h.run_steps(2);
    assert!(h.state().map.sketch.is_some(), "drawing mode");
    let ring = vec![
        [-0.60, 47.44],
        [-0.54, 47.44],
        [-0.54, 47.50],
        [-0.60, 47.50],
        [-0.60, 47.44],
    ];
    h.state_mut()
        .apply(Action::Filter(FilterAction::SketchFinished(
            territoire::map::SketchEvent::Done(ring.clone()),
        )));
    h.run_steps(3);
    assert!(h.state().map.sketch.is_none());
    expected.and_assign(&spatial::within_polygon(&adresses, &ring));
    assert_eq!(filtered(&h), Some(expected.count_ones()));
    h.get_by_label("dessin de 4 sommets");
}

/// Sends pointer events at `pos` on the window.
fn pointer(h: &mut Harness<'static, TerritoireApp>, pos: egui::Pos2, pressed: Option<bool>) {
    h.input_mut().events.push(egui::Event::PointerMoved(pos));
    if let Some(pressed) = pressed {
        h.input_mut().events.push(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
    }
    h.step();
}

#[test]
fn shapes_are_drawn_on_the_map_with_the_mouse() {
    use territoire::filter::spatial;
    let mut h = harness(vec![sample("adresses.csv")]);
    let adresses = h.state().layers[0].dataset.clone().expect("loaded");
    h.get_by_label("Filtrer…").click();
    h.run_steps(4);
    // The filter window sits beside the layer panel; the map's right part stays free.
    for kind in ["Dessiner un rectangle", "Dessiner un polygone"] {
        if h.query_by_label("dessin de 4 sommets").is_none() {
            h.get_by_label("+ Ajouter une condition de lieu").click();
            h.run_steps(2);
            h.get_by_label("dans le dessin").click();
            h.run_steps(3);
        }
        h.get_by_label(kind).click();
        h.run_steps(2);
        let (a, b, c) = (
            egui::pos2(900.0, 250.0),
            egui::pos2(1150.0, 250.0),
            egui::pos2(1150.0, 550.0),
        );
        if kind == "Dessiner un rectangle" {
            pointer(&mut h, a, Some(true));
            for t in 1..=10 {
                pointer(&mut h, a + (c - a) * (t as f32 / 10.0), None);
            }
            pointer(&mut h, c, Some(false));
        } else {
            for p in [a, b, c] {
                pointer(&mut h, p, Some(true));
                pointer(&mut h, p, Some(false));
                h.run_steps(2);
            }
            h.input_mut().events.push(egui::Event::Key {
                key: egui::Key::Enter,
                physical_key: None,
                pressed: true,
                repeat: false,
                modifiers: egui::Modifiers::NONE,
            });
            h.step();
        }
        h.run_steps(3);
        let app = h.state();
        assert!(
            app.map.sketch.is_none(),
            "{kind}: drawing finished: {:?}",
            app.map.sketch
        );
        let filter = app.layers[0].filter.clone().expect("filtered");
        let territoire::app::filter::place::Place::InDrawing { ring } = &filter.places[0] else {
            panic!("{kind}: a drawing condition");
        };
        let corners = if kind == "Dessiner un rectangle" {
            4
        } else {
            3
        };
        assert_eq!(ring.len(), corners + 1, "{kind}: closed ring {ring:?}");
        let expected = spatial::within_polygon(&adresses, ring).count_ones();
        assert!(expected > 0, "{kind}: some addresses in the drawing");
        assert_eq!(filter.count, expected, "{kind}");
        if kind == "Dessiner un rectangle" {
            h.get_by_label("dessin de 4 sommets");
        }
    }
}

fn set_filter(
    h: &mut Harness<'static, TerritoireApp>,
    layer: territoire::app::LayerId,
    typed: &str,
    places: Vec<territoire::app::filter::place::Place>,
) {
    use territoire::app::action::{Action, FilterAction};
    h.state_mut()
        .apply(Action::Filter(FilterAction::Open(layer)));
    h.state_mut()
        .apply(Action::Filter(FilterAction::Edit(Box::new(
            territoire::app::filter::FilterEdit {
                draft: Default::default(),
                typed: Some(typed.into()),
                name: String::new(),
                places,
            },
        ))));
    h.state_mut().apply(Action::Filter(FilterAction::Close));
    h.run_steps(3);
}

#[test]
fn a_distance_condition_follows_the_other_layers_filter() {
    let mut h = harness(vec![
        sample("espaces-verts.geojson"),
        sample("adresses.csv"),
    ]);
    let (verts, adresses) = (h.state().layers[0].id, h.state().layers[1].id);
    let beyond = vec![territoire::app::filter::place::Place::Near {
        layer: Some(verts),
        metres: "300".into(),
        beyond: true,
    }];
    set_filter(&mut h, adresses, "", beyond);
    let far = |app: &TerritoireApp| app.layers[1].filter.as_ref().map(|f| f.count);
    let before = far(h.state()).expect("addresses filtered");
    // Fewer green spaces count: more addresses are beyond 300 m of the ones left.
    set_filter(&mut h, verts, "surface_m2 > 20000", Vec::new());
    let after = far(h.state()).expect("still filtered");
    assert!(
        after > before,
        "{after} addresses beyond 300 m, {before} before"
    );
    // Removing the green spaces' filter brings the first figure back.
    h.state_mut().apply(territoire::app::action::Action::Filter(
        territoire::app::action::FilterAction::Clear(verts),
    ));
    h.run_steps(3);
    assert_eq!(far(h.state()), Some(before));
}
