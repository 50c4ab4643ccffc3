//! The wasm bindings: a few thin functions that convert types and call the
//! core. Nothing here can panic on any input.
//!
//! What crosses the boundary, and how:
//!
//! - **In**: scenarios and options are plain JavaScript objects, read with
//!   serde-wasm-bindgen into JSON values (bounded: depth, size, plain data
//!   only) and validated by the core. The text of a scenario file is accepted
//!   too (`simulate(text)`), so a file's seed is read from its digits. Seeds
//!   are a `BigInt`, a decimal string, or a number no larger than 2^53 − 1: a
//!   larger number has already lost digits in JavaScript and is refused.
//! - **Out**: the catalogue, resolved scenarios and decoded links are plain
//!   objects (serde-wasm-bindgen); their seeds are decimal strings, so no
//!   seed above 2^53 loses a digit. A result stays JSON text (`simulate`,
//!   `Merger.finish`): it is the CLI's bytes, and `JSON.parse` of it is faster
//!   than building the object across the boundary. Partial results are the
//!   accumulator's compact bytes, transferred between threads.
//! - **Errors** are JavaScript `Error`s named `InputError` whose `field`,
//!   `value`, `allowed` and `message` properties are the core's
//!   [`InputError`]; the fronts read the fields, never the message's words.

use crate::error::{show_number, InputError};
use crate::monte_carlo::{Accumulator, Extension, Fresh, Simulation, Trends};
use crate::params::PARAM_SPECS;
use crate::preset::{DEFAULT_PRESET, PRESETS};
use crate::result::SimulationResult;
use crate::scenario::{self, Overrides, Scenario};
use crate::sensitivity::{Analysis, Cell as SensCell, Done, Reduced, Request, Step};
use crate::strategy::{builtins, description, STRATEGY_SPECS};
use crate::version::MODEL_VERSION;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::cell::{Cell, RefCell};
use std::fmt;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

// ---- the heap ------------------------------------------------------------------------

/// The heap a worker grows to for the default comparison (a chunk of 500
/// runs takes about 18 MiB in all): reserved when the module is
/// instantiated.
const HEAP_RESERVE: usize = 16 << 20;

/// Runs as the module is instantiated (on each thread): reserves
/// [`HEAP_RESERVE`] in one step and gives it back to the allocator. The
/// allocator grows the wasm memory only as far as each allocation needs, and
/// the engine takes a fraction of a millisecond for every growth (a page's
/// first job grew each worker's memory about 150 times); the freed block
/// stays with the allocator (wasm memory never shrinks), so later
/// allocations come out of it. Pages untouched cost no physical memory.
#[cfg_attr(any(feature = "wasm-core", feature = "wasm-extra"), wasm_bindgen(start))]
pub fn reserve_heap() {
    // `black_box`: an allocation freed unused would otherwise be optimised away.
    drop(std::hint::black_box(Vec::<u8>::with_capacity(HEAP_RESERVE)));
}

// ---- errors -----------------------------------------------------------------------

/// An error as JavaScript sees it: the core's three fields and the message made of them.
#[derive(Serialize)]
struct ErrorFields<'a> {
    field: &'a str,
    value: &'a str,
    allowed: &'a str,
    message: &'a str,
}

/// A refused value the caller gave in `options` is named as they gave it
/// (`options.threshold`), one from the scenario by its field (`collapse.threshold`).
fn for_js(e: InputError) -> InputError {
    match Overrides::name_of(&e.field) {
        Some(name) if e.overridden => InputError {
            field: format!("options.{name}"),
            ..e
        },
        _ => e,
    }
}

/// A JavaScript `Error` (name `InputError`) carrying `field`, `value`, `allowed` and `message`.
fn thrown(e: InputError) -> JsValue {
    let e = for_js(e);
    let message = e.to_string();
    let error = js_sys::Error::new(&message);
    error.set_name("InputError");
    if let Ok(fields) = to_js(&fields_of(&e, &message)) {
        js_sys::Object::assign(&error, fields.unchecked_ref::<js_sys::Object>());
    }
    error.into()
}

fn fields_of<'a>(e: &'a InputError, message: &'a str) -> ErrorFields<'a> {
    ErrorFields {
        field: &e.field,
        value: &e.value,
        allowed: &e.allowed,
        message,
    }
}

/// Plain data out: objects (not `Map`s), `null` for missing values.
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| thrown(InputError::new("output", e, "plain data JavaScript can hold")))
}

// ---- plain data in ------------------------------------------------------------------

/// Most levels of nesting in an object handed in (a scenario has three).
const MAX_DEPTH: usize = 32;
/// What a value handed in may add up to, counted as its JSON text would be.
const MAX_DATA_BYTES: usize = scenario::MAX_FILE_BYTES;

/// Where a value sits in the object handed in, for error messages (built only on error).
#[derive(Clone, Copy)]
enum At<'a> {
    Root,
    Key(&'a At<'a>, &'a str),
    Index(&'a At<'a>, usize),
}

impl At<'_> {
    fn path(&self) -> String {
        match self {
            At::Root => String::new(),
            At::Key(parent, key) => match parent.path() {
                p if p.is_empty() => (*key).to_string(),
                p => format!("{p}.{key}"),
            },
            At::Index(parent, i) => format!("{}[{i}]", parent.path()),
        }
    }
}

/// One read of a value handed in: its name, the size spent so far and the first error.
struct Reader {
    /// `scenario` (whose fields are named as in a file: `runs`) or `options` (`options.runs`).
    root: &'static str,
    spent: Cell<usize>,
    error: RefCell<Option<InputError>>,
}

impl Reader {
    fn field(&self, at: &At) -> String {
        match at.path() {
            p if p.is_empty() => self.root.to_string(),
            p if self.root == "scenario" => p,
            p if p.starts_with('[') => format!("{}{p}", self.root),
            p => format!("{}.{p}", self.root),
        }
    }

    /// Keeps the first (innermost) error; serde only carries a placeholder up.
    fn fail<E: de::Error>(&self, e: InputError) -> E {
        self.error.borrow_mut().get_or_insert(e);
        E::custom("refused")
    }

    fn spend<E: de::Error>(&self, bytes: usize) -> Result<(), E> {
        let spent = self.spent.get().saturating_add(bytes);
        self.spent.set(spent);
        if spent > MAX_DATA_BYTES {
            return Err(self.fail(InputError::new(
                self.root,
                format!("more than {MAX_DATA_BYTES} bytes of data"),
                format!("at most {MAX_DATA_BYTES} bytes, as JSON"),
            )));
        }
        Ok(())
    }
}

