//! Timings of filters and distinct values on one million address points built in memory.
//!
//! `cargo bench --bench filter` builds 1 000 000 rows and prints min / median / p95 per case
//! against the targets (filter of 2–3 conditions ≤ 20 ms, distinct values with counts ≤ 30 ms).
//! Without `--bench` (as under `cargo test --all-targets`) it runs once on 10 000 rows, as a
//! quick check that the fast paths agree with a row-by-row evaluation.

use std::time::{Duration, Instant};

use territoire::data::{Dataset, DatasetBuilder, Value};
use territoire::filter::{evaluate, parse, value_counts};

/// A fixed-seed xorshift64: the same dataset on every run, without a dependency.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

const COMMUNES: [&str; 30] = [
    "Angers",
    "Avrillé",
    "Beaucouzé",
    "Bouchemaine",
    "Briollay",
    "Cantenay-Épinard",
    "Écouflant",
    "Écuillé",
    "Feneu",
    "Loire-Authion",
    "Longuenée-en-Anjou",
    "Montreuil-Juigné",
    "Mûrs-Erigné",
    "Les Ponts-de-Cé",
    "Rives-du-Loir-en-Anjou",
    "Saint-Barthélemy-d'Anjou",
    "Saint-Clément-de-la-Place",
    "Sainte-Gemmes-sur-Loire",
    "Saint-Lambert-la-Potherie",
    "Saint-Léger-de-Linières",
    "Saint-Martin-du-Fouilloux",
    "Sarrigné",
    "Savennières",
    "Soulaines-sur-Aubance",
    "Soulaire-et-Bourg",
    "Trélazé",
    "Verrières-en-Anjou",
    "Villevêque",
    "Le Plessis-Grammoire",
    "Saint-Sylvain-d'Anjou",
];
const PREFIXES: [&str; 10] = [
    "Rue",
    "Avenue",
    "Boulevard",
    "Place",
    "Allée",
    "Impasse",
    "Chemin",
    "Square",
    "Quai",
    "Route",
];
const FIRST: [&str; 25] = [
    "Victor",
    "Jean",
    "Marie",
    "Louis",
    "Pierre",
    "Jeanne",
    "René",
    "Anne",
    "Paul",
    "Jacques",
    "Henri",
    "Émile",
    "Louise",
    "Charles",
    "Georges",
    "Lucie",
    "André",
    "Simone",
    "Joseph",
    "Marguerite",
    "François",
    "Camille",
    "Robert",
    "Hélène",
    "David",
];
const LAST: [&str; 20] = [
    "Hugo",
    "Moulin",
    "Curie",
    "Pasteur",
    "Jaurès",
    "Ferry",
    "Zola",
    "Bazin",
    "Rabelais",
    "Du Bellay",
    "Gambetta",
    "Foch",
    "Lenepveu",
    "Chevreul",
    "Bichat",
    "Proust",
    "Verne",
    "Sand",
    "Monet",
    "Renoir",
];
const SOURCES: [&str; 4] = ["BAN", "Cadastre", "Ville d'Angers", "Commune"];

/// `rows` address points around Angers with the columns of the real address layer.
fn build(rows: usize) -> Dataset {
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let voies: Vec<String> = (0..PREFIXES.len() * FIRST.len() * LAST.len())
        .map(|i| {
            let prefix = PREFIXES[i % PREFIXES.len()];
            let first = FIRST[i / PREFIXES.len() % FIRST.len()];
            let last = LAST[i / (PREFIXES.len() * FIRST.len())];
            format!("{prefix} {first} {last}")
        })
        .collect();
    let mut b = DatasetBuilder::new(false);
    let [numero, voie, commune, code_postal, source, date_maj] = [
        "numero",
        "voie",
        "commune",
        "code_postal",
        "source",
        "date_maj",
    ]
    .map(|name| b.add_column(name));
    // Days since 1970 of 2015-01-01, and ten years after.
    let (first_day, span_days) = (16_436, 3_653);
    for _ in 0..rows {
        b.geometry
            .push_point([-0.60 + 0.10 * rng.unit(), 47.43 + 0.07 * rng.unit()]);
        b.column(numero).push_int(1 + rng.below(300) as i64);
        b.column(voie).push_text(&voies[rng.below(voies.len())]);
        // Half the addresses are in Angers, as in the real layer.
        let c = if rng.below(2) == 0 {
            0
        } else {
            rng.below(COMMUNES.len())
        };
        b.column(commune).push_text(COMMUNES[c]);
        b.column(code_postal)
            .push_text(&format!("49{:03}", (c * 37) % 1000));
        b.column(source)
            .push_text(SOURCES[rng.below(SOURCES.len())]);
        b.column(date_maj)
            .push_date(first_day + rng.below(span_days) as i32);
        b.end_row();
    }
    b.finish(None)
}

