//! OGC services that misbehave (served by a small loopback server): endless pages, error
//! documents, web pages instead of data; each becomes a typed error with words in both languages.

use territoire::i18n::{Language, in_language};
use territoire::jobs::Progress;
use territoire::sources::ogcapi::{ItemsRequest, OgcApiClient};
use territoire::sources::service::{AnswerKind, ServiceError, ServicePolicy};
use territoire::sources::wfs::{FeaturesRequest, WfsClient};

use crate::faulty::serve;

fn quick() -> ServicePolicy {
    ServicePolicy {
        tries: 2,
        first_backoff: std::time::Duration::from_millis(10),
        timeout: std::time::Duration::from_secs(2),
    }
}

const POINT: &str = r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[-0.55,47.47]},"properties":{"n":1}}"#;

#[test]
fn a_next_link_that_loops_is_an_endless_page_error() {
    let page = format!(
        r#"{{"type":"FeatureCollection","features":[{POINT}],"links":[{{"rel":"next","href":"{{base}}/collections/boucle/items?page=1"}}]}}"#
    );
    let base = serve(vec![(
        "/collections/boucle/items",
        200,
        "application/geo+json",
        page,
    )]);
    let client = OgcApiClient::new(&base, quick()).expect("client");
    let error = client
        .load(&ItemsRequest::new("boucle"), &Progress::default())
        .expect_err("endless");
    assert!(
        matches!(error, ServiceError::EndlessPages { pages: 2, rows: 2 }),
        "{error:?}"
    );

    let fr = in_language(Language::Fr, || error.to_string());
    let en = in_language(Language::En, || error.to_string());
    assert!(
        fr.contains("pages sans fin") && fr.contains("2 pages"),
        "{fr}"
    );
    assert!(en.contains("pages without end"), "{en}");
}

#[test]
fn error_documents_web_pages_and_server_errors_are_typed() {
    let base = serve(vec![
        (
            "/collections/refus/items",
            400,
            "application/json",
            r#"{"code":"InvalidParameterValue","description":"Invalid bbox"}"#.into(),
        ),
        (
            "/collections/page/items",
            200,
            "text/html",
            "<html>login</html>".into(),
        ),
        ("/collections/panne/items", 503, "text/plain", "down".into()),
    ]);
    let client = OgcApiClient::new(&base, quick()).expect("client");
    let load = |id: &str| client.load(&ItemsRequest::new(id), &Progress::default());
    assert!(matches!(
        load("refus"),
        Err(ServiceError::ApiError { status: 400, ref code }) if code == "InvalidParameterValue"
    ));
    assert!(matches!(
        load("page"),
        Err(ServiceError::BadAnswer(AnswerKind::Html))
    ));
    assert!(matches!(
        load("panne"),
        Err(ServiceError::Server {
            status: 503,
            tries: 2
        })
    ));
    assert!(matches!(load("absente"), Err(ServiceError::Missing { .. })));
}

const CAPABILITIES: &str = r#"<?xml version="1.0"?>
<wfs:WFS_Capabilities xmlns:wfs="http://www.opengis.net/wfs/2.0" xmlns:ows="http://www.opengis.net/ows/1.1" version="2.0.0">
<FeatureTypeList xmlns="http://www.opengis.net/wfs/2.0"><FeatureType><Name>ns:boucle</Name><Title>Boucle</Title>
<DefaultCRS>urn:ogc:def:crs:EPSG::4326</DefaultCRS><OutputFormats><Format>application/json</Format></OutputFormats>
</FeatureType><FeatureType><Name>ns:shp</Name><DefaultCRS>urn:ogc:def:crs:EPSG::4326</DefaultCRS>
<OutputFormats><Format>SHAPE-ZIP</Format></OutputFormats></FeatureType></FeatureTypeList></wfs:WFS_Capabilities>"#;

#[test]
fn a_wfs_that_ignores_startindex_is_an_endless_page_error() {
    // Every GetFeature answers the same full page of one feature, whatever STARTINDEX says.
    let page = format!(r#"{{"type":"FeatureCollection","features":[{POINT}]}}"#);
    let base = serve(vec![
        (
            "/wfs?REQUEST=GetCapabilities",
            200,
            "text/xml",
            CAPABILITIES.into(),
        ),
        ("/wfs?RESULTTYPE=hits", 400, "text/xml", EXCEPTION.into()),
        ("/wfs?REQUEST=GetFeature", 200, "application/json", page),
    ]);
    let service =
        territoire::sources::wfs::parse_endpoint(&format!("{base}/wfs")).expect("endpoint");
    let client = WfsClient::new(&service, quick()).expect("client");
    let caps = client.capabilities(&Progress::default()).expect("caps");
    assert_eq!(caps.types[0].title, "Boucle");
    assert!(matches!(
        client.load(&FeaturesRequest::new("ns:shp"), &Progress::default()),
        Err(ServiceError::NoFormat)
    ));
    // The count is refused with an ExceptionReport: its code and locator are what the user reads.
    let error = client
        .load(&FeaturesRequest::new("boucle"), &Progress::default())
        .expect_err("exception");
    assert!(
        matches!(&error, ServiceError::Exception { code, locator } if code == "OperationProcessingFailed" && locator == "resulttype"),
        "{error:?}"
    );
    let text = in_language(Language::En, || error.to_string());
    assert!(text.contains("OperationProcessingFailed"), "{text}");
    let base = serve(vec![
        ("/wfs?REQUEST=GetCapabilities", 200, "text/xml", CAPABILITIES.into()),
        ("/wfs?RESULTTYPE=hits", 200, "text/xml", "<wfs:FeatureCollection xmlns:wfs=\"http://www.opengis.net/wfs/2.0\" numberMatched=\"unknown\"/>".into()),
        ("/wfs?REQUEST=GetFeature", 200, "application/json", format!(r#"{{"type":"FeatureCollection","features":[{POINT}]}}"#)),
    ]);
    let service =
        territoire::sources::wfs::parse_endpoint(&format!("{base}/wfs")).expect("endpoint");
    let client = WfsClient::new(&service, quick()).expect("client");
    let error = client
        .load(
            &FeaturesRequest {
                page_size: 1,
                ..FeaturesRequest::new("boucle")
            },
            &Progress::default(),
        )
        .expect_err("endless");
    assert!(
        matches!(error, ServiceError::EndlessPages { pages: 2, rows: 1 }),
        "{error:?}"
    );
}

const EXCEPTION: &str = r#"<?xml version="1.0"?><ows:ExceptionReport xmlns:ows="http://www.opengis.net/ows/1.1" version="2.0.0"><ows:Exception exceptionCode="OperationProcessingFailed" locator="resulttype"><ows:ExceptionText>hits are off</ows:ExceptionText></ows:Exception></ows:ExceptionReport>"#;
