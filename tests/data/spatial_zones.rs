//! Spatial filters on real files: the demo kit's addresses in the ten quartiers of Angers, and near its green spaces.

use std::path::{Path, PathBuf};

use geo::Contains;
use territoire::data::Dataset;
use territoire::filter::spatial::{assign_zones, far, near, within_zones};
use territoire::jobs::Progress;
use territoire::sources::{LoadOptions, load_path};

fn shared(name: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/angers")
        .join(name);
    path.exists().then_some(path).or_else(|| {
        eprintln!("skipped: {name} is absent");
        None
    })
}

fn load(path: &Path) -> Dataset {
    load_path(path, &LoadOptions::default(), &Progress::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn demo(name: &str) -> Dataset {
    load(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("sample-data")
            .join(name),
    )
}

#[test]
fn each_address_is_in_at_most_one_quartier_and_the_counts_add_up() {
    let Some(path) = shared("quartiers-2014.geojson") else {
        return;
    };
    let quartiers = load(&path);
    assert_eq!(quartiers.len(), 10);
    let addresses = demo("adresses.csv");
    let total = addresses.len();
    assert!(total > 20_000, "{total}");

    let all: Vec<usize> = (0..quartiers.len()).collect();
    let inside = within_zones(&addresses, &quartiers, &all);
    let per_quartier: Vec<_> = all
        .iter()
        .map(|&q| within_zones(&addresses, &quartiers, &[q]))
        .collect();
    let counted: usize = per_quartier.iter().map(|m| m.count_ones()).sum();
    let outside = total - inside.count_ones();
    assert_eq!(
        counted + outside,
        total,
        "every address once: in a quartier or outside"
    );
    for row in 0..total {
        let holding = per_quartier.iter().filter(|m| m.get(row)).count();
        assert!(holding <= 1, "address {row} is in {holding} quartiers");
        assert_eq!(holding == 1, inside.get(row));
    }
    // Most addresses of the kit are in Angers, so in a quartier.
    assert!(
        inside.count_ones() * 2 > total,
        "{} of {total}",
        inside.count_ones()
    );

    // The same answer as a plain point-in-polygon test, away from the borders.
    let zones = assign_zones(&addresses, &quartiers, &all);
    let shapes: Vec<geo::Geometry<f64>> = all
        .iter()
        .map(|&q| {
            quartiers
                .geometry
                .to_geo(q)
                .expect("a quartier has a shape")
        })
        .collect();
    for (row, zone) in zones.iter().enumerate() {
        let Some(p) = addresses.geometry.point(row) else {
            assert_eq!(*zone, None);
            continue;
        };
        let point = geo::Point::new(p[0], p[1]);
        let plain = shapes.iter().position(|s| s.contains(&point));
        if plain.is_some() || zone.is_none() {
            assert_eq!(zone.map(|z| z as usize), plain, "address {row} at {p:?}");
        }
    }
}

#[test]
fn addresses_near_and_far_from_green_spaces_split_the_located_ones() {
    let addresses = demo("adresses.csv");
    let green = demo("espaces-verts.geojson");
    let close = near(&addresses, &green, None, 300.0);
    let away = far(&addresses, &green, None, 300.0);
    let located = addresses.len() - addresses.without_geometry();
    assert_eq!(close.count_ones() + away.count_ones(), located);
    assert!(close.iter_ones().all(|row| !away.get(row)));
    assert!(close.count_ones() > 0 && away.count_ones() > 0);
    let wider = near(&addresses, &green, None, 600.0);
    assert!(close.iter_ones().all(|row| wider.get(row)), "300 m ⊂ 600 m");
}
