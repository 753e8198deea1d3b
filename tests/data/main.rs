//! Reading and analysing data through the library: readers, reprojection, the portal client, spatial filters, the shape of the source tree (one test binary).

#[allow(dead_code)]
#[path = "../../examples/portal/server/mod.rs"]
mod server;

#[allow(dead_code)]
#[path = "../ogc_servers/mod.rs"]
mod ogc_servers;

#[allow(dead_code)]
#[path = "../ogc_servers/faulty.rs"]
mod faulty;
#[path = "../ogc_servers/filtering.rs"]
mod ogc_filtering;

#[path = "../common/bad_input.rs"]
mod bad_input;

#[allow(dead_code)]
#[path = "../common/postgis.rs"]
mod pg;
#[allow(dead_code)]
#[path = "../common/tile_server.rs"]
mod tile_server;

mod crs_reference;
mod demo_kit;
mod exchange_formats;
mod fuzz;
mod geojson_reader;
mod identify_parcels;
mod messages;
mod ogc;
mod ogc_faults;
mod ogc_filters;
mod ogc_view;
mod portal;
mod postgis;
mod postgis_errors;
mod postgis_view;
mod postgis_zones;
mod spatial_zones;
mod structure;
mod tile_faults;
