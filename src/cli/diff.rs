//! `territoire diff`: what changed between two versions of a layer (added, removed, modified
//! features with the fields that changed), as text or JSON.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::Failure;
use crate::analysis::diff::{CHANGE_CSV_HEADER, Change, Diff, Match, default_key, diff};
use crate::data::Dataset;
use crate::i18n::{tr, tr_args};
use crate::sources::export_file::ExportError;
use crate::sources::table_csv::write_table_csv;

/// The name of the geometry among the changed fields of the JSON output.
const GEOMETRY_FIELD: &str = "geometry";

/// What `territoire diff` was asked to do.
#[derive(Debug, Default, PartialEq)]
pub struct DiffArgs {
    /// The old version.
    pub old: PathBuf,
    /// The new version.
    pub new: PathBuf,
    /// How to pair features; `None`: an identifier field if both have one, else the geometry.
    pub key: Option<Match>,
    /// Print one JSON object.
    pub json: bool,
    /// Write the list of changes to this CSV file instead of printing it.
    pub out: Option<PathBuf>,
    /// CRS of files that declare none.
    pub crs: Option<String>,
}

/// The arguments that follow `diff`, as clap reads them.
#[derive(Debug, clap::Args)]
pub(super) struct DiffLine {
    /// The old version.
    old: PathBuf,
    /// The new version.
    new: PathBuf,
    /// Pair features on this field (the last of `--key` and `--geometry` wins).
    #[arg(long, overrides_with = "geometry")]
    key: Option<String>,
    /// Pair features on their geometry.
    #[arg(long, overrides_with = "key")]
    geometry: bool,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
    /// Write the list of changes to this CSV file instead of printing it.
    #[arg(short, long)]
    out: Option<PathBuf>,
    /// CRS of files that declare none.
    #[arg(long)]
    crs: Option<String>,
}

impl From<DiffLine> for DiffArgs {
    fn from(line: DiffLine) -> Self {
        let key = if line.geometry {
            Some(Match::Geometry)
        } else {
            line.key.map(Match::Key)
        };
        DiffArgs {
            old: line.old,
            new: line.new,
            key,
            json: line.json,
            out: line.out,
            crs: line.crs,
        }
    }
}

/// Loads both versions side by side, compares them and prints the result.
pub fn run(args: DiffArgs) -> Result<ExitCode, Failure> {
    let load = |path: &PathBuf| super::load_file(path, args.crs.clone());
    let (old, new) = std::thread::scope(|s| {
        let old = s.spawn(|| load(&args.old));
        let new = load(&args.new);
        (old.join().unwrap_or_else(|_| Err(tr("err-internal"))), new)
    });
    let (_, old) = old?;
    let (_, new) = new?;
    let key = args.key.clone().unwrap_or_else(|| default_key(&old, &new));
    let d = diff(&old, &new, &key).map_err(|e| Failure::usage(e.to_string()))?;
    if let Some(path) = &args.out {
        return write_csv(&d, &old, &new, path);
    }
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    let written = if args.json {
        write_json(&d, &old, &new, &mut out)
    } else {
        write_text(&d, &old, &new, &mut out)
    };
    written
        .and_then(|()| out.flush())
        .map_err(|e| Failure::from(e.to_string()))?;
    Ok(ExitCode::SUCCESS)
}

/// Writes the list of changes as a CSV for spreadsheets, and says so on stderr.
fn write_csv(d: &Diff, old: &Dataset, new: &Dataset, path: &Path) -> Result<ExitCode, Failure> {
    let rows = (0..d.change_count())
        .filter_map(|i| d.change(i))
        .map(|change| d.change_record(old, new, change));
    let written = write_table_csv(path, &CHANGE_CSV_HEADER, rows)
        .map_err(|e| ExportError::new(path, &e).to_string())?;
    eprintln!(
        "{}",
        crate::i18n::tr_count(
            "cli-diff-written",
            written as u64,
            &[("path", &path.display().to_string())],
        )
    );
    Ok(ExitCode::SUCCESS)
}

#[derive(serde::Serialize)]
struct JsonChange<'a> {
    status: &'static str,
    key: String,
    fields: Vec<&'a str>,
}

