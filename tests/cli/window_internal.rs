//! The window started on the test PostGIS with `--internal ADDRESS --screenshot OUT.png`: it
//! waits for the table listing, writes the PNG and quits; the connection is saved without its
//! password, as the panel's form saves it.

use crate::pg;

#[test]
fn the_window_opened_on_a_database_writes_a_screenshot() {
    let Some(mut window) = crate::window::under_xvfb() else {
        return;
    };
    let server = pg::server();
    let dir = tempfile::tempdir().expect("tempdir");
    let shot = dir.path().join("sources-internes.png");
    let address = format!(
        "postgresql://{}@127.0.0.1:{}/{}?sslmode=disable",
        pg::USER,
        server.port,
        pg::DATABASE
    );
    let out = window
        .args(["--no-demo", "--no-basemap", "--lang", "fr", "--internal"])
        .arg(&address)
        .arg("--screenshot")
        .arg(&shot)
        .env("PGPASSWORD", pg::PASSWORD)
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env("TERRITOIRE_CACHE_DIR", dir.path().join("cache"))
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let image = image::open(&shot).expect("a PNG");
    assert!(image.width() >= 1000 && image.height() >= 600, "{image:?}");
    let settings = walk(&dir.path().join("config"))
        .into_iter()
        .find(|p| p.ends_with("settings.toml"))
        .map(std::fs::read_to_string)
        .expect("settings saved")
        .expect("settings read");
    assert!(
        settings.contains(&format!("port = {}", server.port)),
        "{settings}"
    );
    assert!(!settings.contains(pg::PASSWORD), "{settings}");
}

/// Every file under `dir`.
fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .flat_map(|e| {
            let path = e.path();
            if path.is_dir() {
                walk(&path)
            } else {
                vec![path]
            }
        })
        .collect()
}
