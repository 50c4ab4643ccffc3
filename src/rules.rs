//! Rules: how a strategy changes course. A strategy's rules are an ordered
//! list of *when condition(s), do action(s)*, evaluated at the start of every
//! week on what the team can observe at that moment (the state the previous
//! week left), so they are deterministic and draw nothing: common random
//! numbers hold for strategies with and without rules.
//!
//! Two modes, chosen per rule:
//!
//! - `once` (the default, what a founder usually means by "when debt interest
//!   passes 30 %, put 25 % into refactoring"): the rule fires in the first
//!   week all its conditions hold, and its actions hold from that week to the
//!   end of the run, whatever the conditions do later. `start_rewrite` in a
//!   `once` rule asks for one rewrite, which starts in the first week from
//!   then on that no rewrite is under way and the last one ended at least 52
//!   weeks ago.
//! - `while`: the rule's actions hold in exactly the weeks its conditions
//!   hold; in the other weeks its fields are back to what the strategy and
//!   the other rules say. `start_rewrite` in a `while` rule starts a rewrite
//!   in any such week where none is under way and the cooldown has passed.
//!
//! Each week the strategy's own field values are the starting point; then
//! every active rule, in list order, applies its actions, so a later rule
//! wins over an earlier one on the same field. `freeze_hiring` holds the
//! team at its starting size (leavers are still replaced).

use crate::error::{show_number, InputError};
use crate::params::ParamSpec;
use crate::scenario::shown;
use crate::strategy::{Levers, LEVER_SPECS};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::{Map, Value};

/// Most rules one strategy may have.
pub const MAX_RULES: usize = 16;
/// Most conditions in one rule (all must hold).
pub const MAX_CONDITIONS: usize = 4;
/// Most actions in one rule.
pub const MAX_ACTIONS: usize = 4;
/// Longest `text` a rule may carry in a file (it is ignored and rewritten).
pub const MAX_TEXT_CHARS: usize = 500;
/// Weeks after a rewrite before another may start.
pub const REWRITE_COOLDOWN_WEEKS: u32 = 52;

/// What a team can observe at the start of a week.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Observable {
    DebtInterest,
    Utilisation,
    IncidentsPerWeek,
    TeamSize,
    RunwayMonths,
    FitReached,
    Week,
    VelocityVsPeak,
}

/// What the catalogue says about one observable.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ObservableSpec {
    pub name: &'static str,
    pub label: &'static str,
    pub unit: &'static str,
    /// `number` (compared with an operator) or `boolean` (`op` is `is`).
    pub kind: &'static str,
    pub min: f64,
    pub max: f64,
    /// Shown as a percentage in rule texts (the value is a share).
    pub percent: bool,
    pub meaning: &'static str,
    #[serde(skip)]
    observable: Observable,
    #[serde(skip)]
    subject: &'static str,
    #[serde(skip)]
    suffix: &'static str,
}

