//! Adds a portal dataset as a layer: metadata, then the GeoJSON (or CSV) export streamed into the
//! reader and the cache at once, revalidated when cached, and the cached copy when offline.

use std::io::{Read, Write};

use super::cache::{CacheEntry, CacheMeta, PortalCache, now_s};
use super::catalog::{DatasetMeta, FieldKind, parse_dataset};
use super::error::AnswerFault;
use super::http::{Answer, PortalClient};
use super::{PortalError, PortalUrl};
use crate::data::Dataset;
use crate::jobs::Progress;
use crate::sources::fault::NetFault;
use crate::sources::{LoadOptions, RawSource, SourceError};

/// What to download from a dataset.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExportRequest {
    /// The dataset id.
    pub dataset: String,
    /// Fields to keep (`select`); `None` keeps them all. The geo field is always kept.
    pub fields: Option<Vec<String>>,
    /// An ODSQL `where` filter.
    pub filter: Option<String>,
    /// Only records in this extent, `[min_lon, min_lat, max_lon, max_lat]` (`in_bbox`).
    pub bbox: Option<[f64; 4]>,
}

/// Where the layer's data came from this time.
#[derive(Clone, Debug, PartialEq)]
pub enum Freshness {
    /// Downloaded now.
    Downloaded,
    /// The cached copy, confirmed current by the portal (no body transferred).
    Revalidated,
    /// The cached copy, because the portal could not be reached; the reason is for the user.
    Offline(String),
}

/// A dataset loaded from a portal, with its provenance.
#[derive(Debug)]
pub struct PortalLoad {
    /// The data, in WGS84.
    pub dataset: Dataset,
    /// The catalog's description of it.
    pub meta: DatasetMeta,
    /// The portal.
    pub portal: PortalUrl,
    /// Downloaded, revalidated or offline.
    pub freshness: Freshness,
    /// Body bytes received by this load (0 when revalidated or offline).
    pub bytes_downloaded: u64,
    /// When the copy in use was downloaded (UTC seconds).
    pub copy_date: i64,
}

/// Loads `request` from the portal of `client`, through `cache` when given.
pub fn load_dataset(
    client: &PortalClient,
    cache: Option<&PortalCache>,
    request: &ExportRequest,
    progress: &Progress,
) -> Result<PortalLoad, PortalError> {
    let meta = dataset_meta(client, cache, &request.dataset, progress)?;
    let (format, query) = export_query(&meta, request);
    let path = format!("catalog/datasets/{}/exports/{format}", request.dataset);
    let url = client.portal.api(&path)?;
    let request_key = format!("{url}?{}", encode_query(&query));
    let entry = cache.map(|c| c.entry(&client.portal, &request.dataset, &request_key, format));
    let cached = entry.as_ref().and_then(CacheEntry::meta);
    let answer = client.get(
        &path,
        &query,
        cached.as_ref().map(CacheMeta::validators).as_ref(),
        progress,
        &request.dataset,
    );
    let (dataset, freshness, bytes, copy_date) = match (answer, &entry, cached) {
        (Ok(Answer::Fresh(response)), _, _) => {
            let (dataset, bytes) = stream_fresh(
                response,
                entry.as_ref(),
                &request_key,
                (format, &meta),
                progress,
            )?;
            (dataset, Freshness::Downloaded, bytes, now_s())
        }
        (Ok(Answer::NotModified), Some(entry), Some(cached)) => {
            let dataset = read_cached(entry, (format, &meta), progress)?;
            let checked = CacheMeta {
                downloaded_at: cached.downloaded_at,
                ..cached.clone()
            };
            entry.touch(&checked);
            (dataset, Freshness::Revalidated, 0, cached.downloaded_at)
        }
        (Ok(Answer::NotModified), _, _) => return Err(PortalError::Status(304)),
        (Err(error), Some(entry), Some(cached)) if error.is_transient() => {
            log::warn!("portal unreachable, cached copy used: {error}");
            let dataset = read_cached(entry, (format, &meta), progress)?;
            (
                dataset,
                Freshness::Offline(error.to_string()),
                0,
                cached.downloaded_at,
            )
        }
        (Err(error), _, _) => return Err(error),
    };
    Ok(PortalLoad {
        dataset,
        meta,
        portal: client.portal.clone(),
        freshness,
        bytes_downloaded: bytes,
        copy_date,
    })
}

