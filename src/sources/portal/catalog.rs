//! Reads the portal's catalog answers (dataset lists, one dataset's metadata, facets, errors): pure functions.

use serde_json::Value;

use super::PortalError;
use super::error::AnswerFault;

/// The type of a dataset field, as the portal declares it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// Text.
    Text,
    /// Whole number.
    Int,
    /// Decimal number.
    Double,
    /// Calendar date.
    Date,
    /// Date and time.
    Datetime,
    /// True/false.
    Boolean,
    /// A point as `lat, lon`.
    GeoPoint2d,
    /// Any GeoJSON geometry.
    GeoShape,
    /// Anything else (file, image, json).
    Other,
}

impl FieldKind {
    fn from_api(name: &str) -> Self {
        match name {
            "text" => Self::Text,
            "int" => Self::Int,
            "double" | "decimal" => Self::Double,
            "date" => Self::Date,
            "datetime" => Self::Datetime,
            "boolean" => Self::Boolean,
            "geo_point_2d" => Self::GeoPoint2d,
            "geo_shape" => Self::GeoShape,
            _ => Self::Other,
        }
    }

    /// True for the two geometry types.
    pub fn is_geo(self) -> bool {
        matches!(self, Self::GeoPoint2d | Self::GeoShape)
    }
}

/// One field of a dataset.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FieldMeta {
    /// Technical name, used in queries.
    pub name: String,
    /// Label shown on the portal.
    pub label: String,
    /// Declared type.
    pub kind: FieldKind,
}

/// What the catalog says about one dataset.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DatasetMeta {
    /// Identifier (`ref_loc_adresse`).
    pub id: String,
    /// Title.
    pub title: String,
    /// Description as plain text (the portal sends HTML).
    pub description: String,
    /// Publisher.
    pub publisher: String,
    /// Licence name.
    pub licence: String,
    /// Number of records, when known.
    pub records: Option<u64>,
    /// Last modification (ISO 8601), when known.
    pub modified: Option<String>,
    /// Themes.
    pub themes: Vec<String>,
    /// Keywords.
    pub keywords: Vec<String>,
    /// Fields, in the portal's order.
    pub fields: Vec<FieldMeta>,
    /// The portal flags the dataset as geographic (`features` contains `geo`).
    pub geo_feature: bool,
}

impl DatasetMeta {
    /// The first `geo_shape` field, else the first `geo_point_2d` field.
    pub fn geo_field(&self) -> Option<&FieldMeta> {
        let find = |kind| self.fields.iter().find(|f| f.kind == kind);
        find(FieldKind::GeoShape).or_else(|| find(FieldKind::GeoPoint2d))
    }

    /// True when records have a position: a geo field, or latitude/longitude columns.
    pub fn has_geometry(&self) -> bool {
        self.geo_feature || self.geo_field().is_some() || self.has_lat_lon_columns()
    }

    /// True when there is no geo field but latitude/longitude columns (read from the CSV export).
    pub fn has_lat_lon_columns(&self) -> bool {
        if self.fields.iter().any(|f| f.kind.is_geo()) {
            return false;
        }
        let names: Vec<String> = self.fields.iter().map(|f| f.name.clone()).collect();
        crate::sources::csv::has_coordinate_columns(&names)
    }
}

/// One page of the catalog.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CatalogPage {
    /// Datasets matching the query on the whole portal.
    pub total_count: u64,
    /// This page's datasets.
    pub datasets: Vec<DatasetMeta>,
}

/// One facet (theme, keyword, publisher) and its values with counts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facet {
    /// Facet name (`theme`).
    pub name: String,
    /// Values and the number of datasets carrying them, most frequent first.
    pub values: Vec<(String, u64)>,
}

/// JSON without the member `name` the API promises.
fn unexpected(name: &str) -> PortalError {
    log::debug!("portal answer without `{name}`");
    PortalError::BadAnswer(AnswerFault::Unexpected)
}

