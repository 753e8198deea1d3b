//! Tests of the shapefile reader and writer: sidecars, rings and holes, zips, damaged and mismatched files.

use geo::{Geometry, LineString, MultiLineString, MultiPolygon, Point, Polygon};
use shapefile::PolygonRing;

use super::shapes::{group_rings, signed_area};
use super::*;
use crate::data::{Dataset, GeomKind, IssueKind, Value};
use crate::sources::dbf::{DbfField, DbfValue, write_dbf};

fn read(path: &Path) -> Result<Dataset, SourceError> {
    let raw = read_shapefile(path, &Progress::default())?;
    Ok(raw.builder.finish(raw.crs.clone()))
}

fn square(x: f64, y: f64, size: f64) -> LineString<f64> {
    LineString::from(vec![
        (x, y),
        (x + size, y),
        (x + size, y + size),
        (x, y + size),
        (x, y),
    ])
}

fn text_rows(values: &[&str]) -> Vec<Vec<DbfValue>> {
    values
        .iter()
        .map(|v| vec![DbfValue::Text((*v).into())])
        .collect()
}

fn points(n: usize) -> Vec<Option<Geometry<f64>>> {
    (0..n)
        .map(|i| Some(Point::new(-0.5 - i as f64 / 8.0, 47.5).into()))
        .collect()
}

const PRJ: &str = r#"PROJCS["RGF93_Lambert_93",GEOGCS["GCS_RGF_1993",DATUM["D_RGF_1993",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic"],UNIT["Meter",1.0]]"#;

#[test]
fn points_attributes_and_prj_with_sidecars_in_any_case() {
    let dir = tempfile::tempdir().expect("temp dir");
    let base = dir.path().join("ARRETS");
    let fields = [
        DbfField::character("nom", 40),
        DbfField::numeric("code", 5, 0),
    ];
    let rows: Vec<_> = ["Ralliement", "Hôtel de Ville", "Œuvre"]
        .iter()
        .zip(1..)
        .map(|(t, i)| vec![DbfValue::Text((*t).into()), DbfValue::Integer(i)])
        .collect();
    let options = ShapefileOptions {
        prj: Some(PRJ),
        ..ShapefileOptions::default()
    };
    write_shapefile(&base, &points(3), &fields, &rows, &options).expect("written");
    std::fs::rename(base.with_extension("dbf"), base.with_extension("DBF")).expect("rename");
    std::fs::rename(base.with_extension("prj"), base.with_extension("Prj")).expect("rename");
    let shp = base.with_extension("shp");
    assert_eq!(
        shapefile::ShapeReader::from_path(&shp)
            .and_then(|r| r.read())
            .map(|s| s.len())
            .ok(),
        Some(3)
    );
    let ds = read(&shp).expect("read");
    assert_eq!(ds.len(), 3);
    assert_eq!(ds.geometry.point(1), Some([-0.625, 47.5]));
    assert_eq!(ds.columns[0].value(1), Value::Text("Hôtel de Ville"));
    assert_eq!(ds.columns[0].value(2), Value::Text("Œuvre"));
    assert_eq!(ds.columns[1].value(2), Value::Integer(3));
    assert_eq!(ds.source_crs.as_deref(), Some(PRJ));
}

#[test]
fn holes_become_interior_rings_of_the_polygon_that_contains_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let shp = dir.path().join("zones.shp");
    let with_hole = Polygon::new(square(0.0, 0.0, 10.0), vec![square(2.0, 2.0, 2.0)]);
    let multi = MultiPolygon(vec![
        Polygon::new(square(20.0, 0.0, 5.0), vec![]),
        Polygon::new(
            square(40.0, 0.0, 10.0),
            vec![square(42.0, 2.0, 2.0), square(45.0, 5.0, 1.0)],
        ),
    ]);
    let geometries = [Some(with_hole.into()), Some(multi.into())];
    write_shapefile(&shp, &geometries, &[], &[], &ShapefileOptions::default()).expect("written");
    let ds = read(&shp).expect("read");
    assert_eq!(ds.geometry.kind(0), GeomKind::Polygon);
    match ds.geometry.to_geo(0) {
        Some(Geometry::Polygon(p)) => assert_eq!(p.interiors().len(), 1),
        other => panic!("expected a polygon, got {other:?}"),
    }
    assert_eq!(ds.geometry.kind(1), GeomKind::MultiPolygon);
    match ds.geometry.to_geo(1) {
        Some(Geometry::MultiPolygon(m)) => {
            let holes: Vec<usize> = m.0.iter().map(|p| p.interiors().len()).collect();
            assert_eq!(holes, [0, 2]);
        }
        other => panic!("expected a multipolygon, got {other:?}"),
    }
    assert_eq!(ds.triangles(0).len() % 3, 0);
    assert!(!ds.triangles(0).is_empty());
}

