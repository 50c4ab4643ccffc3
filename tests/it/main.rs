//! The integration tests, one binary: invariants as property tests, the
//! stylized facts of docs/MODEL.md as statistical tests, a golden value-stability
//! snapshot, the CLI driven as a user would, and hostile input. Native only
//! (the wasm bindings have their own tests in `tests/wasm.rs`).
#![cfg(not(target_arch = "wasm32"))]

mod calibration;
mod cli;
mod fastmath;
mod golden;
mod hostile;
mod properties;
mod render;
mod rules;
mod stylized;

use velocity_cliff::{Overrides, Scenario, Simulation, SimulationResult};

/// Resolves a scenario from a file text (or the default) and overrides.
pub fn scenario(text: Option<&str>, overrides: Overrides) -> Scenario {
    match text {
        Some(t) => Scenario::from_json(t, &overrides).expect("valid scenario"),
        None => Scenario::resolve(None, &overrides).expect("valid scenario"),
    }
}

/// Runs a scenario through the pipeline on one thread.
pub fn run(scenario: Scenario) -> SimulationResult {
    velocity_cliff::simulate(scenario, Simulation::run_all)
}