/// Every observable, in catalogue order.
pub const OBSERVABLES: &[ObservableSpec] = &[
    ObservableSpec {
        name: "debt_interest",
        label: "Debt interest",
        unit: "share of capacity",
        kind: "number",
        min: 0.0,
        max: 1.0,
        percent: true,
        meaning: "Share of the team's capacity lost to technical debt this week.",
        observable: Observable::DebtInterest,
        subject: "debt interest",
        suffix: " %",
    },
    ObservableSpec {
        name: "utilisation",
        label: "Infrastructure utilisation",
        unit: "load / capacity",
        kind: "number",
        min: 0.0,
        max: 10.0,
        percent: true,
        meaning: "The users' load over the infrastructure's capacity (above 1 = overloaded).",
        observable: Observable::Utilisation,
        subject: "utilisation",
        suffix: " %",
    },
    ObservableSpec {
        name: "incidents_per_week",
        label: "Incidents per week (smoothed)",
        unit: "incidents / week",
        kind: "number",
        min: 0.0,
        max: 1000.0,
        percent: false,
        meaning: "Production incidents a week, smoothed over the scenario's smoothing weeks (the same average as velocity).",
        observable: Observable::IncidentsPerWeek,
        subject: "incidents",
        suffix: " a week (smoothed)",
    },
    ObservableSpec {
        name: "team_size",
        label: "Team size",
        unit: "engineers",
        kind: "number",
        min: 0.0,
        max: 1000.0,
        percent: false,
        meaning: "Headcount: experienced engineers, new hires ramping up and those still onboarding.",
        observable: Observable::TeamSize,
        subject: "the team",
        suffix: " engineers",
    },
    ObservableSpec {
        name: "runway_months",
        label: "Runway",
        unit: "months",
        kind: "number",
        min: 0.0,
        max: 120.0,
        percent: false,
        meaning: "Months until the cash is gone at last week's net burn (120 when revenue covers the burn).",
        observable: Observable::RunwayMonths,
        subject: "runway",
        suffix: " months",
    },
    ObservableSpec {
        name: "fit_reached",
        label: "Product-market fit reached",
        unit: "true / false",
        kind: "boolean",
        min: 0.0,
        max: 1.0,
        percent: false,
        meaning: "Whether the product has found its market (the fit signal).",
        observable: Observable::FitReached,
        subject: "product-market fit",
        suffix: "",
    },
    ObservableSpec {
        name: "week",
        label: "Week",
        unit: "week (1 = the first)",
        kind: "number",
        min: 0.0,
        max: 1040.0,
        percent: false,
        meaning: "The week about to be simulated, counted from 1 as in the results.",
        observable: Observable::Week,
        subject: "the week",
        suffix: "",
    },
    ObservableSpec {
        name: "velocity_vs_peak",
        label: "Smoothed velocity vs its peak",
        unit: "share of peak",
        kind: "number",
        min: 0.0,
        max: 1.0,
        percent: true,
        meaning: "The smoothed velocity over its highest value so far (1 before there is a reading, and after a rewrite until the new system's first week).",
        observable: Observable::VelocityVsPeak,
        subject: "smoothed velocity",
        suffix: " % of its peak",
    },
];

/// A comparison.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Test {
    Above(f64),
    AtLeast(f64),
    Below(f64),
    AtMost(f64),
    Is(bool),
}

/// The operators of numeric conditions: name and words.
pub const OPERATORS: &[(&str, &str)] = &[
    ("above", "is above (>)"),
    ("at_least", "is at least (≥)"),
    ("below", "is below (<)"),
    ("at_most", "is at most (≤)"),
];

/// One condition: an observable and a test on it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Condition {
    pub observe: Observable,
    pub test: Test,
}

/// When a rule's actions hold: see the module documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Once,
    While,
}

/// One action.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Action {
    /// Sets the strategy field at this index of [`LEVER_SPECS`].
    Set {
        field: usize,
        value: f64,
    },
    StartRewrite,
    FreezeHiring,
    /// Stops the rewrite under way (its work is lost; the team goes back to
    /// the old system, and the next rewrite waits the cooldown). In a `once`
    /// rule it acts in the week the rule fires; in a `while` rule, in every
    /// week its conditions hold.
    AbandonRewrite,
}

/// A validated rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub when: Vec<Condition>,
    pub mode: Mode,
    pub actions: Vec<Action>,
}

/// The state a team observes at the start of a week.
#[derive(Debug, Clone, Copy, Default)]
pub struct Observed {
    pub debt_interest: f64,
    pub utilisation: f64,
    pub incidents_per_week: f64,
    pub team_size: f64,
    pub runway_months: f64,
    pub fit_reached: bool,
    /// 1-based.
    pub week: f64,
    pub velocity_vs_peak: f64,
}

impl Observed {
    fn get(&self, o: Observable) -> f64 {
        match o {
            Observable::DebtInterest => self.debt_interest,
            Observable::Utilisation => self.utilisation,
            Observable::IncidentsPerWeek => self.incidents_per_week,
            Observable::TeamSize => self.team_size,
            Observable::RunwayMonths => self.runway_months,
            Observable::FitReached => f64::from(u8::from(self.fit_reached)),
            Observable::Week => self.week,
            Observable::VelocityVsPeak => self.velocity_vs_peak,
        }
    }
}