#[derive(serde::Serialize)]
struct JsonCounts {
    old: usize,
    new: usize,
}

#[derive(serde::Serialize)]
struct JsonDiff<'a> {
    added: usize,
    removed: usize,
    modified: usize,
    unchanged: usize,
    /// The key field, `null` when features were paired on geometry.
    key: Option<&'a str>,
    added_fields: &'a [String],
    removed_fields: &'a [String],
    duplicates: JsonCounts,
    without_key: JsonCounts,
    changes: Vec<JsonChange<'a>>,
}

fn write_json(d: &Diff, old: &Dataset, new: &Dataset, out: &mut dyn Write) -> std::io::Result<()> {
    let changes = (0..d.change_count())
        .filter_map(|i| d.change(i))
        .map(|change| JsonChange {
            status: match change {
                Change::Added(_) => "added",
                Change::Removed(_) => "removed",
                Change::Modified(_) => "modified",
            },
            key: d.change_key(old, new, change),
            fields: d.change_fields(change, GEOMETRY_FIELD),
        })
        .collect();
    let json = JsonDiff {
        added: d.added.len(),
        removed: d.removed.len(),
        modified: d.modified.len(),
        unchanged: d.unchanged,
        key: match &d.matched_on {
            Match::Key(field) => Some(field),
            Match::Geometry => None,
        },
        added_fields: &d.added_fields,
        removed_fields: &d.removed_fields,
        duplicates: JsonCounts {
            old: d.duplicates.old,
            new: d.duplicates.new,
        },
        without_key: JsonCounts {
            old: d.without_key.old,
            new: d.without_key.new,
        },
        changes,
    };
    serde_json::to_writer(&mut *out, &json)?;
    writeln!(out)
}

fn write_text(d: &Diff, old: &Dataset, new: &Dataset, out: &mut dyn Write) -> std::io::Result<()> {
    let on = match &d.matched_on {
        Match::Key(field) => tr_args("cli-diff-on-key", &[("field", field)]),
        Match::Geometry => tr("cli-diff-on-geometry"),
    };
    writeln!(out, "{on}")?;
    writeln!(
        out,
        "{}",
        tr_args(
            "change-counts",
            &[
                ("added", &d.added.len().to_string()),
                ("removed", &d.removed.len().to_string()),
                ("modified", &d.modified.len().to_string()),
                ("unchanged", &d.unchanged.to_string()),
            ],
        )
    )?;
    let geometry = tr("change-geometry");
    for change in (0..d.change_count()).filter_map(|i| d.change(i)) {
        let status = tr(match change {
            Change::Added(_) => "change-added-one",
            Change::Removed(_) => "change-removed-one",
            Change::Modified(_) => "change-modified-one",
        });
        let key = d.change_key(old, new, change);
        let fields = d.change_fields(change, &geometry).join(", ");
        let line = format!("{status:<10} {key:<24} {fields}");
        writeln!(out, "{}", line.trim_end())?;
    }
    for line in d.notes() {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(list: &[&str]) -> Result<DiffArgs, String> {
        let line = std::iter::once("diff").chain(list.iter().copied());
        match super::super::parse(line.map(std::ffi::OsString::from)) {
            Ok(super::super::Command::Diff(args)) => Ok(args),
            other => Err(format!("{other:?}")),
        }
    }

    #[test]
    fn arguments_are_read_and_checked() {
        let parsed = parse(&["a.csv", "b.csv", "--key", "id", "--json"]).expect("valid");
        assert_eq!(parsed.key, Some(Match::Key("id".into())));
        assert_eq!((parsed.old, parsed.new), ("a.csv".into(), "b.csv".into()));
        assert!(parsed.json);
        let parsed = parse(&["--geometry", "a.csv", "b.csv", "-o", "c.csv"]).expect("valid");
        assert_eq!(parsed.key, Some(Match::Geometry));
        assert_eq!(parsed.out, Some(PathBuf::from("c.csv")));
        assert!(parse(&["a.csv"]).is_err());
        assert!(parse(&["a.csv", "b.csv", "c.csv"]).is_err());
        assert!(parse(&["a.csv", "b.csv", "--key"]).is_err());
        assert!(parse(&["a.csv", "b.csv", "--bogus"]).is_err());
    }
}
