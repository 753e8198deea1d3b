//! A local Opendatasoft-like portal (Explore API v2.1) serving the files of a folder, with faults
//! to simulate (quota, server error, timeout, truncated body, slow link) — for tests and offline training.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use territoire::data::{Dataset, FieldType, GeomKind, Value};
use territoire::jobs::Progress;
use territoire::sources::geojson_write::{push_json_string, push_value, write_geojson};
use territoire::sources::{LoadOptions, load_path};

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
}

impl FaultKind {
    /// `429`, `500`, `timeout`, `truncate`, `slow`.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "429" => Self::Quota,
            "500" => Self::Server,
            "timeout" => Self::Timeout,
            "truncate" => Self::Truncate,
            "slow" => Self::Slow,
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
            let twin = (stem == "patrimoine")
                .then(|| load_path(&path, &LoadOptions::default(), &Progress::default()).ok())
                .flatten();
            datasets.push(Served {
                id: stem.clone(),
                title,
                theme,
                keywords,
                geo_field,
                dataset,
                version: AtomicU64::new(1),
                key: Mutex::new(None),
            });
            if let Some(twin) = twin {
                datasets.push(Served {
                    id: "patrimoine-sans-geo".into(),
                    title: "Patrimoine, colonnes latitude/longitude (démonstration)".into(),
                    theme: "Culture",
                    keywords: vec!["patrimoine"],
                    geo_field: None,
                    dataset: twin,
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
                    let _ = handle(&state, stream);
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

struct Request {
    path: String,
    query: Vec<(String, String)>,
    headers: HashMap<String, String>,
}

impl Request {
    fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    fn params(&self, name: &str) -> Vec<&str> {
        self.query
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

fn read_request(stream: &TcpStream) -> std::io::Result<Request> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let target = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut headers = HashMap::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = header.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    Ok(Request {
        path: path.to_string(),
        query: url::form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect(),
        headers,
    })
}

struct Reply {
    status: u16,
    content_type: &'static str,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    export: bool,
}

impl Reply {
    fn json(status: u16, body: String) -> Self {
        Self {
            status,
            content_type: "application/json; charset=utf-8",
            headers: vec![],
            body: body.into_bytes(),
            export: false,
        }
    }
    fn error(status: u16, code: &str, message: &str) -> Self {
        let mut body = String::from("{\"error_code\": ");
        push_json_string(&mut body, code);
        body.push_str(", \"message\": ");
        push_json_string(&mut body, message);
        body.push('}');
        Self::json(status, body)
    }
}

fn take_fault(state: &State) -> Option<FaultKind> {
    let mut guard = state.fault.lock().ok()?;
    let fault = (*guard)?;
    match fault.times {
        Some(0) => {
            *guard = None;
            None
        }
        Some(n) => {
            guard.as_mut()?.times = Some(n - 1);
            Some(fault.kind)
        }
        None => Some(fault.kind),
    }
}

fn handle(state: &State, mut stream: TcpStream) -> std::io::Result<()> {
    let request = read_request(&stream)?;
    if let Ok(mut log) = state.requests.lock() {
        let auth = request.headers.get("authorization").map(|a| {
            if a.starts_with("Apikey ") {
                "Apikey <redacted>"
            } else {
                "other"
            }
        });
        let query: Vec<String> = request
            .query
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        log.push(format!(
            "GET {}?{} auth={auth:?} if-none-match={:?}",
            request.path,
            query.join("&"),
            request.headers.get("if-none-match")
        ));
    }
    let fault = take_fault(state);
    match fault {
        Some(FaultKind::Quota) => {
            let reset = territoire::sources::portal::cache::now_s() + 1;
            let (y, m, d) = territoire::data::column::civil_from_days(reset.div_euclid(86_400));
            let s = reset.rem_euclid(86_400);
            let body = format!(
                "{{\"errorcode\": 10002, \"reset_time\": \"{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z\", \"limit_time_unit\": \"minute\", \"call_limit\": 100, \"error\": \"Too many requests on the domain.\"}}",
                s / 3600,
                s % 3600 / 60,
                s % 60
            );
            let mut reply = Reply::json(429, body);
            reply.headers.push(("Retry-After".into(), "1".into()));
            return send(state, &mut stream, reply, None);
        }
        Some(FaultKind::Server) => {
            return send(
                state,
                &mut stream,
                Reply::error(500, "InternalError", "panne simulée"),
                None,
            );
        }
        Some(FaultKind::Timeout) => {
            std::thread::sleep(Duration::from_secs(3));
            return Ok(());
        }
        _ => {}
    }
    let reply = route(state, &request);
    send(state, &mut stream, reply, fault)
}

fn send(
    state: &State,
    stream: &mut TcpStream,
    reply: Reply,
    fault: Option<FaultKind>,
) -> std::io::Result<()> {
    let reason = match reply.status {
        200 => "OK",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        429 => "Too Many Requests",
        _ => "Error",
    };
    let mut head = format!(
        "HTTP/1.1 {} {reason}\r\nConnection: close\r\n",
        reply.status
    );
    if reply.status != 304 {
        head.push_str(&format!(
            "Content-Type: {}\r\nContent-Length: {}\r\n",
            reply.content_type,
            reply.body.len()
        ));
    }
    for (k, v) in &reply.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if reply.status == 304 {
        return stream.flush();
    }
    if reply.export && reply.status == 200 {
        state.export_bodies.fetch_add(1, Ordering::Relaxed);
    }
    match fault {
        Some(FaultKind::Truncate) if reply.export => {
            stream.write_all(&reply.body[..reply.body.len() / 2])?;
        }
        Some(FaultKind::Slow) if reply.export => {
            for chunk in reply.body.chunks(1024) {
                stream.write_all(chunk)?;
                stream.flush()?;
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        _ => stream.write_all(&reply.body)?,
    }
    stream.flush()
}

fn route(state: &State, request: &Request) -> Reply {
    let Some(rest) = request.path.strip_prefix("/api/explore/v2.1/") else {
        return Reply::error(404, "NotFound", "unknown path");
    };
    let parts: Vec<&str> = rest.trim_end_matches('/').split('/').collect();
    match parts.as_slice() {
        ["catalog", "datasets"] => catalog(state, request),
        ["catalog", "facets"] => facets(state, request),
        ["catalog", "datasets", id, tail @ ..] => {
            let Some(served) = state.datasets.iter().find(|d| d.id == *id) else {
                return Reply::error(404, "DatasetNotFound", &format!("Unknown dataset: {id}"));
            };
            let key = served.key.lock().ok().and_then(|k| k.clone());
            if let Some(key) = key
                && request.headers.get("authorization") != Some(&format!("Apikey {key}"))
            {
                return Reply::error(401, "Unauthorized", "This dataset is private.");
            }
            match tail {
                [] => Reply::json(200, dataset_json(served)),
                ["records"] => records(served, request),
                ["exports", format] => export(state, served, request, format),
                _ => Reply::error(404, "NotFound", "unknown path"),
            }
        }
        _ => Reply::error(404, "NotFound", "unknown path"),
    }
}

fn matches_catalog(served: &Served, request: &Request) -> Result<bool, String> {
    if let Some(clause) = request.param("where") {
        let text =
            search_text(clause).ok_or_else(|| format!("ODSQL query is malformed: {clause}"))?;
        let hay = format!(
            "{} {} {} {}",
            served.id,
            served.title,
            served.theme,
            served.keywords.join(" ")
        )
        .to_lowercase();
        if !text
            .to_lowercase()
            .split_whitespace()
            .all(|w| hay.contains(w))
        {
            return Ok(false);
        }
    }
    for refine in request.params("refine") {
        let (facet, value) = refine.split_once(':').unwrap_or((refine, ""));
        let value = value.trim_matches('"');
        let ok = match facet {
            "theme" => served.theme == value,
            "keyword" => served.keywords.contains(&value),
            "publisher" => value == "Angers Loire Métropole",
            _ => false,
        };
        if !ok {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `search(*, "text")` or `search("text")` → the text.
fn search_text(clause: &str) -> Option<String> {
    let inner = clause.trim().strip_prefix("search(")?.strip_suffix(')')?;
    let literal = inner.rsplit_once(',').map_or(inner, |(_, t)| t).trim();
    Some(
        literal
            .strip_prefix('"')?
            .strip_suffix('"')?
            .replace("\\\"", "\""),
    )
}

fn catalog(state: &State, request: &Request) -> Reply {
    let mut hits = Vec::new();
    for served in &state.datasets {
        match matches_catalog(served, request) {
            Ok(true) => hits.push(served),
            Ok(false) => {}
            Err(message) => return Reply::error(400, "ODSQLError", &message),
        }
    }
    let limit: usize = request
        .param("limit")
        .and_then(|l| l.parse().ok())
        .unwrap_or(10);
    let offset: usize = request
        .param("offset")
        .and_then(|l| l.parse().ok())
        .unwrap_or(0);
    if limit > 100 {
        return Reply::error(400, "InvalidRESTParameterError", "limit must be ≤ 100");
    }
    let page: Vec<String> = hits
        .iter()
        .skip(offset)
        .take(limit)
        .map(|d| dataset_json(d))
        .collect();
    Reply::json(
        200,
        format!(
            "{{\"total_count\": {}, \"results\": [{}]}}",
            hits.len(),
            page.join(", ")
        ),
    )
}

fn facets(state: &State, request: &Request) -> Reply {
    let mut out = Vec::new();
    for facet in request.params("facet") {
        let mut counts: Vec<(String, usize)> = Vec::new();
        for served in state
            .datasets
            .iter()
            .filter(|d| matches_catalog(d, request).unwrap_or(false))
        {
            let values: Vec<String> = match facet {
                "theme" => vec![served.theme.to_string()],
                "keyword" => served.keywords.iter().map(|k| k.to_string()).collect(),
                "publisher" => vec!["Angers Loire Métropole".into()],
                _ => vec![],
            };
            for v in values {
                match counts.iter_mut().find(|(k, _)| *k == v) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((v, 1)),
                }
            }
        }
        let values: Vec<String> = counts
            .iter()
            .map(|(v, n)| {
                let mut s = String::from("{\"name\": ");
                push_json_string(&mut s, v);
                s.push_str(", \"value\": ");
                push_json_string(&mut s, v);
                s.push_str(&format!(", \"count\": {n}, \"state\": \"displayed\"}}"));
                s
            })
            .collect();
        out.push(format!(
            "{{\"name\": \"{facet}\", \"facets\": [{}]}}",
            values.join(", ")
        ));
    }
    Reply::json(200, format!("{{\"facets\": [{}]}}", out.join(", ")))
}

fn field_type(t: FieldType) -> &'static str {
    match t {
        FieldType::Integer => "int",
        FieldType::Float => "double",
        FieldType::Text => "text",
        FieldType::Boolean => "boolean",
        FieldType::Date => "date",
        FieldType::Datetime => "datetime",
    }
}

fn modified(served: &Served) -> String {
    let v = served.version.load(Ordering::Relaxed);
    format!("2026-10-{:02}T08:00:00+00:00", (v % 28) + 1)
}

fn dataset_json(served: &Served) -> String {
    let mut fields: Vec<String> = served
        .dataset
        .columns
        .iter()
        .map(|c| {
            let mut s = String::from("{\"name\": ");
            push_json_string(&mut s, &c.name);
            s.push_str(", \"label\": ");
            push_json_string(&mut s, &c.name.replace('_', " "));
            s.push_str(&format!(
                ", \"type\": \"{}\", \"annotations\": {{}}, \"description\": null}}",
                field_type(c.field_type())
            ));
            s
        })
        .collect();
    if served.geo_field.is_none() {
        fields
            .push("{\"name\": \"latitude\", \"label\": \"Latitude\", \"type\": \"double\"}".into());
        fields.push(
            "{\"name\": \"longitude\", \"label\": \"Longitude\", \"type\": \"double\"}".into(),
        );
    }
    if let Some((name, kind)) = served.geo_field {
        fields.push(format!(
            "{{\"name\": \"{name}\", \"label\": \"{name}\", \"type\": \"{kind}\"}}"
        ));
    }
    let mut title = String::new();
    push_json_string(&mut title, &served.title);
    let keywords: Vec<String> = served.keywords.iter().map(|k| format!("\"{k}\"")).collect();
    let features = if served.geo_field.is_some() {
        "[\"analyze\", \"geo\"]"
    } else {
        "[\"analyze\"]"
    };
    format!(
        "{{\"dataset_id\": \"{id}\", \"has_records\": true, \"features\": {features}, \"metas\": {{\"default\": {{\"title\": {title}, \"description\": \"<p>Données de démonstration de Territoire.</p>\", \"publisher\": \"Angers Loire Métropole\", \"license\": \"Licence Ouverte v2.0\", \"records_count\": {n}, \"modified\": \"{modified}\", \"theme\": [\"{theme}\"], \"keyword\": [{keywords}]}}}}, \"fields\": [{fields}]}}",
        id = served.id,
        n = served.dataset.len(),
        modified = modified(served),
        theme = served.theme,
        keywords = keywords.join(", "),
        fields = fields.join(", ")
    )
}

/// The rows kept by the `where` clause: `in_bbox(field, lat1, lon1, lat2, lon2)`, `search(…)` and
/// `field = value` joined by AND; anything else is a 400 like the real portal's ODSQL errors.
fn select_rows(served: &Served, request: &Request) -> Result<Vec<usize>, String> {
    let mut rows: Vec<usize> = (0..served.dataset.len()).collect();
    let Some(clause) = request.param("where") else {
        return Ok(rows);
    };
    for term in split_and(clause) {
        let term = term
            .trim()
            .trim_start_matches('(')
            .trim_end_matches(')')
            .trim();
        if let Some(args) = term.strip_prefix("in_bbox(") {
            let numbers: Vec<f64> = args
                .split(',')
                .skip(1)
                .filter_map(|n| n.trim().parse().ok())
                .collect();
            let [lat1, lon1, lat2, lon2] = numbers[..] else {
                return Err(format!("ODSQL query is malformed: {term}"));
            };
            let bbox = [
                lon1.min(lon2),
                lat1.min(lat2),
                lon1.max(lon2),
                lat1.max(lat2),
            ];
            rows.retain(|&r| {
                served.dataset.geometry.feature_bbox(r).is_some_and(|b| {
                    b[0] >= bbox[0] && b[2] <= bbox[2] && b[1] >= bbox[1] && b[3] <= bbox[3]
                })
            });
        } else if let Some(text) = search_text(term) {
            let text = text.to_lowercase();
            rows.retain(|&r| {
                served
                    .dataset
                    .columns
                    .iter()
                    .any(|c| c.value(r).to_string().to_lowercase().contains(&text))
            });
        } else if let Some((field, value)) = term.split_once('=') {
            let column = served
                .dataset
                .column(field.trim())
                .ok_or_else(|| format!("Unknown field: {}", field.trim()))?;
            let value = value.trim().trim_matches('"').to_string();
            rows.retain(|&r| column.value(r).to_string() == value);
        } else {
            return Err(format!("ODSQL query is malformed: {term}"));
        }
    }
    Ok(rows)
}

fn split_and(clause: &str) -> Vec<String> {
    let mut terms = Vec::new();
    let (mut depth, mut quoted, mut current) = (0i32, false, String::new());
    let chars: Vec<char> = clause.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '"' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth -= 1,
            _ => {}
        }
        let rest: String = chars[i..].iter().take(5).collect();
        if !quoted && depth == 0 && rest.eq_ignore_ascii_case(" and ") {
            terms.push(std::mem::take(&mut current));
            i += 5;
            continue;
        }
        current.push(c);
        i += 1;
    }
    terms.push(current);
    terms
}

fn etag(served: &Served, request: &Request) -> String {
    let query: Vec<String> = request
        .query
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    let hash = query
        .join("&")
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
    format!(
        "\"{}-v{}-{hash:x}\"",
        served.id,
        served.version.load(Ordering::Relaxed)
    )
}

fn export(state: &State, served: &Served, request: &Request, format: &str) -> Reply {
    let rows = match select_rows(served, request) {
        Ok(rows) => rows,
        Err(message) => return Reply::error(400, "ODSQLError", &message),
    };
    let tag = etag(served, request);
    let last_modified = format!(
        "Thu, {:02} Oct 2026 08:00:00 GMT",
        (served.version.load(Ordering::Relaxed) % 28) + 1
    );
    let headers = vec![
        ("ETag".to_string(), tag.clone()),
        ("Last-Modified".to_string(), last_modified),
    ];
    if request.headers.get("if-none-match") == Some(&tag) {
        return Reply {
            status: 304,
            content_type: "",
            headers,
            body: vec![],
            export: true,
        };
    }
    let fields: Option<Vec<String>> = request
        .param("select")
        .map(|s| s.split(',').map(|f| f.trim().to_string()).collect());
    let body = match format {
        "geojson" => {
            let mut out = Vec::new();
            if write_geojson(&served.dataset, rows, fields.as_deref(), &mut out).is_err() {
                return Reply::error(500, "InternalError", "write");
            }
            if state.numbers_as_text.load(Ordering::Relaxed) {
                out = numbers_to_text(&out);
            }
            out
        }
        "csv" => csv_export(served, &rows, fields.as_deref()),
        _ => return Reply::error(400, "InvalidRESTParameterError", "unsupported format"),
    };
    let content_type = if format == "csv" {
        "text/csv; charset=utf-8"
    } else {
        "application/geo+json"
    };
    Reply {
        status: 200,
        content_type,
        headers,
        body,
        export: true,
    }
}

/// Rewrites the properties' numbers as strings (`"siecle": 17` → `"siecle": "17"`).
fn numbers_to_text(geojson: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(geojson);
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        match line.split_once("\"properties\": ") {
            Some((head, props)) => {
                out.push_str(head);
                out.push_str("\"properties\": ");
                let props = props.strip_suffix(',').unwrap_or(props);
                let props = props.strip_suffix('}').unwrap_or(props);
                let value: serde_json::Value = serde_json::from_str(props).unwrap_or_default();
                let map: serde_json::Map<String, serde_json::Value> = value
                    .as_object()
                    .map(|m| {
                        m.iter()
                            .map(|(k, v)| {
                                (
                                    k.clone(),
                                    if v.is_number() {
                                        serde_json::Value::String(v.to_string())
                                    } else {
                                        v.clone()
                                    },
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                out.push_str(&serde_json::Value::Object(map).to_string());
                out.push('}');
                if line.ends_with(',') {
                    out.push(',');
                }
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out.into_bytes()
}

fn csv_export(served: &Served, rows: &[usize], fields: Option<&[String]>) -> Vec<u8> {
    let columns: Vec<_> = match fields {
        Some(names) => names
            .iter()
            .filter_map(|n| served.dataset.column(n))
            .collect(),
        None => served.dataset.columns.iter().collect(),
    };
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    let mut header: Vec<String> = columns.iter().map(|c| c.name.clone()).collect();
    header.extend(["latitude".to_string(), "longitude".to_string()]);
    let _ = writer.write_record(&header);
    for &row in rows {
        let mut record: Vec<String> = columns
            .iter()
            .map(|c| match c.value(row) {
                Value::Null => String::new(),
                v => v.to_string(),
            })
            .collect();
        match served.dataset.geometry.feature_bbox(row) {
            Some(b) => record.extend([
                ((b[1] + b[3]) / 2.0).to_string(),
                ((b[0] + b[2]) / 2.0).to_string(),
            ]),
            None => record.extend([String::new(), String::new()]),
        }
        let _ = writer.write_record(&record);
    }
    writer.into_inner().unwrap_or_default()
}

fn records(served: &Served, request: &Request) -> Reply {
    let limit: usize = request
        .param("limit")
        .and_then(|l| l.parse().ok())
        .unwrap_or(10);
    let offset: usize = request
        .param("offset")
        .and_then(|l| l.parse().ok())
        .unwrap_or(0);
    if limit > 100 || offset + limit > 10_000 {
        return Reply::error(
            400,
            "InvalidRESTParameterError",
            "limit ≤ 100 and offset + limit ≤ 10000",
        );
    }
    let rows = match select_rows(served, request) {
        Ok(rows) => rows,
        Err(message) => return Reply::error(400, "ODSQLError", &message),
    };
    let results: Vec<String> = rows
        .iter()
        .skip(offset)
        .take(limit)
        .map(|&r| {
            let mut s = String::from("{");
            for (i, c) in served.dataset.columns.iter().enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                push_json_string(&mut s, &c.name);
                s.push_str(": ");
                push_value(&mut s, c.value(r));
            }
            s.push('}');
            s
        })
        .collect();
    Reply::json(
        200,
        format!(
            "{{\"total_count\": {}, \"results\": [{}]}}",
            rows.len(),
            results.join(", ")
        ),
    )
}
