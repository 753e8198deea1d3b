//! Filter presets (files in `assets/presets/`): the fields, labels and pickers proposed for the
//! layers agents filter most, matched by portal dataset id or by field names.

use std::sync::OnceLock;

use crate::i18n::Language;

/// How a preset field's value is picked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Picker {
    /// A searchable list of the field's values with counts.
    Values,
    /// A range with a histogram (numbers, dates).
    Range,
    /// Words typed by the user ("contient").
    Text,
}

/// A text in each interface language.
#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
pub struct Localized {
    /// French.
    pub fr: String,
    /// English.
    pub en: String,
}

impl Localized {
    /// The text in the current interface language.
    pub fn get(&self) -> &str {
        match crate::i18n::language() {
            Language::Fr => &self.fr,
            Language::En => &self.en,
        }
    }
}

/// A field a preset proposes.
#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
pub struct PresetField {
    /// Names the field has in the sources the preset serves; the first present is used.
    pub names: Vec<String>,
    /// The label shown instead of the field name.
    pub label: Localized,
    /// How its value is picked.
    pub picker: Picker,
}

/// A preset for one kind of layer.
#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
pub struct Preset {
    /// Short identifier (`adresses`).
    pub id: String,
    /// What the features are called in the live count ("adresses").
    pub noun: Localized,
    /// Portal dataset ids it serves.
    #[serde(default)]
    pub datasets: Vec<String>,
    /// Fields that, all present, identify such a layer from any source.
    pub match_fields: Vec<String>,
    /// The fields proposed, in order.
    pub fields: Vec<PresetField>,
    /// For address layers: the fields an address is written from, in order (number, suffix,
    /// street, postcode, municipality); each entry lists alternative names, the first present wins.
    #[serde(default)]
    pub address: Vec<Vec<String>>,
}

impl Preset {
    /// True when the preset serves a layer with this portal dataset id or these fields.
    pub fn matches(&self, dataset_id: Option<&str>, fields: &[&str]) -> bool {
        dataset_id.is_some_and(|id| self.datasets.iter().any(|d| d == id))
            || (!self.match_fields.is_empty()
                && self
                    .match_fields
                    .iter()
                    .all(|m| fields.contains(&m.as_str())))
    }

    /// The preset's fields present in the layer: (field name in the layer, preset field).
    pub fn present<'a>(&'a self, fields: &[&'a str]) -> Vec<(&'a str, &'a PresetField)> {
        self.fields
            .iter()
            .filter_map(|f| {
                let name = f.names.iter().find(|n| fields.contains(&n.as_str()))?;
                Some((name.as_str(), f))
            })
            .collect()
    }
}

impl Preset {
    /// The label the preset gives a field of the layer, if it proposes it.
    pub fn label_of(&self, field: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|f| f.names.iter().any(|n| n == field))
            .map(|f| f.label.get())
    }

    /// The layer's fields an address is written from (empty for layers that are not addresses).
    pub fn address_fields<'a>(&'a self, fields: &[&'a str]) -> Vec<&'a str> {
        self.address
            .iter()
            .filter_map(|names| names.iter().find(|n| fields.contains(&n.as_str())))
            .map(String::as_str)
            .collect()
    }
}

/// The preset files shipped in `assets/presets/`.
const FILES: [(&str, &str); 3] = [
    (
        "adresses.toml",
        include_str!("../../assets/presets/adresses.toml"),
    ),
    (
        "patrimoine.toml",
        include_str!("../../assets/presets/patrimoine.toml"),
    ),
    (
        "espaces-verts.toml",
        include_str!("../../assets/presets/espaces-verts.toml"),
    ),
];

/// Every shipped preset (a file that does not parse is logged and skipped).
pub fn presets() -> &'static [Preset] {
    static PRESETS: OnceLock<Vec<Preset>> = OnceLock::new();
    PRESETS.get_or_init(|| {
        FILES
            .iter()
            .filter_map(|(name, text)| match toml::from_str(text) {
                Ok(preset) => Some(preset),
                Err(e) => {
                    log::error!("preset {name} ignored: {e}");
                    None
                }
            })
            .collect()
    })
}

/// The preset for a layer, by portal dataset id first, then by field names.
pub fn find(dataset_id: Option<&str>, fields: &[&str]) -> Option<&'static Preset> {
    let all = presets();
    all.iter()
        .find(|p| dataset_id.is_some_and(|id| p.datasets.iter().any(|d| d == id)))
        .or_else(|| all.iter().find(|p| p.matches(None, fields)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_presets_parse_and_match() {
        assert_eq!(presets().len(), FILES.len());
        let by_id = find(Some("ref_loc_adresse"), &[]).expect("portal id");
        assert_eq!(by_id.id, "adresses");
        let fields = ["tico", "datbati1", "etat", "commune"];
        let heritage = find(None, &fields).expect("by fields");
        assert_eq!(heritage.id, "patrimoine");
        let present: Vec<&str> = heritage.present(&fields).iter().map(|p| p.0).collect();
        assert_eq!(present, ["datbati1", "etat", "commune", "tico"]);
        assert!(find(Some("autre"), &["nom"]).is_none());
    }
}
