//! Real OGC servers on 127.0.0.1 for the tests, started once per test binary: pygeoapi (OGC API
//! Features) and MapServer 8 (WFS 2.0 and 1.1, through a small CGI gateway), both serving the demo
//! kit's heritage points, districts and addresses written as GeoJSON by the project's own code.
//!
//! A missing server is a failure, never a skip: `scripts/install-deps.sh` installs MapServer and
//! `scripts/pygeoapi-env.sh` (called from here) makes pygeoapi's virtual environment.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Mutex, OnceLock};

/// The servers and the folder of their data.
pub struct OgcServers {
    /// pygeoapi's landing page, e.g. `http://127.0.0.1:PORT`.
    pub pygeoapi: String,
    /// MapServer's WFS address, e.g. `http://127.0.0.1:PORT/wfs`.
    pub wfs: String,
    /// The data both servers serve (`patrimoine.geojson`, `quartiers.geojson`).
    pub data: PathBuf,
    /// Held so the folder lives as long as the servers.
    _dir: tempfile::TempDir,
    /// The servers stop when these close (at the end of the test process).
    _stdins: Mutex<Vec<ChildStdin>>,
}

/// The collections served, with their identifier field.
pub const COLLECTIONS: [(&str, &str); 3] = [
    ("patrimoine", "fid"),
    ("quartiers", "code"),
    ("adresses", "fid"),
];

/// The servers, started on first use; panics (fails the test) when one cannot start.
pub fn servers() -> &'static OgcServers {
    static SERVERS: OnceLock<OgcServers> = OnceLock::new();
    SERVERS.get_or_init(|| start().unwrap_or_else(|e| panic!("OGC test servers: {e}")))
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn start() -> Result<OgcServers, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    write_data(dir.path())?;
    let mut stdins = Vec::new();
    let wfs_port = free_port()?;
    write_mapfile(dir.path(), wfs_port)?;
    let mut gateway = Command::new("python3");
    gateway
        .arg(repo().join("tests/ogc_servers/cgi_gateway.py"))
        .arg(wfs_port.to_string())
        .env("MAPSERVER_CONFIG_FILE", dir.path().join("mapserver.conf"))
        .current_dir(dir.path());
    stdins.push(spawn_ready(&mut gateway, "MapServer gateway")?);
    let resources = [
        geojson_resource(dir.path(), "patrimoine", "Patrimoine", "fid"),
        geojson_resource(dir.path(), "quartiers", "Quartiers", "code"),
        geojson_resource(dir.path(), "adresses", "Adresses", "fid"),
    ]
    .concat();
    let (pygeoapi, stdin) = start_pygeoapi(dir.path(), &resources)?;
    stdins.push(stdin);
    Ok(OgcServers {
        pygeoapi,
        wfs: format!("http://127.0.0.1:{wfs_port}/wfs"),
        data: dir.path().to_path_buf(),
        _dir: dir,
        _stdins: Mutex::new(stdins),
    })
}

/// Starts pygeoapi on a free port of 127.0.0.1 serving `resources` (its configuration's
/// `resources:` entries) with its configuration in `dir`; gives its landing page and the stdin
/// that keeps it alive.
pub fn start_pygeoapi(dir: &Path, resources: &str) -> Result<(String, ChildStdin), String> {
    let api_port = free_port()?;
    let venv = pygeoapi_env()?;
    write_pygeoapi_config(dir, api_port, resources)?;
    let config = dir.join("pygeoapi.yml");
    let openapi = dir.join("openapi.yml");
    let generated = Command::new(venv.join("bin/pygeoapi"))
        .args(["openapi", "generate"])
        .arg(&config)
        .arg("--output-file")
        .arg(&openapi)
        .env("PYGEOAPI_CONFIG", &config)
        .output()
        .map_err(|e| format!("pygeoapi openapi: {e}"))?;
    if !generated.status.success() {
        return Err(format!(
            "pygeoapi openapi: {}",
            String::from_utf8_lossy(&generated.stderr)
        ));
    }
    let mut serve = Command::new(venv.join("bin/python"));
    serve
        .arg(repo().join("tests/ogc_servers/pygeoapi_serve.py"))
        .arg(api_port.to_string())
        .env("PYGEOAPI_CONFIG", &config)
        .env("PYGEOAPI_OPENAPI", &openapi)
        .current_dir(dir);
    let stdin = spawn_ready(&mut serve, "pygeoapi")?;
    Ok((format!("http://127.0.0.1:{api_port}"), stdin))
}

/// pygeoapi's virtual environment under the target folder, made once and reused between runs.
pub fn pygeoapi_env() -> Result<PathBuf, String> {
    let target_tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let venv = target_tmp
        .parent()
        .unwrap_or(&target_tmp)
        .join("pygeoapi-venv");
    let status = Command::new("bash")
        .arg(repo().join("scripts/pygeoapi-env.sh"))
        .arg(&venv)
        .status()
        .map_err(|e| format!("pygeoapi-env.sh: {e}"))?;
    if !status.success() {
        return Err(format!("pygeoapi-env.sh failed ({status})"));
    }
    Ok(venv)
}

/// Starts a server whose first line on stdout is `ready`; its stdin is kept open (closing it stops the server).
fn spawn_ready(command: &mut Command, name: &str) -> Result<ChildStdin, String> {
    let mut child: Child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{name}: {e}"))?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .map_err(|e| format!("{name}: {e}"))?;
    if line.trim() != "ready" {
        return Err(format!("{name} did not start: {line:?}"));
    }
    child
        .stdin
        .take()
        .ok_or_else(|| format!("{name}: no stdin"))
}