/// Reads one JavaScript value into a JSON value, refusing what JSON cannot
/// hold (functions, symbols, bytes, NaN), nesting deeper than `MAX_DEPTH`
/// (a cycle among them) and more than `MAX_DATA_BYTES`.
struct Node<'a> {
    reader: &'a Reader,
    at: At<'a>,
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        let (reader, at) = (self.reader, self.at);
        if self.depth > MAX_DEPTH {
            return Err(reader.fail(InputError::new(
                reader.field(&at),
                format!("more than {MAX_DEPTH} levels of nesting"),
                "a scenario of plain data",
            )));
        }
        // serde-wasm-bindgen refuses functions, symbols and bytes itself: name where.
        d.deserialize_any(self).inspect_err(|_| {
            if reader.error.borrow().is_none() {
                *reader.error.borrow_mut() = Some(InputError::new(
                    reader.field(&at),
                    "a value that is not plain data",
                    "objects, arrays, strings, numbers, BigInts of 64 bits, booleans and null",
                ));
            }
        })
    }
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("plain data")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        self.reader.spend(4)?;
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        self.visit_unit()
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        self.reader.spend(5)?;
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        self.reader.spend(20)?;
        // Non-negative whole numbers are u64, as serde_json reads them from text.
        Ok(u64::try_from(v).map_or_else(|_| v.into(), Value::from))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        self.reader.spend(20)?;
        Ok(v.into())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        self.reader.spend(24)?;
        serde_json::Number::from_f64(v).map(Value::Number).ok_or_else(|| {
            self.reader
                .fail(InputError::new(self.reader.field(&self.at), show_number(v), "a finite number"))
        })
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        self.reader.spend(v.len() + 2)?;
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        self.reader.spend(v.len() + 2)?;
        Ok(Value::String(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.reader.spend(2)?;
        let mut items = Vec::new();
        loop {
            let child = Node {
                reader: self.reader,
                at: At::Index(&self.at, items.len()),
                depth: self.depth + 1,
            };
            match seq.next_element_seed(child)? {
                Some(item) => items.push(item),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.reader.spend(2)?;
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            self.reader.spend(key.len() + 4)?;
            let child = Node {
                reader: self.reader,
                at: At::Key(&self.at, &key),
                depth: self.depth + 1,
            };
            let value = map.next_value_seed(child)?;
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

/// A JavaScript value handed in as `root` (`scenario` or `options`), as a JSON value.
fn plain_data(js: &JsValue, root: &'static str) -> Result<Value, InputError> {
    let reader = Reader {
        root,
        spent: Cell::new(0),
        error: RefCell::new(None),
    };
    let node = Node {
        reader: &reader,
        at: At::Root,
        depth: 0,
    };
    let read = node.deserialize(serde_wasm_bindgen::Deserializer::from(js.clone()));
    read.map_err(|e| {
        reader
            .error
            .take()
            .unwrap_or_else(|| InputError::new(root, format!("data that could not be read ({e})"), "plain data"))
    })
}

/// A seed that came in as a JavaScript number must be one JavaScript holds
/// exactly; serde-wasm-bindgen hands larger (or fractional) numbers over as floats.
fn check_number_seed(seed: Option<&Value>, field: &str) -> Result<(), InputError> {
    match seed {
        Some(Value::Number(n)) if n.is_f64() => Err(InputError::new(
            field,
            show_number(n.as_f64().unwrap_or(f64::NAN)),
            "a whole number up to 9007199254740991, or a BigInt or a string of digits up to 18446744073709551615",
        )),
        _ => Ok(()),
    }
}

fn is_missing(js: &JsValue) -> bool {
    js.is_undefined() || js.is_null()
}

/// A scenario handed in: an object, the text of a scenario file, or nothing (the defaults).
fn scenario_value(js: &JsValue) -> Result<Option<Value>, InputError> {
    if is_missing(js) {
        return Ok(None);
    }
    if let Some(text) = js.as_string() {
        return if text.trim().is_empty() {
            Ok(None)
        } else {
            Scenario::parse_file(&text).map(Some)
        };
    }
    let value = plain_data(js, "scenario")?;
    check_number_seed(value.get("seed"), "seed")?;
    Ok(Some(value))
}

/// Options handed in: an object (or JSON text, or nothing).
fn overrides(js: &JsValue) -> Result<Overrides, InputError> {
    if is_missing(js) {
        return Ok(Overrides::default());
    }
    if let Some(text) = js.as_string() {
        return Overrides::from_json(&text);
    }
    let value = plain_data(js, "options")?;
    check_number_seed(value.get("seed"), "options.seed")?;
    Overrides::from_value(&value)
}

fn scenario_from(scenario: &JsValue, options: &JsValue) -> Result<Scenario, InputError> {
    let overrides = overrides(options)?;
    Scenario::resolve(scenario_value(scenario)?.as_ref(), &overrides)
}

/// A scenario as it goes out: its seed as a decimal string (JavaScript numbers stop at 2^53).
fn with_seed_text(mut scenario: Value) -> Value {
    if let Some(seed) = scenario.get_mut("seed") {
        if let Some(n) = seed.as_u64() {
            *seed = Value::String(n.to_string());
        }
    }
    scenario
}

// ---- simulating ---------------------------------------------------------------------

// ---- sensitivity ---------------------------------------------------------------------

fn analysis(scenario: &JsValue, options: &JsValue, request: &JsValue) -> Result<Analysis, InputError> {
    let scenario = scenario_from(scenario, options)?;
    let request = Request::from_value(&plain_data(request, "request")?)?;
    Analysis::new(&scenario, request, "request.")
}

fn cell(js: &JsValue) -> Result<SensCell, InputError> {
    SensCell::from_value(&plain_data(js, "cell")?, "cell")
}

/// One chunk of a sensitivity cell: runs `start..end` of `cell` (`{kind:
/// "ranking"}` or `{kind: "at", param, value}`, as `sensitivityStep` asks
/// for), as bytes for `sensitivityReduce` (ranking chunks: concatenate them
/// in run order for `sensitivityStep` instead). Any worker, any order.
#[cfg_attr(feature = "wasm-extra", wasm_bindgen(js_name = sensitivityChunk))]
pub fn sensitivity_chunk(
    scenario: JsValue,
    options: JsValue,
    request: JsValue,
    cell_js: JsValue,
    start: f64,
    end: f64,
) -> Result<Vec<u8>, JsValue> {
    let run = || {
        let a = analysis(&scenario, &options, &request)?;
        let c = cell(&cell_js)?;
        let mut counted = a.base.clone();
        counted.runs = a.runs(c);
        let range = run_range(&counted, start, end)?;
        a.chunk(c, range)
    };
    run().map_err(thrown)
}

/// A parameter cell's outcome from its chunks (an array of the byte arrays
/// `sensitivityChunk` returned, in run order, covering all its runs).
#[cfg_attr(feature = "wasm-extra", wasm_bindgen(js_name = sensitivityReduce))]
pub fn sensitivity_reduce(
    scenario: JsValue,
    options: JsValue,
    request: JsValue,
    cell_js: JsValue,
    chunks: js_sys::Array,
) -> Result<f64, JsValue> {
    let run = || {
        let a = analysis(&scenario, &options, &request)?;
        let c = cell(&cell_js)?;
        if chunks.length() > 100_000 {
            return Err(InputError::new(
                "chunks",
                format!("{} chunks", chunks.length()),
                "at most 100000 chunks",
            ));
        }
        let bytes: Vec<Vec<u8>> = chunks
            .iter()
            .map(|b| {
                b.dyn_into::<js_sys::Uint8Array>()
                    .map(|b| b.to_vec())
                    .map_err(|_| InputError::new("chunks", "an item that is not a Uint8Array", "an array of Uint8Array"))
            })
            .collect::<Result<_, _>>()?;
        match a.reduce(c, &bytes)? {
            Reduced::Outcome(v) => Ok(v),
            Reduced::Ranking(_) => Err(InputError::new(
                "cell",
                "the ranking",
                "a parameter cell (pass ranking bytes to sensitivityStep)",
            )),
        }
    };
    run().map_err(thrown)
}

/// The next step of a sensitivity analysis: `{need: [cell, …]}` (compute
/// them, each over runs `0..cell.runs`, then call again with what is done) or `{report}` (the JSON text
/// `velocity-cliff sensitivity` prints for the same input). `ranking`: the
/// ranking cell's chunks concatenated in run order, or undefined; `cells`:
/// an array of `{param, value, outcome}` for the parameter cells done.
#[cfg_attr(feature = "wasm-extra", wasm_bindgen(js_name = sensitivityStep))]
pub fn sensitivity_step(
    scenario: JsValue,
    options: JsValue,
    request: JsValue,
    ranking: Option<Vec<u8>>,
    cells: JsValue,
) -> Result<JsValue, JsValue> {
    let run = || {
        let a = analysis(&scenario, &options, &request)?;
        let mut done = Done::default();
        if let Some(bytes) = ranking {
            done.insert(SensCell::Ranking, a.reduce(SensCell::Ranking, &[bytes])?);
        }
        if !is_missing(&cells) {
            let list = plain_data(&cells, "cells")?;
            let items = list
                .as_array()
                .ok_or_else(|| InputError::new("cells", "not an array", "an array of {param, value, outcome}"))?;
            for (i, item) in items.iter().enumerate() {
                let field = format!("cells[{i}]");
                let mut at = item.clone();
                if let Some(map) = at.as_object_mut() {
                    map.insert("kind".into(), "at".into());
                }
                let c = SensCell::from_value(&at, &field)?;
                let outcome = item
                    .get("outcome")
                    .and_then(Value::as_f64)
                    .filter(|x| x.is_finite())
                    .ok_or_else(|| InputError::new(format!("{field}.outcome"), "missing or not a number", "a finite number"))?;
                done.insert(c, Reduced::Outcome(outcome));
            }
        }
        Ok(match a.step(&done) {
            Step::Need(need) => serde_json::json!({"need": need.iter().map(|c| {
                let mut v = c.to_value();
                v["runs"] = a.runs(*c).into();
                v
            }).collect::<Vec<_>>()}),
            Step::Finished(report) => serde_json::json!({"report": report.to_json()}),
        })
    };
    to_js(&run().map_err(thrown)?)
}

/// Runs a whole simulation on this thread and returns the result as JSON text,
/// byte for byte what `velocity-cliff simulate` prints for the same input.
/// `scenario`: an object, the text of a scenario file, or undefined;
/// `options`: an object of overrides (`{preset, strategies, runs, seed, weeks,
/// threshold, window, smoothing}`), or undefined.
#[cfg_attr(feature = "wasm-core", wasm_bindgen)]
pub fn simulate(scenario: JsValue, options: JsValue) -> Result<String, JsValue> {
    let scenario = scenario_from(&scenario, &options).map_err(thrown)?;
    Ok(crate::simulate(scenario, Simulation::run_all).to_json())
}

/// Validates and resolves a scenario without running it; returns the
/// resolved scenario file as an object (its seed a decimal string), which is
/// what `runChunk`, `answerChunk` and `Merger` take.
#[cfg_attr(feature = "wasm-core", wasm_bindgen)]
pub fn resolve(scenario: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let resolved = scenario_from(&scenario, &options).map_err(thrown)?;
    to_js(&with_seed_text(resolved.to_json()))
}

/// The run range `start..end` of a scenario, checked.
fn run_range(scenario: &Scenario, start: f64, end: f64) -> Result<std::ops::Range<u64>, InputError> {
    let runs = scenario.runs as f64;
    let ok = |x: f64| x.is_finite() && x >= 0.0 && x.fract() == 0.0 && x <= runs;
    if ok(start) && ok(end) && start <= end {
        Ok(start as u64..end as u64)
    } else {
        Err(InputError::new(
            "run range",
            format!("{start}..{end}"),
            format!("whole numbers with 0 <= start <= end <= {runs}"),
        ))
    }
}

fn chunk_bytes(scenario: &JsValue, start: f64, end: f64) -> Result<Vec<u8>, InputError> {
    let scenario = scenario_from(scenario, &JsValue::UNDEFINED)?;
    let range = run_range(&scenario, start, end)?;
    Ok(Simulation::new(scenario).run_range(range).to_bytes())
}

/// Simulates run indices `start..end` of a scenario and returns the partial
/// accumulator as bytes, for `Merger.add` (in any worker, in any order).
#[cfg_attr(feature = "wasm-core", wasm_bindgen(js_name = runChunk))]
pub fn run_chunk(scenario: JsValue, start: f64, end: f64) -> Result<Vec<u8>, JsValue> {
    chunk_bytes(&scenario, start, end).map_err(thrown)
}

/// A `chunk` message of the worker protocol (www/src/core/protocol.js).
/// `scenario` is there in a job's first chunk to each worker and left out of
/// the rest (the worker keeps it prepared, see [`Prepared`]).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ChunkRequest {
    #[serde(with = "serde_wasm_bindgen::preserve")]
    generation: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    chunk_id: JsValue,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    scenario: JsValue,
    start: f64,
    end: f64,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    work: JsValue,
    /// Also the result of these runs as JSON text (for a chunk that starts
    /// at run 0: the estimate the page paints without merging first).
    #[serde(default)]
    result: bool,
    /// With `result`, to `Prepared.answer`: answer with the result alone
    /// (`{type: 'estimate', …}`), before the partial's bytes are written;
    /// `Prepared.rest` then gives the chunk's reply.
    #[serde(default)]
    early: bool,
    /// To `Prepared.answer`: add these runs to the worker's own sum of the
    /// job's runs instead of answering with their bytes (the reply has no
    /// `bytes`, unless `flush`).
    #[serde(default)]
    keep: bool,
    /// With `keep`: answer with the bytes of every run kept so far, these
    /// included, and start the sum again (`runs` says how many it holds).
    #[serde(default)]
    flush: bool,
    /// Also keep these runs' trends in the worker (in its `Prepared`), so
    /// that a `rejudge` can judge them again under another collapse
    /// threshold or window.
    #[serde(default)]
    hold: bool,
}

/// The reply to a chunk asked for its result `early`: the result, sent
/// before the chunk's own reply (`Prepared.rest`), as text and columns
/// (`SimulationResult::into_columns`): the columns cross to the page as one
/// transferred buffer, with no decimal digits to write or read.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EstimateDone {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    generation: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    chunk_id: JsValue,
    start: f64,
    end: f64,
    compute_ms: f64,
    prepare_ms: f64,
    /// The result's text with its weekly columns empty (`into_columns`).
    json: String,
    /// The columns' values, in the text's order.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    columns: js_sys::Float32Array,
    finish_ms: f64,
}

/// A chunk simulated whose reply is still to be made (`Prepared.rest`).
struct Pending {
    request: ChunkRequest,
    acc: Accumulator,
    compute_ms: f64,
    prepare_ms: f64,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ChunkDone {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    generation: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    chunk_id: JsValue,
    start: f64,
    end: f64,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    work: JsValue,
    /// The partial accumulator (absent for runs kept in the worker).
    #[serde(skip_serializing_if = "Option::is_none", with = "optional_js")]
    bytes: Option<js_sys::Uint8Array>,
    /// The runs `bytes` holds: the chunk's, or all the runs kept (0 without bytes).
    runs: f64,
    compute_ms: f64,
    prepare_ms: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    json: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    finish_ms: Option<f64>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ChunkFailed<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    generation: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    chunk_id: JsValue,
    message: &'a str,
    error: ErrorFields<'a>,
}

#[derive(Serialize)]
struct Answer {
    #[serde(with = "serde_wasm_bindgen::preserve")]
    reply: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    transfer: js_sys::Array,
}

/// Milliseconds from the global `performance` clock (the worker's, the
/// page's or Node's); 0 where there is none.
fn now_ms() -> f64 {
    match js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("performance")) {
        Ok(p) if p.is_object() => p.unchecked_into::<web_sys::Performance>().now(),
        _ => 0.0,
    }
}

fn chunk_request(request: JsValue) -> Result<ChunkRequest, JsValue> {
    serde_wasm_bindgen::from_value(request).map_err(|e| {
        thrown(InputError::new(
            "chunk request",
            e,
            "{generation, chunkId, scenario, start, end, work}",
        ))
    })
}

/// `Option<Uint8Array>` kept as the JavaScript object itself.
mod optional_js {
    pub fn serialize<S: serde::Serializer>(value: &Option<js_sys::Uint8Array>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(bytes) => serde_wasm_bindgen::preserve::serialize(bytes, s),
            None => s.serialize_none(),
        }
    }
}

/// A partial accumulator's bytes for a reply and their buffer to transfer;
/// none and nothing to transfer without one.
fn partial(acc: Option<&Accumulator>) -> (Option<js_sys::Uint8Array>, js_sys::Array) {
    transferable(acc.map(Accumulator::to_bytes))
}

/// Bytes for a reply and their buffer to transfer; none and nothing to
/// transfer without them.
fn transferable(bytes: Option<Vec<u8>>) -> (Option<js_sys::Uint8Array>, js_sys::Array) {
    let bytes = bytes.map(|b| js_sys::Uint8Array::from(&b[..]));
    let transfer = match &bytes {
        Some(bytes) => js_sys::Array::of1(&bytes.buffer()),
        None => js_sys::Array::new(),
    };
    (bytes, transfer)
}

/// The chunk's reply with the partial's bytes, or none for runs kept in the
/// worker (and the result's text, when made).
fn chunk_done(
    request: ChunkRequest,
    acc: Option<&Accumulator>,
    compute_ms: f64,
    prepare_ms: f64,
    json: Option<String>,
    finish_ms: Option<f64>,
) -> Result<Answer, JsValue> {
    let (bytes, transfer) = partial(acc);
    let reply = to_js(&ChunkDone {
        kind: "chunk",
        generation: request.generation,
        chunk_id: request.chunk_id,
        start: request.start,
        end: request.end,
        work: request.work,
        bytes,
        runs: acc.map_or(0.0, |acc| acc.runs as f64),
        compute_ms,
        prepare_ms,
        json,
        finish_ms,
    })?;
    Ok(Answer { reply, transfer })
}

/// The reply to a chunk request: the run range simulated on `sim` (or the
/// error that stopped it), timed on this thread's clock. Where `pending`
/// is given and the request asks for its result `early`, the reply is the
/// result alone and the chunk waits in `pending` for its bytes.
fn answer(
    request: ChunkRequest,
    sim: Result<&Simulation, InputError>,
    prepare_ms: f64,
    pending: Option<&mut Option<Pending>>,
    trends: Option<&mut Trends>,
) -> Result<JsValue, JsValue> {
    let t0 = now_ms();
    let computed = sim.and_then(|sim| {
        let range = run_range(&sim.scenario, request.start, request.end)?;
        let mut acc = Accumulator::new(&sim.scenario);
        match trends {
            Some(trends) => sim.run_trends(&mut acc, range, trends),
            None => sim.run_into(&mut acc, range),
        }
        Ok((sim, acc))
    });
    let compute_ms = now_ms() - t0;
    let answer = match computed {
        Ok((sim, acc)) => {
            let t1 = now_ms();
            // The runs [0, end) alone are the result of `--runs end`: what `Merger.finish` gives after adding them.
            let result = (request.result && request.start == 0.0).then(|| SimulationResult::finish(&acc, &sim.scenario));
            match (result, pending) {
                (Some(result), Some(pending)) if request.early => {
                    let (json, columns) = js_columns(result);
                    let transfer = js_sys::Array::of1(&columns.buffer());
                    let reply = to_js(&EstimateDone {
                        kind: "estimate",
                        generation: request.generation.clone(),
                        chunk_id: request.chunk_id.clone(),
                        start: request.start,
                        end: request.end,
                        compute_ms,
                        prepare_ms,
                        json,
                        columns,
                        finish_ms: now_ms() - t1,
                    })?;
                    *pending = Some(Pending {
                        request,
                        acc,
                        compute_ms,
                        prepare_ms,
                    });
                    Answer { reply, transfer }
                }
                (result, _) => {
                    let json = result.map(|r| r.to_json());
                    let finish_ms = json.as_ref().map(|_| now_ms() - t1);
                    chunk_done(request, Some(&acc), compute_ms, prepare_ms, json, finish_ms)?
                }
            }
        }
        Err(e) => chunk_failed(request, e)?,
    };
    to_js(&answer)
}

/// The reply to a chunk that could not be simulated: its error's fields.
fn chunk_failed(request: ChunkRequest, e: InputError) -> Result<Answer, JsValue> {
    let e = for_js(e);
    let message = e.to_string();
    let reply = to_js(&ChunkFailed {
        kind: "error",
        generation: request.generation,
        chunk_id: request.chunk_id,
        message: &message,
        error: fields_of(&e, &message),
    })?;
    Ok(Answer {
        reply,
        transfer: js_sys::Array::new(),
    })
}

/// Answers a `chunk` message of the worker protocol that carries its
/// scenario: `{reply, transfer}`, where `reply` is `{type: 'chunk',
/// generation, chunkId, start, end, work, bytes, computeMs, prepareMs}` (the
/// partial accumulator; the time spent simulating and reading the scenario,
/// on this thread's `performance` clock; with `result: true` in a request
/// starting at run 0, also `json`, the result of those runs, and `finishMs`)
/// with `transfer` = `[bytes.buffer]`,
/// or `{type: 'error', generation, chunkId, message, error: {field, value,
/// allowed, message}}` with `transfer` = `[]`. Throws only when the message
/// itself is not a chunk request.
#[cfg_attr(feature = "wasm-core", wasm_bindgen(js_name = answerChunk))]
pub fn answer_chunk(request: JsValue) -> Result<JsValue, JsValue> {
    let request = chunk_request(request)?;
    let t0 = now_ms();
    let sim = scenario_from(&request.scenario, &JsValue::UNDEFINED).map(Simulation::new);
    let prepare_ms = now_ms() - t0;
    answer(request, sim.as_ref().map_err(Clone::clone), prepare_ms, None, None)
}

/// A scenario read, validated and prepared once for every chunk of a job a
/// worker computes: the worker makes one from a job's first chunk and
/// answers the job's other chunks, which do not carry the scenario, with it.
#[cfg_attr(feature = "wasm-core", wasm_bindgen)]
pub struct Prepared {
    sim: Simulation,
    prepare_ms: f64,
    /// A chunk answered `early`, waiting for `rest`.
    pending: Option<Pending>,
    /// The runs of chunks asked to `keep` them, summed (none yet: `None`).
    kept: Option<Accumulator>,
    /// The trends of every run of chunks asked to `hold` them, which a
    /// `rejudge` judges under another collapse rule.
    held: Option<Trends>,
    /// The last `rejudge`'s extension, asked to be adopted: its job's
    /// generation, the new strategies' trends and its scenario.
    adopting: Option<(f64, Fresh, Scenario)>,
}

#[cfg_attr(feature = "wasm-core", wasm_bindgen)]
impl Prepared {
    /// Prepares a resolved scenario (an object, as `resolve` returns it);
    /// throws an `InputError` for one that would not simulate.
    #[cfg_attr(feature = "wasm-core", wasm_bindgen(constructor))]
    pub fn new(scenario: JsValue) -> Result<Prepared, JsValue> {
        let t0 = now_ms();
        let sim = Simulation::new(scenario_from(&scenario, &JsValue::UNDEFINED).map_err(thrown)?);
        Ok(Prepared {
            sim,
            prepare_ms: now_ms() - t0,
            pending: None,
            kept: None,
            held: None,
            adopting: None,
        })
    }

    /// Answers a chunk request of this scenario as `answerChunk` does (its
    /// `scenario`, if any, is not read again); `prepareMs` is the time this
    /// object took to make on the first answer and 0 on later ones.
    ///
    /// A request from run 0 with `result` and `early` is answered in two
    /// steps, so the estimate can be painted while its bytes are written:
    /// this returns `{reply: {type: 'estimate', generation, chunkId, start,
    /// end, computeMs, prepareMs, json, columns, finishMs}, transfer:
    /// [columns.buffer]}` — the result as `SimulationResult::into_columns`
    /// splits it, `columns` a `Float32Array` — and [`Prepared::rest`] the
    /// chunk's own reply, without the result.
    ///
    /// A request with `keep` adds its runs to this worker's own sum of the
    /// job instead: the reply has no `bytes` (and `runs` 0), unless the
    /// request also has `flush`, when it has the bytes of every run kept so
    /// far, these included, and `runs` their number; the sum then starts
    /// again. Merging is exact, so the page's sum of these partials is the
    /// same bytes in whatever ranges and order the runs were kept. An early
    /// result's chunk may be kept too: its runs join the sum with `rest`,
    /// whose reply then has no bytes (or, with `flush`, the sum's), so the
    /// estimate's worker starts its next chunk without writing them.
    pub fn answer(&mut self, request: JsValue) -> Result<JsValue, JsValue> {
        let request = chunk_request(request)?;
        let prepare_ms = std::mem::take(&mut self.prepare_ms);
        self.pending = None;
        if request.hold && self.held.is_none() {
            self.held = Some(Trends::new(&self.sim.scenario));
        }
        // An early result is made from the chunk's runs alone: they join the sum in `rest`.
        let early = request.early && request.result && request.start == 0.0;
        if request.keep && !early {
            return to_js(&self.keep(request, prepare_ms)?);
        }
        let trends = self.held.as_mut().filter(|_| request.hold);
        answer(request, Ok(&self.sim), prepare_ms, Some(&mut self.pending), trends)
    }

    fn keep(&mut self, request: ChunkRequest, prepare_ms: f64) -> Result<Answer, JsValue> {
        let range = match run_range(&self.sim.scenario, request.start, request.end) {
            Ok(range) => range,
            Err(e) => return chunk_failed(request, e),
        };
        let kept = self.kept.get_or_insert_with(|| Accumulator::new(&self.sim.scenario));
        let t0 = now_ms();
        match self.held.as_mut().filter(|_| request.hold) {
            Some(trends) => self.sim.run_trends(kept, range, trends),
            None => self.sim.run_into(kept, range),
        }
        let compute_ms = now_ms() - t0;
        let flushed = if request.flush { self.kept.take() } else { None };
        chunk_done(request, flushed.as_ref(), compute_ms, prepare_ms, None, None)
    }

    /// The reply of the chunk last answered `early` (`{reply, transfer}`, as
    /// `answer` gives it), or `undefined` when there is none.
    pub fn rest(&mut self) -> Result<JsValue, JsValue> {
        let Some(p) = self.pending.take() else {
            return Ok(JsValue::UNDEFINED);
        };
        if !p.request.keep {
            return to_js(&chunk_done(p.request, Some(&p.acc), p.compute_ms, p.prepare_ms, None, None)?);
        }
        match &mut self.kept {
            Some(kept) => kept.merge(&p.acc),
            None => self.kept = Some(p.acc),
        }
        let flushed = if p.request.flush { self.kept.take() } else { None };
        to_js(&chunk_done(p.request, flushed.as_ref(), p.compute_ms, p.prepare_ms, None, None)?)
    }

    /// The runs kept so far (chunks answered with `keep`) as one partial:
    /// `{reply: {type: 'flush', generation, runs, bytes}, transfer:
    /// [bytes.buffer]}`, `bytes` absent and `runs` 0 when none are kept;
    /// the sum then starts again.
    pub fn flush(&mut self, generation: JsValue) -> Result<JsValue, JsValue> {
        let kept = self.kept.take();
        let (bytes, transfer) = partial(kept.as_ref());
        sum_reply("flush", generation, kept.map_or(0.0, |acc| acc.runs as f64), bytes, transfer, None)
    }

    /// Every run this worker holds of its job (chunks asked to `hold`),
    /// judged again under the collapse rule of `scenario` (an object, as
    /// `resolve` returns it) without simulating them again: `{reply:
    /// {type: 'rejudge', generation, runs, bytes, computeMs}, transfer:
    /// [bytes.buffer]}`, which `Merger.addJudged` adds to a merger of the
    /// job's runs. Where `scenario` is the job's scenario with another
    /// threshold or window (`Scenario::same_runs_as`), `bytes` holds the
    /// tallies that depend on the rule (`Trends::judge`,
    /// `Accumulator::judged_to_bytes`), for a merger made by
    /// `Merger.rejudged`. Where it adds strategies to the job's
    /// (`Scenario::extends`: a strategy added or edited), those strategies
    /// are simulated for the held runs alone and every strategy is judged
    /// (`Trends::extend`): `bytes` is that accumulator's, for a merger made
    /// by `Merger.extended`. `runs` is 0 and `bytes` absent when this
    /// worker holds none of the job's runs, or `scenario` differs in
    /// anything else (then the page simulates). The held runs stay, as the
    /// job's, for the next rejudge; with `adopt`, an extension's new
    /// strategies are kept aside until `adopt` is called with this
    /// `generation` (a number), and dropped by the next rejudge.
    pub fn rejudge(&mut self, generation: JsValue, scenario: JsValue, adopt: Option<bool>) -> Result<JsValue, JsValue> {
        let t0 = now_ms();
        self.adopting = None;
        let scenario = scenario_from(&scenario, &JsValue::UNDEFINED).map_err(thrown)?;
        let held = &self.sim.scenario;
        let mut fresh = None;
        let (bytes, runs) = match &self.held {
            Some(trends) if self.kept.is_none() && scenario.same_runs_as(held) => {
                let judged = trends.judge(&scenario);
                (Some(judged.judged_to_bytes()), judged.runs)
            }
            Some(trends) if self.kept.is_none() => match trends.extend(held, &scenario) {
                Some((e, new)) => {
                    fresh = Some(new);
                    (Some(e.to_bytes()), e.judged.runs)
                }
                None => (None, 0),
            },
            _ => (None, 0),
        };
        if let (Some(fresh), Some(true), Some(g)) = (fresh, adopt, generation.as_f64()) {
            self.adopting = Some((g, fresh, scenario));
        }
        let compute_ms = now_ms() - t0;
        let (bytes, transfer) = transferable(bytes);
        sum_reply("rejudge", generation, runs as f64, bytes, transfer, Some(compute_ms))
    }

    /// Takes the extension of the last `rejudge` (asked to `adopt` it, for
    /// job `generation`) as the held runs' own: its new strategies join the
    /// held ones (`Trends::adopt`, the strategies it left out dropped) and
    /// its scenario becomes this object's, so the next rejudge judges or
    /// extends the runs of that scenario without simulating any of its
    /// strategies. False, and nothing changed, when there is none for that
    /// job. The page calls it once every worker's extension is in, so the
    /// workers never hold the runs of different scenarios.
    pub fn adopt(&mut self, generation: f64) -> bool {
        match (self.adopting.take(), self.held.take()) {
            (Some((g, fresh, scenario)), Some(trends)) if g == generation => {
                self.held = Some(trends.adopt(fresh));
                self.sim = Simulation::new(scenario);
                true
            }
            (adopting, held) => {
                (self.adopting, self.held) = (adopting, held);
                false
            }
        }
    }

    /// Runs held for `rejudge` (0 when the job's chunks did not ask to `hold`).
    #[cfg_attr(feature = "wasm-core", wasm_bindgen(getter))]
    pub fn held(&self) -> f64 {
        self.held.as_ref().map_or(0.0, |trends| trends.runs() as f64)
    }
}

/// The reply to a `flush` message (every run a worker kept of a job) or a
/// `rejudge` (every run it holds, judged again, and the time that took).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SumReply {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    generation: JsValue,
    /// The runs `bytes` holds (0, and no bytes, when the worker has none of the job).
    runs: f64,
    #[serde(skip_serializing_if = "Option::is_none", with = "optional_js")]
    bytes: Option<js_sys::Uint8Array>,
    #[serde(skip_serializing_if = "Option::is_none")]
    compute_ms: Option<f64>,
}

