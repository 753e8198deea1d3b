//! OGC services that misbehave (served by a small loopback server): endless pages, error
//! documents, web pages instead of data; each becomes a typed error with words in both languages.

use territoire::jobs::Progress;
use territoire::sources::ogcapi::{ItemsRequest, OgcApiClient};
use territoire::sources::service::{AnswerKind, ServiceError, ServicePolicy};

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
    territoire::i18n::set_language(territoire::i18n::Language::Fr);
    assert!(error.to_string().contains("pages sans fin"), "{error}");
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
