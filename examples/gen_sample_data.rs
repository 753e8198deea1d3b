//! Generates the demo kit of `sample-data/`: synthetic geometry around Angers, real place names.
//!
//! ```sh
//! cargo run --release --example gen_sample_data -- --out sample-data
//! ```
//!
//! The output is deterministic: one fixed seed feeds a small splitmix64 generator (one stream
//! per layer), so the same files come out on every run and every machine.
//!
//! Files written, bottom to top in the app:
//! - `quartiers.geojson`: the 10 quartiers of Angers, Voronoi cells of their centroids (WGS 84);
//! - `espaces-verts.geojson`: about 150 green spaces, star-shaped polygons (WGS 84);
//! - `adresses.csv`: about 20 000 address points along synthetic streets (Lambert-93, `;`);
//! - `patrimoine.shp` (+ `.shx`, `.dbf` in CP1252, `.prj`): about 80 heritage sites (Lambert-93);
//! - `README.md`: what the files are, in French.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use geo::{Area, Contains, Coord, Geometry, LineString, Point, Polygon};
use serde_json::{Value, json};
use territoire::data::column::days_from_civil;
use territoire::sources::crs::PointConverter;
use territoire::sources::dbf::{DbfField, DbfValue};
use territoire::sources::shapefile::{ShapefileOptions, write_shapefile};

/// The one seed of the whole kit.
const SEED: u64 = 0x0041_4e47_4552_5331; // "ANGERS1"

// ---------------------------------------------------------------------------------------------
// Random numbers
// ---------------------------------------------------------------------------------------------

/// splitmix64: tiny, fast, and good enough for synthetic data.
struct Rng(u64);

impl Rng {
    /// An independent stream for one layer, so that changing a layer leaves the others as they are.
    fn stream(label: &str) -> Self {
        // FNV-1a of the label, mixed with the seed.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in label.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        let mut rng = Self(SEED ^ h);
        rng.next_u64();
        rng
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [lo, hi).
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// Uniform integer in [lo, hi] (inclusive).
    fn int(&mut self, lo: i64, hi: i64) -> i64 {
        let span = (hi - lo + 1) as u64;
        lo + (self.next_u64() % span) as i64
    }

    /// Uniform index in [0, n).
    fn index(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.index(items.len())]
    }

    /// One of `items`, with probability proportional to its weight.
    fn weighted<'a, T>(&mut self, items: &'a [(T, f64)]) -> &'a T {
        let total: f64 = items.iter().map(|(_, w)| w).sum();
        let mut x = self.range(0.0, total);
        for (item, w) in items {
            if x < *w {
                return item;
            }
            x -= w;
        }
        &items[items.len() - 1].0
    }
}

// ---------------------------------------------------------------------------------------------
// Coordinates
// ---------------------------------------------------------------------------------------------

/// A local metric frame around Angers (equirectangular): good to a few metres over 20 km,
/// which is all synthetic streets need. Lambert-93 output goes through PROJ.
const LON0: f64 = -0.56;
const LAT0: f64 = 47.47;
const M_PER_DEG_LAT: f64 = 111_200.0;

fn m_per_deg_lon() -> f64 {
    M_PER_DEG_LAT * LAT0.to_radians().cos()
}

/// Longitude/latitude to local metres.
fn to_local(ll: [f64; 2]) -> [f64; 2] {
    [
        (ll[0] - LON0) * m_per_deg_lon(),
        (ll[1] - LAT0) * M_PER_DEG_LAT,
    ]
}

/// Local metres to longitude/latitude.
fn to_lon_lat(p: [f64; 2]) -> [f64; 2] {
    [LON0 + p[0] / m_per_deg_lon(), LAT0 + p[1] / M_PER_DEG_LAT]
}

fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

fn round_ll(ll: [f64; 2]) -> [f64; 2] {
    [round6(ll[0]), round6(ll[1])]
}

fn dist(a: [f64; 2], b: [f64; 2]) -> f64 {
    (a[0] - b[0]).hypot(a[1] - b[1])
}

/// Twice the signed area of an open ring (positive when counter-clockwise).
fn signed_area2(ring: &[[f64; 2]]) -> f64 {
    (0..ring.len())
        .map(|i| {
            let a = ring[i];
            let b = ring[(i + 1) % ring.len()];
            a[0] * b[1] - b[0] * a[1]
        })
        .sum()
}

/// An open ring in local metres → a closed GeoJSON ring in rounded lon/lat, oriented as asked
/// (RFC 7946: exterior counter-clockwise, holes clockwise).
fn geojson_ring(local: &[[f64; 2]], counter_clockwise: bool) -> Vec<[f64; 2]> {
    let mut ring: Vec<[f64; 2]> = Vec::with_capacity(local.len() + 1);
    for p in local {
        let ll = round_ll(to_lon_lat(*p));
        if ring.last() != Some(&ll) {
            ring.push(ll);
        }
    }
    while ring.len() > 1 && ring.first() == ring.last() {
        ring.pop();
    }
    if (signed_area2(&ring) > 0.0) != counter_clockwise {
        ring.reverse();
    }
    if let Some(first) = ring.first().copied() {
        ring.push(first);
    }
    ring
}

fn geo_polygon(exterior: &[[f64; 2]], holes: &[Vec<[f64; 2]>]) -> Polygon<f64> {
    let line = |ring: &[[f64; 2]]| {
        LineString::from(
            ring.iter()
                .map(|p| Coord { x: p[0], y: p[1] })
                .collect::<Vec<_>>(),
        )
    };
    Polygon::new(line(exterior), holes.iter().map(|h| line(h)).collect())
}

fn contains(polygon: &Polygon<f64>, ll: [f64; 2]) -> bool {
    polygon.contains(&Point::new(ll[0], ll[1]))
}

/// Keeps the part of `poly` closer to `a` than to `b` (one Sutherland–Hodgman pass against the
/// perpendicular bisector of `ab`).
fn clip_by_bisector(poly: &[[f64; 2]], a: [f64; 2], b: [f64; 2]) -> Vec<[f64; 2]> {
    let normal = [b[0] - a[0], b[1] - a[1]];
    let mid = [(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0];
    let side = |p: [f64; 2]| (p[0] - mid[0]) * normal[0] + (p[1] - mid[1]) * normal[1];
    let mut out = Vec::with_capacity(poly.len() + 2);
    for i in 0..poly.len() {
        let cur = poly[i];
        let next = poly[(i + 1) % poly.len()];
        let (sc, sn) = (side(cur), side(next));
        if sc <= 0.0 {
            out.push(cur);
        }
        if (sc <= 0.0) != (sn <= 0.0) {
            let t = sc / (sc - sn);
            out.push([
                cur[0] + t * (next[0] - cur[0]),
                cur[1] + t * (next[1] - cur[1]),
            ]);
        }
    }
    out
}

/// Wgs84 → Lambert-93 with PROJ.
struct Lambert93(PointConverter);

impl Lambert93 {
    fn new() -> Result<Self> {
        Ok(Self(
            PointConverter::from_wgs84("EPSG:2154")
                .context("PROJ cannot make WGS84 → EPSG:2154")?,
        ))
    }

    fn convert(&self, ll: [f64; 2]) -> Result<[f64; 2]> {
        self.0
            .convert(ll)
            .with_context(|| format!("PROJ cannot convert {ll:?} to Lambert-93"))
    }

    /// The area in square metres of a (rounded lon/lat) polygon with holes, measured in Lambert-93.
    fn area(&self, rings: &[Vec<[f64; 2]>]) -> Result<f64> {
        let mut projected = Vec::with_capacity(rings.len());
        for ring in rings {
            projected.push(
                ring.iter()
                    .map(|p| self.convert(*p))
                    .collect::<Result<Vec<_>>>()?,
            );
        }
        let (exterior, holes) = projected.split_first().context("polygon without rings")?;
        Ok(geo_polygon(exterior, holes).unsigned_area())
    }
}

// ---------------------------------------------------------------------------------------------
// Places
// ---------------------------------------------------------------------------------------------

const ANGERS: &str = "Angers";
const ANGERS_INSEE: &str = "49007";

struct QuartierDef {
    nom: &'static str,
    centroid: [f64; 2],
    code_postal: &'static str,
    /// How many addresses to place in the quartier.
    addresses: usize,
    /// Real streets of the quartier, placed first.
    streets: &'static [&'static str],
}

