//! The window run as a process under a virtual display (Xvfb, 1280 × 800), for the tests of its
//! screenshots.

use std::process::Command;

/// `territoire` ready to run under `xvfb-run`; `None` (the test says it is skipped) when the
/// machine has no virtual display.
pub fn under_xvfb() -> Option<Command> {
    if Command::new("xvfb-run").arg("--help").output().is_err() {
        eprintln!("xvfb-run missing: window screenshot skipped");
        return None;
    }
    let mut command = Command::new("xvfb-run");
    command
        .args(["-a", "-s", "-screen 0 1280x800x24"])
        .arg(env!("CARGO_BIN_EXE_territoire"));
    Some(command)
}
