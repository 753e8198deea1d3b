//! Distances as people type them: "300", "1 500 m", "1,5 km".

/// A distance typed in metres ("300", "1 500", "1,5 km").
pub fn parse_metres(text: &str) -> Option<f64> {
    let t = text
        .trim()
        .to_lowercase()
        .replace([' ', '\u{202f}', '\u{a0}'], "");
    let (number, factor) = match t.strip_suffix("km") {
        Some(n) => (n.to_owned(), 1000.0),
        None => (t.trim_end_matches('m').to_owned(), 1.0),
    };
    let value: f64 = number.replace(',', ".").parse().ok()?;
    (value.is_finite() && value >= 0.0).then_some(value * factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_as_typed() {
        assert_eq!(parse_metres("300"), Some(300.0));
        assert_eq!(parse_metres(" 1 500 m"), Some(1500.0));
        assert_eq!(parse_metres("1,5 km"), Some(1500.0));
        assert_eq!(parse_metres("trois cents"), None);
        assert_eq!(parse_metres("-5"), None);
    }
}
