//! A local Opendatasoft-like portal (Explore API v2.1) serving the files of a folder, with faults
//! to simulate (quota, server error, timeout, truncated body, slow link), and a stand-in for the national
//! address service at `/geocodage/search` — for tests and offline training.

use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use territoire::data::{Dataset, GeomKind};
use territoire::jobs::Progress;
use territoire::sources::{LoadOptions, load_path};

mod catalog;
mod geocoder;
mod http;
mod records;

/// A misbehaviour to simulate on API requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultKind {
    /// 429 with a reset time one second ahead.
    Quota,
    /// 500.
    Server,
    /// No answer for a few seconds.
    Timeout,
    /// Half of an export body, then the connection closes.
    Truncate,
    /// Export bodies trickle in small pieces.
    Slow,
    /// A web page (a proxy's login page) instead of JSON, with status 200.
    Html,
    /// 401: the request needs an API key.
    Unauthorized,
    /// 403: the key given does not open the data.
    Forbidden,
}

impl FaultKind {
    /// `429`, `500`, `timeout`, `truncate`, `slow`, `html`, `401`, `403`.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "429" => Self::Quota,
            "500" => Self::Server,
            "timeout" => Self::Timeout,
            "truncate" => Self::Truncate,
            "slow" => Self::Slow,
            "html" => Self::Html,
            "401" => Self::Unauthorized,
            "403" => Self::Forbidden,
            _ => return None,
        })
    }
}

/// A fault and how many requests it hits (`None`: all of them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fault {
    /// What goes wrong.
    pub kind: FaultKind,
    /// Requests left to spoil; `None` for every request.
    pub times: Option<u32>,
}

struct Served {
    id: String,
    title: String,
    theme: &'static str,
    keywords: Vec<&'static str>,
    geo_field: Option<(&'static str, &'static str)>,
    /// Without a geo field: positions in latitude/longitude columns (true) or none (a table).
    positions: bool,
    dataset: Dataset,
    version: AtomicU64,
    key: Mutex<Option<String>>,
}

struct State {
    datasets: Vec<Served>,
    fault: Mutex<Option<Fault>>,
    numbers_as_text: AtomicBool,
    export_bodies: AtomicU64,
    requests: Mutex<Vec<String>>,
}

/// A running local portal.
pub struct LocalPortal {
    /// Where it listens.
    pub addr: SocketAddr,
    state: Arc<State>,
}

/// Titles, themes and geo field names of the demo kit's layers.
fn describe(
    stem: &str,
    kind: Option<GeomKind>,
) -> (
    String,
    &'static str,
    Vec<&'static str>,
    Option<(&'static str, &'static str)>,
) {
    let point = matches!(kind, Some(GeomKind::Point));
    let geo = if point {
        ("geo_point_2d", "geo_point_2d")
    } else {
        ("geo_shape", "geo_shape")
    };
    match stem {
        "adresses" => (
            "Référentiel Point Adresse (démonstration)".into(),
            "Urbanisme",
            vec!["adresse", "BAN"],
            Some(("coordo_geo", "geo_point_2d")),
        ),
        "patrimoine" => (
            "Patrimoine historique (démonstration)".into(),
            "Culture",
            vec!["patrimoine", "Mérimée"],
            Some(geo),
        ),
        "espaces-verts" => (
            "Espaces verts (démonstration)".into(),
            "Environnement",
            vec!["parcs", "espaces verts"],
            Some(geo),
        ),
        "quartiers" => (
            "Quartiers d'Angers".into(),
            "Territoire",
            vec!["quartier"],
            Some(geo),
        ),
        other => (
            other.replace(['-', '_'], " "),
            "Divers",
            vec![],
            kind.map(|_| geo),
        ),
    }
}

