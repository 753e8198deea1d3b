//! Reprojection to WGS84 against reference values (computed independently with PROJ's cs2cs), to 1e-6 degrees.

use territoire::jobs::Progress;
use territoire::sources::crs::{label, to_wgs84};

/// (EPSG code, projected x/y in metres, expected longitude/latitude).
const REFERENCES: [(u32, [f64; 2], [f64; 2]); 12] = [
    (2154, [432414.7169, 6713938.0364], [-0.5537, 47.4716]),
    (27572, [382182.0916, 2278670.1078], [-0.5537, 47.4716]),
    (3857, [-61637.6021, 6019393.8116], [-0.5537, 47.4716]),
    (3947, [1432212.9460, 6258501.2474], [-0.5537, 47.4716]),
    (3942, [1691754.5471, 1233324.9794], [2.9, 42.3]),
    (3943, [1716280.3403, 2211127.8073], [3.2, 43.1]),
    (3944, [1660035.2804, 3222342.1233], [2.5, 44.2]),
    (3945, [1581746.6008, 4201094.6171], [1.5, 45.0]),
    (3946, [1839912.4604, 5179353.0140], [4.8, 45.8]),
    (3948, [1357619.2906, 7221335.3256], [-1.6, 48.1]),
    (3949, [1652300.1648, 8183524.3706], [2.35, 48.85]),
    (3950, [1703537.6356, 9270074.7251], [3.05, 50.63]),
];

fn assert_close(got: [f64; 2], want: [f64; 2], what: &str) {
    let (dx, dy) = ((got[0] - want[0]).abs(), (got[1] - want[1]).abs());
    assert!(
        dx < 1e-6 && dy < 1e-6,
        "{what}: got {got:?}, want {want:?} (Δ {dx:e}, {dy:e})"
    );
}

#[test]
fn french_projections_reproject_to_reference_values() {
    for (code, xy, lon_lat) in REFERENCES {
        let mut coords = vec![xy];
        to_wgs84(&format!("EPSG:{code}"), &mut coords, &Progress::default()).expect("known CRS");
        assert_close(coords[0], lon_lat, &format!("EPSG:{code}"));
    }
}

#[test]
fn wgs84_is_left_untouched_and_lon_lat_order_is_kept() {
    let mut coords = vec![[-0.5537, 47.4716]];
    to_wgs84("EPSG:4326", &mut coords, &Progress::default()).expect("wgs84");
    assert_eq!(coords[0], [-0.5537, 47.4716]);
    // A WGS84 WKT (latitude-first axes in EPSG's definition) must still read as lon/lat.
    let wkt = r#"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#;
    to_wgs84(wkt, &mut coords, &Progress::default()).expect("wgs84 wkt");
    assert_close(coords[0], [-0.5537, 47.4716], "ESRI WGS84 WKT");
}

#[test]
fn esri_lambert93_wkt_from_a_prj_file_is_understood() {
    let wkt = r#"PROJCS["RGF93_Lambert_93",GEOGCS["GCS_RGF_1993",DATUM["D_RGF_1993",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic"],PARAMETER["False_Easting",700000.0],PARAMETER["False_Northing",6600000.0],PARAMETER["Central_Meridian",3.0],PARAMETER["Standard_Parallel_1",49.0],PARAMETER["Standard_Parallel_2",44.0],PARAMETER["Latitude_Of_Origin",46.5],UNIT["Meter",1.0]]"#;
    let mut coords = vec![REFERENCES[0].1];
    to_wgs84(wkt, &mut coords, &Progress::default()).expect("ESRI WKT");
    assert_close(coords[0], REFERENCES[0].2, "ESRI Lambert-93 WKT");
    assert_eq!(label(wkt), "EPSG:2154");
}

#[test]
fn many_points_use_both_cores_and_keep_their_order() {
    let (xy, lon_lat) = (REFERENCES[0].1, REFERENCES[0].2);
    let mut coords: Vec<[f64; 2]> = (0..100_000)
        .map(|i| [xy[0] + f64::from(i % 7), xy[1]])
        .collect();
    to_wgs84("EPSG:2154", &mut coords, &Progress::default()).expect("bulk");
    assert_close(coords[0], lon_lat, "first");
    assert_close(
        coords[7 * 1000],
        lon_lat,
        "a multiple of 7 returns to the reference",
    );
}

#[test]
fn unknown_crs_is_a_clear_error() {
    let mut coords = vec![[1.0, 2.0]];
    let err = to_wgs84("EPSG:999999", &mut coords, &Progress::default()).expect_err("unknown code");
    assert!(err.to_string().contains("EPSG:999999"), "{err}");
}