const QUARTIERS: [QuartierDef; 10] = [
    QuartierDef {
        nom: "Centre-ville – La Fayette – Éblé",
        centroid: [-0.5567, 47.4632],
        code_postal: "49100",
        addresses: 2200,
        streets: &[
            "Rue Lenepveu",
            "Boulevard Foch",
            "Rue Saint-Aubin",
            "Rue Plantagenêt",
            "Boulevard du Roi-René",
            "Rue Bressigny",
            "Rue de la Roë",
            "Rue Saint-Laud",
            "Rue Toussaint",
            "Rue Desjardins",
            "Boulevard Ayrault",
            "Rue Volney",
            "Rue Parcheminerie",
            "Quai Ligny",
            "Rue Létanduère",
            "Rue du Mail",
            "Place du Ralliement",
            "Rue de l'Hôtel de Ville",
        ],
    },
    QuartierDef {
        nom: "Doutre – Saint-Jacques – Nazareth",
        centroid: [-0.5767, 47.4825],
        code_postal: "49100",
        addresses: 1500,
        streets: &[
            "Rue Beaurepaire",
            "Rue Lionnaise",
            "Rue Saint-Nicolas",
            "Avenue René-Gasnier",
        ],
    },
    QuartierDef {
        nom: "Saint-Serge – Ney – Chalouère",
        centroid: [-0.544, 47.4813],
        code_postal: "49100",
        addresses: 1500,
        streets: &[
            "Boulevard Carnot",
            "Avenue Pasteur",
            "Avenue Vauban",
            "Rue de la Chalouère",
        ],
    },
    QuartierDef {
        nom: "Monplaisir",
        centroid: [-0.5245, 47.492],
        code_postal: "49100",
        addresses: 1500,
        streets: &["Avenue Montaigne"],
    },
    QuartierDef {
        nom: "Deux-Croix – Banchais",
        centroid: [-0.5174, 47.4751],
        code_postal: "49100",
        addresses: 1300,
        streets: &[],
    },
    QuartierDef {
        nom: "Madeleine – Saint-Léonard – Justices",
        centroid: [-0.521, 47.4551],
        code_postal: "49000",
        addresses: 1600,
        streets: &[
            "Rue de Brissac",
            "Boulevard Eugène-Chevreul",
            "Boulevard Gaston-Birgé",
        ],
    },
    QuartierDef {
        nom: "Belle-Beille",
        centroid: [-0.5946, 47.4804],
        code_postal: "49000",
        addresses: 1300,
        streets: &["Avenue Patton", "Boulevard Lavoisier"],
    },
    QuartierDef {
        nom: "Hauts-de-Saint-Aubin",
        centroid: [-0.5535, 47.5072],
        code_postal: "49100",
        addresses: 1200,
        streets: &[],
    },
    QuartierDef {
        nom: "Roseraie",
        centroid: [-0.5618, 47.4455],
        code_postal: "49000",
        addresses: 1500,
        streets: &[],
    },
    QuartierDef {
        nom: "Lac de Maine",
        centroid: [-0.6027, 47.4599],
        code_postal: "49000",
        addresses: 900,
        streets: &["Avenue du Lac de Maine"],
    },
];

/// A rough, irregular outline of the city of Angers (lon, lat), clockwise from the south-west.
const CITY_OUTLINE: [[f64; 2]; 17] = [
    [-0.6150, 47.4520],
    [-0.6180, 47.4680],
    [-0.6120, 47.4830],
    [-0.5990, 47.4920],
    [-0.5800, 47.4990],
    [-0.5720, 47.5150],
    [-0.5560, 47.5260],
    [-0.5380, 47.5200],
    [-0.5250, 47.5060],
    [-0.5100, 47.4960],
    [-0.5080, 47.4800],
    [-0.5110, 47.4620],
    [-0.5090, 47.4480],
    [-0.5300, 47.4400],
    [-0.5550, 47.4370],
    [-0.5800, 47.4420],
    [-0.5980, 47.4440],
];

struct CommuneDef {
    nom: &'static str,
    insee: &'static str,
    code_postal: &'static str,
    centre: [f64; 2],
    addresses: usize,
}

const COMMUNES: [CommuneDef; 8] = [
    CommuneDef {
        nom: "Avrillé",
        insee: "49015",
        code_postal: "49240",
        centre: [-0.608, 47.506],
        addresses: 1000,
    },
    CommuneDef {
        nom: "Trélazé",
        insee: "49353",
        code_postal: "49800",
        centre: [-0.480, 47.451],
        addresses: 900,
    },
    CommuneDef {
        nom: "Saint-Barthélemy-d'Anjou",
        insee: "49267",
        code_postal: "49124",
        centre: [-0.491, 47.469],
        addresses: 800,
    },
    CommuneDef {
        nom: "Les Ponts-de-Cé",
        insee: "49246",
        code_postal: "49130",
        centre: [-0.506, 47.430],
        addresses: 800,
    },
    CommuneDef {
        nom: "Beaucouzé",
        insee: "49020",
        code_postal: "49070",
        centre: [-0.635, 47.483],
        addresses: 600,
    },
    CommuneDef {
        nom: "Bouchemaine",
        insee: "49035",
        code_postal: "49080",
        centre: [-0.630, 47.437],
        addresses: 550,
    },
    CommuneDef {
        nom: "Écouflant",
        insee: "49129",
        code_postal: "49000",
        centre: [-0.520, 47.533],
        addresses: 450,
    },
    CommuneDef {
        nom: "Sainte-Gemmes-sur-Loire",
        insee: "49278",
        code_postal: "49130",
        centre: [-0.572, 47.430],
        addresses: 500,
    },
];

/// How far from its centre a neighbouring commune's streets and parks may start (metres).
const COMMUNE_RADIUS: f64 = 1300.0;

/// Street types with their weight and length range in metres.
const STREET_TYPES: [(&str, f64, f64, f64); 6] = [
    ("Rue", 10.0, 200.0, 800.0),
    ("Allée", 3.0, 200.0, 500.0),
    ("Impasse", 2.0, 200.0, 280.0),
    ("Chemin", 2.0, 250.0, 700.0),
    ("Avenue", 1.5, 450.0, 900.0),
    ("Boulevard", 0.5, 600.0, 900.0),
];

/// What follows the type in a generic street name ("Rue des Lilas", "Allée Victor-Hugo").
const STREET_COMPLEMENTS: [&str; 128] = [
    "des Lilas",
    "des Tilleuls",
    "du Moulin",
    "des Acacias",
    "des Rosiers",
    "des Érables",
    "des Châtaigniers",
    "des Peupliers",
    "des Charmes",
    "des Saules",
    "des Noisetiers",
    "des Mésanges",
    "des Hirondelles",
    "des Alouettes",
    "des Coquelicots",
    "des Bleuets",
    "des Glycines",
    "des Hortensias",
    "des Magnolias",
    "des Camélias",
    "des Vignes",
    "des Vergers",
    "des Prés",
    "des Champs",
    "de la Fontaine",
    "de la Source",
    "du Lavoir",
    "du Puits",
    "de l'Étang",
    "de la Prairie",
    "du Bocage",
    "des Ardoisières",
    "des Jardins",
    "des Écoles",
    "du Stade",
    "de la Gare",
    "du Verger",
    "du Clos",
    "des Coteaux",
    "de la Loire",
    "des Mariniers",
    "des Vanniers",
    "des Tisserands",
    "des Forges",
    "du Pressoir",
    "de la Chênaie",
    "des Genêts",
    "des Bruyères",
    "du Vallon",
    "des Hauts-Champs",
    "de la Croix-Blanche",
    "du Petit-Bois",
    "des Pervenches",
    "des Cerisiers",
    "Victor-Hugo",
    "Jean-Jaurès",
    "Jules-Ferry",
    "Marie-Curie",
    "Jean-Moulin",
    "Anatole-France",
    "Émile-Zola",
    "Georges-Brassens",
    "Joachim-du-Bellay",
    "Molière",
    "des Pins",
    "des Chênes",
    "des Ormes",
    "des Sorbiers",
    "des Houx",
    "des Lauriers",
    "des Mimosas",
    "des Jonquilles",
    "des Violettes",
    "des Primevères",
    "des Iris",
    "des Tulipes",
    "des Pâquerettes",
    "des Marguerites",
    "des Myosotis",
    "des Fauvettes",
    "des Pinsons",
    "des Rossignols",
    "des Merles",
    "des Martinets",
    "des Chardonnerets",
    "du Four",
    "de la Tuilerie",
    "de la Briqueterie",
    "des Meuniers",
    "des Charpentiers",
    "des Tonneliers",
    "des Vignerons",
    "des Bateliers",
    "du Port",
    "de la Levée",
    "des Îles",
    "du Gué",
    "de la Rivière",
    "des Sablons",
    "des Landes",
    "des Noues",
    "de la Butte",
    "du Tertre",
    "du Plessis",
    "de la Grange",
    "de la Métairie",
    "des Closeaux",
    "du Château-d'Eau",
    "de la Poste",
    "de l'Église",
    "du Prieuré",
    "du Calvaire",
    "de la Chapelle",
    "des Lavandières",
    "Alphonse-Daudet",
    "Paul-Verlaine",
    "Charles-Péguy",
    "Albert-Camus",
    "Antoine-de-Saint-Exupéry",
    "Jacques-Prévert",
    "Jean-Monnet",
    "Louise-Michel",
    "Simone-Veil",
    "George-Sand",
    "Frédéric-Chopin",
    "Claude-Debussy",
    "Maurice-Ravel",
    "Claude-Monet",
];

