//! The order names are listed in: accents and case folded, runs of digits by their value ("Zone 2" before "Zone 10", "Écouflant" among the E).

use std::cmp::Ordering;

use super::eval::fold;

/// Compares two names as a reader sorts them. Equal folded names fall back to the plain text,
/// so the order is total and stable.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (fa, fb) = (fold(a), fold(b));
    let (mut x, mut y) = (fa.as_str(), fb.as_str());
    loop {
        match (x.chars().next(), y.chars().next()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let (n, rest_x) = digits(x);
                let (m, rest_y) = digits(y);
                let order = by_value(n, m);
                if order != Ordering::Equal {
                    return order;
                }
                (x, y) = (rest_x, rest_y);
            }
            (Some(c), Some(d)) => {
                if c != d {
                    return c.cmp(&d);
                }
                (x, y) = (&x[c.len_utf8()..], &y[d.len_utf8()..]);
            }
        }
    }
}

/// The leading run of ASCII digits of `text`, and what follows it.
fn digits(text: &str) -> (&str, &str) {
    let end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    text.split_at(end)
}

/// Two runs of digits by value, without parsing (any length): leading zeros aside, the longer
/// is the larger; then digit by digit; then the one with fewer leading zeros first.
fn by_value(n: &str, m: &str) -> Ordering {
    let (tn, tm) = (n.trim_start_matches('0'), m.trim_start_matches('0'));
    tn.len()
        .cmp(&tm.len())
        .then_with(|| tn.cmp(tm))
        .then_with(|| n.len().cmp(&m.len()))
}

#[cfg(test)]
mod tests {
    use super::natural_cmp;

    fn sorted(names: &[&str]) -> Vec<String> {
        let mut out: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        out.sort_by(|a, b| natural_cmp(a, b));
        out
    }

    #[test]
    fn numbers_sort_by_value_and_accents_fold() {
        assert_eq!(
            sorted(&["Zone 10", "Zone 2", "Zone 1", "Zone 11"]),
            ["Zone 1", "Zone 2", "Zone 10", "Zone 11"]
        );
        assert_eq!(
            sorted(&["Trélazé", "Écouflant", "Avrillé", "Angers", "ecouflant"]),
            ["Angers", "Avrillé", "ecouflant", "Écouflant", "Trélazé"]
        );
        assert_eq!(
            sorted(&[
                "IRIS 0102",
                "IRIS 102",
                "IRIS 2",
                "IRIS 99999999999999999999999"
            ]),
            [
                "IRIS 2",
                "IRIS 102",
                "IRIS 0102",
                "IRIS 99999999999999999999999"
            ]
        );
        assert_eq!(sorted(&["", "a", "A"]), ["", "A", "a"]);
    }
}
