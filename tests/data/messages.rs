//! Every failure a user can meet — each fault of the local portal, the address service, bad
//! files made here — is told in French and in English without a word of a library's text, a
//! missing translation or an unfilled placeholder.

use crate::server;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use server::{Fault, FaultKind, LocalPortal};
use territoire::i18n::{Language, in_language, missing_keys};
use territoire::jobs::Progress;
use territoire::sources::fault::NetFault;
use territoire::sources::geocoder::Geocoder;
use territoire::sources::portal::{
    AnswerFault, ExportRequest, PortalClient, PortalError, PortalUrl, RetryPolicy, load_dataset,
};
use territoire::sources::{LoadOptions, SourceError, load_path};

use super::bad_input::{LIBRARY_PHRASES, bad_files, file};

/// Fails with the case's name when `make` gives a message that leaks, misses a translation or
/// is the same in both languages.
fn check(case: &str, make: impl Fn() -> String) {
    let fr = in_language(Language::Fr, &make);
    let en = in_language(Language::En, &make);
    for (language, text) in [("fr", &fr), ("en", &en)] {
        let lower = text.to_lowercase();
        for phrase in LIBRARY_PHRASES {
            assert!(
                !lower.contains(phrase),
                "{case} ({language}): library text “{phrase}” in “{text}”"
            );
        }
        assert!(
            !text.contains('{') && !text.contains('}'),
            "{case} ({language}): placeholder left in “{text}”"
        );
        assert!(
            !text.split_whitespace().any(looks_like_a_key),
            "{case} ({language}): a locale key instead of words in “{text}”"
        );
        assert!(text.len() > 12, "{case} ({language}): too short: “{text}”");
    }
    assert_ne!(fr, en, "{case}: the English text is the French one");
}

/// `portal-err-html`: lowercase words joined by dashes, as locale keys are (and words are not).
fn looks_like_a_key(word: &str) -> bool {
    let word = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
    word.matches('-').count() >= 2
        && word
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn sample_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data")
}

fn client_for(url: &str) -> PortalClient {
    let policy = RetryPolicy {
        tries: 2,
        first_backoff: Duration::from_millis(20),
        max_quota_wait: Duration::from_secs(5),
        timeout: Duration::from_secs(1),
    };
    PortalClient::new(PortalUrl::parse(url).expect("loopback"), None, policy).expect("client")
}

fn request(id: &str) -> ExportRequest {
    ExportRequest {
        dataset: id.into(),
        ..ExportRequest::default()
    }
}

/// Loads `id` from a local portal spoiled by `fault`; the error, checked.
fn portal_fault(fault: FaultKind) -> PortalError {
    let portal = LocalPortal::start(&sample_data(), 0).expect("portal");
    let client = client_for(&portal.url());
    let progress = Arc::new(Progress::default());
    if fault == FaultKind::Slow {
        let watcher = Arc::clone(&progress);
        std::thread::spawn(move || {
            while watcher.done() == 0 {
                std::thread::sleep(Duration::from_millis(10));
            }
            watcher.cancel();
        });
    }
    portal.set_fault(Some(Fault {
        kind: fault,
        times: None,
    }));
    match load_dataset(&client, None, &request("espaces-verts"), &progress) {
        Err(error) => error,
        Ok(_) => panic!("{fault:?}: the load should fail"),
    }
}