/// The generic street names of one commune, most likely first (weighted shuffle by street type).
fn generic_street_names(rng: &mut Rng) -> Vec<String> {
    let mut keyed: Vec<(f64, String)> = Vec::new();
    for (kind, weight, _, _) in STREET_TYPES {
        for complement in STREET_COMPLEMENTS {
            // Efraimidis–Spirakis: sorting by -ln(u)/w draws without replacement by weight.
            let key = -(1.0 - rng.unit()).ln() / weight;
            keyed.push((key, format!("{kind} {complement}")));
        }
    }
    keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
    keyed.into_iter().map(|(_, name)| name).collect()
}

/// The length range of a street, from the first word of its name.
fn street_length_range(name: &str) -> (f64, f64) {
    let kind = name.split(' ').next().unwrap_or("Rue");
    match kind {
        "Place" => (200.0, 260.0),
        "Quai" => (500.0, 900.0),
        _ => STREET_TYPES
            .iter()
            .find(|t| t.0 == kind)
            .map_or((200.0, 800.0), |t| (t.2, t.3)),
    }
}

// ---------------------------------------------------------------------------------------------
// Quartiers
// ---------------------------------------------------------------------------------------------

struct Quartier {
    nom: &'static str,
    code: String,
    code_postal: &'static str,
    /// Closed ring, rounded lon/lat, counter-clockwise.
    ring: Vec<[f64; 2]>,
    polygon: Polygon<f64>,
}

/// Everything the layers share: the city outline and its quartiers.
struct Territory {
    quartiers: Vec<Quartier>,
    /// The city outline as written (lon/lat).
    city: Polygon<f64>,
}

impl Territory {
    fn build() -> Self {
        let outline: Vec<[f64; 2]> = CITY_OUTLINE.iter().map(|ll| to_local(*ll)).collect();
        let sites: Vec<[f64; 2]> = QUARTIERS.iter().map(|q| to_local(q.centroid)).collect();
        let quartiers = QUARTIERS
            .iter()
            .enumerate()
            .map(|(i, def)| {
                let mut cell = outline.clone();
                for (j, other) in sites.iter().enumerate() {
                    if j != i {
                        cell = clip_by_bisector(&cell, sites[i], *other);
                    }
                }
                let ring = geojson_ring(&cell, true);
                Quartier {
                    nom: def.nom,
                    code: format!("Q{:02}", i + 1),
                    code_postal: def.code_postal,
                    polygon: geo_polygon(&ring, &[]),
                    ring,
                }
            })
            .collect();
        let city_ring = geojson_ring(&outline, true);
        Self {
            quartiers,
            city: geo_polygon(&city_ring, &[]),
        }
    }

    fn in_city(&self, ll: [f64; 2]) -> bool {
        contains(&self.city, ll)
    }

    /// The quartier containing `ll`, if any.
    fn quartier_at(&self, ll: [f64; 2]) -> Option<usize> {
        self.quartiers.iter().position(|q| contains(&q.polygon, ll))
    }

    /// True when `ll` belongs to neighbouring commune `c`: outside Angers, nearer to that commune's
    /// centre than to any other, and not too far from it.
    fn in_commune(&self, c: usize, ll: [f64; 2]) -> bool {
        let p = to_local(ll);
        let d = dist(p, to_local(COMMUNES[c].centre));
        d < COMMUNE_RADIUS * 1.9
            && COMMUNES
                .iter()
                .enumerate()
                .all(|(o, other)| o == c || dist(p, to_local(other.centre)) > d)
            && !self.in_city(ll)
    }
}

// ---------------------------------------------------------------------------------------------
// GeoJSON
// ---------------------------------------------------------------------------------------------

/// One feature on one line, properties in the given order.
fn feature_line(properties: &[(&str, Value)], geometry: &Value) -> Result<String> {
    let mut props = String::from("{");
    for (i, (key, value)) in properties.iter().enumerate() {
        if i > 0 {
            props.push(',');
        }
        props.push_str(&serde_json::to_string(key)?);
        props.push(':');
        props.push_str(&serde_json::to_string(value)?);
    }
    props.push('}');
    Ok(format!(
        r#"{{"type":"Feature","properties":{props},"geometry":{}}}"#,
        serde_json::to_string(geometry)?
    ))
}

