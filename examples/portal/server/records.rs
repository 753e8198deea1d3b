//! The local portal's records and exports: the `where` subset, ETags, GeoJSON and CSV bodies.

use std::sync::atomic::Ordering;

use territoire::data::Value;
use territoire::sources::geojson_write::{push_json_string, push_value, write_geojson};

use super::http::{Reply, Request};
use super::{Served, State};

/// The rows kept by the `where` clause, evaluated with Territoire's own filter language: the
/// client's pushed-down filters give exactly the rows it would keep locally. Anything outside the
/// subset is a 400 like the real portal's ODSQL errors.
pub(super) fn select_rows(served: &Served, request: &Request) -> Result<Vec<usize>, String> {
    let Some(clause) = request.param("where") else {
        return Ok((0..served.dataset.len()).collect());
    };
    let expr = territoire::filter::parse(clause)
        .map_err(|e| format!("ODSQL query is malformed: {clause} ({e})"))?;
    let mask = territoire::filter::evaluate(&expr, &served.dataset).map_err(|e| e.to_string())?;
    Ok(mask.iter_ones().collect())
}

pub(super) fn etag(served: &Served, request: &Request) -> String {
    let query: Vec<String> = request
        .query
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    let hash = query
        .join("&")
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
    format!(
        "\"{}-v{}-{hash:x}\"",
        served.id,
        served.version.load(Ordering::Relaxed)
    )
}

pub(super) fn export(state: &State, served: &Served, request: &Request, format: &str) -> Reply {
    let rows = match select_rows(served, request) {
        Ok(rows) => rows,
        Err(message) => return Reply::error(400, "ODSQLError", &message),
    };
    let tag = etag(served, request);
    let last_modified = format!(
        "Thu, {:02} Oct 2026 08:00:00 GMT",
        (served.version.load(Ordering::Relaxed) % 28) + 1
    );
    let headers = vec![
        ("ETag".to_string(), tag.clone()),
        ("Last-Modified".to_string(), last_modified),
    ];
    if request.headers.get("if-none-match") == Some(&tag) {
        return Reply {
            status: 304,
            content_type: "",
            headers,
            body: vec![],
            export: true,
        };
    }
    let fields: Option<Vec<String>> = request
        .param("select")
        .map(|s| s.split(',').map(|f| f.trim().to_string()).collect());
    let body = match format {
        "geojson" => {
            let mut out = Vec::new();
            if write_geojson(&served.dataset, rows, fields.as_deref(), &mut out).is_err() {
                return Reply::error(500, "InternalError", "write");
            }
            if state.numbers_as_text.load(Ordering::Relaxed) {
                out = numbers_to_text(&out);
            }
            out
        }
        "csv" => csv_export(served, &rows, fields.as_deref()),
        _ => return Reply::error(400, "InvalidRESTParameterError", "unsupported format"),
    };
    let content_type = if format == "csv" {
        "text/csv; charset=utf-8"
    } else {
        "application/geo+json"
    };
    Reply {
        status: 200,
        content_type,
        headers,
        body,
        export: true,
    }
}

/// Rewrites the properties' numbers as strings (`"siecle": 17` → `"siecle": "17"`).
pub(super) fn numbers_to_text(geojson: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(geojson);
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        match line.split_once("\"properties\": ") {
            Some((head, props)) => {
                out.push_str(head);
                out.push_str("\"properties\": ");
                let props = props.strip_suffix(',').unwrap_or(props);
                let props = props.strip_suffix('}').unwrap_or(props);
                let value: serde_json::Value = serde_json::from_str(props).unwrap_or_default();
                let map: serde_json::Map<String, serde_json::Value> = value
                    .as_object()
                    .map(|m| {
                        m.iter()
                            .map(|(k, v)| {
                                (
                                    k.clone(),
                                    if v.is_number() {
                                        serde_json::Value::String(v.to_string())
                                    } else {
                                        v.clone()
                                    },
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                out.push_str(&serde_json::Value::Object(map).to_string());
                out.push('}');
                if line.ends_with(',') {
                    out.push(',');
                }
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out.into_bytes()
}

pub(super) fn csv_export(served: &Served, rows: &[usize], fields: Option<&[String]>) -> Vec<u8> {
    let columns: Vec<_> = match fields {
        Some(names) => names
            .iter()
            .filter_map(|n| served.dataset.column(n))
            .collect(),
        None => served.dataset.columns.iter().collect(),
    };
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    let mut header: Vec<String> = columns.iter().map(|c| c.name.clone()).collect();
    if served.positions {
        header.extend(["latitude".to_string(), "longitude".to_string()]);
    }
    let _ = writer.write_record(&header);
    for &row in rows {
        let mut record: Vec<String> = columns
            .iter()
            .map(|c| match c.value(row) {
                Value::Null => String::new(),
                v => v.to_string(),
            })
            .collect();
        match served.dataset.geometry.feature_bbox(row) {
            _ if !served.positions => {}
            Some(b) => record.extend([
                ((b[1] + b[3]) / 2.0).to_string(),
                ((b[0] + b[2]) / 2.0).to_string(),
            ]),
            None => record.extend([String::new(), String::new()]),
        }
        let _ = writer.write_record(&record);
    }
    writer.into_inner().unwrap_or_default()
}

pub(super) fn records(served: &Served, request: &Request) -> Reply {
    let limit: usize = request
        .param("limit")
        .and_then(|l| l.parse().ok())
        .unwrap_or(10);
    let offset: usize = request
        .param("offset")
        .and_then(|l| l.parse().ok())
        .unwrap_or(0);
    if limit > 100 || offset + limit > 10_000 {
        return Reply::error(
            400,
            "InvalidRESTParameterError",
            "limit ≤ 100 and offset + limit ≤ 10000",
        );
    }
    let rows = match select_rows(served, request) {
        Ok(rows) => rows,
        Err(message) => return Reply::error(400, "ODSQLError", &message),
    };
    let results: Vec<String> = rows
        .iter()
        .skip(offset)
        .take(limit)
        .map(|&r| {
            let mut s = String::from("{");
            for (i, c) in served.dataset.columns.iter().enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                push_json_string(&mut s, &c.name);
                s.push_str(": ");
                push_value(&mut s, c.value(r));
            }
            s.push('}');
            s
        })
        .collect();
    Reply::json(
        200,
        format!(
            "{{\"total_count\": {}, \"results\": [{}]}}",
            rows.len(),
            results.join(", ")
        ),
    )
}
