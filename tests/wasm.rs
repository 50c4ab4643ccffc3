//! The wasm bindings, tested in Node (`wasm-pack test --node`): the same
//! numbers as the native core, plain objects in and out, seeds of any 64-bit
//! size, structured exceptions (never panics) for bad input.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, BigInt, Reflect, Uint8Array, JSON};
use velocity_cliff::wasm::{
    answer_chunk, catalogue, decode_share, describe_rule, parse_scenario_file, render_svg, resolve, run_chunk, sensitivity_chunk,
    sensitivity_reduce, sensitivity_step, share_link, share_payload, simulate, Merger, Prepared,
};
use velocity_cliff::{Overrides, Scenario, Simulation};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

#[path = "common/draws.rs"]
mod draws;

#[path = "common/branch_free.rs"]
mod branch_free;

/// 2^53 + 1: the first whole number a JavaScript number cannot hold.
const ABOVE_2_53: u64 = (1 << 53) + 1;

#[wasm_bindgen_test]
fn every_distribution_draws_the_same_bits_as_natively() {
    // tests/golden/draws.json is written and checked by the native tests.
    assert_eq!(draws::as_json(), include_str!("golden/draws.json"));
}

/// A share string as the page makes it: the core's payload, raw-DEFLATE
/// compressed (here by the crate the CLI uses; the page uses the browser's),
/// made a link by the core.
fn encode_share(scenario: JsValue) -> Result<String, JsValue> {
    let body = share_payload(scenario)?;
    Ok(share_link(&miniz_oxide::deflate::compress_to_vec(body.as_bytes(), 6)))
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
fn a_result_as_text_and_columns_gives_back_the_exact_text() {
    // A seed above 2^53, a custom strategy and observed weeks: every kind of field the text holds.
    let file = format!(
        r#"{{"preset":"marketplace","runs":30,"weeks":60,"seed":{ABOVE_2_53},
        "strategies":["feature-first",{{"id":"steady","label":"Steady","refactor_share":0.25}}],
        "calibration":{{"unit":"items","delivered":[5,6,7,5,8,6,7,9],"team":[3,3,3,3,4,4,4,4]}}}}"#
    );
    let resolved = resolve(file.as_str().into(), NONE).unwrap();
    let mut merger = Merger::new(resolved.clone()).unwrap();
    merger.add(&run_chunk(resolved.clone(), 0.0, 30.0).unwrap()).unwrap();
    let whole = merger.finish();
    assert!(whole.contains("\"calibration\":{"), "the result compares the observed weeks");
    let split = merger.finish_columns().unwrap();
    let json = text(&split, "json");
    let columns: js_sys::Float32Array = get(&split, "columns").dyn_into().unwrap();
    assert!(json.len() * 5 < whole.len(), "{} of {} bytes in the text", json.len(), whole.len());
    assert_eq!(Merger::text(&json, &columns.to_vec()).unwrap(), whole);
    // Some strategies read off every run: the same, and `undefined` where finishFor is.
    let some = resolve(file.replace(r#""feature-first","#, "").as_str().into(), NONE).unwrap();
    let picked = merger.finish_columns_for(some.clone()).unwrap();
    let columns: js_sys::Float32Array = get(&picked, "columns").dyn_into().unwrap();
    assert_eq!(
        Merger::text(&text(&picked, "json"), &columns.to_vec()).unwrap(),
        merger.finish_for(some).unwrap().unwrap()
    );
    let other = resolve(NONE, obj(r#"{"runs":30,"weeks":60,"seed":4}"#)).unwrap();
    assert!(merger.finish_columns_for(other).unwrap().is_undefined());
    // Columns that do not fit the text: an InputError naming them.
    let (field, value, _, _) = fields(Merger::text(&json, &columns.to_vec()[1..]).unwrap_err());
    assert_eq!(field, "result columns");
    assert!(value.starts_with("the columns end at"), "{value}");
    let (field, _, _, _) = fields(Merger::text("not a result", &[]).unwrap_err());
    assert_eq!(field, "result columns");
}

#[wasm_bindgen_test]
fn a_merger_of_every_run_reads_some_of_its_strategies_off_them() {
    let options = obj(r#"{"runs":40,"weeks":60,"seed":9}"#);
    let resolved = resolve(NONE, options.clone()).unwrap();
    let mut merger = Merger::new(resolved.clone()).unwrap();
    merger.add(&run_chunk(resolved.clone(), 0.0, 25.0).unwrap()).unwrap();
    let some = resolve(
        NONE,
        obj(r#"{"runs":40,"weeks":60,"seed":9,"strategies":["big-rewrite","feature-first"]}"#),
    )
    .unwrap();
    assert_eq!(merger.finish_for(some.clone()).unwrap(), None, "not before every run is in");
    merger.add(&run_chunk(resolved.clone(), 25.0, 40.0).unwrap()).unwrap();
    assert_eq!(merger.finish_for(some.clone()).unwrap(), Some(simulate(some, NONE).unwrap()));
    // Another seed, or a strategy's settings changed: not read off these runs.
    let seed = resolve(NONE, obj(r#"{"runs":40,"weeks":60,"seed":10,"strategies":["big-rewrite"]}"#)).unwrap();
    assert_eq!(merger.finish_for(seed).unwrap(), None);
    let edited = r#"{"runs":40,"weeks":60,"seed":9,"strategies":[{"id":"feature-first","label":"Feature first","refactor_share":0.3}]}"#;
    assert_eq!(merger.finish_for(resolve(obj(edited), NONE).unwrap()).unwrap(), None);
}

/// A finished job's runs, grown to more runs: the runs after them added
/// as partials give the bytes of simulating them all, with any uncertainty.
#[wasm_bindgen_test]
fn a_merger_grown_to_more_runs_takes_the_runs_after_its_own_with_a_simulation_s_bytes() {
    for mode in ["parameters", "shocks"] {
        let at = |runs: u32| {
            resolve(
                obj(&format!(r#"{{"uncertainty":"{mode}"}}"#)),
                obj(&format!(r#"{{"runs":{runs},"weeks":50,"seed":3}}"#)),
            )
            .unwrap()
        };
        let (first, more) = (at(30), at(75));
        let mut merger = Merger::new(first.clone()).unwrap();
        merger.add(&run_chunk(first.clone(), 0.0, 20.0).unwrap()).unwrap();
        assert!(merger.grown(more.clone()).unwrap().is_none(), "not before every run is in");
        merger.add(&run_chunk(first.clone(), 20.0, 30.0).unwrap()).unwrap();
        let mut grown = merger.grown(more.clone()).unwrap().unwrap();
        assert_eq!(grown.runs(), 30.0);
        // In any order, as the workers send them.
        grown.add(&run_chunk(more.clone(), 55.0, 75.0).unwrap()).unwrap();
        grown.add(&run_chunk(more.clone(), 30.0, 55.0).unwrap()).unwrap();
        assert_eq!(grown.finish(), simulate(more.clone(), NONE).unwrap(), "{mode}");
        assert!(
            grown.add(&run_chunk(more.clone(), 0.0, 1.0).unwrap()).is_err(),
            "more runs than the scenario has"
        );
        // Fewer or as many runs, or anything else changed: not grown.
        assert!(merger.grown(at(30)).unwrap().is_none());
        assert!(grown.grown(at(50)).unwrap().is_none());
        let seed = resolve(
            obj(&format!(r#"{{"uncertainty":"{mode}"}}"#)),
            obj(r#"{"runs":75,"weeks":50,"seed":4}"#),
        )
        .unwrap();
        assert!(merger.grown(seed).unwrap().is_none());
    }
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

/// A prepared scenario answers a chunk asked for its result `early` in two
/// steps: the result first, as text and columns, then the chunk with its
/// bytes — the same result and bytes as the one-step answer.
#[wasm_bindgen_test]
fn an_early_result_comes_before_its_chunk_with_the_same_result_and_bytes() {
    let resolved = resolve(NONE, obj(r#"{"runs":30,"weeks":40,"seed":9}"#)).unwrap();
    let request = || {
        let r = obj(r#"{"type":"chunk","generation":4,"chunkId":0,"start":0,"end":12,"work":5,"result":true}"#);
        set(&r, "scenario", resolved.clone());
        r
    };
    let mut once = Prepared::new(resolved.clone()).unwrap();
    let whole = get(&once.answer(request()).unwrap(), "reply");
    assert_eq!(text(&whole, "type"), "chunk");
    assert!(once.rest().unwrap().is_undefined(), "nothing waits after a one-step answer");

    let mut prepared = Prepared::new(resolved.clone()).unwrap();
    let early = request();
    set(&early, "early", true);
    let answer = prepared.answer(early).unwrap();
    let estimate = get(&answer, "reply");
    assert_eq!(text(&estimate, "type"), "estimate");
    let columns: js_sys::Float32Array = get(&estimate, "columns").dyn_into().unwrap();
    let transfer = Array::from(&get(&answer, "transfer"));
    assert_eq!(transfer.length(), 1);
    assert!(
        transfer.get(0) == JsValue::from(columns.buffer()),
        "the columns' buffer is transferred"
    );
    // The text's empty weekly columns (after the scenario, the only empty
    // arrays here), filled in order, give the one-step answer's text.
    let (skeleton, whole_json) = (text(&estimate, "json"), text(&whole, "json"));
    let at = skeleton.rfind("\"strategies\":").unwrap();
    let parts: Vec<&str> = skeleton[at..].split("[]").collect();
    let columns = columns.to_vec();
    assert_eq!((parts.len() - 1) * 40, columns.len(), "a column of 40 weeks per empty array");
    let mut filled = skeleton[..at].to_string() + parts[0];
    for (part, column) in parts[1..].iter().zip(columns.chunks_exact(40)) {
        filled += &serde_json::to_string(column).unwrap();
        filled += part;
    }
    assert_eq!(filled, whole_json);
    assert_eq!(get(&estimate, "end").as_f64(), Some(12.0));
    assert!(get(&estimate, "bytes").is_undefined());
    let rest = prepared.rest().unwrap();
    let chunk = get(&rest, "reply");
    assert_eq!(text(&chunk, "type"), "chunk");
    assert!(get(&chunk, "json").is_undefined(), "the text came before");
    assert_eq!(get(&chunk, "computeMs").as_f64(), get(&estimate, "computeMs").as_f64());
    let bytes: Uint8Array = get(&chunk, "bytes").dyn_into().unwrap();
    let whole_bytes: Uint8Array = get(&whole, "bytes").dyn_into().unwrap();
    assert_eq!(bytes.to_vec(), whole_bytes.to_vec());
    assert_eq!(Array::from(&get(&rest, "transfer")).length(), 1);
    assert!(prepared.rest().unwrap().is_undefined(), "answered once");

    // `early` without `result`, or from a later run, is an ordinary chunk.
    let later = obj(r#"{"type":"chunk","generation":4,"chunkId":1,"start":12,"end":30,"work":5,"result":true,"early":true}"#);
    assert_eq!(text(&get(&prepared.answer(later).unwrap(), "reply"), "type"), "chunk");
}

/// A chunk request of job `generation` for runs `start..end`, with `extra` fields.
fn chunk_of(generation: u32, id: u32, start: u32, end: u32, extra: &str) -> JsValue {
    obj(&format!(
        r#"{{"type":"chunk","generation":{generation},"chunkId":{id},"start":{start},"end":{end},"work":1{extra}}}"#
    ))
}

/// The reply of a worker's `{reply, transfer}`.
fn reply(answer: JsValue) -> JsValue {
    get(&answer, "reply")
}

/// The runs a reply's bytes hold.
fn runs(reply: &JsValue) -> f64 {
    get(reply, "runs").as_f64().unwrap()
}

/// A reply's partial accumulator.
fn bytes(reply: &JsValue) -> Vec<u8> {
    get(reply, "bytes").dyn_into::<Uint8Array>().unwrap().to_vec()
}

/// Chunks asked to `keep` their runs are summed in the prepared scenario and
/// answered without bytes; `flush` (with a last chunk, or as a message)
/// answers with all of them, in any ranges and order: merged, the bytes of
/// one simulation of every run.
#[wasm_bindgen_test]
fn runs_kept_in_a_worker_come_back_with_a_flush_and_merge_to_one_run() {
    let resolved = resolve(NONE, obj(r#"{"runs":40,"weeks":50,"seed":6}"#)).unwrap();
    let whole = simulate(resolved.clone(), NONE).unwrap();
    let chunk = |id: u32, start: u32, end: u32, extra: &str| chunk_of(7, id, start, end, &format!(r#","keep":true{extra}"#));

    // One worker keeps runs 25..40 and 0..10 and is asked to flush them.
    let mut a = Prepared::new(resolved.clone()).unwrap();
    let kept = reply(a.answer(chunk(1, 25, 40, "")).unwrap());
    assert_eq!(text(&kept, "type"), "chunk");
    assert!(get(&kept, "bytes").is_undefined(), "no bytes for kept runs");
    assert_eq!(runs(&kept), 0.0);
    assert!(get(&kept, "computeMs").as_f64().is_some());
    reply(a.answer(chunk(2, 0, 10, "")).unwrap());
    let flushed = a.flush(JsValue::from(7)).unwrap();
    let first = reply(flushed.clone());
    assert_eq!(text(&first, "type"), "flush");
    assert_eq!(runs(&first), 25.0);
    assert_eq!(
        Array::from(&get(&flushed, "transfer")).length(),
        1,
        "the bytes' buffer is transferred"
    );
    let empty = reply(a.flush(JsValue::from(7)).unwrap());
    assert!(get(&empty, "bytes").is_undefined() && runs(&empty) == 0.0, "the sum starts again");

    // Another keeps runs 10..20 and sends them with its last chunk, 20..25.
    let mut b = Prepared::new(resolved.clone()).unwrap();
    reply(b.answer(chunk(3, 10, 20, "")).unwrap());
    let last = reply(b.answer(chunk(4, 20, 25, r#","flush":true"#)).unwrap());
    assert_eq!(runs(&last), 15.0);

    let mut merger = Merger::new(resolved.clone()).unwrap();
    merger.add(&bytes(&last)).unwrap();
    merger.add(&bytes(&first)).unwrap();
    assert_eq!(merger.runs(), 40.0);
    assert_eq!(merger.finish(), whole);

    // A run range out of bounds is refused with the chunk's error reply, nothing kept.
    let bad = reply(b.answer(chunk(5, 30, 99, "")).unwrap());
    assert_eq!(text(&bad, "type"), "error");
    assert_eq!(runs(&reply(b.flush(JsValue::from(7)).unwrap())), 0.0);
}

/// An early result's chunk asked to `keep` its runs: the estimate is made
/// from its runs alone, and `rest` adds them to the worker's sum and answers
/// without bytes (with `flush`, with the sum's), so the estimate's worker
/// writes nothing before its next chunk; the sums merged give one run's bytes.
#[wasm_bindgen_test]
fn an_early_result_kept_in_its_worker_joins_the_sum_and_comes_back_with_a_flush() {
    let resolved = resolve(NONE, obj(r#"{"runs":30,"weeks":40,"seed":5}"#)).unwrap();
    let whole = simulate(resolved.clone(), NONE).unwrap();
    let alone = simulate(resolved.clone(), obj(r#"{"runs":8}"#)).unwrap();
    let mut a = Prepared::new(resolved.clone()).unwrap();
    let estimate = reply(
        a.answer(chunk_of(2, 0, 0, 8, r#","result":true,"early":true,"keep":true"#))
            .unwrap(),
    );
    assert_eq!(text(&estimate, "type"), "estimate");
    let kept = reply(a.rest().unwrap());
    assert_eq!(text(&kept, "type"), "chunk");
    assert!(get(&kept, "bytes").is_undefined(), "the estimate's runs kept, no bytes");
    assert_eq!(runs(&kept), 0.0);
    let last = reply(a.answer(chunk_of(2, 1, 20, 30, r#","keep":true,"flush":true"#)).unwrap());
    assert_eq!(runs(&last), 18.0, "the estimate's runs come back with the worker's last chunk");
    // Alone, with `flush`: the estimate's runs come back with its rest.
    let mut b = Prepared::new(resolved.clone()).unwrap();
    reply(b.answer(chunk_of(2, 2, 8, 20, r#","keep":true"#)).unwrap());
    let mut c = Prepared::new(resolved.clone()).unwrap();
    reply(
        c.answer(chunk_of(2, 0, 0, 8, r#","result":true,"early":true,"keep":true,"flush":true"#))
            .unwrap(),
    );
    let flushed = reply(c.rest().unwrap());
    assert_eq!(runs(&flushed), 8.0);
    let mut only = Merger::new(resolve(NONE, obj(r#"{"runs":8,"weeks":40,"seed":5}"#)).unwrap()).unwrap();
    only.add(&bytes(&flushed)).unwrap();
    assert_eq!(only.finish(), alone);

    let mut merger = Merger::new(resolved.clone()).unwrap();
    merger.add(&bytes(&last)).unwrap();
    merger.add(&bytes(&reply(b.flush(JsValue::from(2)).unwrap()))).unwrap();
    assert_eq!(merger.runs(), 30.0);
    assert_eq!(merger.finish(), whole);
}

/// Runs held in two workers (an early estimate, a plain chunk, kept chunks
/// flushed) are judged again under another threshold and window: their
/// judged tallies, added to a merger of the job's runs made for the new
/// rule, give the bytes of simulating under it. A scenario that differs in
/// anything else, or a worker that holds nothing, answers with no runs; a
/// merger refuses what does not fit.
#[wasm_bindgen_test]
fn runs_held_in_workers_are_judged_again_under_another_threshold_with_its_bytes() {
    let resolved = resolve(NONE, obj(r#"{"runs":40,"weeks":60,"seed":11}"#)).unwrap();
    let other = resolve(NONE, obj(r#"{"runs":40,"weeks":60,"seed":11,"threshold":0.7,"window":2}"#)).unwrap();
    let whole = simulate(other.clone(), NONE).unwrap();
    assert_ne!(whole, simulate(resolved.clone(), NONE).unwrap(), "the rule changes the result");
    let chunk = |id: u32, start: u32, end: u32, extra: &str| chunk_of(3, id, start, end, &format!(r#","hold":true{extra}"#));

    // The job's merger, as the page keeps it; `rejudged` waits for every run.
    let mut job = Merger::new(resolved.clone()).unwrap();
    // One worker: the estimate (early, then its bytes) and a chunk with bytes.
    let mut a = Prepared::new(resolved.clone()).unwrap();
    assert_eq!(
        text(&reply(a.answer(chunk(1, 0, 5, r#","result":true,"early":true"#)).unwrap()), "type"),
        "estimate"
    );
    job.add(&bytes(&reply(a.rest().unwrap()))).unwrap();
    job.add(&bytes(&reply(a.answer(chunk(2, 30, 40, "")).unwrap()))).unwrap();
    assert_eq!(a.held(), 15.0);
    assert!(job.rejudged(other.clone()).unwrap().is_none(), "not before every run is in");
    // The other: kept chunks, flushed with the last.
    let mut b = Prepared::new(resolved.clone()).unwrap();
    reply(b.answer(chunk(3, 5, 20, r#","keep":true"#)).unwrap());
    job.add(&bytes(&reply(b.answer(chunk(4, 20, 30, r#","keep":true,"flush":true"#)).unwrap())))
        .unwrap();
    assert_eq!(b.held(), 25.0);
    assert_eq!(job.finish(), simulate(resolved.clone(), NONE).unwrap());

    let mut merger = job.rejudged(other.clone()).unwrap().unwrap();
    assert_eq!(merger.runs(), 0.0);
    let mut parts = Vec::new();
    for p in [&mut b, &mut a] {
        let answer = p.rejudge(JsValue::from(4), other.clone(), None).unwrap();
        let r = reply(answer.clone());
        assert_eq!(text(&r, "type"), "rejudge");
        assert_eq!(get(&r, "generation").as_f64(), Some(4.0));
        assert_eq!(Array::from(&get(&answer, "transfer")).length(), 1);
        assert!(bytes(&r).len() < 20_000, "the judged tallies alone: {} bytes", bytes(&r).len());
        merger.add_judged(&bytes(&r)).unwrap();
        parts.push(bytes(&r));
    }
    assert_eq!(merger.runs(), 40.0);
    assert_eq!(merger.finish(), whole);
    // More runs than the job has, a partial of simulated runs, or garbage: refused.
    assert!(merger.add_judged(&parts[0]).is_err());
    assert!(merger.add(&parts[0]).is_err());
    assert!(merger.add_judged(&parts[0][..parts[0].len() - 1]).is_err());
    assert!(job.add_judged(&parts[0]).is_err(), "a merger of partials takes no judged tallies");
    // Judged again and again: the held runs stay; back to the first rule gives the first result.
    let mut back = job.rejudged(resolved.clone()).unwrap().unwrap();
    for p in [&mut a, &mut b] {
        back.add_judged(&bytes(&reply(p.rejudge(JsValue::from(5), resolved.clone(), None).unwrap())))
            .unwrap();
    }
    assert_eq!(back.finish(), simulate(resolved.clone(), NONE).unwrap());
    // A merger refuses to be judged again as a scenario whose runs differ.
    let seed = resolve(NONE, obj(r#"{"runs":40,"weeks":60,"seed":12,"threshold":0.7}"#)).unwrap();
    assert!(job.rejudged(seed).unwrap().is_none());

    // Another seed, or another smoothing, is not a rejudge: no runs.
    for changed in [
        r#"{"runs":40,"weeks":60,"seed":12,"threshold":0.7}"#,
        r#"{"runs":40,"weeks":60,"seed":11,"smoothing":9}"#,
    ] {
        let r = reply(a.rejudge(JsValue::from(6), resolve(NONE, obj(changed)).unwrap(), None).unwrap());
        assert!(runs(&r) == 0.0 && get(&r, "bytes").is_undefined(), "{changed}");
    }
    // A job whose chunks did not ask to hold: nothing held.
    let mut c = Prepared::new(resolved.clone()).unwrap();
    reply(
        c.answer(obj(r#"{"type":"chunk","generation":3,"chunkId":1,"start":0,"end":5,"work":1}"#))
            .unwrap(),
    );
    assert_eq!(c.held(), 0.0);
    assert_eq!(runs(&reply(c.rejudge(JsValue::from(7), other, None).unwrap())), 0.0);
}

/// Runs held in two workers, asked for a scenario with a strategy the job
/// did not have (an edited copy of one of its strategies), one of its own
/// left out, and another threshold: each worker simulates the new strategy
/// for its held runs alone and judges every strategy, and a merger made by
/// `extended` from the job's gives the bytes of simulating that scenario.
/// A scenario that changes anything else is not an extension.
/// Adds each worker's answer to a `rejudge` of `scenario` to `merger`.
fn add_rejudged(merger: &mut Merger, workers: [&mut Prepared; 2], generation: u32, scenario: &JsValue, adopt: Option<bool>) {
    for p in workers {
        let answer = p.rejudge(JsValue::from(generation), scenario.clone(), adopt).unwrap();
        merger.add_judged(&bytes(&reply(answer))).unwrap();
    }
}

#[wasm_bindgen_test]
fn runs_held_in_workers_take_an_edited_strategy_simulated_alone_with_its_bytes() {
    let base = r#""runs":40,"weeks":60,"seed":11"#;
    let resolved = resolve(
        obj(&format!(
            r#"{{{base},"strategies":["feature-first","big-rewrite","controlled-evolution"]}}"#
        )),
        NONE,
    )
    .unwrap();
    let edited = format!(
        r#"{{{base},"collapse":{{"threshold":0.7}},"strategies":["controlled-evolution",{{"id":"mine","label":"Mine","base":"feature-first","refactor_share":0.2}},"feature-first"]}}"#
    );
    let other = resolve(obj(&edited), NONE).unwrap();
    let whole = simulate(other.clone(), NONE).unwrap();
    let chunk = |id: u32, start: u32, end: u32, extra: &str| chunk_of(3, id, start, end, &format!(r#","hold":true{extra}"#));

    let mut job = Merger::new(resolved.clone()).unwrap();
    let mut a = Prepared::new(resolved.clone()).unwrap();
    let mut b = Prepared::new(resolved.clone()).unwrap();
    job.add(&bytes(&reply(a.answer(chunk(1, 0, 12, "")).unwrap()))).unwrap();
    assert!(job.extended(other.clone()).unwrap().is_none(), "not before every run is in");
    reply(b.answer(chunk(2, 12, 30, r#","keep":true"#)).unwrap());
    job.add(&bytes(&reply(b.answer(chunk(3, 30, 40, r#","keep":true,"flush":true"#)).unwrap())))
        .unwrap();
    assert!(job.rejudged(other.clone()).unwrap().is_none(), "a new strategy is no rejudge");

    let mut merger = job.extended(other.clone()).unwrap().unwrap();
    let mut parts = Vec::new();
    for p in [&mut b, &mut a] {
        let r = reply(p.rejudge(JsValue::from(4), other.clone(), None).unwrap());
        assert_eq!(text(&r, "type"), "rejudge");
        merger.add_judged(&bytes(&r)).unwrap();
        parts.push(bytes(&r));
    }
    assert_eq!(merger.runs(), 40.0);
    assert_eq!(merger.finish(), whole);
    assert!(merger.add_judged(&parts[0]).is_err(), "more runs than the job has");
    // The held runs stay the job's: edited again, extended again.
    let again = resolve(obj(&edited.replace("0.2", "0.35")), NONE).unwrap();
    let mut merger = job.extended(again.clone()).unwrap().unwrap();
    for p in [&mut a, &mut b] {
        merger
            .add_judged(&bytes(&reply(p.rejudge(JsValue::from(5), again.clone(), None).unwrap())))
            .unwrap();
    }
    assert_eq!(merger.finish(), simulate(again.clone(), NONE).unwrap());
    // Extended and adopted: the workers' held runs become the runs of the
    // new scenario, so another threshold is judged again from them and
    // another edit extends them, each with a simulation's bytes. An
    // extension asked to be adopted and not adopted before the next
    // rejudge is dropped (a job cut short).
    for p in [&mut a, &mut b] {
        reply(p.rejudge(JsValue::from(6), again.clone(), Some(true)).unwrap());
        reply(p.rejudge(JsValue::from(7), resolved.clone(), None).unwrap());
        assert!(!p.adopt(6.0), "dropped by the rejudge after it");
    }
    let fourth = resolve(obj(&edited.replace("0.2", "0.4")), NONE).unwrap();
    let mut held = job.extended(fourth.clone()).unwrap().unwrap();
    add_rejudged(&mut held, [&mut b, &mut a], 6, &fourth, Some(true));
    assert_eq!(held.finish(), simulate(fourth.clone(), NONE).unwrap());
    for p in [&mut a, &mut b] {
        assert!(!p.adopt(5.0), "only the extension of the job asked to adopt it");
        assert!(p.adopt(6.0));
        assert!(!p.adopt(6.0), "adopted once");
    }
    let stricter = resolve(obj(&edited.replace("0.2", "0.4").replace("0.7", "0.55")), NONE).unwrap();
    let mut judged = held.rejudged(stricter.clone()).unwrap().unwrap();
    add_rejudged(&mut judged, [&mut a, &mut b], 7, &stricter, None);
    assert_eq!(judged.finish(), simulate(stricter, NONE).unwrap());
    let fifth = resolve(
        obj(&edited.replace("0.2", "0.45").replace(r#""feature-first"]"#, r#""big-rewrite"]"#)),
        NONE,
    )
    .unwrap();
    let mut merger = held.extended(fifth.clone()).unwrap().unwrap();
    add_rejudged(&mut merger, [&mut a, &mut b], 8, &fifth, None);
    assert_eq!(merger.finish(), simulate(fifth, NONE).unwrap());
    // The same strategies, another seed: neither extended nor answered.
    let seed = resolve(obj(&edited.replace(r#""seed":11"#, r#""seed":12"#)), NONE).unwrap();
    assert!(job.extended(seed.clone()).unwrap().is_none());
    let r = reply(a.rejudge(JsValue::from(6), seed, None).unwrap());
    assert!(runs(&r) == 0.0 && get(&r, "bytes").is_undefined());
    // Nothing new: a rejudge, not an extension.
    assert!(job.extended(resolved).unwrap().is_none());
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

/// Drives a sensitivity analysis through the bindings as the page would:
/// each cell's runs in two chunks, parameter cells reduced, the ranking's
/// chunks concatenated, until the step returns the report.
fn sensitivity_in_wasm(scenario: &str, request: &str) -> String {
    let (sc, req) = (|| obj(scenario), || obj(request));
    let mut ranking: Option<Vec<u8>> = None;
    let cells = Array::new();
    for _ in 0..100 {
        let step = sensitivity_step(sc(), NONE, req(), ranking.clone(), cells.clone().into()).unwrap();
        if let Some(report) = get(&step, "report").as_string() {
            return report;
        }
        let need: Array = get(&step, "need").dyn_into().unwrap();
        for cell in need.iter() {
            let runs = get(&cell, "runs").as_f64().unwrap();
            assert_eq!(runs, 40.0, "every cell of a 40-run scenario runs 40");
            let parts = Array::new();
            for (start, end) in [(0.0, 17.0), (17.0, runs)] {
                let bytes = sensitivity_chunk(sc(), NONE, req(), cell.clone(), start, end).unwrap();
                parts.push(&Uint8Array::from(&bytes[..]));
            }
            if text(&cell, "kind") == "ranking" {
                let mut all = Vec::new();
                for p in parts.iter() {
                    all.extend(p.dyn_into::<Uint8Array>().unwrap().to_vec());
                }
                ranking = Some(all);
            } else {
                let outcome = sensitivity_reduce(sc(), NONE, req(), cell.clone(), parts).unwrap();
                let done = obj("{}");
                set(&done, "param", get(&cell, "param"));
                set(&done, "value", get(&cell, "value"));
                set(&done, "outcome", outcome);
                cells.push(&done);
            }
        }
    }
    panic!("the analysis did not finish");
}

#[wasm_bindgen_test]
fn sensitivity_gives_the_native_bytes_chunk_by_chunk() {
    use velocity_cliff::sensitivity::{Analysis, Request};
    let scenario = r#"{"preset":"data-platform","runs":40,"weeks":70,"seed":"9"}"#;
    let sc = Scenario::from_json(scenario, &Overrides::default()).unwrap();
    let pair = vec!["feature-first".to_string(), "big-rewrite".to_string()];
    let request = Request::new("healthy", None, Some(&pair), Some(4), "request.").unwrap();
    let native = Analysis::new(&sc, request, "request.").unwrap().run().unwrap().to_json();
    let wasm = sensitivity_in_wasm(
        scenario,
        r#"{"outcome":"healthy","versus":["feature-first","big-rewrite"],"top":4}"#,
    );
    assert_eq!(wasm, native);
    assert!(wasm.contains("\"tornado\":[{"));
}

#[wasm_bindgen_test]
fn sensitivity_refuses_bad_requests_and_cells_by_field() {
    let sc = || obj(r#"{"runs":10,"weeks":20}"#);
    let step = |req: &str| sensitivity_step(sc(), NONE, obj(req), None, NONE).unwrap_err();
    let (field, value, allowed, _) = fields(step(r#"{"outcome":"speed","strategy":"feature-first"}"#));
    assert_eq!((field.as_str(), value.as_str()), ("request.outcome", "\"speed\""));
    assert!(allowed.contains("collapse-week"));
    assert_eq!(fields(step(r#"{"strategy":"nope"}"#)).0, "request.strategy");
    assert_eq!(fields(step(r#"{"versus":["a"]}"#)).0, "request.versus");
    assert_eq!(fields(step(r#"{"strategy":"feature-first","top":0}"#)).0, "request.top");
    assert_eq!(fields(step(r#"{"strategy":"feature-first","extra":1}"#)).0, "request.extra");
    let req = || obj(r#"{"strategy":"feature-first"}"#);
    let bad_cell = sensitivity_chunk(sc(), NONE, req(), obj(r#"{"kind":"at","param":"nope","value":1}"#), 0.0, 5.0);
    assert_eq!(fields(bad_cell.unwrap_err()).0, "cell");
    let out_of_range = sensitivity_chunk(
        sc(),
        NONE,
        req(),
        obj(r#"{"kind":"at","param":"ramp_up_weeks","value":99}"#),
        0.0,
        5.0,
    );
    assert_eq!(fields(out_of_range.unwrap_err()).0, "params.ramp_up_weeks");
    let too_many = sensitivity_chunk(sc(), NONE, req(), obj(r#"{"kind":"ranking"}"#), 0.0, 11.0);
    assert_eq!(fields(too_many.unwrap_err()).0, "run range");
    let garbage = Array::of1(&Uint8Array::from(&[1u8, 2, 3][..]));
    let reduced = sensitivity_reduce(sc(), NONE, req(), obj(r#"{"kind":"at","param":null,"value":0}"#), garbage);
    assert_eq!(fields(reduced.unwrap_err()).0, "chunks");
    let short = sensitivity_step(sc(), NONE, req(), Some(vec![0; 16]), NONE).unwrap_err();
    assert_eq!(fields(short).0, "chunks");
}

#[wasm_bindgen_test]
fn rules_are_listed_described_resolved_and_refused_by_path() {
    let cat = catalogue().unwrap();
    let rules = get(&cat, "rules");
    let conditions = Array::from(&get(&rules, "conditions"));
    assert_eq!(conditions.length(), 8);
    assert_eq!(text(&conditions.get(0), "name"), "debt_interest");
    assert_eq!(get(&get(&rules, "limits"), "rules").as_f64(), Some(16.0));
    assert_eq!(get(&cat, "schema").as_f64(), Some(3.0));
    // The built-ins carry their rules with the core's words.
    let ce = Array::from(&get(&cat, "strategies")).get(3);
    let first = Array::from(&get(&ce, "rules")).get(0);
    assert_eq!(
        text(&first, "text"),
        "While product-market fit is not reached yet: freeze hiring (replace leavers only)."
    );

    let rule = obj(
        r#"{"when":{"observe":"debt_interest","op":"above","value":0.3},"do":[{"action":"set","field":"refactor_share","value":0.25}]}"#,
    );
    assert_eq!(
        describe_rule(rule).unwrap(),
        "When debt interest is above 30 %: put 25 % of capacity into refactoring, from then on."
    );
    let bad =
        obj(r#"{"when":{"observe":"debt_interest","op":"above","value":0.3},"do":[{"action":"set","field":"infra_share","value":2}]}"#);
    let (field, value, allowed, _) = fields(describe_rule(bad).unwrap_err());
    assert_eq!(
        (field.as_str(), value.as_str(), allowed.as_str()),
        ("rule.do[0].value", "2", "a number from 0 to 0.8")
    );
    let nan = obj(r#"{"when":{"observe":"week","op":"above","value":1},"do":[{"action":"freeze_hiring"}]}"#);
    set(&get(&nan, "when"), "value", f64::NAN);
    assert!(fields(describe_rule(nan).unwrap_err()).0.starts_with("rule.when"));

    // A scenario object with a rule: the same bytes as the native core.
    let file = r#"{"runs":20,"weeks":60,"strategies":["feature-first",{"id":"pay-down","rules":[{"when":{"observe":"debt_interest","op":"above","value":0.2},"do":[{"action":"set","field":"refactor_share","value":0.25}]}]}]}"#;
    assert_eq!(simulate(obj(file), NONE).unwrap(), native(file, &Overrides::default()));
    let too_many = format!(
        r#"{{"strategies":[{{"id":"x","rules":[{}]}}]}}"#,
        [r#"{"when":{"observe":"week","op":"above","value":1},"do":[{"action":"freeze_hiring"}]}"#; 17].join(",")
    );
    assert_eq!(fields(simulate(obj(&too_many), NONE).unwrap_err()).0, "strategies[0].rules");

    // A schema-2 file comes out in schema 3, its triggers as rules.
    let old = parse_scenario_file(r#"{"schema":2,"strategies":[{"id":"late","base":"big-rewrite","rewrite_trigger":0.4}]}"#).unwrap();
    assert_eq!(get(&old, "schema").as_f64(), Some(3.0));
    let late = Array::from(&get(&old, "strategies")).get(0);
    assert!(get(&late, "rewrite_trigger").is_undefined());
    let texts: Vec<String> = Array::from(&get(&late, "rules")).iter().map(|r| text(&r, "text")).collect();
    assert_eq!(texts.last().unwrap(), "While debt interest is at least 40 %: start a rewrite.");
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

/// The week-start pass's branch-free `exp` (`f64.trunc` here, a rounding
/// trick natively), `ln` and `pow` give the scalar forms' bits in wasm too.
#[wasm_bindgen_test]
fn the_branch_free_forms_give_the_scalar_bits_in_wasm() {
    branch_free::check();
}
