//! Territoire: a desktop map viewer for the open data and internal layers of Angers Loire Métropole.
//!
//! Data flows one way: `sources → data → filter/analysis → map → app`; `project`, the saved
//! model, imports nothing from the map or the app. `docs/architecture.md` draws the layers and
//! the app's feature folders.

pub mod analysis; // statistics across layers: figures per zone, classes and palettes for choropleths
pub mod app; // the eframe shell and one folder per feature (state, action enum, apply, ui)
pub mod calendar; // days since 1970 to and from year, month, day (date columns)
pub mod cli; // the command line (clap): the window's options and the headless commands
pub mod data; // the columnar Dataset: geometry in WGS84, typed columns, R-tree
pub mod filter; // the filter language (ODSQL subset): parse, evaluate to a mask, print for the portal
pub mod i18n; // French and English strings from assets/locales
pub mod jobs; // background jobs: threads, one result channel, progress, cancel
pub mod logging; // env_logger, with basemap tile failures counted instead of printed
pub mod map; // the only place that uses walkers: basemaps and layer drawing
pub mod print; // the print composer: a map page drawn from the layers (not from the screen) to PNG/PDF
pub mod project; // the saved model: layers, styles, filters, views, bookmarks, steps, stored choices
pub mod settings; // user preferences saved in the platform config dir
pub mod sources; // everything that reads or writes the outside world: files, portal, CRS, keyring
