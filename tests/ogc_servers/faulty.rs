//! A misbehaving HTTP server on 127.0.0.1 for fault tests: each path answers a fixed status,
//! media type and body (what real servers do only when broken: endless pages, exceptions).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

/// One canned answer: the path it answers (`/path?a=b` also asks `a=b` in the query), status,
/// media type, body; the first that fits answers.
pub type Canned = (&'static str, u16, &'static str, String);

/// Serves `answers` until the process ends; returns the base URL. `{base}` in a body becomes the base URL.
pub fn serve(answers: Vec<Canned>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let answers: Vec<Canned> = answers
        .into_iter()
        .map(|(p, s, t, b)| (p, s, t, b.replace("{base}", &base)))
        .collect();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(&stream);
            let mut request = String::new();
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            loop {
                let mut header = String::new();
                if reader.read_line(&mut header).is_err() || header.trim().is_empty() {
                    break;
                }
            }
            let target = request.split_whitespace().nth(1).unwrap_or("/");
            let (path, query) = target.split_once('?').unwrap_or((target, ""));
            let (status, media, body) = answers
                .iter()
                .find(|(key, ..)| {
                    let (p, q) = key.split_once('?').unwrap_or((key, ""));
                    p == path && query.contains(q)
                })
                .map(|(_, s, t, b)| (*s, *t, b.clone()))
                .unwrap_or((404, "text/plain", "not found".into()));
            let mut stream = &stream;
            let _ = write!(
                stream,
                "HTTP/1.1 {status} X\r\nContent-Type: {media}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    base
}
