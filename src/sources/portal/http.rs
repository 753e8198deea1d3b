//! The HTTP side of the portal client: one base URL, an optional API key, bounded retries, errors mapped to words.

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::blocking::{Client, RequestBuilder, Response};
use reqwest::header::{AUTHORIZATION, HeaderValue, IF_MODIFIED_SINCE, IF_NONE_MATCH, RETRY_AFTER};

use super::catalog::{error_message, quota_reset};
use super::error::AnswerFault;
use super::{PortalError, PortalUrl};
use crate::jobs::Progress;
use crate::sources::fault::NetFault;

/// The User-Agent sent to portals.
pub const USER_AGENT: &str = concat!(
    "Territoire/",
    env!("CARGO_PKG_VERSION"),
    " (visionneuse cartographique, Angers Loire Metropole)"
);

/// An API key. Never printed: `Debug` shows a placeholder.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Wraps a key typed by the user (surrounding blanks removed); `None` when empty.
    pub fn new(key: &str) -> Option<Self> {
        let key = key.trim();
        (!key.is_empty()).then(|| Self(key.to_string()))
    }

    /// The secret itself, for the credential store.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ApiKey(…)")
    }
}

/// How hard the client tries.
#[derive(Clone, Debug)]
pub struct RetryPolicy {
    /// Tries for timeouts, network errors and 5xx (at least 1).
    pub tries: u32,
    /// Wait before the second try; doubled before each next one.
    pub first_backoff: Duration,
    /// The longest wait for a quota reset before giving up with its time.
    pub max_quota_wait: Duration,
    /// Time allowed for connecting and for each read.
    pub timeout: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            tries: 3,
            first_backoff: Duration::from_millis(500),
            max_quota_wait: Duration::from_secs(60),
            timeout: Duration::from_secs(30),
        }
    }
}

/// Validators of a cached copy, sent to revalidate it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Validators {
    /// The `ETag` the portal gave.
    pub etag: Option<String>,
    /// The `Last-Modified` the portal gave.
    pub last_modified: Option<String>,
}

/// What a conditional request returned.
pub enum Answer {
    /// 304: the cached copy is current; no body was sent.
    NotModified,
    /// 200: the body is to be read from the response.
    Fresh(Response),
}

/// A client for one portal.
#[derive(Clone, Debug)]
pub struct PortalClient {
    /// The portal's base URL.
    pub portal: PortalUrl,
    http: Client,
    api_key: Option<ApiKey>,
    policy: RetryPolicy,
}

impl PortalClient {
    /// A client for `portal`, with an optional API key.
    pub fn new(
        portal: PortalUrl,
        api_key: Option<ApiKey>,
        policy: RetryPolicy,
    ) -> Result<Self, PortalError> {
        let http = Client::builder()
            .user_agent(USER_AGENT)
            .connect_timeout(policy.timeout)
            .timeout(policy.timeout)
            .build()
            .map_err(|e| PortalError::Network(NetFault::of(&e)))?;
        Ok(Self {
            portal,
            http,
            api_key,
            policy,
        })
    }

    /// GETs a small JSON answer (catalog, metadata, facets) with retries.
    pub fn get_json(
        &self,
        path: &str,
        query: &[(&str, String)],
        progress: &Progress,
        dataset: &str,
    ) -> Result<Vec<u8>, PortalError> {
        match self.get(path, query, None, progress, dataset)? {
            // A small answer cut short is a network fault like any other (retried, cache used).
            Answer::Fresh(response) => response
                .bytes()
                .map(|b| b.to_vec())
                .map_err(|e| PortalError::Network(NetFault::of(&e))),
            Answer::NotModified => Err(PortalError::Status(304)),
        }
    }

