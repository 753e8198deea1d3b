//! The command line run as a process: `info`, `export`, `zones`, `diff`, help and usage errors (one test binary).

#[allow(dead_code)]
#[path = "../../examples/portal/server/mod.rs"]
mod server;

mod diff;
mod export;
mod info;
mod project;
mod usage;
mod zones;
