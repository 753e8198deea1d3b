//! API keys per portal, kept in the operating system's credential store (never in files or logs).

use super::portal::{ApiKey, PortalUrl};

/// The key saved for `portal`, when there is one.
pub fn api_key(portal: &PortalUrl) -> Option<ApiKey> {
    let _ = portal;
    None
}