fn write_feature_collection(path: &Path, name: &str, lines: &[String]) -> Result<()> {
    let mut text = format!(
        "{{\"type\":\"FeatureCollection\",\"name\":{},\"features\":[\n",
        serde_json::to_string(name)?
    );
    text.push_str(&lines.join(",\n"));
    text.push_str("\n]}\n");
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

fn write_quartiers(out: &Path, territory: &Territory) -> Result<usize> {
    let lines = territory
        .quartiers
        .iter()
        .map(|q| {
            feature_line(
                &[("nom", json!(q.nom)), ("code", json!(q.code))],
                &json!({"type": "Polygon", "coordinates": [q.ring]}),
            )
        })
        .collect::<Result<Vec<_>>>()?;
    write_feature_collection(&out.join("quartiers.geojson"), "quartiers", &lines)?;
    Ok(lines.len())
}

// ---------------------------------------------------------------------------------------------
// Green spaces
// ---------------------------------------------------------------------------------------------

/// A disc reserved by a green space: streets and other green spaces keep out of it.
#[derive(Clone, Copy)]
struct Disc {
    centre: [f64; 2],
    radius: f64,
}

struct GreenSpace {
    nom: String,
    kind: &'static str,
    gestionnaire: &'static str,
    /// Polygons, each a list of closed rings (exterior then holes), rounded lon/lat.
    polygons: Vec<Vec<Vec<[f64; 2]>>>,
    disc: Disc,
}

/// How a green space is drawn.
struct Shape {
    centre: [f64; 2],
    radius: f64,
    /// Minor/major axis ratio (1 for round shapes, small for green corridors).
    elongation: f64,
    /// Pond radius as a fraction of `radius`, if any.
    pond: Option<f64>,
    /// Number of separate parts (MultiPolygon when more than one).
    parts: usize,
}

/// An irregular star-shaped ring around `centre` (local metres, open, counter-clockwise).
fn star_ring(
    rng: &mut Rng,
    centre: [f64; 2],
    radius: f64,
    elongation: f64,
    min_factor: f64,
) -> Vec<[f64; 2]> {
    let n = rng.int(8, 16) as usize;
    let rotation = rng.range(0.0, std::f64::consts::PI);
    let step = std::f64::consts::TAU / n as f64;
    let start = rng.range(0.0, step);
    (0..n)
        .map(|k| {
            let angle = start + step * (k as f64 + rng.range(-0.3, 0.3));
            let r = radius * rng.range(min_factor, 1.0);
            let (x, y) = (angle.cos() * r, angle.sin() * r * elongation);
            let (s, c) = rotation.sin_cos();
            [centre[0] + x * c - y * s, centre[1] + x * s + y * c]
        })
        .collect()
}

fn draw_shape(rng: &mut Rng, shape: &Shape) -> Vec<Vec<Vec<[f64; 2]>>> {
    let mut polygons = Vec::new();
    if shape.parts > 1 {
        // Parts side by side inside the reserved disc, a gap between them.
        let direction = rng.range(0.0, std::f64::consts::TAU);
        let part_radius = shape.radius / shape.parts as f64 * 0.85;
        for k in 0..shape.parts {
            let along = (k as f64 - (shape.parts as f64 - 1.0) / 2.0) * part_radius * 2.2;
            let c = [
                shape.centre[0] + along * direction.cos(),
                shape.centre[1] + along * direction.sin(),
            ];
            let ring = star_ring(rng, c, part_radius, 1.0, 0.6);
            polygons.push(vec![geojson_ring(&ring, true)]);
        }
        return polygons;
    }
    let min_factor = if shape.pond.is_some() { 0.8 } else { 0.6 };
    let outer = star_ring(
        rng,
        shape.centre,
        shape.radius,
        shape.elongation,
        min_factor,
    );
    let mut rings = vec![geojson_ring(&outer, true)];
    if let Some(fraction) = shape.pond {
        let offset = rng.range(0.0, 0.05) * shape.radius;
        let angle = rng.range(0.0, std::f64::consts::TAU);
        let c = [
            shape.centre[0] + offset * angle.cos(),
            shape.centre[1] + offset * angle.sin(),
        ];
        let pond = star_ring(rng, c, shape.radius * fraction, 1.0, 0.7);
        rings.push(geojson_ring(&pond, false));
    }
    polygons.push(rings);
    polygons
}

struct RealPark {
    nom: &'static str,
    centre: [f64; 2],
    kind: &'static str,
    radius: f64,
    gestionnaire: &'static str,
    pond: Option<f64>,
    parts: usize,
}

const REAL_PARKS: [RealPark; 11] = [
    RealPark {
        nom: "Jardin des Plantes",
        centre: [-0.5468, 47.4780],
        kind: "jardin",
        radius: 140.0,
        gestionnaire: "Ville d'Angers",
        pond: Some(0.25),
        parts: 1,
    },
    RealPark {
        nom: "Jardin du Mail",
        centre: [-0.5468, 47.4690],
        kind: "jardin",
        radius: 90.0,
        gestionnaire: "Ville d'Angers",
        pond: None,
        parts: 1,
    },
    RealPark {
        nom: "Arboretum Gaston-Allard",
        centre: [-0.5402, 47.4585],
        kind: "parc",
        radius: 120.0,
        gestionnaire: "Ville d'Angers",
        pond: None,
        parts: 1,
    },
    RealPark {
        nom: "Parc Balzac",
        centre: [-0.5760, 47.4620],
        kind: "parc",
        radius: 320.0,
        gestionnaire: "Ville d'Angers",
        pond: None,
        parts: 1,
    },
    RealPark {
        nom: "Parc Saint-Nicolas",
        centre: [-0.5840, 47.4755],
        kind: "parc",
        radius: 280.0,
        gestionnaire: "Ville d'Angers",
        pond: Some(0.3),
        parts: 1,
    },
    RealPark {
        nom: "Parc de loisirs du Lac de Maine",
        centre: [-0.5960, 47.4545],
        kind: "parc",
        radius: 400.0,
        gestionnaire: "Ville d'Angers",
        pond: Some(0.45),
        parts: 1,
    },
    RealPark {
        nom: "Jardin du musée des Beaux-Arts",
        centre: [-0.5503, 47.4686],
        kind: "jardin",
        radius: 35.0,
        gestionnaire: "Ville d'Angers",
        pond: None,
        parts: 1,
    },
    RealPark {
        nom: "Parc de la Garenne",
        centre: [-0.5130, 47.4790],
        kind: "parc",
        radius: 160.0,
        gestionnaire: "Ville d'Angers",
        pond: None,
        parts: 1,
    },
    RealPark {
        nom: "Jardin de la Retraite",
        centre: [-0.5445, 47.4660],
        kind: "jardin",
        radius: 45.0,
        gestionnaire: "Ville d'Angers",
        pond: None,
        parts: 1,
    },
    RealPark {
        nom: "Parc de Pignerolle",
        centre: [-0.4740, 47.4680],
        kind: "parc",
        radius: 400.0,
        gestionnaire: "Angers Loire Métropole",
        pond: None,
        parts: 1,
    },
    RealPark {
        nom: "Île Saint-Aubin",
        centre: [-0.5440, 47.5150],
        kind: "parc",
        radius: 600.0,
        gestionnaire: "Ville d'Angers",
        pond: None,
        parts: 3,
    },
];

/// Green space types: weight, radius range (m), elongation, name prefix.
const GREEN_TYPES: [(&str, f64, f64, f64, f64, &str); 6] = [
    ("square", 30.0, 30.0, 70.0, 1.0, "Square"),
    ("jardin", 20.0, 40.0, 110.0, 1.0, "Jardin"),
    ("aire de jeux", 15.0, 30.0, 55.0, 1.0, "Aire de jeux"),
    (
        "jardins familiaux",
        12.0,
        60.0,
        140.0,
        1.0,
        "Jardins familiaux",
    ),
    ("coulée verte", 10.0, 150.0, 350.0, 0.25, "Coulée verte"),
    ("parc", 13.0, 120.0, 300.0, 1.0, "Parc"),
];

const GREEN_COMPLEMENTS: [&str; 48] = [
    "des Tilleuls",
    "du Petit-Bois",
    "des Hirondelles",
    "des Mésanges",
    "des Rosiers",
    "des Capucins",
    "du Moulin",
    "de la Source",
    "des Vergers",
    "des Lilas",
    "des Érables",
    "de la Prairie",
    "des Cèdres",
    "du Vallon",
    "des Saules",
    "des Platanes",
    "du Belvédère",
    "des Senteurs",
    "des Coteaux",
    "de la Fontaine",
    "des Glycines",
    "des Marronniers",
    "des Charmilles",
    "du Ruisseau",
    "des Peupliers",
    "de l'Étang",
    "des Bouleaux",
    "des Noyers",
    "du Verger",
    "des Magnolias",
    "de la Chênaie",
    "des Camélias",
    "des Ardoisières",
    "des Mariniers",
    "du Clos",
    "des Bleuets",
    "des Pommiers",
    "du Lavoir",
    "des Genêts",
    "de la Roseraie",
    "des Aulnes",
    "des Acacias",
    "des Hortensias",
    "du Pressoir",
    "des Lavandières",
    "des Frênes",
    "des Ormeaux",
    "du Colombier",
];

const GREEN_TARGET: usize = 150;

fn make_green_spaces(territory: &Territory) -> Vec<GreenSpace> {
    let mut rng = Rng::stream("espaces-verts");
    let mut spaces: Vec<GreenSpace> = Vec::new();
    for park in &REAL_PARKS {
        let shape = Shape {
            centre: to_local(park.centre),
            radius: park.radius,
            elongation: 1.0,
            pond: park.pond,
            parts: park.parts,
        };
        spaces.push(GreenSpace {
            nom: park.nom.to_owned(),
            kind: park.kind,
            gestionnaire: park.gestionnaire,
            polygons: draw_shape(&mut rng, &shape),
            disc: Disc {
                centre: shape.centre,
                radius: park.radius,
            },
        });
    }
    let mut names: HashSet<String> = spaces.iter().map(|s| s.nom.clone()).collect();
    let (mut multi_jardins, mut multi_coulee) = (false, false);
    let city_min = to_local([-0.6180, 47.4370]);
    let city_max = to_local([-0.5080, 47.5260]);
    let mut attempts = 0;
    while spaces.len() < GREEN_TARGET && attempts < 50_000 {
        attempts += 1;
        let &(kind, _, r_min, r_max, elongation, prefix) =
            rng.weighted(&GREEN_TYPES.map(|t| (t, t.1)));
        let radius = rng.range(r_min, r_max);
        // Mostly in Angers, a fifth in the neighbouring communes.
        let in_angers = rng.chance(0.8);
        let commune = rng.index(COMMUNES.len());
        let centre = if in_angers {
            [
                rng.range(city_min[0], city_max[0]),
                rng.range(city_min[1], city_max[1]),
            ]
        } else {
            let c = to_local(COMMUNES[commune].centre);
            let (a, r) = (
                rng.range(0.0, std::f64::consts::TAU),
                COMMUNE_RADIUS * rng.unit().sqrt(),
            );
            [c[0] + r * a.cos(), c[1] + r * a.sin()]
        };
        let ll = to_lon_lat(centre);
        let inside = if in_angers {
            territory.in_city(ll)
        } else {
            territory.in_commune(commune, ll)
        };
        let clear = spaces
            .iter()
            .all(|s| dist(s.disc.centre, centre) > s.disc.radius + radius + 25.0);
        if !inside || !clear {
            continue;
        }
        let name = format!("{prefix} {}", rng.pick(&GREEN_COMPLEMENTS));
        if names.contains(&name) {
            continue;
        }
        let parts = match kind {
            "jardins familiaux" if !multi_jardins => {
                multi_jardins = true;
                2
            }
            "coulée verte" if !multi_coulee => {
                multi_coulee = true;
                2
            }
            _ => 1,
        };
        let pond = (kind == "parc" && radius > 180.0 && parts == 1 && rng.chance(0.25))
            .then(|| rng.range(0.2, 0.35));
        let gestionnaire = match (in_angers, kind) {
            (_, "coulée verte") => "Angers Loire Métropole",
            (true, "square" | "aire de jeux") => *rng.weighted(&[
                ("Ville d'Angers", 6.0),
                ("Bailleur social", 3.0),
                ("Angers Loire Métropole", 1.0),
            ]),
            (true, _) => *rng.weighted(&[
                ("Ville d'Angers", 8.0),
                ("Angers Loire Métropole", 1.0),
                ("Département de Maine-et-Loire", 0.5),
            ]),
            (false, _) => *rng.weighted(&[
                ("Angers Loire Métropole", 6.0),
                ("Bailleur social", 2.0),
                ("Département de Maine-et-Loire", 1.0),
            ]),
        };
        let shape = Shape {
            centre,
            radius,
            elongation: if parts > 1 { 1.0 } else { elongation },
            pond,
            parts,
        };
        names.insert(name.clone());
        spaces.push(GreenSpace {
            nom: name,
            kind,
            gestionnaire,
            polygons: draw_shape(&mut rng, &shape),
            disc: Disc { centre, radius },
        });
    }
    spaces
}

fn write_green_spaces(out: &Path, spaces: &[GreenSpace], l93: &Lambert93) -> Result<usize> {
    let mut lines = Vec::with_capacity(spaces.len());
    for space in spaces {
        let mut surface = 0.0;
        for polygon in &space.polygons {
            surface += l93.area(polygon)?;
        }
        let geometry = if space.polygons.len() == 1 {
            json!({"type": "Polygon", "coordinates": space.polygons[0]})
        } else {
            json!({"type": "MultiPolygon", "coordinates": space.polygons})
        };
        lines.push(feature_line(
            &[
                ("nom", json!(space.nom)),
                ("type", json!(space.kind)),
                ("surface_m2", json!(surface.round() as i64)),
                ("gestionnaire", json!(space.gestionnaire)),
            ],
            &geometry,
        )?);
    }
    write_feature_collection(&out.join("espaces-verts.geojson"), "espaces-verts", &lines)?;
    Ok(lines.len())
}

// ---------------------------------------------------------------------------------------------
// Addresses
// ---------------------------------------------------------------------------------------------

/// Where a street is: a quartier of Angers or a neighbouring commune.
#[derive(Clone, Copy, PartialEq)]
enum Zone {
    Quartier(usize),
    Commune(usize),
}

struct Address {
    insee: &'static str,
    commune: &'static str,
    code_postal: &'static str,
    quartier: Option<usize>,
    street: String,
    street_code: u32,
    numero: u32,
    suffixe: &'static str,
    ll: [f64; 2],
    source: &'static str,
    date: String,
}

/// A coarse occupancy grid (local metres) so streets and parks do not pile up.
struct Grid {
    cells: HashMap<(i64, i64), u32>,
}

const CELL: f64 = 40.0;
const GREEN_ID: u32 = u32::MAX;

impl Grid {
    fn key(p: [f64; 2]) -> (i64, i64) {
        ((p[0] / CELL).floor() as i64, (p[1] / CELL).floor() as i64)
    }

    fn reserve_disc(&mut self, disc: Disc) {
        let r = disc.radius * 0.9;
        let (lo, hi) = (
            Self::key([disc.centre[0] - r, disc.centre[1] - r]),
            Self::key([disc.centre[0] + r, disc.centre[1] + r]),
        );
        for i in lo.0..=hi.0 {
            for j in lo.1..=hi.1 {
                let c = [(i as f64 + 0.5) * CELL, (j as f64 + 0.5) * CELL];
                if dist(c, disc.centre) <= r {
                    self.cells.insert((i, j), GREEN_ID);
                }
            }
        }
    }
}

/// A polyline with its cumulative lengths.
struct Polyline {
    points: Vec<[f64; 2]>,
    cumulative: Vec<f64>,
}

impl Polyline {
    fn new(points: Vec<[f64; 2]>) -> Self {
        let mut cumulative = vec![0.0];
        for w in points.windows(2) {
            let last = cumulative.last().copied().unwrap_or(0.0);
            cumulative.push(last + dist(w[0], w[1]));
        }
        Self { points, cumulative }
    }

    fn length(&self) -> f64 {
        self.cumulative.last().copied().unwrap_or(0.0)
    }

    /// The point at arc length `s` and the unit tangent there.
    fn at(&self, s: f64) -> ([f64; 2], [f64; 2]) {
        let i = (1..self.points.len())
            .find(|&i| self.cumulative[i] >= s)
            .unwrap_or(self.points.len() - 1);
        let (a, b) = (self.points[i - 1], self.points[i]);
        let len = (self.cumulative[i] - self.cumulative[i - 1]).max(1e-9);
        let t = ((s - self.cumulative[i - 1]) / len).clamp(0.0, 1.0);
        let tangent = [(b[0] - a[0]) / len, (b[1] - a[1]) / len];
        (
            [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])],
            tangent,
        )
    }
}