fn parse_json(body: &[u8]) -> Result<Value, PortalError> {
    serde_json::from_slice(body).map_err(|e| {
        log::debug!("portal answer is not JSON: {e}");
        PortalError::BadAnswer(AnswerFault::of_body(body))
    })
}

/// Reads a `GET /catalog/datasets` answer.
pub fn parse_catalog(body: &[u8]) -> Result<CatalogPage, PortalError> {
    let value = parse_json(body)?;
    let results = value
        .get("results")
        .and_then(Value::as_array)
        .ok_or_else(|| unexpected("results"))?;
    Ok(CatalogPage {
        total_count: value
            .get("total_count")
            .and_then(Value::as_u64)
            .unwrap_or(results.len() as u64),
        datasets: results.iter().filter_map(dataset_from_value).collect(),
    })
}

/// Reads a `GET /catalog/datasets/<id>` answer.
pub fn parse_dataset(body: &[u8]) -> Result<DatasetMeta, PortalError> {
    dataset_from_value(&parse_json(body)?).ok_or_else(|| unexpected("dataset_id"))
}

fn dataset_from_value(value: &Value) -> Option<DatasetMeta> {
    let id = value.get("dataset_id")?.as_str()?.to_string();
    let meta = value
        .get("metas")
        .and_then(|m| m.get("default"))
        .unwrap_or(&Value::Null);
    let text = |key: &str| meta.get(key).map(text_of).unwrap_or_default();
    let fields = value
        .get("fields")
        .and_then(Value::as_array)
        .map(|fields| fields.iter().filter_map(field_from_value).collect())
        .unwrap_or_default();
    let geo_feature = value
        .get("features")
        .and_then(Value::as_array)
        .is_some_and(|f| f.iter().any(|v| v.as_str() == Some("geo")));
    Some(DatasetMeta {
        title: Some(text("title"))
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| id.clone()),
        description: super::html::plain_text(&text("description")),
        publisher: text("publisher"),
        licence: text("license"),
        records: meta.get("records_count").and_then(number_of),
        modified: meta
            .get("modified")
            .and_then(Value::as_str)
            .map(str::to_string),
        themes: list_of(meta.get("theme")),
        keywords: list_of(meta.get("keyword")),
        fields,
        geo_feature,
        id,
    })
}

fn field_from_value(value: &Value) -> Option<FieldMeta> {
    let name = value.get("name")?.as_str()?.to_string();
    let label = value
        .get("label")
        .and_then(Value::as_str)
        .unwrap_or(&name)
        .to_string();
    let kind = FieldKind::from_api(value.get("type").and_then(Value::as_str).unwrap_or(""));
    Some(FieldMeta { name, label, kind })
}

/// A number given as a number or as a string (old portals).
fn number_of(value: &Value) -> Option<u64> {
    value
        .as_u64()
        .or_else(|| value.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64))
        .or_else(|| value.as_str()?.trim().parse().ok())
}