impl Condition {
    /// Whether the condition holds on `o`.
    #[inline]
    pub fn holds(&self, o: &Observed) -> bool {
        let x = o.get(self.observe);
        match self.test {
            Test::Above(v) => x > v,
            Test::AtLeast(v) => x >= v,
            Test::Below(v) => x < v,
            Test::AtMost(v) => x <= v,
            Test::Is(b) => (x != 0.0) == b,
        }
    }
}

/// What a run remembers about its rules: which `once` rules have fired, and
/// whether a rewrite one of them asked for is still to start.
#[derive(Debug, Clone, Copy, Default)]
pub struct RuleState {
    fired: u32,
    /// A `once` rule asked for a rewrite that has not started yet.
    pub rewrite_pending: bool,
}

/// What the strategy does this week once its rules are applied.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    pub levers: Levers,
    pub freeze_hiring: bool,
    /// A rewrite should start this week if none is under way and the cooldown has passed.
    pub start_rewrite: bool,
    /// The rewrite under way, if any, stops this week.
    pub abandon_rewrite: bool,
}

/// Applies `rules` to the strategy's `base` fields for a week whose start
/// looks like `o`, updating the run's rule state.
#[inline]
pub fn apply(rules: &[Rule], base: &Levers, o: &Observed, state: &mut RuleState) -> Policy {
    let mut p = Policy {
        levers: *base,
        freeze_hiring: false,
        start_rewrite: false,
        abandon_rewrite: false,
    };
    for (i, rule) in rules.iter().enumerate() {
        let bit = 1u32 << i;
        let mut fires_now = rule.mode == Mode::While;
        let active = match rule.mode {
            Mode::Once => {
                if state.fired & bit == 0 && rule.when.iter().all(|c| c.holds(o)) {
                    state.fired |= bit;
                    fires_now = true;
                    if rule.actions.contains(&Action::StartRewrite) {
                        state.rewrite_pending = true;
                    }
                }
                state.fired & bit != 0
            }
            Mode::While => rule.when.iter().all(|c| c.holds(o)),
        };
        if !active {
            continue;
        }
        for a in &rule.actions {
            match *a {
                Action::Set { field, value } => p.levers.set(field, value),
                Action::FreezeHiring => p.freeze_hiring = true,
                Action::StartRewrite => p.start_rewrite |= rule.mode == Mode::While,
                Action::AbandonRewrite if fires_now => {
                    p.abandon_rewrite = true;
                    // A rewrite asked for and not started yet is called off too.
                    state.rewrite_pending = false;
                }
                Action::AbandonRewrite => {}
            }
        }
    }
    p.start_rewrite |= state.rewrite_pending;
    p
}

// ---- plain words ---------------------------------------------------------

fn spec_of(o: Observable) -> &'static ObservableSpec {
    OBSERVABLES
        .iter()
        .find(|s| s.observable == o)
        .expect("every observable is in the catalogue")
}

/// A number as the rule texts show it: at most two decimals, no trailing zeros.
fn words_number(x: f64) -> String {
    let r = (x * 100.0).round() / 100.0;
    show_number(if r == 0.0 { 0.0 } else { r })
}

fn words_value(spec: &ObservableSpec, v: f64) -> String {
    if spec.percent {
        format!("{}{}", words_number(v * 100.0), spec.suffix)
    } else {
        format!("{}{}", words_number(v), spec.suffix)
    }
}

impl Condition {
    /// The condition in plain words, e.g. "debt interest is at least 30 %".
    pub fn text(&self) -> String {
        let spec = spec_of(self.observe);
        let (op, v) = match self.test {
            Test::Is(true) => return format!("{} is reached", spec.subject),
            Test::Is(false) => return format!("{} is not reached yet", spec.subject),
            Test::Above(v) => ("is above", v),
            Test::AtLeast(v) => ("is at least", v),
            Test::Below(v) => ("is below", v),
            Test::AtMost(v) => ("is at most", v),
        };
        format!("{} {op} {}", spec.subject, words_value(spec, v))
    }
}

