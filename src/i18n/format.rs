//! Numbers and dates written the way readers of the interface language expect them.
//!
//! French groups thousands with a narrow no-break space (U+202F) and writes a decimal comma;
//! English groups with a comma and writes a decimal point. Dates are `07/12/2026` in French and
//! `2026-12-07` in English. File formats (CSV exports) keep their own dialect: these functions
//! are for display only.

use super::{Language, language};

/// The thousands separator of `lang`.
fn thousands(lang: Language) -> char {
    match lang {
        Language::Fr => '\u{202f}',
        Language::En => ',',
    }
}

/// The decimal separator of `lang`.
fn decimal_mark(lang: Language) -> char {
    match lang {
        Language::Fr => ',',
        Language::En => '.',
    }
}

/// `digits` (ASCII digits only) with `separator` between groups of three.
fn group(digits: &str, separator: char) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

/// A whole number in `lang`: `20 583` (French) or `20,583` (English).
pub fn format_integer_in(n: i64, lang: Language) -> String {
    let grouped = group(&n.unsigned_abs().to_string(), thousands(lang));
    if n < 0 {
        format!("-{grouped}")
    } else {
        grouped
    }
}

/// A count in the interface language: `20 583` (French) or `20,583` (English).
pub fn format_count(n: u64) -> String {
    group(&n.to_string(), thousands(language()))
}

/// A whole number (possibly negative) in the interface language.
pub fn format_integer(n: i64) -> String {
    format_integer_in(n, language())
}

/// `x` with `decimals` digits after the mark, thousands grouped: `1 234,5` or `1,234.5`.
pub fn format_number_in(x: f64, decimals: usize, lang: Language) -> String {
    if !x.is_finite() {
        return if x.is_nan() {
            "–".into()
        } else {
            "∞".into()
        };
    }
    let text = format!("{:.decimals$}", x.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let mut out = group(whole, thousands(lang));
    if !fraction.is_empty() {
        out.push(decimal_mark(lang));
        out.push_str(fraction);
    }
    // "-0,0" reads oddly: a value that rounds to zero has no sign.
    let is_zero = out.chars().all(|c| !c.is_ascii_digit() || c == '0');
    if x < 0.0 && !is_zero {
        out.insert(0, '-');
    }
    out
}

/// `x` with `decimals` digits in the interface language.
pub fn format_number(x: f64, decimals: usize) -> String {
    format_number_in(x, decimals, language())
}

/// `x` as short as it can be written, with the decimal mark of the interface and no grouping:
/// `12,5` or `12.5`, for values the user may edit and that [`parse_number`] reads back.
pub fn format_decimal(x: f64) -> String {
    let text = format!("{x}");
    match language() {
        Language::Fr => text.replace('.', ","),
        Language::En => text,
    }
}

/// A number as typed in the interface language: French `1 234,5` (spaces of any kind group,
/// the comma is the decimal mark; a point is read as one too), English `1,234.5`.
pub fn parse_number(text: &str) -> Option<f64> {
    let compact: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    let plain = match language() {
        Language::Fr => compact.replace(',', "."),
        Language::En => compact.replace(',', ""),
    };
    plain.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// A calendar day, `days` since 1970-01-01: `07/12/2026` (French) or `2026-12-07` (English).
pub fn format_date_in(days: i64, lang: Language) -> String {
    let (y, m, d) = crate::calendar::civil_from_days(days);
    match lang {
        Language::Fr => format!("{d:02}/{m:02}/{y}"),
        Language::En => format!("{y:04}-{m:02}-{d:02}"),
    }
}

/// A calendar day in the interface language.
pub fn format_date(days: i64) -> String {
    format_date_in(days, language())
}

/// A moment, `seconds` since 1970-01-01 UTC, to the minute: `07/12/2026 14:05` or
/// `2026-12-07 14:05`.
pub fn format_date_time(seconds: i64) -> String {
    let in_day = seconds.rem_euclid(86_400);
    format!(
        "{} {:02}:{:02}",
        format_date(seconds.div_euclid(86_400)),
        in_day / 3600,
        in_day % 3600 / 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_both_languages() {
        assert_eq!(format_integer_in(20_583, Language::Fr), "20\u{202f}583");
        assert_eq!(format_integer_in(20_583, Language::En), "20,583");
        assert_eq!(format_integer_in(-1_234_567, Language::En), "-1,234,567");
        assert_eq!(format_integer_in(999, Language::Fr), "999");
        assert_eq!(format_number_in(1234.56, 1, Language::Fr), "1\u{202f}234,6");
        assert_eq!(format_number_in(1234.56, 1, Language::En), "1,234.6");
        assert_eq!(format_number_in(-0.04, 1, Language::En), "0.0");
        assert_eq!(format_number_in(-2.5, 0, Language::Fr), "-2");
        assert_eq!(format_number_in(f64::NAN, 2, Language::Fr), "–");
    }

    #[test]
    fn typed_numbers_round_trip_in_both_languages() {
        for lang in [Language::Fr, Language::En] {
            crate::i18n::in_language(lang, || {
                assert_eq!(parse_number(&format_decimal(1234.5)), Some(1234.5));
                assert_eq!(parse_number(&format_number(1234.5, 1)), Some(1234.5));
            });
        }
        let fr = crate::i18n::in_language(Language::Fr, || parse_number("12,5"));
        let en = crate::i18n::in_language(Language::En, || parse_number("1,234.5"));
        assert_eq!((fr, en), (Some(12.5), Some(1234.5)));
    }

    #[test]
    fn dates_in_both_languages() {
        let day = crate::calendar::days_from_civil(2026, 12, 7);
        assert_eq!(format_date_in(day, Language::Fr), "07/12/2026");
        assert_eq!(format_date_in(day, Language::En), "2026-12-07");
    }
}
