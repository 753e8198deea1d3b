//! The portal download cache: one file per dataset and query, with its validators, replaced atomically.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use super::{PortalError, PortalUrl, Validators};

/// What is remembered beside a cached download.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CacheMeta {
    /// The request (URL with query; keys never travel in URLs).
    pub url: String,
    /// `ETag` of the answer.
    pub etag: Option<String>,
    /// `Last-Modified` of the answer.
    pub last_modified: Option<String>,
    /// When it was downloaded, UTC seconds since 1970.
    pub downloaded_at: i64,
    /// Size of the body in bytes.
    pub bytes: u64,
}

impl CacheMeta {
    /// The validators to send when revalidating.
    pub fn validators(&self) -> Validators {
        Validators {
            etag: self.etag.clone(),
            last_modified: self.last_modified.clone(),
        }
    }
}

/// The portal cache under one root folder (`<platform cache>/portal`).
#[derive(Clone, Debug)]
pub struct PortalCache {
    root: PathBuf,
}

/// One cached download: the body file and its metadata file.
#[derive(Clone, Debug)]
pub struct CacheEntry {
    /// The body.
    pub data: PathBuf,
    meta: PathBuf,
}

impl PortalCache {
    /// A cache rooted at `root`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// The cache in the platform cache folder.
    pub fn platform() -> Option<Self> {
        crate::sources::settings_file::cache_dir().map(|d| Self::new(d.join("portal")))
    }

    fn dataset_dir(&self, portal: &PortalUrl, dataset: &str) -> PathBuf {
        self.root
            .join(safe_name(&portal.host()))
            .join(safe_name(dataset))
    }

    /// The entry for `dataset` fetched with `request` (the URL and query, which name the variant).
    pub fn entry(&self, portal: &PortalUrl, dataset: &str, request: &str, ext: &str) -> CacheEntry {
        let stem = format!("{:016x}", fnv1a(request.as_bytes()));
        let dir = self.dataset_dir(portal, dataset);
        CacheEntry {
            data: dir.join(format!("{stem}.{ext}")),
            meta: dir.join(format!("{stem}.meta.json")),
        }
    }

    /// Bytes on disk for `dataset`, all variants together.
    pub fn size(&self, portal: &PortalUrl, dataset: &str) -> u64 {
        std::fs::read_dir(self.dataset_dir(portal, dataset))
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .filter_map(|e| e.metadata().ok())
                    .filter(|m| m.is_file())
                    .map(|m| m.len())
                    .sum()
            })
            .unwrap_or(0)
    }

    /// Deletes every cached variant of `dataset`.
    pub fn clear(&self, portal: &PortalUrl, dataset: &str) -> Result<(), PortalError> {
        let dir = self.dataset_dir(portal, dataset);
        match std::fs::remove_dir_all(&dir) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(cache_error(&dir, &e)),
        }
    }
}

impl CacheEntry {
    /// The metadata of the cached copy, when there is a complete one.
    pub fn meta(&self) -> Option<CacheMeta> {
        let text = std::fs::read(&self.meta).ok()?;
        let meta: CacheMeta = serde_json::from_slice(&text).ok()?;
        let size = std::fs::metadata(&self.data).ok()?.len();
        (size == meta.bytes).then_some(meta)
    }

    /// A fresh temporary path beside the body, for a download in progress.
    pub fn temporary(&self) -> Result<PathBuf, PortalError> {
        let dir = self.data.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(|e| cache_error(dir, &e))?;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        Ok(self
            .data
            .with_extension(format!("part-{}-{nanos}", std::process::id())))
    }

    /// Replaces the cached copy with the downloaded `temporary` file, then writes `meta`.
    /// Each step is a rename, so a crash never leaves a body with the wrong metadata.
    pub fn commit(&self, temporary: &Path, meta: &CacheMeta) -> Result<(), PortalError> {
        let _ = std::fs::remove_file(&self.meta);
        std::fs::rename(temporary, &self.data).map_err(|e| cache_error(&self.data, &e))?;
        let text =
            serde_json::to_vec_pretty(meta).map_err(|_| PortalError::Cache(ErrorKind::Other))?;
        let tmp = self.meta.with_extension("json.tmp");
        std::fs::write(&tmp, text).map_err(|e| cache_error(&tmp, &e))?;
        std::fs::rename(&tmp, &self.meta).map_err(|e| cache_error(&self.meta, &e))
    }

    /// Marks the cached copy as checked now (after a 304).
    pub fn touch(&self, meta: &CacheMeta) {
        let text = serde_json::to_vec_pretty(meta).unwrap_or_default();
        let tmp = self.meta.with_extension("json.tmp");
        if std::fs::write(&tmp, text).is_ok() {
            let _ = std::fs::rename(&tmp, &self.meta);
        }
    }
}

fn cache_error(path: &Path, error: &std::io::Error) -> PortalError {
    log::debug!("cache: {error}: {}", path.display());
    PortalError::Cache(error.kind())
}

/// A folder name from a host or an id: anything unusual becomes `_`.
fn safe_name(text: &str) -> String {
    let name: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '@') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.is_empty() || name.chars().all(|c| c == '.') {
        "_".into()
    } else {
        name
    }
}

/// FNV-1a: a stable hash, so cache names survive upgrades.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Seconds since 1970, UTC.
pub fn now_s() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// `28/11/2026` from UTC seconds (the date of a cached copy shown on its badge).
pub fn format_day(seconds: i64) -> String {
    crate::i18n::format_date(seconds.div_euclid(86_400))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_replaces_and_meta_checks_the_size() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = PortalCache::new(dir.path());
        let portal = PortalUrl::parse("http://127.0.0.1:9").expect("portal");
        let entry = cache.entry(&portal, "../evil", "url?a=1", "geojson");
        assert!(
            entry.data.starts_with(dir.path()),
            "ids never escape the cache"
        );
        assert!(entry.meta().is_none());
        let tmp = entry.temporary().expect("tmp");
        std::fs::write(&tmp, b"12345").expect("write");
        let meta = CacheMeta {
            url: "url?a=1".into(),
            etag: Some("\"v1\"".into()),
            bytes: 5,
            ..CacheMeta::default()
        };
        entry.commit(&tmp, &meta).expect("commit");
        assert_eq!(entry.meta(), Some(meta.clone()));
        assert_eq!(
            cache.size(&portal, "../evil"),
            5 + std::fs::metadata(&entry.meta).expect("m").len()
        );
        // A body cut short on disk is not trusted.
        std::fs::write(&entry.data, b"123").expect("write");
        assert!(entry.meta().is_none());
        cache.clear(&portal, "../evil").expect("clear");
        assert_eq!(cache.size(&portal, "../evil"), 0);
        assert_eq!(format_day(0), "01/01/1970");
    }
}
