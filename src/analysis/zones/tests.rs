//! Tests of the figures per zone: counts, shares, densities, nearness, addresses, sums and means.

use super::*;
use crate::data::{DatasetBuilder, GeomKind};

fn square(b: &mut DatasetBuilder, x: f64, name: &str, column: usize) {
    b.geometry.start_feature(GeomKind::Polygon);
    b.geometry.start_part();
    b.geometry.start_ring();
    for c in [
        [x, 47.46],
        [x + 0.01, 47.46],
        [x + 0.01, 47.47],
        [x, 47.47],
        [x, 47.46],
    ] {
        b.geometry.push_coord(c);
    }
    b.column(column).push_text(name);
    b.end_row();
}

#[test]
fn counts_shares_densities_and_nearness_per_zone() {
    let mut z = DatasetBuilder::new(false);
    let nom = z.add_column("nom");
    square(&mut z, -0.56, "Ouest", nom);
    square(&mut z, -0.55, "Est", nom);
    let zones = z.finish(None);
    let mut p = DatasetBuilder::new(false);
    // Two in the west, one on the shared border (counted once, east), one outside.
    for c in [
        [-0.555, 47.465],
        [-0.558, 47.462],
        [-0.55, 47.465],
        [-0.50, 47.40],
    ] {
        p.geometry.push_point(c);
        p.end_row();
    }
    let points = p.finish(None);
    let t = zone_table(&zones, &points, None, None);
    assert_eq!((t.total, t.outside), (4, 1));
    assert_eq!(
        t.zones
            .iter()
            .map(|z| (z.name.as_str(), z.count))
            .collect::<Vec<_>>(),
        [("Ouest", 2), ("Est", 1)]
    );
    assert!((t.zones[0].share - 0.5).abs() < 1e-12);
    // 0.01° × 0.01° around Angers is about 0.75 km × 1.11 km.
    assert!(
        (0.78..0.88).contains(&t.zones[0].area_km2),
        "{}",
        t.zones[0].area_km2
    );
    assert!((t.zones[0].per_km2 - 2.0 / t.zones[0].area_km2).abs() < 1e-9);
    let mut near = Bitmap::new(4, false);
    near.set(0, true);
    let mut mask = Bitmap::new(4, true);
    mask.set(3, false);
    let t = zone_table(&zones, &points, Some(&mask), Some(&near));
    assert_eq!((t.total, t.outside), (3, 0));
    assert_eq!(t.zones[0].near_share, Some(0.5));
    assert_eq!(t.zones[1].near_share, Some(0.0));
    assert_eq!(t.zones[0].id, "1");
}

fn points(coords: &[[f64; 2]], values: &[&str]) -> Dataset {
    let mut p = DatasetBuilder::new(false);
    let menages = p.add_column("menages");
    for (c, v) in coords.iter().zip(values) {
        p.geometry.push_point(*c);
        p.column(menages).push_inferred(v);
        p.end_row();
    }
    p.finish(None)
}

#[test]
fn rates_per_1000_addresses_sums_means_and_features_beyond() {
    let mut z = DatasetBuilder::new(false);
    let nom = z.add_column("nom");
    square(&mut z, -0.56, "Ouest", nom);
    square(&mut z, -0.55, "Est", nom);
    square(&mut z, -0.50, "Loin", nom);
    let zones = z.finish(None);
    let counted = points(
        &[
            [-0.555, 47.465],
            [-0.558, 47.462],
            [-0.545, 47.465],
            [-0.545, 47.466],
            [-0.40, 47.30],
        ],
        &["3", "", "2", "4", "100"],
    );
    let addresses = points(
        &[
            [-0.555, 47.461],
            [-0.555, 47.462],
            [-0.555, 47.463],
            [-0.555, 47.464],
            [-0.545, 47.461],
            [-0.545, 47.462],
            [-0.545, 47.463],
        ],
        &[""; 7],
    );
    let mut address_mask = Bitmap::new(7, true);
    address_mask.set(6, false);
    let mut near = Bitmap::new(5, false);
    near.set(0, true);
    let options = ZoneOptions {
        near: Some(&near),
        field: counted.column("menages"),
        addresses: Some((&addresses, Some(&address_mask))),
    };
    let t = zone_figures(&zones, &counted, None, &options);
    assert_eq!((t.total, t.outside), (5, 1));
    assert_eq!(t.field.as_deref(), Some("menages"));
    let figures: Vec<_> = t
        .zones
        .iter()
        .map(|z| {
            (
                z.count,
                z.beyond,
                z.addresses,
                z.per_1000_addresses,
                z.sum,
                z.mean,
            )
        })
        .collect();
    assert_eq!(
        figures,
        [
            (2, Some(1), Some(4), Some(500.0), Some(3.0), Some(3.0)),
            (2, Some(2), Some(2), Some(1000.0), Some(6.0), Some(3.0)),
            (0, Some(0), Some(0), None, Some(0.0), None),
        ]
    );
    // The counted layer is the address layer: its own features are the addresses.
    let own = ZoneOptions {
        addresses: Some((&counted, None)),
        ..ZoneOptions::default()
    };
    let t = zone_figures(&zones, &counted, Some(&near), &own);
    assert_eq!(
        t.zones.iter().map(|z| z.addresses).collect::<Vec<_>>(),
        [Some(2), Some(2), Some(0)]
    );
    assert_eq!(t.zones[0].count, 1);
    assert_eq!(t.zones[0].per_1000_addresses, Some(500.0));
    assert_eq!(t.zones[0].sum, None);
}
