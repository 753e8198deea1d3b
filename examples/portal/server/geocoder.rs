//! The local stand-in for the national address service: `/geocodage/search` answers from the
//! portal's address dataset, in the service's GeoJSON shape.

use territoire::sources::geojson_write::push_json_string;

use super::State;
use super::http::{Reply, Request};

/// Fields an address is written from in the demo address dataset.
const FIELDS: [&str; 5] = [
    "numero_adresse",
    "suffixe_adresse",
    "libelle_adresse",
    "code_postal",
    "commune",
];

pub(super) fn search(state: &State, request: &Request) -> Reply {
    let Some(text) = request.param("q").filter(|q| q.trim().len() >= 3) else {
        return Reply::json(
            400,
            r#"{"code": 400, "message": "q must contain at least 3 chars"}"#.into(),
        );
    };
    let limit = request
        .param("limit")
        .and_then(|l| l.parse().ok())
        .unwrap_or(5usize);
    let Some(served) = state.datasets.iter().find(|d| d.id == "adresses") else {
        return Reply::json(
            200,
            r#"{"type": "FeatureCollection", "features": []}"#.into(),
        );
    };
    let found =
        territoire::filter::address::search_addresses(&served.dataset, &FIELDS, text, limit);
    let text_of = |row: usize, field: &str| {
        served
            .dataset
            .column(field)
            .map(|c| c.value(row).to_string())
            .unwrap_or_default()
    };
    let mut body = String::from(r#"{"type": "FeatureCollection", "features": ["#);
    for (i, m) in found.iter().enumerate() {
        if i > 0 {
            body.push_str(", ");
        }
        body.push_str(&format!(
            r#"{{"type": "Feature", "geometry": {{"type": "Point", "coordinates": [{}, {}]}}, "properties": {{"label": "#,
            m.lon_lat[0], m.lon_lat[1]
        ));
        push_json_string(&mut body, &m.label);
        body.push_str(r#", "score": 0.9, "type": "housenumber", "postcode": "#);
        push_json_string(&mut body, &text_of(m.row, "code_postal"));
        body.push_str(r#", "city": "#);
        push_json_string(&mut body, &text_of(m.row, "commune"));
        body.push_str("}}");
    }
    body.push_str("]}");
    Reply::json(200, body)
}
