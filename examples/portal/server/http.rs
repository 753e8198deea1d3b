//! The local portal's HTTP: reading a request, routing it, spoiling it with the chosen fault, answering.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::sync::atomic::Ordering;
use std::time::Duration;

use territoire::sources::geojson_write::push_json_string;

use super::{FaultKind, State, catalog, records};

pub(super) struct Request {
    pub(super) path: String,
    pub(super) query: Vec<(String, String)>,
    pub(super) headers: HashMap<String, String>,
}

impl Request {
    pub(super) fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    pub(super) fn params(&self, name: &str) -> Vec<&str> {
        self.query
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

pub(super) fn read_request(stream: &TcpStream) -> std::io::Result<Request> {
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

pub(super) struct Reply {
    pub(super) status: u16,
    pub(super) content_type: &'static str,
    pub(super) headers: Vec<(String, String)>,
    pub(super) body: Vec<u8>,
    pub(super) export: bool,
}

impl Reply {
    pub(super) fn json(status: u16, body: String) -> Self {
        Self {
            status,
            content_type: "application/json; charset=utf-8",
            headers: vec![],
            body: body.into_bytes(),
            export: false,
        }
    }
    pub(super) fn error(status: u16, code: &str, message: &str) -> Self {
        let mut body = String::from("{\"error_code\": ");
        push_json_string(&mut body, code);
        body.push_str(", \"message\": ");
        push_json_string(&mut body, message);
        body.push('}');
        Self::json(status, body)
    }
}

pub(super) fn take_fault(state: &State) -> Option<FaultKind> {
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

pub(super) fn handle(state: &State, mut stream: TcpStream) -> std::io::Result<()> {
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
        Some(FaultKind::Html) => {
            let page = "<!DOCTYPE html><html><head><title>Connexion</title></head>\
                        <body><p>Identifiez-vous pour continuer.</p></body></html>";
            let mut reply = Reply::json(200, page.into());
            reply.content_type = "text/html; charset=utf-8";
            return send(state, &mut stream, reply, None);
        }
        Some(FaultKind::Unauthorized) => {
            let reply = Reply::error(401, "Unauthorized", "An API key is required.");
            return send(state, &mut stream, reply, None);
        }
        Some(FaultKind::Forbidden) => {
            let reply = Reply::error(403, "Forbidden", "This key does not open this dataset.");
            return send(state, &mut stream, reply, None);
        }
        _ => {}
    }
    let reply = route(state, &request);
    send(state, &mut stream, reply, fault)
}

pub(super) fn send(
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
        403 => "Forbidden",
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

pub(super) fn route(state: &State, request: &Request) -> Reply {
    if request.path.trim_end_matches('/') == "/geocodage/search" {
        return super::geocoder::search(state, request);
    }
    let Some(rest) = request.path.strip_prefix("/api/explore/v2.1/") else {
        return Reply::error(404, "NotFound", "unknown path");
    };
    let parts: Vec<&str> = rest.trim_end_matches('/').split('/').collect();
    match parts.as_slice() {
        ["catalog", "datasets"] => catalog::catalog(state, request),
        ["catalog", "facets"] => catalog::facets(state, request),
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
                [] => Reply::json(200, catalog::dataset_json(served)),
                ["records"] => records::records(served, request),
                ["exports", format] => records::export(state, served, request, format),
                _ => Reply::error(404, "NotFound", "unknown path"),
            }
        }
        _ => Reply::error(404, "NotFound", "unknown path"),
    }
}