#[test]
fn rings_are_grouped_by_containment_and_orientation() {
    let cw = |x: f64, y: f64, s: f64| {
        let mut r: Vec<[f64; 2]> = square(x, y, s).0.iter().map(|c| [c.x, c.y]).collect();
        r.reverse();
        r
    };
    let ccw = |x: f64, y: f64, s: f64| {
        square(x, y, s)
            .0
            .iter()
            .map(|c| [c.x, c.y])
            .collect::<Vec<_>>()
    };
    // A hole listed after another outer ring, and a hole outside every outer ring.
    let rings = [
        cw(0.0, 0.0, 5.0),
        cw(10.0, 0.0, 10.0),
        ccw(12.0, 2.0, 2.0),
        ccw(50.0, 50.0, 1.0),
    ];
    assert_eq!(group_rings(&rings), [vec![0], vec![1, 2], vec![3]]);
    // A writer that ignored orientation: every ring is an outer ring.
    assert_eq!(
        group_rings(&[ccw(0.0, 0.0, 1.0), ccw(5.0, 5.0, 1.0)]),
        [vec![0], vec![1]]
    );
    assert!(signed_area(&cw(0.0, 0.0, 2.0)) < 0.0);
}

#[test]
fn polylines_become_lines_or_multilines() {
    let dir = tempfile::tempdir().expect("temp dir");
    let shp = dir.path().join("voies.shp");
    let one = LineString::from(vec![(0.0, 0.0), (1.0, 1.0), (2.0, 0.0)]);
    let two = MultiLineString(vec![
        one.clone(),
        LineString::from(vec![(5.0, 5.0), (6.0, 6.0)]),
    ]);
    let rows = text_rows(&["une", "deux"]);
    let fields = [DbfField::character("nom", 10)];
    write_shapefile(
        &shp,
        &[Some(one.into()), Some(two.into())],
        &fields,
        &rows,
        &ShapefileOptions::default(),
    )
    .expect("written");
    let ds = read(&shp).expect("read");
    assert_eq!(
        (ds.geometry.kind(0), ds.geometry.kind(1)),
        (GeomKind::LineString, GeomKind::MultiLineString)
    );
    assert_eq!(
        ds.geometry.feature_coords(0),
        [[0.0, 0.0], [1.0, 1.0], [2.0, 0.0]]
    );
    assert_eq!(ds.geometry.part_range(1).len(), 2);
}

#[test]
fn z_shapes_are_read_in_2d() {
    use shapefile::{NO_DATA, PointZ, PolygonZ};
    let dir = tempfile::tempdir().expect("temp dir");
    let points = dir.path().join("pz.shp");
    let mut writer = shapefile::ShapeWriter::from_path(&points).expect("writer");
    writer
        .write_shape(&PointZ::new(1.0, 2.0, 30.0, NO_DATA))
        .expect("point");
    drop(writer);
    let ds = read(&points).expect("read");
    assert_eq!((ds.len(), ds.geometry.point(0)), (1, Some([1.0, 2.0])));
    let polygons = dir.path().join("polyz.shp");
    let ring: Vec<PointZ> = [(0.0, 0.0), (0.0, 4.0), (4.0, 4.0), (4.0, 0.0), (0.0, 0.0)]
        .iter()
        .map(|&(x, y)| PointZ::new(x, y, 55.0, NO_DATA))
        .collect();
    let mut writer = shapefile::ShapeWriter::from_path(&polygons).expect("writer");
    writer
        .write_shape(&PolygonZ::new(PolygonRing::Outer(ring)))
        .expect("polygon");
    drop(writer);
    let ds = read(&polygons).expect("read");
    assert_eq!(ds.geometry.kind(0), GeomKind::Polygon);
    assert_eq!(ds.bbox, Some([0.0, 0.0, 4.0, 4.0]));
    assert!(ds.columns.is_empty(), "no .dbf: geometry only");
}

#[test]
fn null_shapes_are_kept_and_counted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let shp = dir.path().join("nulls.shp");
    let mut geometries = points(3);
    geometries[1] = None;
    let rows = text_rows(&["a", "b", "c"]);
    write_shapefile(
        &shp,
        &geometries,
        &[DbfField::character("k", 2)],
        &rows,
        &ShapefileOptions::default(),
    )
    .expect("written");
    let ds = read(&shp).expect("read");
    assert_eq!(ds.len(), 3);
    assert_eq!(ds.geometry.kind(1), GeomKind::Empty);
    assert_eq!(ds.columns[0].value(1), Value::Text("b"));
    assert!(
        ds.issues
            .iter()
            .any(|i| i.kind == IssueKind::NullGeometry && i.count == 1)
    );
}

