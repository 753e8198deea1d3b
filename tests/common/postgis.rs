//! A throw-away PostgreSQL + PostGIS cluster for the tests: made with `initdb` in a temporary
//! folder, run as the `postgres` user when the tests run as root, on a free port of 127.0.0.1,
//! loaded with the demo kit (read by the project's own readers) and a few error cases. Started
//! once per test binary; it stops and its folder is removed when the test process ends (a
//! watchdog shell waits for the end of its standard input).
//!
//! Missing PostgreSQL is a failure, not a skip: `scripts/install-deps.sh` installs it.

use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use territoire::data::{Dataset, FieldType};
use territoire::jobs::Progress;
use territoire::sources::{LoadOptions, load_path};

/// The superuser's password (host connections use SCRAM, as a real server does).
pub const ADMIN_PASSWORD: &str = "admin-secret";
/// The reader account the tests connect with.
pub const USER: &str = "agent";
/// Its password.
pub const PASSWORD: &str = "agent-secret";
/// The database holding the test tables.
pub const DATABASE: &str = "territoire";

/// A running test cluster.
pub struct Server {
    /// Its port on 127.0.0.1.
    pub port: u16,
    /// Its folder (data, socket, certificate).
    pub dir: PathBuf,
    /// Held open for the life of the test process: its end stops the server.
    _watchdog: Mutex<(Child, ChildStdin)>,
}

impl Server {
    /// The authority that signed the server's certificate (trusted by no system).
    pub fn certificate(&self) -> PathBuf {
        self.dir.join("ca.crt")
    }

    /// A `postgresql://` URL for `table` as the reader account, TLS off.
    pub fn url(&self, table: &str) -> String {
        format!(
            "postgresql://{USER}@127.0.0.1:{}/{DATABASE}?table={table}&sslmode=disable",
            self.port
        )
    }

    /// A connection as the superuser to the test database.
    pub fn admin(&self) -> postgres::Client {
        admin_client(self.port, DATABASE).expect("superuser connection")
    }
}

static SERVER: OnceLock<Result<Server, String>> = OnceLock::new();

