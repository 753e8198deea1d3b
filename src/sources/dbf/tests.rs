//! Tests of the `.dbf` reader and writer: round trips, encodings, deleted and damaged records.

use std::io::Cursor;
use std::path::Path;

use encoding_rs::Encoding;

use super::*;
use crate::data::column::parse_date;
use crate::data::{Dataset, DatasetBuilder, FieldType, IssueKind, Value};
use crate::jobs::Progress;
use crate::sources::SourceError;

fn table(
    fields: &[DbfField],
    rows: Vec<Vec<DbfValue>>,
    encoding: &'static Encoding,
    ldid: u8,
) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    write_dbf_to(&mut out, fields, rows, encoding, ldid).expect("table written");
    out.into_inner()
}

fn read(bytes: &[u8], options: DbfOptions<'_>) -> Result<Dataset, SourceError> {
    let mut builder = DatasetBuilder::new(false);
    read_dbf(
        bytes,
        options,
        Path::new("t.dbf"),
        &mut builder,
        &Progress::default(),
    )?;
    Ok(builder.finish(None))
}

fn texts(ds: &Dataset, column: usize) -> Vec<String> {
    (0..ds.len())
        .map(|i| ds.columns[column].value(i).to_string())
        .collect()
}

const FRENCH: [&str; 3] = [
    "Rue de l'Hôtel de Ville",
    "Œuvre",
    "Saint-Barthélemy-d'Anjou",
];

fn french_rows() -> Vec<Vec<DbfValue>> {
    FRENCH
        .iter()
        .map(|t| vec![DbfValue::Text((*t).into())])
        .collect()
}

#[test]
fn each_type_round_trips_with_nulls() {
    let fields = [
        DbfField::character("nom", 30),
        DbfField::numeric("entier", 10, 0),
        DbfField::numeric("surface", 12, 3),
        DbfField::logical("actif"),
        DbfField::date("maj"),
    ];
    let day = parse_date("2023-05-01").expect("date");
    let rows = vec![
        vec![
            DbfValue::Text("Rue Lenepveu".into()),
            DbfValue::Integer(42),
            DbfValue::Float(12.5),
            DbfValue::Boolean(true),
            DbfValue::Date(day),
        ],
        vec![
            DbfValue::Null,
            DbfValue::Null,
            DbfValue::Null,
            DbfValue::Null,
            DbfValue::Null,
        ],
        vec![
            DbfValue::Text("x".into()),
            DbfValue::Integer(-7),
            DbfValue::Integer(3),
            DbfValue::Boolean(false),
            DbfValue::Date(0),
        ],
    ];
    let bytes = table(&fields, rows, encoding_rs::WINDOWS_1252, 0x57);
    assert_eq!(
        (bytes[0], bytes[4], bytes[29], bytes[bytes.len() - 1]),
        (0x03, 3, 0x57, 0x1A)
    );
    let ds = read(&bytes, DbfOptions::default()).expect("table read");
    let types: Vec<FieldType> = ds.columns.iter().map(|c| c.field_type()).collect();
    use FieldType::*;
    assert_eq!(types, [Text, Integer, Float, Boolean, Date]);
    let row = |i: usize| ds.columns.iter().map(|c| c.value(i)).collect::<Vec<_>>();
    assert_eq!(
        row(0),
        [
            Value::Text("Rue Lenepveu"),
            Value::Integer(42),
            Value::Float(12.5),
            Value::Boolean(true),
            Value::Date(day)
        ]
    );
    assert!(row(1).iter().all(|v| *v == Value::Null));
    assert_eq!(
        row(2)[1..],
        [
            Value::Integer(-7),
            Value::Float(3.0),
            Value::Boolean(false),
            Value::Date(0)
        ]
    );
    assert_eq!(ds.len(), 3);
}

#[test]
fn cp1252_text_is_decoded_without_cpg() {
    for ldid in [0x57, 0x00] {
        let bytes = table(
            &[DbfField::character("voie", 40)],
            french_rows(),
            encoding_rs::WINDOWS_1252,
            ldid,
        );
        assert!(bytes.contains(&0x8C), "Œ is 0x8C in CP1252");
        let ds = read(&bytes, DbfOptions::default()).expect("table read");
        assert_eq!(texts(&ds, 0), FRENCH, "language driver {ldid:#x}");
        assert!(ds.issues.iter().all(|i| i.kind != IssueKind::InvalidText));
    }
}

#[test]
fn cpg_names_the_encoding() {
    let utf8 = table(
        &[DbfField::character("voie", 40)],
        french_rows(),
        encoding_rs::UTF_8,
        0x00,
    );
    let ds = read(
        &utf8,
        DbfOptions {
            cpg: Some("UTF-8\r\n"),
            ..DbfOptions::default()
        },
    )
    .expect("read");
    assert_eq!(texts(&ds, 0), FRENCH);
    let ansi = table(
        &[DbfField::character("voie", 40)],
        french_rows(),
        encoding_rs::WINDOWS_1252,
        0xC9,
    );
    let ds = read(
        &ansi,
        DbfOptions {
            cpg: Some("1252"),
            ..DbfOptions::default()
        },
    )
    .expect("read");
    assert_eq!(
        texts(&ds, 0),
        FRENCH,
        "the .cpg wins over the header's language driver"
    );
}

