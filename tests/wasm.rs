//! The wasm bindings, tested in Node (`wasm-pack test --node`): the same
//! numbers as the native core, plain objects in and out, seeds of any 64-bit
//! size, structured exceptions (never panics) for bad input.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, BigInt, Reflect, Uint8Array, JSON};
use velocity_cliff::wasm::{
    answer_chunk, catalogue, decode_share, encode_share, parse_scenario_file, render_svg, resolve, run_chunk, simulate, Merger,
};
use velocity_cliff::{Overrides, Scenario, Simulation};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

#[path = "common/draws.rs"]
mod draws;

/// 2^53 + 1: the first whole number a JavaScript number cannot hold.
const ABOVE_2_53: u64 = (1 << 53) + 1;

#[wasm_bindgen_test]
fn every_distribution_draws_the_same_bits_as_natively() {
    // tests/golden/draws.json is written and checked by the native tests.
    assert_eq!(draws::as_json(), include_str!("golden/draws.json"));
}

/// A plain JavaScript object from JSON text (no numbers above 2^53 in it).
fn obj(text: &str) -> JsValue {
    JSON::parse(text).unwrap()
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap()
}

fn set(value: &JsValue, key: &str, to: impl Into<JsValue>) {
    Reflect::set(value, &key.into(), &to.into()).unwrap();
}

fn text(value: &JsValue, key: &str) -> String {
    get(value, key).as_string().unwrap_or_else(|| panic!("{key} is not a string"))
}

const NONE: JsValue = JsValue::UNDEFINED;

/// The core's result for a scenario file's text with overrides, natively.
fn native(file: &str, o: &Overrides) -> String {
    velocity_cliff::simulate(Scenario::from_json(file, o).unwrap(), Simulation::run_all).to_json()
}

/// `(field, value, allowed, message)` of a thrown error, which is a JavaScript `Error`.
fn fields(err: JsValue) -> (String, String, String, String) {
    assert!(err.is_instance_of::<js_sys::Error>(), "an Error");
    assert_eq!(text(&err, "name"), "InputError");
    let f = (
        text(&err, "field"),
        text(&err, "value"),
        text(&err, "allowed"),
        text(&err, "message"),
    );
    assert_eq!(
        f.3,
        format!("invalid {}: {} (allowed: {})", f.0, f.1, f.2),
        "the message is made of the fields"
    );
    f
}