/// Min, median and 95th percentile of the runs, in milliseconds.
struct Timing {
    min: f64,
    median: f64,
    p95: f64,
}

fn measure(runs: usize, mut case: impl FnMut() -> usize) -> Timing {
    std::hint::black_box(case());
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(case());
            start.elapsed()
        })
        .collect();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = |q: f64| ms(times[((times.len() - 1) as f64 * q).round() as usize]);
    Timing {
        min: ms(times[0]),
        median: at(0.5),
        p95: at(0.95),
    }
}

/// The cell of `field` in `row`.
fn cell<'a>(dataset: &'a Dataset, field: &str, row: usize) -> Value<'a> {
    dataset.column(field).map_or(Value::Null, |c| c.value(row))
}

fn text_is(value: Value<'_>, wanted: &[&str]) -> bool {
    matches!(value, Value::Text(t) if wanted.contains(&t))
}

fn at_least(value: Value<'_>, low: i64) -> bool {
    matches!(value, Value::Integer(n) if n >= low)
}

/// A filter written as Rust, tested row by row (the slow, obvious way).
type Check = fn(&Dataset, usize) -> bool;

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let (rows, runs) = if full { (1_000_000, 20) } else { (10_000, 2) };
    let start = Instant::now();
    let dataset = build(rows);
    println!(
        "dataset: {} rows built in {:.1} s",
        dataset.len(),
        start.elapsed().as_secs_f64()
    );

    let filters: [(&str, &str, Check); 3] = [
        (
            "(a) 2 conditions",
            r#"commune = "Angers" and numero >= 10"#,
            |d, row| {
                text_is(cell(d, "commune", row), &["Angers"])
                    && at_least(cell(d, "numero", row), 10)
            },
        ),
        (
            "(b) 3 conditions",
            r#"commune in ("Angers", "Avrillé") and numero >= 10 and source = "Cadastre""#,
            |d, row| {
                text_is(cell(d, "commune", row), &["Angers", "Avrillé"])
                    && at_least(cell(d, "numero", row), 10)
                    && text_is(cell(d, "source", row), &["Cadastre"])
            },
        ),
        (
            "(c) startswith",
            r#"startswith(voie, "Rue")"#,
            |d, row| matches!(cell(d, "voie", row), Value::Text(t) if t.starts_with("Rue")),
        ),
    ];
    let mut missed = Vec::new();
    let mut report = |name: &str, t: Timing, target_ms: f64, kept: usize| {
        let verdict = match (full, t.median <= target_ms) {
            (false, _) => "(quick check, not timed against the target)",
            (true, true) => "ok",
            (true, false) => "MISSED",
        };
        println!(
            "{name:<28} min {:>7.2} ms   median {:>7.2} ms   p95 {:>7.2} ms   target ≤ {target_ms} ms {verdict}   ({kept} kept)",
            t.min, t.median, t.p95
        );
        if full && t.median > target_ms {
            missed.push(name.to_string());
        }
    };
    for (name, filter, check) in &filters {
        let expr = parse(filter).expect("valid filter");
        let kept = evaluate(&expr, &dataset).expect("evaluates").count_ones();
        let by_row = (0..dataset.len())
            .filter(|&row| check(&dataset, row))
            .count();
        assert_eq!(kept, by_row, "{filter}: same rows as row by row");
        let timing = measure(runs, || {
            evaluate(&expr, &dataset)
                .map(|m| m.count_ones())
                .unwrap_or(0)
        });
        report(name, timing, 20.0, kept);
    }
    for field in ["voie", "commune"] {
        let column = dataset.column(field).expect("column");
        let distinct = value_counts(column, None);
        let total: usize = distinct.iter().map(|v| v.count).sum();
        assert_eq!(total, dataset.len(), "{field}: every row counted once");
        let timing = measure(runs, || value_counts(column, None).len());
        report(
            &format!("(d) value_counts {field}"),
            timing,
            30.0,
            distinct.len(),
        );
    }
    if !missed.is_empty() {
        println!("targets missed: {}", missed.join(", "));
    }
}