/// `{reply, transfer}` of a `flush` or `rejudge`.
fn sum_reply(
    kind: &'static str,
    generation: JsValue,
    runs: f64,
    bytes: Option<js_sys::Uint8Array>,
    transfer: js_sys::Array,
    compute_ms: Option<f64>,
) -> Result<JsValue, JsValue> {
    let reply = to_js(&SumReply {
        kind,
        generation,
        runs,
        bytes,
        compute_ms,
    })?;
    to_js(&Answer { reply, transfer })
}

/// Adds up partial accumulators and turns them into a result.
#[cfg_attr(feature = "wasm-core", wasm_bindgen)]
pub struct Merger {
    scenario: Scenario,
    acc: Accumulator,
    /// The last partial read, whose memory the next one reuses.
    part: Accumulator,
    /// For a merger made by `rejudged` or `extended`: the runs whose judged
    /// tallies have been added so far (`addJudged`); `None` for one that
    /// adds partials.
    judged: Option<u64>,
    /// Made by `extended`: where each strategy stands in the scenario it was
    /// extended from (`Scenario::extends`); `addJudged` then reads the
    /// extensions of `Prepared.rejudge`.
    extending: Option<Vec<Option<usize>>>,
}

#[cfg_attr(feature = "wasm-core", wasm_bindgen)]
impl Merger {
    /// A merger for a scenario (an object, as `resolve` returns it).
    #[cfg_attr(feature = "wasm-core", wasm_bindgen(constructor))]
    pub fn new(scenario: JsValue) -> Result<Merger, JsValue> {
        let scenario = scenario_from(&scenario, &JsValue::UNDEFINED).map_err(thrown)?;
        let acc = Accumulator::new(&scenario);
        let part = acc.clone();
        Ok(Merger {
            scenario,
            acc,
            part,
            judged: None,
            extending: None,
        })
    }

