//! The zones least served: the lowest shares of counted features within the distance of the
//! other layer, for a short list of where to act first.

use super::secrecy::Secrecy;
use super::zones::ZoneTable;

/// Up to `how_many` zones (positions in `table.zones`) with the lowest share near, lowest
/// first; ties put the zone with more features beyond first, then go by name. Zones without any
/// counted feature, without nearness figures, or whose nearness figures `secrecy` hides are
/// left out.
pub fn worst_served(table: &ZoneTable, how_many: usize, secrecy: Option<Secrecy>) -> Vec<usize> {
    let mut zones: Vec<(usize, f64, usize)> = table
        .zones
        .iter()
        .enumerate()
        .filter(|(_, z)| z.count > 0)
        .filter(|(_, z)| !secrecy.is_some_and(|s| s.hidden(z).near))
        .filter_map(|(i, z)| Some((i, z.near_share?, z.beyond?)))
        .collect();
    zones.sort_by(|a, b| {
        a.1.total_cmp(&b.1)
            .then(b.2.cmp(&a.2))
            .then_with(|| table.zones[a.0].name.cmp(&table.zones[b.0].name))
    });
    zones.into_iter().take(how_many).map(|(i, ..)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::secrecy::Protection;
    use crate::analysis::zones::ZoneStat;

    fn table(zones: &[(&str, usize, usize)]) -> ZoneTable {
        ZoneTable {
            zones: zones
                .iter()
                .enumerate()
                .map(|(row, &(name, count, beyond))| ZoneStat {
                    row,
                    id: row.to_string(),
                    name: name.into(),
                    count,
                    share: 0.0,
                    area_km2: 1.0,
                    per_km2: 0.0,
                    near_share: Some(if count == 0 {
                        0.0
                    } else {
                        (count - beyond) as f64 / count as f64
                    }),
                    beyond: Some(beyond),
                    addresses: None,
                    per_1000_addresses: None,
                    sum: None,
                    mean: None,
                    protection: Protection {
                        threshold: 11,
                        withheld: false,
                    },
                })
                .collect(),
            total: 0,
            outside: 0,
            field: None,
            near_asked: true,
            addresses_asked: false,
            outside_protection: Protection::default(),
            total_protection: Protection::default(),
        }
    }

    #[test]
    fn lowest_shares_first_without_empty_or_secret_zones() {
        let t = table(&[
            ("Centre", 100, 20),    // 80 %
            ("Lac", 0, 0),          // nothing counted
            ("Roseraie", 60, 45),   // 25 %
            ("Monplaisir", 80, 60), // 25 %, more beyond
            ("Deux-Croix", 50, 25), // 50 %
            ("Justices", 20, 4),    // 80 %, fewer beyond than Centre
            ("Hauts", 60, 6),       // 90 %
            ("Bois", 5, 5),         // 0 %
        ]);
        assert_eq!(worst_served(&t, 5, None), [7, 3, 2, 4, 0]);
        // Bois (5 counted), Justices (4 beyond) and Hauts (6 beyond) are secret.
        let secret = Some(Secrecy { threshold: 11 });
        assert_eq!(worst_served(&t, 5, secret), [3, 2, 4, 0]);
        assert_eq!(worst_served(&t, 2, None), [7, 3]);
    }
}