/// A street of 3 to 6 vertices and exactly `length` metres, starting at `start`.
fn draw_street(rng: &mut Rng, start: [f64; 2], heading: f64, length: f64) -> Polyline {
    let n = rng.int(3, 6) as usize;
    let weights: Vec<f64> = (1..n).map(|_| rng.range(0.75, 1.25)).collect();
    let total: f64 = weights.iter().sum();
    let mut heading = heading + rng.range(-0.15, 0.15);
    let mut points = vec![start];
    let mut p = start;
    for w in weights {
        let seg = length * w / total;
        p = [p[0] + seg * heading.cos(), p[1] + seg * heading.sin()];
        points.push(p);
        heading += rng.range(-0.3, 0.3);
    }
    Polyline::new(points)
}

/// A date between 2015-01-01 and 2025-12-31.
fn random_date(rng: &mut Rng) -> String {
    let year = rng.int(2015, 2025);
    let month = rng.int(1, 12);
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    format!("{year:04}-{month:02}-{:02}", rng.int(1, days))
}

fn make_addresses(territory: &Territory, greens: &[GreenSpace]) -> Vec<Address> {
    let mut rng = Rng::stream("adresses");
    let mut grid = Grid {
        cells: HashMap::new(),
    };
    for g in greens {
        grid.reserve_disc(g.disc);
    }
    let mut addresses = Vec::new();
    let mut street_id: u32 = 0;
    let mut angers_names = generic_street_names(&mut rng).into_iter();
    let mut angers_code: u32 = 0;
    let zones: Vec<Zone> = (0..QUARTIERS.len())
        .map(Zone::Quartier)
        .chain((0..COMMUNES.len()).map(Zone::Commune))
        .collect();
    for zone in zones {
        let (target, real_streets, spacing) = match zone {
            Zone::Quartier(q) => {
                let spacing = if q == 0 { (10.0, 16.0) } else { (16.0, 30.0) };
                (QUARTIERS[q].addresses, QUARTIERS[q].streets, spacing)
            }
            Zone::Commune(c) => (COMMUNES[c].addresses, &[][..], (18.0, 34.0)),
        };
        let mut commune_names = generic_street_names(&mut rng).into_iter();
        let mut commune_code: u32 = 0;
        let orientation = rng.range(0.0, std::f64::consts::FRAC_PI_2);
        let mut real = real_streets.iter();
        let mut count = 0;
        let mut attempts = 0;
        let mut pending_name: Option<String> = None;
        while count < target && attempts < 20_000 {
            attempts += 1;
            let name = match pending_name.take() {
                Some(name) => name,
                None => match (zone, real.next()) {
                    (_, Some(name)) => (*name).to_owned(),
                    (Zone::Quartier(_), None) => angers_names
                        .next()
                        .unwrap_or_else(|| "Rue Nouvelle".to_owned()),
                    (Zone::Commune(_), None) => commune_names
                        .next()
                        .unwrap_or_else(|| "Rue Nouvelle".to_owned()),
                },
            };
            let inside = |ll: [f64; 2]| match zone {
                Zone::Quartier(_) => territory.in_city(ll),
                Zone::Commune(c) => territory.in_commune(c, ll),
            };
            // A start point in the zone.
            let start = match zone {
                Zone::Quartier(q) => {
                    let ring = &territory.quartiers[q].ring;
                    let (lo, hi) =
                        ring.iter()
                            .fold(([f64::MAX; 2], [f64::MIN; 2]), |(lo, hi), p| {
                                (
                                    [lo[0].min(p[0]), lo[1].min(p[1])],
                                    [hi[0].max(p[0]), hi[1].max(p[1])],
                                )
                            });
                    let ll = [rng.range(lo[0], hi[0]), rng.range(lo[1], hi[1])];
                    if !contains(&territory.quartiers[q].polygon, ll) {
                        pending_name = Some(name);
                        continue;
                    }
                    to_local(ll)
                }
                Zone::Commune(c) => {
                    let centre = to_local(COMMUNES[c].centre);
                    let (a, r) = (
                        rng.range(0.0, std::f64::consts::TAU),
                        COMMUNE_RADIUS * rng.unit().sqrt(),
                    );
                    [centre[0] + r * a.cos(), centre[1] + r * a.sin()]
                }
            };
            let (min_len, max_len) = street_length_range(&name);
            let heading = orientation + std::f64::consts::FRAC_PI_2 * rng.int(0, 3) as f64;
            let length = rng.range(min_len, max_len);
            let street = draw_street(&mut rng, start, heading, length);
            // The street must stay in its zone, keep out of parks, and cross other streets at most once.
            let samples: Vec<[f64; 2]> = (0..=(street.length() / 10.0) as usize)
                .map(|k| street.at(k as f64 * 10.0).0)
                .collect();
            let hits: Vec<u32> = samples
                .iter()
                .filter_map(|p| grid.cells.get(&Grid::key(*p)).copied())
                .collect();
            let relaxed = attempts > 15_000;
            if !street.points.iter().all(|p| inside(to_lon_lat(*p)))
                || hits.contains(&GREEN_ID)
                || (hits.len() > 5 && !relaxed)
            {
                pending_name = Some(name);
                continue;
            }
            street_id += 1;
            let code = match zone {
                Zone::Quartier(_) => &mut angers_code,
                Zone::Commune(_) => &mut commune_code,
            };
            *code += rng.int(1, 9) as u32;
            let street_code = *code;
            let base_source = match zone {
                Zone::Quartier(_) => {
                    *rng.weighted(&[("Ville d'Angers", 6.0), ("BAN", 3.0), ("Cadastre", 1.0)])
                }
                Zone::Commune(_) => *rng.weighted(&[("BAN", 7.0), ("Cadastre", 3.0)]),
            };
            let step = rng.range(spacing.0, spacing.1);
            let mut placed: Vec<(u32, &'static str, [f64; 2])> = Vec::new();
            for (side, first) in [(1.0, 1u32), (-1.0, 2u32)] {
                // Odd numbers on the left, even on the right, increasing along the street.
                let offset = rng.range(8.0, 15.0);
                let mut s = rng.range(3.0, 12.0);
                let mut numero = first;
                let mut place = |rng: &mut Rng, s: f64, numero: u32, suffixe: &'static str| {
                    let (p, t) = street.at(s);
                    let o = offset * rng.range(0.92, 1.08) * side;
                    placed.push((numero, suffixe, [p[0] - t[1] * o, p[1] + t[0] * o]));
                };
                while s < street.length() - 3.0 {
                    let next = step * rng.range(0.7, 1.3);
                    place(&mut rng, s, numero, "");
                    if rng.chance(0.042) {
                        place(&mut rng, s + next * 0.4, numero, "bis");
                        if rng.chance(0.2) {
                            place(&mut rng, s + next * 0.7, numero, "ter");
                        }
                    }
                    s += next;
                    numero += if rng.chance(0.08) { 4 } else { 2 };
                }
            }
            placed.sort_by_key(|(numero, suffixe, _)| {
                (
                    *numero,
                    ["", "bis", "ter"].iter().position(|x| x == suffixe),
                )
            });
            for p in &street.points {
                grid.cells.insert(Grid::key(*p), street_id);
            }
            for p in &samples {
                grid.cells.insert(Grid::key(*p), street_id);
            }
            for (numero, suffixe, p) in placed {
                let ll = to_lon_lat(p);
                if !inside(ll) {
                    continue;
                }
                let (insee, commune, code_postal, quartier) = match zone {
                    Zone::Quartier(_) => {
                        let Some(q) = territory.quartier_at(ll) else {
                            continue;
                        };
                        (
                            ANGERS_INSEE,
                            ANGERS,
                            territory.quartiers[q].code_postal,
                            Some(q),
                        )
                    }
                    Zone::Commune(c) => (
                        COMMUNES[c].insee,
                        COMMUNES[c].nom,
                        COMMUNES[c].code_postal,
                        None,
                    ),
                };
                let source = if rng.chance(0.85) {
                    base_source
                } else {
                    *rng.pick(&["Ville d'Angers", "BAN", "Cadastre"])
                };
                let source = if quartier.is_none() && source == "Ville d'Angers" {
                    "BAN"
                } else {
                    source
                };
                grid.cells.insert(Grid::key(p), street_id);
                addresses.push(Address {
                    insee,
                    commune,
                    code_postal,
                    quartier,
                    street: name.clone(),
                    street_code,
                    numero,
                    suffixe,
                    ll,
                    source,
                    date: random_date(&mut rng),
                });
                count += 1;
            }
        }
        if count < target {
            eprintln!(
                "note: {count} addresses instead of {target} in zone {}",
                zone_name(zone)
            );
        }
    }
    addresses
}

