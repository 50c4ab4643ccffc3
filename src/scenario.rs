//! The scenario file: its JSON format, its validation and its resolution
//! (preset + overrides + strategies + flags) into one validated `Scenario`.
//!
//! Everything a simulation depends on is in a `Scenario`; `to_json` writes the
//! fully resolved form, which is itself a valid scenario file.

use crate::calibration::Throughput;
use crate::collapse::CollapseRule;
use crate::error::{show_number, InputError};
use crate::params::{self, Params, PARAM_SPECS};
use crate::preset::{self, DEFAULT_PRESET, PRESETS};
use crate::rng::{Draws, ParamDraws};
use crate::strategy::{self, Strategy, STRATEGY_SPECS};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::{Map, Value};

/// The scenario file format version this build writes. Schema 1 files
/// (model 1) and schema 2 files (model 2.0, strategies without rules) are
/// read too: see [`upgrade`].
pub const SCHEMA: u64 = 3;
pub const MAX_RUNS: u64 = 1_000_000;
pub const MAX_WEEKS: u64 = 1040;
pub const MAX_WINDOW: u64 = 52;
pub const MAX_STRATEGIES: usize = 12;
/// Largest scenario file accepted, bytes.
pub const MAX_FILE_BYTES: usize = 1 << 20;
pub const DEFAULT_RUNS: u64 = 1000;
pub const DEFAULT_WEEKS: u32 = 260;
pub const DEFAULT_SEED: u64 = 1;
pub const DEFAULT_THRESHOLD: f64 = 0.5;
pub const DEFAULT_WINDOW: u32 = 4;
/// Weeks of smoothing a team reads velocity over (about four two-week sprints).
pub const DEFAULT_SMOOTHING: u32 = 8;
pub const MAX_SMOOTHING: u64 = 52;

/// A validated scenario: everything a simulation depends on.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub preset: String,
    pub params: Params,
    pub strategies: Vec<Strategy>,
    pub collapse: CollapseRule,
    pub seed: u64,
    pub runs: u64,
    pub weeks: u32,
    /// Every distribution the runs draw from, built from `params` once.
    pub draws: Draws,
    /// What each run draws: weekly shocks only, or the uncertain parameters too.
    pub uncertainty: UncertaintyMode,
    /// Parameters the scenario fixes (catalogue order): those it sets itself,
    /// unless it lists them otherwise in `fixed`.
    pub fixed: Vec<bool>,
    /// The uncertain parameters' distributions around `params`, built once.
    pub param_draws: ParamDraws,
    /// The team's observed weeks the scenario was calibrated from, if any:
    /// a result compares its first weeks with them (`calibration::report`).
    pub calibration: Option<Throughput>,
}

/// What each run of a scenario draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UncertaintyMode {
    /// Weekly shocks only: every run uses the scenario's parameter values.
    Shocks,
    /// Weekly shocks and, per run, every uncertain parameter from its range.
    #[default]
    Parameters,
}

impl UncertaintyMode {
    pub const ALLOWED: &'static str = "\"shocks\" or \"parameters\"";

    pub fn as_str(self) -> &'static str {
        match self {
            UncertaintyMode::Shocks => "shocks",
            UncertaintyMode::Parameters => "parameters",
        }
    }

    /// Reads `"shocks"` or `"parameters"`.
    pub fn parse(v: &Value, field: &str) -> Result<UncertaintyMode, InputError> {
        match v.as_str() {
            Some("shocks") => Ok(UncertaintyMode::Shocks),
            Some("parameters") => Ok(UncertaintyMode::Parameters),
            _ => Err(InputError::new(field, shown(v), UncertaintyMode::ALLOWED)),
        }
    }
}

impl Scenario {
    /// Whether run `run` draws its parameters, and the set it runs with.
    pub fn run_params(&self, run: u64) -> Option<Params> {
        (self.uncertainty == UncertaintyMode::Parameters).then(|| self.param_draws.draw(&self.params, self.seed, run))
    }

    /// The same scenario with another parameter set or mode: the
    /// distributions are rebuilt around the new values.
    pub fn with_params(&self, params: Params, uncertainty: UncertaintyMode) -> Result<Scenario, InputError> {
        params.validate("params.")?;
        Ok(Scenario {
            draws: Draws::new(&params)?,
            param_draws: ParamDraws::new(&params, &self.fixed),
            params,
            uncertainty,
            ..self.clone()
        })
    }
}

/// Settings given outside the file (CLI flags, the bindings' options, the
/// component's attributes); each wins over the file. A refused override is
/// named by the scenario field it sets and marked `overridden`.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub preset: Option<String>,
    pub strategies: Option<Vec<String>>,
    pub runs: Option<u64>,
    pub seed: Option<u64>,
    pub weeks: Option<u64>,
    pub threshold: Option<f64>,
    pub window: Option<u64>,
    pub smoothing: Option<u64>,
    pub uncertainty: Option<UncertaintyMode>,
}

impl Overrides {
    /// Each override's name and the scenario field it sets.
    pub const FIELDS: [(&'static str, &'static str); 9] = [
        ("preset", "preset"),
        ("strategies", "strategies"),
        ("runs", "runs"),
        ("seed", "seed"),
        ("weeks", "weeks"),
        ("threshold", "collapse.threshold"),
        ("window", "collapse.window"),
        ("smoothing", "collapse.smoothing"),
        ("uncertainty", "uncertainty"),
    ];