    /// A merger for `scenario` (an object, as `resolve` returns it) — this
    /// merger's scenario with another collapse threshold or window
    /// (`Scenario::same_runs_as`) — holding every run of this one without
    /// the tallies that depend on the rule (`Accumulator::without_judged`):
    /// `addJudged` adds each worker's tallies of its runs judged under
    /// the new rule (`Prepared.rejudge`), and once every run's are in,
    /// `finish` gives the text a simulation of `scenario` gives.
    /// `undefined` before every run is added, or when `scenario` differs in
    /// anything else; throws an `InputError` for a scenario that would not
    /// simulate.
    pub fn rejudged(&self, scenario: JsValue) -> Result<Option<Merger>, JsValue> {
        let scenario = scenario_from(&scenario, &JsValue::UNDEFINED).map_err(thrown)?;
        if self.runs() != self.scenario.runs as f64 || !scenario.same_runs_as(&self.scenario) {
            return Ok(None);
        }
        let part = Accumulator::new(&scenario);
        Ok(Some(Merger {
            acc: self.acc.without_judged(),
            scenario,
            part,
            judged: Some(0),
            extending: None,
        }))
    }

    /// A merger for `scenario` (an object, as `resolve` returns it) — this
    /// merger's scenario with strategies it does not have, some of its own
    /// left out or reordered perhaps, and perhaps another collapse
    /// threshold or window (`Scenario::extends`) — holding every run of
    /// this one, its strategies' tallies without those the rule decides
    /// (`Accumulator::carried`): `addJudged` adds each worker's runs with
    /// the new strategies simulated alone and every strategy judged under
    /// the new rule (`Prepared.rejudge`), and once every run's are in,
    /// `finish` gives the text a simulation of `scenario` gives.
    /// `undefined` before every run is added, or when `scenario` differs in
    /// anything else; throws an `InputError` for a scenario that would not
    /// simulate.
    pub fn extended(&self, scenario: JsValue) -> Result<Option<Merger>, JsValue> {
        let scenario = scenario_from(&scenario, &JsValue::UNDEFINED).map_err(thrown)?;
        // Every run in (a merger of judged runs too, once each worker's are added).
        if self.runs() != self.scenario.runs as f64 {
            return Ok(None);
        }
        let Some(picks) = scenario.extends(&self.scenario) else {
            return Ok(None);
        };
        Ok(Some(Merger {
            acc: self.acc.carried(&picks),
            part: Accumulator::new(&scenario),
            scenario,
            judged: Some(0),
            extending: Some(picks),
        }))
    }

