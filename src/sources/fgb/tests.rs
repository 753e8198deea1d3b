//! FlatGeobuf files made here (a small FlatBuffers writer for the test), read back: columns of
//! every type, points, polygons with holes, multipolygons, the CRS, the index skipped, faults.

use super::*;
use crate::data::Value;

/// A field of a table to write.
enum F {
    Absent,
    U8(u8),
    U16(u16),
    I32(i32),
    U64(u64),
    Str(&'static str),
    Doubles(Vec<f64>),
    U32s(Vec<u32>),
    Bytes(Vec<u8>),
    Table(Vec<F>),
    Tables(Vec<Vec<F>>),
}

/// Writes a table (vtable first, children after it), returning where the table starts.
fn table(buf: &mut Vec<u8>, fields: &[F]) -> usize {
    let sizes: Vec<usize> = fields
        .iter()
        .map(|f| match f {
            F::Absent => 0,
            F::U8(_) => 1,
            F::U16(_) => 2,
            F::I32(_) => 4,
            F::U64(_) => 8,
            _ => 4,
        })
        .collect();
    let vtable = buf.len();
    buf.extend(((4 + 2 * fields.len()) as u16).to_le_bytes());
    buf.extend(((4 + sizes.iter().sum::<usize>()) as u16).to_le_bytes());
    let mut at = 4;
    for size in &sizes {
        buf.extend((if *size == 0 { 0 } else { at as u16 }).to_le_bytes());
        at += size;
    }
    let start = buf.len();
    buf.extend(((start - vtable) as i32).to_le_bytes());
    let mut slots = Vec::new();
    for field in fields {
        match field {
            F::Absent => {}
            F::U8(v) => buf.push(*v),
            F::U16(v) => buf.extend(v.to_le_bytes()),
            F::I32(v) => buf.extend(v.to_le_bytes()),
            F::U64(v) => buf.extend(v.to_le_bytes()),
            _ => {
                slots.push(buf.len());
                buf.extend([0; 4]);
            }
        }
    }
    let children = fields
        .iter()
        .filter(|f| !matches!(f, F::Absent | F::U8(_) | F::U16(_) | F::I32(_) | F::U64(_)));
    for (slot, child) in slots.into_iter().zip(children) {
        let target = child_of(buf, child);
        patch(buf, slot, target);
    }
    start
}

fn patch(buf: &mut [u8], slot: usize, target: usize) {
    buf[slot..slot + 4].copy_from_slice(&((target - slot) as u32).to_le_bytes());
}

/// Writes what an offset field points to, returning where it starts.
fn child_of(buf: &mut Vec<u8>, field: &F) -> usize {
    let start = buf.len();
    let vector = |buf: &mut Vec<u8>, len: usize, bytes: Vec<u8>| {
        buf.extend((len as u32).to_le_bytes());
        buf.extend(bytes);
    };
    match field {
        F::Str(s) => {
            vector(buf, s.len(), s.as_bytes().to_vec());
            buf.push(0);
        }
        F::Doubles(v) => vector(
            buf,
            v.len(),
            v.iter().flat_map(|d| d.to_le_bytes()).collect(),
        ),
        F::U32s(v) => vector(
            buf,
            v.len(),
            v.iter().flat_map(|d| d.to_le_bytes()).collect(),
        ),
        F::Bytes(v) => vector(buf, v.len(), v.clone()),
        F::Table(fields) => return table(buf, fields),
        F::Tables(tables) => {
            vector(buf, tables.len(), vec![0; 4 * tables.len()]);
            for (i, fields) in tables.iter().enumerate() {
                let at = table(buf, fields);
                patch(buf, start + 4 + 4 * i, at);
            }
        }
        _ => {}
    }
    start
}

/// A FlatBuffers buffer whose root is the table `fields`.
fn root(fields: &[F]) -> Vec<u8> {
    let mut buf = vec![0; 4];
    let at = table(&mut buf, fields);
    patch(&mut buf, 0, at);
    buf
}

/// A feature: geometry (its fields) and a properties buffer.
fn feature(geometry: Vec<F>, properties: Vec<u8>) -> Vec<u8> {
    root(&[F::Table(geometry), F::Bytes(properties)])
}

/// A whole file: magic, header, an index of `index_node_size` (bytes of zeros), the features.
fn file(header: Vec<F>, index_bytes: usize, features: &[Vec<u8>]) -> Vec<u8> {
    let header = root(&header);
    let mut out = b"fgb\x03fgb\x00".to_vec();
    out.extend((header.len() as u32).to_le_bytes());
    out.extend(header);
    out.extend(vec![0; index_bytes]);
    for f in features {
        out.extend((f.len() as u32).to_le_bytes());
        out.extend(f);
    }
    out
}

fn read(bytes: &[u8]) -> Result<crate::data::Dataset, SourceError> {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("f.fgb");
    std::fs::write(&path, bytes).expect("write");
    let raw = read_fgb(&path, &Progress::default())?;
    Ok(raw.builder.finish(raw.crs))
}

fn column(name: &'static str, kind: u8) -> Vec<F> {
    vec![F::Str(name), F::U8(kind)]
}

#[test]
fn columns_geometries_crs_and_index_are_read() {
    // Header: name, envelope, geometry type Unknown (per feature), no z/m/t/tm, columns, count 3,
    // index node size 16, CRS EPSG:4326.
    let header = vec![
        F::Str("essai"),
        F::Absent,
        F::U8(0),
        F::Absent,
        F::Absent,
        F::Absent,
        F::Absent,
        F::Tables(vec![
            column("nom", 11),
            column("n", 5),
            column("ok", 2),
            column("x", 10),
        ]),
        F::U64(3),
        F::U16(16),
        F::Table(vec![F::Absent, F::I32(4326)]),
    ];
    let mut props = Vec::new();
    props.extend(0u16.to_le_bytes());
    props.extend(5u32.to_le_bytes());
    props.extend(b"Angle");
    props.extend(1u16.to_le_bytes());
    props.extend((-7i32).to_le_bytes());
    props.extend(2u16.to_le_bytes());
    props.push(1);
    props.extend(3u16.to_le_bytes());
    props.extend(2.5f64.to_le_bytes());
    let point = feature(
        vec![
            F::Absent,
            F::Doubles(vec![-0.55, 47.47]),
            F::Absent,
            F::Absent,
            F::Absent,
            F::Absent,
            F::U8(1),
        ],
        props,
    );
    // A polygon with a hole: ends after each ring (in positions).
    let ring = vec![
        0.0, 0.0, 4.0, 0.0, 4.0, 4.0, 0.0, 0.0, 1.0, 1.0, 2.0, 1.0, 2.0, 2.0, 1.0, 1.0,
    ];
    let polygon = feature(
        vec![
            F::U32s(vec![4, 8]),
            F::Doubles(ring),
            F::Absent,
            F::Absent,
            F::Absent,
            F::Absent,
            F::U8(3),
        ],
        Vec::new(),
    );
    let part = |x: f64| {
        vec![
            F::Absent,
            F::Doubles(vec![x, 0.0, x + 1.0, 0.0, x + 1.0, 1.0, x, 0.0]),
        ]
    };
    let multi = feature(
        vec![
            F::Absent,
            F::Absent,
            F::Absent,
            F::Absent,
            F::Absent,
            F::Absent,
            F::U8(6),
            F::Tables(vec![part(10.0), part(20.0)]),
        ],
        Vec::new(),
    );
    // Three features, node size 16: the leaves (3) and the root (1), 40 bytes each.
    let bytes = file(header, 4 * 40, &[point, polygon, multi]);
    no_panic_on_damage(&bytes);
    let ds = read(&bytes).expect("reads");
    assert_eq!(ds.len(), 3);
    assert_eq!(ds.source_crs.as_deref(), Some("EPSG:4326"));
    assert_eq!(ds.geometry.point(0), Some([-0.55, 47.47]));
    assert_eq!(
        ds.column("nom").map(|c| c.value(0)),
        Some(Value::Text("Angle"))
    );
    assert_eq!(ds.column("n").map(|c| c.value(0)), Some(Value::Integer(-7)));
    assert_eq!(
        ds.column("ok").map(|c| c.value(0)),
        Some(Value::Boolean(true))
    );
    assert_eq!(ds.column("x").map(|c| c.value(0)), Some(Value::Float(2.5)));
    assert_eq!(ds.column("nom").map(|c| c.value(1)), Some(Value::Null));
    assert_eq!(ds.geometry.kind(1), GeomKind::Polygon);
    assert_eq!(
        ds.geometry.parts(1).next().map(Iterator::count),
        Some(2),
        "shell and hole"
    );
    assert_eq!(ds.geometry.kind(2), GeomKind::MultiPolygon);
    assert_eq!(ds.geometry.parts(2).count(), 2);

    // Cut in the header or before the first feature, the file is refused in words; cut in a
    // later feature, the features before the cut are kept. Never read past its end.
    for cut in [5, 11, 40] {
        let error = read(&bytes[..cut]).expect_err("cut short").to_string();
        assert!(error.contains("FlatGeobuf"), "{error}");
    }
    let kept = read(&bytes[..bytes.len() - 3]).expect("kept up to the cut");
    assert_eq!(kept.len(), 2);
    assert_eq!(kept.issues.len(), 1);
}

/// Every byte of the file changed in turn (and the file cut after it) never panics the reader;
/// the wider mutation fuzzing of the other formats lives in `tests/data/fuzz.rs`.
fn no_panic_on_damage(bytes: &[u8]) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("f.fgb");
    for at in 0..bytes.len() {
        for value in [0x00, 0xff, bytes[at] ^ 0x80] {
            let mut damaged = bytes.to_vec();
            damaged[at] = value;
            std::fs::write(&path, &damaged).expect("write");
            let _ = read_fgb(&path, &Progress::default());
        }
        std::fs::write(&path, &bytes[..at]).expect("write");
        let _ = read_fgb(&path, &Progress::default());
    }
}

