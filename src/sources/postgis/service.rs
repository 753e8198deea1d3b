//! Connections from the user's `pg_service.conf` (libpq's service file): `[name]` sections of
//! `host`, `port`, `dbname`, `user`, `sslmode`, `sslrootcert`. Passwords there are ignored.

use std::path::PathBuf;

use super::{PgConnection, PgError, SslMode};

/// The service files, user's first: `PGSERVICEFILE` or `~/.pg_service.conf`, then
/// `PGSYSCONFDIR/pg_service.conf` or the system's.
fn files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    match std::env::var_os("PGSERVICEFILE") {
        Some(file) => out.push(PathBuf::from(file)),
        None => {
            if let Some(home) = directories::BaseDirs::new() {
                out.push(home.home_dir().join(".pg_service.conf"));
            }
        }
    }
    match std::env::var_os("PGSYSCONFDIR") {
        Some(dir) => out.push(PathBuf::from(dir).join("pg_service.conf")),
        None => out.push(PathBuf::from("/etc/postgresql-common/pg_service.conf")),
    }
    out
}

/// Every service found, by name (the first file that names one wins).
pub fn list() -> Vec<PgConnection> {
    let mut out: Vec<PgConnection> = Vec::new();
    for file in files() {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        for service in parse(&text) {
            if !out.iter().any(|s| s.name == service.name) {
                out.push(service);
            }
        }
    }
    out
}

/// The service called `name`.
pub fn find(name: &str) -> Result<PgConnection, PgError> {
    list()
        .into_iter()
        .find(|s| s.name == name)
        .ok_or(PgError::BadUrl("pg-url-service"))
}

/// The services of one file's text.
pub fn parse(text: &str) -> Vec<PgConnection> {
    let mut out: Vec<PgConnection> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            out.push(PgConnection {
                name: name.trim().to_owned(),
                host: "localhost".into(),
                port: 5432,
                database: String::new(),
                user: String::new(),
                sslmode: SslMode::default(),
                sslrootcert: None,
            });
            continue;
        }
        let (Some(current), Some((key, value))) = (out.last_mut(), line.split_once('=')) else {
            continue;
        };
        let value = value.trim();
        match key.trim() {
            "host" | "hostaddr" => current.host = value.to_owned(),
            "port" => current.port = value.parse().unwrap_or(5432),
            "dbname" => current.database = value.to_owned(),
            "user" => current.user = value.to_owned(),
            "sslmode" => current.sslmode = SslMode::parse(value).unwrap_or_default(),
            "sslrootcert" => current.sslrootcert = Some(value.into()),
            _ => {}
        }
    }
    for service in &mut out {
        if service.database.is_empty() {
            service.database = service.user.clone();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sections_and_ignores_passwords() {
        let text = "# metropole\n[sig]\nhost=db.intra\nport=5433\ndbname=referentiel\n\
                    user=agent\npassword=secret\nsslmode=verify-ca\n\n[local]\nuser=moi\n";
        let services = parse(text);
        assert_eq!(services.len(), 2);
        assert_eq!(services[0].name, "sig");
        assert_eq!(services[0].port, 5433);
        assert_eq!(services[0].sslmode, SslMode::VerifyCa);
        assert_eq!(services[1].database, "moi");
        assert!(!format!("{services:?}").contains("secret"));
    }
}