    /// A merger for `scenario` (an object, as `resolve` returns it) — this
    /// merger's scenario with more runs, nothing else changed — holding
    /// every run of this one: a run's draws depend on its index, not on how
    /// many runs there are, so the runs after them, added as partials
    /// (`add`), complete it, and `finish` gives the text a simulation of
    /// `scenario` gives. `undefined` before every run is added, or when
    /// `scenario` differs in anything else; throws an `InputError` for a
    /// scenario that would not simulate.
    pub fn grown(&self, scenario: JsValue) -> Result<Option<Merger>, JsValue> {
        let scenario = scenario_from(&scenario, &JsValue::UNDEFINED).map_err(thrown)?;
        if self.runs() != self.scenario.runs as f64 || !scenario.grows(&self.scenario) {
            return Ok(None);
        }
        Ok(Some(Merger {
            acc: self.acc.clone(),
            part: Accumulator::new(&scenario),
            scenario,
            judged: None,
            extending: None,
        }))
    }

    /// Adds one worker's tallies of its runs judged under this merger's
    /// collapse rule (the `bytes` of `Prepared.rejudge`), in a merger made
    /// by `rejudged`; throws an `InputError` for bytes that do not fit it.
    #[cfg_attr(feature = "wasm-core", wasm_bindgen(js_name = addJudged))]
    pub fn add_judged(&mut self, bytes: &[u8]) -> Result<(), JsValue> {
        let judged = self.judged.ok_or_else(|| {
            thrown(InputError::new(
                "judged runs",
                "tallies for a merger of partials",
                "a merger made by rejudged",
            ))
        })?;
        let refused = || {
            thrown(InputError::new(
                "judged runs",
                "bytes that do not belong to this scenario",
                "the bytes of Prepared.rejudge for the same scenario",
            ))
        };
        // The judged tallies, and with an extension the new strategies' own.
        let (part, extension) = match &self.extending {
            Some(picks) => {
                let e = Extension::from_bytes(bytes, &self.scenario, picks).ok_or_else(refused)?;
                (None, Some(e))
            }
            None => (
                Some(Accumulator::judged_from_bytes(bytes, &self.scenario).ok_or_else(refused)?),
                None,
            ),
        };
        let runs = part.as_ref().or(extension.as_ref().map(|e| &e.judged)).map_or(0, |a| a.runs);
        if judged + runs > self.acc.runs {
            return Err(thrown(InputError::new(
                "judged runs",
                format!("{runs} more runs after {judged}"),
                format!("at most {} runs in all", self.acc.runs),
            )));
        }
        match (part, extension, &self.extending) {
            (_, Some(e), Some(picks)) => self.acc.add_extension(&e, picks),
            (Some(part), ..) => self.acc.add_judged(&part),
            _ => {}
        }
        self.judged = Some(judged + runs);
        Ok(())
    }