    /// The name of the override that sets the scenario field `field`
    /// (`collapse.threshold` → `threshold`), for fronts naming a refused
    /// override as their user gave it.
    pub fn name_of(field: &str) -> Option<&'static str> {
        Overrides::FIELDS.iter().find(|(_, f)| *f == field).map(|(name, _)| *name)
    }

    /// The scenario field an override sets (`threshold` → `collapse.threshold`).
    fn field_of(name: &str) -> &'static str {
        Overrides::FIELDS.iter().find(|(n, _)| *n == name).map_or("options", |(_, f)| *f)
    }

    /// Reads overrides given as a JSON object (the browser's `options`):
    /// `{"preset", "strategies": [ids], "runs", "seed", "weeks", "threshold", "window", "smoothing", "uncertainty"}`.
    pub fn from_json(text: &str) -> Result<Overrides, InputError> {
        if text.trim().is_empty() {
            return Ok(Overrides::default());
        }
        if text.len() > MAX_FILE_BYTES {
            return Err(InputError::new(
                "options",
                format!("{} bytes", text.len()),
                format!("at most {MAX_FILE_BYTES} bytes"),
            ));
        }
        let value: Value =
            serde_json::from_str(text).map_err(|e| InputError::new("options", format!("not valid JSON ({e})"), "a JSON object"))?;
        Overrides::from_value(&value)
    }

    /// Reads overrides already parsed into a JSON value (the wasm bindings'
    /// plain JavaScript objects); the same fields and checks as [`Overrides::from_json`].
    pub fn from_value(value: &Value) -> Result<Overrides, InputError> {
        let names = Overrides::FIELDS.map(|(name, _)| name);
        let map = object(value, "options", &names)?;
        let mut o = Overrides::default();
        for (key, v) in map {
            o.read(key, v).map_err(InputError::of_override)?;
        }
        Ok(o)
    }

    /// Reads the override `key` into `self`; a refusal names the scenario field it sets.
    fn read(&mut self, key: &str, v: &Value) -> Result<(), InputError> {
        let field = Overrides::field_of(key);
        let ids = "an array of strategy ids";
        match key {
            "preset" => {
                let id = v
                    .as_str()
                    .ok_or_else(|| InputError::new(field, shown(v), format!("one of {}", preset_list())))?;
                self.preset = Some(id.to_string());
            }
            "strategies" => {
                let items = v.as_array().ok_or_else(|| InputError::new(field, shown(v), ids))?;
                let list = items
                    .iter()
                    .map(|i| i.as_str().map(String::from).ok_or_else(|| InputError::new(field, shown(i), ids)));
                self.strategies = Some(list.collect::<Result<_, _>>()?);
            }
            "runs" => self.runs = Some(integer(v, field, 1, MAX_RUNS)?),
            "weeks" => self.weeks = Some(integer(v, field, 1, MAX_WEEKS)?),
            "window" => self.window = Some(integer(v, field, 1, MAX_WINDOW)?),
            "smoothing" => self.smoothing = Some(integer(v, field, 1, MAX_SMOOTHING)?),
            "seed" => self.seed = Some(parse_seed(v, field)?),
            "uncertainty" => self.uncertainty = Some(UncertaintyMode::parse(v, field)?),
            _ => self.threshold = Some(number(v, field, "a number greater than 0 and less than 1")?),
        }
        Ok(())
    }
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario::resolve(None, &Overrides::default()).expect("the default scenario is valid")
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A value as a refusal shows it: strings quoted, containers named.
pub(crate) fn shown(v: &Value) -> String {
    match v {
        Value::String(s) => format!("{s:?}"),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
        other => other.to_string(),
    }
}

fn object<'a>(v: &'a Value, field: &str, allowed_keys: &[&str]) -> Result<&'a Map<String, Value>, InputError> {
    let map = v.as_object().ok_or_else(|| InputError::new(field, type_name(v), "an object"))?;
    for key in map.keys() {
        if !allowed_keys.contains(&key.as_str()) {
            let at = if field.is_empty() { key.clone() } else { format!("{field}.{key}") };
            return Err(InputError::new(
                at,
                "an unknown field",
                format!("one of: {}", allowed_keys.join(", ")),
            ));
        }
    }
    Ok(map)
}

fn number(v: &Value, field: &str, allowed: &str) -> Result<f64, InputError> {
    v.as_f64().ok_or_else(|| InputError::new(field, shown(v), allowed))
}

fn integer(v: &Value, field: &str, min: u64, max: u64) -> Result<u64, InputError> {
    let allowed = format!("a whole number from {min} to {max}");
    match v.as_u64() {
        Some(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(InputError::new(field, shown(v), allowed)),
    }
}

/// Seeds are any u64, as a JSON number or a string of digits (JavaScript
/// numbers cannot hold every u64).
pub fn parse_seed(v: &Value, field: &str) -> Result<u64, InputError> {
    let allowed = "a whole number from 0 to 18446744073709551615";
    match v {
        Value::Number(n) => n.as_u64().ok_or_else(|| InputError::new(field, n, allowed)),
        Value::String(s) => parse_seed_str(s, field),
        other => Err(InputError::new(field, shown(other), allowed)),
    }
}

/// Parses a seed written as decimal digits.
pub fn parse_seed_str(s: &str, field: &str) -> Result<u64, InputError> {
    let ok = !s.is_empty() && s.len() <= 20 && s.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| s.parse::<u64>().ok())
        .flatten()
        .ok_or_else(|| InputError::new(field, format!("{s:?}"), "a whole number from 0 to 18446744073709551615"))
}

fn check_threshold(field: &str, t: f64) -> Result<f64, InputError> {
    if t.is_finite() && t > 0.0 && t < 1.0 {
        Ok(t)
    } else {
        Err(InputError::new(field, show_number(t), "a number greater than 0 and less than 1"))
    }
}