#[test]
fn the_index_size_follows_the_format() {
    assert_eq!(index_size(0, 16), Some(0));
    assert_eq!(index_size(10, 0), Some(0));
    assert_eq!(index_size(1, 16), Some(80));
    assert_eq!(index_size(3, 16), Some(160));
    // 179 countries, nodes of 16: 179 + 12 + 1.
    assert_eq!(index_size(179, 16), Some(192 * 40));
}

#[test]
fn a_written_file_reads_back_the_same_geometries_and_values() {
    let text = r#"{"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"nom": "Point", "n": 1, "x": 0.5, "ok": true},
         "geometry": {"type": "Point", "coordinates": [-0.55, 47.47]}},
        {"type": "Feature", "properties": {"nom": "Trou", "n": null, "x": -2.25, "ok": false},
         "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]],
            [[1, 1], [1, 2], [2, 2], [1, 1]]]}},
        {"type": "Feature", "properties": {"nom": "Îles « deux »", "n": 3},
         "geometry": {"type": "MultiPolygon", "coordinates": [
            [[[0, 0], [1, 0], [1, 1], [0, 0]]],
            [[[5, 5], [6, 5], [6, 6], [5, 5]], [[5.2, 5.1], [5.8, 5.1], [5.8, 5.5], [5.2, 5.1]]]]}},
        {"type": "Feature", "properties": {"nom": "Lignes"},
         "geometry": {"type": "MultiLineString", "coordinates": [[[0, 0], [1, 1]], [[2, 2], [3, 3], [4, 2]]]}},
        {"type": "Feature", "properties": {"nom": "Semis"},
         "geometry": {"type": "MultiPoint", "coordinates": [[0, 0], [1, 1], [2, 3]]}},
        {"type": "Feature", "properties": {"nom": "Rien"}, "geometry": null},
        {"type": "Feature", "properties": {"nom": "Trait"},
         "geometry": {"type": "LineString", "coordinates": [[7, 7], [8, 9]]}}]}"#;
    let raw =
        crate::sources::geojson::read_geojson_from(text.as_bytes(), None, &Progress::default())
            .expect("GeoJSON");
    let written = raw.builder.finish(raw.crs);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("essai.fgb");
    write::write_fgb(&path, "essai", &written).expect("written");
    let bytes = std::fs::read(&path).expect("file");
    let back = read(&bytes).expect("read back");
    assert_eq!(back.len(), written.len());
    assert_eq!(back.source_crs.as_deref(), Some("EPSG:4326"));
    for row in 0..written.len() {
        assert_eq!(
            back.geometry.kind(row),
            written.geometry.kind(row),
            "row {row}"
        );
        let parts = |ds: &crate::data::Dataset| -> Vec<Vec<Vec<[f64; 2]>>> {
            ds.geometry
                .parts(row)
                .map(|p| p.map(<[_]>::to_vec).collect())
                .collect()
        };
        assert_eq!(parts(&back), parts(&written), "row {row}");
        for column in &written.columns {
            let other = back.column(&column.name).expect("same columns");
            assert_eq!(
                other.value(row),
                column.value(row),
                "{} row {row}",
                column.name
            );
        }
    }
}