/// The cluster of this test binary, started at the first call (a failure is kept: every test
/// that needs it fails at once with the same reason).
pub fn server() -> &'static Server {
    match SERVER.get_or_init(start) {
        Ok(server) => server,
        Err(e) => panic!("test PostgreSQL: {e}"),
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// The folder of `initdb` and `postgres`: Debian's PostgreSQL 15 first, else `pg_config`'s.
fn bin_dir() -> Result<PathBuf, String> {
    for version in ["15", "16", "17", "14", "13"] {
        let dir = PathBuf::from(format!("/usr/lib/postgresql/{version}/bin"));
        if dir.join("postgres").is_file() {
            return Ok(dir);
        }
    }
    let out = Command::new("pg_config")
        .arg("--bindir")
        .output()
        .map_err(|_| "PostgreSQL is not installed (run scripts/install-deps.sh)".to_owned())?;
    Ok(PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
}

/// A command run as the `postgres` user when the tests run as root.
fn as_owner(root: bool, program: &Path) -> Command {
    if root {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

fn run(mut command: Command, what: &str) -> Result<(), String> {
    let out = command.output().map_err(|e| format!("{what}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{what}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// A private authority and the server's certificate it signs, for `localhost` and 127.0.0.1.
fn certificates(dir: &Path) -> Result<(), String> {
    let openssl = |args: &[&str]| {
        let mut command = Command::new("openssl");
        command.current_dir(dir).args(args);
        run(command, "openssl")
    };
    let ca = [
        "-subj",
        "/CN=Territoire test CA",
        "-keyout",
        "ca.key",
        "-out",
        "ca.crt",
    ];
    openssl(
        &[
            &[
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            ][..],
            &ca[..],
        ]
        .concat(),
    )?;
    let request = [
        "-subj",
        "/CN=localhost",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
    ];
    openssl(
        &[
            &["req", "-new", "-newkey", "rsa:2048", "-nodes"][..],
            &request[..],
        ]
        .concat(),
    )?;
    std::fs::write(
        dir.join("server.ext"),
        "basicConstraints=CA:FALSE\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n",
    )
    .map_err(|e| e.to_string())?;
    openssl(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        "server.ext",
        "-out",
        "server.crt",
    ])
}

fn free_port() -> Result<u16, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(listener.local_addr().map_err(|e| e.to_string())?.port())
}

fn start() -> Result<Server, String> {
    let bin = bin_dir()?;
    let root = is_root();
    let dir = tempfile::Builder::new()
        .prefix("territoire-pg-")
        .tempdir()
        .map_err(|e| e.to_string())?
        .keep();
    std::fs::write(dir.join("pw"), ADMIN_PASSWORD).map_err(|e| e.to_string())?;
    certificates(&dir)?;
    if root {
        let mut chown = Command::new("chown");
        chown.args(["-R", "postgres:postgres"]).arg(&dir);
        run(chown, "chown")?;
    }
    let mut chmod = Command::new("chmod");
    chmod.arg("600").arg(dir.join("server.key"));
    run(chmod, "chmod")?;
    let mut initdb = as_owner(root, &bin.join("initdb"));
    initdb
        .arg("-D")
        .arg(dir.join("data"))
        .args(["-U", "postgres", "-E", "UTF8", "--no-locale"])
        .args(["--auth-local=trust", "--auth-host=scram-sha-256"])
        .arg(format!("--pwfile={}", dir.join("pw").display()));
    run(initdb, "initdb")?;
    let port = free_port()?;
    let watchdog = launch(root, &bin, &dir, port)?;
    wait_ready(port, &dir)?;
    load(port).map_err(|e| format!("loading the test data: {e:?}"))?;
    Ok(Server {
        port,
        dir,
        _watchdog: Mutex::new(watchdog),
    })
}

/// Starts `postgres` under a shell that stops it (fast shutdown) and removes the folder once its
/// standard input closes, that is when the test process ends, however it ends.
fn launch(root: bool, bin: &Path, dir: &Path, port: u16) -> Result<(Child, ChildStdin), String> {
    let d = dir.display();
    let script = format!(
        "'{postgres}' -D '{d}/data' -p {port} -k '{d}' -c listen_addresses=127.0.0.1 \
         -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c ssl=on \
         -c ssl_cert_file='{d}/server.crt' -c ssl_key_file='{d}/server.key' \
         >'{d}/server.log' 2>&1 & pid=$!; cat >/dev/null; kill -INT $pid; wait $pid; rm -rf '{d}'",
        postgres = bin.join("postgres").display()
    );
    let mut command = as_owner(root, Path::new("sh"));
    command
        .arg("-c")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::null());
    let mut child = command.spawn().map_err(|e| format!("postgres: {e}"))?;
    let stdin = child.stdin.take().ok_or("no stdin")?;
    Ok((child, stdin))
}

fn admin_client(port: u16, database: &str) -> Result<postgres::Client, postgres::Error> {
    postgres::Config::new()
        .host("127.0.0.1")
        .port(port)
        .user("postgres")
        .password(ADMIN_PASSWORD)
        .dbname(database)
        .connect(postgres::NoTls)
}

fn wait_ready(port: u16, dir: &Path) -> Result<(), String> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        match admin_client(port, "postgres") {
            Ok(_) => return Ok(()),
            Err(e) if Instant::now() > deadline => {
                let log = std::fs::read_to_string(dir.join("server.log")).unwrap_or_default();
                return Err(format!("server not ready: {e}\n{log}"));
            }
            Err(_) => std::thread::sleep(Duration::from_millis(100)),
        }
    }
}

/// Roles, the database, PostGIS, then the tables.
fn load(port: u16) -> Result<(), postgres::Error> {
    let mut admin = admin_client(port, "postgres")?;
    admin.batch_execute(&format!(
        "CREATE ROLE {USER} LOGIN PASSWORD '{PASSWORD}';
         CREATE ROLE etranger LOGIN PASSWORD 'etranger-secret';"
    ))?;
    admin.batch_execute(&format!("CREATE DATABASE {DATABASE}"))?;
    let mut db = admin_client(port, DATABASE)?;
    db.batch_execute(
        "CREATE EXTENSION postgis;
         CREATE SCHEMA demo;
         CREATE SCHEMA prive;",
    )?;
    let kit = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    for (file, table, srid) in [
        ("quartiers.geojson", "demo.quartiers", 2154),
        ("adresses.csv", "demo.adresses", 4326),
        ("patrimoine.shp", "demo.patrimoine", 2154),
    ] {
        let dataset = load_path(
            &kit.join(file),
            &LoadOptions::default(),
            &Progress::default(),
        )
        .unwrap_or_else(|e| panic!("{file}: {e}"));
        copy_dataset(&mut db, table, srid, &dataset)?;
    }
    db.batch_execute(EXTRA_TABLES)?;
    db.batch_execute(&format!(
        "GRANT USAGE ON SCHEMA demo TO {USER};
         GRANT SELECT ON ALL TABLES IN SCHEMA demo TO {USER};
         GRANT USAGE ON SCHEMA prive TO {USER};
         ALTER ROLE {USER} SET statement_timeout = '3s';
         ANALYZE;"
    ))?;
    Ok(())
}

/// A grid of points (for progress and cancel), rows with errors, a table nobody may read, a
/// view that outlasts the statement timeout.
const EXTRA_TABLES: &str = "
    CREATE TABLE demo.grille (id serial PRIMARY KEY, n integer, part double precision,
        libelle text, geom geometry(Point, 2154));
    INSERT INTO demo.grille (n, part, libelle, geom)
        SELECT i, i / 7.0, 'point ' || i,
               ST_SetSRID(ST_MakePoint(430000 + (i % 300) * 20, 6700000 + (i / 300) * 20), 2154)
        FROM generate_series(1, 60000) AS i;
    CREATE INDEX ON demo.grille USING gist (geom);
    CREATE TABLE demo.cas_limites (id serial PRIMARY KEY, nom text, quand date,
        horodatage timestamptz, montant numeric(10,2), actif boolean, infos jsonb,
        \"Nom étrange\" text, geom geometry);
    INSERT INTO demo.cas_limites (nom, quand, horodatage, montant, actif, infos, \"Nom étrange\", geom) VALUES
        ('vide', '2024-06-01', '2024-06-01T12:00:00Z', 12.5, true, '{\"a\": 1}', 'é', NULL),
        ('point', NULL, NULL, NULL, NULL, NULL, NULL, ST_GeomFromText('POINT(-0.55 47.47)', 4326)),
        ('point z', '1999-12-31', NULL, -3, false, NULL, 'x', ST_GeomFromText('POINT Z(-0.56 47.48 30)', 4326)),
        ('vide aussi', NULL, NULL, NULL, NULL, NULL, NULL, ST_GeomFromText('POINT EMPTY', 4326)),
        ('ligne', NULL, NULL, NULL, NULL, NULL, NULL, ST_GeomFromText('LINESTRING(-0.5 47.4, -0.6 47.5)', 4326));
    CREATE TABLE prive.salaires (id serial PRIMARY KEY, montant integer, geom geometry(Point, 4326));
    INSERT INTO prive.salaires (montant, geom) VALUES (1, ST_GeomFromText('POINT(-0.55 47.47)', 4326));
    CREATE FUNCTION demo.lent(i integer) RETURNS integer LANGUAGE sql VOLATILE
        AS 'SELECT pg_sleep(0.01); SELECT i';
    CREATE VIEW demo.lente AS SELECT demo.lent(id) AS id, geom FROM demo.grille;
";

fn sql_type(kind: FieldType) -> &'static str {
    match kind {
        FieldType::Integer => "bigint",
        FieldType::Float => "double precision",
        FieldType::Text => "text",
        FieldType::Boolean => "boolean",
        FieldType::Date => "date",
        FieldType::Datetime => "timestamptz",
    }
}

/// Writes `dataset` as `table` (geometry in `srid`), one row per feature.
fn copy_dataset(
    db: &mut postgres::Client,
    table: &str,
    srid: u32,
    dataset: &Dataset,
) -> Result<(), postgres::Error> {
    let quote = |name: &str| format!("\"{}\"", name.replace('"', "\"\""));
    let columns: Vec<String> = dataset
        .columns
        .iter()
        .map(|c| format!("{} {}", quote(&c.name), sql_type(c.field_type())))
        .collect();
    db.batch_execute(&format!(
        "CREATE TABLE {table} (fid serial PRIMARY KEY, {}, geom geometry(Geometry, {srid}))",
        columns.join(", ")
    ))?;
    let names: Vec<String> = dataset.columns.iter().map(|c| quote(&c.name)).collect();
    let values: Vec<String> = dataset
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| format!("${}::text::{}", i + 1, sql_type(c.field_type())))
        .collect();
    let n = dataset.columns.len();
    let insert = format!(
        "INSERT INTO {table} ({}, geom) VALUES ({}, \
         ST_Transform(ST_GeomFromText(${}::text, 4326), {srid}))",
        names.join(", "),
        values.join(", "),
        n + 1
    );
    let mut transaction = db.transaction()?;
    let statement = transaction.prepare(&insert)?;
    for row in 0..dataset.len() {
        let mut cells: Vec<Option<String>> = dataset
            .columns
            .iter()
            .map(|c| {
                let value = c.value(row);
                (value != territoire::data::Value::Null).then(|| value.to_string())
            })
            .collect();
        let mut wkt = String::new();
        if let Some(geometry) = dataset.geometry.to_geo(row) {
            territoire::sources::wkt_write::push_wkt(&mut wkt, &geometry);
        }
        cells.push((!wkt.is_empty()).then_some(wkt));
        let params: Vec<&(dyn postgres::types::ToSql + Sync)> = cells
            .iter()
            .map(|c| c as &(dyn postgres::types::ToSql + Sync))
            .collect();
        transaction.execute(&statement, &params)?;
    }
    transaction.commit()?;
    db.batch_execute(&format!("CREATE INDEX ON {table} USING gist (geom)"))?;
    Ok(())
}
