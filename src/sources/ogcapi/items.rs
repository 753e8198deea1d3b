//! Loads a collection's items: GeoJSON pages of `limit` features, following `next` links until
//! there is none, each page appended to one builder; a `next` seen before, or an empty page
//! that still points further, stops with [`ServiceError::EndlessPages`].

use std::collections::HashSet;

use serde::Deserialize;
use url::Url;

use super::meta::check;
use crate::data::DatasetBuilder;
use crate::jobs::Progress;
use crate::sources::service::{ServiceError, ServiceHttp};
use crate::sources::{LoadOptions, RawSource};

/// What a GeoJSON page says besides its features.
#[derive(Deserialize)]
struct Envelope {
    #[serde(default)]
    links: Vec<Link>,
    #[serde(rename = "numberMatched", default)]
    number_matched: Option<u64>,
}

#[derive(Deserialize)]
struct Link {
    #[serde(default)]
    rel: String,
    #[serde(default)]
    href: String,
    #[serde(rename = "type", default)]
    media: Option<String>,
}

/// The `numberMatched` of a page, when it is one and says it.
pub fn number_matched(body: &[u8]) -> Option<u64> {
    serde_json::from_slice::<Envelope>(body)
        .ok()
        .and_then(|e| e.number_matched)
}

/// The `next` link of a page (a JSON one when several are given).
fn next_link(links: &[Link]) -> Option<&str> {
    let next = || {
        links
            .iter()
            .filter(|l| l.rel == "next" && !l.href.is_empty())
    };
    next()
        .find(|l| l.media.as_deref().is_none_or(|m| m.contains("json")))
        .or_else(|| next().next())
        .map(|l| l.href.as_str())
}

/// What the pages read give.
pub struct Pages {
    /// The features, in WGS 84.
    pub dataset: crate::data::Dataset,
    /// Pages read.
    pub pages: u64,
    /// `numberMatched`, when the server gave it.
    pub announced: Option<u64>,
    /// The read stopped at its most features while the server held more.
    pub partial: bool,
}

/// Reads every page from `first` on (or until `max_rows` features are read); `max_pages`
/// bounds a server that never stops.
pub fn read_pages(
    http: &ServiceHttp,
    first: Url,
    name: &str,
    (max_pages, max_rows): (u64, Option<u64>),
    progress: &Progress,
) -> Result<Pages, ServiceError> {
    let mut builder = DatasetBuilder::new(true);
    let mut seen: HashSet<String> = HashSet::new();
    let mut url = first;
    let mut pages = 0u64;
    let mut announced = None;
    let mut partial = false;
    loop {
        if progress.is_cancelled() {
            return Err(ServiceError::Cancelled);
        }
        seen.insert(url.to_string());
        let fetched = check(
            http.get(&url, "application/geo+json, application/json", progress)?,
            name,
        )?;
        pages += 1;
        let envelope: Envelope = serde_json::from_slice(&fetched.body).map_err(|e| {
            log::info!("OGC API page: {e}");
            ServiceError::BadAnswer(crate::sources::service::AnswerKind::of_body(
                &fetched.body,
                crate::sources::service::AnswerKind::NotJson,
            ))
        })?;
        // The page is in memory: its parser reports to a progress of its own (bytes), ours
        // counts features.
        let raw = crate::sources::geojson::read_geojson_from(
            fetched.body.as_slice(),
            None,
            &Progress::default(),
        )?;
        let rows = raw.builder.rows() as u64;
        builder.append(raw.builder);
        if announced.is_none()
            && let Some(total) = envelope.number_matched
        {
            announced = Some(total);
            progress.set_total(total);
        }
        progress.add_items(rows);
        progress.set_done(builder.rows() as u64);
        let read = builder.rows() as u64;
        if max_rows.is_some_and(|most| read >= most) {
            partial = next_link(&envelope.links).is_some() || announced.is_some_and(|n| n > read);
            break;
        }
        let Some(next) = next_link(&envelope.links) else {
            break;
        };
        let next = url.join(next).map_err(|_| {
            ServiceError::BadAnswer(crate::sources::service::AnswerKind::Unexpected)
        })?;
        if rows == 0 || seen.contains(next.as_str()) || pages >= max_pages {
            log::warn!("OGC API: pages do not end at {next} (page {pages}, {rows} rows)");
            return Err(ServiceError::EndlessPages {
                pages,
                rows: builder.rows() as u64,
            });
        }
        url = next;
    }
    let raw = RawSource {
        builder,
        crs: Some("OGC:CRS84".into()),
    };
    let dataset = crate::sources::open::finish(raw, &LoadOptions::default(), progress)?;
    Ok(Pages {
        dataset,
        pages,
        announced,
        partial,
    })
}
