//! How far a job has come and whether it was asked to stop: shared by a job and the UI, and
//! the only part of the job machinery that readers and analyses see.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Progress and cancellation shared between a job and the UI.
#[derive(Debug, Default)]
pub struct Progress {
    done: AtomicU64,
    total: AtomicU64,
    items: AtomicU64,
    cancelled: AtomicBool,
}

impl Progress {
    /// Sets the amount of work (bytes, records) the job expects.
    pub fn set_total(&self, total: u64) {
        self.total.store(total, Ordering::Relaxed);
    }

    /// Sets how much of the work is done.
    pub fn set_done(&self, done: u64) {
        self.done.store(done, Ordering::Relaxed);
    }

    /// Adds to the work done.
    pub fn add_done(&self, amount: u64) {
        self.done.fetch_add(amount, Ordering::Relaxed);
    }

    /// Adds to the count of items (records, features) read so far.
    pub fn add_items(&self, amount: u64) {
        self.items.fetch_add(amount, Ordering::Relaxed);
    }

    /// Items (records, features) read so far.
    pub fn items(&self) -> u64 {
        self.items.load(Ordering::Relaxed)
    }

    /// Work done so far (bytes, records), in the unit of the total.
    pub fn done(&self) -> u64 {
        self.done.load(Ordering::Relaxed)
    }

    /// Work done over total, when the total is known.
    pub fn fraction(&self) -> Option<f32> {
        let total = self.total.load(Ordering::Relaxed);
        (total > 0)
            .then(|| (self.done.load(Ordering::Relaxed) as f64 / total as f64).min(1.0) as f32)
    }

    /// Asks the job to stop at its next check.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    /// True once [`Self::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }
}
