//! The change view's state: previous portal copies kept and offered, default versions, the
//! comparison run in the background and drawn per category.

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::*;
use crate::app::action::ChangeAction;
use crate::app::{Layer, LayerSource, LayerState, Provenance, StartOptions};
use crate::data::DatasetBuilder;
use crate::sources::portal::{ExportRequest, Freshness, PortalUrl};

fn app() -> TerritoireApp {
    TerritoireApp::new(
        &egui::Context::default(),
        StartOptions {
            no_basemap: true,
            no_demo: true,
            ephemeral: true,
            ..StartOptions::default()
        },
    )
}

/// Points numbered by `id`, one per key.
fn version(keys: &[i64]) -> Arc<Dataset> {
    let mut b = DatasetBuilder::new(false);
    let id = b.add_column("id");
    for &k in keys {
        b.geometry.push_point([-0.55 + k as f64 * 0.001, 47.47]);
        b.column(id).push_int(k);
        b.end_row();
    }
    Arc::new(b.finish(None))
}

fn provenance(freshness: Freshness, copy_date: i64) -> Provenance {
    Provenance {
        portal: "127.0.0.1".into(),
        dataset: "equipements".into(),
        licence: String::new(),
        modified: None,
        bytes_this_session: 0,
        freshness,
        copy_date,
        cache_bytes: 0,
    }
}

fn portal_layer(id: u64, data: Arc<Dataset>) -> Layer {
    Layer {
        id: LayerId(id),
        name: "Équipements".into(),
        label: None,
        source: LayerSource::Portal {
            portal: PortalUrl::parse("http://127.0.0.1:1").expect("url"),
            request: ExportRequest {
                dataset: "equipements".into(),
                ..ExportRequest::default()
            },
        },
        provenance: Some(provenance(Freshness::Downloaded, 86_400)),
        state: LayerState::Ready,
        dataset: Some(data),
        visible: true,
        style: Default::default(),
        filter: None,
        filter_mode: Default::default(),
        filter_job: None,
        personal: false,
        previous: None,
    }
}

fn wait_for_result(app: &mut TerritoireApp) -> Arc<ChangeResult> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        app.change_step();
        app.drain_jobs();
        if let (Some(r), false) = (app.change.result.clone(), app.change.is_computing()) {
            return r;
        }
        assert!(Instant::now() < deadline, "no comparison after 30 s");
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn a_new_download_keeps_the_copy_it_replaces_and_offers_it_as_a_version() {
    let first = version(&[1, 2, 3]);
    let mut layer = portal_layer(1, first.clone());
    // The same copy, confirmed by the portal: nothing to keep.
    layer.keep_previous_copy(&provenance(Freshness::Revalidated, 86_400));
    assert!(layer.previous.is_none());
    layer.keep_previous_copy(&provenance(Freshness::Downloaded, 2 * 86_400));
    let kept = layer.previous.as_ref().expect("previous copy");
    assert!(Arc::ptr_eq(&kept.dataset, &first));
    assert_eq!(kept.copy_date, 86_400);

    let mut app = app();
    layer.dataset = Some(version(&[2, 3, 4, 5]));
    app.layers.push(layer);
    assert_eq!(
        app.versions(),
        [
            (Version::Layer(LayerId(1)), "Équipements".to_owned()),
            (
                Version::Previous(LayerId(1)),
                "Équipements (copie du 02/01/1970)".to_owned()
            ),
        ]
    );
    app.apply_change(ChangeAction::Open(Some(LayerId(1))));
    assert_eq!(app.change.old, Some(Version::Previous(LayerId(1))));
    assert_eq!(app.change.new, Some(Version::Layer(LayerId(1))));
    let r = wait_for_result(&mut app);
    assert_eq!(app.change.key, Some(Match::Key("id".into())));
    assert_eq!((r.diff.added.len(), r.diff.removed.len()), (2, 1));
    assert_eq!((r.diff.modified.len(), r.diff.unchanged), (0, 2));
    assert_eq!(r.added_mask.count_ones(), 2);
    assert_eq!(app.change.draws().len(), 3);

    // Unticked categories are neither drawn nor listed, nor exported.
    app.apply_change(ChangeAction::Show(Category::Removed, false));
    assert_eq!(
        app.change.listed(&r.diff),
        vec![std::ops::Range { start: 0, end: 2 }]
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = dir.path().join("changements.csv");
    app.apply_change(ChangeAction::Export(Some(csv.clone())));
    let deadline = Instant::now() + Duration::from_secs(30);
    while app.change.notice.is_none() {
        assert!(Instant::now() < deadline, "no export after 30 s");
        std::thread::sleep(Duration::from_millis(5));
        app.drain_jobs();
    }
    assert_eq!(app.change.notice, Some(Ok((csv.clone(), 2))));
    let text = std::fs::read_to_string(&csv).expect("written");
    assert_eq!(
        text.lines().skip(1).collect::<Vec<_>>(),
        ["ajouté;4;;;3", "ajouté;5;;;4"]
    );
    let draws = app.change.draws();
    assert_eq!(draws.len(), 2);
    assert!(
        draws
            .iter()
            .all(|d| std::sync::Arc::ptr_eq(d.dataset, &r.new))
    );
    app.apply_change(ChangeAction::Close);
    assert!(app.change.draws().is_empty());
    assert!(app.change.result.is_none());
    assert_eq!(app.change.old, Some(Version::Previous(LayerId(1))));
}

#[test]
fn from_the_menu_the_two_layers_loaded_last_are_compared_on_geometry_without_a_key() {
    let mut app = app();
    let mut b = DatasetBuilder::new(false);
    let nom = b.add_column("nom");
    b.geometry.push_point([-0.55, 47.47]);
    b.column(nom).push_text("Banc");
    b.end_row();
    let no_key = Arc::new(b.finish(None));
    for (id, data) in [(1, version(&[1])), (2, no_key.clone()), (3, no_key)] {
        let mut layer = portal_layer(id, data);
        layer.name = format!("v{id}");
        app.layers.push(layer);
    }
    app.apply_change(ChangeAction::Open(None));
    assert_eq!(
        (app.change.old, app.change.new),
        (
            Some(Version::Layer(LayerId(2))),
            Some(Version::Layer(LayerId(3)))
        )
    );
    let r = wait_for_result(&mut app);
    assert_eq!(app.change.key, Some(Match::Geometry));
    assert_eq!(r.diff.unchanged, 1);
    // A key the versions do not share falls back to the usual pairing.
    app.apply_change(ChangeAction::SetOld(Version::Layer(LayerId(1))));
    app.apply_change(ChangeAction::SetKey(Match::Key("id".into())));
    let r = wait_for_result(&mut app);
    assert_eq!(app.change.key, Some(Match::Geometry));
    assert_eq!(r.diff.change_count(), 2);
    // From the first layer's menu: that layer and the one loaded after it.
    app.apply_change(ChangeAction::Open(Some(LayerId(1))));
    assert_eq!(
        (app.change.old, app.change.new),
        (
            Some(Version::Layer(LayerId(1))),
            Some(Version::Layer(LayerId(2)))
        )
    );
}