fn zone_name(zone: Zone) -> &'static str {
    match zone {
        Zone::Quartier(q) => QUARTIERS[q].nom,
        Zone::Commune(c) => COMMUNES[c].nom,
    }
}

fn write_addresses(
    out: &Path,
    territory: &Territory,
    addresses: &[Address],
    l93: &Lambert93,
) -> Result<usize> {
    let path = out.join("adresses.csv");
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::Any(b'\n'))
        .from_path(&path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    writer.write_record([
        "id_adresse",
        "numero_adresse",
        "suffixe_adresse",
        "libelle_adresse",
        "libelle_complet_adresse",
        "code_postal",
        "commune",
        "libelle_quartier_angers",
        "source",
        "date_maj_adresse",
        "x",
        "y",
    ])?;
    for a in addresses {
        let xy = l93.convert(a.ll)?;
        let mut id = format!("{}_{:04}_{:05}", a.insee, a.street_code, a.numero);
        let mut complet = a.numero.to_string();
        if !a.suffixe.is_empty() {
            id.push('_');
            id.push_str(a.suffixe);
            complet.push(' ');
            complet.push_str(a.suffixe);
        }
        complet.push(' ');
        complet.push_str(&a.street);
        writer.write_record([
            id.as_str(),
            &a.numero.to_string(),
            a.suffixe,
            &a.street,
            &complet,
            a.code_postal,
            a.commune,
            a.quartier.map_or("", |q| territory.quartiers[q].nom),
            a.source,
            &a.date,
            &format!("{:.2}", xy[0]),
            &format!("{:.2}", xy[1]),
        ])?;
    }
    writer.flush()?;
    Ok(addresses.len())
}

// ---------------------------------------------------------------------------------------------
// Heritage sites
// ---------------------------------------------------------------------------------------------

struct Site {
    tico: String,
    adrs: String,
    commune: &'static str,
    datbati1: String,
    siecle: i64,
    protection: &'static str,
    statut: &'static str,
    /// (year, month, day)
    date_prot: (i32, u32, u32),
    /// WGS 84 lon/lat.
    ll: [f64; 2],
}

/// Real monuments: title, commune, lon/lat (approximate), address, century, period, protection,
/// status, protection year. Places and names are real; the other attributes are indicative.
type RealSite = (
    &'static str,
    &'static str,
    [f64; 2],
    &'static str,
    i64,
    &'static str,
    &'static str,
    &'static str,
    i32,
);

