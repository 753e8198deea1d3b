//! The demo project `demo.territoire`: the four layers, three bookmarks and a five-step training
//! scenario (addresses, one quartier filtered, heritage over green spaces, zone statistics, a swipe).

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use territoire::analysis::classes::Palette;
use territoire::analysis::measures::Measure;
use territoire::app::FilterMode;
use territoire::app::compare::Side;
use territoire::app::zones::MethodChoice;
use territoire::map::{CompareMode, CompareView};
use territoire::project::{
    Bookmark, CompareEntry, FilterEntry, LayerEntry, PlaceEntry, Project, Snapshot, SourceEntry,
    Step, StyleEntry, ViewEntry, ZonesEntry,
};

use crate::places::QUARTIERS;

/// Index of the city centre and of the Lac de Maine in `QUARTIERS` (and in `quartiers.geojson`).
const CENTRE: usize = 0;
const LAC_DE_MAINE: usize = 9;

fn layer(key: &str, name: &str, file: &str, color: &str, radius: f32) -> LayerEntry {
    LayerEntry {
        key: key.into(),
        name: name.into(),
        source: SourceEntry::File {
            path: file.into(),
            crs: None,
            layer: None,
        },
        style: StyleEntry {
            color: color.into(),
            opacity: 1.0,
            point_radius: radius,
            label: None,
        },
        personal: false,
    }
}

fn view(center: [f64; 2], zoom: f64) -> ViewEntry {
    ViewEntry { center, zoom }
}

fn visible(keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| (*k).to_owned()).collect()
}

fn step(title: &str, text: &str, state: Snapshot) -> Step {
    Step {
        title: title.into(),
        text: text.into(),
        state,
    }
}

/// The project, as the app would save it.
pub fn demo_project() -> Project {
    let angers = view(territoire::map::ANGERS_LON_LAT, 13.0);
    let centre = view(QUARTIERS[CENTRE].centroid, 15.0);
    let lac = view(QUARTIERS[LAC_DE_MAINE].centroid, 14.5);

    let mut quartier_filter = BTreeMap::new();
    quartier_filter.insert(
        "adresses".to_owned(),
        FilterEntry {
            name: "Centre-ville".into(),
            expression: String::new(),
            places: vec![PlaceEntry::InZones {
                layer: "quartiers".into(),
                zones: vec![CENTRE],
            }],
            mode: FilterMode::Grey,
        },
    );
    let zones = ZonesEntry {
        zones: "quartiers".into(),
        count: "adresses".into(),
        near: Some("espaces-verts".into()),
        distance: "300".into(),
        measure: Measure::NearShare,
        field: None,
        method: MethodChoice::Quantiles,
        manual: String::new(),
        classes: 5,
        palette: Palette::Greens,
        sort_by_value: true,
        others: Vec::new(),
    };
    let mut sides = BTreeMap::new();
    sides.insert("patrimoine".to_owned(), Side::B);
    sides.insert("quartiers".to_owned(), Side::Both);
    let swipe = CompareEntry {
        view: CompareView {
            mode: CompareMode::SwipeVertical,
            ..CompareView::default()
        },
        sides,
    };

    let start = Snapshot {
        view: angers,
        visible: visible(&["quartiers", "adresses"]),
        ..Snapshot::default()
    };
    let steps = vec![
        step(
            "Les adresses d'Angers",
            "Chaque point bleu est une adresse ; les quartiers donnent le cadre. \
             Faites défiler la molette pour zoomer, glissez pour vous déplacer.",
            start.clone(),
        ),
        step(
            "Les adresses d'un quartier",
            "Un filtre « dans la zone » garde les adresses du centre-ville ; les autres restent \
             en gris pour le contexte. Bouton « Filtrer… » de la couche Adresses.",
            Snapshot {
                view: view(QUARTIERS[CENTRE].centroid, 14.0),
                visible: visible(&["quartiers", "adresses"]),
                filters: quartier_filter,
                ..Snapshot::default()
            },
        ),
        step(
            "Patrimoine et espaces verts",
            "Les sites patrimoniaux (points rouges) par-dessus les espaces verts : \
             un clic sur un objet affiche ses attributs.",
            Snapshot {
                view: view(QUARTIERS[CENTRE].centroid, 14.0),
                visible: visible(&["quartiers", "espaces-verts", "patrimoine"]),
                ..Snapshot::default()
            },
        ),
        step(
            "Adresses à moins de 300 m d'un espace vert",
            "Part des adresses de chaque quartier à moins de 300 m d'un espace vert : \
             les quartiers les plus clairs sont les moins bien desservis.",
            Snapshot {
                view: view(territoire::map::ANGERS_LON_LAT, 12.6),
                visible: visible(&["quartiers", "espaces-verts"]),
                zones: Some(zones),
                ..Snapshot::default()
            },
        ),
        step(
            "Comparer au rideau",
            "À gauche les espaces verts, à droite le patrimoine : glissez le séparateur \
             (ou choisissez-le avec Tab, puis les flèches) pour comparer les deux couches.",
            Snapshot {
                view: view(QUARTIERS[CENTRE].centroid, 14.0),
                visible: visible(&["quartiers", "espaces-verts", "patrimoine"]),
                compare: Some(swipe),
                ..Snapshot::default()
            },
        ),
    ];
    Project {
        title: "Découvrir Territoire".into(),
        layers: vec![
            layer(
                "quartiers",
                "Quartiers",
                "quartiers.geojson",
                "#6a3d9a",
                3.0,
            ),
            layer(
                "espaces-verts",
                "Espaces verts",
                "espaces-verts.geojson",
                "#1b9e4b",
                3.0,
            ),
            layer("adresses", "Adresses", "adresses.csv", "#0072b2", 2.0),
            layer("patrimoine", "Patrimoine", "patrimoine.shp", "#c0392b", 5.0),
        ],
        state: Snapshot {
            visible: visible(&["quartiers", "espaces-verts", "adresses", "patrimoine"]),
            ..start
        },
        bookmarks: vec![
            Bookmark {
                name: "Angers".into(),
                view: angers,
                visible: visible(&["quartiers", "espaces-verts", "adresses", "patrimoine"]),
            },
            Bookmark {
                name: "Centre-ville".into(),
                view: centre,
                visible: visible(&["quartiers", "adresses", "patrimoine"]),
            },
            Bookmark {
                name: "Lac de Maine".into(),
                view: lac,
                visible: visible(&["quartiers", "espaces-verts", "adresses"]),
            },
        ],
        steps,
        ..Project::default()
    }
}

/// Writes `demo.territoire` in `out`.
pub fn write_demo_project(out: &Path) -> Result<()> {
    let text = demo_project().to_toml().context("demo project")?;
    std::fs::write(out.join("demo.territoire"), text).context("cannot write demo.territoire")
}
