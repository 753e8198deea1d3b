//! Reading and analysing data through the library: readers, reprojection, the portal client, spatial filters, the shape of the source tree (one test binary).

#[allow(dead_code)]
#[path = "../../examples/portal/server/mod.rs"]
mod server;

#[path = "../common/bad_input.rs"]
mod bad_input;

#[allow(dead_code)]
#[path = "../common/tile_server.rs"]
mod tile_server;

mod crs_reference;
mod demo_kit;
mod exchange_formats;
mod fuzz;
mod geojson_reader;
mod messages;
mod portal;
mod spatial_zones;
mod structure;
mod tile_faults;