/// The dataset's metadata from the portal, cached for offline use.
pub fn dataset_meta(
    client: &PortalClient,
    cache: Option<&PortalCache>,
    dataset: &str,
    progress: &Progress,
) -> Result<DatasetMeta, PortalError> {
    let path = format!("catalog/datasets/{dataset}");
    let entry = cache.map(|c| c.entry(&client.portal, dataset, &path, "json"));
    match client.get_json(&path, &[], progress, dataset) {
        Ok(body) => {
            let meta = parse_dataset(&body)?;
            if let Some(entry) = &entry {
                save_small(entry, &path, &body);
            }
            Ok(meta)
        }
        Err(error) if error.is_transient() => entry
            .as_ref()
            .filter(|e| e.meta().is_some())
            .and_then(|e| std::fs::read(&e.data).ok())
            .and_then(|body| parse_dataset(&body).ok())
            .ok_or(error),
        Err(error) => Err(error),
    }
}

fn save_small(entry: &CacheEntry, url: &str, body: &[u8]) {
    let saved = entry.temporary().and_then(|tmp| {
        std::fs::write(&tmp, body).map_err(|e| cache_error(&e))?;
        let meta = CacheMeta {
            url: url.to_string(),
            downloaded_at: now_s(),
            bytes: body.len() as u64,
            ..CacheMeta::default()
        };
        entry.commit(&tmp, &meta)
    });
    if let Err(e) = saved {
        log::warn!("{e}");
    }
}

/// Picks the export format and builds its query: GeoJSON when there is a geo field, else CSV
/// (latitude/longitude columns or a plain table).
pub fn export_query(
    meta: &DatasetMeta,
    request: &ExportRequest,
) -> (&'static str, Vec<(&'static str, String)>) {
    let geo = meta.geo_field().map(|f| f.name.clone());
    let format = if geo.is_some() { "geojson" } else { "csv" };
    let mut query = Vec::new();
    if let Some(fields) = &request.fields {
        let mut kept: Vec<String> = fields.clone();
        for field in meta.fields.iter().filter(|f| f.kind.is_geo()) {
            if !kept.contains(&field.name) {
                kept.push(field.name.clone());
            }
        }
        query.push(("select", kept.join(",")));
    }
    let mut conditions = Vec::new();
    if let Some(filter) = request.filter.as_deref().filter(|f| !f.trim().is_empty()) {
        conditions.push(format!("({filter})"));
    }
    if let (Some(b), Some(geo)) = (request.bbox, &geo) {
        conditions.push(format!(
            "in_bbox({geo}, {}, {}, {}, {})",
            b[1], b[0], b[3], b[2]
        ));
    }
    if !conditions.is_empty() {
        query.push(("where", conditions.join(" AND ")));
    }
    if format == "csv" {
        query.push(("delimiter", ";".into()));
    }
    (format, query)
}

