//! The only door to PROJ: names a source CRS and reprojects coordinates to WGS84 in place.

use proj::Proj;

use super::SourceError;
use crate::jobs::Progress;

/// Coordinates per PROJ call; also how often progress and cancellation are checked.
const CHUNK: usize = 16_384;

/// True when `definition` already means longitude/latitude on WGS84 (no work to do).
pub fn is_wgs84(definition: &str) -> bool {
    let d = definition.trim().to_ascii_uppercase();
    matches!(
        d.as_str(),
        "EPSG:4326" | "OGC:CRS84" | "CRS84" | "WGS84" | "URN:OGC:DEF:CRS:OGC:1.3:CRS84"
    ) || d.ends_with("EPSG::4326")
}

/// Normalises the spellings found in files (`urn:ogc:def:crs:EPSG::2154`, `EPSG:2154`, `2154`) to `EPSG:2154`.
pub fn normalize(definition: &str) -> String {
    let d = definition.trim();
    if let Some(code) = d.rsplit("EPSG::").next().filter(|_| d.contains("EPSG::")) {
        return format!("EPSG:{code}");
    }
    if d.bytes().all(|b| b.is_ascii_digit()) && !d.is_empty() {
        return format!("EPSG:{d}");
    }
    if d.to_ascii_uppercase().contains("CRS84") {
        return "OGC:CRS84".into();
    }
    d.to_owned()
}

/// A short label for a CRS definition: `EPSG:xxxx` as is, else the name inside a WKT.
pub fn label(definition: &str) -> String {
    let d = definition.trim();
    if let Some(start) = d.find('"')
        && let Some(len) = d[start + 1..].find('"')
        && d[..start].contains('[')
    {
        let name = &d[start + 1..start + 1 + len];
        return match name {
            "RGF93_Lambert_93" | "RGF93 v1 / Lambert-93" | "RGF93 / Lambert-93" => {
                "EPSG:2154".into()
            }
            "GCS_WGS_1984" | "WGS 84" => "EPSG:4326".into(),
            _ => name.to_owned(),
        };
    }
    normalize(d)
}

/// Checks that PROJ knows `definition` (EPSG code, WKT of any flavour, PROJ string).
pub fn validate(definition: &str) -> Result<(), SourceError> {
    if is_wgs84(definition) {
        return Ok(());
    }
    transformer(definition).map(|_| ())
}

fn transformer(definition: &str) -> Result<Proj, SourceError> {
    Proj::new_known_crs(definition, "EPSG:4326", None).map_err(|e| {
        log::debug!("PROJ refuses {definition}: {e}");
        SourceError::Crs(label(definition))
    })
}

/// Reprojects `coords` from `definition` to WGS84 longitude/latitude, using both cores.
///
/// Points PROJ cannot convert become NaN (and are then counted as invalid by the caller).
pub fn to_wgs84(
    definition: &str,
    coords: &mut [[f64; 2]],
    progress: &Progress,
) -> Result<(), SourceError> {
    if is_wgs84(definition) || coords.is_empty() {
        return Ok(());
    }
    validate(definition)?;
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(4);
    let per_thread = coords.len().div_ceil(threads).max(CHUNK);
    std::thread::scope(|scope| {
        let workers: Vec<_> = coords
            .chunks_mut(per_thread)
            .map(|slice| scope.spawn(move || convert_slice(definition, slice, progress)))
            .collect();
        workers.into_iter().try_for_each(|w| {
            w.join()
                .unwrap_or(Err(SourceError::format("err-internal", &[])))
        })
    })
}

/// Each thread makes its own `Proj`: the type is not `Send`.
fn convert_slice(
    definition: &str,
    slice: &mut [[f64; 2]],
    progress: &Progress,
) -> Result<(), SourceError> {
    let proj = transformer(definition)?;
    let mut buffer: Vec<(f64, f64)> = Vec::with_capacity(CHUNK);
    for chunk in slice.chunks_mut(CHUNK) {
        if progress.is_cancelled() {
            return Err(SourceError::Cancelled);
        }
        buffer.clear();
        buffer.extend(chunk.iter().map(|c| (c[0], c[1])));
        if proj.convert_array(&mut buffer).is_err() {
            // One bad point fails the whole array: redo this chunk point by point.
            for (c, b) in chunk.iter().zip(buffer.iter_mut()) {
                *b = proj.convert((c[0], c[1])).unwrap_or((f64::NAN, f64::NAN));
            }
        }
        for (c, b) in chunk.iter_mut().zip(&buffer) {
            *c = [b.0, b.1];
        }
        progress.add_done(chunk.len() as u64);
    }
    Ok(())
}

/// Converts one WGS84 position to `definition` (the cursor readout); `None` when PROJ cannot.
pub struct PointConverter {
    proj: Proj,
}

impl PointConverter {
    /// A converter from WGS84 longitude/latitude to `definition`.
    pub fn from_wgs84(definition: &str) -> Result<Self, SourceError> {
        Proj::new_known_crs("EPSG:4326", definition, None)
            .map(|proj| Self { proj })
            .map_err(|e| {
                log::debug!("PROJ refuses {definition}: {e}");
                SourceError::Crs(label(definition))
            })
    }

