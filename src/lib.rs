//! velocity-cliff: a Monte Carlo simulation of a software startup, week by
//! week, under competing strategies, reporting when development velocity
//! collapses. The core is pure Rust: no I/O, no wasm types; the CLI
//! (`main.rs`) and the wasm bindings (`wasm.rs`) are thin fronts over it.

pub mod collapse;
pub mod error;
pub mod fastmath;
pub mod model;
pub mod monte_carlo;
#[cfg(feature = "cli")]
pub mod parallel;
pub mod params;
pub mod preset;
pub mod result;
pub mod rng;
pub mod rules;
pub mod scenario;
pub mod share;
pub mod stats;
pub mod strategy;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

/// The model version: results for the same scenario and seed are identical
/// within one model version. 2.1.0: strategies hold rules; every 2.0.0
/// scenario gives the same numbers (its triggers become rules that do exactly
/// what they did), the version marks the scenario format for links.
pub const MODEL_VERSION: &str = "2.1.0";

pub use error::InputError;
pub use monte_carlo::{Accumulator, Simulation};
pub use result::SimulationResult;
pub use scenario::{Overrides, Scenario};

/// Resolves, runs on one thread and summarises: the whole pipeline.
pub fn simulate(scenario_json: Option<&str>, overrides: &Overrides) -> Result<SimulationResult, InputError> {
    let scenario = match scenario_json {
        Some(text) => Scenario::from_json(text, overrides)?,
        None => Scenario::resolve(None, overrides)?,
    };
    let sim = Simulation::new(scenario);
    let acc = sim.run_all();
    Ok(SimulationResult::finish(&acc, &sim.scenario))
}