    /// Adds one partial from `runChunk` for the same scenario. The first
    /// partial becomes the sum as it is (merging into nothing gives the same
    /// bytes); later ones are read into the memory of the one before.
    pub fn add(&mut self, bytes: &[u8]) -> Result<(), JsValue> {
        if self.judged.is_some() {
            return Err(thrown(InputError::new(
                "partial result",
                "a partial for a merger of judged runs",
                "addJudged",
            )));
        }
        // A refused read leaves `part` for the next read to overwrite whole.
        if !self.part.read_bytes(bytes, &self.scenario) {
            return Err(thrown(InputError::new(
                "partial result",
                "bytes that do not belong to this scenario",
                "the bytes of runChunk for the same scenario",
            )));
        }
        let part = &mut self.part;
        if self.acc.runs + part.runs > self.scenario.runs {
            return Err(thrown(InputError::new(
                "partial result",
                format!("{} more runs after {}", part.runs, self.acc.runs),
                format!("at most {} runs in all", self.scenario.runs),
            )));
        }
        if self.acc.runs == 0 {
            std::mem::swap(&mut self.acc, part);
        } else {
            self.acc.merge(part);
        }
        Ok(())
    }

    /// Runs added so far.
    #[cfg_attr(feature = "wasm-core", wasm_bindgen(getter))]
    pub fn runs(&self) -> f64 {
        self.judged.unwrap_or(self.acc.runs) as f64
    }

