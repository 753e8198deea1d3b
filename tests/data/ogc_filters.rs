//! Filters pushed to an OGC API Features server that evaluates them: pygeoapi with its
//! PostgreSQL provider over the throw-away PostGIS cluster's `demo.adresses` (20,583 addresses).
//! The rows the server sends for a pushed filter are the rows the same filter keeps locally on
//! the whole collection (sorted ids compared); what the server cannot evaluate exactly is not
//! sent and still gives the same rows.

use std::path::Path;

use territoire::data::Dataset;
use territoire::filter::{Expr, parse};
use territoire::jobs::Progress;
use territoire::sources::ogcapi::{FilterSupport, ItemsRequest, OgcApiClient, meta};
use territoire::sources::service::{ServiceLoad, ServicePolicy};

use crate::ogc_filtering::{COLLECTION, filtering_server};

/// The demo kit's addresses as PostGIS got them.
fn addresses() -> Dataset {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/adresses.csv");
    territoire::sources::load_path(&path, &Default::default(), &Progress::default()).expect("kit")
}

/// The sorted `id_adresse` of the rows of `dataset` that `filter` keeps (all when `None`).
fn ids(dataset: &Dataset, filter: Option<&Expr>) -> Vec<String> {
    crate::ogc::names(dataset, filter, "id_adresse")
}

fn client() -> OgcApiClient {
    OgcApiClient::new(&filtering_server().landing, ServicePolicy::default()).expect("client")
}

fn load(filter: &Expr) -> ServiceLoad {
    let request = ItemsRequest {
        filter: Some(filter.clone()),
        page_size: 5000,
        ..ItemsRequest::new(COLLECTION)
    };
    client()
        .load(&request, &Progress::default())
        .unwrap_or_else(|e| panic!("{filter:?}: {e:?}"))
}

#[test]
fn ogc_api_on_postgis_declares_queryables_but_not_cql2() {
    let progress = Progress::default();
    let classes = client().conformance(&progress).expect("conformance");
    assert!(meta::queryables(&classes), "{classes:#?}");
    // pygeoapi 0.21 reads `filter` (as ECQL) without declaring part 3's filter class.
    assert!(!meta::filters_in_cql2(&classes), "{classes:#?}");
    let any = parse("numero_adresse = 1").expect("valid");
    assert_eq!(FilterSupport::of(&classes, &any), FilterSupport::Undeclared);
    let url = format!(
        "{}/collections/{COLLECTION}/queryables?f=json",
        filtering_server().landing
    );
    let body = reqwest::blocking::get(url)
        .and_then(|r| r.text())
        .expect("queryables");
    let queryables: serde_json::Value = serde_json::from_str(&body).expect("json");
    for field in ["commune", "numero_adresse", "suffixe_adresse"] {
        assert!(
            queryables["properties"].get(field).is_some(),
            "{field}: {queryables}"
        );
    }
    assert_eq!(
        client().count(COLLECTION, &progress).expect("count"),
        Some(20_583)
    );
    // Why the filter goes without `filter-lang`: pygeoapi refuses the standard `cql2-text`.
    let items = |query: &str| {
        let url = format!(
            "{}/collections/{COLLECTION}/items?f=json&limit=1&{query}",
            filtering_server().landing
        );
        let answer = reqwest::blocking::get(url).expect("items");
        let status = answer.status().as_u16();
        let body: serde_json::Value =
            serde_json::from_str(&answer.text().expect("text")).expect("json");
        (status, body)
    };
    let (status, body) = items("filter=numero_adresse%20%3D%201&filter-lang=cql2-text");
    assert_eq!(
        (status, &body["code"]),
        (400, &"InvalidParameterValue".into())
    );
    let (status, body) = items("filter=numero_adresse%20%3D%201");
    assert_eq!(status, 200);
    assert!(
        body["numberMatched"].as_u64().is_some_and(|n| n < 2000),
        "{body}"
    );
}

#[test]
fn ogc_api_filters_pushed_to_postgis_give_the_rows_of_a_local_filter() {
    let local = addresses();
    let total = local.len();
    for text in [
        r#"commune = "Trélazé""#,
        r#"libelle_quartier_angers = "Centre-ville – La Fayette – Éblé""#,
        r#"commune != "Angers" AND numero_adresse > 40"#,
        "numero_adresse >= 100 AND numero_adresse < 120",
        "numero_adresse IN ]10..20] AND code_postal = 49100",
        "x <= 428000.5",
        r#"commune IN ("Avrillé", "Les Ponts-de-Cé", "Beaucouzé")"#,
        r#"startswith(libelle_adresse, "Rue du") AND commune = "Angers""#,
        r#"suffixe_adresse = "ter" OR (numero_adresse = 1 AND commune = "Bouchemaine")"#,
        r#"NOT suffixe_adresse IS NULL AND commune = "Avrillé""#,
        "suffixe_adresse IS NULL AND numero_adresse = 2",
        "in_bbox(geo, 47.45, -0.58, 47.47, -0.55) AND numero_adresse <= 10",
        // Wildcards of LIKE (and pygeofilter's `.`) in a prefix are taken literally: no
        // address starts with these, so only Bouchemaine's remain.
        r#"startswith(libelle_adresse, "Rue_du") OR startswith(libelle_adresse, "R%")
           OR startswith(libelle_adresse, "Rue.du") OR commune = "Bouchemaine""#,
    ] {
        let expr = parse(text).expect("valid");
        let load = load(&expr);
        let want = ids(&local, Some(&expr));
        assert!(
            !want.is_empty() && want.len() < total / 2,
            "{text} keeps {}",
            want.len()
        );
        assert!(load.pushed.is_some(), "{text}");
        // Every condition went: the rows sent are the answer, before any local evaluation.
        assert_eq!(
            ids(&load.dataset, None),
            want,
            "{text}: rows the server sent"
        );
        assert_eq!(
            crate::ogc::kept(&load, "id_adresse"),
            want,
            "{text}: rows kept"
        );
        assert_eq!(load.announced, Some(want.len() as u64), "{text}");
    }
}