impl Action {
    /// The action in plain words, e.g. "put 25 % of capacity into refactoring".
    pub fn text(&self) -> String {
        let pct = |v: f64| words_number(v * 100.0);
        match *self {
            Action::StartRewrite => "start a rewrite".into(),
            Action::AbandonRewrite => "abandon the rewrite under way".into(),
            Action::FreezeHiring => "freeze hiring (replace leavers only)".into(),
            Action::Set { field, value: v } => match LEVER_SPECS[field].name {
                "refactor_share" => format!("put {} % of capacity into refactoring", pct(v)),
                "infra_share" => format!("put {} % of capacity into infrastructure", pct(v)),
                "hire_per_week" => format!("hire at most {} engineers a week", words_number(v)),
                "hire_ahead" => format!("hire {} × demand ahead", words_number(v)),
                "team_cap" => format!("cap the team at {} engineers", words_number(v)),
                "min_runway_months" => format!("keep {} months of runway when hiring", words_number(v)),
                "split_team_size" if v == 0.0 => "stop splitting teams".into(),
                "split_team_size" => format!("split teams at {} engineers", words_number(v)),
                "rewrite_staff_share" => format!("put {} % of the team on a rewrite", pct(v)),
                other => format!("set {other} to {}", words_number(v)),
            },
        }
    }
}

fn join_and(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

impl Rule {
    /// The rule in plain words, the same for every front: "When debt
    /// interest is at least 30 %: put 25 % of capacity into refactoring,
    /// from then on."
    pub fn text(&self) -> String {
        let when = self.when.iter().map(Condition::text).collect::<Vec<_>>().join(" and ");
        let actions: Vec<String> = self.actions.iter().map(Action::text).collect();
        let sentence = match self.mode {
            Mode::Once => format!("when {when}: {}, from then on.", join_and(&actions)),
            Mode::While => format!("while {when}: {}.", join_and(&actions)),
        };
        let mut chars = sentence.chars();
        chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
    }
}

// ---- the file format -----------------------------------------------------

impl Serialize for Condition {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("observe", spec_of(self.observe).name)?;
        match self.test {
            Test::Is(b) => {
                map.serialize_entry("op", "is")?;
                map.serialize_entry("value", &b)?;
            }
            Test::Above(v) | Test::AtLeast(v) | Test::Below(v) | Test::AtMost(v) => {
                let op = match self.test {
                    Test::Above(_) => "above",
                    Test::AtLeast(_) => "at_least",
                    Test::Below(_) => "below",
                    _ => "at_most",
                };
                map.serialize_entry("op", op)?;
                map.serialize_entry("value", &v)?;
            }
        }
        map.end()
    }
}

impl Serialize for Action {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        match *self {
            Action::Set { field, value } => {
                map.serialize_entry("action", "set")?;
                map.serialize_entry("field", LEVER_SPECS[field].name)?;
                map.serialize_entry("value", &value)?;
            }
            Action::StartRewrite => map.serialize_entry("action", "start_rewrite")?,
            Action::AbandonRewrite => map.serialize_entry("action", "abandon_rewrite")?,
            Action::FreezeHiring => map.serialize_entry("action", "freeze_hiring")?,
        }
        map.end()
    }
}

impl Serialize for Rule {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(4))?;
        if let [one] = self.when.as_slice() {
            map.serialize_entry("when", one)?;
        } else {
            map.serialize_entry("when", &self.when)?;
        }
        map.serialize_entry("mode", if self.mode == Mode::Once { "once" } else { "while" })?;
        map.serialize_entry("do", &self.actions)?;
        map.serialize_entry("text", &self.text())?;
        map.end()
    }
}

