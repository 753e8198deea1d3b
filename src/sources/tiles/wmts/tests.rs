//! WMTS capabilities read from small documents shaped like the Géoplateforme's, GeoServer's and
//! MapProxy's, and one without any Web Mercator set.

use super::*;

fn matrices(prefix: &str, zooms: std::ops::RangeInclusive<u8>, padded: bool) -> String {
    zooms
        .map(|z| {
            let id = if padded { format!("{z:02}") } else { z.to_string() };
            let scale = ZOOM0_SCALE / f64::from(1u32 << z);
            format!(
                "<TileMatrix><ows:Identifier>{prefix}{id}</ows:Identifier><ScaleDenominator>{scale}</ScaleDenominator><TopLeftCorner>-20037508.3428 20037508.3428</TopLeftCorner><TileWidth>256</TileWidth><TileHeight>256</TileHeight><MatrixWidth>1</MatrixWidth><MatrixHeight>1</MatrixHeight></TileMatrix>"
            )
        })
        .collect()
}

fn capabilities(layers: &str, sets: &str, kvp: bool) -> String {
    let ops = if kvp {
        r#"<ows:OperationsMetadata><ows:Operation name="GetTile"><ows:DCP><ows:HTTP><ows:Get xlink:href="http://127.0.0.1:9/gwc/service/wmts?"><ows:Constraint name="GetEncoding"><ows:AllowedValues><ows:Value>KVP</ows:Value></ows:AllowedValues></ows:Constraint></ows:Get></ows:HTTP></ows:DCP></ows:Operation></ows:OperationsMetadata>"#
    } else {
        ""
    };
    format!(
        r#"<?xml version="1.0"?><Capabilities xmlns="http://www.opengis.net/wmts/1.0" xmlns:ows="http://www.opengis.net/ows/1.1" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.0.0">{ops}<Contents>{layers}{sets}</Contents></Capabilities>"#
    )
}

fn layer(id: &str, set: &str, extra: &str) -> String {
    format!(
        r#"<Layer><ows:Title>Plan {id}</ows:Title><ows:Identifier>{id}</ows:Identifier><Style><ows:Identifier>autre</ows:Identifier></Style><Style isDefault="true"><ows:Identifier>normal</ows:Identifier></Style><Format>image/jpeg</Format><Format>image/png</Format><TileMatrixSetLink><TileMatrixSet>{set}</TileMatrixSet></TileMatrixSetLink>{extra}</Layer>"#
    )
}

fn set(id: &str, crs: &str, body: &str) -> String {
    format!(
        "<TileMatrixSet><ows:Identifier>{id}</ows:Identifier><ows:SupportedCRS>{crs}</ows:SupportedCRS>{body}</TileMatrixSet>"
    )
}

#[test]
fn the_pm_set_gives_a_kvp_address_with_the_default_style_and_png() {
    let xml = capabilities(
        &layer("PLAN", "PM", ""),
        &set("PM", "EPSG:3857", &matrices("", 0..=19, false)),
        true,
    );
    let caps = parse(&xml).expect("parsed");
    assert_eq!(caps.layers[0].styles, ["normal", "autre"]);
    let (t, max_zoom) = caps
        .template("", "", "http://x/wmts?REQUEST=GetCapabilities")
        .expect("template");
    assert_eq!(max_zoom, 19);
    assert_eq!(
        t,
        "http://127.0.0.1:9/gwc/service/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=PLAN&STYLE=normal&FORMAT=image%2Fpng&TILEMATRIXSET=PM&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}"
    );
}

#[test]
fn a_geoserver_set_with_prefixed_matrices_and_a_mapproxy_rest_address() {
    let xml = capabilities(
        &layer("ortho", "EPSG:900913", ""),
        &set(
            "EPSG:900913",
            "urn:ogc:def:crs:EPSG::900913",
            &matrices("EPSG:900913:", 0..=20, false),
        ),
        true,
    );
    let (t, max_zoom) = parse(&xml)
        .expect("parsed")
        .template("ortho", "", "")
        .expect("template");
    assert!(t.contains("TILEMATRIX=EPSG:900913:{z}&"), "{t}");
    assert_eq!(max_zoom, 20);
    let rest = r#"<ResourceURL format="image/png" resourceType="tile" template="http://127.0.0.1:9/wmts/osm/{TileMatrixSet}/{TileMatrix}/{TileCol}/{TileRow}.png"/>"#;
    let xml = capabilities(
        &layer("osm", "GLOBAL_WEBMERCATOR", rest),
        &set(
            "GLOBAL_WEBMERCATOR",
            "EPSG:3857",
            &matrices("", 0..=18, true),
        ),
        false,
    );
    let (t, _) = parse(&xml)
        .expect("parsed")
        .template("osm", "", "")
        .expect("template");
    assert_eq!(
        t,
        "http://127.0.0.1:9/wmts/osm/GLOBAL_WEBMERCATOR/{0z}/{x}/{y}.png"
    );
    let key = crate::sources::tiles::TileKey {
        zoom: 5,
        x: 3,
        y: 2,
    };
    assert_eq!(
        key.url(&t),
        "http://127.0.0.1:9/wmts/osm/GLOBAL_WEBMERCATOR/05/3/2.png"
    );
}

#[test]
fn a_service_without_web_mercator_is_told_so() {
    let lambert: String = (0..5)
        .map(|z| format!("<TileMatrix><ows:Identifier>{z}</ows:Identifier><ScaleDenominator>{}</ScaleDenominator></TileMatrix>", 1000.0 * 3f64.powi(z)))
        .collect();
    let xml = capabilities(
        &layer("L93", "LAMB93", ""),
        &set("LAMB93", "EPSG:2154", &lambert),
        true,
    );
    let caps = parse(&xml).expect("parsed");
    assert!(matches!(
        caps.template("L93", "", ""),
        Err(WmtsError::NoWebMercator)
    ));
    assert!(matches!(
        caps.template("absent", "", ""),
        Err(WmtsError::NoLayer)
    ));
    assert!(matches!(parse("<html/>"), Err(WmtsError::NotCapabilities)));
}
