//! User-visible text: French and English strings from `assets/locales`, looked up by key.

mod format;

pub use format::{
    format_count, format_date, format_date_in, format_date_time, format_decimal, format_integer,
    format_integer_in, format_number, format_number_in, parse_number,
};

use std::collections::HashMap;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Mutex, OnceLock};

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

/// Sets the language used by [`tr`] from now on; inside [`in_language`], for that thread until
/// it returns (a test's window switching language leaves the other tests' windows alone).
pub fn set_language(language: Language) {
    let scoped = THREAD_LANGUAGE.with(|l| {
        let inside = l.get().is_some();
        if inside {
            l.set(Some(language));
        }
        inside
    });
    if !scoped {
        CURRENT.store(language as u8, Ordering::Relaxed);
    }
}

thread_local! {
    /// A language for this thread only, set by [`in_language`].
    static THREAD_LANGUAGE: std::cell::Cell<Option<Language>> = const { std::cell::Cell::new(None) };
}

/// The current language.
pub fn language() -> Language {
    if let Some(language) = THREAD_LANGUAGE.with(std::cell::Cell::get) {
        return language;
    }
    match CURRENT.load(Ordering::Relaxed) {
        1 => Language::En,
        _ => Language::Fr,
    }
}

/// Runs `make` with `language` as the language of this thread only: texts made for another
/// reader (a test checking both languages) without changing the interface's.
pub fn in_language<T>(language: Language, make: impl FnOnce() -> T) -> T {
    let before = THREAD_LANGUAGE.with(|l| l.replace(Some(language)));
    let made = make();
    THREAD_LANGUAGE.with(|l| l.set(before));
    made
}

/// Keys asked for that no locale file has, in the order first asked.
static MISSING: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// The text for `key` in the current language (falls back to French, then to the key itself,
/// which is remembered: see [`missing_keys`]).
pub fn tr(key: &str) -> String {
    match lookup(key) {
        Some(text) => text.clone(),
        None => {
            note_missing(key);
            key.to_owned()
        }
    }
}

fn lookup(key: &str) -> Option<&'static String> {
    table(language())
        .get(key)
        .or_else(|| table(Language::Fr).get(key))
}

fn note_missing(key: &str) {
    if let Ok(mut missing) = MISSING.lock()
        && !missing.iter().any(|k| k == key)
    {
        log::debug!("no text for the key {key}");
        missing.push(key.to_owned());
    }
}

/// Whether a locale file has a text for `key`.
pub fn has_key(key: &str) -> bool {
    lookup(key).is_some()
}

/// The keys asked for since the start that no locale file has (for tests and diagnostics).
pub fn missing_keys() -> Vec<String> {
    MISSING.lock().map(|m| m.clone()).unwrap_or_default()
}

/// The text for `key` with `{name}` placeholders replaced.
pub fn tr_args(key: &str, args: &[(&str, &str)]) -> String {
    let mut text = tr(key);
    for (name, value) in args {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

/// Whether `n` takes the singular in `lang`: French uses it for 0 and 1, English for 1 only.
pub fn is_singular(n: u64, lang: Language) -> bool {
    match lang {
        Language::Fr => n <= 1,
        Language::En => n == 1,
    }
}

/// The text for a count: `{key}-one` or `{key}-other` by the plural rule of the current language
/// (plain `key` when the locale has no plural forms for it), with `{count}` replaced by `n`
/// written in the interface language, and the other `{name}` placeholders by `args`.
pub fn tr_count(key: &str, n: u64, args: &[(&str, &str)]) -> String {
    let form = if is_singular(n, language()) {
        "one"
    } else {
        "other"
    };
    let plural_key = format!("{key}-{form}");
    let chosen = if has_key(&plural_key) {
        plural_key.as_str()
    } else {
        key
    };
    let count = format_count(n);
    let mut all: Vec<(&str, &str)> = vec![("count", &count)];
    all.extend_from_slice(args);
    tr_args(chosen, &all)
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
    fn plural_rules_differ_between_french_and_english() {
        assert!(is_singular(0, Language::Fr) && is_singular(1, Language::Fr));
        assert!(!is_singular(2, Language::Fr));
        assert!(!is_singular(0, Language::En) && is_singular(1, Language::En));
    }

    #[test]
    fn every_plural_key_has_both_forms() {
        for source in [FR_SOURCE, EN_SOURCE] {
            let table = parse_locale(source);
            for (key, text) in &table {
                let pair = match key.strip_suffix("-one") {
                    Some(stem) if text.contains("{count}") => format!("{stem}-other"),
                    _ => continue,
                };
                assert!(table.contains_key(&pair), "{key} without {pair}");
            }
        }
    }

    #[test]
    fn counts_choose_their_plural_form() {
        let fr = |n| in_language(Language::Fr, || tr_count("portal-count", n, &[]));
        let en = |n| in_language(Language::En, || tr_count("portal-count", n, &[]));
        assert_eq!(fr(0), "0 jeu de données");
        assert_eq!(fr(1), "1 jeu de données");
        assert_eq!(fr(2), "2 jeux de données");
        assert_eq!(fr(20_583), "20\u{202f}583 jeux de données");
        assert_eq!(en(0), "0 datasets");
        assert_eq!(en(1), "1 dataset");
        assert_eq!(en(20_583), "20,583 datasets");
    }

    #[test]
    fn a_missing_key_is_remembered() {
        let absent = "no-such-key-in-any-locale";
        assert_eq!(tr(absent), absent);
        assert!(missing_keys().contains(&"no-such-key-in-any-locale".to_string()));
        assert!(!has_key("no-such-key-in-any-locale") && has_key("err-cancelled"));
    }

    #[test]
    fn placeholders_are_replaced() {
        let text = in_language(Language::Fr, || tr_count("issue-null-geometry", 3, &[]));
        assert!(text.contains('3') && !text.contains("{count}"), "{text}");
    }
}
