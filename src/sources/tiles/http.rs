//! Asking a tile server for one tile: a blocking client with short timeouts, the answer sorted
//! into a picture or a [`TileFault`] (404, 429 with `Retry-After`, 5xx, no answer, not a picture).

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::blocking::Client;

use super::TileFault;

/// The client tile workers share (the app's User-Agent, 5 s to connect, 20 s per tile).
pub fn client(user_agent: &str) -> Option<Client> {
    Client::builder()
        .user_agent(user_agent)
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(20))
        .build()
        .map_err(|e| log::warn!("no HTTP client for basemap tiles: {e}"))
        .ok()
}

/// The picture at `url`, or why there is none. Blocks.
pub fn get_tile(client: &Client, url: &str) -> Result<Vec<u8>, TileFault> {
    let response = client.get(url).send().map_err(|e| {
        log::debug!("basemap tile {url}: {e}");
        TileFault::Unreachable
    })?;
    let status = response.status();
    if !status.is_success() {
        log::debug!("basemap tile {url}: {status}");
        return Err(status_fault(status, retry_after(&response)));
    }
    let bytes = response.bytes().map_err(|e| {
        log::debug!("basemap tile {url}: {e}");
        TileFault::Unreachable
    })?;
    if bytes.is_empty() || status == StatusCode::NO_CONTENT {
        return Err(TileFault::Missing);
    }
    if !super::looks_like_image(&bytes) {
        log::debug!("basemap tile {url}: not a picture");
        return Err(TileFault::NotAnImage);
    }
    Ok(bytes.to_vec())
}

fn status_fault(status: StatusCode, wait: Option<Duration>) -> TileFault {
    match status {
        StatusCode::NOT_FOUND | StatusCode::GONE => TileFault::Missing,
        StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE => {
            TileFault::RateLimited(wait)
        }
        other => TileFault::Status(other.as_u16()),
    }
}

/// The wait a `Retry-After` header asks for (seconds; an HTTP date counts as one minute).
fn retry_after(response: &reqwest::blocking::Response) -> Option<Duration> {
    let value = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?;
    match value.trim().parse::<u64>() {
        Ok(seconds) => Some(Duration::from_secs(seconds.min(3600))),
        Err(_) => Some(Duration::from_secs(60)),
    }
}