const REAL_SITES: [RealSite; 22] = [
    (
        "Château d'Angers",
        ANGERS,
        [-0.5601, 47.4700],
        "Promenade du Bout-du-Monde",
        13,
        "XIIIe siècle",
        "classé",
        "propriété de l'État",
        1875,
    ),
    (
        "Cathédrale Saint-Maurice",
        ANGERS,
        [-0.5545, 47.4704],
        "Place Freppel",
        12,
        "XIIe siècle",
        "classé",
        "propriété de l'État",
        1862,
    ),
    (
        "Maison d'Adam",
        ANGERS,
        [-0.5538, 47.4698],
        "Place Sainte-Croix",
        15,
        "XVe siècle",
        "classé",
        "propriété de la commune",
        1922,
    ),
    (
        "Logis Barrault",
        ANGERS,
        [-0.5507, 47.4690],
        "Rue du Musée",
        15,
        "XVe siècle",
        "classé",
        "propriété de la commune",
        1902,
    ),
    (
        "Hôtel Pincé",
        ANGERS,
        [-0.5507, 47.4716],
        "Rue Lenepveu",
        16,
        "XVIe siècle",
        "classé",
        "propriété de la commune",
        1888,
    ),
    (
        "Tour Saint-Aubin",
        ANGERS,
        [-0.5515, 47.4692],
        "Rue des Lices",
        12,
        "XIIe siècle",
        "classé",
        "propriété de la commune",
        1875,
    ),
    (
        "Église Saint-Serge",
        ANGERS,
        [-0.5490, 47.4800],
        "Avenue Marie-Talet",
        13,
        "XIIIe siècle",
        "classé",
        "propriété de la commune",
        1862,
    ),
    (
        "Collégiale Saint-Martin",
        ANGERS,
        [-0.5520, 47.4676],
        "Rue Saint-Martin",
        11,
        "Moyen Âge",
        "classé",
        "propriété du département",
        1902,
    ),
    (
        "Ancien hôpital Saint-Jean",
        ANGERS,
        [-0.5575, 47.4770],
        "Boulevard Arago",
        12,
        "XIIe siècle",
        "classé",
        "propriété de la commune",
        1840,
    ),
    (
        "Grand Théâtre",
        ANGERS,
        [-0.5528, 47.4714],
        "Place du Ralliement",
        19,
        "XIXe siècle",
        "inscrit",
        "propriété de la commune",
        1975,
    ),
    (
        "Abbaye du Ronceray",
        ANGERS,
        [-0.5596, 47.4730],
        "Place de la Laiterie",
        11,
        "XIe siècle",
        "classé",
        "propriété de l'État",
        1908,
    ),
    (
        "Église de la Trinité",
        ANGERS,
        [-0.5606, 47.4737],
        "Place de la Laiterie",
        12,
        "XIIe siècle",
        "classé",
        "propriété de la commune",
        1908,
    ),
    (
        "Tour des Anglais",
        ANGERS,
        [-0.5637, 47.4712],
        "Boulevard Henri-Arnauld",
        14,
        "Moyen Âge",
        "classé et inscrit",
        "propriété de la commune",
        1930,
    ),
    (
        "Hôtel de Livois",
        ANGERS,
        [-0.5487, 47.4728],
        "Rue Saint-Laud",
        18,
        "XVIIIe siècle",
        "inscrit",
        "propriété privée",
        1929,
    ),
    (
        "Préfecture (ancienne abbaye Saint-Aubin)",
        ANGERS,
        [-0.5523, 47.4685],
        "Place Michel-Debré",
        17,
        "XVIIe siècle",
        "classé",
        "propriété de l'État",
        1862,
    ),
    (
        "Église Saint-Laud",
        ANGERS,
        [-0.5500, 47.4740],
        "Rue Saint-Laud",
        12,
        "XIIe siècle",
        "inscrit",
        "propriété de la commune",
        1926,
    ),
    (
        "Tour Villebon",
        ANGERS,
        [-0.5452, 47.4716],
        "Boulevard du Roi-René",
        15,
        "XVe siècle",
        "inscrit",
        "propriété de la commune",
        1926,
    ),
    (
        "Chapelle des Ursules",
        ANGERS,
        [-0.5468, 47.4664],
        "Rue Bressigny",
        17,
        "XVIIe siècle",
        "inscrit",
        "propriété de la commune",
        1947,
    ),
    (
        "Abbaye Toussaint",
        ANGERS,
        [-0.5508, 47.4682],
        "Rue Toussaint",
        13,
        "XIIIe siècle",
        "classé",
        "propriété de la commune",
        1904,
    ),
    (
        "Greniers Saint-Jean",
        ANGERS,
        [-0.5582, 47.4776],
        "Place du Tertre-Saint-Laurent",
        13,
        "XIIIe siècle",
        "classé",
        "propriété de la commune",
        1920,
    ),
    (
        "Château de Pignerolle",
        "Saint-Barthélemy-d'Anjou",
        [-0.4745, 47.4692],
        "Parc de Pignerolle",
        18,
        "XVIIIe siècle",
        "classé et inscrit",
        "propriété de la commune",
        1972,
    ),
    (
        "Château des Ponts-de-Cé",
        "Les Ponts-de-Cé",
        [-0.5245, 47.4245],
        "Rue Charles-de-Gaulle",
        15,
        "XVe siècle",
        "inscrit",
        "propriété de la commune",
        1987,
    ),
];

/// Synthetic heritage: kind, centuries, where it fits (true: town, false: countryside).
const SITE_KINDS: [(&str, i64, i64, bool); 20] = [
    ("Maison à pans de bois", 15, 16, true),
    ("Hôtel particulier", 17, 18, true),
    ("Maison", 15, 19, true),
    ("Immeuble", 19, 20, true),
    ("Hôtel", 16, 18, true),
    ("Chapelle", 15, 19, true),
    ("Ancien couvent", 17, 18, true),
    ("Villa", 19, 20, true),
    ("Fontaine", 18, 19, true),
    ("Maison de maître", 19, 19, true),
    ("Lavoir", 19, 19, false),
    ("Moulin", 17, 19, false),
    ("Croix de chemin", 16, 19, false),
    ("Manoir", 15, 17, false),
    ("Église paroissiale", 12, 19, false),
    ("Logis", 15, 16, false),
    ("Pigeonnier", 16, 18, false),
    ("Puits", 16, 18, false),
    ("Demeure", 18, 18, false),
    ("Orangerie", 18, 18, false),
];

/// How many synthetic sites per commune (Angers first, then `COMMUNES` order).
const SYNTHETIC_SITES: [(&str, usize); 9] = [
    (ANGERS, 40),
    ("Avrillé", 2),
    ("Trélazé", 3),
    ("Saint-Barthélemy-d'Anjou", 4),
    ("Les Ponts-de-Cé", 2),
    ("Beaucouzé", 2),
    ("Bouchemaine", 2),
    ("Écouflant", 1),
    ("Sainte-Gemmes-sur-Loire", 2),
];

fn roman(n: i64) -> &'static str {
    [
        "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX",
    ][(n - 11).clamp(0, 9) as usize]
}

fn random_day(rng: &mut Rng, year: i32) -> (i32, u32, u32) {
    let month = rng.int(1, 12) as u32;
    let day = rng.int(1, if month == 2 { 28 } else { 30 }) as u32;
    (year, month, day)
}

fn make_sites(addresses: &[Address]) -> Vec<Site> {
    let mut rng = Rng::stream("patrimoine");
    let mut sites: Vec<Site> = REAL_SITES
        .iter()
        .map(
            |&(tico, commune, ll, adrs, siecle, datbati1, protection, statut, year)| Site {
                tico: tico.to_owned(),
                adrs: adrs.to_owned(),
                commune,
                datbati1: datbati1.to_owned(),
                siecle,
                protection,
                statut,
                date_prot: random_day(&mut rng, year),
                ll,
            },
        )
        .collect();
    let mut used: HashSet<usize> = HashSet::new();
    for (commune, count) in SYNTHETIC_SITES {
        let candidates: Vec<usize> = addresses
            .iter()
            .enumerate()
            .filter(|(_, a)| a.commune == commune && a.suffixe.is_empty())
            .map(|(i, _)| i)
            .collect();
        if candidates.is_empty() {
            continue;
        }
        for k in 0..count {
            // The first two Angers sites are fixed: the kit must contain these strings.
            let fixed = match (commune, k) {
                (ANGERS, 0) => Some((
                    "Chapelle de l'Œuvre Saint-Joseph",
                    19,
                    19,
                    Some("Rue Desjardins"),
                )),
                (ANGERS, 1) => Some(("Hôtel particulier", 18, 18, Some("Rue de l'Hôtel de Ville"))),
                _ => None,
            };
            let (kind, lo, hi, street) = fixed.unwrap_or_else(|| {
                let town = commune == ANGERS || rng.chance(0.3);
                let kinds: Vec<_> = SITE_KINDS.iter().filter(|k| k.3 == town).collect();
                let &&(kind, lo, hi, _) = rng.pick(&kinds);
                (kind, lo, hi, None)
            });
            let pool: Vec<usize> = candidates
                .iter()
                .copied()
                .filter(|i| !used.contains(i) && street.is_none_or(|s| addresses[*i].street == s))
                // Old buildings of Angers stand in the old town: centre, Doutre, Saint-Serge.
                .filter(|i| {
                    street.is_some() || hi > 18 || addresses[*i].quartier.is_none_or(|q| q <= 2)
                })
                .collect();
            let pool = if pool.is_empty() {
                candidates.clone()
            } else {
                pool
            };
            let index = *rng.pick(&pool);
            used.insert(index);
            let a = &addresses[index];
            let kind = if commune == "Trélazé" && k == 0 {
                "Chevalement d'ardoisière"
            } else {
                kind
            };
            let (lo, hi) = if kind == "Chevalement d'ardoisière" {
                (19, 20)
            } else {
                (lo, hi)
            };
            let siecle = rng.int(lo, hi);
            let datbati1 = if siecle <= 15 && rng.chance(0.25) {
                "Moyen Âge".to_owned()
            } else {
                format!("{}e siècle", roman(siecle))
            };
            let adrs = if street.is_some() && k == 1 {
                a.street.clone()
            } else if rng.chance(0.6) {
                format!(
                    "{}{} {}",
                    a.numero,
                    if a.suffixe.is_empty() { "" } else { " " },
                    a.street
                )
            } else {
                a.street.clone()
            };
            let protection = *rng.weighted(&[
                ("inscrit", 6.5),
                ("classé", 2.5),
                ("classé et inscrit", 1.0),
            ]);
            let statut = *rng.weighted(&[
                ("propriété privée", 5.5),
                ("propriété de la commune", 3.0),
                ("propriété du département", 0.8),
                ("propriété de l'État", 0.7),
            ]);
            let earliest = match siecle {
                20 => 1975,
                19 => 1920,
                _ => 1840,
            };
            let year = rng.int(earliest, 2015) as i32;
            // A few metres off the address point, towards the plot.
            let jitter = [
                rng.range(-4.0, 4.0) / m_per_deg_lon(),
                rng.range(-4.0, 4.0) / M_PER_DEG_LAT,
            ];
            sites.push(Site {
                tico: kind.to_owned(),
                adrs,
                commune,
                datbati1,
                siecle,
                protection,
                statut,
                date_prot: random_day(&mut rng, year),
                ll: [a.ll[0] + jitter[0], a.ll[1] + jitter[1]],
            });
        }
    }
    sites
}