fn check_range(field: &str, n: u64, min: u64, max: u64) -> Result<u64, InputError> {
    if (min..=max).contains(&n) {
        Ok(n)
    } else {
        Err(InputError::new(field, n, format!("a whole number from {min} to {max}")))
    }
}

fn preset_list() -> String {
    PRESETS.iter().map(|p| p.id).collect::<Vec<_>>().join(", ")
}

fn parse_strategy(v: &Value, field: &str) -> Result<Strategy, InputError> {
    if let Value::String(id) = v {
        return strategy::builtin(id).ok_or_else(|| {
            InputError::new(
                field,
                format!("{id:?}"),
                format!(
                    "a built-in strategy ({}) or a strategy object",
                    strategy::builtin_ids().collect::<Vec<_>>().join(", ")
                ),
            )
        });
    }
    let mut keys: Vec<&str> = vec!["id", "label", "base", "targeted_refactoring"];
    keys.extend(STRATEGY_SPECS.iter().map(|s| s.name));
    keys.push("rules");
    if let Some(old) = v
        .as_object()
        .and_then(|m| strategy::LEGACY_FIELDS.iter().find(|k| m.contains_key(**k)))
    {
        return Err(InputError::new(
            format!("{field}.{old}"),
            "a schema-2 field",
            "rules (schema 3), or \"schema\": 2 to read the file as schema 2",
        ));
    }
    let map = object(v, field, &keys)?;
    let base_id = match map.get("base") {
        None => "feature-first".to_string(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => {
            return Err(InputError::new(
                format!("{field}.base"),
                shown(other),
                "the id of a built-in strategy",
            ))
        }
    };
    let mut s = strategy::builtin(&base_id).ok_or_else(|| {
        InputError::new(
            format!("{field}.base"),
            format!("{base_id:?}"),
            format!("one of {}", strategy::builtin_ids().collect::<Vec<_>>().join(", ")),
        )
    })?;
    match map.get("id") {
        Some(Value::String(id)) => s.id = id.clone(),
        Some(other) => return Err(InputError::new(format!("{field}.id"), shown(other), "a string")),
        None => return Err(InputError::new(format!("{field}.id"), "missing", "a strategy id")),
    }
    strategy::validate_id(&format!("{field}.id"), &s.id)?;
    s.label = match map.get("label") {
        Some(Value::String(l)) => l.clone(),
        Some(other) => return Err(InputError::new(format!("{field}.label"), shown(other), "a string")),
        None => s.id.clone(),
    };
    if let Some(w) = map.get("targeted_refactoring") {
        s.targeted_refactoring = w
            .as_bool()
            .ok_or_else(|| InputError::new(format!("{field}.targeted_refactoring"), shown(w), "true or false"))?;
    }
    if let Some(r) = map.get("rules") {
        s.rules = crate::rules::parse(r, &format!("{field}.rules"))?;
    }
    for spec in STRATEGY_SPECS {
        if let Some(v) = map.get(spec.name) {
            let at = format!("{field}.{}", spec.name);
            let x = number(v, &at, &spec.allowed())?;
            *s.get_mut(spec.name).expect("spec names a field") = spec.check(&at, x)?;
        }
    }
    s.validate(&format!("{field}."))?;
    Ok(s)
}

impl Scenario {
    /// Parses and validates a scenario file's text, then applies `overrides`.
    pub fn from_json(text: &str, overrides: &Overrides) -> Result<Scenario, InputError> {
        Scenario::resolve(Some(&Scenario::parse_file(text)?), overrides)
    }

    /// A scenario file's text as JSON, within the size limit; its fields are
    /// checked by [`Scenario::resolve`].
    pub fn parse_file(text: &str) -> Result<Value, InputError> {
        if text.len() > MAX_FILE_BYTES {
            return Err(InputError::new(
                "scenario",
                format!("{} bytes", text.len()),
                format!("a file of at most {MAX_FILE_BYTES} bytes"),
            ));
        }
        let value: Value = serde_json::from_str(text).map_err(|e| {
            InputError::new(
                "scenario",
                format!("not valid JSON ({e})"),
                "a JSON object (NaN and Infinity are not JSON numbers)",
            )
        })?;
        Ok(value)
    }

    /// Resolves an optional parsed file and the overrides into a scenario.
    pub fn resolve(file: Option<&Value>, overrides: &Overrides) -> Result<Scenario, InputError> {
        let empty = Value::Object(Map::new());
        let file = file.unwrap_or(&empty);
        let map = object(
            file,
            "",
            &[
                "schema",
                "preset",
                "params",
                "strategies",
                "collapse",
                "seed",
                "runs",
                "weeks",
                "uncertainty",
                "fixed",
                "calibration",
            ],
        )
        .map_err(|e| {
            if e.field.is_empty() {
                InputError::new("scenario", e.value, "a JSON object")
            } else {
                e
            }
        })?;
        if let Some(schema) = map.get("schema") {
            if integer(schema, "schema", 1, SCHEMA)? < SCHEMA {
                let mut newer = map.clone();
                upgrade(&mut newer)?;
                return Scenario::resolve(Some(&Value::Object(newer)), overrides);
            }
        }

        let (preset_id, overridden) = match (&overrides.preset, map.get("preset")) {
            (Some(p), _) => (p.clone(), true),
            (None, Some(Value::String(p))) => (p.clone(), false),
            (None, Some(other)) => return Err(InputError::new("preset", shown(other), format!("one of {}", preset_list()))),
            (None, None) => (DEFAULT_PRESET.to_string(), false),
        };
        let preset = preset::preset(&preset_id).ok_or_else(|| InputError {
            overridden,
            ..InputError::new("preset", format!("{preset_id:?}"), format!("one of {}", preset_list()))
        })?;
        let mut params = preset.params();
        let mut fixed = vec![false; PARAM_SPECS.len()];
        if let Some(p) = map.get("params") {
            let names: Vec<&str> = PARAM_SPECS.iter().map(|s| s.name).collect();
            for (name, v) in object(p, "params", &names)? {
                let spec = params::spec(name).expect("object() checked the name");
                let at = format!("params.{name}");
                let x = number(v, &at, &spec.allowed())?;
                *params.get_mut(name).expect("catalogue name") = spec.check(&at, x)?;
                fixed[PARAM_SPECS.iter().position(|s| s.name == name).expect("catalogue name")] = true;
            }
        }
        params.validate("params.")?;
        let draws = Draws::new(&params)?;
        if let Some(list) = map.get("fixed") {
            fixed = parse_fixed(list)?;
        }
        let uncertainty = match (overrides.uncertainty, map.get("uncertainty")) {
            (Some(mode), _) => mode,
            (None, Some(v)) => UncertaintyMode::parse(v, "uncertainty")?,
            (None, None) => UncertaintyMode::default(),
        };
        let param_draws = ParamDraws::new(&params, &fixed);

        let mut defined: Vec<Strategy> = match map.get("strategies") {
            None => strategy::builtins(),
            Some(Value::Array(items)) => {
                if items.is_empty() || items.len() > MAX_STRATEGIES {
                    return Err(InputError::new(
                        "strategies",
                        format!("{} entries", items.len()),
                        format!("1 to {MAX_STRATEGIES} strategies"),
                    ));
                }
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| parse_strategy(v, &format!("strategies[{i}]")))
                    .collect::<Result<_, _>>()?
            }
            Some(other) => return Err(InputError::new("strategies", shown(other), "an array of strategy ids or objects")),
        };
        for (i, s) in defined.iter().enumerate() {
            if defined[..i].iter().any(|t| t.id == s.id) {
                return Err(InputError::new(
                    format!("strategies[{i}].id"),
                    format!("{:?}", s.id),
                    "an id not used by another strategy",
                ));
            }
        }
        if let Some(ids) = &overrides.strategies {
            if ids.is_empty() || ids.len() > MAX_STRATEGIES {
                return Err(InputError::new(
                    "strategies",
                    format!("{} entries", ids.len()),
                    format!("1 to {MAX_STRATEGIES} strategy ids"),
                )
                .of_override());
            }
            let mut chosen = Vec::new();
            for id in ids {
                let s = defined
                    .iter()
                    .find(|s| &s.id == id)
                    .cloned()
                    .or_else(|| strategy::builtin(id))
                    .ok_or_else(|| {
                        let mut known: Vec<String> = strategy::builtin_ids().collect();
                        for s in &defined {
                            if !known.contains(&s.id) {
                                known.push(s.id.clone());
                            }
                        }
                        InputError::new("strategies", format!("{id:?}"), format!("ids from: {}", known.join(", "))).of_override()
                    })?;
                if chosen.iter().any(|c: &Strategy| c.id == s.id) {
                    return Err(InputError::new("strategies", format!("{id:?} twice"), "each strategy once").of_override());
                }
                chosen.push(s);
            }
            defined = chosen;
        }

        let (mut threshold, mut window, mut smoothing) = (DEFAULT_THRESHOLD, DEFAULT_WINDOW as u64, DEFAULT_SMOOTHING as u64);
        if let Some(c) = map.get("collapse") {
            let c = object(c, "collapse", &["threshold", "window", "smoothing"])?;
            if let Some(w) = c.get("smoothing") {
                smoothing = integer(w, "collapse.smoothing", 1, MAX_SMOOTHING)?;
            }
            if let Some(t) = c.get("threshold") {
                threshold = check_threshold(
                    "collapse.threshold",
                    number(t, "collapse.threshold", "a number greater than 0 and less than 1")?,
                )?;
            }
            if let Some(w) = c.get("window") {
                window = integer(w, "collapse.window", 1, MAX_WINDOW)?;
            }
        }
        if let Some(t) = overrides.threshold {
            threshold = check_threshold("collapse.threshold", t).map_err(InputError::of_override)?;
        }
        if let Some(w) = overrides.window {
            window = check_range("collapse.window", w, 1, MAX_WINDOW).map_err(InputError::of_override)?;
        }
        if let Some(w) = overrides.smoothing {
            smoothing = check_range("collapse.smoothing", w, 1, MAX_SMOOTHING).map_err(InputError::of_override)?;
        }

        let mut seed = DEFAULT_SEED;
        if let Some(s) = map.get("seed") {
            seed = parse_seed(s, "seed")?;
        }
        let mut runs = DEFAULT_RUNS;
        if let Some(r) = map.get("runs") {
            runs = integer(r, "runs", 1, MAX_RUNS)?;
        }
        let mut weeks = DEFAULT_WEEKS as u64;
        if let Some(w) = map.get("weeks") {
            weeks = integer(w, "weeks", 1, MAX_WEEKS)?;
        }
        seed = overrides.seed.unwrap_or(seed);
        if let Some(r) = overrides.runs {
            runs = check_range("runs", r, 1, MAX_RUNS).map_err(InputError::of_override)?;
        }
        if let Some(w) = overrides.weeks {
            weeks = check_range("weeks", w, 1, MAX_WEEKS).map_err(InputError::of_override)?;
        }

        let calibration = map
            .get("calibration")
            .map(|v| Throughput::from_value(v, "calibration"))
            .transpose()?;

        Ok(Scenario {
            preset: preset.id.to_string(),
            params,
            strategies: defined,
            collapse: CollapseRule {
                threshold,
                window: window as u32,
                smoothing: smoothing as u32,
            },
            seed,
            runs,
            weeks: weeks as u32,
            draws,
            uncertainty,
            fixed,
            param_draws,
            calibration,
        })
    }

    /// Where each of this scenario's strategies stands in `whole`, when this
    /// scenario is `whole` with some of its strategies (any of them, each
    /// once, in any order) and nothing else changed: no parameter, run
    /// count, rule, nor any setting of a strategy. `None` otherwise.
    pub fn picks_from(&self, whole: &Scenario) -> Option<Vec<usize>> {
        // Compared as scenario files: what a scenario is, all of it resolved.
        let split = |s: &Scenario| {
            let mut file = s.to_json();
            let strategies = file.as_object_mut()?.remove("strategies")?;
            Some((file, strategies))
        };
        let ((bare, mine), (whole_bare, theirs)) = (split(self)?, split(whole)?);
        let (mine, theirs) = (mine.as_array()?, theirs.as_array()?);
        if mine.is_empty() || bare != whole_bare {
            return None;
        }
        let picks = mine
            .iter()
            .map(|s| theirs.iter().position(|w| w == s))
            .collect::<Option<Vec<usize>>>()?;
        let once = picks.iter().enumerate().all(|(k, i)| !picks[..k].contains(i));
        once.then_some(picks)
    }

    /// Where each of this scenario's strategies stands in `held`, where this
    /// scenario is `held` with at least one strategy `held` does not have
    /// (a new one, or one of its strategies with a setting changed), some of
    /// `held`'s left out perhaps, in any order, and perhaps another collapse
    /// threshold or window: nothing else changed — no parameter, run count,
    /// seed or smoothing. A new strategy stands nowhere (`None`). Its runs
    /// are then `held`'s runs with the new strategies simulated beside them
    /// ([`crate::monte_carlo::Trends::extend`]). `None` otherwise.
    pub fn extends(&self, held: &Scenario) -> Option<Vec<Option<usize>>> {
        let mut probe = held.clone();
        probe.collapse.threshold = self.collapse.threshold;
        probe.collapse.window = self.collapse.window;
        let split = |s: &Scenario| {
            let mut file = s.to_json();
            let strategies = file.as_object_mut()?.remove("strategies")?;
            Some((file, strategies))
        };
        let ((bare, mine), (held_bare, theirs)) = (split(self)?, split(&probe)?);
        let (mine, theirs) = (mine.as_array()?, theirs.as_array()?);
        if mine.is_empty() || bare != held_bare {
            return None;
        }
        let picks: Vec<Option<usize>> = mine.iter().map(|s| theirs.iter().position(|w| w == s)).collect();
        let once = picks.iter().enumerate().all(|(k, i)| i.is_none() || !picks[..k].contains(i));
        (once && picks.contains(&None)).then_some(picks)
    }

    /// This scenario with only the strategies that stand nowhere in `picks`
    /// (as [`Scenario::extends`] gives them): the new ones, simulated alone.
    pub fn alone(&self, picks: &[Option<usize>]) -> Scenario {
        Scenario {
            strategies: self
                .strategies
                .iter()
                .zip(picks)
                .filter(|(_, p)| p.is_none())
                .map(|(s, _)| s.clone())
                .collect(),
            ..self.clone()
        }
    }

    /// This scenario and `other` differ at most in how collapse is judged —
    /// its threshold and window — so their runs do the same, week by week:
    /// the one's can be judged again as the other's (`Trends::judge`).
    /// (The smoothing is not among these: the team's own smoothed view
    /// follows it, and rules act on that view.)
    pub fn same_runs_as(&self, other: &Scenario) -> bool {
        let mut probe = other.clone();
        probe.collapse.threshold = self.collapse.threshold;
        probe.collapse.window = self.collapse.window;
        *self == probe
    }

    /// This scenario is `other` with more runs, nothing else changed: its
    /// first runs are `other`'s (a run's draws depend on its index, not on
    /// how many runs there are), so `other`'s result grows into its own by
    /// the runs after them (`Merger.grown`).
    pub fn grows(&self, other: &Scenario) -> bool {
        let mut probe = other.clone();
        probe.runs = self.runs;
        self.runs > other.runs && *self == probe
    }

    /// The fully resolved scenario as a scenario file.
    pub fn to_json(&self) -> Value {
        serde_json::to_value(ResolvedFile(self)).expect("a scenario always serialises")
    }
}

