//! GeoJSON writer: a dataset (or the rows a filter keeps, some fields only) as a FeatureCollection.

use std::io::Write;

use crate::data::{Column, Dataset, Value};

/// Writes the rows `rows` of `dataset` as a GeoJSON FeatureCollection, one feature per line,
/// keeping only `fields` when given (in that order; unknown names are skipped).
pub fn write_geojson<W: Write>(
    dataset: &Dataset,
    rows: impl IntoIterator<Item = usize>,
    fields: Option<&[String]>,
    out: &mut W,
) -> std::io::Result<()> {
    let columns: Vec<&Column> = match fields {
        Some(names) => names.iter().filter_map(|n| dataset.column(n)).collect(),
        None => dataset.columns.iter().collect(),
    };
    out.write_all(b"{\"type\": \"FeatureCollection\", \"features\": [\n")?;
    let mut line = String::new();
    for (n, row) in rows.into_iter().enumerate() {
        line.clear();
        if n > 0 {
            line.push_str(",\n");
        }
        line.push_str("{\"type\": \"Feature\", \"geometry\": ");
        match dataset.geometry.to_geo(row) {
            Some(geometry) => push_geometry(&mut line, &geometry),
            None => line.push_str("null"),
        }
        line.push_str(", \"properties\": {");
        for (i, column) in columns.iter().enumerate() {
            if i > 0 {
                line.push_str(", ");
            }
            push_json_string(&mut line, &column.name);
            line.push_str(": ");
            push_value(&mut line, column.value(row));
        }
        line.push_str("}}");
        out.write_all(line.as_bytes())?;
    }
    out.write_all(b"\n]}\n")
}

/// A cell as JSON: numbers and booleans as such, dates as ISO text.
pub fn push_value(out: &mut String, value: Value<'_>) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Integer(i) => out.push_str(&i.to_string()),
        Value::Float(f) if f.is_finite() => out.push_str(&f.to_string()),
        Value::Float(_) => out.push_str("null"),
        Value::Boolean(b) => out.push_str(if b { "true" } else { "false" }),
        Value::Text(t) => push_json_string(out, t),
        other => push_json_string(out, &other.to_string()),
    }
}

/// A JSON string literal.
pub fn push_json_string(out: &mut String, text: &str) {
    out.push_str(&serde_json::Value::from(text).to_string());
}

fn push_geometry(out: &mut String, geometry: &geo::Geometry<f64>) {
    use geo::Geometry as G;
    let (kind, body) = match geometry {
        G::Point(p) => ("Point", coord(p.0)),
        G::MultiPoint(m) => ("MultiPoint", list(m.0.iter().map(|p| coord(p.0)))),
        G::LineString(l) => ("LineString", line(l)),
        G::MultiLineString(m) => ("MultiLineString", list(m.0.iter().map(line))),
        G::Polygon(p) => ("Polygon", polygon(p)),
        G::MultiPolygon(m) => ("MultiPolygon", list(m.0.iter().map(polygon))),
        G::Rect(r) => ("Polygon", polygon(&r.to_polygon())),
        G::Triangle(t) => ("Polygon", polygon(&t.to_polygon())),
        G::Line(l) => (
            "LineString",
            list([coord(l.start), coord(l.end)].into_iter()),
        ),
        G::GeometryCollection(c) => {
            out.push_str("{\"type\": \"GeometryCollection\", \"geometries\": [");
            for (i, g) in c.0.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                push_geometry(out, g);
            }
            out.push_str("]}");
            return;
        }
    };
    out.push_str(&format!(
        "{{\"type\": \"{kind}\", \"coordinates\": {body}}}"
    ));
}

fn coord(c: geo::Coord<f64>) -> String {
    format!("[{}, {}]", c.x, c.y)
}

fn list(items: impl Iterator<Item = String>) -> String {
    format!("[{}]", items.collect::<Vec<_>>().join(", "))
}

fn line(l: &geo::LineString<f64>) -> String {
    list(l.0.iter().map(|c| coord(*c)))
}

fn polygon(p: &geo::Polygon<f64>) -> String {
    list(std::iter::once(line(p.exterior())).chain(p.interiors().iter().map(line)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::Progress;

    #[test]
    fn written_geojson_reads_back_the_same() {
        let text = r#"{"type": "FeatureCollection", "features": [
          {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[0,0],[2,0],[2,2],[0,2],[0,0]],[[0.5,0.5],[0.5,1],[1,1],[0.5,0.5]]]},
           "properties": {"nom": "Jardin \"des Plantes\"", "surface": 2.5, "n": 3, "ouvert": true, "vide": null}},
          {"type": "Feature", "geometry": null, "properties": {"nom": "Sans lieu", "n": 4}},
          {"type": "Feature", "geometry": {"type": "MultiPoint", "coordinates": [[-0.55, 47.47], [-0.56, 47.48]]}, "properties": {}}
        ]}"#;
        let progress = Progress::default();
        let read = |bytes: &[u8]| {
            let raw =
                crate::sources::geojson::read_geojson_from(bytes, None, &progress).expect("read");
            raw.builder.finish(None)
        };
        let first = read(text.as_bytes());
        let mut out = Vec::new();
        write_geojson(&first, 0..first.len(), None, &mut out).expect("write");
        let second = read(&out);
        assert_eq!(second.len(), 3);
        assert_eq!(second.without_geometry(), 1);
        for row in 0..3 {
            assert_eq!(first.geometry.to_geo(row), second.geometry.to_geo(row));
            for (a, b) in first.columns.iter().zip(&second.columns) {
                assert_eq!(a.value(row), b.value(row), "{} row {row}", a.name);
            }
        }
        let mut out = Vec::new();
        write_geojson(
            &first,
            [1],
            Some(&["n".to_string(), "absent".to_string()]),
            &mut out,
        )
        .expect("write");
        let third = read(&out);
        assert_eq!(third.len(), 1);
        assert_eq!(third.columns.len(), 1);
        assert_eq!(third.columns[0].value(0), Value::Integer(4));
    }
}
