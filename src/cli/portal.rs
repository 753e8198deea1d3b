//! The portal's headless commands: `catalog` lists datasets, `info <dataset URL>` loads one.

use std::process::ExitCode;

use crate::data::Dataset;
use crate::i18n::tr_args;
use crate::jobs::Progress;
use crate::sources::portal::{
    CatalogQuery, DEFAULT_PORTAL, ExportRequest, PortalCache, PortalClient, PortalUrl, RetryPolicy,
    load_dataset, parse_dataset_ref, search_all,
};

/// True when `source` names a portal dataset rather than a file: an http(s) URL that is not a path on disk.
pub fn is_portal_source(source: &std::path::Path) -> bool {
    let text = source.to_string_lossy();
    (text.starts_with("https://") || text.starts_with("http://")) && !source.exists()
}

fn client(portal: Option<&str>) -> Result<PortalClient, String> {
    let portal = PortalUrl::parse(portal.unwrap_or(DEFAULT_PORTAL)).map_err(|e| e.to_string())?;
    let key = crate::sources::credentials::api_key(&portal);
    PortalClient::new(portal, key, RetryPolicy::default()).map_err(|e| e.to_string())
}

/// Loads a portal dataset (page URL, API URL, or id on `portal`) through the cache.
pub fn load(source: &str, portal: Option<&str>) -> Result<(String, Dataset), String> {
    let default = client(portal)?;
    let reference = parse_dataset_ref(source, &default.portal).map_err(|e| e.to_string())?;
    let client = if reference.portal == default.portal {
        default
    } else {
        client(Some(reference.portal.as_str()))?
    };
    let request = ExportRequest {
        dataset: reference.id.clone(),
        ..ExportRequest::default()
    };
    let label = format!("{}/explore/dataset/{}/", reference.portal, reference.id);
    let progress = Progress::default();
    let loaded = load_dataset(
        &client,
        PortalCache::platform().as_ref(),
        &request,
        &progress,
    )
    .map_err(|e| format!("{label}: {e}"))?;
    if let crate::sources::portal::Freshness::Offline(reason) = &loaded.freshness {
        eprintln!(
            "territoire: {}",
            tr_args(
                "portal-offline-copy",
                &[
                    (
                        "date",
                        &crate::sources::portal::cache::format_day(loaded.copy_date)
                    ),
                    ("reason", reason)
                ]
            )
        );
    }
    Ok((label, loaded.dataset))
}

/// `territoire key set|check|forget`: the key travels on standard input, never as an argument
/// (arguments show in process lists and shell history).
pub fn key(verb: super::KeyVerb, portal: Option<&str>) -> Result<ExitCode, String> {
    use crate::sources::credentials;
    let portal = PortalUrl::parse(portal.unwrap_or(DEFAULT_PORTAL)).map_err(|e| e.to_string())?;
    let say = |key: &str| {
        crate::cli::say(
            format_args!("{}", tr_args(key, &[("portal", portal.as_str())])),
            true,
        )
    };
    match verb {
        super::KeyVerb::Set => {
            let mut line = String::new();
            std::io::stdin()
                .read_line(&mut line)
                .map_err(|e| e.to_string())?;
            let key = crate::sources::portal::ApiKey::new(&line)
                .ok_or_else(|| crate::i18n::tr("cli-key-empty"))?;
            credentials::save_api_key(&portal, &key)?;
            say("cli-key-saved");
        }
        super::KeyVerb::Check => {
            if credentials::has_api_key(&portal) {
                say("cli-key-present");
            } else {
                say("cli-key-absent");
                return Ok(ExitCode::from(1));
            }
        }
        super::KeyVerb::Forget => {
            credentials::delete_api_key(&portal)?;
            say("cli-key-forgotten");
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(serde::Serialize)]
struct CatalogJson {
    total_count: u64,
    datasets: Vec<CatalogEntry>,
}

#[derive(serde::Serialize)]
struct CatalogEntry {
    id: String,
    title: String,
    records: Option<u64>,
    modified: Option<String>,
    licence: String,
    has_geometry: bool,
}

/// Lists the datasets of `portal` matching `search`.
pub fn catalog(portal: Option<&str>, search: Option<&str>, json: bool) -> Result<ExitCode, String> {
    let client = client(portal)?;
    let query = CatalogQuery {
        text: search.unwrap_or_default().to_string(),
        ..CatalogQuery::default()
    };
    let page = search_all(&client, &query, 10_000, &Progress::default())
        .map_err(|e| format!("{}: {e}", client.portal))?;
    let out = CatalogJson {
        total_count: page.total_count,
        datasets: page
            .datasets
            .iter()
            .map(|d| CatalogEntry {
                id: d.id.clone(),
                title: d.title.clone(),
                records: d.records,
                modified: d.modified.clone(),
                licence: d.licence.clone(),
                has_geometry: d.has_geometry(),
            })
            .collect(),
    };
    if json {
        crate::cli::say(
            format_args!("{}", serde_json::to_string(&out).unwrap_or_default()),
            true,
        );
    } else {
        crate::cli::say(
            format_args!(
                "{}",
                crate::i18n::tr_count(
                    "catalog-count",
                    out.total_count,
                    &[("portal", client.portal.as_str())]
                )
            ),
            true,
        );
        for d in &out.datasets {
            let records = d
                .records
                .map(|r| r.to_string())
                .unwrap_or_else(|| "?".into());
            let geo = if d.has_geometry { "◆" } else { " " };
            crate::cli::say(
                format_args!("{geo} {:<40} {:>9}  {}", d.id, records, d.title),
                true,
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
