//! The HTTP side of the OGC service clients: one `reqwest` client, bounded retries for network
//! faults and server errors, bodies read whole with a cancel check between chunks.

use std::io::Read;
use std::time::Duration;

use reqwest::blocking::Client;

use super::error::{AnswerKind, ServiceError};
use crate::jobs::Progress;
use crate::sources::fault::NetFault;

/// How hard a service client tries.
#[derive(Clone, Debug)]
pub struct ServicePolicy {
    /// Tries for timeouts, network errors and 5xx (at least 1).
    pub tries: u32,
    /// Wait before the second try; doubled before each next one.
    pub first_backoff: Duration,
    /// Time allowed for connecting and for each answer.
    pub timeout: Duration,
}

impl Default for ServicePolicy {
    fn default() -> Self {
        Self {
            tries: 3,
            first_backoff: Duration::from_millis(500),
            timeout: Duration::from_secs(60),
        }
    }
}

/// An answer that arrived (any status below 500): its status, media type and body.
#[derive(Debug)]
pub struct Fetched {
    /// The HTTP status.
    pub status: u16,
    /// The `Content-Type`, lower case (empty when absent).
    pub content_type: String,
    /// The whole body.
    pub body: Vec<u8>,
}

/// An HTTP client for OGC services.
#[derive(Clone, Debug)]
pub struct ServiceHttp {
    http: Client,
    policy: ServicePolicy,
}

impl ServiceHttp {
    /// A client following `policy`.
    pub fn new(policy: ServicePolicy) -> Result<Self, ServiceError> {
        let http = Client::builder()
            .user_agent(crate::sources::portal::http::USER_AGENT)
            .connect_timeout(policy.timeout)
            .timeout(policy.timeout)
            .build()
            .map_err(|e| ServiceError::Network(NetFault::of(&e)))?;
        Ok(Self { http, policy })
    }

    /// GETs `url` (asking for `accept`), retrying network faults and 5xx; cancelled through `progress`.
    pub fn get(
        &self,
        url: &url::Url,
        accept: &str,
        progress: &Progress,
    ) -> Result<Fetched, ServiceError> {
        let tries = self.policy.tries.max(1);
        let mut backoff = self.policy.first_backoff;
        let mut last = ServiceError::Timeout(tries);
        for attempt in 1..=tries {
            if progress.is_cancelled() {
                return Err(ServiceError::Cancelled);
            }
            log::debug!("OGC service: GET {url}");
            let request = self.http.get(url.clone());
            match request.header(reqwest::header::ACCEPT, accept).send() {
                Ok(response) if response.status().is_server_error() => {
                    last = ServiceError::Server {
                        status: response.status().as_u16(),
                        tries,
                    };
                }
                Ok(response) => return read(response, progress),
                Err(e) if e.is_timeout() => last = ServiceError::Timeout(tries),
                Err(e) => last = ServiceError::Network(NetFault::of(&e)),
            }
            if attempt < tries {
                log::info!(
                    "OGC service: {last}, retrying in {} ms",
                    backoff.as_millis()
                );
                sleep(backoff, progress)?;
                backoff *= 2;
            }
        }
        Err(last)
    }
}

fn read(
    mut response: reqwest::blocking::Response,
    progress: &Progress,
) -> Result<Fetched, ServiceError> {
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let mut body = Vec::new();
    let mut chunk = vec![0u8; 1 << 16];
    loop {
        if progress.is_cancelled() {
            return Err(ServiceError::Cancelled);
        }
        match response.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => body.extend_from_slice(&chunk[..n]),
            Err(e) => {
                log::warn!("OGC service: body cut after {} bytes: {e}", body.len());
                return Err(ServiceError::BadAnswer(AnswerKind::Cut));
            }
        }
    }
    Ok(Fetched {
        status,
        content_type,
        body,
    })
}

/// Sleeps in short steps so that a cancel is seen quickly.
fn sleep(total: Duration, progress: &Progress) -> Result<(), ServiceError> {
    let step = Duration::from_millis(50);
    let mut left = total;
    while !left.is_zero() {
        if progress.is_cancelled() {
            return Err(ServiceError::Cancelled);
        }
        let now = left.min(step);
        std::thread::sleep(now);
        left -= now;
    }
    Ok(())
}

/// The error for a status that is neither success nor a documented error.
pub fn status_error(status: u16, name: &str) -> ServiceError {
    match status {
        401 | 403 => ServiceError::Denied(status),
        404 => ServiceError::Missing {
            name: name.to_string(),
            available: Vec::new(),
        },
        other => ServiceError::Status(other),
    }
}
