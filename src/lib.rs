//! Territoire: a desktop map viewer for the open data and internal layers of Angers Loire Métropole.
//!
//! Data flows one way: `sources → data → map/ui`.

pub mod action; // one enum of user intents, applied by the app
pub mod analysis; // statistics across layers: figures per zone, classes and palettes for choropleths
pub mod app; // eframe application: state, frame logic, panels
pub mod cli; // headless commands (`info`, `export`, `catalog`) built on the same modules
pub mod data; // the columnar Dataset: geometry in WGS84, typed columns, R-tree
pub mod filter; // the filter language (ODSQL subset): parse, evaluate to a mask, print for the portal
pub mod i18n; // French and English strings from assets/locales
pub mod jobs; // background jobs: threads, one result channel, progress, cancel
pub mod logging; // env_logger, with basemap tile failures counted instead of printed
pub mod map; // the only place that uses walkers: basemaps and layer drawing
pub mod project; // the project file model: layers, styles, filters, views, bookmarks, scenario steps
pub mod settings; // user preferences saved in the platform config dir
pub mod sources; // files and CRS: everything that reads the outside world
