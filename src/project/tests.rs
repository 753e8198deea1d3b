//! Round trips and refusals of the project format.

use super::*;

fn sample() -> Project {
    let mut filters = BTreeMap::new();
    filters.insert(
        "adresses".to_owned(),
        FilterEntry {
            name: "Centre".into(),
            expression: "commune = \"Angers\"".into(),
            places: vec![
                PlaceEntry::InZones {
                    layer: "quartiers".into(),
                    zones: vec![0, 3],
                },
                PlaceEntry::Near {
                    layer: "espaces-verts".into(),
                    metres: "300".into(),
                    beyond: true,
                },
                PlaceEntry::InDrawing {
                    ring: vec![
                        [-0.56, 47.47],
                        [-0.55, 47.47],
                        [-0.55, 47.48],
                        [-0.56, 47.47],
                    ],
                },
            ],
            mode: FilterMode::Grey,
        },
    );
    let mut sides = BTreeMap::new();
    sides.insert("patrimoine".to_owned(), Side::B);
    sides.insert("quartiers".to_owned(), Side::Both);
    let state = Snapshot {
        view: ViewEntry {
            center: [-0.55, 47.47],
            zoom: 14.5,
        },
        basemap: Some(BasemapId::IgnPlan),
        custom_basemap: None,
        visible: vec!["adresses".into(), "quartiers".into()],
        filters,
        compare: Some(CompareEntry {
            view: CompareView {
                mode: crate::project::CompareMode::Lens,
                divider: 0.3,
                lens_radius: 90.0,
                opacity: 0.25,
            },
            sides,
        }),
        zones: None,
    };
    let layer = |key: &str, source: SourceEntry| LayerEntry {
        key: key.into(),
        name: key.into(),
        source,
        style: StyleEntry {
            label: (key == "quartiers").then(|| "nom".to_owned()),
            ..StyleEntry::default()
        },
        personal: key == "adresses",
    };
    Project {
        title: "Essai".into(),
        layers: vec![
            layer(
                "quartiers",
                SourceEntry::File {
                    path: "quartiers.geojson".into(),
                    crs: None,
                    layer: None,
                },
            ),
            layer(
                "espaces-verts",
                SourceEntry::Portal {
                    portal: "https://data.angers.fr".into(),
                    dataset: "espaces-verts".into(),
                    fields: Some(vec!["nom".into()]),
                    filter: Some("surface > 100".into()),
                    bbox: None,
                },
            ),
            layer(
                "adresses",
                SourceEntry::File {
                    path: "adresses.csv".into(),
                    crs: Some("EPSG:2154".into()),
                    layer: None,
                },
            ),
            layer(
                "patrimoine",
                SourceEntry::File {
                    path: "/srv/patrimoine.shp".into(),
                    crs: None,
                    layer: None,
                },
            ),
        ],
        bookmarks: vec![Bookmark {
            name: "Centre-ville".into(),
            view: ViewEntry {
                center: [-0.553, 47.472],
                zoom: 16.0,
            },
            visible: vec!["adresses".into()],
        }],
        steps: vec![Step {
            title: "Les adresses".into(),
            text: "Toutes les adresses.".into(),
            state: state.clone(),
        }],
        state,
        ..Project::default()
    }
}

#[test]
fn a_project_round_trips_through_toml() {
    let project = sample();
    let text = project.to_toml().expect("writes");
    assert!(
        text.starts_with("format = \"territoire-project\"\nversion = 1\n"),
        "{text}"
    );
    assert!(
        text.contains("label = \"nom\""),
        "the label field is saved: {text}"
    );
    assert_eq!(Project::from_toml(&text), Ok(project));
}

#[test]
fn other_files_and_newer_versions_are_refused_clearly() {
    let text = sample().to_toml().expect("writes");
    let newer = text.replace("version = 1", "version = 7");
    assert_eq!(Project::from_toml(&newer), Err(ProjectError::TooNew(7)));
    let other = text.replace("territoire-project", "qgis");
    assert_eq!(
        Project::from_toml(&other),
        Err(ProjectError::NotAProject("qgis".into()))
    );
    assert!(matches!(
        Project::from_toml("format = "),
        Err(ProjectError::Syntax { line: Some(1), .. })
    ));
    // A newer file is named as such even when its shape changed.
    assert_eq!(
        Project::from_toml("format = \"territoire-project\"\nversion = 2\nlayers = 3\n"),
        Err(ProjectError::TooNew(2))
    );
}