fn object<'a>(v: &'a Value, field: &str, keys: &[&str]) -> Result<&'a Map<String, Value>, InputError> {
    let map = v.as_object().ok_or_else(|| InputError::new(field, shown(v), "an object"))?;
    if let Some(key) = map.keys().find(|k| !keys.contains(&k.as_str())) {
        return Err(InputError::new(
            format!("{field}.{key}"),
            "an unknown field",
            format!("one of: {}", keys.join(", ")),
        ));
    }
    Ok(map)
}

fn names(list: impl Iterator<Item = &'static str>) -> String {
    list.collect::<Vec<_>>().join(", ")
}

fn parse_condition(v: &Value, field: &str) -> Result<Condition, InputError> {
    let map = object(v, field, &["observe", "op", "value"])?;
    let name_list = || names(OBSERVABLES.iter().map(|s| s.name));
    let spec = match map.get("observe") {
        Some(Value::String(name)) => OBSERVABLES
            .iter()
            .find(|s| s.name == name)
            .ok_or_else(|| InputError::new(format!("{field}.observe"), format!("{name:?}"), format!("one of {}", name_list())))?,
        Some(other) => {
            return Err(InputError::new(
                format!("{field}.observe"),
                shown(other),
                format!("one of {}", name_list()),
            ))
        }
        None => {
            return Err(InputError::new(
                format!("{field}.observe"),
                "missing",
                format!("one of {}", name_list()),
            ))
        }
    };
    let op = match map.get("op") {
        Some(Value::String(op)) => op.as_str(),
        Some(other) => return Err(InputError::new(format!("{field}.op"), shown(other), "a string")),
        None if spec.kind == "boolean" => "is",
        None => {
            return Err(InputError::new(
                format!("{field}.op"),
                "missing",
                "above, at_least, below or at_most",
            ))
        }
    };
    let at = format!("{field}.value");
    let test = if spec.kind == "boolean" {
        if op != "is" {
            return Err(InputError::new(
                format!("{field}.op"),
                format!("{op:?}"),
                format!("is (for {})", spec.name),
            ));
        }
        match map.get("value") {
            Some(Value::Bool(b)) => Test::Is(*b),
            None => Test::Is(true),
            Some(other) => return Err(InputError::new(at, shown(other), "true or false")),
        }
    } else {
        let allowed = format!("a number from {} to {}", show_number(spec.min), show_number(spec.max));
        let v = match map.get("value") {
            Some(Value::Number(n)) => n.as_f64().unwrap_or(f64::NAN),
            Some(other) => return Err(InputError::new(at, shown(other), allowed)),
            None => return Err(InputError::new(at, "missing", allowed)),
        };
        if !(v.is_finite() && v >= spec.min && v <= spec.max) {
            return Err(InputError::new(at, show_number(v), allowed));
        }
        match op {
            "above" => Test::Above(v),
            "at_least" => Test::AtLeast(v),
            "below" => Test::Below(v),
            "at_most" => Test::AtMost(v),
            other => {
                return Err(InputError::new(
                    format!("{field}.op"),
                    format!("{other:?}"),
                    "above, at_least, below or at_most",
                ))
            }
        }
    };
    Ok(Condition {
        observe: spec.observable,
        test,
    })
}