    /// The result of the runs added so far, as JSON text (the CLI's bytes for that many runs).
    pub fn finish(&self) -> String {
        SimulationResult::finish(&self.acc, &self.scenario).to_json()
    }

    /// The result of the runs added so far as `{json, columns}`
    /// (`SimulationResult::into_columns`; `columns` a `Float32Array`): what
    /// the page reads and paints, with no decimal digits written or read
    /// for its weekly columns. `Merger.text(json, columns)` gives the text
    /// `finish` gives.
    #[cfg_attr(feature = "wasm-core", wasm_bindgen(js_name = finishColumns))]
    pub fn finish_columns(&self) -> Result<JsValue, JsValue> {
        split(SimulationResult::finish(&self.acc, &self.scenario))
    }

    /// The result's exact JSON text — `finish`'s, byte for byte — from the
    /// `json` and `columns` of `finishColumns` or `finishColumnsFor`; throws
    /// an `InputError` for text and columns that are not one result's.
    #[cfg_attr(feature = "wasm-core", wasm_bindgen(js_name = text))]
    pub fn text(json: &str, columns: &[f32]) -> Result<String, JsValue> {
        SimulationResult::text_from_columns(json, columns)
            .map_err(|e| thrown(InputError::new("result columns", e, "the json and columns of Merger.finishColumns")))
    }

    /// The result of `scenario` (an object, as `resolve` returns it), read
    /// off every run of this merger's scenario without simulating, where
    /// `scenario` is that scenario with some of its strategies, in any order
    /// (`Scenario::picks_from`, `Accumulator::pick`): the text a simulation
    /// of `scenario` gives. `undefined` when `scenario` differs in anything
    /// else or before every run is added; throws an `InputError` for a
    /// scenario that would not simulate.
    #[cfg_attr(feature = "wasm-core", wasm_bindgen(js_name = finishFor))]
    pub fn finish_for(&self, scenario: JsValue) -> Result<Option<String>, JsValue> {
        Ok(self.result_for(&scenario)?.map(|result| result.to_json()))
    }

    /// `finishFor` as `{json, columns}` (`finishColumns`), or `undefined`.
    #[cfg_attr(feature = "wasm-core", wasm_bindgen(js_name = finishColumnsFor))]
    pub fn finish_columns_for(&self, scenario: JsValue) -> Result<JsValue, JsValue> {
        match self.result_for(&scenario)? {
            Some(result) => split(result),
            None => Ok(JsValue::UNDEFINED),
        }
    }

    /// The result of `finishFor` (`None` where it is `undefined`).
    fn result_for(&self, scenario: &JsValue) -> Result<Option<SimulationResult>, JsValue> {
        let scenario = scenario_from(scenario, &JsValue::UNDEFINED).map_err(thrown)?;
        if self.runs() != self.scenario.runs as f64 {
            return Ok(None);
        }
        Ok(scenario
            .picks_from(&self.scenario)
            .map(|picks| SimulationResult::finish(&self.acc.pick(&picks), &scenario)))
    }
}

/// A result as the page reads it: `{json, columns}` (`into_columns`).
#[derive(Serialize)]
struct Split {
    json: String,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    columns: js_sys::Float32Array,
}

/// A result's text and columns (`SimulationResult::into_columns`), the
/// columns as a `Float32Array` for the page.
fn js_columns(result: SimulationResult) -> (String, js_sys::Float32Array) {
    let (json, columns) = result.into_columns();
    (json, js_sys::Float32Array::from(&columns[..]))
}

/// `{json, columns}` of a result (`js_columns`).
fn split(result: SimulationResult) -> Result<JsValue, JsValue> {
    let (json, columns) = js_columns(result);
    to_js(&Split { json, columns })
}

// ---- the catalogue, links and files ----------------------------------------------------

