//! Zone statistics computed in PostGIS equal the local figures on the same data: counts per
//! zone (points on shared borders included), a filter, the sum and mean of a field, the share
//! within a distance of another table, statistical secrecy.

use crate::pg::{self, PASSWORD, USER};

use territoire::analysis::secrecy::Secrecy;
use territoire::analysis::zones::{ZoneOptions, zone_figures, zone_table_from_counts};
use territoire::data::Dataset;
use territoire::filter::{evaluate, parse};
use territoire::jobs::Progress;
use territoire::sources::postgis::{
    LoadRequest, PgConnection, Session, SslMode, TableRef, ZoneQuery, zone_counts,
};

fn session() -> Session {
    let connection = PgConnection {
        name: "test".into(),
        host: "127.0.0.1".into(),
        port: pg::server().port,
        database: pg::DATABASE.into(),
        user: USER.into(),
        sslmode: SslMode::Disable,
        sslrootcert: None,
    };
    Session::open(&connection, Some(PASSWORD)).expect("session")
}

fn table(name: &str) -> TableRef {
    TableRef::parse(name).expect("table")
}

fn load(name: &str) -> Dataset {
    let request = LoadRequest {
        table: table(name),
        ..LoadRequest::default()
    };
    session()
        .load(&request, &Progress::default())
        .expect(name)
        .dataset
}

#[test]
fn counts_sums_nearness_and_secrecy_equal_the_local_figures() {
    let zones = load("demo.quartiers");
    let points = load("demo.adresses");
    let heritage = load("demo.patrimoine");
    let filter = r#"commune = "Angers""#;
    let mask = evaluate(&parse(filter).expect("filter"), &points).expect("mask");
    let near = territoire::filter::spatial::near(&points, &heritage, None, 150.0);
    let field = points.column("numero_adresse").expect("field");
    let options = ZoneOptions {
        near: Some(&near),
        field: Some(field),
        addresses: None,
    };
    let mut local = zone_figures(&zones, &points, Some(&mask), &options);
    let query = ZoneQuery {
        table: table("demo.adresses"),
        filter: Some(parse(filter).expect("filter")),
        field: Some("numero_adresse".into()),
        near: Some((table("demo.patrimoine"), 150.0)),
    };
    let counted = zone_counts(&mut session(), &zones, &query).expect("counted in PostGIS");
    let mut remote = zone_table_from_counts(&zones, counted);
    assert!(local.total > 10_000 && local.zones.iter().any(|z| z.count > 0));
    assert_eq!(remote.total, local.total);
    assert_eq!(remote.outside, local.outside);
    for (r, l) in remote.zones.iter().zip(&local.zones) {
        assert_eq!(
            (r.name.as_str(), r.count, r.beyond),
            (l.name.as_str(), l.count, l.beyond)
        );
        let (rs, ls) = (r.sum.unwrap_or(0.0), l.sum.unwrap_or(0.0));
        assert!(
            (rs - ls).abs() <= 1e-9 * ls.abs().max(1.0),
            "{}: {rs} {ls}",
            r.name
        );
        assert_eq!(r.mean.is_some(), l.mean.is_some());
    }
    let secrecy = Some(Secrecy { threshold: 400 });
    local.protect(secrecy);
    remote.protect(secrecy);
    assert_eq!(remote, local);
}

#[test]
fn a_point_on_a_shared_border_or_in_overlapping_zones_is_counted_once_as_locally() {
    let admin = pg::server().admin();
    let mut admin = admin;
    admin
        .batch_execute(
            "CREATE TABLE IF NOT EXISTS demo.frontiere (id serial PRIMARY KEY, geom geometry(Point, 4326));
             TRUNCATE demo.frontiere;
             INSERT INTO demo.frontiere (geom) VALUES
               (ST_SetSRID(ST_MakePoint(-0.5, 47.45), 4326)),
               (ST_SetSRID(ST_MakePoint(-0.5, 47.5), 4326)),
               (ST_SetSRID(ST_MakePoint(-0.55, 47.5), 4326)),
               (ST_SetSRID(ST_MakePoint(-0.45, 47.45), 4326));
             CREATE TABLE IF NOT EXISTS demo.deux_zones (id serial PRIMARY KEY, nom text, geom geometry(Polygon, 4326));
             TRUNCATE demo.deux_zones;
             INSERT INTO demo.deux_zones (nom, geom) VALUES
               ('ouest', ST_GeomFromText('POLYGON((-0.6 47.4, -0.5 47.4, -0.5 47.5, -0.6 47.5, -0.6 47.4))', 4326)),
               ('est', ST_GeomFromText('POLYGON((-0.5 47.4, -0.4 47.4, -0.4 47.5, -0.5 47.5, -0.5 47.4))', 4326)),
               -- Overlaps both: its points are counted in the first zone that holds them.
               ('centre', ST_GeomFromText('POLYGON((-0.56 47.42, -0.44 47.42, -0.44 47.49, -0.56 47.49, -0.56 47.42))', 4326));
             GRANT SELECT ON demo.frontiere, demo.deux_zones TO agent;",
        )
        .expect("border tables");
    let zones = load("demo.deux_zones");
    let points = load("demo.frontiere");
    let local = zone_figures(&zones, &points, None, &ZoneOptions::default());
    let query = ZoneQuery {
        table: table("demo.frontiere"),
        filter: None,
        field: None,
        near: None,
    };
    let counted = zone_counts(&mut session(), &zones, &query).expect("counted");
    let remote = zone_table_from_counts(&zones, counted);
    let counts = |t: &territoire::analysis::zones::ZoneTable| -> Vec<usize> {
        t.zones.iter().map(|z| z.count).collect()
    };
    assert_eq!(counts(&remote), counts(&local));
    assert_eq!(remote.outside, local.outside);
}
