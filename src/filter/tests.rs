//! Filter tests: parsing, printing, evaluation, and the same rows after a round trip through ODSQL.

use super::*;
use crate::data::Dataset;
use crate::jobs::Progress;

fn dataset() -> Dataset {
    let text = r#"{"type": "FeatureCollection", "features": [
      {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-0.55, 47.47]},
       "properties": {"commune": "Angers", "voie": "Rue de l'Hôtel de Ville", "numero": 1, "surface": 12.5, "ouvert": true, "maj": "2024-06-01", "code_postal": "49100"}},
      {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-0.56, 47.48]},
       "properties": {"commune": "Angers", "voie": "Boulevard Foch", "numero": 12, "surface": 3.0, "ouvert": false, "maj": "2023-01-15", "code_postal": "49000"}},
      {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-0.60, 47.50]},
       "properties": {"commune": "Avrillé", "voie": "Rue Victor Hugo", "numero": 30, "surface": null, "ouvert": true, "maj": "2025-03-10", "code_postal": "49240"}},
      {"type": "Feature", "geometry": null,
       "properties": {"commune": "Saint-Barthélemy-d'Anjou", "voie": null, "numero": null, "surface": 40, "ouvert": null, "maj": null, "code_postal": null}}
    ]}"#;
    let raw =
        crate::sources::geojson::read_geojson_from(text.as_bytes(), None, &Progress::default())
            .expect("test data");
    raw.builder.finish(None)
}

fn rows(filter: &str) -> Vec<usize> {
    let ds = dataset();
    let expr = parse(filter).unwrap_or_else(|e| panic!("{filter}: {e}"));
    let local: Vec<usize> = evaluate(&expr, &ds)
        .expect("evaluates")
        .iter_ones()
        .collect();
    // Printed for the portal and read again, the filter keeps the same rows.
    let printed = to_odsql(&expr);
    let again = parse(&printed).unwrap_or_else(|e| panic!("{printed}: {e}"));
    let round: Vec<usize> = evaluate(&again, &ds)
        .expect("evaluates")
        .iter_ones()
        .collect();
    assert_eq!(local, round, "{filter} → {printed}");
    local
}

