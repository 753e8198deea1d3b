//! The command line run as a process: `info`, `export`, `zones`, `diff`, `check`, help and usage errors (one test binary).

#[allow(dead_code)]
#[path = "../../examples/portal/server/mod.rs"]
mod server;

#[allow(dead_code)]
#[path = "../ogc_servers/mod.rs"]
mod ogc_servers;
#[allow(dead_code)]
#[path = "../common/postgis.rs"]
mod pg;

#[allow(dead_code)]
#[path = "../common/tile_server.rs"]
mod tile_server;

mod basemap;
mod check;
mod diff;
mod export;
mod info;
mod ogc;
mod postgis;
mod project;
mod usage;
mod window;
mod window_internal;
mod zones;
