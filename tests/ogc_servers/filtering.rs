//! A second pygeoapi on 127.0.0.1 whose collection `adresses` is read by pygeoapi's PostgreSQL
//! provider from the throw-away PostGIS cluster's `demo.adresses` (the demo kit's addresses): a
//! server that evaluates the filters it is sent, in the database. Started once per test binary.

use std::process::ChildStdin;
use std::sync::{Mutex, OnceLock};

use crate::ogc_servers::{resource_entry, start_pygeoapi};
use crate::pg;

/// The server and what keeps it alive.
pub struct FilteringServer {
    /// Its landing page, e.g. `http://127.0.0.1:PORT`.
    pub landing: String,
    /// Held so the configuration folder lives as long as the server.
    _dir: tempfile::TempDir,
    /// The server stops when this closes (at the end of the test process).
    _stdin: Mutex<ChildStdin>,
}

/// The collection served from PostGIS.
pub const COLLECTION: &str = "adresses";

/// The server, started on first use (with the PostGIS cluster); panics when it cannot start.
pub fn filtering_server() -> &'static FilteringServer {
    static SERVER: OnceLock<FilteringServer> = OnceLock::new();
    SERVER.get_or_init(|| start().unwrap_or_else(|e| panic!("pygeoapi on PostGIS: {e}")))
}

fn start() -> Result<FilteringServer, String> {
    let cluster = pg::server();
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let providers = format!(
        "      - type: feature
        name: PostgreSQL
        data:
          host: 127.0.0.1
          port: {port}
          dbname: {db}
          user: {user}
          password: {password}
          search_path: [demo]
        id_field: fid
        table: adresses
        geom_field: geom
",
        port = cluster.port,
        db = pg::DATABASE,
        user = pg::USER,
        password = pg::PASSWORD,
    );
    let resources = resource_entry(COLLECTION, "Adresses (PostGIS)", &providers);
    let (landing, stdin) = start_pygeoapi(dir.path(), &resources)?;
    Ok(FilteringServer {
        landing,
        _dir: dir,
        _stdin: Mutex::new(stdin),
    })
}
