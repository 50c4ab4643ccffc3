//! Native multi-core runs: each thread of the current rayon pool takes fixed
//! chunks of run indices from a shared counter and folds them into its own
//! accumulator; the per-thread accumulators are merged at the end. Memory is
//! one accumulator per thread, whatever the number of runs, and since
//! accumulators merge to the same bytes in any order, the thread count never
//! changes the result.

use crate::error::InputError;
use crate::monte_carlo::{Accumulator, Simulation};
use crate::sensitivity::{Analysis, Done, Report, Step};
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

/// Runs per chunk of a sensitivity cell.
const CELL_CHUNK_RUNS: u64 = 250;

/// A whole sensitivity analysis on the current rayon pool: each step's
/// cells are cut into chunks of runs, computed on any thread, and reduced
/// per cell in run order, so the report is the same for any thread count.
pub fn sensitivity(analysis: &Analysis) -> Result<Report, InputError> {
    use rayon::prelude::*;
    let mut done = Done::default();
    loop {
        let cells = match analysis.step(&done) {
            Step::Finished(report) => return Ok(*report),
            Step::Need(cells) => cells,
        };
        let work: Vec<(usize, std::ops::Range<u64>)> = cells
            .iter()
            .enumerate()
            .flat_map(|(k, &cell)| {
                let runs = analysis.runs(cell);
                (0..runs.div_ceil(CELL_CHUNK_RUNS)).map(move |c| (k, c * CELL_CHUNK_RUNS..((c + 1) * CELL_CHUNK_RUNS).min(runs)))
            })
            .collect();
        let chunks: Vec<Vec<u8>> = work
            .par_iter()
            .map(|(k, runs)| analysis.chunk(cells[*k], runs.clone()))
            .collect::<Result<_, _>>()?;
        for (k, &cell) in cells.iter().enumerate() {
            let mine: Vec<Vec<u8>> = work
                .iter()
                .zip(&chunks)
                .filter(|((j, _), _)| *j == k)
                .map(|(_, bytes)| bytes.clone())
                .collect();
            done.insert(cell, analysis.reduce(cell, &mine)?);
        }
    }
}