fn parse_action(v: &Value, field: &str) -> Result<Action, InputError> {
    let map = object(v, field, &["action", "field", "value"])?;
    let kinds = "set, start_rewrite, abandon_rewrite or freeze_hiring";
    let kind = match map.get("action") {
        Some(Value::String(k)) => k.as_str(),
        Some(other) => return Err(InputError::new(format!("{field}.action"), shown(other), kinds)),
        None => return Err(InputError::new(format!("{field}.action"), "missing", kinds)),
    };
    let only_action = |what: Action| {
        if let Some(key) = ["field", "value"].into_iter().find(|k| map.contains_key(*k)) {
            Err(InputError::new(
                format!("{field}.{key}"),
                "an unknown field",
                format!("only action (for {kind})"),
            ))
        } else {
            Ok(what)
        }
    };
    match kind {
        "start_rewrite" => only_action(Action::StartRewrite),
        "abandon_rewrite" => only_action(Action::AbandonRewrite),
        "freeze_hiring" => only_action(Action::FreezeHiring),
        "set" => {
            let lever_list = || format!("one of {}", names(LEVER_SPECS.iter().map(|s| s.name)));
            let index = match map.get("field") {
                Some(Value::String(name)) => LEVER_SPECS
                    .iter()
                    .position(|s| s.name == name)
                    .ok_or_else(|| InputError::new(format!("{field}.field"), format!("{name:?}"), lever_list()))?,
                Some(other) => return Err(InputError::new(format!("{field}.field"), shown(other), lever_list())),
                None => return Err(InputError::new(format!("{field}.field"), "missing", lever_list())),
            };
            let spec: &ParamSpec = &LEVER_SPECS[index];
            let at = format!("{field}.value");
            let value = match map.get("value") {
                Some(Value::Number(n)) => n.as_f64().unwrap_or(f64::NAN),
                Some(other) => return Err(InputError::new(at, shown(other), spec.allowed())),
                None => return Err(InputError::new(at, "missing", spec.allowed())),
            };
            let value = spec.check(&at, value)?;
            if spec.name == "split_team_size" && value > 0.0 && value < 3.0 {
                return Err(InputError::new(at, show_number(value), "0 (never split) or a number from 3 to 50"));
            }
            Ok(Action::Set { field: index, value })
        }
        other => Err(InputError::new(format!("{field}.action"), format!("{other:?}"), kinds)),
    }
}

fn list<'a>(v: &'a Value, field: &str, max: usize, what: &str) -> Result<&'a [Value], InputError> {
    match v {
        Value::Array(items) if !items.is_empty() && items.len() <= max => Ok(items),
        Value::Array(items) => Err(InputError::new(
            field,
            format!("{} entries", items.len()),
            format!("1 to {max} {what}"),
        )),
        other => Err(InputError::new(field, shown(other), format!("an array of 1 to {max} {what}"))),
    }
}

fn parse_rule(v: &Value, field: &str) -> Result<Rule, InputError> {
    let map = object(v, field, &["when", "mode", "do", "text"])?;
    let when = match map.get("when") {
        Some(c @ Value::Object(_)) => vec![parse_condition(c, &format!("{field}.when"))?],
        Some(other) => list(other, &format!("{field}.when"), MAX_CONDITIONS, "conditions")?
            .iter()
            .enumerate()
            .map(|(i, c)| parse_condition(c, &format!("{field}.when[{i}]")))
            .collect::<Result<_, _>>()?,
        None => {
            return Err(InputError::new(
                format!("{field}.when"),
                "missing",
                "a condition or a list of conditions",
            ))
        }
    };
    let mode = match map.get("mode") {
        None => Mode::Once,
        Some(Value::String(m)) if m == "once" => Mode::Once,
        Some(Value::String(m)) if m == "while" => Mode::While,
        Some(other) => return Err(InputError::new(format!("{field}.mode"), shown(other), "once or while")),
    };
    let actions = match map.get("do") {
        Some(a) => list(a, &format!("{field}.do"), MAX_ACTIONS, "actions")?
            .iter()
            .enumerate()
            .map(|(i, a)| parse_action(a, &format!("{field}.do[{i}]")))
            .collect::<Result<_, _>>()?,
        None => {
            return Err(InputError::new(
                format!("{field}.do"),
                "missing",
                format!("a list of 1 to {MAX_ACTIONS} actions"),
            ))
        }
    };
    match map.get("text") {
        None => {}
        Some(Value::String(t)) if t.chars().count() <= MAX_TEXT_CHARS => {}
        Some(other) => {
            return Err(InputError::new(
                format!("{field}.text"),
                shown(other),
                format!("a string of at most {MAX_TEXT_CHARS} characters (ignored: the text is rewritten from the rule)"),
            ))
        }
    }
    Ok(Rule { when, mode, actions })
}