    /// The converted `[x, y]`.
    pub fn convert(&self, lon_lat: [f64; 2]) -> Option<[f64; 2]> {
        self.proj
            .convert((lon_lat[0], lon_lat[1]))
            .ok()
            .map(|(x, y)| [x, y])
    }
}

/// Systems suggested for coordinates in metres, with where their coordinates fall over their
/// territory: `[min_x, min_y, max_x, max_y]`.
const SUGGESTIONS: [(&str, [f64; 4]); 16] = [
    (
        "EPSG:2154",
        [50_000.0, 6_000_000.0, 1_300_000.0, 7_200_000.0],
    ),
    (
        "EPSG:27572",
        [50_000.0, 1_600_000.0, 1_250_000.0, 2_750_000.0],
    ),
    (
        "EPSG:3942",
        [1_300_000.0, 1_050_000.0, 2_400_000.0, 1_350_000.0],
    ),
    (
        "EPSG:3943",
        [1_300_000.0, 2_050_000.0, 2_400_000.0, 2_350_000.0],
    ),
    (
        "EPSG:3944",
        [1_300_000.0, 3_050_000.0, 2_400_000.0, 3_350_000.0],
    ),
    (
        "EPSG:3945",
        [1_300_000.0, 4_050_000.0, 2_400_000.0, 4_350_000.0],
    ),
    (
        "EPSG:3946",
        [1_300_000.0, 5_050_000.0, 2_400_000.0, 5_350_000.0],
    ),
    (
        "EPSG:3947",
        [1_300_000.0, 6_050_000.0, 2_400_000.0, 6_350_000.0],
    ),
    (
        "EPSG:3948",
        [1_300_000.0, 7_050_000.0, 2_400_000.0, 7_350_000.0],
    ),
    (
        "EPSG:3949",
        [1_300_000.0, 8_050_000.0, 2_400_000.0, 8_350_000.0],
    ),
    (
        "EPSG:3950",
        [1_300_000.0, 9_050_000.0, 2_400_000.0, 9_350_000.0],
    ),
    (
        "EPSG:32630",
        [160_000.0, 4_600_000.0, 840_000.0, 5_700_000.0],
    ),
    (
        "EPSG:5490",
        [450_000.0, 1_580_000.0, 750_000.0, 1_800_000.0],
    ),
    ("EPSG:2972", [100_000.0, 200_000.0, 450_000.0, 650_000.0]),
    (
        "EPSG:2975",
        [300_000.0, 7_630_000.0, 390_000.0, 7_700_000.0],
    ),
    (
        "EPSG:4471",
        [490_000.0, 8_560_000.0, 540_000.0, 8_610_000.0],
    ),
];

/// Every system offered when a file declares none, by code: Lambert-93, the CC zones, NTF
/// Lambert II étendu, UTM 30/31N, the overseas systems, then longitude/latitude and Web Mercator.
pub const FRENCH_SYSTEMS: [&str; 19] = [
    "EPSG:2154",
    "EPSG:3942",
    "EPSG:3943",
    "EPSG:3944",
    "EPSG:3945",
    "EPSG:3946",
    "EPSG:3947",
    "EPSG:3948",
    "EPSG:3949",
    "EPSG:3950",
    "EPSG:27572",
    "EPSG:32630",
    "EPSG:32631",
    "EPSG:5490",
    "EPSG:2972",
    "EPSG:2975",
    "EPSG:4471",
    "EPSG:4326",
    "EPSG:3857",
];

/// A system's name in the interface language ("Lambert CC47 (EPSG:3947)"), else its code.
pub fn name(code: &str) -> String {
    let key = format!("crs-{}", code.trim_start_matches("EPSG:"));
    if crate::i18n::has_key(&key) {
        crate::i18n::tr(&key)
    } else {
        code.to_owned()
    }
}

/// The French system (metropolitan or overseas) most of `sample` falls in, if one does.
pub fn suggest(sample: &[[f64; 2]]) -> Option<&'static str> {
    if sample.is_empty() {
        return None;
    }
    SUGGESTIONS.iter().find_map(|(code, b)| {
        let inside = sample
            .iter()
            .filter(|p| (b[0]..=b[2]).contains(&p[0]) && (b[1]..=b[3]).contains(&p[1]))
            .count();
        (2 * inside > sample.len()).then_some(*code)
    })
}

/// True when `[x, y]` looks like Lambert-93 metres over metropolitan France.
pub fn looks_like_lambert93(xy: [f64; 2]) -> bool {
    (50_000.0..=1_300_000.0).contains(&xy[0]) && (6_000_000.0..=7_200_000.0).contains(&xy[1])
}

/// True when `[x, y]` can be a longitude/latitude.
pub fn looks_like_lon_lat(xy: [f64; 2]) -> bool {
    (-180.0..=180.0).contains(&xy[0]) && (-90.0..=90.0).contains(&xy[1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_normalise_to_epsg_codes() {
        assert_eq!(normalize("urn:ogc:def:crs:EPSG::2154"), "EPSG:2154");
        assert_eq!(normalize("2154"), "EPSG:2154");
        assert!(is_wgs84("urn:ogc:def:crs:OGC:1.3:CRS84"));
        assert_eq!(
            label(r#"PROJCS["RGF93_Lambert_93",GEOGCS["GCS_RGF_1993"]]"#),
            "EPSG:2154"
        );
    }
}
