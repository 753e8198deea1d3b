//! Background work: one thread per job, one result channel, progress and cancel flags, a repaint call.

mod progress;

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

pub use progress::Progress;

/// Identifies one background job.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JobId(pub u64);

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
