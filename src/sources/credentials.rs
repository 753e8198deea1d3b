//! API keys per portal and PostGIS passwords, kept in the operating system's credential store (Secret Service on Linux,
//! Credential Manager on Windows) — never in the settings, a project, a log line or a URL.

use super::portal::{ApiKey, PortalUrl};
use crate::i18n::tr_args;

/// The service name under which keys are filed in the credential store.
const SERVICE: &str = "Territoire (portail open data)";

fn entry(portal: &PortalUrl) -> Result<keyring::Entry, String> {
    keyring::Entry::new(SERVICE, portal.as_str()).map_err(store_error)
}

/// The store's refusal in the interface language; its own text goes to the log.
fn store_error(error: keyring::Error) -> String {
    log::info!("credential store: {error}");
    let key = match error {
        keyring::Error::NoStorageAccess(_) => "credentials-locked",
        keyring::Error::PlatformFailure(_) => "credentials-unavailable",
        _ => "credentials-refused",
    };
    tr_args(key, &[])
}

/// The key saved for `portal`, when there is one (and the store can be reached).
pub fn api_key(portal: &PortalUrl) -> Option<ApiKey> {
    match entry(portal).and_then(|e| e.get_password().map_err(store_error_or_none)) {
        Ok(secret) => ApiKey::new(&secret),
        Err(message) => {
            if !message.is_empty() {
                log::info!("{message}");
            }
            None
        }
    }
}

/// "No entry" is not an error worth saying; anything else is.
fn store_error_or_none(error: keyring::Error) -> String {
    match error {
        keyring::Error::NoEntry => String::new(),
        other => store_error(other),
    }
}

/// Saves `key` for `portal`; the message says why when the store refuses.
pub fn save_api_key(portal: &PortalUrl, key: &ApiKey) -> Result<(), String> {
    entry(portal)?
        .set_password(key.expose())
        .map_err(store_error)
}

/// Forgets the key of `portal`.
pub fn delete_api_key(portal: &PortalUrl) -> Result<(), String> {
    match entry(portal)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(store_error(e)),
    }
}

/// True when a key is saved for `portal`.
pub fn has_api_key(portal: &PortalUrl) -> bool {
    api_key(portal).is_some()
}

/// The service name under which PostGIS passwords are filed.
const PG_SERVICE: &str = "Territoire (PostGIS)";

/// The password saved for a PostGIS connection (`user@host:port/database`), if any.
pub fn pg_password(key: &str) -> Option<String> {
    let entry = keyring::Entry::new(PG_SERVICE, key)
        .map_err(store_error)
        .ok()?;
    match entry.get_password() {
        Ok(secret) if !secret.is_empty() => Some(secret),
        Ok(_) | Err(keyring::Error::NoEntry) => None,
        Err(e) => {
            log::info!("{}", store_error(e));
            None
        }
    }
}

/// Saves the password of a PostGIS connection.
pub fn save_pg_password(key: &str, password: &str) -> Result<(), String> {
    keyring::Entry::new(PG_SERVICE, key)
        .map_err(store_error)?
        .set_password(password)
        .map_err(store_error)
}

/// Forgets the password of a PostGIS connection.
pub fn delete_pg_password(key: &str) -> Result<(), String> {
    match keyring::Entry::new(PG_SERVICE, key)
        .map_err(store_error)?
        .delete_credential()
    {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(store_error(e)),
    }
}