#[test]
fn encodings_come_from_cpg_labels_then_language_drivers() {
    use encoding_rs::*;
    let cases = [
        (Some("UTF8"), 0x57, UTF_8),
        (Some("65001"), 0x00, UTF_8),
        (Some("CP1252"), 0xC9, WINDOWS_1252),
        (Some("ANSI 1251"), 0x00, WINDOWS_1251),
        (Some("ISO-8859-1"), 0x00, WINDOWS_1252),
        (Some("88591"), 0x00, WINDOWS_1252),
        (Some("8859-15"), 0x00, ISO_8859_15),
        (Some("nonsense"), 0xC8, WINDOWS_1250),
        (None, 0x03, WINDOWS_1252),
        (None, 0x02, WINDOWS_1252),
        (None, 0x26, IBM866),
        (None, 0x7D, WINDOWS_1255),
        (None, 0x00, WINDOWS_1252),
    ];
    for (cpg, ldid, expected) in cases {
        assert_eq!(detect_encoding(cpg, ldid), expected, "{cpg:?} {ldid:#x}");
    }
}

#[test]
fn deleted_records_are_skipped_unless_kept() {
    let rows = ["a", "b", "c"]
        .iter()
        .map(|t| vec![DbfValue::Text((*t).into())])
        .collect();
    let mut bytes = table(
        &[DbfField::character("k", 10)],
        rows,
        encoding_rs::WINDOWS_1252,
        0x57,
    );
    bytes[65 + 11] = b'*';
    let ds = read(&bytes, DbfOptions::default()).expect("read");
    assert_eq!(texts(&ds, 0), ["a", "c"]);
    let ds = read(
        &bytes,
        DbfOptions {
            keep_deleted: true,
            ..DbfOptions::default()
        },
    )
    .expect("read");
    assert_eq!(texts(&ds, 0), ["a", "b", "c"]);
}

#[test]
fn blank_starred_and_huge_numbers_and_blank_dates() {
    let fields = [DbfField::numeric("n", 20, 0), DbfField::date("d")];
    let rows = (1..=4)
        .map(|i| vec![DbfValue::Integer(i), DbfValue::Date(1)])
        .collect();
    let mut bytes = table(&fields, rows, encoding_rs::WINDOWS_1252, 0x57);
    let record = |i: usize| 97 + i * 29;
    bytes[record(0) + 1..record(0) + 21].copy_from_slice(b"99999999999999999999");
    bytes[record(1) + 1..record(1) + 21].copy_from_slice(&[b'*'; 20]);
    bytes[record(1) + 21..record(1) + 29].copy_from_slice(b"00000000");
    bytes[record(2) + 1..record(2) + 29].copy_from_slice(&[b' '; 28]);
    let ds = read(&bytes, DbfOptions::default()).expect("read");
    let n: Vec<_> = (0..4).map(|i| ds.columns[0].value(i)).collect();
    assert_eq!(
        n,
        [
            Value::Float(1e20),
            Value::Null,
            Value::Null,
            Value::Float(4.0)
        ]
    );
    let d: Vec<_> = (0..4).map(|i| ds.columns[1].value(i)).collect();
    assert_eq!(
        d,
        [Value::Date(1), Value::Null, Value::Null, Value::Date(1)]
    );
}

#[test]
fn undecodable_text_is_counted_and_truncation_keeps_whole_records() {
    let bytes = table(
        &[DbfField::character("voie", 40)],
        french_rows(),
        encoding_rs::WINDOWS_1252,
        0x57,
    );
    let ds = read(
        &bytes,
        DbfOptions {
            cpg: Some("UTF-8"),
            ..DbfOptions::default()
        },
    )
    .expect("read");
    assert!(texts(&ds, 0)[0].contains('\u{FFFD}'));
    assert!(
        ds.issues
            .iter()
            .any(|i| i.kind == IssueKind::InvalidText && i.count == 3)
    );
    let ds = read(&bytes[..bytes.len() - 6], DbfOptions::default()).expect("read");
    assert_eq!(texts(&ds, 0), FRENCH[..2]);
    assert!(
        ds.issues
            .iter()
            .any(|i| i.kind == IssueKind::SkippedRecord && i.count == 1)
    );
}

#[test]
fn garbage_is_an_error_and_never_a_panic() {
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let garbage: Vec<u8> = (0..4096).map(|_| next() as u8).collect();
    assert!(matches!(
        read(&garbage, DbfOptions::default()),
        Err(SourceError::Format(_))
    ));
    let valid = table(
        &[DbfField::character("a", 5), DbfField::numeric("b", 4, 1)],
        vec![],
        encoding_rs::UTF_8,
        0,
    );
    for round in 0..500 {
        let mut bytes: Vec<u8> = valid
            .iter()
            .copied()
            .chain((0..round % 97).map(|_| next() as u8))
            .collect();
        for _ in 0..3 {
            let at = next() as usize % bytes.len();
            bytes[at] = next() as u8;
        }
        let _ = read(&bytes, DbfOptions::default());
        let _ = read(&bytes[..round % bytes.len()], DbfOptions::default());
    }
}

#[test]
fn writer_rejects_values_that_do_not_fit() {
    let write = |field: DbfField, value: DbfValue| {
        let mut out = Cursor::new(Vec::new());
        write_dbf_to(
            &mut out,
            &[field],
            vec![vec![value]],
            encoding_rs::WINDOWS_1252,
            0x57,
        )
    };
    assert!(write(DbfField::numeric("n", 3, 0), DbfValue::Integer(12345)).is_err());
    assert!(write(DbfField::numeric("n", 3, 0), DbfValue::Text("x".into())).is_err());
    assert!(write(DbfField::character("c", 2), DbfValue::Text("abc".into())).is_err());
    assert!(
        write(
            DbfField::character("c", 2),
            DbfValue::Text("\u{4e2d}".into())
        )
        .is_err()
    );
    assert!(write(DbfField::character("a_too_long_name", 2), DbfValue::Null).is_err());
}
