//! Logging: env_logger for our messages; basemap tile failures are counted, not printed one by one.

use log::{Log, Metadata, Record};

struct Logger {
    inner: env_logger::Logger,
}

impl Log for Logger {
    fn enabled(&self, metadata: &Metadata) -> bool {
        self.inner.enabled(metadata)
    }

    fn log(&self, record: &Record) {
        // walkers logs one warning per failed tile (offline: hundreds); the map shows one calm message instead.
        if record.target().starts_with("walkers") && record.level() <= log::Level::Warn {
            if crate::map::health::record_failure() {
                log::info!(target: "territoire::map", "{}: {}", crate::i18n::tr("basemap-unavailable"), record.args());
            }
            return;
        }
        self.inner.log(record);
    }

    fn flush(&self) {
        self.inner.flush();
    }
}

/// Installs the logger (level from `RUST_LOG`, default `warn`).
pub fn init() {
    let inner =
        env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).build();
    let max = inner.filter();
    if log::set_boxed_logger(Box::new(Logger { inner })).is_ok() {
        log::set_max_level(max.max(log::LevelFilter::Warn));
    }
}
