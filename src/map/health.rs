//! Basemap health: counts tile successes and failures so the map can say, once, that tiles are unavailable.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

static FAILURES: AtomicU64 = AtomicU64::new(0);
static LAST_FAILURE_MS: AtomicU64 = AtomicU64::new(0);
static LAST_SUCCESS_MS: AtomicU64 = AtomicU64::new(0);

fn now_ms() -> u64 {
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_millis() as u64 + 1
}

/// Records a failed tile; returns true for the first failure after a success (worth one log line).
pub fn record_failure() -> bool {
    let first = FAILURES.fetch_add(1, Ordering::Relaxed) == 0
        || LAST_SUCCESS_MS.load(Ordering::Relaxed) > LAST_FAILURE_MS.load(Ordering::Relaxed);
    LAST_FAILURE_MS.store(now_ms(), Ordering::Relaxed);
    first
}

/// Records a tile shown.
pub fn record_success() {
    LAST_SUCCESS_MS.store(now_ms(), Ordering::Relaxed);
}

/// Forgets the history (a new basemap was chosen).
pub fn reset() {
    FAILURES.store(0, Ordering::Relaxed);
    LAST_FAILURE_MS.store(0, Ordering::Relaxed);
    LAST_SUCCESS_MS.store(0, Ordering::Relaxed);
}

/// True when the latest tile news is a failure: the basemap is unreachable (offline, blocked).
pub fn unavailable() -> bool {
    FAILURES.load(Ordering::Relaxed) > 0
        && LAST_FAILURE_MS.load(Ordering::Relaxed) > LAST_SUCCESS_MS.load(Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_success_after_failures_clears_the_warning() {
        reset();
        assert!(!unavailable());
        assert!(record_failure());
        assert!(
            !record_failure(),
            "only the first failure is worth a log line"
        );
        assert!(unavailable());
        std::thread::sleep(std::time::Duration::from_millis(2));
        record_success();
        assert!(!unavailable());
    }
}
