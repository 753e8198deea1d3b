//! A tile server on 127.0.0.1 for the tests, with faults chosen by the path's first part:
//! `/ok/` tiles, `/404/`, `/500/` (an HTML page), `/429/` (`Retry-After: 1` on the first ask of
//! each tile), `/slow/` (one second), `/drop/` (connection closed mid-answer), `/html/` (a page
//! with status 200), `/low/` (tiles only down to zoom 3), `/file/PATH` (that file, for a
//! capabilities document). `down()` makes every connection drop.

use std::collections::HashSet;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A running tile server.
pub struct TileServer {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    up: Arc<AtomicBool>,
    /// Requests answered so far.
    pub served: Arc<AtomicUsize>,
    /// The most requests being answered at once.
    pub peak: Arc<AtomicUsize>,
}

impl TileServer {
    /// A `{z}/{x}/{y}` template for the fault `kind` (`ok`, `404`, …).
    pub fn template(&self, kind: &str) -> String {
        format!("{}/{kind}/{{z}}/{{x}}/{{y}}.png", self.base)
    }

    /// From now on every connection is closed at once (the network is down).
    pub fn down(&self) {
        self.up.store(false, Ordering::SeqCst);
    }
}

/// A 256-pixel PNG of one colour.
pub fn tile_png(color: [u8; 4]) -> Vec<u8> {
    let image = image::RgbaImage::from_pixel(256, 256, image::Rgba(color));
    let mut out = std::io::Cursor::new(Vec::new());
    image
        .write_to(&mut out, image::ImageFormat::Png)
        .expect("png");
    out.into_inner()
}

/// The colour of the tiles of zoom `z` (so that a test can tell which zoom is shown).
pub fn zoom_color(z: u8) -> [u8; 4] {
    [40 * (z % 6), 200, 255 - 30 * (z % 8), 255]
}

/// Starts the server on a free port.
pub fn start() -> TileServer {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let up = Arc::new(AtomicBool::new(true));
    let served = Arc::new(AtomicUsize::new(0));
    let peak = Arc::new(AtomicUsize::new(0));
    let busy = Arc::new(AtomicUsize::new(0));
    let asked_once = Arc::new(Mutex::new(HashSet::new()));
    let (up_, served_, peak_) = (Arc::clone(&up), Arc::clone(&served), Arc::clone(&peak));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            if !up_.load(Ordering::SeqCst) {
                drop(stream);
                continue;
            }
            let (served, peak, busy, asked) = (
                Arc::clone(&served_),
                Arc::clone(&peak_),
                Arc::clone(&busy),
                Arc::clone(&asked_once),
            );
            std::thread::spawn(move || {
                let now = busy.fetch_add(1, Ordering::SeqCst) + 1;
                peak.fetch_max(now, Ordering::SeqCst);
                answer(stream, &asked, &busy);
                served.fetch_add(1, Ordering::SeqCst);
            });
        }
    });
    TileServer {
        base: format!("http://127.0.0.1:{port}"),
        up,
        served,
        peak,
    }
}

fn request_path(stream: &mut TcpStream) -> String {
    let mut request = Vec::new();
    let mut buf = [0u8; 1024];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => request.extend_from_slice(&buf[..n]),
        }
    }
    String::from_utf8_lossy(&request)
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_owned()
}

/// Writes an answer; the request stops counting as being answered just before (the client may
/// ask again as soon as it has read it).
fn respond(stream: &mut TcpStream, busy: &AtomicUsize, (status, extra, body): (&str, &str, &[u8])) {
    busy.fetch_sub(1, Ordering::SeqCst);
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n{extra}\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body);
}

fn answer(mut stream: TcpStream, asked: &Mutex<HashSet<String>>, busy: &AtomicUsize) {
    let path = request_path(&mut stream);
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let kind = parts.first().copied().unwrap_or("");
    let zoom: u8 = parts.get(1).and_then(|z| z.parse().ok()).unwrap_or(0);
    let tile = tile_png(zoom_color(zoom));
    let cacheable = "Content-Type: image/png\r\nCache-Control: max-age=86400\r\n";
    let ok = ("200 OK", cacheable, &tile[..]);
    let missing = ("404 Not Found", "", &b"no tile"[..]);
    if kind == "file" {
        let file = std::fs::read(path.trim_start_matches("/file")).unwrap_or_default();
        return respond(
            &mut stream,
            busy,
            ("200 OK", "Content-Type: text/xml\r\n", &file),
        );
    }
    let answer = match kind {
        "404" => missing,
        "500" => (
            "500 Internal Server Error",
            "Content-Type: text/html\r\n",
            &b"<html>oops</html>"[..],
        ),
        "html" => (
            "200 OK",
            "Content-Type: text/html\r\n",
            &b"<html>login</html>"[..],
        ),
        "429" if asked.lock().expect("lock").insert(path.clone()) => (
            "429 Too Many Requests",
            "Retry-After: 1\r\n",
            &b"slow down"[..],
        ),
        "slow" => {
            std::thread::sleep(Duration::from_secs(1));
            ok
        }
        "drop" => {
            // Promises 5000 bytes, sends 40, closes.
            (
                "200 OK",
                "Content-Type: image/png\r\nX-Truncated: 1\r\n",
                &tile[..40],
            )
        }
        "low" if zoom > 3 => missing,
        _ => ok,
    };
    if kind == "drop" {
        busy.fetch_sub(1, Ordering::SeqCst);
        let head = "HTTP/1.1 200 OK\r\nContent-Length: 5000\r\nContent-Type: image/png\r\n\r\n";
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(answer.2);
        return;
    }
    respond(&mut stream, busy, answer);
}