fn text_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(text_of).collect::<Vec<_>>().join(", "),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn list_of(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items
            .iter()
            .map(text_of)
            .filter(|s| !s.is_empty())
            .collect(),
        Some(Value::String(s)) if !s.is_empty() => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// Reads a `GET /catalog/facets` answer.
pub fn parse_facets(body: &[u8]) -> Result<Vec<Facet>, PortalError> {
    let value = parse_json(body)?;
    let facets = value
        .get("facets")
        .and_then(Value::as_array)
        .ok_or_else(|| unexpected("facets"))?;
    Ok(facets
        .iter()
        .filter_map(|f| {
            let name = f.get("name")?.as_str()?.to_string();
            let mut values: Vec<(String, u64)> = f
                .get("facets")?
                .as_array()?
                .iter()
                .filter_map(|v| {
                    let value = v.get("value").or_else(|| v.get("name"))?;
                    Some((text_of(value), v.get("count").and_then(number_of)?))
                })
                .collect();
            values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            Some(Facet { name, values })
        })
        .collect())
}

/// The message of an error answer: `{"error_code", "message"}` (v2) or `{"error"}` (v1, quota).
pub fn error_message(body: &[u8]) -> Option<String> {
    let value: Value = serde_json::from_slice(body).ok()?;
    ["message", "error"]
        .iter()
        .find_map(|k| value.get(*k)?.as_str().map(str::to_string))
        .filter(|m| !m.trim().is_empty())
}

/// The `reset_time` of a 429 answer.
pub fn quota_reset(body: &[u8]) -> Option<String> {
    let value: Value = serde_json::from_slice(body).ok()?;
    value.get("reset_time")?.as_str().map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CATALOG: &str = r#"{"total_count": 2, "results": [
      {"dataset_id": "ref_loc_adresse", "has_records": true, "features": ["analyze", "geo"],
       "metas": {"default": {"title": "Référentiel Point Adresse", "description": "<p>Les points&nbsp;adresse d&#39;Angers</p>\n<p>Mis à jour</p>",
         "publisher": "Angers Loire Métropole", "license": "ODbL", "records_count": 98000,
         "modified": "2026-10-01T08:00:00+00:00", "theme": ["Urbanisme"], "keyword": ["adresse", "BAN"]}},
       "fields": [{"name": "numero_adresse", "label": "Numéro", "type": "int"},
                  {"name": "coordo_geo", "label": "Coordonnées", "type": "geo_point_2d"}]},
      {"dataset_id": "parkings", "metas": {"default": {"title": "Parkings", "records_count": "42", "theme": "Mobilité", "keyword": null}},
       "fields": [{"name": "nom", "type": "text"}, {"name": "xlong", "type": "text"}, {"name": "ylat", "type": "text"}]},
      {"no_id": true}
    ]}"#;

    #[test]
    fn catalog_pages_with_loose_metadata() {
        let page = parse_catalog(CATALOG.as_bytes()).expect("catalog");
        assert_eq!(page.total_count, 2);
        assert_eq!(page.datasets.len(), 2);
        let a = &page.datasets[0];
        assert_eq!(a.title, "Référentiel Point Adresse");
        assert_eq!(a.description, "Les points adresse d'Angers Mis à jour");
        assert_eq!(a.licence, "ODbL");
        assert_eq!(a.records, Some(98_000));
        assert_eq!(a.keywords, ["adresse", "BAN"]);
        assert_eq!(a.geo_field().map(|f| f.name.as_str()), Some("coordo_geo"));
        assert!(a.has_geometry());
        let b = &page.datasets[1];
        assert_eq!(b.records, Some(42), "a count given as a string");
        assert_eq!(b.themes, ["Mobilité"]);
        assert!(b.keywords.is_empty());
        assert!(b.geo_field().is_none());
        assert!(b.has_lat_lon_columns() && b.has_geometry());
    }

    #[test]
    fn facets_sorted_by_count() {
        let body = br#"{"facets": [{"name": "theme", "facets": [
            {"name": "Culture", "value": "Culture", "count": 3},
            {"name": "Environnement", "value": "Environnement", "count": 12}]}]}"#;
        let facets = parse_facets(body).expect("facets");
        assert_eq!(facets[0].name, "theme");
        assert_eq!(facets[0].values[0], ("Environnement".to_string(), 12));
    }

    #[test]
    fn error_bodies() {
        let odsql = br#"{"message": "ODSQL query is malformed: invalid_function()", "error_code": "ODSQLError"}"#;
        assert_eq!(
            error_message(odsql).as_deref(),
            Some("ODSQL query is malformed: invalid_function()")
        );
        let quota = br#"{"errorcode": 10002, "reset_time": "2021-01-26T00:00:00Z", "error": "Too many requests"}"#;
        assert_eq!(quota_reset(quota).as_deref(), Some("2021-01-26T00:00:00Z"));
        assert_eq!(error_message(b"<html>"), None);
        assert!(parse_catalog(b"{\"total_count\": 3").is_err());
        assert!(parse_catalog(b"[]").is_err());
    }
}
