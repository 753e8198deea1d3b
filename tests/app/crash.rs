//! A session killed (SIGKILL) a few seconds after a change is offered back at the next start.
//! The killed process is this test binary run again as a child on a hidden entry point: it drives
//! the window headless, as the real binary cannot open one without a display, and it is killed
//! as a crash would end it, with no `on_exit`, while the autosave runs at its real pace.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use egui_kittest::kittest::Queryable;
use territoire::project::Project;

use super::project::{copy_samples, harness_with_cache, settle, wait};

/// Set in the child's environment: the folder it works in.
const CHILD: &str = "TERRITOIRE_TEST_CRASH_CHILD";
/// The line the child prints once its change is made.
const CHANGED: &str = "territoire-test: changed";
/// How long after the change the child is killed.
const KILL_AFTER: Duration = Duration::from_secs(5);

/// The folder's cache (autosave) and the session as it was right after the change.
fn places(dir: &Path) -> (PathBuf, PathBuf) {
    (dir.join("cache"), dir.join("attendu.territoire"))
}

/// The child: opens the demo layers, adds a bookmark by label and moves the view, writes the
/// session it expects back, says so, then keeps drawing frames until it is killed.
#[test]
fn crash_child_runs_until_killed() {
    let Some(dir) = std::env::var_os(CHILD).map(PathBuf::from) else {
        return; // Only as the child of the test below.
    };
    let (cache, expected) = places(&dir);
    let mut h = harness_with_cache(copy_samples(&dir), &cache);
    assert_eq!(
        h.state().autosave.every,
        territoire::app::project::autosave::AUTOSAVE_EVERY,
        "the autosave at its real pace"
    );
    h.state_mut().map.go_to([-0.58, 47.45], 14.0);
    h.get_by_label("Nom du signet").click();
    h.run_steps(1);
    h.get_by_label("Nom du signet").type_text("Lac de Maine");
    h.run_steps(1);
    h.get_by_label("Ajouter la vue").click();
    h.run_steps(2);
    settle(&mut h);
    assert_eq!(h.state().project.bookmarks.len(), 1);
    let session = h.state().to_project(None).to_toml().expect("toml");
    std::fs::write(&expected, session).expect("written");
    println!("{CHANGED}");
    let deadline = Instant::now() + Duration::from_secs(120);
    while Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    panic!("the child was not killed");
}

#[test]
fn a_session_killed_five_seconds_after_a_change_is_offered_at_the_next_start() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (cache, expected) = places(dir.path());
    std::fs::create_dir_all(&cache).expect("cache");
    let mut child = Command::new(std::env::current_exe().expect("this test binary"))
        .args([
            "crash::crash_child_runs_until_killed",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the child starts");
    let stdout = child.stdout.take().expect("its output");
    let changed = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .any(|line| line.contains(CHANGED));
    if !changed {
        let _ = child.kill();
        panic!("the child ended before its change: {:?}", child.wait());
    }
    std::thread::sleep(KILL_AFTER);
    child.kill().expect("SIGKILL");
    let status = child.wait().expect("ended");
    assert!(!status.success(), "killed, not ended: {status:?}");

    let mut next = harness_with_cache(Vec::new(), &cache);
    wait(&mut next, "offer", |app| app.autosave.offer.is_some());
    next.get_by_label("Reprendre la session précédente ?");
    next.get_by_label_contains("(4 couches, vue, filtres, scénario)");
    next.get_by_label("Reprendre la session").click();
    next.run_steps(2);
    wait(&mut next, "restored", |app| {
        app.layers.len() == 4 && app.project.reading == 0 && !app.is_loading()
    });
    let expected = std::fs::read_to_string(&expected).expect("the child's session");
    let expected = Project::from_toml(&expected).expect("a project");
    let app = next.state();
    assert_eq!(
        app.to_project(None),
        expected,
        "the session as it was killed"
    );
    assert_eq!(app.project.bookmarks[0].name, "Lac de Maine");
    assert!(app.has_unsaved_changes(), "still in no project file");
}
