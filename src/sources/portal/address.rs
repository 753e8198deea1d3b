//! Turns what a user pastes (a dataset page URL, an API URL, a bare id) into a portal and a dataset id.

use reqwest::Url;

use super::PortalError;

/// The portal used when none is given.
pub const DEFAULT_PORTAL: &str = "https://data.angers.fr";

/// A portal's base address, checked: `https` only, except on a loopback address.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PortalUrl(Url);

impl PortalUrl {
    /// Checks and normalises `text` (`data.angers.fr`, `https://host/`, `http://127.0.0.1:8765`).
    pub fn parse(text: &str) -> Result<Self, PortalError> {
        let trimmed = text.trim().trim_end_matches('/');
        let with_scheme = if trimmed.contains("://") {
            trimmed.to_string()
        } else {
            format!("https://{trimmed}")
        };
        let mut url =
            Url::parse(&with_scheme).map_err(|_| PortalError::BadAddress(text.trim().into()))?;
        if url.host_str().is_none_or(str::is_empty) {
            return Err(PortalError::BadAddress(text.trim().into()));
        }
        match url.scheme() {
            "https" => {}
            "http" if is_loopback(&url) => {}
            _ => return Err(PortalError::NotHttps(text.trim().into())),
        }
        url.set_path("");
        // Credentials typed into the address stay out of settings, projects and logs.
        let _ = url.set_username("");
        let _ = url.set_password(None);
        url.set_query(None);
        url.set_fragment(None);
        Ok(Self(url))
    }

    /// `https://host[:port]` without a trailing slash.
    pub fn as_str(&self) -> &str {
        self.0.as_str().trim_end_matches('/')
    }

    /// The host name, used to name cache folders and credential entries.
    pub fn host(&self) -> String {
        match self.0.port() {
            Some(port) => format!("{}_{port}", self.0.host_str().unwrap_or_default()),
            None => self.0.host_str().unwrap_or_default().to_string(),
        }
    }

    /// The URL of an API path under `/api/explore/v2.1/`.
    pub fn api(&self, path: &str) -> Result<Url, PortalError> {
        let text = format!("{}/api/explore/v2.1/{}", self.as_str(), path);
        Url::parse(&text).map_err(|_| PortalError::BadAddress(text))
    }
}

impl std::fmt::Display for PortalUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// A dataset on a portal.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DatasetRef {
    /// The portal.
    pub portal: PortalUrl,
    /// The dataset identifier (`ref_loc_adresse`).
    pub id: String,
}

/// Reads a pasted reference. A bare id (`ref_loc_adresse`) is taken on `default_portal`;
/// URLs name their own portal: `…/explore/dataset/<id>/…`, `…/api/explore/v2.1/catalog/datasets/<id>/…`,
/// and the v1 API `…/api/records/1.0/search/?dataset=<id>`.
pub fn parse_dataset_ref(
    text: &str,
    default_portal: &PortalUrl,
) -> Result<DatasetRef, PortalError> {
    let text = text.trim();
    if is_dataset_id(text) {
        return Ok(DatasetRef {
            portal: default_portal.clone(),
            id: text.to_string(),
        });
    }
    let url = Url::parse(text).map_err(|_| PortalError::BadAddress(text.into()))?;
    let portal = PortalUrl::parse(&format!(
        "{}://{}",
        url.scheme(),
        &url[url::Position::BeforeHost..url::Position::AfterPort]
    ))?;
    let segments: Vec<&str> = url
        .path_segments()
        .map(Iterator::collect)
        .unwrap_or_default();
    let after = |word: &str| {
        segments
            .windows(2)
            .find(|w| w[0] == word)
            .map(|w| w[1].to_string())
    };
    let id = after("dataset")
        .or_else(|| after("datasets"))
        .or_else(|| {
            url.query_pairs()
                .find(|(k, _)| k == "dataset")
                .map(|(_, v)| v.into_owned())
        })
        .filter(|id| is_dataset_id(id))
        .ok_or_else(|| PortalError::BadAddress(text.into()))?;
    Ok(DatasetRef { portal, id })
}

/// Dataset ids are made of letters, digits, `-`, `_` and `@` (shared datasets: `id@domain`).
pub fn is_dataset_id(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 200
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '@' | '.'))
        && !text.contains("..")
        && text.chars().any(|c| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn angers() -> PortalUrl {
        PortalUrl::parse(DEFAULT_PORTAL).expect("default portal")
    }

    #[test]
    fn bare_ids_use_the_default_portal() {
        let r = parse_dataset_ref(" ref_loc_adresse ", &angers()).expect("id");
        assert_eq!(r.id, "ref_loc_adresse");
        assert_eq!(r.portal.as_str(), "https://data.angers.fr");
    }

    #[test]
    fn dataset_page_urls_copied_from_a_browser() {
        let r = parse_dataset_ref(
            "https://data.angers.fr/explore/dataset/patri_hist_merimee/map/?location=13,47.47,-0.55",
            &angers(),
        )
        .expect("page");
        assert_eq!(r.id, "patri_hist_merimee");
        let other = PortalUrl::parse("https://example.org").expect("portal");
        let r = parse_dataset_ref(
            "https://angersloiremetropole.opendatasoft.com/explore/dataset/parking-angers/table/",
            &other,
        )
        .expect("page");
        assert_eq!(
            r.portal.as_str(),
            "https://angersloiremetropole.opendatasoft.com"
        );
        assert_eq!(r.id, "parking-angers");
    }

    #[test]
    fn api_urls_v2_and_v1() {
        let r = parse_dataset_ref(
            "https://data.angers.fr/api/explore/v2.1/catalog/datasets/ref_loc_adresse/records?limit=20",
            &angers(),
        )
        .expect("v2.1");
        assert_eq!(r.id, "ref_loc_adresse");
        let r = parse_dataset_ref(
            "https://data.angers.fr/api/records/1.0/search/?dataset=info-travaux&rows=10",
            &angers(),
        )
        .expect("v1");
        assert_eq!(r.id, "info-travaux");
    }

    #[test]
    fn only_https_except_loopback() {
        assert!(matches!(
            PortalUrl::parse("http://data.angers.fr"),
            Err(PortalError::NotHttps(_))
        ));
        assert!(PortalUrl::parse("http://127.0.0.1:8765/").is_ok());
        assert!(PortalUrl::parse("http://localhost:8765").is_ok());
        assert!(PortalUrl::parse("http://[::1]:8765").is_ok());
        assert!(matches!(
            PortalUrl::parse("ftp://data.angers.fr"),
            Err(PortalError::NotHttps(_))
        ));
        let p = PortalUrl::parse("data.angers.fr/").expect("no scheme");
        assert_eq!(p.as_str(), "https://data.angers.fr");
        assert_eq!(
            p.api("catalog/datasets").expect("api").as_str(),
            "https://data.angers.fr/api/explore/v2.1/catalog/datasets"
        );
    }

    #[test]
    fn garbage_is_a_clear_error() {
        for text in [
            "",
            "   ",
            "https://data.angers.fr/",
            "a b",
            "../etc",
            "https://",
        ] {
            assert!(parse_dataset_ref(text, &angers()).is_err(), "{text:?}");
        }
    }
}