#[test]
fn ogc_api_filters_the_server_cannot_evaluate_stay_local() {
    let local = addresses();
    let total = local.len();
    for (text, sent) in [
        // A word search ignores case and accents: no CQL2 form.
        (r#"libelle_adresse LIKE "hotel ville""#, None),
        // Null rows are kept by a local NOT, not by a server.
        (
            r#"NOT suffixe_adresse = "bis" AND numero_adresse = 3"#,
            Some("numero_adresse = 3"),
        ),
        // Texts are ordered by the server's collation: kept local.
        (
            r#"commune < "B" AND numero_adresse = 3"#,
            Some("numero_adresse = 3"),
        ),
        // pygeoapi's grammar reads no apostrophe inside a string, nor a date.
        (r#"libelle_adresse = "Rue de l'Hôtel de Ville""#, None),
        (
            r#"date_maj_adresse >= date'2025-06-01' AND commune = "Trélazé""#,
            Some(r#"commune = "Trélazé""#),
        ),
    ] {
        let expr = parse(text).expect("valid");
        let load = load(&expr);
        let want = ids(&local, Some(&expr));
        assert!(
            !want.is_empty() && want.len() < total / 2,
            "{text} keeps {}",
            want.len()
        );
        let sent = sent.map(|s| parse(s).expect("valid"));
        assert_eq!(load.pushed, sent, "{text}");
        match &sent {
            None => assert_eq!(load.dataset.len(), total, "{text}: nothing filtered there"),
            Some(sent) => assert_eq!(
                ids(&load.dataset, None),
                ids(&local, Some(sent)),
                "{text}: the server applied what was sent"
            ),
        }
        assert_eq!(
            crate::ogc::kept(&load, "id_adresse"),
            want,
            "{text}: rows kept"
        );
    }
}

#[test]
fn ogc_api_a_filter_an_undeclared_server_refuses_is_evaluated_here() {
    // pygeofilter's ECQL grammar reads no `""` inside a quoted name: pygeoapi answers 400, the
    // load is made again without the filter, which stays local.
    let expr = parse(r#"`numero"adresse` = 1 AND numero_adresse = 3"#).expect("valid");
    let load = load(&expr);
    assert_eq!(load.pushed, None);
    assert_eq!(load.local, Some(expr));
    assert_eq!(load.dataset.len(), addresses().len());
}

#[test]
fn ogc_api_internal_layers_with_a_filter_load_from_the_server_that_applies_it() {
    use territoire::sources::internal::{
        InternalConnection, InternalLayer, ServiceConnection, load_layer, load_view,
    };
    let connection = |url: &str| {
        InternalConnection::Ogcapi(ServiceConnection {
            name: "api".into(),
            url: url.to_string(),
        })
    };
    let layer = InternalLayer {
        connection: "api".into(),
        table: territoire::sources::postgis::TableRef {
            schema: String::new(),
            table: COLLECTION.into(),
        },
        filter: Some(r#"commune = "Trélazé" AND numero_adresse <= 20"#.into()),
        ..InternalLayer::default()
    };
    let expr = parse(layer.filter.as_deref().expect("filter")).expect("valid");
    let want = ids(&addresses(), Some(&expr));
    let progress = Progress::default();
    let on_postgis = connection(&filtering_server().landing);
    let loaded = load_layer(&on_postgis, &layer, None, &progress).expect("load");
    assert_eq!(ids(&loaded, None), want);
    let view = load_view(
        &on_postgis,
        &layer,
        [-0.6, 47.4, -0.4, 47.5],
        50,
        None,
        &progress,
    )
    .expect("view");
    assert!(!view.dataset.is_empty() && view.dataset.len() <= 50);
    // The GeoJSON provider ignores the filter: the layer is refused, not shown unfiltered.
    let ignoring = connection(&crate::ogc_servers::servers().pygeoapi);
    assert!(load_layer(&ignoring, &layer, None, &progress).is_err());
}

/// Times a filter pushed to pygeoapi over PostGIS against the whole collection read and
/// filtered here: `cargo test --test data measure_ogc_pushdown -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement, not a check"]
fn measure_ogc_pushdown() {
    let expr = parse(r#"commune = "Trélazé" AND numero_adresse <= 20"#).expect("valid");
    let _ = load(&expr);
    let start = std::time::Instant::now();
    let pushed = load(&expr);
    let pushed_s = start.elapsed().as_secs_f64();
    let start = std::time::Instant::now();
    let whole = client()
        .load(
            &ItemsRequest {
                page_size: 5000,
                ..ItemsRequest::new(COLLECTION)
            },
            &Progress::default(),
        )
        .expect("whole");
    let rows = ids(&whole.dataset, Some(&expr));
    let local_s = start.elapsed().as_secs_f64();
    assert_eq!(ids(&pushed.dataset, None), rows);
    println!(
        "pushed: {} rows in {pushed_s:.2} s; whole collection ({} rows) read and filtered here: {local_s:.2} s",
        pushed.dataset.len(),
        whole.dataset.len()
    );
}
