//! The local portal's catalog: dataset search and refinements, facets, one dataset's metadata.

use std::sync::atomic::Ordering;

use territoire::data::FieldType;
use territoire::sources::geojson_write::push_json_string;

use super::http::{Reply, Request};
use super::{Served, State};

pub(super) fn matches_catalog(served: &Served, request: &Request) -> Result<bool, String> {
    if let Some(clause) = request.param("where") {
        let text =
            search_text(clause).ok_or_else(|| format!("ODSQL query is malformed: {clause}"))?;
        let hay = format!(
            "{} {} {} {}",
            served.id,
            served.title,
            served.theme,
            served.keywords.join(" ")
        )
        .to_lowercase();
        if !text
            .to_lowercase()
            .split_whitespace()
            .all(|w| hay.contains(w))
        {
            return Ok(false);
        }
    }
    for refine in request.params("refine") {
        let (facet, value) = refine.split_once(':').unwrap_or((refine, ""));
        let value = value.trim_matches('"');
        let ok = match facet {
            "theme" => served.theme == value,
            "keyword" => served.keywords.contains(&value),
            "publisher" => value == "Angers Loire Métropole",
            _ => false,
        };
        if !ok {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `search(*, "text")` or `search("text")` → the text.
pub(super) fn search_text(clause: &str) -> Option<String> {
    let inner = clause.trim().strip_prefix("search(")?.strip_suffix(')')?;
    let literal = inner.rsplit_once(',').map_or(inner, |(_, t)| t).trim();
    Some(
        literal
            .strip_prefix('"')?
            .strip_suffix('"')?
            .replace("\\\"", "\""),
    )
}

pub(super) fn catalog(state: &State, request: &Request) -> Reply {
    let mut hits = Vec::new();
    for served in &state.datasets {
        match matches_catalog(served, request) {
            Ok(true) => hits.push(served),
            Ok(false) => {}
            Err(message) => return Reply::error(400, "ODSQLError", &message),
        }
    }
    let limit: usize = request
        .param("limit")
        .and_then(|l| l.parse().ok())
        .unwrap_or(10);
    let offset: usize = request
        .param("offset")
        .and_then(|l| l.parse().ok())
        .unwrap_or(0);
    if limit > 100 {
        return Reply::error(400, "InvalidRESTParameterError", "limit must be ≤ 100");
    }
    let page: Vec<String> = hits
        .iter()
        .skip(offset)
        .take(limit)
        .map(|d| dataset_json(d))
        .collect();
    Reply::json(
        200,
        format!(
            "{{\"total_count\": {}, \"results\": [{}]}}",
            hits.len(),
            page.join(", ")
        ),
    )
}

pub(super) fn facets(state: &State, request: &Request) -> Reply {
    let mut out = Vec::new();
    for facet in request.params("facet") {
        let mut counts: Vec<(String, usize)> = Vec::new();
        for served in state
            .datasets
            .iter()
            .filter(|d| matches_catalog(d, request).unwrap_or(false))
        {
            let values: Vec<String> = match facet {
                "theme" => vec![served.theme.to_string()],
                "keyword" => served.keywords.iter().map(|k| k.to_string()).collect(),
                "publisher" => vec!["Angers Loire Métropole".into()],
                _ => vec![],
            };
            for v in values {
                match counts.iter_mut().find(|(k, _)| *k == v) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((v, 1)),
                }
            }
        }
        let values: Vec<String> = counts
            .iter()
            .map(|(v, n)| {
                let mut s = String::from("{\"name\": ");
                push_json_string(&mut s, v);
                s.push_str(", \"value\": ");
                push_json_string(&mut s, v);
                s.push_str(&format!(", \"count\": {n}, \"state\": \"displayed\"}}"));
                s
            })
            .collect();
        out.push(format!(
            "{{\"name\": \"{facet}\", \"facets\": [{}]}}",
            values.join(", ")
        ));
    }
    Reply::json(200, format!("{{\"facets\": [{}]}}", out.join(", ")))
}

pub(super) fn field_type(t: FieldType) -> &'static str {
    match t {
        FieldType::Integer => "int",
        FieldType::Float => "double",
        FieldType::Text => "text",
        FieldType::Boolean => "boolean",
        FieldType::Date => "date",
        FieldType::Datetime => "datetime",
    }
}

pub(super) fn modified(served: &Served) -> String {
    let v = served.version.load(Ordering::Relaxed);
    format!("2026-10-{:02}T08:00:00+00:00", (v % 28) + 1)
}

pub(super) fn dataset_json(served: &Served) -> String {
    let mut fields: Vec<String> = served
        .dataset
        .columns
        .iter()
        .map(|c| {
            let mut s = String::from("{\"name\": ");
            push_json_string(&mut s, &c.name);
            s.push_str(", \"label\": ");
            push_json_string(&mut s, &c.name.replace('_', " "));
            s.push_str(&format!(
                ", \"type\": \"{}\", \"annotations\": {{}}, \"description\": null}}",
                field_type(c.field_type())
            ));
            s
        })
        .collect();
    if served.geo_field.is_none() && served.positions {
        fields
            .push("{\"name\": \"latitude\", \"label\": \"Latitude\", \"type\": \"double\"}".into());
        fields.push(
            "{\"name\": \"longitude\", \"label\": \"Longitude\", \"type\": \"double\"}".into(),
        );
    }
    if let Some((name, kind)) = served.geo_field {
        fields.push(format!(
            "{{\"name\": \"{name}\", \"label\": \"{name}\", \"type\": \"{kind}\"}}"
        ));
    }
    let mut title = String::new();
    push_json_string(&mut title, &served.title);
    let keywords: Vec<String> = served.keywords.iter().map(|k| format!("\"{k}\"")).collect();
    let features = if served.geo_field.is_some() {
        "[\"analyze\", \"geo\"]"
    } else {
        "[\"analyze\"]"
    };
    format!(
        "{{\"dataset_id\": \"{id}\", \"has_records\": true, \"features\": {features}, \"metas\": {{\"default\": {{\"title\": {title}, \"description\": \"<p>Données de démonstration de Territoire.</p>\", \"publisher\": \"Angers Loire Métropole\", \"license\": \"Licence Ouverte v2.0\", \"records_count\": {n}, \"modified\": \"{modified}\", \"theme\": [\"{theme}\"], \"keyword\": [{keywords}]}}}}, \"fields\": [{fields}]}}",
        id = served.id,
        n = served.dataset.len(),
        modified = modified(served),
        theme = served.theme,
        keywords = keywords.join(", "),
        fields = fields.join(", ")
    )
}
