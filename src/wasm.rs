//! The wasm bindings: a few thin functions that convert types and call the
//! core. Errors become JavaScript exceptions carrying the core's message;
//! nothing here can panic on any input.

use crate::monte_carlo::{Accumulator, Simulation};
use crate::params::PARAM_SPECS;
use crate::preset::{DEFAULT_PRESET, PRESETS};
use crate::result::SimulationResult;
use crate::scenario::{self, Overrides, Scenario};
use crate::strategy::{builtins, description, STRATEGY_SPECS};
use crate::MODEL_VERSION;
use wasm_bindgen::prelude::*;

fn scenario_from(scenario_json: &str, options_json: &str) -> Result<Scenario, JsError> {
    let overrides = Overrides::from_json(options_json).map_err(|e| JsError::new(&e.to_string()))?;
    let text = if scenario_json.trim().is_empty() { "{}" } else { scenario_json };
    Scenario::from_json(text, &overrides).map_err(|e| JsError::new(&e.to_string()))
}

/// Runs a whole simulation on this thread and returns the result as JSON text,
/// byte for byte what `velocity-cliff simulate` prints for the same input.
#[wasm_bindgen]
pub fn simulate(scenario_json: &str, options_json: &str) -> Result<String, JsError> {
    let sim = Simulation::new(scenario_from(scenario_json, options_json)?);
    Ok(SimulationResult::finish(&sim.run_all(), &sim.scenario).to_json())
}

/// Validates and resolves a scenario without running it; returns the
/// resolved scenario file as JSON text.
#[wasm_bindgen]
pub fn resolve(scenario_json: &str, options_json: &str) -> Result<String, JsError> {
    Ok(scenario_from(scenario_json, options_json)?.to_json().to_string())
}

/// Simulates run indices `run_start..run_end` of a scenario and returns the
/// partial accumulator as bytes, for `Merger.add` (in any worker, in any order).
#[wasm_bindgen(js_name = runChunk)]
pub fn run_chunk(scenario_json: &str, run_start: f64, run_end: f64) -> Result<Vec<u8>, JsError> {
    let sim = Simulation::new(scenario_from(scenario_json, "")?);
    let runs = sim.scenario.runs as f64;
    let ok = |x: f64| x.is_finite() && x >= 0.0 && x.fract() == 0.0 && x <= runs;
    if !(ok(run_start) && ok(run_end) && run_start <= run_end) {
        return Err(JsError::new(&format!(
            "invalid run range: {run_start}..{run_end} (allowed: whole numbers with 0 <= start <= end <= {runs})"
        )));
    }
    Ok(sim.run_range(run_start as u64..run_end as u64).to_bytes())
}

/// Adds up partial accumulators and turns them into a result.
#[wasm_bindgen]
pub struct Merger {
    scenario: Scenario,
    acc: Accumulator,
}

#[wasm_bindgen]
impl Merger {
    #[wasm_bindgen(constructor)]
    pub fn new(scenario_json: &str) -> Result<Merger, JsError> {
        let scenario = scenario_from(scenario_json, "")?;
        let acc = Accumulator::new(&scenario);
        Ok(Merger { scenario, acc })
    }

    /// Adds one partial from `runChunk` for the same scenario.
    pub fn add(&mut self, bytes: &[u8]) -> Result<(), JsError> {
        let part = Accumulator::from_bytes(bytes, &self.scenario)
            .ok_or_else(|| JsError::new("invalid partial result: the bytes do not belong to this scenario"))?;
        if self.acc.runs + part.runs > self.scenario.runs {
            return Err(JsError::new("invalid partial result: more runs than the scenario has"));
        }
        self.acc.merge(&part);
        Ok(())
    }

    /// Runs added so far.
    #[wasm_bindgen(getter)]
    pub fn runs(&self) -> f64 {
        self.acc.runs as f64
    }

    /// The result of the runs added so far, as JSON text.
    pub fn finish(&self) -> String {
        SimulationResult::finish(&self.acc, &self.scenario).to_json()
    }
}

/// Everything the page shows about the model: parameters with units, ranges,
/// defaults and sources; strategy fields; presets; built-in strategies; limits.
#[wasm_bindgen]
pub fn catalogue() -> String {
    let presets: Vec<_> = PRESETS
        .iter()
        .map(|p| {
            let params: serde_json::Map<String, serde_json::Value> = PARAM_SPECS
                .iter()
                .map(|s| (s.name.to_string(), p.params().get(s.name).unwrap_or(0.0).into()))
                .collect();
            serde_json::json!({"id": p.id, "label": p.label, "description": p.description, "params": params})
        })
        .collect();
    let strategies: Vec<_> = builtins()
        .into_iter()
        .map(|s| {
            let mut v = serde_json::to_value(&s).unwrap_or_default();
            let text = description(&s.id).unwrap_or("");
            if let Some(map) = v.as_object_mut() {
                map.insert("description".into(), text.into());
            }
            v
        })
        .collect();
    serde_json::json!({
        "model_version": MODEL_VERSION,
        "schema": scenario::SCHEMA,
        "params": PARAM_SPECS,
        "strategy_fields": STRATEGY_SPECS,
        "presets": presets,
        "default_preset": DEFAULT_PRESET,
        "strategies": strategies,
        "defaults": {"runs": scenario::DEFAULT_RUNS, "weeks": scenario::DEFAULT_WEEKS, "seed": scenario::DEFAULT_SEED,
                     "threshold": scenario::DEFAULT_THRESHOLD, "window": scenario::DEFAULT_WINDOW, "smoothing": scenario::DEFAULT_SMOOTHING},
        "limits": {"runs": scenario::MAX_RUNS, "weeks": scenario::MAX_WEEKS, "window": scenario::MAX_WINDOW, "smoothing": scenario::MAX_SMOOTHING, "strategies": scenario::MAX_STRATEGIES},
    })
    .to_string()
}

/// The model version results are tied to.
#[wasm_bindgen(js_name = modelVersion)]
pub fn model_version() -> String {
    MODEL_VERSION.to_string()
}

/// Encodes a scenario (scenario-file JSON text) as a share string `v1.…`.
#[wasm_bindgen(js_name = encodeShare)]
pub fn encode_share(scenario_json: &str) -> Result<String, JsError> {
    crate::share::encode(scenario_json).map_err(|e| JsError::new(&e.to_string()))
}

/// Decodes a share string (or a URL hash) into
/// `{"scenario": …, "model_version": …, "notice": … | null}` text; throws
/// with a message naming what is wrong for anything that is not a valid link.
#[wasm_bindgen(js_name = decodeShare)]
pub fn decode_share(link: &str) -> Result<String, JsError> {
    crate::share::decode(link)
        .map(|d| d.to_json())
        .map_err(|e| JsError::new(&e.to_string()))
}