/// The `fixed` list: names of catalogue parameters, each once.
fn parse_fixed(v: &Value) -> Result<Vec<bool>, InputError> {
    let allowed = "an array of parameter names (see velocity-cliff params), each once";
    let items = v.as_array().ok_or_else(|| InputError::new("fixed", shown(v), allowed))?;
    let mut fixed = vec![false; PARAM_SPECS.len()];
    for (i, item) in items.iter().enumerate() {
        let at = item.as_str().and_then(|name| PARAM_SPECS.iter().position(|s| s.name == name));
        match at {
            Some(k) if !fixed[k] => fixed[k] = true,
            _ => return Err(InputError::new(format!("fixed[{i}]"), shown(item), allowed)),
        }
    }
    Ok(fixed)
}

/// Links made before model 2.1.0 drew weekly shocks only: they keep that
/// mode, so they reproduce the numbers their author saw.
pub fn migrate_shocks_only(map: &mut Map<String, Value>) {
    map.entry("uncertainty").or_insert_with(|| UncertaintyMode::Shocks.as_str().into());
}

/// Parameters of model 1 (schema 1) that model 2 no longer has: the starting
/// infrastructure is now sized from the starting load (`initial_headroom`).
pub const REMOVED_PARAMS: &[&str] = &["initial_capacity"];
/// Strategy fields of model 1 that model 2 no longer has: a rewrite's length
/// now follows from its scope and the team on it (`rewrite_staff_share`).
pub const REMOVED_STRATEGY_FIELDS: &[&str] = &["rewrite_weeks"];