#[test]
fn comparisons_on_each_type() {
    assert_eq!(rows(r#"commune = "Angers""#), [0, 1]);
    assert_eq!(rows(r#"commune != "Angers""#), [2, 3]);
    assert_eq!(rows("numero >= 12"), [1, 2]);
    assert_eq!(rows("numero < 12"), [0]);
    assert_eq!(rows("surface > 10"), [0, 3]);
    assert_eq!(rows("maj >= date'2024-01-01'"), [0, 2]);
    assert_eq!(rows(r#"maj < "2024/01/01""#), [1]);
    assert_eq!(rows("ouvert"), [0, 2]);
    assert_eq!(rows("ouvert is false"), [1]);
    assert_eq!(
        rows("code_postal = 49100"),
        [0],
        "codes kept as text compare with numbers"
    );
}

#[test]
fn lists_ranges_nulls_words_and_prefixes() {
    assert_eq!(
        rows(r#"commune IN ("Avrillé", "Saint-Barthélemy-d'Anjou")"#),
        [2, 3]
    );
    assert_eq!(rows("numero IN [1..12]"), [0, 1]);
    assert_eq!(rows("numero IN ]1..30]"), [1, 2]);
    assert_eq!(rows("surface IS NULL"), [2]);
    assert_eq!(rows("voie is not null"), [0, 1, 2]);
    assert_eq!(
        rows(r#"voie LIKE "hotel ville""#),
        [0],
        "words, case and accents ignored"
    );
    assert_eq!(rows(r#"voie like "victor""#), [2]);
    assert_eq!(rows(r#"startswith(voie, "Rue")"#), [0, 2]);
    assert_eq!(
        rows(r#"startswith(voie, "rue")"#),
        Vec::<usize>::new(),
        "case-sensitive"
    );
}

#[test]
fn boolean_logic_and_precedence() {
    assert_eq!(rows(r#"commune = "Angers" AND numero > 5"#), [1]);
    assert_eq!(rows(r#"numero = 1 OR numero = 30 AND ouvert"#), [0, 2]);
    assert_eq!(rows(r#"(numero = 1 OR numero = 12) AND NOT ouvert"#), [1]);
    assert_eq!(rows(r#"NOT (commune = "Angers" OR surface IS NULL)"#), [3]);
    assert_eq!(
        rows("in_bbox(geo_point_2d, 47.46, -0.57, 47.49, -0.54)"),
        [0, 1]
    );
}

#[test]
fn printing_quotes_what_must_be() {
    let expr = parse(r#"`ma colonne` = "l'\"îlot\"" AND `not` is true"#).expect("parse");
    assert_eq!(
        to_odsql(&expr),
        r#"`ma colonne` = "l'\"îlot\"" AND `not` = true"#
    );
}

#[test]
fn errors_say_where() {
    for (text, position) in [
        ("", 0),
        ("commune =", 9),
        (r#"commune = "Angers"#, 10),
        ("numero >= 12 AND", 16),
        ("numero ~ 3", 7),
        (r#"commune = "a" extra"#, 14),
        ("numero IN [1..", 14),
        ("maj > date'hier'", 6),
        ("(numero = 1", 11),
    ] {
        let error = parse(text).expect_err(text);
        assert_eq!(error.position, position, "{text}: {}", error.message);
        assert!(!error.message.is_empty());
    }
    let ds = dataset();
    let unknown = evaluate(&parse("absent = 1").expect("parse"), &ds).expect_err("unknown field");
    assert!(unknown.0.contains("absent"), "{}", unknown.0);
    let mismatch = evaluate(&parse("numero = true").expect("parse"), &ds).expect_err("type");
    assert!(mismatch.0.contains("numero"), "{}", mismatch.0);
}

#[test]
fn spatial_conditions_filter_locally_and_print_for_the_portal() {
    // Row 1 is about 1.34 km from row 0 in Lambert-93; row 2 about 5.5 km.
    assert_eq!(
        rows("within_distance(geo_point_2d, geom'POINT(-0.55 47.47)', 1km)"),
        [0]
    );
    assert_eq!(
        rows("within_distance(geo_point_2d, GEOM'POINT(-0.55 47.47)', 1500m)"),
        [0, 1]
    );
    assert_eq!(
        rows(
            r#"within_distance(geo_point_2d, geom'{"type": "Point", "coordinates": [-0.55, 47.47]}', 0)"#
        ),
        [0]
    );
    assert_eq!(
        rows(
            "intersects(geo_shape, geom'POLYGON((-0.57 47.46, -0.54 47.46, -0.54 47.49, -0.57 47.49))')"
        ),
        [0, 1]
    );
    assert_eq!(
        rows(
            "NOT intersects(geo_shape, geom'POLYGON((-0.57 47.46, -0.54 47.46, -0.54 47.49))') AND commune = \"Avrillé\""
        ),
        [2]
    );
}

#[test]
fn spatial_conditions_round_trip_through_odsql() {
    for text in [
        "within_distance(geo_point_2d, geom'POINT(-0.5537123 47.4716)', 300m)",
        "within_distance(`ma géo`, geom'POINT(-0.55 47.47)', 1.5km)",
        "within_distance(geo, geom'POINT(-0.55 47.47)', 2mi) OR numero = 3",
        "intersects(geo_shape, geom'POLYGON((-0.56 47.46, -0.54 47.46, -0.55 47.48))')",
        r#"intersects(geo_shape, geom'{"type":"Polygon","coordinates":[[[-0.56,47.46],[-0.54,47.46],[-0.55,47.48],[-0.56,47.46]]]}')"#,
    ] {
        let expr = parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        let printed = to_odsql(&expr);
        assert_eq!(parse(&printed), Ok(expr), "{text} → {printed}");
    }
    let expr = Expr::WithinDistance {
        field: "geo_point_2d".into(),
        lon: -0.5537,
        lat: 47.4716,
        metres: 300.0,
    };
    assert_eq!(
        to_odsql(&expr),
        "within_distance(geo_point_2d, geom'POINT(-0.5537 47.4716)', 300m)"
    );
    assert_eq!(parse(&to_odsql(&expr)), Ok(expr));
    let drawn = Expr::Intersects {
        field: "geo_shape".into(),
        polygon: vec![
            [-0.56, 47.46],
            [-0.54, 47.46],
            [-0.55, 47.48],
            [-0.56, 47.46],
        ],
    };
    assert_eq!(
        to_odsql(&drawn),
        "intersects(geo_shape, geom'POLYGON((-0.56 47.46, -0.54 47.46, -0.55 47.48, -0.56 47.46))')"
    );
    assert_eq!(parse(&to_odsql(&drawn)), Ok(drawn));
}

#[test]
fn spatial_errors_say_where() {
    for (text, position) in [
        ("within_distance(geo, geom'POINT(-0.55)', 300m)", 21),
        ("within_distance(geo, geom'POINT(-0.55 47.47)', -300m)", 47),
        (
            "within_distance(geo, geom'POINT(-0.55 47.47)', \"300m\")",
            47,
        ),
        ("within_distance(geo, geom'POINT(-0.55 147.47)', 300m)", 21),
        ("intersects(geo, geom'POLYGON((0 0, 1 1, 0 0))')", 16),
        ("intersects(geo, geom'POINT(0 0)')", 0),
        ("intersects(geo, geom'POLYGON((0 0, 1 0, 1 1)')", 16),
    ] {
        let error = parse(text).expect_err(text);
        assert_eq!(error.position, position, "{text}: {}", error.message);
        assert!(!error.message.is_empty());
    }
}

#[test]
fn full_text_search_on_fields_or_everywhere() {
    // The last word is a prefix; the others allow a typo, as on the portal.
    assert_eq!(rows(r#"search(voie, "hotel vil")"#), vec![0]);
    assert_eq!(rows(r#"search(voie, "hotl ville")"#), vec![0]);
    assert_eq!(rows(r#"search(*, "avril")"#), vec![2]);
    assert_eq!(rows(r#"search(commune, voie, "angers foch")"#), vec![1]);
    // A bare quoted text searches every field; several are combined like conditions.
    assert_eq!(rows(r#""rue" AND NOT "hugo""#), vec![0]);
    assert_eq!(rows(r#""49100" OR "foch""#), vec![0, 1]);
    assert_eq!(rows(r#"suggest(voie, "boul")"#), vec![1]);
    assert!(parse(r#"search(voie)"#).is_err());
    let expr = parse(r#""victor hugo""#).expect("bare text");
    assert_eq!(to_odsql(&expr), r#"search(*, "victor hugo")"#);
    assert_eq!(expr.fields(), Vec::<&str>::new());
}

/// The obvious row-by-row meaning of a condition, to check the word-at-a-time evaluation against.
fn reference(expr: &Expr, ds: &Dataset, row: usize) -> bool {
    use crate::data::Value;
    use std::cmp::Ordering;
    let number_text = |x: f64| {
        if x.fract() == 0.0 {
            format!("{x:.0}")
        } else {
            x.to_string()
        }
    };
    let order = |cell: Value<'_>, literal: &Literal| -> Option<Ordering> {
        match (cell, literal) {
            (Value::Integer(i), Literal::Number(x)) => (i as f64).partial_cmp(x),
            (Value::Float(f), Literal::Number(x)) => f.partial_cmp(x),
            (Value::Text(t), Literal::Text(l)) => Some(t.cmp(l.as_str())),
            (Value::Text(t), Literal::Number(x)) => Some(t.cmp(number_text(*x).as_str())),
            (Value::Date(d), Literal::Date(l)) => Some(d.cmp(l)),
            (Value::Boolean(b), Literal::Boolean(l)) => Some(b.cmp(l)),
            _ => None,
        }
    };
    let holds = |op: CompareOp, o: Ordering| match op {
        CompareOp::Eq => o.is_eq(),
        CompareOp::Ne => o.is_ne(),
        CompareOp::Lt => o.is_lt(),
        CompareOp::Le => o.is_le(),
        CompareOp::Gt => o.is_gt(),
        CompareOp::Ge => o.is_ge(),
    };
    let cell = |field: &str| ds.column(field).expect("field").value(row);
    match expr {
        Expr::And(parts) => parts.iter().all(|p| reference(p, ds, row)),
        Expr::Or(parts) => parts.iter().any(|p| reference(p, ds, row)),
        Expr::Not(inner) => !reference(inner, ds, row),
        Expr::Compare { field, op, value } => {
            order(cell(field), value).is_some_and(|o| holds(*op, o))
        }
        Expr::InList { field, values } => values
            .iter()
            .any(|v| order(cell(field), v) == Some(Ordering::Equal)),
        Expr::IsNull { field, negated } => matches!(cell(field), Value::Null) != *negated,
        other => panic!("no reference for {other:?}"),
    }
}

#[test]
fn word_at_a_time_masks_match_row_by_row_on_every_type() {
    // Enough rows for the parallel path, and a length that is not a multiple of 64.
    let rows = 50_001;
    let mut b = crate::data::DatasetBuilder::new(false);
    let [n, f, t, d, o] = ["n", "f", "t", "d", "o"].map(|name| b.add_column(name));
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move |m: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % m
    };
    for _ in 0..rows {
        b.geometry.push_point([-0.55, 47.47]);
        match next(10) {
            0 => b.column(n).push_null(),
            k => b.column(n).push_int(k as i64 * 3),
        }
        match next(12) {
            0 => b.column(f).push_null(),
            1 => b.column(f).push_float(f64::NAN),
            k => b.column(f).push_float(k as f64 / 4.0),
        }
        match next(6) {
            0 => b.column(t).push_null(),
            k => b
                .column(t)
                .push_text(["", "Angers", "Avrillé", "49100", "Trélazé"][k as usize - 1]),
        }
        match next(8) {
            0 => b.column(d).push_null(),
            k => b.column(d).push_date(19_000 + k as i32),
        }
        match next(3) {
            0 => b.column(o).push_null(),
            k => b.column(o).push_bool(k == 1),
        }
        b.end_row();
    }
    let ds = b.finish(None);
    for filter in [
        "n = 9",
        "n != 9",
        "n < 12",
        "n <= 12",
        "n > 12.5",
        "n >= 27",
        "f = 0.5",
        "f != 0.5",
        "f < 1",
        "f >= 2",
        r#"t = "Angers""#,
        r#"t != "Angers""#,
        r#"t < "Avrillé""#,
        "t = 49100",
        r#"t in ("Angers", "Trélazé", 49100)"#,
        r#"t in ("absent")"#,
        "n in (3, 9, 27)",
        "d = date'2022-01-08'",
        "d > date'2022-01-05'",
        "o",
        "o is false",
        "n is null",
        "f is not null",
        "t is null",
        "d is not null",
        "o is null",
        r#"not (t = "Angers" or n >= 15) and f is not null"#,
    ] {
        let expr = parse(filter).unwrap_or_else(|e| panic!("{filter}: {e}"));
        let mask = evaluate(&expr, &ds).unwrap_or_else(|e| panic!("{filter}: {e}"));
        assert_eq!(mask.len(), rows);
        let expected: Vec<usize> = (0..rows).filter(|&r| reference(&expr, &ds, r)).collect();
        assert!(
            mask.iter_ones().eq(expected.iter().copied()),
            "{filter}: {} rows instead of {}",
            mask.count_ones(),
            expected.len()
        );
    }
}