    /// GETs `path` with `query`, revalidating with `validators`; retries transient failures.
    pub fn get(
        &self,
        path: &str,
        query: &[(&str, String)],
        validators: Option<&Validators>,
        progress: &Progress,
        dataset: &str,
    ) -> Result<Answer, PortalError> {
        let mut url = self.portal.api(path)?;
        if !query.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(query.iter().map(|(k, v)| (*k, v.as_str())));
        }
        let tries = self.policy.tries.max(1);
        let mut backoff = self.policy.first_backoff;
        let mut last = PortalError::Timeout(tries);
        for attempt in 1..=tries {
            if progress.is_cancelled() {
                return Err(PortalError::Cancelled);
            }
            let request = self.authorised(self.http.get(url.clone()), validators);
            match request.send() {
                Ok(response) => match self.classify(response, dataset, attempt, tries)? {
                    Step::Done(answer) => return Ok(answer),
                    Step::RetryAfter(wait, error) => {
                        log::info!("portal: {error}, retrying in {} s", wait.as_secs());
                        last = error;
                        if attempt < tries {
                            sleep(wait, progress)?;
                        }
                        continue;
                    }
                    Step::Retry(error) => last = error,
                },
                Err(e) if e.is_timeout() => last = PortalError::Timeout(tries),
                Err(e) => last = PortalError::Network(NetFault::of(&e)),
            }
            if attempt < tries {
                log::info!("portal: {last}, retrying in {} ms", backoff.as_millis());
                sleep(backoff, progress)?;
                backoff *= 2;
            }
        }
        Err(last)
    }

    fn authorised(
        &self,
        request: RequestBuilder,
        validators: Option<&Validators>,
    ) -> RequestBuilder {
        let mut request = request;
        if let Some(key) = &self.api_key
            && let Ok(mut value) = HeaderValue::from_str(&format!("Apikey {}", key.expose()))
        {
            value.set_sensitive(true);
            request = request.header(AUTHORIZATION, value);
        }
        if let Some(v) = validators {
            if let Some(etag) = &v.etag {
                request = request.header(IF_NONE_MATCH, etag);
            }
            if let Some(date) = &v.last_modified {
                request = request.header(IF_MODIFIED_SINCE, date);
            }
        }
        request
    }

    fn classify(
        &self,
        response: Response,
        dataset: &str,
        attempt: u32,
        tries: u32,
    ) -> Result<Step, PortalError> {
        let status = response.status();
        if status == StatusCode::NOT_MODIFIED {
            return Ok(Step::Done(Answer::NotModified));
        }
        if status.is_success() {
            if is_html(&response) {
                log::debug!("portal: a web page instead of data ({status})");
                return Err(PortalError::BadAnswer(AnswerFault::Html));
            }
            return Ok(Step::Done(Answer::Fresh(response)));
        }
        if status.is_server_error() {
            return Ok(Step::Retry(PortalError::Server {
                status: status.as_u16(),
                tries,
            }));
        }
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        let body = response.bytes().map(|b| b.to_vec()).unwrap_or_default();
        match status.as_u16() {
            400 => {
                // The portal's own words (English) go to the log; the user reads ours.
                let message = error_message(&body).unwrap_or_default();
                log::warn!("portal refused {dataset}: {message}");
                Err(PortalError::Query(is_filter_error(&body)))
            }
            401 | 403 => Err(PortalError::Private(dataset.to_string())),
            404 => Err(PortalError::Missing {
                dataset: dataset.to_string(),
                portal: self.portal.to_string(),
            }),
            429 => {
                let reset_text = quota_reset(&body);
                let wait = quota_wait(retry_after, reset_text.as_deref());
                let error = PortalError::Quota {
                    reset: reset_text
                        .as_deref()
                        .map(format_reset)
                        .or_else(|| retry_after.map(|s| format!("{s} s")))
                        .unwrap_or_else(|| "?".into()),
                };
                match wait {
                    Some(wait) if wait <= self.policy.max_quota_wait && attempt < tries => {
                        Ok(Step::RetryAfter(wait, error))
                    }
                    _ => Err(error),
                }
            }
            other => Err(PortalError::Status(other)),
        }
    }
}

enum Step {
    Done(Answer),
    Retry(PortalError),
    RetryAfter(Duration, PortalError),
}

/// How long to wait for a quota: `Retry-After` seconds, else until `reset_time`.
fn quota_wait(retry_after_s: Option<u64>, reset_time: Option<&str>) -> Option<Duration> {
    if let Some(s) = retry_after_s {
        return Some(Duration::from_secs(s));
    }
    let reset = crate::data::column::parse_datetime(reset_time?)?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs() as i64;
    Some(Duration::from_secs(reset.saturating_sub(now).max(0) as u64))
}

/// `2026-11-28T00:00:00Z` → `28/11/2026 00:00 UTC` (in the interface language); anything else
/// as given.
pub fn format_reset(text: &str) -> String {
    match crate::data::column::parse_datetime(text) {
        Some(seconds) => format!("{} UTC", crate::i18n::format_date_time(seconds)),
        None => text.to_string(),
    }
}

/// Whether the answer says it is a web page.
fn is_html(response: &Response) -> bool {
    response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().contains("text/html"))
}

/// Sleeps in short steps so that a cancel is seen quickly.
fn sleep(total: Duration, progress: &Progress) -> Result<(), PortalError> {
    let step = Duration::from_millis(50);
    let mut left = total;
    while !left.is_zero() {
        if progress.is_cancelled() {
            return Err(PortalError::Cancelled);
        }
        let now = left.min(step);
        std::thread::sleep(now);
        left -= now;
    }
    Ok(())
}

/// True when a 400 answer is about the `where` filter (`ODSQLError`), not other parameters.
fn is_filter_error(body: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("error_code")?.as_str().map(|c| c.contains("ODSQL")))
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_never_show_in_debug_output() {
        let key = ApiKey::new("  s3cr3t ").expect("key");
        assert_eq!(key.expose(), "s3cr3t");
        assert!(!format!("{key:?}").contains("s3cr3t"));
        assert!(ApiKey::new("   ").is_none());
    }

    #[test]
    fn quota_waits_and_reset_times() {
        assert_eq!(quota_wait(Some(3), None), Some(Duration::from_secs(3)));
        assert_eq!(
            quota_wait(None, Some("2000-01-01T00:00:00Z")),
            Some(Duration::ZERO)
        );
        assert!(
            quota_wait(None, Some("2999-01-01T00:00:00Z")).expect("future")
                > Duration::from_secs(86_400)
        );
        assert_eq!(format_reset("2021-01-26T00:00:00Z"), "26/01/2021 00:00 UTC");
        assert_eq!(format_reset("demain"), "demain");
    }
}
