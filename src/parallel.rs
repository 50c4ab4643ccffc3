//! Native multi-core runs: the run indices are cut into fixed chunks that
//! rayon spreads over its threads; chunk accumulators merge to the same bytes
//! in any order, so the thread count never changes the result.

use crate::monte_carlo::{Accumulator, Simulation};
use rayon::prelude::*;

/// Runs per chunk of work.
const CHUNK_RUNS: u64 = 256;

/// Every run of `sim` on the current rayon pool; `progress` is told how many
/// runs each finished chunk held.
pub fn run_all(sim: &Simulation, progress: &(dyn Fn(u64) + Sync)) -> Accumulator {
    let runs = sim.scenario.runs;
    let chunks = runs.div_ceil(CHUNK_RUNS);
    (0..chunks)
        .into_par_iter()
        .fold(
            || Accumulator::new(&sim.scenario),
            |mut acc, chunk| {
                let range = chunk * CHUNK_RUNS..((chunk + 1) * CHUNK_RUNS).min(runs);
                let n = range.end - range.start;
                acc.merge(&sim.run_range(range));
                progress(n);
                acc
            },
        )
        .reduce(
            || Accumulator::new(&sim.scenario),
            |mut a, b| {
                a.merge(&b);
                a
            },
        )
}
