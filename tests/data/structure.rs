//! The shape of the source tree: small files and functions, and the layers that must not import
//! the ones above them (the saved model, readers, data and analysis know nothing of the app).

use std::path::{Path, PathBuf};

/// Longest source file, in lines, outside tests.
const MAX_FILE_LINES: usize = 500;
/// Longest function, in lines, outside tests.
const MAX_FUNCTION_LINES: usize = 80;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file below `dir`, except test modules (`tests.rs`, `tests/`).
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            if name != "tests" {
                out.extend(rust_files(&path));
            }
        } else if name.ends_with(".rs") && name != "tests.rs" {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// The lines of a file up to its `#[cfg(test)]` module, which is test code.
fn code_lines(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).expect("source file readable");
    text.lines()
        .take_while(|l| *l != "#[cfg(test)]")
        .map(str::to_owned)
        .collect()
}

/// The name of the function a line opens, if it opens one with a body.
fn function_name(line: &str) -> Option<&str> {
    let mut rest = line.trim_start();
    for prefix in [
        "pub(crate) ",
        "pub(super) ",
        "pub ",
        "const ",
        "async ",
        "unsafe ",
    ] {
        rest = rest.strip_prefix(prefix).unwrap_or(rest);
    }
    let rest = rest.strip_prefix("fn ")?;
    let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_'))?;
    (!line.trim_end().ends_with(';')).then_some(&rest[..end])
}

/// Functions longer than the limit: `file:line name (n lines)`. A function ends at the first
/// line that closes a brace at its own indentation (rustfmt's layout).
fn long_functions(path: &Path) -> Vec<String> {
    let lines = code_lines(path);
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(name) = function_name(line) else {
            continue;
        };
        let indent = &line[..line.len() - line.trim_start().len()];
        let close = format!("{indent}}}");
        if let Some(length) = lines[i..].iter().position(|l| *l == close).map(|n| n + 1)
            && length > MAX_FUNCTION_LINES
        {
            out.push(format!(
                "{}:{} {name} ({length} lines)",
                path.display(),
                i + 1
            ));
        }
    }
    out
}

#[test]
fn no_source_file_is_over_500_lines() {
    let long: Vec<String> = rust_files(&src())
        .into_iter()
        .map(|p| (code_lines(&p).len(), p))
        .filter(|(n, _)| *n > MAX_FILE_LINES)
        .map(|(n, p)| format!("{} ({n} lines)", p.display()))
        .collect();
    assert!(long.is_empty(), "split these files: {long:#?}");
}

#[test]
fn no_function_is_over_80_lines() {
    let long: Vec<String> = rust_files(&src())
        .iter()
        .flat_map(|p| long_functions(p))
        .collect();
    assert!(long.is_empty(), "split these functions: {long:#?}");
}

#[test]
fn the_lower_layers_import_nothing_from_the_app() {
    let mut found = Vec::new();
    for layer in ["project", "sources", "data", "filter", "analysis", "jobs"] {
        for path in rust_files(&src().join(layer)) {
            let code: Vec<String> = code_lines(&path)
                .into_iter()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect();
            for forbidden in ["crate::app", "egui::", "walkers::"] {
                if code.iter().any(|l| l.contains(forbidden)) {
                    found.push(format!("{} uses {forbidden}", path.display()));
                }
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn walkers_is_used_only_in_the_map() {
    let outside: Vec<String> = rust_files(&src())
        .into_iter()
        .filter(|p| !p.starts_with(src().join("map")))
        .filter(|p| code_lines(p).iter().any(|l| l.contains("walkers::")))
        .map(|p| p.display().to_string())
        .collect();
    assert!(outside.is_empty(), "{outside:#?}");
}

#[test]
fn every_source_file_says_its_job_on_its_first_line() {
    let silent: Vec<String> = rust_files(&src())
        .into_iter()
        .filter(|p| !code_lines(p).first().is_some_and(|l| l.starts_with("//!")))
        .map(|p| p.display().to_string())
        .collect();
    assert!(silent.is_empty(), "add a //! line: {silent:#?}");
}

#[test]
fn the_app_holds_one_folder_per_feature_and_the_shell() {
    let app = src().join("app");
    let mut files: Vec<String> = std::fs::read_dir(&app)
        .expect("src/app")
        .flatten()
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    // The shell: the frame loop, the actions of every feature and their dispatch, job results,
    // the panel layout.
    let shell = [
        "action.rs",
        "apply.rs",
        "focus.rs",
        "frame_stats.rs",
        "logic.rs",
        "mod.rs",
        "screenshot.rs",
        "status_ui.rs",
        "ui.rs",
    ];
    assert_eq!(files, shell, "a new feature gets its own folder in src/app");
    for feature in [
        "layers", "portal", "internal", "filter", "zones", "compare", "change", "table", "project",
        "scenario", "print", "search", "settings", "quality", "basemap",
    ] {
        let folder = app.join(feature);
        assert!(folder.join("mod.rs").is_file(), "{feature}/mod.rs");
        assert!(
            folder.join("action.rs").is_file(),
            "{feature}/action.rs holds its action enum and apply"
        );
    }
}
