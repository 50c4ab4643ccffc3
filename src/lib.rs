//! velocity-cliff: a Monte Carlo simulation of a software startup, week by
//! week, under competing strategies, reporting when development velocity
//! collapses. The core is pure Rust: no I/O, no wasm types; the CLI
//! (`main.rs`) and the wasm bindings (`wasm.rs`) are thin fronts over it.

pub mod calibration;
pub mod collapse;
pub mod error;
pub mod fastmath;
pub mod model;
pub mod monte_carlo;
#[cfg(feature = "cli")]
pub mod parallel;
pub mod params;
pub mod preset;
pub mod render;
pub mod result;
pub mod rng;
pub mod rules;
pub mod scenario;
pub mod sensitivity;
pub mod share;
pub mod stats;
pub mod story;
pub mod strategy;
pub mod version;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use error::InputError;
pub use monte_carlo::{Accumulator, Simulation};
pub use result::SimulationResult;
pub use scenario::{Overrides, Scenario};
pub use version::MODEL_VERSION;

/// The pipeline every front runs — the CLI, the wasm bindings and the
/// tests: a validated scenario (from [`Scenario::resolve`], which reads a
/// file, a link or the bindings' objects and applies the overrides) → every
/// run → the result.
///
/// `run` only chooses how the runs are computed: [`Simulation::run_all`] on
/// this thread (the bindings, the tests), or the CLI's thread pool with a
/// progress bar (`parallel::run_all`). Any choice gives the same bytes.
pub fn simulate(scenario: Scenario, run: impl FnOnce(&Simulation) -> Accumulator) -> SimulationResult {
    let sim = Simulation::new(scenario);
    let acc = run(&sim);
    SimulationResult::finish(&acc, &sim.scenario)
}
