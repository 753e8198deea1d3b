//! Parses the runs of a file on every core and joins their builders in file order: the reading
//! thread cuts runs, workers parse them, a joiner appends each one as soon as its turn comes.

use std::collections::BTreeMap;
use std::sync::mpsc::{Receiver, Sender, channel, sync_channel};
use std::sync::{Arc, Mutex};

use crate::data::DatasetBuilder;

/// Runs `produce` on the calling thread; each run it hands to its `send` argument (which answers
/// `false` once nothing listens any more) is parsed by `parse` on a worker. Returns what
/// `produce` returned and the joined builder: `None` when a run failed to parse; an empty
/// builder when there was no run.
pub(super) fn parse_in_order<T: Send, R>(
    produce: impl FnOnce(&mut dyn FnMut(T) -> bool) -> R,
    parse: impl Fn(T) -> Option<DatasetBuilder> + Sync,
) -> (R, Option<DatasetBuilder>) {
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8);
    std::thread::scope(|scope| {
        let (run_tx, run_rx) = sync_channel::<(usize, T)>(workers * 2);
        let run_rx = Arc::new(Mutex::new(run_rx));
        let (done_tx, done_rx) = channel::<(usize, Option<DatasetBuilder>)>();
        let parse = &parse;
        for _ in 0..workers {
            let (run_rx, done_tx) = (Arc::clone(&run_rx), done_tx.clone());
            scope.spawn(move || parse_runs(&run_rx, &done_tx, parse));
        }
        drop(done_tx);
        let joiner = scope.spawn(move || join_in_order(&done_rx));
        let mut index = 0;
        let mut send = |run: T| {
            let sent = run_tx.send((index, run)).is_ok();
            index += 1;
            sent
        };
        let produced = produce(&mut send);
        drop(run_tx);
        let joined = joiner.join().ok().flatten();
        (produced, joined)
    })
}

/// A worker: parses runs until there are no more.
fn parse_runs<T>(
    runs: &Mutex<Receiver<(usize, T)>>,
    done: &Sender<(usize, Option<DatasetBuilder>)>,
    parse: &impl Fn(T) -> Option<DatasetBuilder>,
) {
    loop {
        let next = match runs.lock() {
            Ok(receiver) => receiver.recv(),
            Err(_) => return,
        };
        let Ok((index, run)) = next else {
            return;
        };
        if done.send((index, parse(run))).is_err() {
            return;
        }
    }
}

/// Appends the parsed runs in order as they arrive; `None` when any run failed.
fn join_in_order(done: &Receiver<(usize, Option<DatasetBuilder>)>) -> Option<DatasetBuilder> {
    let mut waiting = BTreeMap::new();
    let mut joined: Option<DatasetBuilder> = None;
    let mut next = 0;
    let mut failed = false;
    for (index, parsed) in done {
        match parsed {
            Some(builder) if !failed => {
                waiting.insert(index, builder);
            }
            _ => failed = true,
        }
        while let Some(builder) = waiting.remove(&next) {
            match joined.as_mut() {
                Some(all) => all.append(builder),
                None => joined = Some(builder),
            }
            next += 1;
        }
    }
    if failed || !waiting.is_empty() {
        return None;
    }
    Some(joined.unwrap_or_else(|| DatasetBuilder::new(true)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Value;

    /// Runs of `n` rows numbered from `start`, parsed into one integer column.
    fn numbers(run: (i64, i64)) -> Option<DatasetBuilder> {
        let mut b = DatasetBuilder::new(true);
        let col = b.add_column("n");
        for i in run.0..run.0 + run.1 {
            if i == 13 {
                return None;
            }
            b.column(col).push_int(i);
            b.geometry.push_empty();
            b.end_row();
        }
        Some(b)
    }

    #[test]
    fn runs_are_joined_in_the_order_they_were_cut() {
        let (count, joined) = parse_in_order(
            |send| (0..12).filter(|&k| send((k * 1000 + 20, 1000))).count(),
            numbers,
        );
        assert_eq!(count, 12);
        let Some(joined) = joined else {
            panic!("no run failed");
        };
        let ds = joined.finish(None);
        assert_eq!(ds.len(), 12_000);
        let col = ds.column("n");
        assert!(
            (0..12_000).all(|r| col.map(|c| c.value(r)) == Some(Value::Integer(r as i64 + 20)))
        );
    }

    #[test]
    fn one_failed_run_fails_the_whole_and_no_run_gives_an_empty_builder() {
        let (_, joined) =
            parse_in_order(|send| (0..4).for_each(|k| _ = send((k * 10, 10))), numbers);
        assert!(joined.is_none());
        let (_, joined) = parse_in_order(|_: &mut dyn FnMut((i64, i64)) -> bool| (), numbers);
        assert_eq!(joined.map(|b| b.rows()), Some(0));
    }
}
