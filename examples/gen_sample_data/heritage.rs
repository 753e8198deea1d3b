//! The heritage sites layer: real monuments, then synthetic sites placed on address points.

use std::collections::HashSet;

use crate::addresses::Address;
use crate::geometry::{M_PER_DEG_LAT, m_per_deg_lon};
use crate::heritage_data::{REAL_SITES, SITE_KINDS, SYNTHETIC_SITES};
use crate::places::ANGERS;
use crate::rng::Rng;

/// One heritage site, with the fields of the `.dbf` (named after the Mérimée base).
pub struct Site {
    /// Title: the monument, or the kind of building.
    pub tico: String,
    /// Address.
    pub adrs: String,
    /// Commune name.
    pub commune: &'static str,
    /// Period as text ("XVe siècle", "Moyen Âge").
    pub datbati1: String,
    /// Century of construction.
    pub siecle: i64,
    /// `inscrit`, `classé` or `classé et inscrit`.
    pub protection: &'static str,
    /// Who owns it.
    pub statut: &'static str,
    /// (year, month, day)
    pub date_prot: (i32, u32, u32),
    /// WGS 84 lon/lat.
    pub ll: [f64; 2],
}

fn roman(n: i64) -> &'static str {
    [
        "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX",
    ][(n - 11).clamp(0, 9) as usize]
}

fn random_day(rng: &mut Rng, year: i32) -> (i32, u32, u32) {
    let month = rng.int(1, 12) as u32;
    let day = rng.int(1, if month == 2 { 28 } else { 30 }) as u32;
    (year, month, day)
}

/// The real monuments, then synthetic sites placed near address points of each commune.
pub fn make_sites(addresses: &[Address]) -> Vec<Site> {
    let mut rng = Rng::stream("patrimoine");
    let mut sites: Vec<Site> = REAL_SITES
        .iter()
        .map(
            |&(tico, commune, ll, adrs, siecle, datbati1, protection, statut, year)| Site {
                tico: tico.to_owned(),
                adrs: adrs.to_owned(),
                commune,
                datbati1: datbati1.to_owned(),
                siecle,
                protection,
                statut,
                date_prot: random_day(&mut rng, year),
                ll,
            },
        )
        .collect();
    let mut used: HashSet<usize> = HashSet::new();
    for (commune, count) in SYNTHETIC_SITES {
        let candidates: Vec<usize> = addresses
            .iter()
            .enumerate()
            .filter(|(_, a)| a.commune == commune && a.suffixe.is_empty())
            .map(|(i, _)| i)
            .collect();
        if candidates.is_empty() {
            continue;
        }
        for k in 0..count {
            // The first two Angers sites are fixed: the kit must contain these strings.
            let fixed = match (commune, k) {
                (ANGERS, 0) => Some((
                    "Chapelle de l'Œuvre Saint-Joseph",
                    19,
                    19,
                    Some("Rue Desjardins"),
                )),
                (ANGERS, 1) => Some(("Hôtel particulier", 18, 18, Some("Rue de l'Hôtel de Ville"))),
                _ => None,
            };
            let (kind, lo, hi, street) = fixed.unwrap_or_else(|| {
                let town = commune == ANGERS || rng.chance(0.3);
                let kinds: Vec<_> = SITE_KINDS.iter().filter(|k| k.3 == town).collect();
                let &&(kind, lo, hi, _) = rng.pick(&kinds);
                (kind, lo, hi, None)
            });
            let pool: Vec<usize> = candidates
                .iter()
                .copied()
                .filter(|i| !used.contains(i) && street.is_none_or(|s| addresses[*i].street == s))
                // Old buildings of Angers stand in the old town: centre, Doutre, Saint-Serge.
                .filter(|i| {
                    street.is_some() || hi > 18 || addresses[*i].quartier.is_none_or(|q| q <= 2)
                })
                .collect();
            let pool = if pool.is_empty() {
                candidates.clone()
            } else {
                pool
            };
            let index = *rng.pick(&pool);
            used.insert(index);
            let a = &addresses[index];
            let kind = if commune == "Trélazé" && k == 0 {
                "Chevalement d'ardoisière"
            } else {
                kind
            };
            let (lo, hi) = if kind == "Chevalement d'ardoisière" {
                (19, 20)
            } else {
                (lo, hi)
            };
            let siecle = rng.int(lo, hi);
            let datbati1 = if siecle <= 15 && rng.chance(0.25) {
                "Moyen Âge".to_owned()
            } else {
                format!("{}e siècle", roman(siecle))
            };
            let adrs = if street.is_some() && k == 1 {
                a.street.clone()
            } else if rng.chance(0.6) {
                format!(
                    "{}{} {}",
                    a.numero,
                    if a.suffixe.is_empty() { "" } else { " " },
                    a.street
                )
            } else {
                a.street.clone()
            };
            let protection = *rng.weighted(&[
                ("inscrit", 6.5),
                ("classé", 2.5),
                ("classé et inscrit", 1.0),
            ]);
            let statut = *rng.weighted(&[
                ("propriété privée", 5.5),
                ("propriété de la commune", 3.0),
                ("propriété du département", 0.8),
                ("propriété de l'État", 0.7),
            ]);
            let earliest = match siecle {
                20 => 1975,
                19 => 1920,
                _ => 1840,
            };
            let year = rng.int(earliest, 2015) as i32;
            // A few metres off the address point, towards the plot.
            let jitter = [
                rng.range(-4.0, 4.0) / m_per_deg_lon(),
                rng.range(-4.0, 4.0) / M_PER_DEG_LAT,
            ];
            sites.push(Site {
                tico: kind.to_owned(),
                adrs,
                commune,
                datbati1,
                siecle,
                protection,
                statut,
                date_prot: random_day(&mut rng, year),
                ll: [a.ll[0] + jitter[0], a.ll[1] + jitter[1]],
            });
        }
    }
    sites
}