/// Everything the page shows about the model, as an object: parameters with
/// units, ranges, defaults and sources; strategy fields; presets; built-in
/// strategies; defaults (the seed a decimal string) and limits.
///
/// Exported by the extra module: `make wasm` calls it once and writes it into
/// `www/pkg/catalogue.json`, which the fronts bundle, so no page builds it as
/// it starts (on a cold load it was the slowest first call) and the core
/// module does not carry it.
#[cfg_attr(feature = "wasm-extra", wasm_bindgen)]
pub fn catalogue() -> Result<JsValue, JsValue> {
    let presets: Vec<_> = PRESETS
        .iter()
        .map(|p| {
            let params: Map<String, Value> = PARAM_SPECS
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
    // One JSON text parsed by the engine, not an object built property by
    // property across the boundary: the same object, made several times
    // faster on a page's cold start.
    let text = serde_json::json!({
        "model_version": MODEL_VERSION,
        "schema": scenario::SCHEMA,
        "params": PARAM_SPECS,
        "strategy_fields": STRATEGY_SPECS,
        "rules": crate::rules::catalogue(),
        "presets": presets,
        "default_preset": DEFAULT_PRESET,
        "strategies": strategies,
        "defaults": {"runs": scenario::DEFAULT_RUNS, "weeks": scenario::DEFAULT_WEEKS, "seed": scenario::DEFAULT_SEED.to_string(),
                     "threshold": scenario::DEFAULT_THRESHOLD, "window": scenario::DEFAULT_WINDOW, "smoothing": scenario::DEFAULT_SMOOTHING},
        "limits": {"runs": scenario::MAX_RUNS, "weeks": scenario::MAX_WEEKS, "window": scenario::MAX_WINDOW, "smoothing": scenario::MAX_SMOOTHING, "strategies": scenario::MAX_STRATEGIES},
    })
    .to_string();
    js_sys::JSON::parse(&text)
}

/// One strategy rule (an object in the scenario file's form) in plain words,
/// the words the resolved scenario and the CLI use; throws `InputError`
/// (fields named `rule.…`) for a rule the core would refuse.
#[cfg_attr(feature = "wasm-core", wasm_bindgen(js_name = describeRule))]
pub fn describe_rule(rule: JsValue) -> Result<String, JsValue> {
    let value = plain_data(&rule, "rule").map_err(thrown)?;
    crate::rules::parse_one(&value, "rule").map(|r| r.text()).map_err(thrown)
}

/// The JSON text a share string carries for a scenario (an object as the
/// user wrote it, or a scenario file's text), before compression; throws
/// for one that would not simulate. The page compresses it with the
/// browser's raw-DEFLATE (`CompressionStream`) and makes the link with
/// `shareLink`, so this module carries no compressor.
#[cfg_attr(feature = "wasm-core", wasm_bindgen(js_name = sharePayload))]
pub fn share_payload(scenario: JsValue) -> Result<String, JsValue> {
    let text = scenario_value(&scenario)
        .map_err(thrown)?
        .map_or_else(|| "{}".to_string(), |v| v.to_string());
    crate::share::payload(&text).map_err(thrown)
}

/// The share string `v1.…` of a payload's raw-DEFLATE bytes (`sharePayload`
/// compressed).
#[cfg_attr(feature = "wasm-core", wasm_bindgen(js_name = shareLink))]
pub fn share_link(packed: &[u8]) -> String {
    crate::share::link_of(packed)
}

/// Decodes a share string (or a URL hash) into `{scenario, model_version,
/// notice}` (`notice` null unless the link is from another model version;
/// the scenario as the link wrote it, its seed a decimal string); throws
/// naming what is wrong for anything that is not a valid link.
#[cfg_attr(feature = "wasm-core", wasm_bindgen(js_name = decodeShare))]
pub fn decode_share(link: &str) -> Result<JsValue, JsValue> {
    let decoded = crate::share::decode(link).map_err(thrown)?;
    to_js(&serde_json::json!({
        "scenario": with_seed_text(decoded.scenario),
        "model_version": decoded.model_version,
        "notice": decoded.notice,
    }))
}

/// The `format` of the page's JSON export (scenario, link and result in one file).
const EXPORT_FORMAT: &str = "velocity-cliff-export";

/// Reads the text of a scenario file, or of an export of the page (its
/// `scenario` is taken), into the scenario object as written (its seed a
/// decimal string, read from the file's digits); throws naming the field for
/// anything that would not simulate.
#[cfg_attr(feature = "wasm-core", wasm_bindgen(js_name = parseScenarioFile))]
pub fn parse_scenario_file(text: &str) -> Result<JsValue, JsValue> {
    let read = || -> Result<Value, InputError> {
        let mut value = Scenario::parse_file(text)?;
        if value.get("format").and_then(Value::as_str) == Some(EXPORT_FORMAT) {
            value = match value.get_mut("scenario").map(Value::take) {
                Some(s @ Value::Object(_)) => s,
                _ => {
                    return Err(InputError::new(
                        "scenario file",
                        "an export without a scenario object",
                        "a scenario file or an export of this page",
                    ))
                }
            };
        }
        // An older schema comes out in this one (the page keeps it as it is).
        if let Value::Object(map) = &mut value {
            scenario::upgrade(map)?;
        }
        Scenario::resolve(Some(&value), &Overrides::default())?;
        Ok(with_seed_text(value))
    };
    to_js(&read().map_err(thrown)?)
}

/// A figure of a result as SVG text, the CLI's `render` bytes for the same
/// result: `resultJson` is the result's JSON text (`simulate`,
/// `Merger.finish`), `chart` one of velocity, survival, histogram, outcomes,
/// cash, why; `width` and `height` whole CSS pixels; `theme` light or dark.
/// Throws an `InputError` naming the argument for anything else.
#[cfg_attr(feature = "wasm-extra", wasm_bindgen(js_name = renderSvg))]
pub fn render_svg(result_json: &str, chart: &str, width: f64, height: f64, theme: &str) -> Result<String, JsValue> {
    let options = crate::render::Options::new(chart, width, height, theme).map_err(thrown)?;
    let result = SimulationResult::from_json(result_json).map_err(|e| {
        thrown(InputError::new(
            "result",
            e,
            format!("the JSON text of a result of model {MODEL_VERSION}"),
        ))
    })?;
    Ok(crate::render::svg(&result, &options))
}

// ---- calibration from a team's throughput ------------------------------------------

/// Calibrates a scenario (an object, a file's text, or undefined, with
/// `options` as `simulate` takes them) from the text of a throughput CSV,
/// as `velocity-cliff simulate --calibrate` does. Returns what was set:
/// `{calibration, params: {productivity, noise_base, initial_engineers?},
/// text, weeks, unit, observed_mean, observed_sigma, strategy}` —
/// `calibration` is the scenario field to keep (the observed weeks), `params`
/// the values to set, `text` the sentence saying so. Throws an `InputError`
/// (`calibration line 3, delivered`, the value, the range) for a bad CSV.
/// In the extra module: a calibration is a rare, deliberate step, and the
/// CSV reader and the fit are about 16 KiB (gzipped) of the core module.
#[cfg_attr(feature = "wasm-extra", wasm_bindgen(js_name = calibrateThroughput))]
pub fn calibrate_throughput(scenario: JsValue, options: JsValue, csv: &str) -> Result<JsValue, JsValue> {
    let go = || -> Result<Value, InputError> {
        let scenario = scenario_from(&scenario, &options)?;
        let weeks = crate::calibration::Throughput::from_csv(csv)?;
        let (_, what) = crate::calibration::fit::calibrate(&scenario, &weeks)?;
        let mut params = serde_json::json!({ "productivity": what.productivity, "noise_base": what.noise_base });
        if let Some(n) = what.initial_engineers {
            params["initial_engineers"] = n.into();
        }
        let mut out = serde_json::to_value(&what).unwrap_or(Value::Null);
        out["calibration"] = serde_json::to_value(&weeks).unwrap_or(Value::Null);
        out["params"] = params;
        Ok(out)
    };
    to_js(&go().map_err(thrown)?)
}

// ---- the workshop's story (www/src/play) -----------------------------------

/// One company's story for the workshop's play view: run `options.run`
/// (default 0) of the scenario's first strategy, every week's exact values
/// (`story::Story`), with `options` on top of the scenario as in `simulate`
/// (`run` itself is not an override and is taken out first). Throws the
/// core's InputError for a scenario or options it refuses.
#[cfg_attr(feature = "wasm-core", wasm_bindgen(js_name = playStory))]
pub fn play_story(scenario: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let mut run = 0u64;
    let options = if options.is_object() {
        let run_key = JsValue::from_str("run");
        let given = js_sys::Reflect::get(&options, &run_key).unwrap_or(JsValue::UNDEFINED);
        if !given.is_undefined() {
            run = given
                .as_f64()
                .filter(|r| r.fract() == 0.0 && *r >= 0.0 && *r <= 1e9)
                .ok_or_else(|| {
                    thrown(InputError::new(
                        "options.run",
                        format!("{given:?}"),
                        "a whole run index from 0 to 1000000000",
                    ))
                })? as u64;
        }
        let rest = js_sys::Object::assign(&js_sys::Object::new(), options.unchecked_ref());
        js_sys::Reflect::delete_property(&rest, &run_key).map_err(|_| thrown(InputError::new("options", "an object", "a plain object")))?;
        rest.into()
    } else {
        options
    };
    let sc = scenario_from(&scenario, &options).map_err(thrown)?;
    if run >= sc.runs {
        return Err(thrown(InputError::new(
            "options.run",
            run.to_string(),
            format!("a run index from 0 to {}", sc.runs - 1),
        )));
    }
    to_js(&crate::story::story(&sc, 0, run))
}