#[wasm_bindgen_test]
fn simulate_matches_the_core_byte_for_byte() {
    let json = simulate(obj(r#"{"preset":"b2b-saas","runs":40,"weeks":70}"#), obj(r#"{"seed":"77"}"#)).unwrap();
    let o = Overrides {
        seed: Some(77),
        ..Default::default()
    };
    assert_eq!(json, native(r#"{"preset":"b2b-saas","runs":40,"weeks":70}"#, &o));
    // The text of a scenario file is read as the CLI reads it.
    let file = r#"{"preset":"media-app","runs":30,"weeks":50,"seed":5}"#;
    assert_eq!(simulate(file.into(), NONE).unwrap(), native(file, &Overrides::default()));
}

#[wasm_bindgen_test]
fn chunks_merged_in_any_order_equal_one_run() {
    let resolved = resolve(NONE, obj(r#"{"runs":50,"weeks":60,"seed":3}"#)).unwrap();
    assert!(resolved.is_object() && !resolved.is_string(), "resolve gives an object");
    assert_eq!(get(&resolved, "runs").as_f64(), Some(50.0));
    let whole = simulate(resolved.clone(), NONE).unwrap();
    let mut merger = Merger::new(resolved.clone()).unwrap();
    merger.add(&run_chunk(resolved.clone(), 30.0, 50.0).unwrap()).unwrap();
    merger.add(&run_chunk(resolved.clone(), 0.0, 13.0).unwrap()).unwrap();
    merger.add(&run_chunk(resolved.clone(), 13.0, 30.0).unwrap()).unwrap();
    assert_eq!(merger.runs(), 50.0);
    assert_eq!(merger.finish(), whole);
}

#[wasm_bindgen_test]
fn seeds_above_2_53_cross_as_bigints_or_decimal_strings_without_losing_a_digit() {
    let file = r#"{"preset":"marketplace","runs":12,"weeks":40}"#;
    for seed in [ABOVE_2_53, u64::MAX] {
        let expected = native(
            file,
            &Overrides {
                seed: Some(seed),
                ..Default::default()
            },
        );
        assert!(expected.contains(&format!("\"seed\":{seed},")));
        // In options: a BigInt or a decimal string.
        let options = obj("{}");
        set(&options, "seed", BigInt::from(seed));
        assert_eq!(simulate(file.into(), options).unwrap(), expected, "BigInt {seed}");
        assert_eq!(
            simulate(file.into(), obj(&format!(r#"{{"seed":"{seed}"}}"#))).unwrap(),
            expected,
            "string {seed}"
        );
        // In a scenario object: the same.
        let scenario = obj(file);
        set(&scenario, "seed", BigInt::from(seed));
        assert_eq!(simulate(scenario.clone(), NONE).unwrap(), expected, "scenario BigInt {seed}");
        // Out: the resolved scenario, a link and a file give it back as a decimal string.
        let resolved = resolve(scenario, NONE).unwrap();
        assert_eq!(text(&resolved, "seed"), seed.to_string());
        assert_eq!(simulate(resolved.clone(), NONE).unwrap(), expected);
        let mut merger = Merger::new(resolved.clone()).unwrap();
        merger.add(&run_chunk(resolved, 0.0, 12.0).unwrap()).unwrap();
        assert_eq!(merger.finish(), expected, "chunks of the resolved scenario {seed}");
        // A file (or a CLI link) writes the seed as a JSON number.
        let with_number = format!(r#"{{"preset":"marketplace","runs":12,"weeks":40,"seed":{seed}}}"#);
        let link = encode_share(with_number.clone().into()).unwrap();
        let decoded = decode_share(&link).unwrap();
        let from_link = get(&decoded, "scenario");
        assert_eq!(text(&from_link, "seed"), seed.to_string(), "link {seed}");
        assert!(get(&decoded, "notice").is_null());
        assert_eq!(simulate(from_link.clone(), NONE).unwrap(), expected, "link {seed}");
        let from_file = parse_scenario_file(&with_number).unwrap();
        assert_eq!(text(&from_file, "seed"), seed.to_string(), "file {seed}");
        assert_eq!(simulate(from_file, NONE).unwrap(), expected, "file {seed}");
        // An export of the page: its scenario is taken.
        let export =
            format!(r#"{{"format":"velocity-cliff-export","model_version":"2.0.0","share":"","scenario":{with_number},"result":{{}}}}"#);
        assert_eq!(text(&parse_scenario_file(&export).unwrap(), "seed"), seed.to_string());
        // The page re-encodes the decoded scenario: the same numbers.
        let again = encode_share(from_link).unwrap();
        let reopened = get(&decode_share(&again).unwrap(), "scenario");
        assert_eq!(simulate(reopened, NONE).unwrap(), expected);
    }
    // A JavaScript number above 2^53 has already lost digits: refused, never rounded.
    let scenario = obj("{}");
    set(&scenario, "seed", 2f64.powi(60));
    let (field, value, allowed, _) = fields(resolve(scenario, NONE).unwrap_err());
    assert_eq!((field.as_str(), value.as_str()), ("seed", "1152921504606847000"));
    assert!(allowed.contains("BigInt"), "{allowed}");
    let (field, ..) = fields(resolve(NONE, obj(r#"{"seed":1.5}"#)).unwrap_err());
    assert_eq!(field, "options.seed");
    // 2^53 − 1 as a number is exact, and accepted.
    let ok = resolve(NONE, obj(r#"{"seed":9007199254740991}"#)).unwrap();
    assert_eq!(text(&ok, "seed"), "9007199254740991");
    let (field, value, ..) = fields(resolve(NONE, obj(r#"{"seed":"18446744073709551616"}"#)).unwrap_err());
    assert_eq!((field.as_str(), value.as_str()), ("options.seed", "\"18446744073709551616\""));
}

#[wasm_bindgen_test]
fn bad_input_throws_an_error_with_field_value_and_allowed() {
    let (field, value, allowed, message) = fields(simulate(obj(r#"{"params":{"ramp_up_weeks":80}}"#), NONE).unwrap_err());
    assert_eq!(
        (field.as_str(), value.as_str(), allowed.as_str()),
        ("params.ramp_up_weeks", "80", "a number from 4 to 52")
    );
    assert_eq!(message, "invalid params.ramp_up_weeks: 80 (allowed: a number from 4 to 52)");
    let (field, value, ..) = fields(simulate("{".into(), NONE).unwrap_err());
    assert_eq!(field, "scenario");
    assert!(value.starts_with("not valid JSON"));
    assert_eq!(fields(simulate(NONE, obj(r#"{"runs":0}"#)).unwrap_err()).0, "options.runs");
    assert_eq!(
        fields(simulate(NONE, obj(r#"{"threshold":"x"}"#)).unwrap_err()).0,
        "options.threshold"
    );
    // Range checks of options are named as options too (the CLI names them by flag).
    assert_eq!(
        fields(simulate(NONE, obj(r#"{"strategies":["nope"]}"#)).unwrap_err()).0,
        "options.strategies"
    );
    assert_eq!(
        fields(simulate(NONE, obj(r#"{"smoothing":60}"#)).unwrap_err()).0,
        "options.smoothing"
    );
    // A bad value in the scenario is named by its field, even beside an option that sets it.
    let (field, value, ..) = fields(resolve(obj(r#"{"collapse":{"window":0}}"#), obj(r#"{"window":3}"#)).unwrap_err());
    assert_eq!((field.as_str(), value.as_str()), ("collapse.window", "0"));
    let (field, value, ..) = fields(resolve(obj(r#"{"collapse":{"window":3}}"#), obj(r#"{"window":0}"#)).unwrap_err());
    assert_eq!((field.as_str(), value.as_str()), ("options.window", "0"));
    let (field, value, ..) = fields(resolve(obj(r#"{"strategies":[{"id":"<img src=x onerror=alert(1)>"}]}"#), NONE).unwrap_err());
    assert_eq!(field, "strategies[0].id");
    assert_eq!(value, "\"<img src=x onerror=alert(1)>\"");
    let (field, value, ..) = fields(decode_share("v1.broken!").unwrap_err());
    assert_eq!((field.as_str(), value.as_str()), ("share link", "a payload that is not base64url"));
    assert_eq!(fields(encode_share(obj(r#"{"runs":0}"#)).unwrap_err()).0, "runs");
    assert_eq!(fields(parse_scenario_file(r#"{"runs": NaN}"#).unwrap_err()).0, "scenario");
    let (field, value, ..) = fields(parse_scenario_file(r#"{"format":"velocity-cliff-export"}"#).unwrap_err());
    assert_eq!(
        (field.as_str(), value.as_str()),
        ("scenario file", "an export without a scenario object")
    );

    let resolved = resolve(NONE, obj(r#"{"runs":10,"weeks":20}"#)).unwrap();
    let (field, value, ..) = fields(run_chunk(resolved.clone(), 5.0, 11.0).unwrap_err());
    assert_eq!((field.as_str(), value.as_str()), ("run range", "5..11"));
    assert_eq!(fields(run_chunk(resolved.clone(), f64::NAN, 1.0).unwrap_err()).1, "NaN..1");
    let mut merger = Merger::new(resolved.clone()).unwrap();
    assert_eq!(fields(merger.add(&[1, 2, 3]).unwrap_err()).0, "partial result");
    let other = resolve(NONE, obj(r#"{"runs":10,"weeks":21}"#)).unwrap();
    assert!(merger.add(&run_chunk(other, 0.0, 10.0).unwrap()).is_err());
    merger.add(&run_chunk(resolved.clone(), 0.0, 10.0).unwrap()).unwrap();
    assert_eq!(
        fields(merger.add(&run_chunk(resolved, 0.0, 1.0).unwrap()).unwrap_err()).0,
        "partial result"
    );
}

#[wasm_bindgen_test]
fn objects_that_are_not_plain_data_are_refused_by_field() {
    // NaN, a function, a cycle, bytes, a BigInt beyond 64 bits, too much data.
    let nan = obj(r#"{"params":{}}"#);
    set(&get(&nan, "params"), "coupling", f64::NAN);
    let (field, value, allowed, _) = fields(resolve(nan, NONE).unwrap_err());
    assert_eq!(
        (field.as_str(), value.as_str(), allowed.as_str()),
        ("params.coupling", "NaN", "a finite number")
    );
    let function = obj(r#"{"strategies":["feature-first"]}"#);
    Reflect::set(&get(&function, "strategies"), &1.into(), &js_sys::Function::new_no_args("return 1")).unwrap();
    assert_eq!(fields(resolve(function, NONE).unwrap_err()).0, "strategies[1]");
    let cycle = obj(r#"{"params":{}}"#);
    set(&get(&cycle, "params"), "again", cycle.clone());
    let (field, value, ..) = fields(resolve(cycle, NONE).unwrap_err());
    assert!(field.starts_with("params.again.params.again"), "{field}");
    assert!(value.contains("levels of nesting"));
    let bytes = obj("{}");
    set(&bytes, "preset", Uint8Array::new_with_length(3));
    assert_eq!(fields(resolve(bytes, NONE).unwrap_err()).0, "preset");
    let huge = obj("{}");
    set(&huge, "seed", BigInt::from(u64::MAX) * BigInt::from(2u64));
    assert_eq!(fields(resolve(NONE, huge).unwrap_err()).0, "options.seed");
    let big = obj("{}");
    set(&big, "preset", "a".repeat(2 << 20));
    let (field, value, ..) = fields(resolve(big, NONE).unwrap_err());
    assert_eq!(field, "scenario");
    assert!(value.starts_with("more than"));
    let (field, value, ..) = fields(resolve(JsValue::from(3), NONE).unwrap_err());
    assert_eq!((field.as_str(), value.as_str()), ("scenario", "a number"));
}

#[wasm_bindgen_test]
fn a_worker_answers_a_chunk_with_transferable_bytes_or_a_structured_error() {
    let resolved = resolve(NONE, obj(r#"{"runs":30,"weeks":40,"seed":9}"#)).unwrap();
    let whole = simulate(resolved.clone(), NONE).unwrap();
    let mut merger = Merger::new(resolved.clone()).unwrap();
    for (start, end) in [(10.0, 30.0), (0.0, 10.0)] {
        let request = obj(r#"{"type":"chunk","generation":4,"chunkId":7,"work":123}"#);
        set(&request, "scenario", resolved.clone());
        set(&request, "start", start);
        set(&request, "end", end);
        let answer = answer_chunk(request).unwrap();
        let reply = get(&answer, "reply");
        assert_eq!(text(&reply, "type"), "chunk");
        for (key, value) in [
            ("generation", 4.0),
            ("chunkId", 7.0),
            ("work", 123.0),
            ("start", start),
            ("end", end),
        ] {
            assert_eq!(get(&reply, key).as_f64(), Some(value), "{key}");
        }
        assert!(get(&reply, "computeMs").as_f64().unwrap() >= 0.0);
        let bytes: Uint8Array = get(&reply, "bytes").dyn_into().unwrap();
        let transfer: Array = get(&answer, "transfer").dyn_into().unwrap();
        assert_eq!(transfer.length(), 1);
        assert!(transfer.get(0) == JsValue::from(bytes.buffer()), "the bytes' buffer is transferred");
        assert_eq!(bytes.to_vec(), run_chunk(resolved.clone(), start, end).unwrap());
        merger.add(&bytes.to_vec()).unwrap();
    }
    assert_eq!(merger.finish(), whole);

    let request = obj(r#"{"type":"chunk","generation":5,"chunkId":0,"start":0,"end":1,"work":1,"scenario":{"runs":0}}"#);
    let answer = answer_chunk(request).unwrap();
    let reply = get(&answer, "reply");
    assert_eq!(text(&reply, "type"), "error");
    assert_eq!(get(&reply, "generation").as_f64(), Some(5.0));
    assert_eq!(
        text(&reply, "message"),
        "invalid runs: 0 (allowed: a whole number from 1 to 1000000)"
    );
    let error = get(&reply, "error");
    assert_eq!(text(&error, "field"), "runs");
    assert_eq!(text(&error, "value"), "0");
    assert_eq!(text(&error, "allowed"), "a whole number from 1 to 1000000");
    assert_eq!(Array::from(&get(&answer, "transfer")).length(), 0);
    assert!(answer_chunk(JsValue::from("chunk")).is_err());
}

#[wasm_bindgen_test]
fn the_catalogue_is_an_object_of_params_presets_and_strategies() {
    let cat = catalogue().unwrap();
    assert!(Array::from(&get(&cat, "params")).length() > 40);
    let presets = Array::from(&get(&cat, "presets"));
    assert_eq!(presets.length(), 4);
    let first = presets.get(0);
    assert!(
        get(&get(&first, "params"), "ramp_up_weeks").as_f64().is_some(),
        "preset params are a plain object"
    );
    assert_eq!(Array::from(&get(&cat, "strategies")).length(), 5);
    assert_eq!(text(&cat, "default_preset"), "marketplace");
    assert_eq!(text(&get(&cat, "defaults"), "seed"), "1");
    assert_eq!(get(&get(&cat, "limits"), "runs").as_f64(), Some(1_000_000.0));
}

#[wasm_bindgen_test]
fn render_svg_draws_the_cli_render_bytes_from_the_result_json() {
    // tests/golden/render-*.svg are the CLI's `render` of this scenario
    // (written and checked by the native tests, tests/it/render.rs).
    let json = simulate(obj(r#"{"preset":"b2b-saas","runs":40,"weeks":104,"seed":3}"#), NONE).unwrap();
    let velocity = render_svg(&json, "velocity", 720.0, 400.0, "light").unwrap();
    assert_eq!(velocity, include_str!("golden/render-velocity.svg"));
    let why = render_svg(&json, "why", 720.0, 400.0, "dark").unwrap();
    assert_eq!(why, include_str!("golden/render-why-dark.svg"));
}

#[wasm_bindgen_test]
fn render_svg_refuses_bad_arguments_by_name() {
    let json = simulate(obj(r#"{"runs":5,"weeks":20}"#), NONE).unwrap();
    let field = |e: JsValue| fields(e).0;
    assert_eq!(field(render_svg(&json, "pie", 720.0, 400.0, "light").unwrap_err()), "chart");
    assert_eq!(field(render_svg(&json, "velocity", 0.0, 400.0, "light").unwrap_err()), "width");
    assert_eq!(
        field(render_svg(&json, "velocity", 720.0, f64::NAN, "light").unwrap_err()),
        "height"
    );
    assert_eq!(field(render_svg(&json, "velocity", 720.0, 400.0, "sepia").unwrap_err()), "theme");
    assert_eq!(field(render_svg("{}", "velocity", 720.0, 400.0, "light").unwrap_err()), "result");
    let other = json.replacen(&format!("\"{}\"", velocity_cliff::MODEL_VERSION), "\"0.0.1\"", 1);
    assert_eq!(field(render_svg(&other, "velocity", 720.0, 400.0, "light").unwrap_err()), "result");
}
