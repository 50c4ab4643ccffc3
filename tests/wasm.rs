//! The wasm bindings, tested in Node (`wasm-pack test --node`): the same
//! numbers as the native core, exceptions (never panics) for bad input.
#![cfg(target_arch = "wasm32")]

use velocity_cliff::wasm::{catalogue, resolve, run_chunk, simulate, Merger};
use velocity_cliff::{Overrides, Scenario, Simulation, SimulationResult};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

#[path = "common/draws.rs"]
mod draws;

#[wasm_bindgen_test]
fn every_distribution_draws_the_same_bits_as_natively() {
    // tests/golden/draws.json is written and checked by the native tests.
    assert_eq!(draws::as_json(), include_str!("golden/draws.json"));
}

fn message(err: wasm_bindgen::JsError) -> String {
    let value: JsValue = err.into();
    js_sys::Reflect::get(&value, &"message".into()).unwrap().as_string().unwrap()
}

#[wasm_bindgen_test]
fn simulate_matches_the_core_byte_for_byte() {
    let text = simulate(r#"{"preset":"b2b-saas","runs":40,"weeks":70}"#, r#"{"seed":"77"}"#).unwrap();
    let o = Overrides {
        preset: Some("b2b-saas".into()),
        runs: Some(40),
        weeks: Some(70),
        seed: Some(77),
        ..Default::default()
    };
    let sim = Simulation::new(Scenario::resolve(None, &o).unwrap());
    assert_eq!(text, SimulationResult::finish(&sim.run_all(), &sim.scenario).to_json());
}

#[wasm_bindgen_test]
fn chunks_merged_in_any_order_equal_one_run() {
    let resolved = resolve("", r#"{"runs":50,"weeks":60,"seed":3}"#).unwrap();
    let whole = simulate(&resolved, "").unwrap();
    let mut merger = Merger::new(&resolved).unwrap();
    merger.add(&run_chunk(&resolved, 30.0, 50.0).unwrap()).unwrap();
    merger.add(&run_chunk(&resolved, 0.0, 13.0).unwrap()).unwrap();
    merger.add(&run_chunk(&resolved, 13.0, 30.0).unwrap()).unwrap();
    assert_eq!(merger.runs(), 50.0);
    assert_eq!(merger.finish(), whole);
}

#[wasm_bindgen_test]
fn bad_input_throws_with_the_field_value_and_range() {
    assert_eq!(
        message(simulate(r#"{"params":{"ramp_up_weeks":80}}"#, "").unwrap_err()),
        "invalid params.ramp_up_weeks: 80 (allowed: a number from 4 to 52)"
    );
    assert!(message(simulate("{", "").unwrap_err()).starts_with("invalid scenario: not valid JSON"));
    assert!(message(simulate("", r#"{"runs":0}"#).unwrap_err()).starts_with("invalid options.runs: 0"));
    assert!(message(simulate("", r#"{"threshold":"x"}"#).unwrap_err()).starts_with("invalid options.threshold"));
    assert!(
        message(resolve(r#"{"strategies":[{"id":"<img src=x onerror=alert(1)>"}]}"#, "").unwrap_err())
            .starts_with("invalid strategies[0].id")
    );
    let resolved = resolve("", r#"{"runs":10,"weeks":20}"#).unwrap();
    assert!(message(run_chunk(&resolved, 5.0, 11.0).unwrap_err()).starts_with("invalid run range"));
    assert!(message(run_chunk(&resolved, f64::NAN, 1.0).unwrap_err()).starts_with("invalid run range"));
    let mut merger = Merger::new(&resolved).unwrap();
    assert!(message(merger.add(&[1, 2, 3]).unwrap_err()).starts_with("invalid partial result"));
    let other = resolve("", r#"{"runs":10,"weeks":21}"#).unwrap();
    assert!(merger.add(&run_chunk(&other, 0.0, 10.0).unwrap()).is_err());
}

#[wasm_bindgen_test]
fn the_catalogue_lists_params_presets_and_strategies() {
    let v: serde_json::Value = serde_json::from_str(&catalogue()).unwrap();
    assert!(v["params"].as_array().unwrap().len() > 40);
    assert_eq!(v["presets"].as_array().unwrap().len(), 4);
    assert_eq!(v["strategies"].as_array().unwrap().len(), 5);
    assert_eq!(v["default_preset"], "marketplace");
}
