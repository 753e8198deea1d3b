//! Mutation fuzzing of every parser from seed files (valid ones, written here or shipped in
//! sample-data): bits flipped, bytes inserted, runs deleted or repeated, files cut. No input may
//! panic. A bounded run is part of the test suite (`TERRITOIRE_FUZZ_SECONDS`, 60 s in all by
//! default); `scripts/fuzz.sh` runs longer. A crash prints where its input was kept, to become a
//! regression test.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use territoire::jobs::Progress;
use territoire::sources::{LoadOptions, load_path};

/// A small deterministic generator (xorshift), so that a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// One mutation of `seed`.
fn mutate(seed: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut out = seed.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(6) {
            0 if !out.is_empty() => {
                let i = at.min(out.len() - 1);
                out[i] ^= 1 << rng.below(8);
            }
            1 => {
                let byte = [
                    b'{', b'}', b'[', b'"', b',', b';', b'<', b'>', 0, 0xff, b'\n',
                ][rng.below(11)];
                out.insert(at, byte);
            }
            2 => {
                let end = (at + rng.below(64)).min(out.len());
                out.drain(at..end);
            }
            3 => {
                let end = (at + rng.below(64)).min(out.len());
                let run: Vec<u8> = out[at..end].to_vec();
                let to = rng.below(out.len() + 1);
                out.splice(to..to, run);
            }
            4 => out.truncate(at),
            _ => {
                let i = at.min(out.len().saturating_sub(1));
                if let Some(b) = out.get_mut(i) {
                    *b = rng.next() as u8;
                }
            }
        }
    }
    out
}

fn sample(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("sample-data")
        .join(name)
}

/// Runs `check` on mutations of `seed` for `budget`; a panic fails with the input saved in the
/// build's temporary folder (kept after the run).
fn fuzz(name: &str, seed: &[u8], budget: Duration, check: impl Fn(&[u8])) -> usize {
    let mut rng = Rng(0x5eed_0000 ^ name.len() as u64 ^ seed.len() as u64);
    let started = Instant::now();
    let mut runs = 0;
    while started.elapsed() < budget {
        let input = mutate(seed, &mut rng);
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&input)));
        if outcome.is_err() {
            let kept = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("crash-{name}-{runs}"));
            let _ = std::fs::write(&kept, &input);
            panic!(
                "{name}: a mutated input panicked, kept in {}",
                kept.display()
            );
        }
        runs += 1;
    }
    runs
}

/// Writes `bytes` as the file `file`, then loads `open` (the same file, or the shapefile whose
/// member it is) and lists its layers.
fn load_as(dir: &Path, file: &str, open: &str, bytes: &[u8]) {
    if std::fs::write(dir.join(file), bytes).is_ok() {
        let path = dir.join(open);
        let _ = load_path(&path, &LoadOptions::default(), &Progress::default());
        let _ = territoire::sources::open::source_layers(&path);
    }
}

