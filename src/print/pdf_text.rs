//! Reads back the lines of text of a PDF written by [`super::pdf`]: the shown character ids
//! decoded through the font's ToUnicode map, so that checks (and tests) see what a reader copies.

use std::collections::HashMap;
use std::io::Read;

/// The lines of text a page written by this module shows, in drawing order (`None` when the
/// bytes are not such a page).
pub fn text_lines(pdf: &[u8]) -> Option<Vec<String>> {
    let objects = objects(pdf);
    let find = |key: &str| {
        objects
            .values()
            .find_map(|(dict, _)| reference_after(dict, key))
    };
    let to_unicode = objects.get(&find("/ToUnicode")?)?.1.as_deref()?;
    let content = objects.get(&find("/Contents")?)?.1.as_deref()?;
    let map = unicode_map(&String::from_utf8_lossy(to_unicode));
    let content = String::from_utf8_lossy(content).into_owned();
    let lines = shown_strings(&content)
        .into_iter()
        .map(|bytes| {
            bytes
                .chunks(2)
                .map(|pair| {
                    let cid = u16::from_be_bytes([pair[0], *pair.get(1).unwrap_or(&0)]);
                    map.get(&cid).cloned().unwrap_or_else(|| "\u{fffd}".into())
                })
                .collect()
        })
        .collect();
    Some(lines)
}

/// Every object: its dictionary's text and its stream, inflated when compressed.
fn objects(pdf: &[u8]) -> HashMap<u32, (String, Option<Vec<u8>>)> {
    let mut out = HashMap::new();
    let mut from = 0;
    while let Some(found) = find(&pdf[from..], b" 0 obj") {
        let start = from + found;
        let number_at = pdf[..start]
            .iter()
            .rposition(|b| !b.is_ascii_digit())
            .map_or(0, |k| k + 1);
        let end = find(&pdf[start..], b"endobj").map_or(pdf.len(), |k| start + k);
        let number = std::str::from_utf8(&pdf[number_at..start])
            .ok()
            .and_then(|n| n.parse::<u32>().ok());
        let stream_at = find(&pdf[start..], b"stream\n").map(|k| start + k);
        let (dict, stream) = match stream_at.filter(|&k| k < end) {
            Some(k) => {
                let dict = String::from_utf8_lossy(&pdf[start..k]).into_owned();
                // The stream's declared length: binary data may hold any word.
                let length = reference_after(&dict, "/Length").unwrap_or(0) as usize;
                let data = &pdf[k + 7..(k + 7 + length).min(pdf.len())];
                from = k + 7 + data.len();
                (dict, Some(data.to_vec()))
            }
            None => {
                from = end;
                (String::from_utf8_lossy(&pdf[start..end]).into_owned(), None)
            }
        };
        let Some(number) = number else {
            continue;
        };
        let stream = stream.map(|data| {
            if dict.contains("/FlateDecode") {
                let mut out = Vec::new();
                let _ = flate2::read::ZlibDecoder::new(data.as_slice()).read_to_end(&mut out);
                out
            } else {
                data
            }
        });
        out.insert(number, (dict, stream));
    }
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The object number of `key N 0 R` in a dictionary.
fn reference_after(dict: &str, key: &str) -> Option<u32> {
    let at = dict
        .match_indices(key)
        .map(|(k, _)| k + key.len())
        .find(|&k| dict[k..].starts_with(char::is_whitespace))?;
    dict[at..].split_whitespace().next()?.parse().ok()
}

/// `<CID> <UTF-16BE>` pairs of a ToUnicode map.
fn unicode_map(cmap: &str) -> HashMap<u16, String> {
    let mut out = HashMap::new();
    for line in cmap.lines() {
        let parts: Vec<&str> = line
            .split(['<', '>'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        if let [cid, text] = parts.as_slice()
            && let (Some(cid), Some(units)) = (hex(cid), hex(text))
            && cid.len() == 2
        {
            let units: Vec<u16> = units
                .chunks(2)
                .map(|p| u16::from_be_bytes([p[0], *p.get(1).unwrap_or(&0)]))
                .collect();
            out.insert(
                u16::from_be_bytes([cid[0], cid[1]]),
                String::from_utf16_lossy(&units),
            );
        }
    }
    out
}

fn hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|k| u8::from_str_radix(&text[k..k + 2], 16).ok())
        .collect()
}

/// The strings shown with `Tj`, hexadecimal `<…>` or literal `(…)`.
fn shown_strings(content: &str) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let bytes = content.as_bytes();
    let mut k = 0;
    while k < bytes.len() {
        let (string, next) = match bytes[k] {
            b'<' if bytes.get(k + 1) != Some(&b'<') => {
                let end = content[k..].find('>').map_or(bytes.len(), |e| k + e);
                (hex(&content[k + 1..end]), end + 1)
            }
            b'(' => literal(bytes, k + 1),
            _ => (None, k + 1),
        };
        if let Some(string) = string
            && content[next.min(bytes.len())..]
                .trim_start()
                .starts_with("Tj")
        {
            out.push(string);
        }
        k = next;
    }
    out
}

/// A literal string starting after its `(`: its bytes and the index after its `)`.
fn literal(bytes: &[u8], mut k: usize) -> (Option<Vec<u8>>, usize) {
    let (mut out, mut depth) = (Vec::new(), 0);
    while let Some(&b) = bytes.get(k) {
        k += 1;
        match b {
            b'\\' => {
                let Some(&e) = bytes.get(k) else { break };
                k += 1;
                match e {
                    b'n' => out.push(b'\n'),
                    b'r' => out.push(b'\r'),
                    b't' => out.push(b'\t'),
                    b'b' => out.push(8),
                    b'f' => out.push(12),
                    b'0'..=b'7' => {
                        let mut v = u32::from(e - b'0');
                        for _ in 0..2 {
                            match bytes.get(k) {
                                Some(&d @ b'0'..=b'7') => {
                                    v = v * 8 + u32::from(d - b'0');
                                    k += 1;
                                }
                                _ => break,
                            }
                        }
                        out.push((v & 0xff) as u8);
                    }
                    other => out.push(other),
                }
            }
            b'(' => {
                depth += 1;
                out.push(b);
            }
            b')' if depth == 0 => return (Some(out), k),
            b')' => {
                depth -= 1;
                out.push(b);
            }
            _ => out.push(b),
        }
    }
    (None, k)
}