#[test]
fn every_portal_fault_is_told_in_the_user_s_language() {
    let cases = [
        (FaultKind::Quota, "quota"),
        (FaultKind::Server, "500"),
        (FaultKind::Timeout, "timeout"),
        (FaultKind::Truncate, "truncate"),
        (FaultKind::Slow, "slow, cancelled"),
        (FaultKind::Html, "html"),
        (FaultKind::Unauthorized, "401"),
        (FaultKind::Forbidden, "403"),
    ];
    std::thread::scope(|scope| {
        for (fault, name) in cases {
            scope.spawn(move || {
                let error = portal_fault(fault);
                match (fault, &error) {
                    (FaultKind::Quota, PortalError::Quota { .. })
                    | (FaultKind::Server, PortalError::Server { .. })
                    | (FaultKind::Timeout, PortalError::Timeout(_))
                    | (FaultKind::Truncate, PortalError::BadAnswer(AnswerFault::Cut { .. }))
                    | (FaultKind::Slow, PortalError::Cancelled)
                    | (FaultKind::Html, PortalError::BadAnswer(AnswerFault::Html))
                    | (FaultKind::Unauthorized | FaultKind::Forbidden, PortalError::Private(_)) => {
                    }
                    other => panic!("{name}: unexpected error {other:?}"),
                }
                check(name, || error.to_string());
            });
        }
    });
}

#[test]
fn a_truncated_download_says_how_much_arrived() {
    let error = portal_fault(FaultKind::Truncate);
    let text = in_language(Language::En, || error.to_string());
    assert!(text.contains(" of "), "{text}");
    let fr = in_language(Language::Fr, || error.to_string());
    assert!(fr.contains("interrompu"), "{fr}");
}

#[test]
fn an_html_page_is_named_as_such() {
    let error = portal_fault(FaultKind::Html);
    assert!(in_language(Language::Fr, || error.to_string()).contains("page HTML"));
}

/// A port on 127.0.0.1 where nothing listens.
fn closed_port_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

#[test]
fn unreachable_services_say_why() {
    let url = closed_port_url();
    let error = match load_dataset(
        &client_for(&url),
        None,
        &request("espaces-verts"),
        &Progress::default(),
    ) {
        Err(error) => error,
        Ok(_) => panic!("nothing listens there"),
    };
    assert!(
        matches!(error, PortalError::Network(NetFault::Refused)),
        "{error:?}"
    );
    check("portal, closed port", || error.to_string());
    let geocoder = Geocoder::new(&format!("{url}/geocodage")).expect("geocoder");
    let error = geocoder
        .search("rue Lenepveu", 5, None)
        .expect_err("closed");
    check("address service, closed port", || error.to_string());
    let error = Geocoder::new("ftp://adresse").expect_err("not http");
    check("address service, bad address", || error.to_string());
    // Faults that loopback cannot produce: their words all the same.
    for fault in [
        NetFault::Dns,
        NetFault::Refused,
        NetFault::Tls,
        NetFault::Reset,
        NetFault::Timeout,
        NetFault::Other,
    ] {
        check(&format!("{fault:?}"), || {
            PortalError::Network(fault).to_string()
        });
    }
    for fault in [
        AnswerFault::NotJson,
        AnswerFault::Unexpected,
        AnswerFault::Truncated {
            got: 276,
            expected: 41_512,
        },
    ] {
        check(&format!("{fault:?}"), || {
            PortalError::BadAnswer(fault).to_string()
        });
    }
    check("cache", || {
        PortalError::Cache(std::io::ErrorKind::StorageFull).to_string()
    });
}

#[test]
fn the_address_service_faults_are_told() {
    let portal = LocalPortal::start(&sample_data(), 0).expect("portal");
    let geocoder = Geocoder::new(&format!("{}/geocodage", portal.url())).expect("geocoder");
    let error = geocoder.search("ab", 5, None).expect_err("too short");
    check("address service, 400", || error.to_string());
    for kind in [FaultKind::Html, FaultKind::Server, FaultKind::Quota] {
        portal.set_fault(Some(Fault { kind, times: None }));
        let error = geocoder
            .search("rue Lenepveu", 5, None)
            .expect_err("spoiled");
        check(&format!("address service, {kind:?}"), || error.to_string());
    }
}

/// Writes `bytes` to `name` in `dir`.
fn load_error(path: &Path) -> SourceError {
    match load_path(path, &LoadOptions::default(), &Progress::default()) {
        Err(error) => error,
        Ok(data) => panic!("{}: loaded {} rows", path.display(), data.len()),
    }
}

