//! The territory every layer shares: the city outline cut into quartiers (Voronoi cells of their centroids).

use geo::Polygon;

use crate::geometry::{clip_by_bisector, contains, dist, geo_polygon, geojson_ring, to_local};
use crate::places::{CITY_OUTLINE, COMMUNE_RADIUS, COMMUNES, QUARTIERS};

/// A quartier of Angers with its outline.
pub struct Quartier {
    /// Its name.
    pub nom: &'static str,
    /// Its code (`Q01` to `Q10`).
    pub code: String,
    /// Its postcode.
    pub code_postal: &'static str,
    /// Closed ring, rounded lon/lat, counter-clockwise.
    pub ring: Vec<[f64; 2]>,
    /// The same ring as a polygon, for containment tests.
    pub polygon: Polygon<f64>,
}

/// Everything the layers share: the city outline and its quartiers.
pub struct Territory {
    /// The quartiers, in the order of `QUARTIERS`.
    pub quartiers: Vec<Quartier>,
    /// The city outline as written (lon/lat).
    city: Polygon<f64>,
}

impl Territory {
    /// Cuts the city outline into the Voronoi cells of the quartier centroids.
    pub fn build() -> Self {
        let outline: Vec<[f64; 2]> = CITY_OUTLINE.iter().map(|ll| to_local(*ll)).collect();
        let sites: Vec<[f64; 2]> = QUARTIERS.iter().map(|q| to_local(q.centroid)).collect();
        let quartiers = QUARTIERS
            .iter()
            .enumerate()
            .map(|(i, def)| {
                let mut cell = outline.clone();
                for (j, other) in sites.iter().enumerate() {
                    if j != i {
                        cell = clip_by_bisector(&cell, sites[i], *other);
                    }
                }
                let ring = geojson_ring(&cell, true);
                Quartier {
                    nom: def.nom,
                    code: format!("Q{:02}", i + 1),
                    code_postal: def.code_postal,
                    polygon: geo_polygon(&ring, &[]),
                    ring,
                }
            })
            .collect();
        let city_ring = geojson_ring(&outline, true);
        Self {
            quartiers,
            city: geo_polygon(&city_ring, &[]),
        }
    }

    /// True when `ll` lies inside the city outline.
    pub fn in_city(&self, ll: [f64; 2]) -> bool {
        contains(&self.city, ll)
    }

    /// The quartier containing `ll`, if any.
    pub fn quartier_at(&self, ll: [f64; 2]) -> Option<usize> {
        self.quartiers.iter().position(|q| contains(&q.polygon, ll))
    }

    /// True when `ll` belongs to neighbouring commune `c`: outside Angers, nearer to that commune's
    /// centre than to any other, and not too far from it.
    pub fn in_commune(&self, c: usize, ll: [f64; 2]) -> bool {
        let p = to_local(ll);
        let d = dist(p, to_local(COMMUNES[c].centre));
        d < COMMUNE_RADIUS * 1.9
            && COMMUNES
                .iter()
                .enumerate()
                .all(|(o, other)| o == c || dist(p, to_local(other.centre)) > d)
            && !self.in_city(ll)
    }
}
