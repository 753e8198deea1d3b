//! `GetFeature` pages: `STARTINDEX` and `COUNT` (`MAXFEATURES` in 1.1) with `SORTBY` for stable
//! pages, GeoJSON or GML parsed page by page into one builder, `RESULTTYPE=hits` for the count.

use url::Url;

use super::address::WfsVersion;
use super::capabilities::parse_xml;
use crate::data::DatasetBuilder;
use crate::jobs::Progress;
use crate::sources::RawSource;
use crate::sources::service::{AnswerKind, Fetched, ServiceError, ServiceHttp, http::status_error};

/// One `GetFeature` query, without its page.
pub struct Query<'a> {
    /// The endpoint (its own parameters kept).
    pub endpoint: &'a Url,
    /// The version spoken.
    pub version: WfsVersion,
    /// The feature type.
    pub type_name: &'a str,
    /// The XML filter, when one is pushed down.
    pub filter: Option<&'a str>,
    /// The `SRSNAME` asked for, when one is.
    pub srs_name: Option<&'a str>,
}

impl Query<'_> {
    /// The URL of a request with `extra` parameters.
    pub fn url(&self, extra: &[(&str, String)]) -> Url {
        let mut url = self.endpoint.clone();
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("SERVICE", "WFS");
            q.append_pair("VERSION", self.version.as_str());
            q.append_pair("REQUEST", "GetFeature");
            let key = match self.version {
                WfsVersion::V2_0 => "TYPENAMES",
                WfsVersion::V1_1 => "TYPENAME",
            };
            q.append_pair(key, self.type_name);
            if let Some(filter) = self.filter {
                q.append_pair("FILTER", filter);
            }
            if let Some(srs) = self.srs_name {
                q.append_pair("SRSNAME", srs);
            }
            for (k, v) in extra {
                q.append_pair(k, v);
            }
        }
        url
    }
}

/// An XML or JSON answer checked: an `ExceptionReport` (whatever the status) becomes its error.
pub fn checked(fetched: Fetched, name: &str) -> Result<Fetched, ServiceError> {
    let looks_xml = fetched.body.trim_ascii_start().starts_with(b"<");
    if looks_xml && !(200..300).contains(&fetched.status) || fetched.content_type.contains("xml") {
        let text = String::from_utf8_lossy(&fetched.body);
        if text.contains("ExceptionReport") {
            parse_xml(&text)?;
        }
    }
    if !(200..300).contains(&fetched.status) {
        return Err(status_error(fetched.status, name));
    }
    if fetched.content_type.contains("text/html") {
        return Err(ServiceError::BadAnswer(AnswerKind::Html));
    }
    Ok(fetched)
}

/// The number of features matching, from `RESULTTYPE=hits` (`numberMatched`, `numberOfFeatures`).
pub fn hits(
    http: &ServiceHttp,
    query: &Query,
    progress: &Progress,
) -> Result<Option<u64>, ServiceError> {
    let url = query.url(&[("RESULTTYPE", "hits".into())]);
    let fetched = checked(http.get(&url, "text/xml", progress)?, query.type_name)?;
    let text = String::from_utf8_lossy(&fetched.body);
    let document = parse_xml(&text)?;
    let root = document.root_element();
    Ok(root
        .attribute("numberMatched")
        .or_else(|| root.attribute("numberOfFeatures"))
        .and_then(|n| n.parse().ok()))
}

/// How the pages are read.
pub struct Paging<'a> {
    /// Features per page.
    pub page_size: u32,
    /// Pages at most before the load stops as endless.
    pub max_pages: u64,
    /// The property the pages are sorted on, when one is known.
    pub sort_by: Option<&'a str>,
    /// The format asked for, and whether it is GeoJSON.
    pub format: (&'a str, bool),
    /// The number announced by `hits`, when known.
    pub announced: Option<u64>,
}

/// Reads every page; returns the rows (coordinates as sent), the CRS they are in, and the pages read.
pub fn read_pages(
    http: &ServiceHttp,
    query: &Query,
    paging: &Paging,
    progress: &Progress,
) -> Result<(RawSource, u64), ServiceError> {
    let mut builder = DatasetBuilder::new(true);
    let mut crs = None;
    let mut pages = 0u64;
    let mut previous: Option<u64> = None;
    let size = paging.page_size.max(1);
    loop {
        if progress.is_cancelled() {
            return Err(ServiceError::Cancelled);
        }
        let mut extra = vec![
            ("OUTPUTFORMAT", paging.format.0.to_string()),
            ("STARTINDEX", builder.rows().to_string()),
            (
                match query.version {
                    WfsVersion::V2_0 => "COUNT",
                    WfsVersion::V1_1 => "MAXFEATURES",
                },
                size.to_string(),
            ),
        ];
        if let Some(sort) = paging.sort_by {
            extra.push(("SORTBY", format!("{sort} ASC")));
        }
        let url = query.url(&extra);
        let accept = if paging.format.1 {
            "application/json"
        } else {
            "text/xml"
        };
        let fetched = checked(http.get(&url, accept, progress)?, query.type_name)?;
        pages += 1;
        let digest = fingerprint(&fetched.body);
        let raw = parse_page(&fetched.body, paging.format.1)?;
        let rows = raw.builder.rows() as u64;
        if rows > 0 && previous == Some(digest) || pages > paging.max_pages {
            log::warn!("WFS: pages do not end at {url}");
            return Err(ServiceError::EndlessPages {
                pages,
                rows: builder.rows() as u64,
            });
        }
        previous = Some(digest);
        crs = crs.or(raw.crs);
        builder.append(raw.builder);
        progress.add_items(rows);
        progress.set_done(builder.rows() as u64);
        let all_read = paging.announced.is_some_and(|n| builder.rows() as u64 >= n);
        if rows < u64::from(size) || all_read {
            break;
        }
    }
    if let Some(total) = paging.announced
        && (builder.rows() as u64) < total
    {
        log::warn!(
            "WFS: {} features read of {total} announced (a server limit?)",
            builder.rows()
        );
    }
    Ok((RawSource { builder, crs }, pages))
}

/// A page's fingerprint: a server that ignores `STARTINDEX` sends the same page again.
fn fingerprint(body: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    // The time stamp of a GML answer changes between pages: hash the features only.
    let start = memchr::memmem::find(body, b"member").unwrap_or(0);
    body[start..].hash(&mut hasher);
    hasher.finish()
}

fn parse_page(body: &[u8], geojson: bool) -> Result<RawSource, ServiceError> {
    let quiet = Progress::default();
    if geojson {
        let raw = crate::sources::geojson::read_geojson_from(body, None, &quiet)?;
        return Ok(raw);
    }
    let text = String::from_utf8_lossy(body);
    match crate::sources::gml::read_gml_text(&text, None, &quiet) {
        Ok(raw) => Ok(raw),
        // A page without features (the last one, when the count fell on a page boundary).
        Err(_)
            if parse_xml(&text)?.root_element().tag_name().name() == "FeatureCollection"
                && !text.contains("member") =>
        {
            Ok(RawSource {
                builder: DatasetBuilder::new(true),
                crs: None,
            })
        }
        Err(e) => Err(e.into()),
    }
}
