//! Finds the bundled demo kit (`sample-data/`) beside the binary, in an install, or in the source tree.

use std::path::{Path, PathBuf};

/// The demo layers, bottom to top.
pub const DEMO_FILES: [&str; 4] = [
    "quartiers.geojson",
    "espaces-verts.geojson",
    "adresses.csv",
    "patrimoine.shp",
];

/// The folder holding the demo kit, if one is found.
pub fn demo_dir() -> Option<PathBuf> {
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Some(dir) = std::env::var_os("TERRITOIRE_SAMPLE_DATA") {
        candidates.push(dir.into());
    }
    if let Some(exe_dir) = std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf))
    {
        candidates.push(exe_dir.join("sample-data"));
        candidates.push(exe_dir.join("../share/territoire/sample-data"));
        candidates.push(exe_dir.join("../../sample-data"));
    }
    candidates.push(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample-data"));
    candidates
        .into_iter()
        .find(|d| d.join(DEMO_FILES[0]).is_file())
}

/// Paths of the demo layers that exist, bottom to top.
pub fn demo_project() -> Option<PathBuf> {
    demo_dir()
        .map(|dir| dir.join("demo.territoire"))
        .filter(|p| p.is_file())
}

/// The demo layers found in the demo folder, bottom first.
pub fn demo_files() -> Vec<PathBuf> {
    demo_dir()
        .map(|dir| {
            DEMO_FILES
                .iter()
                .map(|f| dir.join(f))
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default()
}
