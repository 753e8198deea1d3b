//! The window driven by label with egui_kittest, one module per part of the interface (one test binary).

#[allow(dead_code)]
#[path = "../../examples/portal/server/mod.rs"]
mod server;

#[path = "../common/bad_input.rs"]
mod bad_input;

#[allow(dead_code)]
#[path = "../ogc_servers/mod.rs"]
mod ogc_servers;
#[allow(dead_code)]
#[path = "../common/postgis.rs"]
mod pg;
#[allow(dead_code)]
#[path = "../common/tile_server.rs"]
mod tile_server;

mod access;
mod basemap;
mod change;
mod compare;
mod crash;
mod files;
mod filter;
mod internal;
mod internal_follow;
mod internal_ogc;
mod internal_start;
mod internal_zones;
mod journey_keyboard;
mod journey_messages;
mod journey_steps;
mod journeys;
mod labels;
mod large;
mod opened;
mod portal;
mod print;
mod project;
mod project_reopen;
mod quality;
mod scenario;
mod search;
mod table;
mod window;
mod zones;