/// Brings a schema-1 scenario (model 1) up to this schema: the fields model 2
/// dropped are removed; everything else keeps its meaning and name.
pub fn migrate_schema_1(map: &mut Map<String, Value>) {
    if let Some(Value::Object(params)) = map.get_mut("params") {
        for name in REMOVED_PARAMS {
            params.remove(*name);
        }
    }
    if let Some(Value::Array(strategies)) = map.get_mut("strategies") {
        for s in strategies {
            if let Value::Object(fields) = s {
                for name in REMOVED_STRATEGY_FIELDS {
                    fields.remove(*name);
                }
            }
        }
    }
}

/// Brings a scenario file of an older schema (its `schema` field) up to this
/// one; a file without `schema`, or of this schema, is left as it is. Files
/// of schema 1 and 2 were written for models that drew weekly shocks only, so
/// they keep doing so unless they say otherwise.
pub fn upgrade(map: &mut Map<String, Value>) -> Result<(), InputError> {
    let schema = match map.get("schema") {
        Some(v) => integer(v, "schema", 1, SCHEMA)?,
        None => return Ok(()),
    };
    if schema == 1 {
        migrate_schema_1(map);
    }
    if schema <= 2 {
        migrate_schema_2(map)?;
        migrate_shocks_only(map);
    }
    Ok(())
}

