//! Timings of the change detection between two versions of one million address points.
//!
//! `cargo bench --bench diff` builds two versions of 1 000 000 rows (1 % removed, 1 % added,
//! 5 % with a field changed, 0.5 % moved, the new version in another order) and prints min /
//! median / p95 of the comparison on the key field and on geometry against the target (≤ 1 s,
//! so the change view answers while the agent still looks at it). Without `--bench` (as under
//! `cargo test --all-targets`) it runs once on 10 000 rows and checks the counts.

use std::time::{Duration, Instant};

use territoire::analysis::diff::{Match, diff};
use territoire::data::{Dataset, DatasetBuilder};

/// A fixed-seed xorshift64: the same versions on every run, without a dependency.
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
}

const STREETS: [&str; 8] = [
    "Rue Lenepveu",
    "Boulevard Foch",
    "Place du Ralliement",
    "Avenue Pasteur",
    "Rue Bressigny",
    "Quai Ligny",
    "Rue Saint-Aubin",
    "Allée des Lices",
];

/// What a row of the new version is made of.
#[derive(Clone, Copy, PartialEq)]
enum Fate {
    Same,
    Renamed,
    Moved,
}

/// Rows `(id, fate)`, written in the given order; ids above the old count are additions.
fn build(rows: &[(usize, Fate)]) -> Dataset {
    let mut b = DatasetBuilder::new(false);
    let [id, numero, voie, commune] = ["id", "numero", "voie", "commune"].map(|n| b.add_column(n));
    for &(i, fate) in rows {
        let (x, y) = ((i % 1000) as f64 * 1e-4, (i / 1000) as f64 * 1e-4);
        let moved = if fate == Fate::Moved { 5e-6 } else { 0.0 };
        b.geometry.push_point([-0.60 + x + moved, 47.40 + y]);
        b.column(id).push_int(i as i64);
        b.column(numero).push_int((i % 300) as i64 + 1);
        let street = STREETS[i % STREETS.len()];
        if fate == Fate::Renamed {
            b.column(voie).push_text(&format!("{street} (renommée)"));
        } else {
            b.column(voie).push_text(street);
        }
        b.column(commune)
            .push_text(if i % 2 == 0 { "Angers" } else { "Avrillé" });
        b.end_row();
    }
    b.finish(None)
}

/// The old version (ids `0..n`) and the new one, with the expected counts
/// (added, removed, modified) on the key.
fn versions(n: usize) -> (Dataset, Dataset, [usize; 3]) {
    let old: Vec<(usize, Fate)> = (0..n).map(|i| (i, Fate::Same)).collect();
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let mut new = Vec::with_capacity(n);
    let (mut removed, mut modified) = (0, 0);
    for i in 0..n {
        match i % 200 {
            0 | 1 => removed += 1,
            2..=11 => {
                new.push((i, Fate::Renamed));
                modified += 1;
            }
            12 => {
                new.push((i, Fate::Moved));
                modified += 1;
            }
            _ => new.push((i, Fate::Same)),
        }
    }
    let added = n / 100;
    new.extend((n..n + added).map(|i| (i, Fate::Same)));
    // Another order, as a new export often has.
    for k in (1..new.len()).rev() {
        new.swap(k, rng.below(k + 1));
    }
    (build(&old), build(&new), [added, removed, modified])
}

fn measure(runs: usize, mut case: impl FnMut() -> usize) -> [f64; 3] {
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
    [ms(times[0]), at(0.5), at(0.95)]
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let (rows, runs) = if full { (1_000_000, 10) } else { (10_000, 1) };
    let start = Instant::now();
    let (old, new, [added, removed, modified]) = versions(rows);
    println!(
        "versions: {} and {} rows built in {:.1} s",
        old.len(),
        new.len(),
        start.elapsed().as_secs_f64()
    );
    let key = Match::Key("id".into());
    let d = diff(&old, &new, &key).expect("id in both");
    assert_eq!(
        (d.added.len(), d.removed.len(), d.modified.len()),
        (added, removed, modified)
    );
    let g = diff(&old, &new, &Match::Geometry).expect("geometry");
    // On geometry, a moved point is a removal and an addition; a renamed one is modified.
    let moved = rows / 200;
    assert_eq!(
        (g.added.len(), g.removed.len(), g.modified.len()),
        (added + moved, removed + moved, modified - moved)
    );
    let target_ms = 1000.0;
    let mut missed = false;
    for (name, matched_on) in [
        ("on the key field", &key),
        ("on geometry", &Match::Geometry),
    ] {
        let [min, median, p95] = measure(runs, || {
            diff(&old, &new, matched_on).map_or(0, |d| d.change_count())
        });
        let verdict = match (full, median <= target_ms) {
            (false, _) => "(quick check, not timed against the target)",
            (true, true) => "ok",
            (true, false) => "MISSED",
        };
        println!(
            "diff {name:<18} min {min:>8.1} ms   median {median:>8.1} ms   p95 {p95:>8.1} ms   target ≤ {target_ms} ms {verdict}"
        );
        missed |= full && median > target_ms;
    }
    if missed {
        std::process::exit(1);
    }
}
