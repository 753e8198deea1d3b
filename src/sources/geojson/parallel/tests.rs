//! Tests of the parallel GeoJSON reader: the same dataset as one stream, whatever the cuts.

use super::*;
use crate::data::Value;

#[test]
fn the_features_array_is_found_after_other_members() {
    let doc = br#"{"type": "FeatureCollection", "name": "a \"features\" [x", "crs": {"type": "name", "properties": {"features": 1}}, "features" : [ {}]}"#;
    let at = match features_array(doc) {
        Head::At(at) => at,
        other => panic!("{other:?}"),
    };
    assert_eq!(&doc[at..at + 3], b" {}");
    assert_eq!(features_array(&doc[..20]), Head::NeedMore);
    assert_eq!(
        features_array(br#"{"type": "Feature", "geometry": null, "properties": {}}"#),
        Head::NotCollection
    );
    assert_eq!(features_array(b"[{\"fields\": {}}]"), Head::NotCollection);
}

#[test]
fn boundaries_skip_commas_and_brackets_inside_strings_and_objects() {
    let body = br#"{"a": [1, 2], "b": "x,]\"}"} , {"c": {"d": ","}} ] rest"#;
    let mut scanner = Scanner::default();
    let first = scanner.next_boundary(body, 0).map(|b| b.at);
    assert_eq!(first, Some(29));
    let second = scanner.next_boundary(body, 30);
    assert_eq!(second, Some(Boundary { at: 49, end: true }));
    // The same, fed one byte at a time.
    let mut scanner = Scanner::default();
    let mut found = Vec::new();
    let mut from = 0;
    for len in 1..=body.len() {
        while let Some(b) = scanner.next_boundary(&body[..len], from) {
            from = b.at + 1;
            found.push(b.at);
            if b.end {
                break;
            }
        }
        from = from.max(len);
        if found.len() == 2 {
            break;
        }
    }
    assert_eq!(found, vec![29, 49]);
}

/// A collection of `n` features whose types and columns vary along the file.
fn collection(n: usize) -> String {
    let mut features = Vec::new();
    for i in 0..n {
        let extra = if i % 7 == 3 {
            format!(r#", "tard": "v{}""#, i % 3)
        } else {
            String::new()
        };
        let numero = if i == n / 2 {
            "\"12 bis\"".to_owned()
        } else {
            i.to_string()
        };
        let geometry = if i % 11 == 5 {
            "null".to_owned()
        } else {
            format!(
                r#"{{"type": "Point", "coordinates": [{}, 47.4]}}"#,
                i as f64 * 0.001
            )
        };
        features.push(format!(
            r#"{{"type": "Feature", "properties": {{"id": "a{i}", "numero": {numero}, "voie": "Rue \"{}\", Angers"{extra}}}, "geometry": {geometry}}}"#,
            i % 5
        ));
    }
    format!(
        r#"{{"type": "FeatureCollection", "crs": {{"type": "name", "properties": {{"name": "urn:ogc:def:crs:EPSG::2154"}}}}, "features": [
{}
], "name": "essai"}}"#,
        features.join(",\n")
    )
}

#[test]
fn runs_read_in_parallel_give_the_dataset_of_one_stream() {
    let text = collection(500);
    let serial = read_geojson_from(text.as_bytes(), None, &Progress::default())
        .map(|raw| (raw.crs.clone(), raw.builder.finish(None)));
    let Ok((serial_crs, serial)) = serial else {
        panic!("the serial reader failed");
    };
    for run_bytes in [1, 100, 5_000, 1 << 20] {
        let progress = Progress::default();
        let raw = match read_with(&mut text.as_bytes(), &progress, run_bytes) {
            Ok(Some(raw)) => raw,
            other => panic!("run of {run_bytes} bytes: {:?}", other.map(|o| o.is_some())),
        };
        assert_eq!(raw.crs, serial_crs);
        let ds = raw.builder.finish(None);
        assert_eq!(ds.len(), serial.len());
        assert_eq!(ds.columns.len(), serial.columns.len());
        for (a, b) in ds.columns.iter().zip(&serial.columns) {
            assert_eq!(a.name, b.name);
            assert_eq!(a.field_type(), b.field_type(), "{}", a.name);
            for row in 0..ds.len() {
                assert_eq!(a.value(row), b.value(row), "{} row {row}", a.name);
            }
        }
        for row in 0..ds.len() {
            assert_eq!(ds.geometry.point(row), serial.geometry.point(row));
        }
        assert_eq!(
            ds.column("numero").map(|c| c.value(250)),
            Some(Value::Text("12 bis"))
        );
    }
}

#[test]
fn damaged_or_other_documents_are_left_to_the_single_stream() {
    let text = collection(50);
    let cut = &text.as_bytes()[..text.len() / 2];
    assert!(matches!(
        read_with(&mut &cut[..], &Progress::default(), 100),
        Ok(None)
    ));
    let broken = text.replacen("\"numero\": 7,", "\"numero\": 7,,", 1);
    assert!(matches!(
        read_with(&mut broken.as_bytes(), &Progress::default(), 100),
        Ok(None)
    ));
    let single = r#"{"type": "Feature", "properties": {"a": 1}, "geometry": null}"#;
    assert!(matches!(
        read_with(&mut single.as_bytes(), &Progress::default(), 100),
        Ok(None)
    ));
}