/// Brings a schema-2 scenario (model 2.0) up to schema 3: in each strategy
/// object, the fields rules replaced (`wait_for_pmf`, `infra_trigger`,
/// `rewrite_trigger`, and `infra_share` as the share *when triggered*) become
/// the rules that do exactly what they did, starting from the base's
/// schema-2 values (see `strategy::Legacy`). Built-ins named by id need
/// nothing: they are those rules. A `schema` field, if any, becomes 3.
pub fn migrate_schema_2(map: &mut Map<String, Value>) -> Result<(), InputError> {
    if let Some(Value::Array(strategies)) = map.get_mut("strategies") {
        for (i, s) in strategies.iter_mut().enumerate() {
            let Value::Object(fields) = s else { continue };
            let at = |name: &str| format!("strategies[{i}].{name}");
            if fields.contains_key("rules") || fields.contains_key("targeted_refactoring") {
                let key = if fields.contains_key("rules") {
                    "rules"
                } else {
                    "targeted_refactoring"
                };
                return Err(InputError::new(
                    at(key),
                    "a schema-3 field in a schema-2 file",
                    "a file saying \"schema\": 3 (or no schema)",
                ));
            }
            let base = match fields.get("base") {
                None => "feature-first",
                Some(Value::String(b)) => b.as_str(),
                // Refused with its field by the schema-3 reading.
                Some(_) => continue,
            };
            let Some(mut legacy) = strategy::Legacy::of_builtin(base) else {
                continue;
            };
            if !["wait_for_pmf", "infra_share", "infra_trigger", "rewrite_trigger"]
                .iter()
                .any(|k| fields.contains_key(*k))
            {
                // The base's rules are what these fields meant.
                continue;
            }
            if let Some(w) = fields.remove("wait_for_pmf") {
                legacy.wait_for_pmf = w
                    .as_bool()
                    .ok_or_else(|| InputError::new(at("wait_for_pmf"), shown(&w), "true or false"))?;
            }
            for (name, slot, min, max) in [
                ("infra_share", &mut legacy.infra_share, 0.0, 0.8),
                ("infra_trigger", &mut legacy.infra_trigger, 0.0, 1.0),
                ("rewrite_trigger", &mut legacy.rewrite_trigger, 0.0, 0.95),
            ] {
                if let Some(v) = fields.remove(name) {
                    let allowed = format!("a number from {} to {}", show_number(min), show_number(max));
                    let x = number(&v, &at(name), &allowed)?;
                    if !(x.is_finite() && x >= min && x <= max) {
                        return Err(InputError::new(at(name), show_number(x), allowed));
                    }
                    *slot = x;
                }
            }
            let (targeted, infra_share, rules) = legacy.translate();
            fields.insert("targeted_refactoring".into(), targeted.into());
            fields.insert("infra_share".into(), infra_share.into());
            fields.insert("rules".into(), serde_json::to_value(&rules).expect("rules always serialise"));
        }
    }
    if map.contains_key("schema") {
        map.insert("schema".into(), SCHEMA.into());
    }
    Ok(())
}

/// Serialises a scenario in the file format, parameters in catalogue order.
struct ResolvedFile<'a>(&'a Scenario);

struct ParamsInOrder<'a>(&'a Params);

impl Serialize for ParamsInOrder<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(PARAM_SPECS.len()))?;
        for spec in PARAM_SPECS {
            map.serialize_entry(spec.name, &self.0.get(spec.name))?;
        }
        map.end()
    }
}

