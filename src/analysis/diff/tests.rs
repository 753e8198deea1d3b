//! Change detection on small hand-made versions: keys of mixed types, geometry, duplicates, nulls.

use super::*;
use crate::data::{DatasetBuilder, FieldType, GeomKind};

/// A cell as a reader would push it.
#[derive(Clone, Copy)]
enum Cell<'a> {
    /// Typed by inference: "12" is an integer, "" a null.
    Inferred(&'a str),
    /// Always text, even "12".
    Text(&'a str),
}
use Cell::{Inferred as I, Text as T};

/// Points with the given fields; a `None` position is a feature without geometry.
fn points(fields: &[&str], rows: &[(Option<[f64; 2]>, &[Cell])]) -> Dataset {
    let mut b = DatasetBuilder::new(false);
    let columns: Vec<usize> = fields.iter().map(|f| b.add_column(f)).collect();
    for (position, cells) in rows {
        match position {
            Some(p) => b.geometry.push_point(*p),
            None => b.geometry.push_empty(),
        }
        for (&c, cell) in columns.iter().zip(cells.iter()) {
            match *cell {
                Cell::Inferred(v) => b.column(c).push_inferred(v),
                Cell::Text(v) => b.column(c).push_text(v),
            }
        }
        b.end_row();
    }
    b.finish(None)
}

fn p(i: u32) -> Option<[f64; 2]> {
    Some([-0.55 + f64::from(i) * 0.001, 47.47])
}

fn key(field: &str) -> Match {
    Match::Key(field.into())
}

fn counts(d: &Diff) -> (usize, usize, usize, usize) {
    (
        d.added.len(),
        d.removed.len(),
        d.modified.len(),
        d.unchanged,
    )
}

fn changed(d: &Diff, m: &Modified) -> Vec<String> {
    d.changed_fields(m).map(str::to_owned).collect()
}

#[test]
fn integer_keys_match_the_same_keys_written_as_text() {
    let old = points(
        &["id", "nom", "surface"],
        &[
            (p(1), &[I("12"), I("Mail"), I("100")]),
            (p(2), &[I("7"), I("Lices"), I("250")]),
            (p(3), &[I("3"), I("Doutre"), I("80")]),
        ],
    );
    let new = points(
        &["id", "nom", "surface"],
        &[
            (p(2), &[T(" 7"), I("Lices"), I("250.0")]),
            (p(1), &[T("12"), I("Jardin du Mail"), I("120")]),
            (p(4), &[T("40"), I("Roseraie"), I("60")]),
        ],
    );
    assert_eq!(
        old.column("id").map(|c| c.field_type()),
        Some(FieldType::Integer)
    );
    assert_eq!(
        new.column("id").map(|c| c.field_type()),
        Some(FieldType::Text)
    );
    let d = diff(&old, &new, &key("id")).expect("key in both");
    assert_eq!(counts(&d), (1, 1, 1, 1));
    assert_eq!(d.added, [2]);
    assert_eq!(d.removed, [2]);
    // 250 and 250.0 are the same surface; the moved point is "12", still matched on its key.
    assert_eq!(d.modified.len(), 1);
    let m = &d.modified[0];
    assert_eq!((m.old, m.new, m.geometry), (0, 1, false));
    assert_eq!(changed(&d, m), ["nom", "surface"]);
    assert_eq!(key_text(&new, &d.matched_on, 1), "12");
    assert_eq!(d.fields, ["id", "nom", "surface"]);
    assert_eq!((d.duplicates, d.without_key), Default::default());
}

#[test]
fn a_moved_feature_is_modified_with_its_geometry() {
    let old = points(&["id"], &[(p(1), &[I("1")]), (p(2), &[I("2")])]);
    let new = points(
        &["id"],
        &[
            // Within the tolerance: not a change.
            (Some([-0.549 + 3e-8, 47.47 - 3e-8]), &[I("1")]),
            (p(9), &[I("2")]),
        ],
    );
    let d = diff(&old, &new, &key("id")).expect("key");
    assert_eq!(counts(&d), (0, 0, 1, 1));
    let m = &d.modified[0];
    assert!(m.geometry);
    assert!(m.fields.is_empty());
    assert_eq!((m.old, m.new), (1, 1));
}

#[test]
fn geometry_matching_pairs_identical_shapes_and_lists_field_changes() {
    let old = points(
        &["nom", "etat"],
        &[
            (p(1), &[I("Banc"), I("bon")]),
            (p(2), &[I("Fontaine"), I("bon")]),
            (p(3), &[I("Abri"), I("bon")]),
            (None, &[I("Sans position"), I("bon")]),
        ],
    );
    let new = points(
        &["nom", "etat", "photo"],
        &[
            (p(3), &[I("Abri"), I("usé"), I("abri.jpg")]),
            (Some([-0.549 + 3e-8, 47.47]), &[I("Banc"), I("bon"), I("")]),
            (p(5), &[I("Kiosque"), I("neuf"), I("")]),
            (None, &[I("Sans position"), I("bon"), I("")]),
        ],
    );
    let d = diff(&old, &new, &Match::Geometry).expect("no key needed");
    assert_eq!(counts(&d), (2, 2, 1, 1));
    assert_eq!(d.added, [2, 3]);
    assert_eq!(d.removed, [1, 3]);
    let m = &d.modified[0];
    assert_eq!((m.old, m.new, m.geometry), (2, 0, false));
    assert_eq!(changed(&d, m), ["etat"]);
    assert_eq!(d.added_fields, ["photo"]);
    assert!(d.removed_fields.is_empty());
    assert_eq!(d.without_key, PerVersion { old: 1, new: 1 });
    assert_eq!(key_text(&new, &d.matched_on, 2), "#3");
}

/// A square as a polygon, or as a multipolygon of one part.
fn square(b: &mut DatasetBuilder, x: f64, multi: bool) {
    b.geometry.start_feature(if multi {
        GeomKind::MultiPolygon
    } else {
        GeomKind::Polygon
    });
    b.geometry.start_part();
    b.geometry.start_ring();
    for c in [[x, 47.0], [x + 0.01, 47.0], [x + 0.01, 47.01], [x, 47.0]] {
        b.geometry.push_coord(c);
    }
    b.end_row();
}

#[test]
fn a_polygon_matches_the_same_multipolygon_of_one_part() {
    let mut a = DatasetBuilder::new(false);
    square(&mut a, -0.56, false);
    square(&mut a, -0.50, false);
    let mut b = DatasetBuilder::new(false);
    square(&mut b, -0.56, true);
    square(&mut b, -0.49, true);
    let d = diff(&a.finish(None), &b.finish(None), &Match::Geometry).expect("diff");
    assert_eq!(counts(&d), (1, 1, 0, 1));
}

#[test]
fn duplicate_keys_pair_in_order_and_are_counted() {
    let old = points(
        &["code", "v"],
        &[
            (p(1), &[I("A"), I("1")]),
            (p(2), &[I("A"), I("2")]),
            (p(3), &[I("B"), I("3")]),
        ],
    );
    let new = points(
        &["code", "v"],
        &[
            (p(1), &[I("A"), I("1")]),
            (p(3), &[I("B"), I("3")]),
            (p(2), &[I("A"), I("20")]),
            (p(4), &[I("A"), I("4")]),
        ],
    );
    let d = diff(&old, &new, &key("code")).expect("diff");
    assert_eq!(counts(&d), (1, 0, 1, 2));
    assert_eq!(d.added, [3]);
    assert_eq!((d.modified[0].old, d.modified[0].new), (1, 2));
    assert_eq!(d.duplicates, PerVersion { old: 1, new: 2 });
}

#[test]
fn null_keys_are_never_matched_and_null_fields_compare_as_values() {
    let old = points(
        &["id", "nom"],
        &[
            (p(1), &[I("1"), I("")]),
            (p(2), &[I("2"), I("")]),
            (p(3), &[I(""), I("sans clé")]),
            (p(4), &[I("4"), I("Lac")]),
        ],
    );
    let new = points(
        &["id", "nom"],
        &[
            (p(1), &[I("1"), I("")]),
            (p(2), &[I("2"), I("Parc")]),
            (p(3), &[T("  "), I("sans clé")]),
            (p(4), &[I("4"), I("")]),
        ],
    );
    let d = diff(&old, &new, &key("id")).expect("diff");
    assert_eq!(counts(&d), (1, 1, 2, 1));
    assert_eq!(
        (d.added.as_slice(), d.removed.as_slice()),
        (&[2][..], &[2][..])
    );
    assert_eq!(d.without_key, PerVersion { old: 1, new: 1 });
    assert!(d.modified.iter().all(|m| changed(&d, m) == ["nom"]));
}

#[test]
fn a_key_missing_from_a_version_is_an_error() {
    let old = points(&["id"], &[(p(1), &[I("1")])]);
    let new = points(&["gid"], &[(p(1), &[I("1")])]);
    assert_eq!(
        diff(&old, &new, &key("id")),
        Err(DiffError::MissingKey {
            field: "id".into(),
            old: false
        })
    );
    assert_eq!(
        diff(&old, &new, &key("gid")).map(|_| ()),
        Err(DiffError::MissingKey {
            field: "gid".into(),
            old: true
        })
    );
    let d = diff(&old, &new, &Match::Geometry).expect("geometry needs no key");
    assert_eq!(
        (d.added_fields.as_slice(), d.removed_fields.as_slice()),
        (&["gid".to_owned()][..], &["id".to_owned()][..])
    );
}

#[test]
fn counts_add_up_on_many_shuffled_rows() {
    let n = 20_000u32;
    let build = |rows: &mut dyn Iterator<Item = u32>, bump: u32| {
        let mut b = DatasetBuilder::new(false);
        let (id, v) = (b.add_column("id"), b.add_column("v"));
        for i in rows {
            b.geometry.push_point([-0.6 + f64::from(i) * 1e-5, 47.4]);
            b.column(id).push_int(i64::from(i));
            b.column(v)
                .push_int(i64::from(if i % 10 == 0 { i + bump } else { i }));
            b.end_row();
        }
        b.finish(None)
    };
    // Old: 0..n; new: reversed, without the first 100, with 100 more, every tenth value changed.
    let old = build(&mut (0..n), 0);
    let new = build(&mut (100..n + 100).rev(), 1);
    let d = diff(&old, &new, &key("id")).expect("diff");
    assert_eq!(d.removed.len(), 100);
    assert_eq!(d.added.len(), 100);
    assert_eq!(d.modified.len(), (n as usize - 100) / 10);
    assert_eq!(d.removed.len() + d.modified.len() + d.unchanged, old.len());
    assert_eq!(d.added.len() + d.modified.len() + d.unchanged, new.len());
    let g = diff(&old, &new, &Match::Geometry).expect("diff");
    assert_eq!((g.removed.len(), g.added.len()), (100, 100));
    assert_eq!(g.modified.len(), d.modified.len());
}

#[test]
fn the_default_key_is_an_identifier_both_versions_have() {
    let a = points(&["nom", "GID", "id"], &[(p(1), &[I("a"), I("1"), I("1")])]);
    let b = points(&["gid", "nom"], &[(p(1), &[I("1"), I("a")])]);
    // Fields pair by exact name across versions: only "nom" is common, so geometry it is.
    assert_eq!(default_key(&a, &b), Match::Geometry);
    // Against the known names, case does not matter.
    let c = points(&["GID", "nom"], &[(p(1), &[I("1"), I("b")])]);
    assert_eq!(default_key(&a, &c), key("GID"));
    assert_eq!(common_field_names(&a, &c), ["nom", "GID"]);
    let d = diff(&a, &c, &key("GID")).expect("diff");
    assert_eq!(d.change_count(), 1);
    match d.change(0) {
        Some(Change::Modified(m)) => assert_eq!(changed(&d, m), ["nom"]),
        other => panic!("expected a modified feature, got {other:?}"),
    }
    assert_eq!(d.change(1), None);
    let record = d.change_record(&a, &c, Change::Modified(&d.modified[0]));
    assert_eq!(record[1..], ["1", "nom", "1", "1"]);
}