#[test]
fn references_to_missing_layers_are_dropped_with_a_warning() {
    let mut project = sample();
    project.bookmarks[0].visible.push("bus".into());
    project.steps[0].state.visible.push("bus".into());
    project.steps[0].state.filters.values_mut().for_each(|f| {
        f.places.push(PlaceEntry::Near {
            layer: "tram".into(),
            metres: "50".into(),
            beyond: false,
        })
    });
    let text = project.to_toml().expect("writes");
    let (opened, warnings) = Project::from_toml_with_warnings(&text).expect("opens");
    assert_eq!(opened, sample(), "only the missing references are dropped");
    let missing: Vec<&str> = warnings
        .iter()
        .filter_map(|w| match w {
            ProjectWarning::MissingLayer { key, .. } => Some(key.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(missing, ["bus", "tram", "bus"]);
    assert!(warnings.iter().all(|w| !w.message().is_empty()));
}

#[test]
fn a_part_that_cannot_be_read_is_left_out_and_the_rest_opens() {
    let text = sample().to_toml().expect("writes")
        + "\n[[layers]]\nkey = \"bus\"\nname = \"Bus\"\nsource = { kind = \"wfs\" }\n"
        + "\n[[bookmarks]]\nname = \"Gare\"\nvisible = 3\n";
    let (opened, warnings) = Project::from_toml_with_warnings(&text).expect("opens");
    assert_eq!(opened, sample());
    assert_eq!(
        warnings,
        [
            ProjectWarning::Unreadable {
                part: Part::Layer,
                name: "Bus".into()
            },
            ProjectWarning::Unreadable {
                part: Part::Bookmark,
                name: "Gare".into()
            },
        ]
    );
    let bad_state = "format = \"territoire-project\"\nversion = 1\n[state]\nvisible = 1\n";
    let (opened, warnings) = Project::from_toml_with_warnings(bad_state).expect("opens");
    assert_eq!(opened.state, Snapshot::default());
    assert_eq!(warnings.len(), 1);
}

#[test]
fn an_unreadable_filter_is_left_out_alone_and_the_opening_view_stays() {
    let mut project = sample();
    let keys: Vec<String> = project.layers.iter().map(|l| l.key.clone()).collect();
    project.state.visible = keys.clone();
    let text = project.to_toml().expect("writes")
        + &format!(
            "\n[state.filters.{}]\nexpression = \"x = 1\"\nmode = \"cache\"\n",
            keys[0]
        );
    let (opened, warnings) = Project::from_toml_with_warnings(&text).expect("opens");
    assert_eq!(opened.state.visible, keys, "the opening view is kept");
    assert_eq!(opened.state.view, project.state.view);
    assert!(!opened.state.filters.contains_key(&keys[0]));
    assert_eq!(
        warnings,
        [ProjectWarning::Unreadable {
            part: Part::Filter,
            name: keys[0].clone()
        }]
    );
}

#[test]
fn zone_settings_without_their_zone_layer_are_dropped() {
    let mut project = sample();
    project.state.zones = Some(ZonesEntry {
        zones: "iris".into(),
        count: "adresses".into(),
        ..ZonesEntry::default()
    });
    project.steps[0].state.zones = Some(ZonesEntry {
        zones: "quartiers".into(),
        count: String::new(),
        near: Some("lignes".into()),
        others: vec!["adresses".into(), "velos".into()],
        ..ZonesEntry::default()
    });
    let warnings = project.repair();
    assert_eq!(warnings.len(), 3, "{warnings:?}");
    assert!(project.state.zones.is_none());
    let z = project.steps[0].state.zones.as_ref().expect("kept");
    assert_eq!(
        (z.near.as_ref(), z.others.as_slice()),
        (None, &["adresses".to_owned()][..])
    );
    assert!(
        project.repair().is_empty(),
        "a repaired project holds together"
    );
}

#[test]
fn a_shared_key_is_renamed_and_references_go_to_the_first_layer() {
    let mut twice = sample();
    twice.layers[1].key = "quartiers".into();
    let text = twice.to_toml().expect("writes");
    let (opened, warnings) = Project::from_toml_with_warnings(&text).expect("opens");
    assert_eq!(opened.layers[1].key, "quartiers-2");
    assert!(matches!(
        &warnings[0],
        ProjectWarning::DuplicateKey { key, renamed } if key == "quartiers" && renamed == "quartiers-2"
    ));
    // The references to "espaces-verts" now name nothing and are dropped.
    assert!(opened.state.filters.values().all(|f| {
        f.places
            .iter()
            .all(|p| !matches!(p, PlaceEntry::Near { layer, .. } if layer == "espaces-verts"))
    }));
}

#[test]
fn a_minimal_file_opens_with_defaults() {
    let project = Project::from_toml("format = \"territoire-project\"\nversion = 1\n")
        .expect("minimal project");
    assert!(project.layers.is_empty() && project.steps.is_empty());
    assert_eq!(project.state.view, ViewEntry::default());
}

#[test]
fn layer_keys_are_readable_and_unique() {
    let mut taken = std::collections::BTreeSet::new();
    let a = layer_key("Espaces verts", &taken);
    assert_eq!(a, "espaces-verts");
    taken.insert(a);
    assert_eq!(layer_key("Espaces  verts", &taken), "espaces-verts-2");
    assert_eq!(
        layer_key("Bâtiments publics (2024)", &taken),
        "batiments-publics-2024"
    );
    assert_eq!(layer_key("***", &taken), "couche");
}

/// A small deterministic generator (xorshift64).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }

    /// A key among the layers' and a few that no layer has.
    fn key(&mut self, keys: &[String]) -> String {
        const STRANGERS: [&str; 3] = ["bus", "tram", ""];
        let i = self.below(keys.len() + STRANGERS.len());
        keys.get(i)
            .cloned()
            .unwrap_or_else(|| STRANGERS[i - keys.len()].to_owned())
    }

    fn snapshot(&mut self, keys: &[String]) -> Snapshot {
        let mut s = Snapshot::default();
        for _ in 0..self.below(4) {
            s.visible.push(self.key(keys));
            let places = (0..self.below(3))
                .map(|_| PlaceEntry::Near {
                    layer: self.key(keys),
                    metres: "100".into(),
                    beyond: false,
                })
                .collect();
            let expression = ["", "a = 1"][self.below(2)].to_owned();
            let filter = FilterEntry {
                expression,
                places,
                ..FilterEntry::default()
            };
            s.filters.insert(self.key(keys), filter);
        }
        if self.below(2) == 0 {
            let sides = (0..self.below(3)).map(|_| (self.key(keys), Side::B));
            s.compare = Some(CompareEntry {
                sides: sides.collect(),
                ..CompareEntry::default()
            });
        }
        if self.below(2) == 0 {
            s.zones = Some(ZonesEntry {
                zones: self.key(keys),
                count: self.key(keys),
                near: Some(self.key(keys)),
                others: vec![self.key(keys)],
                ..ZonesEntry::default()
            });
        }
        s
    }
}

#[test]
fn random_projects_once_repaired_round_trip_without_warnings() {
    for seed in 1..500u64 {
        let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
        let base = sample();
        let layers: Vec<LayerEntry> = (0..rng.below(5))
            .map(|_| base.layers[rng.below(base.layers.len())].clone())
            .collect();
        let keys: Vec<String> = layers.iter().map(|l| l.key.clone()).collect();
        let mut project = Project {
            layers,
            state: rng.snapshot(&keys),
            ..Project::default()
        };
        for n in 0..rng.below(3) {
            let state = rng.snapshot(&keys);
            project.steps.push(Step {
                title: format!("Étape {n}"),
                state,
                ..Step::default()
            });
            let visible = vec![rng.key(&keys)];
            project.bookmarks.push(Bookmark {
                name: format!("Signet {n}"),
                view: ViewEntry::default(),
                visible,
            });
        }
        project.repair();
        let text = project.to_toml().expect("writes");
        let (opened, warnings) = Project::from_toml_with_warnings(&text).expect("reopens");
        assert!(warnings.is_empty(), "seed {seed}: {warnings:?}\n{text}");
        assert_eq!(opened, project, "seed {seed}");
    }
}

#[test]
fn a_brought_basemap_is_saved_with_the_project() {
    let mut project = sample();
    project.state.basemap = Some(BasemapId::Custom);
    project.state.custom_basemap = Some(crate::settings::CustomBasemap {
        kind: crate::settings::CustomBasemapKind::Wmts,
        location: "https://sig.example/wmts?REQUEST=GetCapabilities".into(),
        template: "https://sig.example/wmts/plan/PM/{z}/{x}/{y}.png".into(),
        layer: "plan".into(),
        style: "normal".into(),
        attribution: "© Métropole".into(),
        max_zoom: Some(20),
    });
    let text = project.to_toml().expect("writes");
    assert_eq!(Project::from_toml(&text), Ok(project.clone()));
    // Read part by part too (another part of the file is damaged).
    let damaged = text + "\n[[bookmarks]]\nname = \"Gare\"\nvisible = 3\n";
    let (opened, _) = Project::from_toml_with_warnings(&damaged).expect("opens");
    assert_eq!(opened.state.custom_basemap, project.state.custom_basemap);
}
