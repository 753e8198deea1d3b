//! The command line run as a process: `info`, `export`, `zones`, `diff`, `check`, help and usage errors (one test binary).

#[allow(dead_code)]
#[path = "../../examples/portal/server/mod.rs"]
mod server;

mod check;
mod diff;
mod export;
mod info;
mod project;
mod usage;
mod zones;