fn encode_query(query: &[(&str, String)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(query.iter().map(|(k, v)| (*k, v.as_str())))
        .finish()
}

/// Reads the body into the dataset while writing it to a temporary file; the cache is replaced
/// only when the whole body was read and parsed.
fn stream_fresh(
    response: reqwest::blocking::Response,
    entry: Option<&CacheEntry>,
    url: &str,
    (format, meta): (&str, &DatasetMeta),
    progress: &Progress,
) -> Result<(Dataset, u64), PortalError> {
    let headers = response.headers().clone();
    let header = |name: reqwest::header::HeaderName| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let length = response.content_length();
    let temporary = entry.map(CacheEntry::temporary).transpose()?;
    let file = match &temporary {
        Some(path) => Some(std::fs::File::create(path).map_err(|e| cache_error(&e))?),
        None => None,
    };
    let mut tee = Tee {
        expected: length,
        inner: response,
        copy: file.map(std::io::BufWriter::new),
        copy_failed: false,
        bytes: 0,
        progress,
        failure: None,
    };
    let parsed = parse(&mut tee, format, length, progress).map(|raw| apply_schema(raw, meta));
    let result = finish_stream(&mut tee, parsed, length).and_then(|raw| {
        crate::sources::open::finish(raw, &LoadOptions::default(), progress).map_err(Into::into)
    });
    let bytes = tee.bytes;
    let copy = tee
        .copy
        .take()
        .map(|w| w.into_inner().map_err(|e| e.into_error()));
    let copy_whole = !tee.copy_failed && matches!(copy, Some(Ok(_)));
    match (result, temporary, entry) {
        (Ok(dataset), Some(tmp), Some(entry)) => {
            if !copy_whole {
                let _ = std::fs::remove_file(&tmp);
                log::warn!("cache not written: {url}");
                return Ok((dataset, bytes));
            }
            let meta = CacheMeta {
                url: url.to_string(),
                etag: header(reqwest::header::ETAG),
                last_modified: header(reqwest::header::LAST_MODIFIED),
                downloaded_at: now_s(),
                bytes,
            };
            if let Err(e) = entry.commit(&tmp, &meta) {
                log::warn!("{e}");
            }
            Ok((dataset, bytes))
        }
        (Ok(dataset), _, _) => Ok((dataset, bytes)),
        (Err(error), tmp, _) => {
            if let Some(tmp) = tmp {
                let _ = std::fs::remove_file(tmp);
            }
            Err(error)
        }
    }
}

/// Checks that the body was whole: a network failure or a length mismatch fails the load.
fn finish_stream<R: Read>(
    tee: &mut Tee<'_, R>,
    parsed: Result<RawSource, SourceError>,
    length: Option<u64>,
) -> Result<RawSource, PortalError> {
    if let Some(failure) = tee.failure.take() {
        return Err(failure);
    }
    let raw = parsed?;
    // Drain what the parser left (trailing blanks), so the length check sees everything.
    let _ = std::io::copy(tee, &mut std::io::sink());
    if let Some(failure) = tee.failure.take() {
        return Err(failure);
    }
    if let Some(expected) = length
        && expected != tee.bytes
    {
        return Err(PortalError::BadAnswer(AnswerFault::Truncated {
            got: tee.bytes,
            expected,
        }));
    }
    if let Some(copy) = tee.copy.as_mut() {
        copy.flush().map_err(|e| cache_error(&e))?;
    }
    Ok(raw)
}

fn parse<R: Read>(
    reader: R,
    format: &str,
    length: Option<u64>,
    progress: &Progress,
) -> Result<RawSource, SourceError> {
    match format {
        "csv" => crate::sources::csv::read_csv_from(reader, length, progress),
        _ => crate::sources::geojson::read_geojson_from(reader, length, progress),
    }
}

fn read_cached(
    entry: &CacheEntry,
    (format, meta): (&str, &DatasetMeta),
    progress: &Progress,
) -> Result<Dataset, PortalError> {
    let file = std::fs::File::open(&entry.data).map_err(|e| cache_error(&e))?;
    let length = file.metadata().ok().map(|m| m.len());
    let raw = apply_schema(parse(file, format, length, progress)?, meta);
    Ok(crate::sources::open::finish(
        raw,
        &LoadOptions::default(),
        progress,
    )?)
}

/// Passes the body to the parser, copies it to the cache file, counts bytes and remembers a
/// network failure (the parser only sees an I/O error).
struct Tee<'p, R> {
    inner: R,
    /// The length the portal announced.
    expected: Option<u64>,
    copy: Option<std::io::BufWriter<std::fs::File>>,
    copy_failed: bool,
    bytes: u64,
    progress: &'p Progress,
    failure: Option<PortalError>,
}

impl<R: Read> Read for Tee<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.progress.is_cancelled() {
            self.failure = Some(PortalError::Cancelled);
            return Err(std::io::Error::other("cancelled"));
        }
        let n = match self.inner.read(buf) {
            Ok(n) => n,
            Err(e) => {
                self.failure = Some(PortalError::BadAnswer(AnswerFault::Cut {
                    bytes: self.bytes,
                    expected: self.expected,
                    fault: cut_fault(&e),
                }));
                return Err(e);
            }
        };
        self.bytes += n as u64;
        if let Some(copy) = self.copy.as_mut()
            && let Err(e) = copy.write_all(&buf[..n])
        {
            log::warn!("cache copy dropped: {e}");
            self.copy = None;
            self.copy_failed = true;
        }
        Ok(n)
    }
}

/// How a read of the body broke (reqwest hands its error inside an I/O error).
fn cut_fault(error: &std::io::Error) -> NetFault {
    let inner = error
        .get_ref()
        .and_then(|e| e.downcast_ref::<reqwest::Error>());
    match inner {
        Some(e) => NetFault::of(e),
        None => {
            log::debug!("download: {error}");
            match error.kind() {
                std::io::ErrorKind::TimedOut => NetFault::Timeout,
                _ => NetFault::Reset,
            }
        }
    }
}

fn cache_error(error: &std::io::Error) -> PortalError {
    log::debug!("cache: {error}");
    PortalError::Cache(error.kind())
}

/// Types text columns the schema declares numeric (old portals send numbers as strings).
fn apply_schema(mut raw: RawSource, meta: &DatasetMeta) -> RawSource {
    for field in &meta.fields {
        if matches!(field.kind, FieldKind::Int | FieldKind::Double)
            && let Some(column) = raw.builder.column_named(&field.name)
        {
            column.text_to_numbers();
        }
    }
    raw
}
