//! The command line run as a process: `info`, `export`, `zones` and `diff` (one test binary).

#[allow(dead_code)]
#[path = "../../examples/portal/server/mod.rs"]
mod server;

mod diff;
mod export;
mod info;
mod zones;
