//! The reference layer shipped with the app for the drawn basemap (shown when no tile can be
//! had): Angers and its neighbouring communes with their names. The outlines are made here,
//! approximate: the city's outline, and for each neighbour the Voronoi cell of its centre among
//! the others and the city's, within 4.5 km.

use std::path::Path;

use anyhow::Result;
use serde_json::json;

use crate::geometry::{clip_by_bisector, geojson_ring, to_local};
use crate::places::{ANGERS, ANGERS_INSEE, CITY_OUTLINE, COMMUNES};
use crate::writers::{feature_line, write_feature_collection};

/// How far a neighbouring commune reaches from its centre (metres).
const REACH_M: f64 = 4500.0;

/// A circle of `radius` metres around `centre` (local metres), as a 32-sided polygon.
fn circle(centre: [f64; 2], radius: f64) -> Vec<[f64; 2]> {
    (0..32)
        .map(|k| {
            let a = f64::from(k) / 32.0 * std::f64::consts::TAU;
            [centre[0] + radius * a.cos(), centre[1] + radius * a.sin()]
        })
        .collect()
}

/// Writes `communes.geojson` in `folder`; returns the number of communes.
pub fn write_reference_communes(folder: &Path) -> Result<usize> {
    std::fs::create_dir_all(folder)?;
    let outline: Vec<[f64; 2]> = CITY_OUTLINE.iter().map(|ll| to_local(*ll)).collect();
    let n = outline.len() as f64;
    let city_centre = [
        outline.iter().map(|p| p[0]).sum::<f64>() / n,
        outline.iter().map(|p| p[1]).sum::<f64>() / n,
    ];
    let centres: Vec<[f64; 2]> = COMMUNES.iter().map(|c| to_local(c.centre)).collect();
    let mut lines = Vec::new();
    for (i, commune) in COMMUNES.iter().enumerate() {
        let mut cell = circle(centres[i], REACH_M);
        for (j, other) in centres.iter().enumerate() {
            if j != i {
                cell = clip_by_bisector(&cell, centres[i], *other);
            }
        }
        cell = clip_by_bisector(&cell, centres[i], city_centre);
        lines.push(feature_line(
            &[("nom", json!(commune.nom)), ("insee", json!(commune.insee))],
            &json!({"type": "Polygon", "coordinates": [geojson_ring(&cell, true)]}),
        )?);
    }
    lines.push(feature_line(
        &[("nom", json!(ANGERS)), ("insee", json!(ANGERS_INSEE))],
        &json!({"type": "Polygon", "coordinates": [geojson_ring(&outline, true)]}),
    )?);
    write_feature_collection(&folder.join("communes.geojson"), "communes", &lines)?;
    Ok(lines.len())
}
