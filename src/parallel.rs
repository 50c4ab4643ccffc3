//! Native multi-core runs: each thread of the current rayon pool takes fixed
//! chunks of run indices from a shared counter and folds them into its own
//! accumulator; the per-thread accumulators are merged at the end. Memory is
//! one accumulator per thread, whatever the number of runs, and since
//! accumulators merge to the same bytes in any order, the thread count never
//! changes the result.

use crate::monte_carlo::{Accumulator, Simulation};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// Runs per chunk of work.
const CHUNK_RUNS: u64 = 256;

/// Every run of `sim` on the current rayon pool; `progress` is told how many
/// runs each finished chunk held.
pub fn run_all(sim: &Simulation, progress: &(dyn Fn(u64) + Sync)) -> Accumulator {
    let runs = sim.scenario.runs;
    let next = AtomicU64::new(0);
    let total: Mutex<Option<Accumulator>> = Mutex::new(None);
    let threads = rayon::current_num_threads().max(1);
    rayon::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|_| {
                let mut acc = Accumulator::new(&sim.scenario);
                loop {
                    let start = next.fetch_add(CHUNK_RUNS, Ordering::Relaxed);
                    if start >= runs {
                        break;
                    }
                    let end = (start + CHUNK_RUNS).min(runs);
                    sim.run_into(&mut acc, start..end);
                    progress(end - start);
                }
                // A poisoned lock means another thread panicked: the scope re-raises that panic.
                if let Ok(mut total) = total.lock() {
                    match total.as_mut() {
                        Some(t) => t.merge(&acc),
                        None => *total = Some(acc),
                    }
                }
            });
        }
    });
    total
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .unwrap_or_else(|| Accumulator::new(&sim.scenario))
}