/// Reads one rule from its file form; `field` names where it sits.
pub fn parse_one(v: &Value, field: &str) -> Result<Rule, InputError> {
    parse_rule(v, field)
}

/// Reads a strategy's `rules` from its file form; `field` names the list
/// (e.g. `strategies[2].rules`).
pub fn parse(v: &Value, field: &str) -> Result<Vec<Rule>, InputError> {
    match v {
        Value::Array(items) if items.len() > MAX_RULES => Err(InputError::new(
            field,
            format!("{} entries", items.len()),
            format!("at most {MAX_RULES} rules"),
        )),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, r)| parse_rule(r, &format!("{field}[{i}]")))
            .collect(),
        other => Err(InputError::new(
            field,
            shown(other),
            format!("an array of at most {MAX_RULES} rules"),
        )),
    }
}

/// The rules' part of the catalogue: what a front end needs to list
/// conditions and actions with their units and ranges.
pub fn catalogue() -> Value {
    serde_json::json!({
        "conditions": OBSERVABLES,
        "operators": OPERATORS.iter().map(|(name, words)| serde_json::json!({"name": name, "words": words})).collect::<Vec<_>>(),
        "boolean_operator": "is",
        "modes": [
            {"name": "once", "default": true, "meaning": "Fires in the first week all its conditions hold; its actions hold from then on (start_rewrite: one rewrite, as soon as none is under way and the last ended 52 weeks ago)."},
            {"name": "while", "default": false, "meaning": "Its actions hold in the weeks its conditions hold, and no others (start_rewrite: a rewrite in any such week, none under way, 52 weeks after the last)."},
        ],
        "actions": [
            {"name": "set", "meaning": "Sets a strategy field to a value (checked against the field's range).", "fields": LEVER_SPECS},
            {"name": "start_rewrite", "meaning": "Starts rebuilding the system with the strategy's rewrite team share."},
            {"name": "abandon_rewrite", "meaning": "Stops the rewrite under way: its work is lost, the team goes back to the old system, and the next rewrite waits 52 weeks (once: in the week the rule fires; while: in every week its conditions hold)."},
            {"name": "freeze_hiring", "meaning": "Holds the team at its starting size: leavers are replaced, nobody else is hired."},
        ],
        "evaluation": "At the start of each week, on the state the previous week left; rules apply in list order, a later rule winning on the same field.",
        "limits": {"rules": MAX_RULES, "conditions": MAX_CONDITIONS, "actions": MAX_ACTIONS},
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rule(v: Value) -> Result<Rule, InputError> {
        parse_rule(&v, "r")
    }

    #[test]
    fn rules_read_back_from_their_serialised_form_and_say_what_they_do() {
        let r = rule(json!({"when": {"observe": "debt_interest", "op": "at_least", "value": 0.3},
            "do": [{"action": "set", "field": "refactor_share", "value": 0.25}]}))
        .unwrap();
        assert_eq!(r.mode, Mode::Once);
        assert_eq!(
            r.text(),
            "When debt interest is at least 30 %: put 25 % of capacity into refactoring, from then on."
        );
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(rule(v).unwrap(), r);
        let r = rule(json!({"when": [{"observe": "fit_reached", "value": false}, {"observe": "week", "op": "above", "value": 10}],
            "mode": "while", "do": [{"action": "freeze_hiring"}, {"action": "start_rewrite"}, {"action": "set", "field": "split_team_size", "value": 0}]}))
        .unwrap();
        assert_eq!(
            r.text(),
            "While product-market fit is not reached yet and the week is above 10: freeze hiring (replace leavers only), start a rewrite and stop splitting teams."
        );
        assert_eq!(rule(serde_json::to_value(&r).unwrap()).unwrap(), r);
    }

    #[test]
    fn bad_rules_name_the_field_the_value_and_the_range() {
        let e = |v: Value| rule(v).unwrap_err().to_string();
        let set = json!([{"action": "set", "field": "refactor_share", "value": 0.2}]);
        assert_eq!(
            e(json!({"when": {"observe": "debt_interest", "op": "above", "value": 2}, "do": set})),
            "invalid r.when.value: 2 (allowed: a number from 0 to 1)"
        );
        assert!(
            e(json!({"when": {"observe": "mood", "op": "above", "value": 0.1}, "do": set})).starts_with("invalid r.when.observe: \"mood\"")
        );
        assert!(e(json!({"when": {"observe": "week", "op": "equals", "value": 1}, "do": set})).starts_with("invalid r.when.op"));
        assert!(e(json!({"when": {"observe": "fit_reached", "value": 1}, "do": set})).starts_with("invalid r.when.value: 1"));
        assert_eq!(
            e(
                json!({"when": {"observe": "week", "op": "above", "value": 1}, "do": [{"action": "set", "field": "infra_share", "value": 0.95}]})
            ),
            "invalid r.do[0].value: 0.95 (allowed: a number from 0 to 0.8)"
        );
        assert!(
            e(json!({"when": {"observe": "week", "op": "above", "value": 1}, "do": [{"action": "set", "field": "id", "value": 1}]}))
                .starts_with("invalid r.do[0].field: \"id\"")
        );
        assert!(e(json!({"when": {"observe": "week", "op": "above", "value": 1}, "do": []})).starts_with("invalid r.do: 0 entries"));
        let five = vec![json!({"action": "freeze_hiring"}); 5];
        assert!(e(json!({"when": {"observe": "week", "op": "above", "value": 1}, "do": five}))
            .starts_with("invalid r.do: 5 entries (allowed: 1 to 4 actions)"));
        assert!(
            e(json!({"when": {"observe": "week", "op": "above", "value": 1}, "mode": "always", "do": set})).starts_with("invalid r.mode")
        );
        assert!(
            e(json!({"when": {"observe": "week", "op": "above", "value": 1}, "do": set, "x": 1}))
                .starts_with("invalid r.x: an unknown field")
        );
        let many: Vec<Value> = (0..17)
            .map(|_| json!({"when": {"observe": "week", "op": "above", "value": 1}, "do": set}))
            .collect();
        assert_eq!(
            parse(&Value::Array(many), "s.rules").unwrap_err().to_string(),
            "invalid s.rules: 17 entries (allowed: at most 16 rules)"
        );
    }

    #[test]
    fn once_rules_latch_and_while_rules_follow_their_condition() {
        let base = Levers::default();
        let rules = vec![
            rule(json!({"when": {"observe": "debt_interest", "op": "at_least", "value": 0.3},
                "do": [{"action": "set", "field": "refactor_share", "value": 0.25}, {"action": "start_rewrite"}]}))
            .unwrap(),
            rule(json!({"when": {"observe": "utilisation", "op": "above", "value": 0.9}, "mode": "while",
                "do": [{"action": "set", "field": "infra_share", "value": 0.3}, {"action": "set", "field": "refactor_share", "value": 0.1}]}))
            .unwrap(),
        ];
        let mut state = RuleState::default();
        let mut o = Observed::default();
        let p = apply(&rules, &base, &o, &mut state);
        assert_eq!((p.levers.refactor_share, p.levers.infra_share, p.start_rewrite), (0.0, 0.0, false));
        o.debt_interest = 0.3;
        o.utilisation = 0.95;
        let p = apply(&rules, &base, &o, &mut state);
        // The later rule wins on the same field.
        assert_eq!((p.levers.refactor_share, p.levers.infra_share, p.start_rewrite), (0.1, 0.3, true));
        o.debt_interest = 0.0;
        o.utilisation = 0.5;
        let p = apply(&rules, &base, &o, &mut state);
        assert_eq!((p.levers.refactor_share, p.levers.infra_share), (0.25, 0.0));
        // The rewrite asked for stays pending until one starts.
        assert!(p.start_rewrite);
        state.rewrite_pending = false;
        assert!(!apply(&rules, &base, &o, &mut state).start_rewrite);
    }
}