#[test]
fn a_zip_holds_a_shapefile_in_a_subfolder() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().expect("temp dir");
    let base = dir.path().join("communes");
    let options = ShapefileOptions {
        encoding: encoding_rs::UTF_8,
        language_driver: 0,
        prj: Some(PRJ),
        cpg: Some("UTF-8"),
    };
    let rows = text_rows(&["Angers", "Saint-Barthélemy-d'Anjou"]);
    write_shapefile(
        &base,
        &points(2),
        &[DbfField::character("nom", 40)],
        &rows,
        &options,
    )
    .expect("written");
    let zip_path = dir.path().join("export.zip");
    let mut zip = zip::ZipWriter::new(File::create(&zip_path).expect("zip file"));
    let deflated = zip::write::SimpleFileOptions::default();
    zip.start_file("__MACOSX/export/._COMMUNES.SHP", deflated)
        .expect("entry");
    zip.write_all(b"resource fork").expect("write");
    for ext in ["shp", "shx", "dbf", "cpg", "prj"] {
        zip.start_file(
            format!("export/Communes/COMMUNES.{}", ext.to_uppercase()),
            deflated,
        )
        .expect("entry");
        zip.write_all(&std::fs::read(base.with_extension(ext)).expect("member"))
            .expect("write");
    }
    zip.finish().expect("zip closed");
    let raw = read_zip(&zip_path, &Progress::default()).expect("read");
    let ds = raw.builder.finish(raw.crs);
    assert_eq!(ds.len(), 2);
    assert_eq!(
        ds.columns[0].value(1),
        Value::Text("Saint-Barthélemy-d'Anjou")
    );
    assert_eq!(ds.source_crs.as_deref(), Some(PRJ));

    let empty = dir.path().join("vide.zip");
    let mut zip = zip::ZipWriter::new(File::create(&empty).expect("zip file"));
    zip.start_file("lisez-moi.txt", deflated).expect("entry");
    zip.finish().expect("zip closed");
    assert!(matches!(
        read_zip(&empty, &Progress::default()),
        Err(SourceError::Format(_))
    ));
    std::fs::write(&empty, b"PK not really").expect("write");
    assert!(read_zip(&empty, &Progress::default()).is_err());
}

#[test]
fn a_truncated_shp_keeps_its_shapes_up_to_the_cut() {
    let dir = tempfile::tempdir().expect("temp dir");
    let shp = dir.path().join("coupe.shp");
    let zones: Vec<_> = (0..5)
        .map(|i| Some(Polygon::new(square(i as f64, 0.0, 1.0), vec![]).into()))
        .collect();
    write_shapefile(&shp, &zones, &[], &[], &ShapefileOptions::default()).expect("written");
    let bytes = std::fs::read(&shp).expect("shp");
    std::fs::write(&shp, &bytes[..bytes.len() - 20]).expect("truncate");
    let kept = |ds: Dataset| {
        assert_eq!(ds.len(), 5, "every record of the .dbf");
        assert_eq!(
            ds.geometry.kind(3),
            GeomKind::Polygon,
            "the four whole shapes"
        );
        assert_eq!(ds.geometry.kind(4), GeomKind::Empty, "the cut one");
        assert!(
            ds.issues.iter().any(|i| i.kind == IssueKind::SkippedRecord),
            "said"
        );
    };
    kept(read(&shp).expect("read up to the cut"));
    std::fs::remove_file(shp.with_extension("shx")).expect("no shx");
    kept(read(&shp).expect("read up to the cut without the index"));
    std::fs::write(&shp, &bytes[..60]).expect("truncate the header");
    assert!(matches!(read(&shp), Err(SourceError::Format(_))));
}

#[test]
fn a_garbage_dbf_is_an_error_and_a_missing_one_leaves_geometry_only() {
    let dir = tempfile::tempdir().expect("temp dir");
    let shp = dir.path().join("pts.shp");
    let rows = text_rows(&["a", "b", "c"]);
    write_shapefile(
        &shp,
        &points(3),
        &[DbfField::character("k", 2)],
        &rows,
        &ShapefileOptions::default(),
    )
    .expect("written");
    let garbage: Vec<u8> = (0u32..3000)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(shp.with_extension("dbf"), garbage).expect("garbage");
    assert!(matches!(read(&shp), Err(SourceError::Format(_))));
    std::fs::remove_file(shp.with_extension("dbf")).expect("no dbf");
    let ds = read(&shp).expect("read");
    assert_eq!((ds.len(), ds.columns.len()), (3, 0));
}