#[test]
fn a_cut_file_keeps_the_features_before_the_cut_and_says_so() {
    let text = r#"{"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"n": 1}, "geometry": {"type": "Point", "coordinates": [0, 0]}},
        {"type": "Feature", "properties": {"n": 2}, "geometry": {"type": "Point", "coordinates": [1, 1]}},
        {"type": "Feature", "properties": {"n": 3}, "geometry": {"type": "Point", "coordinates": [2, 2]}}]}"#;
    let raw =
        crate::sources::geojson::read_geojson_from(text.as_bytes(), None, &Progress::default())
            .expect("GeoJSON");
    let written = raw.builder.finish(raw.crs);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("points.fgb");
    write::write_fgb(&path, "points", &written).expect("written");
    let bytes = std::fs::read(&path).expect("file");
    let cut = read(&bytes[..bytes.len() - 10]).expect("read up to the cut");
    assert_eq!(cut.len(), 2);
    assert_eq!(cut.issues.len(), 1, "{:?}", cut.issues);
    assert!(cut.issues[0].message.contains('2') && cut.issues[0].message.contains('3'));
    let whole = read(&bytes).expect("whole");
    assert!(whole.issues.is_empty());
    let header_end = 12 + u32_at(&bytes, 8).expect("size") as usize;
    assert!(read(&bytes[..header_end + 2]).is_err(), "nothing to keep");
}
