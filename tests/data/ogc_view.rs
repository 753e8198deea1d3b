//! OGC services read by view (a layer that follows the map), against the real pygeoapi and
//! MapServer: the count the guard rail asks for, at most a fixed number of features in a box,
//! the same rows for the same view, and whether the view held more.

use std::path::Path;

use territoire::data::Dataset;
use territoire::jobs::Progress;
use territoire::sources::internal::{
    InternalConnection, InternalLayer, ServiceConnection, count_item, load_view,
};
use territoire::sources::postgis::TableRef;

use crate::ogc_servers::servers;

/// A box over the centre of Angers.
const VIEW: [f64; 4] = [-0.58, 47.45, -0.53, 47.48];

/// The addresses as the servers got them.
fn addresses() -> Dataset {
    let path = servers().data.join("adresses.geojson");
    let path = if path.exists() {
        path
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/adresses.csv")
    };
    territoire::sources::load_path(&path, &Default::default(), &Progress::default())
        .expect("addresses")
}

fn services() -> [InternalConnection; 2] {
    let s = servers();
    [
        InternalConnection::Ogcapi(ServiceConnection {
            name: "api".into(),
            url: s.pygeoapi.clone(),
        }),
        InternalConnection::Wfs(ServiceConnection {
            name: "wfs".into(),
            url: format!("{}?SERVICE=WFS&REQUEST=GetCapabilities", s.wfs),
        }),
    ]
}

fn layer() -> InternalLayer {
    InternalLayer {
        connection: "service".into(),
        table: TableRef {
            schema: String::new(),
            table: "adresses".into(),
        },
        follows_map: true,
        ..InternalLayer::default()
    }
}

fn ids(ds: &Dataset) -> Vec<String> {
    let col = ds.column("fid").expect("fid");
    let mut out: Vec<String> = (0..ds.len()).map(|i| col.value(i).to_string()).collect();
    out.sort();
    out
}

#[test]
fn both_services_count_a_collection_for_the_guard_rail() {
    let all = addresses().len() as u64;
    for service in services() {
        let count = count_item(&service, "adresses", &Progress::default()).expect("count");
        assert_eq!(count, Some(all), "{}", service.name());
    }
}

#[test]
fn a_capped_view_of_a_service_reads_the_same_first_features_and_says_it_held_more() {
    let in_view = addresses().count_in_bbox(VIEW);
    assert!(in_view > 100, "{in_view}");
    for service in services() {
        let name = service.name().to_string();
        let read = |cap| {
            load_view(&service, &layer(), VIEW, cap, None, &Progress::default()).expect("view")
        };
        let first = read(100);
        assert_eq!(first.dataset.len(), 100, "{name}");
        assert!(first.partial, "{name}: {in_view} in view");
        assert_eq!(
            first.dataset.count_in_bbox(VIEW),
            100,
            "{name}: all in view"
        );
        assert_eq!(ids(&first.dataset), ids(&read(100).dataset), "{name}");
        let all = read(in_view as u64 + 10);
        assert!(!all.partial, "{name}");
        assert_eq!(all.dataset.len(), in_view, "{name}");
    }
}