#[test]
fn every_bad_file_is_told_in_the_user_s_language() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (case, path) in bad_files(dir.path()) {
        let error = load_error(&path);
        check(case, || error.to_string());
    }
}

#[test]
fn a_truncated_json_file_says_where_it_stops() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = file(
        dir.path(),
        "coupe.geojson",
        b"{\"type\": \"FeatureCollection\",\n\"features\": [\n{\"type\": \"Feature\",",
    );
    let error = load_error(&path);
    assert!(
        matches!(error, SourceError::Json { line: 3, .. }),
        "{error:?}"
    );
    let fr = in_language(Language::Fr, || error.to_string());
    assert!(fr.contains("incomplet") && fr.contains("ligne 3"), "{fr}");
    let en = in_language(Language::En, || error.to_string());
    assert!(en.contains("incomplete") && en.contains("line 3"), "{en}");
}

#[test]
fn load_issues_are_told_in_each_language() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Windows-1252 text, a row that cannot be read, a row without position.
    let csv = file(
        dir.path(),
        "cp1252.csv",
        b"nom;lon;lat\nCath\xe9drale;-0.55;47.47\nsans position;;\n\"ouvert;1;2\n",
    );
    let load = || load_path(&csv, &LoadOptions::default(), &Progress::default());
    let data = load().expect("loads with issues");
    assert!(!data.issues.is_empty(), "issues expected");
    for issue in &data.issues {
        check(&format!("issue {:?}", issue.kind), || {
            let again = load().expect("loads");
            let same = again.issues.iter().find(|i| i.kind == issue.kind);
            same.map(|i| i.message.clone()).unwrap_or_default()
        });
    }
}

#[test]
fn a_geojson_saved_with_a_byte_order_mark_loads() {
    let dir = tempfile::tempdir().expect("temp dir");
    let body = r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[-0.55,47.47]},"properties":{}}"#;
    let path = file(
        dir.path(),
        "bom.geojson",
        format!("\u{feff}{body}").as_bytes(),
    );
    let data = load_path(&path, &LoadOptions::default(), &Progress::default()).expect("loads");
    assert_eq!(data.len(), 1);
}

#[test]
fn no_locale_key_was_asked_for_that_has_no_text() {
    every_bad_file_is_told_in_the_user_s_language();
    let missing = missing_keys();
    assert!(missing.is_empty(), "keys without text: {missing:?}");
}

/// Every key written in the code after `tr(`, `tr_args(` or `tr_count(` has a text (or, for a
/// count, both plural forms) in each locale file.
#[test]
fn every_key_written_in_the_code_has_its_texts() {
    let mut missing = Vec::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("src").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("read");
                for (call, key) in keys_in(&text) {
                    if !key_has_texts(call, &key) {
                        missing.push(format!("{}: {key}", path.display()));
                    }
                }
            }
        }
    }
    assert!(missing.is_empty(), "keys without text: {missing:#?}");
}

/// The literal keys passed to the lookup functions in `source`, with the function's name.
fn keys_in(source: &str) -> Vec<(&'static str, String)> {
    let mut keys = Vec::new();
    for call in ["tr(", "tr_args(", "tr_count("] {
        for (at, _) in source.match_indices(call) {
            let before = source[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let rest = source[at + call.len()..].trim_start();
            let Some(literal) = rest.strip_prefix('"') else {
                continue;
            };
            if let Some(end) = literal.find('"') {
                let key = &literal[..end];
                let looks_like_key = !key.is_empty()
                    && key
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
                if looks_like_key {
                    keys.push((call, key.to_owned()));
                }
            }
        }
    }
    keys
}

fn key_has_texts(call: &str, key: &str) -> bool {
    let has = |k: &str| {
        [Language::Fr, Language::En]
            .iter()
            .all(|&l| in_language(l, || territoire::i18n::has_key(k)))
    };
    let plural = has(&format!("{key}-one")) && has(&format!("{key}-other"));
    has(key) || (call == "tr_count(" && plural)
}