#[test]
fn no_parser_panics_on_mutated_inputs() {
    let total: u64 = std::env::var("TERRITOIRE_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let dir = tempfile::tempdir().expect("tempdir");
    let read = |name: &str| std::fs::read(sample(name)).expect("seed");
    let kit = dir.path().join("seed.gpkg");
    let small = |name: &str| {
        load_path(&sample(name), &LoadOptions::default(), &Progress::default()).expect("seed data")
    };
    territoire::sources::gpkg::write_gpkg(&kit, &[("quartiers", &small("quartiers.geojson"))])
        .expect("seed GeoPackage");
    let flat = dir.path().join("seed.fgb");
    territoire::sources::fgb::write::write_fgb(&flat, "patrimoine", &small("patrimoine.shp"))
        .expect("seed FlatGeobuf");
    let geojson = read("quartiers.geojson");
    let csv: Vec<u8> = read("adresses.csv").into_iter().take(4000).collect();
    // (name, file written, file opened, seed)
    let seeds: Vec<(&str, &str, &str, Vec<u8>)> = vec![
        ("geojson", "f.geojson", "f.geojson", geojson),
        ("csv", "f.csv", "f.csv", csv),
        (
            "shp",
            "patrimoine.shp",
            "patrimoine.shp",
            read("patrimoine.shp"),
        ),
        (
            "shx",
            "patrimoine.shx",
            "patrimoine.shp",
            read("patrimoine.shx"),
        ),
        (
            "dbf",
            "patrimoine.dbf",
            "patrimoine.shp",
            read("patrimoine.dbf"),
        ),
        (
            "gpkg",
            "f.gpkg",
            "f.gpkg",
            std::fs::read(&kit).expect("kit"),
        ),
        (
            "fgb",
            "f.fgb",
            "f.fgb",
            std::fs::read(&flat).expect("FlatGeobuf"),
        ),
        ("kml", "f.kml", "f.kml", KML.as_bytes().to_vec()),
        ("gpx", "f.gpx", "f.gpx", GPX.as_bytes().to_vec()),
        ("gml", "f.gml", "f.gml", GML.as_bytes().to_vec()),
        (
            "topojson",
            "f.topojson",
            "f.topojson",
            TOPOJSON.as_bytes().to_vec(),
        ),
    ];
    // The shapefile's members sit side by side; each is mutated in turn.
    for member in ["shp", "shx", "dbf", "prj"] {
        let _ = std::fs::copy(
            sample(&format!("patrimoine.{member}")),
            dir.path().join(format!("patrimoine.{member}")),
        );
    }
    let parts = seeds.len() as u32 + 3;
    let budget = Duration::from_secs(total) / parts;
    let mut runs = Vec::new();
    for (name, file, open, seed) in &seeds {
        let check = |input: &[u8]| load_as(dir.path(), file, open, input);
        runs.push((*name, fuzz(name, seed, budget, check)));
        // The member is put back for the next member's turn.
        let _ = std::fs::write(dir.path().join(file), seed);
    }
    let project = std::fs::read(sample("demo.territoire")).expect("project");
    runs.push((
        "project",
        fuzz("project", &project, budget, |input| {
            let _ = territoire::project::Project::from_toml(&String::from_utf8_lossy(input));
        }),
    ));
    let filter = br#"commune = "Angers" and numero_adresse >= 10 or search(*, "rue") and within_distance(geo_point_2d, geom'POINT(-0.55 47.47)', 300m) and date_maj > date'2020-01-01'"#;
    runs.push((
        "filter",
        fuzz("filter", filter, budget, |input| {
            let _ = territoire::filter::parse(&String::from_utf8_lossy(input));
        }),
    ));
    let catalog = br#"{"total_count": 1, "results": [{"dataset_id": "a", "has_records": true, "features": ["geo"], "metas": {"default": {"title": "T", "records_count": 3, "modified": "2026-01-01T00:00:00+00:00", "theme": ["Culture"]}}, "fields": [{"name": "geo_point_2d", "type": "geo_point_2d"}]}]}"#;
    runs.push((
        "portal",
        fuzz("portal", catalog, budget, |input| {
            let _ = territoire::sources::portal::parse_catalog(input);
            let _ = territoire::sources::portal::parse_dataset(input);
            let _ = territoire::sources::portal::parse_facets(input);
        }),
    ));
    let total_runs: usize = runs.iter().map(|(_, n)| n).sum();
    eprintln!("fuzz: {total_runs} inputs without a panic: {runs:?}");
    assert!(
        runs.iter().all(|(_, n)| *n > 0),
        "every parser was run: {runs:?}"
    );
}

const KML: &str = r#"<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document><Folder><name>F</name>
<Placemark><name>A</name><ExtendedData><Data name="n"><value>1</value></Data></ExtendedData><Point><coordinates>-0.55,47.47</coordinates></Point></Placemark>
<Placemark><MultiGeometry><LineString><coordinates>-0.55,47.47 -0.56,47.48</coordinates></LineString><Polygon><outerBoundaryIs><LinearRing><coordinates>-0.5,47 -0.4,47 -0.4,47.1 -0.5,47</coordinates></LinearRing></outerBoundaryIs></Polygon></MultiGeometry></Placemark>
</Folder></Document></kml>"#;

const GPX: &str = r#"<?xml version="1.0"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">
<wpt lat="47.47" lon="-0.55"><name>A</name><ele>20</ele></wpt>
<rte><rtept lat="47.47" lon="-0.55"/><rtept lat="47.48" lon="-0.56"/></rte>
<trk><trkseg><trkpt lat="47.46" lon="-0.54"/><trkpt lat="47.465" lon="-0.545"/></trkseg></trk></gpx>"#;

const GML: &str = r#"<?xml version="1.0"?><wfs:FeatureCollection xmlns:wfs="http://www.opengis.net/wfs/2.0" xmlns:gml="http://www.opengis.net/gml/3.2" xmlns:a="a">
<wfs:member><a:t gml:id="t.1"><a:n>1</a:n><a:g><gml:Polygon srsName="urn:ogc:def:crs:EPSG::4326"><gml:exterior><gml:LinearRing><gml:posList>47.47 -0.56 47.47 -0.54 47.48 -0.54 47.47 -0.56</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></a:g></a:t></wfs:member>
<wfs:member><a:t><a:g><gml:MultiCurve><gml:curveMember><gml:LineString><gml:coordinates>1,2 3,4</gml:coordinates></gml:LineString></gml:curveMember></gml:MultiCurve></a:g></a:t></wfs:member>
</wfs:FeatureCollection>"#;

const TOPOJSON: &str = r#"{"type":"Topology","transform":{"scale":[0.01,0.01],"translate":[-0.6,47.4]},
"objects":{"q":{"type":"GeometryCollection","geometries":[{"type":"Polygon","arcs":[[0,1]],"properties":{"n":1}},{"type":"MultiLineString","arcs":[[-1],[2]]},{"type":"Point","coordinates":[5,5]}]}},
"arcs":[[[1,0],[0,1]],[[1,1],[-1,0],[0,-1],[1,0]],[[1,0],[1,0],[0,1]]]}"#;
