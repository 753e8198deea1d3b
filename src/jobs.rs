//! Background work: one thread per job, one result channel, progress and cancel flags, a repaint call.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};

/// Identifies one background job.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JobId(pub u64);

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

/// Called by a job when it has sent its result (the app passes `egui::Context::request_repaint`).
pub type Repaint = Arc<dyn Fn() + Send + Sync>;

/// Runs jobs on worker threads; results arrive on one channel, drained by the app each frame.
pub struct JobRunner<R: Send + 'static> {
    tx: Sender<(JobId, R)>,
    rx: Receiver<(JobId, R)>,
    repaint: Repaint,
    next_id: u64,
    running: HashMap<JobId, Arc<Progress>>,
}

impl<R: Send + 'static> JobRunner<R> {
    /// A runner that calls `repaint` after each result is sent.
    pub fn new(repaint: Repaint) -> Self {
        let (tx, rx) = channel();
        Self {
            tx,
            rx,
            repaint,
            next_id: 1,
            running: HashMap::new(),
        }
    }

    /// Starts `work` on its own thread; it sends exactly one result.
    pub fn spawn(&mut self, work: impl FnOnce(&Progress) -> R + Send + 'static) -> JobId {
        let id = JobId(self.next_id);
        self.next_id += 1;
        let progress = Arc::new(Progress::default());
        self.running.insert(id, progress.clone());
        let tx = self.tx.clone();
        let repaint = self.repaint.clone();
        let spawned = std::thread::Builder::new()
            .name(format!("job-{}", id.0))
            .spawn(move || {
                let result = work(&progress);
                // The receiver is gone only when the app is closing: nothing to report to.
                let _ = tx.send((id, result));
                repaint();
            });
        if let Err(e) = spawned {
            log::error!("could not start a worker thread: {e}");
            self.running.remove(&id);
        }
        id
    }

    /// The next finished job, if any; never blocks.
    pub fn try_recv(&mut self) -> Option<(JobId, R)> {
        let (id, result) = self.rx.try_recv().ok()?;
        self.running.remove(&id);
        Some((id, result))
    }

    /// Blocks until the next job finishes (headless use).
    pub fn recv(&mut self) -> Option<(JobId, R)> {
        let (id, result) = self.rx.recv().ok()?;
        self.running.remove(&id);
        Some((id, result))
    }

    /// Progress of a running job.
    pub fn progress(&self, id: JobId) -> Option<&Arc<Progress>> {
        self.running.get(&id)
    }

    /// Asks a running job to stop.
    pub fn cancel(&self, id: JobId) {
        if let Some(p) = self.running.get(&id) {
            p.cancel();
        }
    }

    /// Number of jobs still running.
    pub fn running(&self) -> usize {
        self.running.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_reports_once_and_can_be_cancelled() {
        let mut runner: JobRunner<u32> = JobRunner::new(Arc::new(|| {}));
        let id = runner.spawn(|progress| {
            progress.set_total(10);
            while !progress.is_cancelled() {
                std::thread::yield_now();
            }
            7
        });
        assert_eq!(runner.running(), 1);
        runner.cancel(id);
        assert_eq!(runner.recv(), Some((id, 7)));
        assert_eq!(runner.running(), 0);
    }
}