impl Serialize for ResolvedFile<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let s = self.0;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("schema", &SCHEMA)?;
        map.serialize_entry("preset", &s.preset)?;
        map.serialize_entry("seed", &s.seed)?;
        map.serialize_entry("runs", &s.runs)?;
        map.serialize_entry("weeks", &s.weeks)?;
        map.serialize_entry(
            "collapse",
            &serde_json::json!({"threshold": s.collapse.threshold, "window": s.collapse.window, "smoothing": s.collapse.smoothing}),
        )?;
        map.serialize_entry("uncertainty", s.uncertainty.as_str())?;
        let fixed: Vec<&str> = PARAM_SPECS.iter().zip(&s.fixed).filter(|(_, &f)| f).map(|(p, _)| p.name).collect();
        map.serialize_entry("fixed", &fixed)?;
        map.serialize_entry("params", &ParamsInOrder(&s.params))?;
        map.serialize_entry("strategies", &s.strategies)?;
        if let Some(c) = &s.calibration {
            map.serialize_entry("calibration", c)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        Scenario::from_json(text, &Overrides::default()).unwrap_err().to_string()
    }

    #[test]
    fn the_resolved_form_reads_back_identically() {
        let text = r#"{"schema":1,"preset":"b2b-saas","params":{"ramp_up_weeks":20},
            "strategies":["feature-first",{"id":"mine","base":"controlled-evolution","refactor_share":0.3}],
            "collapse":{"threshold":0.6,"window":6},"seed":"18446744073709551615","runs":50,"weeks":100}"#;
        let s = Scenario::from_json(text, &Overrides::default()).unwrap();
        assert_eq!(s.params.ramp_up_weeks, 20.0);
        assert_eq!(s.strategies[1].levers.refactor_share, 0.3);
        assert!(s.strategies[1].targeted_refactoring);
        assert_eq!(s.strategies[1].rules, strategy::builtin("controlled-evolution").unwrap().rules);
        assert_eq!(s.seed, u64::MAX);
        let again = Scenario::from_json(&s.to_json().to_string(), &Overrides::default()).unwrap();
        assert_eq!(again, s);
    }

    #[test]
    fn overrides_win_over_the_file() {
        let o = Overrides {
            runs: Some(7),
            seed: Some(9),
            weeks: Some(30),
            threshold: Some(0.4),
            window: Some(2),
            smoothing: Some(6),
            preset: Some("media-app".into()),
            strategies: Some(vec!["scale-early".into()]),
            uncertainty: Some(UncertaintyMode::Shocks),
        };
        let s = Scenario::from_json(r#"{"runs":5,"seed":3}"#, &o).unwrap();
        assert_eq!((s.runs, s.seed, s.weeks, s.collapse.window), (7, 9, 30, 2));
        assert_eq!(s.preset, "media-app");
        assert_eq!(s.strategies.len(), 1);
    }

    #[test]
    fn refused_overrides_name_the_scenario_field_and_are_marked_as_overrides() {
        let refused = |o: Overrides| Scenario::resolve(None, &o).unwrap_err();
        let cases = [
            (
                refused(Overrides {
                    threshold: Some(2.0),
                    ..Default::default()
                }),
                "collapse.threshold",
                "2",
            ),
            (
                refused(Overrides {
                    window: Some(0),
                    ..Default::default()
                }),
                "collapse.window",
                "0",
            ),
            (
                refused(Overrides {
                    smoothing: Some(53),
                    ..Default::default()
                }),
                "collapse.smoothing",
                "53",
            ),
            (
                refused(Overrides {
                    runs: Some(0),
                    ..Default::default()
                }),
                "runs",
                "0",
            ),
            (
                refused(Overrides {
                    weeks: Some(1041),
                    ..Default::default()
                }),
                "weeks",
                "1041",
            ),
            (
                refused(Overrides {
                    preset: Some("nope".into()),
                    ..Default::default()
                }),
                "preset",
                "\"nope\"",
            ),
            (
                refused(Overrides {
                    strategies: Some(vec!["nope".into()]),
                    ..Default::default()
                }),
                "strategies",
                "\"nope\"",
            ),
            (
                refused(Overrides {
                    strategies: Some(vec![]),
                    ..Default::default()
                }),
                "strategies",
                "0 entries",
            ),
        ];
        for (e, field, value) in cases {
            assert_eq!((e.field.as_str(), e.value.as_str(), e.overridden), (field, value, true), "{e}");
            assert!(!e.field.starts_with('-'), "{e}");
            assert_eq!(Overrides::name_of(field).map(Overrides::field_of), Some(field));
        }
        // The options object of the bindings: the same names, the same mark.
        let e = Overrides::from_json(r#"{"window":"x"}"#).unwrap_err();
        assert_eq!((e.field.as_str(), e.overridden), ("collapse.window", true));
        let e = Overrides::from_json(r#"{"bogus":1}"#).unwrap_err();
        assert_eq!((e.field.as_str(), e.overridden), ("options.bogus", false));
        // A bad value in the file is the file's, even when an override would replace it.
        let o = Overrides {
            threshold: Some(0.3),
            ..Default::default()
        };
        let e = Scenario::from_json(r#"{"collapse":{"threshold":2}}"#, &o).unwrap_err();
        assert_eq!((e.field.as_str(), e.overridden), ("collapse.threshold", false));
        let e = Scenario::from_json(r#"{"preset":"nope"}"#, &Overrides::default()).unwrap_err();
        assert_eq!((e.field.as_str(), e.overridden), ("preset", false));
    }

    #[test]
    fn older_schema_files_keep_drawing_weekly_shocks_only_unless_they_say_otherwise() {
        let read = |text: &str| Scenario::from_json(text, &Overrides::default()).unwrap().uncertainty;
        assert_eq!(read(r#"{"schema":2}"#), UncertaintyMode::Shocks);
        assert_eq!(read(r#"{"schema":1}"#), UncertaintyMode::Shocks);
        assert_eq!(read(r#"{"schema":2,"uncertainty":"parameters"}"#), UncertaintyMode::Parameters);
        assert_eq!(read(r#"{"schema":3}"#), UncertaintyMode::Parameters);
        assert_eq!(read("{}"), UncertaintyMode::Parameters);
    }

    #[test]
    fn parameters_the_user_sets_are_fixed_unless_the_file_says_otherwise() {
        let s = Scenario::from_json(r#"{"params":{"debt_half_ratio":0.8}}"#, &Overrides::default()).unwrap();
        assert_eq!(s.uncertainty, UncertaintyMode::Parameters);
        let at = PARAM_SPECS.iter().position(|p| p.name == "debt_half_ratio").unwrap();
        let ramp = PARAM_SPECS.iter().position(|p| p.name == "ramp_up_weeks").unwrap();
        assert!(s.fixed[at] && !s.param_draws.is_uncertain(at));
        assert!(s.param_draws.is_uncertain(ramp));
        for run in 0..50 {
            let p = s.run_params(run).unwrap();
            assert_eq!(p.debt_half_ratio, 0.8);
            let (low, high) = params::spec("ramp_up_weeks").unwrap().plausible(s.params.ramp_up_weeks);
            assert!((low..=high).contains(&p.ramp_up_weeks), "{}", p.ramp_up_weeks);
        }
        assert_ne!(s.run_params(0).unwrap().ramp_up_weeks, s.run_params(1).unwrap().ramp_up_weeks);
        // The resolved form lists what is fixed, so it reads back identically.
        let json = s.to_json();
        assert_eq!(json["fixed"], serde_json::json!(["debt_half_ratio"]));
        assert_eq!(Scenario::from_json(&json.to_string(), &Overrides::default()).unwrap(), s);
        // An explicit list wins: here the set value stays uncertain around 0.8.
        let s = Scenario::from_json(r#"{"params":{"debt_half_ratio":0.8},"fixed":[]}"#, &Overrides::default()).unwrap();
        assert!(s.param_draws.is_uncertain(at));
        // Shocks only: no run draws its parameters.
        let s = Scenario::from_json(r#"{"uncertainty":"shocks"}"#, &Overrides::default()).unwrap();
        assert_eq!(s.run_params(0), None);
    }

    #[test]
    fn bad_files_name_the_field_the_value_and_the_range() {
        assert_eq!(
            err(r#"{"uncertainty":"all"}"#),
            "invalid uncertainty: \"all\" (allowed: \"shocks\" or \"parameters\")"
        );
        assert!(err(r#"{"fixed":["ramp_up_weeks","nope"]}"#).starts_with("invalid fixed[1]: \"nope\""));
        assert!(err(r#"{"fixed":["ramp_up_weeks","ramp_up_weeks"]}"#).starts_with("invalid fixed[1]"));
        assert!(err(r#"{"fixed":"ramp_up_weeks"}"#).starts_with("invalid fixed: \"ramp_up_weeks\""));
        assert_eq!(
            err(r#"{"params":{"ramp_up_weeks":100}}"#),
            "invalid params.ramp_up_weeks: 100 (allowed: a number from 4 to 52)"
        );
        assert_eq!(
            err(r#"{"params":{"ramp_up_weeks":"x"}}"#),
            "invalid params.ramp_up_weeks: \"x\" (allowed: a number from 4 to 52)"
        );
        assert!(err(r#"{"params":{"bogus":1}}"#).starts_with("invalid params.bogus: an unknown field"));
        assert!(err(r#"{"extra":1}"#).starts_with("invalid extra: an unknown field"));
        assert!(err(r#"{"params":{"ramp_up_weeks":NaN}}"#).starts_with("invalid scenario: not valid JSON"));
        assert_eq!(err(r#"{"runs":0}"#), "invalid runs: 0 (allowed: a whole number from 1 to 1000000)");
        assert_eq!(
            err(r#"{"runs":1.5}"#),
            "invalid runs: 1.5 (allowed: a whole number from 1 to 1000000)"
        );
        assert_eq!(err(r#"{"weeks":-3}"#), "invalid weeks: -3 (allowed: a whole number from 1 to 1040)");
        assert_eq!(
            err(r#"{"collapse":{"threshold":1}}"#),
            "invalid collapse.threshold: 1 (allowed: a number greater than 0 and less than 1)"
        );
        assert!(err(r#"{"preset":"nope"}"#).starts_with("invalid preset: \"nope\""));
        assert!(err(r#"{"strategies":[{"id":"<script>"}]}"#).starts_with("invalid strategies[0].id"));
        assert!(err(r#"{"strategies":["x","y"]}"#).starts_with("invalid strategies[0]"));
        assert!(err(r#"{"strategies":["scale-early","scale-early"]}"#).starts_with("invalid strategies[1].id"));
        assert!(err(r#"{"strategies":[{"id":"a","refactor_share":0.5,"infra_share":0.5}]}"#)
            .starts_with("invalid strategies[0].refactor_share + infra_share"));
        assert!(err("[1,2]").starts_with("invalid scenario: an array"));
        assert!(err(r#"{"schema":4}"#).starts_with("invalid schema: 4"));
        assert!(err(&"[".repeat(10_000)).starts_with("invalid scenario: not valid JSON"));
        assert!(err(&format!("{{\"x\":\"{}\"}}", "a".repeat(MAX_FILE_BYTES))).starts_with("invalid scenario:"));
    }
}
