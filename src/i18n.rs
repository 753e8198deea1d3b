//! User-visible text: French and English strings from `assets/locales`, looked up by key.

use std::collections::HashMap;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};

/// A language of the interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// French, the default.
    #[default]
    Fr,
    /// English.
    En,
}

impl Language {
    /// Every language, in menu order.
    pub const ALL: [Language; 2] = [Language::Fr, Language::En];

    /// The language's own name.
    pub fn native_name(self) -> &'static str {
        match self {
            Self::Fr => "Français",
            Self::En => "English",
        }
    }
}

/// The locale files, embedded so that the binary works from any folder.
pub const FR_SOURCE: &str = include_str!("../assets/locales/fr.toml");
/// English strings.
pub const EN_SOURCE: &str = include_str!("../assets/locales/en.toml");

static CURRENT: AtomicU8 = AtomicU8::new(0);

/// Parses a flat `key = "text"` locale file.
pub fn parse_locale(source: &str) -> HashMap<String, String> {
    toml::from_str::<HashMap<String, String>>(source).unwrap_or_else(|e| {
        log::error!("locale file unreadable: {e}");
        HashMap::new()
    })
}

fn table(language: Language) -> &'static HashMap<String, String> {
    static FR: OnceLock<HashMap<String, String>> = OnceLock::new();
    static EN: OnceLock<HashMap<String, String>> = OnceLock::new();
    match language {
        Language::Fr => FR.get_or_init(|| parse_locale(FR_SOURCE)),
        Language::En => EN.get_or_init(|| parse_locale(EN_SOURCE)),
    }
}

/// Sets the language used by [`tr`] from now on.
pub fn set_language(language: Language) {
    CURRENT.store(language as u8, Ordering::Relaxed);
}

/// The current language.
pub fn language() -> Language {
    match CURRENT.load(Ordering::Relaxed) {
        1 => Language::En,
        _ => Language::Fr,
    }
}

/// The text for `key` in the current language (falls back to French, then to the key itself).
pub fn tr(key: &str) -> String {
    table(language())
        .get(key)
        .or_else(|| table(Language::Fr).get(key))
        .cloned()
        .unwrap_or_else(|| key.to_owned())
}

/// The text for `key` with `{name}` placeholders replaced.
pub fn tr_args(key: &str, args: &[(&str, &str)]) -> String {
    let mut text = tr(key);
    for (name, value) in args {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_the_same_keys() {
        let fr = parse_locale(FR_SOURCE);
        let en = parse_locale(EN_SOURCE);
        assert!(fr.len() > 20, "French locale has {} keys", fr.len());
        let mut missing: Vec<_> = fr.keys().filter(|k| !en.contains_key(*k)).collect();
        missing.extend(en.keys().filter(|k| !fr.contains_key(*k)));
        assert!(missing.is_empty(), "keys in one language only: {missing:?}");
    }

    #[test]
    fn placeholders_are_replaced() {
        let text = tr_args("issue-null-geometry", &[("count", "3")]);
        assert!(text.contains('3') && !text.contains("{count}"), "{text}");
    }
}