#[test]
fn differing_record_counts_keep_the_longer_and_count_an_issue() {
    let dir = tempfile::tempdir().expect("temp dir");
    let shp = dir.path().join("pts.shp");
    let fields = [DbfField::character("k", 2)];
    write_shapefile(
        &shp,
        &points(3),
        &fields,
        &text_rows(&["a", "b", "c"]),
        &ShapefileOptions::default(),
    )
    .expect("written");
    let dbf = shp.with_extension("dbf");
    write_dbf(
        &dbf,
        &fields,
        text_rows(&["a", "b", "c", "d", "e"]),
        encoding_rs::WINDOWS_1252,
        0x57,
    )
    .expect("dbf");
    let ds = read(&shp).expect("read");
    assert_eq!(
        (ds.len(), ds.geometry.kind(4), ds.columns[0].value(4)),
        (5, GeomKind::Empty, Value::Text("e"))
    );
    assert!(
        ds.issues
            .iter()
            .any(|i| i.kind == IssueKind::SkippedRecord && i.count == 2)
    );
    write_dbf(
        &dbf,
        &fields,
        text_rows(&["a"]),
        encoding_rs::WINDOWS_1252,
        0x57,
    )
    .expect("dbf");
    let ds = read(&shp).expect("read");
    assert_eq!((ds.len(), ds.columns[0].value(2)), (3, Value::Null));
    assert!(
        ds.issues
            .iter()
            .any(|i| i.kind == IssueKind::SkippedRecord && i.count == 2)
    );
}

#[test]
fn a_cancelled_load_stops() {
    let dir = tempfile::tempdir().expect("temp dir");
    let shp = dir.path().join("beaucoup.shp");
    write_shapefile(&shp, &points(5000), &[], &[], &ShapefileOptions::default()).expect("written");
    let progress = Progress::default();
    progress.cancel();
    assert!(matches!(
        read_shapefile(&shp, &progress),
        Err(SourceError::Cancelled)
    ));
    let done = Progress::default();
    assert!(read_shapefile(&shp, &done).is_ok());
    assert_eq!(done.fraction(), Some(1.0));
}

#[test]
fn a_damaged_shx_is_set_aside_and_the_shp_read_in_sequence() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    for ext in ["shp", "dbf", "prj"] {
        std::fs::copy(
            sample.join(format!("patrimoine.{ext}")),
            dir.path().join(format!("p.{ext}")),
        )
        .expect("copy");
    }
    // The second entry of the index points back into the first record.
    let mut shx = std::fs::read(sample.join("patrimoine.shx")).expect("shx");
    shx[108..112].copy_from_slice(&50i32.to_be_bytes());
    std::fs::write(dir.path().join("p.shx"), &shx).expect("write");
    assert!(!usable_shx(
        &shx,
        std::fs::metadata(dir.path().join("p.shp"))
            .expect("shp")
            .len()
    ));
    let ds = read(&dir.path().join("p.shp")).expect("read in sequence");
    assert_eq!(ds.len(), 80);
}

#[test]
fn a_dbf_announcing_more_records_than_it_holds_is_reported_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    for ext in ["shp", "shx", "prj"] {
        std::fs::copy(
            sample.join(format!("patrimoine.{ext}")),
            dir.path().join(format!("p.{ext}")),
        )
        .expect("copy");
    }
    let mut dbf = std::fs::read(sample.join("patrimoine.dbf")).expect("dbf");
    dbf[4..8].copy_from_slice(&(i32::MAX as u32).to_le_bytes());
    std::fs::write(dir.path().join("p.dbf"), &dbf).expect("write");
    let ds = read(&dir.path().join("p.shp")).expect("read");
    assert_eq!(ds.len(), 80);
    let skipped: Vec<_> = ds
        .issues
        .iter()
        .filter(|i| i.kind == crate::data::IssueKind::SkippedRecord)
        .collect();
    assert_eq!(skipped.len(), 1, "{:?}", ds.issues);
    assert!(
        skipped[0].message.contains(".dbf"),
        "{}",
        skipped[0].message
    );
}

#[test]
fn a_shp_header_announcing_gigabytes_is_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    for ext in ["shx", "dbf", "prj"] {
        std::fs::copy(
            sample.join(format!("patrimoine.{ext}")),
            dir.path().join(format!("p.{ext}")),
        )
        .expect("copy");
    }
    let mut shp = std::fs::read(sample.join("patrimoine.shp")).expect("shp");
    shp[24..28].copy_from_slice(&i32::MAX.to_be_bytes());
    std::fs::write(dir.path().join("p.shp"), &shp).expect("write");
    let ds = read(&dir.path().join("p.shp")).expect("read");
    assert_eq!(ds.len(), 80);
    assert!(
        ds.issues.iter().any(|i| i.message.contains(".shp")),
        "{:?}",
        ds.issues
    );
}