impl LocalPortal {
    /// Loads every readable file of `data` and serves it on `127.0.0.1:port` (0: any free port).
    pub fn start(data: &Path, port: u16) -> std::io::Result<Self> {
        let mut datasets = Vec::new();
        let mut entries: Vec<_> = std::fs::read_dir(data)?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        entries.sort();
        for path in entries {
            let ext = path
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or("")
                .to_ascii_lowercase();
            if !["geojson", "shp", "csv"].contains(&ext.as_str()) {
                continue;
            }
            let Ok(dataset) = load_path(&path, &LoadOptions::default(), &Progress::default())
            else {
                continue;
            };
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("data")
                .to_string();
            let kind = (0..dataset.len())
                .map(|i| dataset.geometry.kind(i))
                .find(|k| *k != GeomKind::Empty);
            let (title, theme, keywords, geo_field) = describe(&stem, kind);
            // The same heritage sites without a geo field, positions in latitude/longitude columns.
            let again = || load_path(&path, &LoadOptions::default(), &Progress::default()).ok();
            let twin = (stem == "patrimoine").then(again).flatten();
            let table = (stem == "patrimoine").then(again).flatten();
            datasets.push(Served {
                id: stem.clone(),
                title,
                theme,
                keywords,
                geo_field,
                positions: true,
                dataset,
                version: AtomicU64::new(1),
                key: Mutex::new(None),
            });
            if let (Some(twin), Some(table)) = (twin, table) {
                datasets.push(Served {
                    id: "patrimoine-sans-geo".into(),
                    title: "Patrimoine, colonnes latitude/longitude (démonstration)".into(),
                    theme: "Culture",
                    keywords: vec!["patrimoine"],
                    geo_field: None,
                    positions: true,
                    dataset: twin,
                    version: AtomicU64::new(1),
                    key: Mutex::new(None),
                });
                // The same fields as a plain table: no geo field and no position at all.
                datasets.push(Served {
                    id: "patrimoine-table".into(),
                    title: "Patrimoine, table sans position (démonstration)".into(),
                    theme: "Culture",
                    keywords: vec!["patrimoine", "table"],
                    geo_field: None,
                    positions: false,
                    dataset: table,
                    version: AtomicU64::new(1),
                    key: Mutex::new(None),
                });
            }
        }
        let listener = TcpListener::bind(("127.0.0.1", port))?;
        let addr = listener.local_addr()?;
        let state = Arc::new(State {
            datasets,
            fault: Mutex::new(None),
            numbers_as_text: AtomicBool::new(false),
            export_bodies: AtomicU64::new(0),
            requests: Mutex::new(Vec::new()),
        });
        let shared = Arc::clone(&state);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = Arc::clone(&shared);
                std::thread::spawn(move || {
                    let _ = http::handle(&state, stream);
                });
            }
        });
        Ok(Self { addr, state })
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Spoils the next requests (or stops spoiling with `None`).
    pub fn set_fault(&self, fault: Option<Fault>) {
        if let Ok(mut f) = self.state.fault.lock() {
            *f = fault;
        }
    }

    /// Sends numbers as JSON strings in exports, like old portals.
    pub fn set_numbers_as_text(&self, on: bool) {
        self.state.numbers_as_text.store(on, Ordering::Relaxed);
    }

    /// Makes a dataset private: requests need `Authorization: Apikey <key>`.
    pub fn set_key(&self, id: &str, key: &str) {
        for d in self.state.datasets.iter().filter(|d| d.id == id) {
            if let Ok(mut k) = d.key.lock() {
                *k = Some(key.to_string());
            }
        }
    }

    /// Marks a dataset as changed (new ETag, new Last-Modified).
    pub fn touch(&self, id: &str) {
        for d in self.state.datasets.iter().filter(|d| d.id == id) {
            d.version.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Export bodies sent so far (a 304 sends none).
    pub fn export_bodies(&self) -> u64 {
        self.state.export_bodies.load(Ordering::Relaxed)
    }

    /// Every request so far: request line, then the headers that matter (`authorization` redacted).
    pub fn requests(&self) -> Vec<String> {
        self.state
            .requests
            .lock()
            .map(|r| r.clone())
            .unwrap_or_default()
    }
}
