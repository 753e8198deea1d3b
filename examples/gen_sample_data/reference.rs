//! The reference layer shipped with the app for the drawn basemap (shown when no tile can be
//! had): the 29 communes of Angers Loire Métropole with their names. The outlines are made here,
//! approximate: the city's outline, and for each other commune the Voronoi cell of its centre
//! among the others and the city's, within a reach that suits its size.

use std::path::Path;

use anyhow::Result;
use serde_json::json;

use crate::geometry::{clip_by_bisector, geojson_ring, to_local};
use crate::places::{ANGERS, ANGERS_INSEE, CITY_OUTLINE, COMMUNES};
use crate::writers::{feature_line, write_feature_collection};

/// How far a neighbouring commune of the demo kit reaches from its centre (metres).
const REACH_M: f64 = 4500.0;

/// The other communes of the metropolis: name, approximate centre (lon, lat), and how far it
/// reaches from there (metres). Merged communes (Loire-Authion, Longuenée-en-Anjou,
/// Rives-du-Loir-en-Anjou, Saint-Léger-de-Linières, Verrières-en-Anjou) are centred on the
/// middle of their territory, not on one former village.
const OUTER_COMMUNES: [(&str, [f64; 2], f64); 20] = [
    ("Béhuard", [-0.645, 47.378], 2000.0),
    ("Briollay", [-0.505, 47.566], 4000.0),
    ("Cantenay-Épinard", [-0.566, 47.537], 3500.0),
    ("Écuillé", [-0.565, 47.605], 4000.0),
    ("Feneu", [-0.598, 47.571], 4500.0),
    ("Le Plessis-Grammoire", [-0.427, 47.497], 3500.0),
    ("Loire-Authion", [-0.370, 47.445], 7000.0),
    ("Longuenée-en-Anjou", [-0.665, 47.540], 5000.0),
    ("Montreuil-Juigné", [-0.618, 47.532], 3500.0),
    ("Mûrs-Erigné", [-0.550, 47.397], 4000.0),
    ("Rives-du-Loir-en-Anjou", [-0.430, 47.565], 5500.0),
    ("Saint-Clément-de-la-Place", [-0.745, 47.528], 4500.0),
    ("Saint-Lambert-la-Potherie", [-0.678, 47.483], 3500.0),
    ("Saint-Léger-de-Linières", [-0.730, 47.462], 4500.0),
    ("Saint-Martin-du-Fouilloux", [-0.706, 47.432], 3500.0),
    ("Sarrigné", [-0.387, 47.502], 3000.0),
    ("Savennières", [-0.675, 47.405], 4500.0),
    ("Soulaines-sur-Aubance", [-0.522, 47.364], 4000.0),
    ("Soulaire-et-Bourg", [-0.548, 47.580], 3500.0),
    ("Verrières-en-Anjou", [-0.468, 47.516], 4500.0),
];

/// A circle of `radius` metres around `centre` (local metres), as a 48-sided polygon.
fn circle(centre: [f64; 2], radius: f64) -> Vec<[f64; 2]> {
    (0..48)
        .map(|k| {
            let a = f64::from(k) / 48.0 * std::f64::consts::TAU;
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
    // Name, INSEE code (for the demo kit's communes), centre (local metres), reach.
    let communes: Vec<(&str, Option<&str>, [f64; 2], f64)> = COMMUNES
        .iter()
        .map(|c| (c.nom, Some(c.insee), to_local(c.centre), REACH_M))
        .chain(
            OUTER_COMMUNES
                .iter()
                .map(|(nom, centre, reach)| (*nom, None, to_local(*centre), *reach)),
        )
        .collect();
    let mut lines = Vec::new();
    for (i, (nom, insee, centre, reach)) in communes.iter().enumerate() {
        let mut cell = circle(*centre, *reach);
        for (j, other) in communes.iter().enumerate() {
            if j != i {
                cell = clip_by_bisector(&cell, *centre, other.2);
            }
        }
        cell = clip_by_bisector(&cell, *centre, city_centre);
        let mut properties = vec![("nom", json!(nom))];
        if let Some(insee) = insee {
            properties.push(("insee", json!(insee)));
        }
        lines.push(feature_line(
            &properties,
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