pub fn free_port() -> Result<u16, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}

/// The heritage points (with a `fid` for the servers) and the districts, as GeoJSON in WGS 84.
fn write_data(dir: &Path) -> Result<(), String> {
    let sample = repo().join("sample-data");
    let progress = territoire::jobs::Progress::default();
    for (name, file) in [
        ("patrimoine", "patrimoine.shp"),
        ("quartiers", "quartiers.geojson"),
        ("adresses", "adresses.csv"),
    ] {
        let dataset = territoire::sources::load_path(
            &sample.join(file),
            &territoire::sources::LoadOptions::default(),
            &progress,
        )
        .map_err(|e| e.to_string())?;
        let mut bytes = Vec::new();
        territoire::sources::geojson_write::write_geojson(
            &dataset,
            0..dataset.len(),
            None,
            &mut bytes,
        )
        .map_err(|e| e.to_string())?;
        let mut json: serde_json::Value =
            serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
        if let Some(features) = json["features"].as_array_mut() {
            for (i, feature) in features.iter_mut().enumerate() {
                feature["id"] = serde_json::json!(i + 1);
                feature["properties"]["fid"] = serde_json::json!(i + 1);
            }
        }
        let text = serde_json::to_string(&json).map_err(|e| e.to_string())?;
        std::fs::write(dir.join(format!("{name}.geojson")), text).map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn write_mapfile(dir: &Path, port: u16) -> Result<(), String> {
    let map = dir.join("demo.map");
    let config = format!(
        "CONFIG\n  ENV\n    MS_MAPFILE \"{}\"\n  END\nEND\n",
        map.display()
    );
    std::fs::write(dir.join("mapserver.conf"), config).map_err(|e| e.to_string())?;
    let layer = |name: &str, kind: &str, title: &str, id: &str| {
        format!(
            r#"  LAYER
    NAME "{name}"
    TYPE {kind}
    CONNECTIONTYPE OGR
    CONNECTION "{dir}/{name}.geojson"
    EXTENT -0.7 47.3 -0.4 47.6
    PROJECTION "init=epsg:4326" END
    METADATA
      "wfs_title" "{title}"
      "wfs_featureid" "{id}"
      "gml_include_items" "all"
      "gml_types" "auto"
      "wfs_getfeature_formatlist" "geojson"
    END
  END
"#,
            dir = dir.display()
        )
    };
    let text = format!(
        r#"MAP
  NAME "territoire"
  EXTENT -0.7 47.3 -0.4 47.6
  PROJECTION "init=epsg:4326" END
  OUTPUTFORMAT
    NAME "geojson"
    DRIVER "OGR/GEOJSON"
    MIMETYPE "application/json; subtype=geojson"
    FORMATOPTION "STORAGE=stream"
    FORMATOPTION "FORM=SIMPLE"
  END
  WEB
    METADATA
      "wfs_title" "Données de la métropole"
      "wfs_onlineresource" "http://127.0.0.1:{port}/wfs?"
      "wfs_srs" "EPSG:4326 EPSG:2154 EPSG:3857"
      "wfs_enable_request" "*"
      "wfs_getfeature_formatlist" "geojson"
    END
  END
{}{}{}END
"#,
        layer("patrimoine", "POINT", "Patrimoine", "fid"),
        layer("quartiers", "POLYGON", "Quartiers", "code"),
        layer("adresses", "POINT", "Adresses", "fid"),
    );
    std::fs::write(map, text).map_err(|e| e.to_string())
}

/// A collection of pygeoapi's configuration read from `{dir}/{name}.geojson` (a provider that
/// does not filter).
fn geojson_resource(dir: &Path, name: &str, title: &str, id: &str) -> String {
    resource_entry(
        name,
        title,
        &format!(
            "      - type: feature\n        name: GeoJSON\n        data: {}/{name}.geojson\n        id_field: {id}\n",
            dir.display()
        ),
    )
}

/// A `resources:` entry of pygeoapi's configuration with its `providers:` lines.
pub fn resource_entry(name: &str, title: &str, providers: &str) -> String {
    format!(
        r#"  {name}:
    type: collection
    title: {title}
    description: {title} (kit de démonstration)
    keywords: [territoire]
    links: []
    extents:
      spatial:
        bbox: [-0.7, 47.3, -0.4, 47.6]
        crs: http://www.opengis.net/def/crs/OGC/1.3/CRS84
    providers:
{providers}"#
    )
}

fn write_pygeoapi_config(dir: &Path, port: u16, resources: &str) -> Result<(), String> {
    let text = format!(
        r#"server:
  bind:
    host: 127.0.0.1
    port: {port}
  url: http://127.0.0.1:{port}
  mimetype: application/json; charset=UTF-8
  encoding: utf-8
  languages: [fr-FR]
  limits:
    default_items: 10
    max_items: 5000
  map:
    url: http://127.0.0.1/{{z}}/{{x}}/{{y}}.png
    attribution: none
logging:
  level: ERROR
metadata:
  identification:
    title: Territoire tests
    description: Données de démonstration
    keywords: [territoire]
    keywords_type: theme
    terms_of_service: none
    url: http://127.0.0.1/
  license:
    name: Licence Ouverte
    url: http://127.0.0.1/
  provider:
    name: Territoire
    url: http://127.0.0.1/
  contact:
    name: Territoire
    email: none@example.invalid
resources:
{resources}"#
    );
    std::fs::write(dir.join("pygeoapi.yml"), text).map_err(|e| e.to_string())
}