/// The ESRI WKT of Lambert-93, as ArcGIS writes it.
const LAMBERT93_PRJ: &str = r#"PROJCS["RGF93_Lambert_93",GEOGCS["GCS_RGF_1993",DATUM["D_RGF_1993",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic"],PARAMETER["False_Easting",700000.0],PARAMETER["False_Northing",6600000.0],PARAMETER["Central_Meridian",3.0],PARAMETER["Standard_Parallel_1",49.0],PARAMETER["Standard_Parallel_2",44.0],PARAMETER["Latitude_Of_Origin",46.5],UNIT["Meter",1.0]]"#;

/// The `.dbf` header date (bytes 1–3): fixed, so that the kit is the same byte for byte on every run.
const DBF_DATE: [u8; 3] = [125, 1, 1]; // 2025-01-01

fn write_sites(out: &Path, sites: &[Site], l93: &Lambert93) -> Result<usize> {
    let fields = [
        DbfField::character("tico", 120),
        DbfField::character("adrs", 120),
        DbfField::character("commune", 60),
        DbfField::character("datbati1", 40),
        DbfField::numeric("siecle", 4, 0),
        DbfField::character("protection", 30),
        DbfField::character("statut", 60),
        DbfField::date("date_prot"),
    ];
    let mut geometries = Vec::with_capacity(sites.len());
    let mut rows = Vec::with_capacity(sites.len());
    for site in sites {
        let xy = l93.convert(site.ll)?;
        let xy = [
            (xy[0] * 100.0).round() / 100.0,
            (xy[1] * 100.0).round() / 100.0,
        ];
        geometries.push(Some(Geometry::Point(Point::new(xy[0], xy[1]))));
        let (y, m, d) = site.date_prot;
        let days =
            i32::try_from(days_from_civil(i64::from(y), m, d)).context("date out of range")?;
        rows.push(vec![
            DbfValue::Text(site.tico.clone()),
            DbfValue::Text(site.adrs.clone()),
            DbfValue::Text(site.commune.to_owned()),
            DbfValue::Text(site.datbati1.clone()),
            DbfValue::Integer(site.siecle),
            DbfValue::Text(site.protection.to_owned()),
            DbfValue::Text(site.statut.to_owned()),
            DbfValue::Date(days),
        ]);
    }
    let options = ShapefileOptions {
        encoding: encoding_rs::WINDOWS_1252,
        language_driver: 0x57,
        prj: Some(LAMBERT93_PRJ),
        cpg: None,
    };
    let path = out.join("patrimoine.shp");
    write_shapefile(&path, &geometries, &fields, &rows, &options)
        .with_context(|| format!("cannot write {}", path.display()))?;
    // The writer stamps today's date in the `.dbf` header; keep the output reproducible.
    let dbf = out.join("patrimoine.dbf");
    let mut bytes =
        std::fs::read(&dbf).with_context(|| format!("cannot read {}", dbf.display()))?;
    if bytes.len() < 32 || bytes[29] != 0x57 {
        bail!("unexpected header in {}", dbf.display());
    }
    bytes[1..4].copy_from_slice(&DBF_DATE);
    std::fs::write(&dbf, bytes).with_context(|| format!("cannot write {}", dbf.display()))?;
    let cpg = out.join("patrimoine.cpg");
    if cpg.exists() {
        std::fs::remove_file(&cpg).with_context(|| format!("cannot remove {}", cpg.display()))?;
    }
    Ok(sites.len())
}

// ---------------------------------------------------------------------------------------------
// README and main
// ---------------------------------------------------------------------------------------------

const README: &str = "# Données de démonstration

Ce dossier contient le jeu de démonstration ouvert par Territoire au premier lancement
(couches de bas en haut) :

| Fichier | Contenu | SCR |
|---|---|---|
| `quartiers.geojson` | les 10 quartiers d'Angers (polygones, champs `nom`, `code`) | WGS 84 |
| `espaces-verts.geojson` | environ 150 espaces verts (polygones et multipolygones, quelques-uns avec un étang ; champs `nom`, `type`, `surface_m2`, `gestionnaire`) | WGS 84 |
| `adresses.csv` | environ 20 000 adresses à Angers et dans huit communes voisines (séparateur `;`, UTF-8, colonnes `x`/`y` en mètres) | Lambert-93 (EPSG:2154) |
| `patrimoine.shp` (+ `.shx`, `.dbf`, `.prj`) | environ 80 sites patrimoniaux, champs inspirés de la base Mérimée ; `.dbf` encodé en CP1252, sans `.cpg` | Lambert-93 (EPSG:2154) |

## Données synthétiques

Tout est **fictif sauf les noms de lieux** : les contours des quartiers sont des cellules de
Voronoï calculées autour de leurs centres approximatifs, les rues sont des lignes tirées au hasard
(des noms de rues réels d'Angers y côtoient des noms génériques), les numéros, dates, sources,
protections, statuts et surfaces sont inventés, et les positions des monuments et des parcs réels
ne sont qu'approchées. Ces fichiers servent à essayer l'application, pas à renseigner qui que ce
soit : pour les vraies données, voir le portail open data d'Angers Loire Métropole, la Base
Adresse Nationale et la base Mérimée.

## Génération

Les fichiers sont produits de façon déterministe (graine fixe) par :

```sh
cargo run --release --example gen_sample_data -- --out sample-data
```

## Licence

Les données générées suivent la licence du projet (MIT ou Apache-2.0). Les noms de lieux
(quartiers, communes, rues, monuments, parcs) sont des faits publics.
";

fn parse_out_dir() -> Result<PathBuf> {
    let mut args = std::env::args().skip(1);
    let mut out = PathBuf::from("sample-data");
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--out" | "-o" => out = args.next().context("--out needs a folder")?.into(),
            "-h" | "--help" => {
                println!("usage: gen_sample_data [--out FOLDER]   (default: sample-data)");
                std::process::exit(0);
            }
            other => bail!("unknown argument {other:?} (usage: gen_sample_data [--out FOLDER])"),
        }
    }
    Ok(out)
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

fn main() -> Result<()> {
    let out = parse_out_dir()?;
    std::fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;
    let l93 = Lambert93::new()?;
    let territory = Territory::build();

    let quartiers = write_quartiers(&out, &territory)?;
    let greens = make_green_spaces(&territory);
    let green_count = write_green_spaces(&out, &greens, &l93)?;
    let addresses = make_addresses(&territory, &greens);
    let address_count = write_addresses(&out, &territory, &addresses, &l93)?;
    let sites = make_sites(&addresses);
    let site_count = write_sites(&out, &sites, &l93)?;
    std::fs::write(out.join("README.md"), README).context("cannot write README.md")?;

    let mut total = 0;
    for (name, count) in [
        ("quartiers.geojson", quartiers),
        ("espaces-verts.geojson", green_count),
        ("adresses.csv", address_count),
        ("patrimoine.shp", site_count),
        ("patrimoine.shx", site_count),
        ("patrimoine.dbf", site_count),
        ("patrimoine.prj", 1),
        ("README.md", 1),
    ] {
        let size = file_size(&out.join(name));
        total += size;
        println!("{:<24} {:>6} entités  {:>9} octets", name, count, size);
    }
    println!("{:<24} {:>6}          {:>9} octets", "total", "", total);
    Ok(())
}
