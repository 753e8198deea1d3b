//! Each PostGIS failure against the real test server is told as its own kind, in both
//! languages, without the server's or the library's text.

use crate::pg::{self, PASSWORD, USER};

use territoire::jobs::Progress;
use territoire::sources::postgis::{
    LoadRequest, PgConnection, PgError, Session, SslMode, TableRef,
};

fn connection() -> PgConnection {
    PgConnection {
        name: "test".into(),
        host: "127.0.0.1".into(),
        port: pg::server().port,
        database: pg::DATABASE.into(),
        user: USER.into(),
        sslmode: SslMode::Disable,
        sslrootcert: None,
    }
}

fn load(connection: &PgConnection, password: &str, table: &str) -> Result<usize, PgError> {
    let mut session = Session::open(connection, Some(password))?;
    let request = LoadRequest {
        table: TableRef::parse(table).expect("table"),
        ..LoadRequest::default()
    };
    Ok(session.load(&request, &Progress::default())?.dataset.len())
}

/// The message in both languages names no library and leaks no password.
fn told(error: &PgError) {
    use territoire::i18n::{Language, in_language};
    let fr = in_language(Language::Fr, || error.to_string());
    let en = in_language(Language::En, || error.to_string());
    assert_ne!(fr, en);
    for text in [fr, en] {
        assert!(!text.is_empty() && !text.contains('{'), "{text}");
        for word in ["db error", "SqlState", "rustls", "io error", PASSWORD] {
            assert!(!text.contains(word), "{text}");
        }
    }
}

#[test]
fn wrong_password_is_told_as_such() {
    let e = load(&connection(), "not-the-password", "demo.grille").expect_err("refused");
    assert_eq!(e, PgError::Auth { user: USER.into() });
    told(&e);
}

#[test]
fn unknown_database_and_table_are_told_apart() {
    let mut other = connection();
    other.database = "nulle_part".into();
    let e = load(&other, PASSWORD, "demo.grille").expect_err("no database");
    assert_eq!(e, PgError::UnknownDatabase("nulle_part".into()));
    told(&e);
    let e = load(&connection(), PASSWORD, "demo.absente").expect_err("no table");
    assert_eq!(e, PgError::UnknownTable("demo.absente".into()));
    told(&e);
}

#[test]
fn a_table_without_the_right_to_read_is_permission_denied() {
    let e = load(&connection(), PASSWORD, "prive.salaires").expect_err("denied");
    assert_eq!(e, PgError::PermissionDenied("prive.salaires".into()));
    told(&e);
}

#[test]
fn a_query_past_the_statement_timeout_is_told() {
    let e = load(&connection(), PASSWORD, "demo.lente").expect_err("timeout");
    assert_eq!(e, PgError::Timeout);
    told(&e);
}

#[test]
fn a_server_that_is_down_is_unreachable() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let mut down = connection();
    down.port = port;
    let e = load(&down, PASSWORD, "demo.grille").expect_err("down");
    assert_eq!(e, PgError::Unreachable(format!("127.0.0.1:{port}")));
    told(&e);
}

#[test]
fn a_session_cut_by_the_server_is_connection_lost() {
    let mut session = Session::open(&connection(), Some(PASSWORD)).expect("session");
    let pid: i32 = session
        .client
        .query_one("SELECT pg_backend_pid()", &[])
        .expect("pid")
        .get(0);
    pg::server()
        .admin()
        .execute("SELECT pg_terminate_backend($1)", &[&pid])
        .expect("terminate");
    let request = LoadRequest {
        table: TableRef::parse("demo.grille").expect("table"),
        ..LoadRequest::default()
    };
    let e = session
        .load(&request, &Progress::default())
        .expect_err("cut");
    assert!(matches!(e, PgError::ConnectionLost(_)), "{e:?}");
    told(&e);
}

#[test]
fn tls_verifies_the_certificate_by_default() {
    let mut tls = connection();
    tls.sslmode = SslMode::VerifyFull;
    let e = load(&tls, PASSWORD, "demo.grille").expect_err("self-signed");
    assert!(matches!(e, PgError::Tls(_)), "{e:?}");
    told(&e);
    tls.sslmode = SslMode::Require;
    assert_eq!(load(&tls, PASSWORD, "demo.grille"), Ok(60_000));
    tls.sslmode = SslMode::VerifyFull;
    tls.host = "localhost".into();
    tls.sslrootcert = Some(pg::server().certificate());
    assert_eq!(load(&tls, PASSWORD, "demo.grille"), Ok(60_000));
}

#[test]
fn a_missing_password_is_asked_for() {
    let mut session = Session::open(&connection(), None);
    if std::env::var_os("PGPASSWORD").is_none() {
        let e = session.as_mut().err().cloned().expect("no password");
        assert_eq!(e, PgError::PasswordMissing { user: USER.into() });
        told(&e);
    }
}
