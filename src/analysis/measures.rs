//! The figures of a zone by name (count, density, share, nearness, per 1 000 addresses, sum and
//! mean of a field): what colours the map, fills the ranking and makes the exported columns.

use super::zones::{ZoneStat, ZoneTable};

/// One figure of a zone.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Measure {
    /// Features counted in the zone.
    #[default]
    Count,
    /// Features per km².
    PerKm2,
    /// Share of all counted features.
    Share,
    /// Share of the zone's features near the other layer.
    NearShare,
    /// The zone's features farther than the distance from the other layer.
    Beyond,
    /// Addresses in the zone.
    Addresses,
    /// Features per 1 000 addresses of the zone.
    Per1000Addresses,
    /// Sum of the chosen field.
    Sum,
    /// Mean of the chosen field.
    Mean,
}

impl Measure {
    /// Every measure, in menu order.
    pub const ALL: [Measure; 9] = [
        Self::Count,
        Self::PerKm2,
        Self::Share,
        Self::NearShare,
        Self::Beyond,
        Self::Addresses,
        Self::Per1000Addresses,
        Self::Sum,
        Self::Mean,
    ];

    /// The locale key of its name (those of the sum, the mean and the features beyond take the
    /// field or the distance as an argument).
    pub fn label_key(self) -> &'static str {
        match self {
            Self::Count => "zones-measure-count",
            Self::PerKm2 => "zones-measure-density",
            Self::Share => "zones-measure-share",
            Self::NearShare => "zones-measure-near",
            Self::Beyond => "zones-measure-beyond",
            Self::Addresses => "zones-measure-addresses",
            Self::Per1000Addresses => "zones-measure-per-1000",
            Self::Sum => "zones-measure-sum",
            Self::Mean => "zones-measure-mean",
        }
    }

    /// The value of a zone; `None` when the zone has none (no address, no value of the field)
    /// or when the table was computed without what it needs.
    pub fn of(self, z: &ZoneStat) -> Option<f64> {
        match self {
            Self::Count => Some(z.count as f64),
            Self::PerKm2 => Some(z.per_km2),
            Self::Share => Some(z.share),
            Self::NearShare => z.near_share,
            Self::Beyond => z.beyond.map(|b| b as f64),
            Self::Addresses => z.addresses.map(|a| a as f64),
            Self::Per1000Addresses => z.per_1000_addresses,
            Self::Sum => z.sum,
            Self::Mean => z.mean,
        }
    }

    /// True when the value is a number of counted features (whole, and subject to secrecy as
    /// such).
    pub fn counts_features(self) -> bool {
        matches!(self, Self::Count | Self::Beyond)
    }

    /// True when `table` has this figure.
    pub fn in_table(self, table: &ZoneTable) -> bool {
        match self {
            Self::Count | Self::PerKm2 | Self::Share => true,
            Self::NearShare | Self::Beyond => table.near_asked,
            Self::Addresses | Self::Per1000Addresses => table.addresses_asked,
            Self::Sum | Self::Mean => table.field.is_some(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{EN_SOURCE, FR_SOURCE, parse_locale};

    #[test]
    fn every_measure_is_named_in_both_languages() {
        let (fr, en) = (parse_locale(FR_SOURCE), parse_locale(EN_SOURCE));
        for measure in Measure::ALL {
            let key = measure.label_key();
            assert!(fr.contains_key(key) && en.contains_key(key), "{key}");
        }
    }
}
