//! Sensitivity: which assumption decides an outcome, and does the decision
//! between two strategies flip inside the plausible ranges?
//!
//! Three answers, all on common random numbers:
//!
//! - **Ranking** (global): the scenario's runs with every uncertain parameter
//!   drawn; each parameter's partial rank correlation (and Spearman's) with
//!   the run's outcome. One simulation, no extra runs.
//! - **Tornado** (one at a time): for the top parameters of the ranking, the
//!   outcome with that parameter at the low and at the high end of its
//!   plausible range, every other parameter at the scenario's value, weekly
//!   shocks only; bars sorted by swing, beside the base (every parameter at
//!   its value).
//! - **Switch points** (two strategies): where the preferred strategy at the
//!   base differs from one at an end of a parameter's range, the value where
//!   it changes, by bisection.
//!
//! The work is split into **cells** so any front can compute them in any
//! order on any number of threads or workers: the ranking cell and cells
//! "parameter `i` at value `x`" (the base is "no parameter"). A cell's runs
//! can be split into chunks ([`Analysis::chunk`]) whose bytes are reduced in
//! run order to one number ([`Analysis::reduce`]). [`Analysis::step`] says,
//! from the cells done so far, which cells are needed next, or gives the
//! finished [`Report`]. The CLI and the wasm bindings drive the same steps, so
//! they give the same bytes.

use crate::error::InputError;
use crate::monte_carlo::{Accumulator, Outcome, RunEnd, Simulation, FINE};
use crate::params::{Evidence, Uncertainty, PARAM_SPECS};
use crate::result::collapse_percentile;
use crate::scenario::{Scenario, UncertaintyMode};
use crate::strategy::{self, Strategy};
use crate::MODEL_VERSION;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::ops::Range;

/// Runs of the ranking: the first this many of the scenario's runs (each
/// run's outcome is kept, so memory is bounded).
pub const MAX_RANKING_RUNS: u64 = 5000;
/// Bisection steps per switch point: the bracket ends at 1/64 of its segment.
pub const BISECTIONS: u32 = 6;
/// Most parameters in a tornado.
pub const MAX_TOP: usize = PARAM_SPECS.len();
pub const DEFAULT_TOP: usize = 10;

/// The outcome a sensitivity is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// The week by which half the runs collapsed (the horizon + 1 when fewer did).
    CollapseWeek,
    /// Share of runs healthy and funded at the horizon.
    Healthy,
    /// Share of runs out of cash by the horizon.
    OutOfCash,
    /// Median feature points shipped by the horizon.
    Features,
    /// Median users at the horizon.
    Users,
}

impl Measure {
    pub const ALL: [Measure; 5] = [
        Measure::CollapseWeek,
        Measure::Healthy,
        Measure::OutOfCash,
        Measure::Features,
        Measure::Users,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Measure::CollapseWeek => "collapse-week",
            Measure::Healthy => "healthy",
            Measure::OutOfCash => "out-of-cash",
            Measure::Features => "features",
            Measure::Users => "users",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Measure::CollapseWeek => "Median collapse week",
            Measure::Healthy => "Share healthy at the horizon",
            Measure::OutOfCash => "Share out of cash",
            Measure::Features => "Features shipped (median)",
            Measure::Users => "Users at the horizon (median)",
        }
    }

    pub fn unit(self) -> &'static str {
        match self {
            Measure::CollapseWeek => "weeks",
            Measure::Healthy | Measure::OutOfCash => "share of runs",
            Measure::Features => "feature points",
            Measure::Users => "users",
        }
    }

    /// Whether more is better (for the preferred strategy).
    pub fn higher_is_better(self) -> bool {
        self != Measure::OutOfCash
    }

    pub fn parse(text: &str, field: &str) -> Result<Measure, InputError> {
        Measure::ALL.into_iter().find(|m| m.id() == text).ok_or_else(|| {
            InputError::new(
                field,
                format!("{text:?}"),
                format!("one of {}", Measure::ALL.map(|m| m.id()).join(", ")),
            )
        })
    }

    /// One run's value under one strategy.
    fn of_run(self, end: &RunEnd) -> f64 {
        match self {
            Measure::CollapseWeek => end.collapse_week as f64,
            Measure::Healthy => (end.outcome == Outcome::Healthy) as u8 as f64,
            Measure::OutOfCash => (end.outcome == Outcome::OutOfCash) as u8 as f64,
            Measure::Features => end.features,
            Measure::Users => end.users,
        }
    }

    /// The value over a strategy's runs.
    fn of_runs(self, acc: &Accumulator, strategy: usize) -> f64 {
        let t = &acc.strategies[strategy];
        let (weeks, runs) = (acc.weeks, acc.runs.max(1));
        let median = |metric: usize| t.series[metric * weeks + weeks - 1].quantiles([0.5])[0];
        match self {
            Measure::CollapseWeek => collapse_percentile(&t.collapse_weeks, acc.runs, 0.5).unwrap_or(weeks as u32 + 1) as f64,
            Measure::Healthy => t.outcomes[Outcome::Healthy as usize] as f64 / runs as f64,
            Measure::OutOfCash => t.outcomes[Outcome::OutOfCash as usize] as f64 / runs as f64,
            Measure::Features => median(FINE - 1),
            Measure::Users => median(1),
        }
    }
}

/// What to analyse: an outcome for one strategy, or the difference of two.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub measure: Measure,
    /// One strategy id, or two (the outcome is the first's minus the second's).
    pub strategies: Vec<String>,
    /// Parameters in the tornado (and with switch points): the top of the ranking.
    pub top: usize,
}

impl Request {
    /// Checks the request's fields; `prefix` names them (`--` for the CLI,
    /// `request.` for the bindings).
    pub fn new(
        measure: &str,
        strategy: Option<&str>,
        versus: Option<&[String]>,
        top: Option<u64>,
        prefix: &str,
    ) -> Result<Request, InputError> {
        let measure = Measure::parse(measure, &format!("{prefix}outcome"))?;
        let strategies = match (strategy, versus) {
            (Some(_), Some(_)) => {
                return Err(InputError::new(
                    format!("{prefix}versus"),
                    "given with a strategy",
                    format!("either {prefix}strategy ID or {prefix}versus A,B"),
                ))
            }
            (Some(s), None) => vec![s.to_string()],
            (None, Some(pair)) => {
                if pair.len() != 2 || pair[0] == pair[1] {
                    return Err(InputError::new(
                        format!("{prefix}versus"),
                        format!("{:?}", pair.join(",")),
                        "two different strategy ids, A,B",
                    ));
                }
                pair.to_vec()
            }
            (None, None) => {
                return Err(InputError::new(
                    format!("{prefix}strategy"),
                    "missing",
                    format!("a strategy id ({prefix}strategy ID) or two ({prefix}versus A,B)"),
                ))
            }
        };
        let top = match top {
            None => DEFAULT_TOP,
            Some(n) if (1..=MAX_TOP as u64).contains(&n) => n as usize,
            Some(n) => {
                return Err(InputError::new(
                    format!("{prefix}top"),
                    n,
                    format!("a whole number from 1 to {MAX_TOP}"),
                ))
            }
        };
        Ok(Request { measure, strategies, top })
    }
}

impl Request {
    /// Reads `{"outcome", "strategy" | "versus": [a, b], "top"}` (the
    /// bindings' plain object), fields named `request.…`.
    pub fn from_value(v: &Value) -> Result<Request, InputError> {
        let keys = ["outcome", "strategy", "versus", "top"];
        let map = v
            .as_object()
            .ok_or_else(|| InputError::new("request", "not an object", "an object {outcome, strategy or versus, top}"))?;
        if let Some(key) = map.keys().find(|k| !keys.contains(&k.as_str())) {
            return Err(InputError::new(
                format!("request.{key}"),
                "an unknown field",
                format!("one of: {}", keys.join(", ")),
            ));
        }
        let text = |key: &str| -> Result<Option<String>, InputError> {
            match map.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(other) => Err(InputError::new(format!("request.{key}"), other, "a string")),
            }
        };
        let outcome = text("outcome")?.unwrap_or_else(|| Measure::CollapseWeek.id().to_string());
        let versus = match map.get("versus") {
            None | Some(Value::Null) => None,
            Some(Value::Array(items)) if items.iter().all(Value::is_string) && items.len() <= 2 => {
                Some(items.iter().filter_map(|i| i.as_str().map(String::from)).collect::<Vec<_>>())
            }
            Some(other) => return Err(InputError::new("request.versus", other, "two different strategy ids, [A, B]")),
        };
        let top = match map.get("top") {
            None | Some(Value::Null) => None,
            Some(t) => Some(
                t.as_u64()
                    .ok_or_else(|| InputError::new("request.top", t, format!("a whole number from 1 to {MAX_TOP}")))?,
            ),
        };
        Request::new(&outcome, text("strategy")?.as_deref(), versus.as_deref(), top, "request.")
    }
}

/// A unit of work: the ranking's runs, or the scenario with one parameter
/// (or none: the base) at a value, on weekly shocks only.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell {
    Ranking,
    At { param: Option<usize>, value: f64 },
}

impl Cell {
    pub const BASE: Cell = Cell::At { param: None, value: 0.0 };

    /// `{"kind": "ranking"}` or `{"kind": "at", "param": name | null, "value": x}`.
    pub fn to_value(&self) -> Value {
        match *self {
            Cell::Ranking => serde_json::json!({"kind": "ranking"}),
            Cell::At { param, value } => serde_json::json!({
                "kind": "at",
                "param": param.map(|i| PARAM_SPECS[i].name),
                "value": if param.is_some() { value } else { 0.0 },
            }),
        }
    }

    /// Reads what [`Cell::to_value`] writes; `field` names it in errors.
    pub fn from_value(v: &Value, field: &str) -> Result<Cell, InputError> {
        let allowed = "{kind: \"ranking\"} or {kind: \"at\", param: a parameter name or null, value: a number}";
        let bad = || InputError::new(field, v.to_string().chars().take(80).collect::<String>(), allowed);
        match v.get("kind").and_then(Value::as_str) {
            Some("ranking") => Ok(Cell::Ranking),
            Some("at") => {
                let value = v.get("value").and_then(Value::as_f64).filter(|x| x.is_finite()).ok_or_else(bad)?;
                match v.get("param") {
                    None | Some(Value::Null) => Ok(Cell::BASE),
                    Some(Value::String(name)) => {
                        let i = PARAM_SPECS.iter().position(|s| s.name == name).ok_or_else(bad)?;
                        Ok(Cell::At { param: Some(i), value })
                    }
                    Some(_) => Err(bad()),
                }
            }
            _ => Err(bad()),
        }
    }

    fn key(&self) -> Option<(Option<usize>, u64)> {
        match *self {
            Cell::Ranking => None,
            Cell::At { param: None, .. } => Some((None, 0)),
            Cell::At { param, value } => Some((param, value.to_bits())),
        }
    }
}

/// The cells finished so far: the ranking's per-run values (in run order)
/// and each parameter cell's outcome.
#[derive(Debug, Clone, Default)]
pub struct Done {
    pub ranking: Option<Vec<f64>>,
    values: BTreeMap<(Option<usize>, u64), f64>,
}

impl Done {
    /// Records a finished cell's reduced result.
    pub fn insert(&mut self, cell: Cell, reduced: Reduced) {
        match (cell.key(), reduced) {
            (None, Reduced::Ranking(values)) => self.ranking = Some(values),
            (Some(key), Reduced::Outcome(v)) => {
                self.values.insert(key, v);
            }
            _ => {}
        }
    }

    fn get(&self, cell: Cell) -> Option<f64> {
        self.values.get(&cell.key()?).copied()
    }
}

/// A cell's result once all its runs are in.
#[derive(Debug, Clone, PartialEq)]
pub enum Reduced {
    /// The outcome (or the difference of two) per run, in run order.
    Ranking(Vec<f64>),
    /// The outcome (or the difference of two) over the cell's runs.
    Outcome(f64),
}

/// What to do next.
#[derive(Debug, Clone)]
pub enum Step {
    Need(Vec<Cell>),
    Finished(Box<Report>),
}

/// One bar of the tornado.
#[derive(Debug, Clone, Serialize)]
pub struct Bar {
    pub param: &'static str,
    pub label: &'static str,
    pub unit: &'static str,
    pub evidence: Evidence,
    pub uncertainty: Uncertainty,
    /// The scenario's value, and the ends of the plausible range.
    pub value: f64,
    pub low: f64,
    pub high: f64,
    /// The outcome with the parameter at the low and at the high end.
    pub outcome_low: f64,
    pub outcome_high: f64,
    /// |outcome_high − outcome_low|.
    pub swing: f64,
}

/// One parameter's place in the global ranking.
#[derive(Debug, Clone, Serialize)]
pub struct Rank {
    pub param: &'static str,
    pub label: &'static str,
    pub evidence: Evidence,
    /// Partial rank correlation with the outcome (null when it cannot be
    /// estimated: a constant outcome, or too few runs).
    pub prcc: Option<f64>,
    /// Spearman's rank correlation with the outcome.
    pub spearman: Option<f64>,
}

/// Where the preferred strategy changes along one parameter.
#[derive(Debug, Clone, Serialize)]
pub struct SwitchPoint {
    pub param: &'static str,
    pub label: &'static str,
    pub unit: &'static str,
    /// The value where the preference changes (midpoint of the last bracket).
    pub value: f64,
    /// The preferred strategy just below and just above it (null on a tie).
    pub below: Option<String>,
    pub above: Option<String>,
}

/// The outcome a report is about.
#[derive(Debug, Clone, Serialize)]
pub struct OutcomeInfo {
    pub id: &'static str,
    pub label: &'static str,
    pub unit: &'static str,
    pub higher_is_better: bool,
}

/// The finished analysis, as the CLI prints it and the page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub model_version: &'static str,
    pub outcome: OutcomeInfo,
    /// The strategy analysed (null for a comparison).
    pub strategy: Option<String>,
    /// The two strategies compared (the outcome is the first's minus the second's).
    pub versus: Option<[String; 2]>,
    pub seed: u64,
    pub runs: u64,
    pub weeks: u32,
    /// The outcome with every parameter at the scenario's value, weekly shocks only.
    pub base: f64,
    /// Bars sorted by swing, largest first.
    pub tornado: Vec<Bar>,
    /// Runs with drawn parameters the ranking was computed from.
    pub ranking_runs: u64,
    /// Every uncertain parameter, most influential first.
    pub ranking: Vec<Rank>,
    /// For a comparison: switch points of the tornado's parameters, in tornado order.
    pub switch_points: Vec<SwitchPoint>,
    /// Plain-language sentences: the top bar, and each switch point.
    pub sentences: Vec<String>,
}

impl Report {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a report always serialises")
    }

    /// `section,param,label,unit,value,low,high,outcome_low,outcome_high,swing,prcc,spearman,below,above`.
    pub fn to_csv(&self) -> String {
        let mut out = String::from("section,param,label,unit,value,low,high,outcome_low,outcome_high,swing,prcc,spearman,below,above\n");
        let opt = |x: Option<f64>| x.map_or(String::new(), |v| v.to_string());
        let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        out.push_str(&format!(
            "base,,{},{},{},,,,,,,,,\n",
            q(self.outcome.label),
            q(self.outcome.unit),
            self.base
        ));
        for b in &self.tornado {
            out.push_str(&format!(
                "tornado,{},{},{},{},{},{},{},{},{},,,,\n",
                b.param,
                q(b.label),
                q(b.unit),
                b.value,
                b.low,
                b.high,
                b.outcome_low,
                b.outcome_high,
                b.swing
            ));
        }
        for r in &self.ranking {
            out.push_str(&format!(
                "ranking,{},{},,,,,,,,{},{},,\n",
                r.param,
                q(r.label),
                opt(r.prcc),
                opt(r.spearman)
            ));
        }
        for s in &self.switch_points {
            out.push_str(&format!(
                "switch,{},{},{},{},,,,,,,,{},{}\n",
                s.param,
                q(s.label),
                q(s.unit),
                s.value,
                s.below.as_deref().map(q).unwrap_or_default(),
                s.above.as_deref().map(q).unwrap_or_default()
            ));
        }
        out
    }
}

/// A scenario and a request made ready to analyse.
pub struct Analysis {
    pub request: Request,
    /// The scenario with only the request's strategies, weekly shocks only:
    /// what every parameter cell runs.
    pub base: Scenario,
    /// The same with every uncertain parameter drawn: what the ranking runs.
    pub uncertain: Scenario,
    /// Catalogue indices of the uncertain parameters.
    pub candidates: Vec<usize>,
    labels: Vec<String>,
}

impl Analysis {
    /// Checks the request against the scenario. A strategy id may name one of
    /// the scenario's strategies or a built-in.
    pub fn new(scenario: &Scenario, request: Request, prefix: &str) -> Result<Analysis, InputError> {
        let field = if request.strategies.len() == 1 {
            format!("{prefix}strategy")
        } else {
            format!("{prefix}versus")
        };
        let strategies: Vec<Strategy> = request
            .strategies
            .iter()
            .map(|id| {
                scenario
                    .strategies
                    .iter()
                    .find(|s| &s.id == id)
                    .cloned()
                    .or_else(|| strategy::builtin(id))
                    .ok_or_else(|| {
                        let mut known: Vec<String> = scenario.strategies.iter().map(|s| s.id.clone()).collect();
                        for b in strategy::builtin_ids() {
                            if !known.contains(&b) {
                                known.push(b);
                            }
                        }
                        InputError::new(&field, format!("{id:?}"), format!("ids from: {}", known.join(", ")))
                    })
            })
            .collect::<Result<_, _>>()?;
        let labels = strategies.iter().map(|s| s.label.clone()).collect();
        let mut base = scenario.clone();
        base.strategies = strategies;
        base.uncertainty = UncertaintyMode::Shocks;
        let mut uncertain = base.clone();
        uncertain.uncertainty = UncertaintyMode::Parameters;
        uncertain.runs = scenario.runs.min(MAX_RANKING_RUNS);
        let candidates = (0..PARAM_SPECS.len()).filter(|&i| scenario.param_draws.is_uncertain(i)).collect();
        Ok(Analysis {
            request,
            base,
            uncertain,
            candidates,
            labels,
        })
    }

    /// The runs a cell covers.
    pub fn runs(&self, cell: Cell) -> u64 {
        match cell {
            Cell::Ranking => self.uncertain.runs,
            Cell::At { .. } => self.base.runs,
        }
    }

    /// The scenario a parameter cell runs, or a refusal for a value outside
    /// the parameter's allowed range.
    pub fn cell_scenario(&self, cell: Cell) -> Result<Scenario, InputError> {
        match cell {
            Cell::Ranking => Ok(self.uncertain.clone()),
            Cell::At { param: None, .. } => Ok(self.base.clone()),
            Cell::At { param: Some(i), value } => {
                let spec = PARAM_SPECS
                    .get(i)
                    .ok_or_else(|| InputError::new("cell.param", i, format!("a catalogue index below {}", PARAM_SPECS.len())))?;
                let mut params = self.base.params;
                *params.get_mut(spec.name).expect("catalogue name") = spec.check(&format!("params.{}", spec.name), value)?;
                self.base.with_params(params, UncertaintyMode::Shocks)
            }
        }
    }

    /// One outcome from the request's strategies' values.
    fn combine(&self, values: &[f64]) -> f64 {
        match values {
            [a, b] => a - b,
            [a] => *a,
            _ => f64::NAN,
        }
    }

    /// Runs `runs` of a cell (clipped to the cell's runs). Ranking chunks are
    /// each run's outcome as little-endian f64s; parameter chunks are
    /// accumulator bytes. Chunks of a cell are reduced in run order.
    pub fn chunk(&self, cell: Cell, runs: Range<u64>) -> Result<Vec<u8>, InputError> {
        let sim = Simulation::new(self.cell_scenario(cell)?);
        let mut acc = Accumulator::new(&sim.scenario);
        match cell {
            Cell::Ranking => {
                let mut ends = Vec::new();
                sim.run_recording(&mut acc, runs, Some(&mut ends));
                let n = sim.scenario.strategies.len();
                let mut out = Vec::with_capacity(ends.len() / n.max(1) * 8);
                for run in ends.chunks(n.max(1)) {
                    let values: Vec<f64> = run.iter().map(|e| self.request.measure.of_run(e)).collect();
                    out.extend_from_slice(&self.combine(&values).to_le_bytes());
                }
                Ok(out)
            }
            Cell::At { .. } => {
                sim.run_into(&mut acc, runs);
                Ok(acc.to_bytes())
            }
        }
    }

    /// Reduces a cell's chunks (in run order) once they cover all its runs.
    pub fn reduce(&self, cell: Cell, chunks: &[Vec<u8>]) -> Result<Reduced, InputError> {
        let bad = |what: &str| {
            InputError::new(
                "chunks",
                what,
                format!("the chunks of this cell, {} runs in run order", self.runs(cell)),
            )
        };
        match cell {
            Cell::Ranking => {
                let mut values = Vec::new();
                for c in chunks {
                    if c.len() % 8 != 0 {
                        return Err(bad("bytes that are not whole numbers"));
                    }
                    values.extend(c.chunks_exact(8).map(|b| f64::from_le_bytes(b.try_into().expect("8 bytes"))));
                }
                if values.len() as u64 != self.runs(cell) || values.iter().any(|v| !v.is_finite()) {
                    return Err(bad(&format!("{} values", values.len())));
                }
                Ok(Reduced::Ranking(values))
            }
            Cell::At { .. } => {
                let scenario = self.cell_scenario(cell)?;
                let mut acc = Accumulator::new(&scenario);
                for c in chunks {
                    let part = Accumulator::from_bytes(c, &scenario).ok_or_else(|| bad("bytes that are not a partial result of it"))?;
                    acc.merge(&part);
                }
                if acc.runs != self.runs(cell) {
                    return Err(bad(&format!("{} runs", acc.runs)));
                }
                Ok(Reduced::Outcome(self.outcome_of(&acc)))
            }
        }
    }

    /// The outcome of a finished parameter cell's accumulator.
    pub fn outcome_of(&self, acc: &Accumulator) -> f64 {
        let values: Vec<f64> = (0..acc.strategies.len()).map(|s| self.request.measure.of_runs(acc, s)).collect();
        self.combine(&values)
    }

    /// The ranking of every candidate from the ranking cell's values.
    pub fn ranking(&self, values: &[f64]) -> Vec<Rank> {
        let n = values.len();
        let y = ranks(values);
        let xs: Vec<Vec<f64>> = {
            let draws: Vec<[f64; crate::params::PARAM_COUNT]> = (0..n as u64)
                .map(|run| {
                    self.uncertain
                        .param_draws
                        .draw(&self.uncertain.params, self.uncertain.seed, run)
                        .to_array()
                })
                .collect();
            self.candidates
                .iter()
                .map(|&i| ranks(&draws.iter().map(|d| d[i]).collect::<Vec<_>>()))
                .collect()
        };
        let spearman: Vec<Option<f64>> = xs.iter().map(|x| correlation(x, &y)).collect();
        let prcc = partial_correlations(&xs, &y);
        let mut out: Vec<(usize, Rank)> = self
            .candidates
            .iter()
            .enumerate()
            .map(|(k, &i)| {
                let spec = &PARAM_SPECS[i];
                let rank = Rank {
                    param: spec.name,
                    label: spec.label,
                    evidence: spec.evidence,
                    prcc: prcc.as_ref().and_then(|p| p[k]),
                    spearman: spearman[k],
                };
                (i, rank)
            })
            .collect();
        let strength = |r: &Rank| r.prcc.or(r.spearman).map_or(0.0, f64::abs);
        out.sort_by(|a, b| strength(&b.1).total_cmp(&strength(&a.1)).then(a.0.cmp(&b.0)));
        out.into_iter().map(|(_, r)| r).collect()
    }

    /// The plausible range's midpoint: geometric for log-uniform parameters.
    fn midpoint(i: usize, a: f64, b: f64) -> f64 {
        match PARAM_SPECS[i].uncertainty {
            Uncertainty::LogUniform { .. } if a > 0.0 && b > 0.0 => libm::sqrt(a * b),
            _ => 0.5 * (a + b),
        }
    }

    /// +1 when the first strategy is preferred, −1 the second, 0 a tie.
    fn preference(&self, diff: f64) -> i32 {
        let d = if self.request.measure.higher_is_better() { diff } else { -diff };
        if d > 0.0 {
            1
        } else if d < 0.0 {
            -1
        } else {
            0
        }
    }

    /// From the cells done so far: the cells needed next, or the report.
    pub fn step(&self, done: &Done) -> Step {
        let mut need = Vec::new();
        let Some(values) = &done.ranking else {
            need.push(Cell::Ranking);
            if done.get(Cell::BASE).is_none() {
                need.push(Cell::BASE);
            }
            return Step::Need(need);
        };
        let ranking = self.ranking(values);
        let top: Vec<usize> = ranking
            .iter()
            .take(self.request.top)
            .map(|r| PARAM_SPECS.iter().position(|s| s.name == r.param).expect("catalogue name"))
            .collect();
        if done.get(Cell::BASE).is_none() {
            need.push(Cell::BASE);
        }
        let ends: Vec<(usize, f64, f64, f64)> = top
            .iter()
            .map(|&i| {
                let value = self.base.params.to_array()[i];
                let (low, high) = PARAM_SPECS[i].plausible(value);
                (i, value, low, high)
            })
            .collect();
        for &(i, _, low, high) in &ends {
            for v in [low, high] {
                let cell = Cell::At { param: Some(i), value: v };
                if done.get(cell).is_none() {
                    need.push(cell);
                }
            }
        }
        if !need.is_empty() {
            return Step::Need(need);
        }
        let base = done.get(Cell::BASE).expect("checked above");
        let at = |i: usize, v: f64| done.get(Cell::At { param: Some(i), value: v });
        let mut switch_points = Vec::new();
        if self.request.strategies.len() == 2 {
            for &(i, value, low, high) in &ends {
                let (ol, oh) = (at(i, low).expect("done"), at(i, high).expect("done"));
                let sb = self.preference(base);
                let segments: Vec<(f64, f64, i32, i32)> = if sb == 0 {
                    vec![(low, high, self.preference(ol), self.preference(oh))]
                } else {
                    vec![(low, value, self.preference(ol), sb), (value, high, sb, self.preference(oh))]
                };
                for (mut a, mut b, sa, sb) in segments {
                    if sa * sb >= 0 {
                        continue;
                    }
                    let (mut point, mut pending) = (None, false);
                    for _ in 0..BISECTIONS {
                        let mid = Analysis::midpoint(i, a, b);
                        match at(i, mid) {
                            None => {
                                need.push(Cell::At {
                                    param: Some(i),
                                    value: mid,
                                });
                                pending = true;
                                break;
                            }
                            Some(o) => match self.preference(o) {
                                0 => {
                                    point = Some(mid);
                                    break;
                                }
                                s if s == sa => a = mid,
                                _ => b = mid,
                            },
                        }
                    }
                    if pending {
                        continue;
                    }
                    let name = |s: i32| (s != 0).then(|| self.request.strategies[if s > 0 { 0 } else { 1 }].clone());
                    let spec = &PARAM_SPECS[i];
                    switch_points.push(SwitchPoint {
                        param: spec.name,
                        label: spec.label,
                        unit: spec.unit,
                        value: point.unwrap_or_else(|| Analysis::midpoint(i, a, b)),
                        below: name(sa),
                        above: name(sb),
                    });
                }
            }
        }
        if !need.is_empty() {
            return Step::Need(need);
        }
        let mut tornado: Vec<(usize, Bar)> = ends
            .iter()
            .map(|&(i, value, low, high)| {
                let spec = &PARAM_SPECS[i];
                let (outcome_low, outcome_high) = (at(i, low).expect("done"), at(i, high).expect("done"));
                let bar = Bar {
                    param: spec.name,
                    label: spec.label,
                    unit: spec.unit,
                    evidence: spec.evidence,
                    uncertainty: spec.uncertainty,
                    value,
                    low,
                    high,
                    outcome_low,
                    outcome_high,
                    swing: (outcome_high - outcome_low).abs(),
                };
                (i, bar)
            })
            .collect();
        tornado.sort_by(|a, b| b.1.swing.total_cmp(&a.1.swing).then(a.0.cmp(&b.0)));
        let tornado: Vec<Bar> = tornado.into_iter().map(|(_, b)| b).collect();
        let sentences = self.sentences(base, &tornado, &switch_points);
        let m = self.request.measure;
        Step::Finished(Box::new(Report {
            model_version: MODEL_VERSION,
            outcome: OutcomeInfo {
                id: m.id(),
                label: m.label(),
                unit: m.unit(),
                higher_is_better: m.higher_is_better(),
            },
            strategy: (self.request.strategies.len() == 1).then(|| self.request.strategies[0].clone()),
            versus: (self.request.strategies.len() == 2).then(|| [self.request.strategies[0].clone(), self.request.strategies[1].clone()]),
            seed: self.base.seed,
            runs: self.base.runs,
            weeks: self.base.weeks,
            base,
            tornado,
            ranking_runs: values.len() as u64,
            ranking,
            switch_points,
            sentences,
        }))
    }

    fn label_of(&self, id: Option<&str>) -> String {
        let i = self.request.strategies.iter().position(|s| Some(s.as_str()) == id).unwrap_or(0);
        self.labels[i].clone()
    }

    fn sentences(&self, base: f64, tornado: &[Bar], switches: &[SwitchPoint]) -> Vec<String> {
        let m = self.request.measure;
        let what = match self.request.strategies.len() {
            2 => format!(
                "the difference in {} between {} and {}",
                m.label().to_lowercase(),
                self.labels[0],
                self.labels[1]
            ),
            _ => format!("{} under {}", m.label().to_lowercase(), self.labels[0]),
        };
        let mut out = Vec::new();
        match tornado.first() {
            Some(b) if b.swing > 0.0 => out.push(format!(
                "{} decides {what} most: from {} to {} ({}) it moves from {} to {} (base {}).",
                b.label,
                round(b.low),
                round(b.high),
                b.unit,
                round(b.outcome_low),
                round(b.outcome_high),
                round(base)
            )),
            _ => out.push(format!("No uncertain parameter moves {what} within its plausible range.")),
        }
        let mut by_param: Vec<&str> = switches.iter().map(|s| s.param).collect();
        by_param.dedup();
        for param in by_param {
            let points: Vec<&SwitchPoint> = switches.iter().filter(|s| s.param == param).collect();
            let value = self.base.params.get(param).unwrap_or(0.0);
            let p = points[0];
            let (label, unit) = (p.label.to_lowercase(), p.unit);
            let name = |id: &Option<String>| id.as_deref().map(|id| self.label_of(Some(id)));
            let sentence = match (points.as_slice(), name(&p.below), name(&p.above)) {
                ([first, last], _, Some(inside)) => match name(&first.below) {
                    Some(outside) => format!(
                        "{inside} beats {outside} only while {label} is between {} and {} ({unit}).",
                        round(first.value),
                        round(last.value)
                    ),
                    None => format!(
                        "{inside} is preferred while {label} is between {} and {} ({unit}).",
                        round(first.value),
                        round(last.value)
                    ),
                },
                (_, Some(below), Some(above)) if p.value <= value => {
                    format!("{above} beats {below} unless {label} is below {} ({unit}).", round(p.value))
                }
                (_, Some(below), Some(above)) => {
                    format!("{below} beats {above} unless {label} is above {} ({unit}).", round(p.value))
                }
                (_, Some(below), None) => format!("{below} is preferred when {label} is below {} ({unit}).", round(p.value)),
                (_, None, Some(above)) => format!("{above} is preferred when {label} is above {} ({unit}).", round(p.value)),
                _ => continue,
            };
            out.push(sentence);
        }
        out
    }

    /// Every step on the calling thread: what a single-threaded front does.
    pub fn run(&self) -> Result<Report, InputError> {
        let mut done = Done::default();
        loop {
            match self.step(&done) {
                Step::Finished(report) => return Ok(*report),
                Step::Need(cells) => {
                    for cell in cells {
                        let bytes = self.chunk(cell, 0..self.runs(cell))?;
                        done.insert(cell, self.reduce(cell, &[bytes])?);
                    }
                }
            }
        }
    }
}

/// A number rounded to three significant digits for a sentence.
fn round(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return format!("{x}");
    }
    let digits = (2 - libm::floor(libm::log10(x.abs())) as i32).clamp(0, 12) as usize;
    let text = format!("{x:.digits$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// Ranks from 1, ties sharing their mean rank.
fn ranks(xs: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..xs.len()).collect();
    order.sort_by(|&a, &b| xs[a].total_cmp(&xs[b]).then(a.cmp(&b)));
    let mut out = vec![0.0; xs.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && xs[order[j + 1]] == xs[order[i]] {
            j += 1;
        }
        let mean = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            out[k] = mean;
        }
        i = j + 1;
    }
    out
}

/// Pearson's correlation; `None` when either side is constant.
fn correlation(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len() as f64;
    if x.len() < 3 {
        return None;
    }
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    (sxx > 0.0 && syy > 0.0).then(|| (sxy / libm::sqrt(sxx * syy)).clamp(-1.0, 1.0))
}

/// Partial correlations of each `x` with `y` given the other `x`s, from the
/// inverse of the correlation matrix; `None` when it cannot be estimated
/// (fewer runs than parameters + 3, a constant column, a singular matrix).
fn partial_correlations(xs: &[Vec<f64>], y: &[f64]) -> Option<Vec<Option<f64>>> {
    let k = xs.len();
    if k == 0 || y.len() < k + 3 {
        return None;
    }
    let cols: Vec<&[f64]> = xs.iter().map(|x| x.as_slice()).chain([y]).collect();
    let m = k + 1;
    let mut c = vec![vec![0.0; 2 * m]; m];
    for i in 0..m {
        for j in 0..m {
            c[i][j] = if i == j { 1.0 } else { correlation(cols[i], cols[j])? };
        }
        c[i][m + i] = 1.0;
    }
    // Gauss–Jordan with partial pivoting.
    for col in 0..m {
        let pivot = (col..m).max_by(|&a, &b| c[a][col].abs().total_cmp(&c[b][col].abs()).then(b.cmp(&a)))?;
        if c[pivot][col].abs() < 1e-10 {
            return None;
        }
        c.swap(col, pivot);
        let p = c[col][col];
        for v in c[col].iter_mut() {
            *v /= p;
        }
        let pivot_row = c[col].clone();
        for (row, values) in c.iter_mut().enumerate() {
            let f = values[col];
            if row != col && f != 0.0 {
                for (v, p) in values.iter_mut().zip(&pivot_row) {
                    let d = f * p;
                    *v -= d;
                }
            }
        }
    }
    let inv = |i: usize, j: usize| c[i][m + j];
    Some(
        (0..k)
            .map(|i| {
                let d = inv(i, i) * inv(k, k);
                (d > 0.0).then(|| (-inv(i, k) / libm::sqrt(d)).clamp(-1.0, 1.0))
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_share_ties_and_correlations_see_monotone_relations() {
        assert_eq!(ranks(&[3.0, 1.0, 3.0, 2.0]), vec![3.5, 1.0, 3.5, 2.0]);
        let x: Vec<f64> = (0..50).map(|i| i as f64).collect();
        let y: Vec<f64> = x.iter().map(|v| v * v * v).collect();
        assert_eq!(correlation(&ranks(&x), &ranks(&y)), Some(1.0));
        assert_eq!(correlation(&x, &[1.0; 50]), None);
        // y depends on a only; b is noise correlated with a: the partial
        // correlation of b given a is near zero, a's near one.
        let a: Vec<f64> = (0..200).map(|i| ((i * 37) % 200) as f64).collect();
        let b: Vec<f64> = (0..200).map(|i| a[i] + ((i * 91) % 50) as f64 * 4.0).collect();
        let y: Vec<f64> = (0..200).map(|i| a[i] * 2.0 + ((i * 53) % 7) as f64).collect();
        let p = partial_correlations(&[ranks(&a), ranks(&b)], &ranks(&y)).unwrap();
        assert!(p[0].unwrap() > 0.9, "{p:?}");
        assert!(p[1].unwrap().abs() < 0.1, "{p:?}");
        assert!(correlation(&ranks(&b), &ranks(&y)).unwrap() > 0.5);
    }

    #[test]
    fn sentences_round_to_three_digits() {
        assert_eq!(round(0.123456), "0.123");
        assert_eq!(round(2500.0), "2500");
        assert_eq!(round(12.0), "12");
        assert_eq!(round(-0.5), "-0.5");
    }

    #[test]
    fn requests_name_the_field_the_value_and_what_is_allowed() {
        let e = Request::new("speed", Some("feature-first"), None, None, "--").unwrap_err();
        assert_eq!(e.field, "--outcome");
        assert!(e.allowed.contains("collapse-week"));
        let e = Request::new("users", None, None, None, "--").unwrap_err();
        assert_eq!(e.field, "--strategy");
        let pair = vec!["a".to_string()];
        assert_eq!(Request::new("users", None, Some(&pair), None, "--").unwrap_err().field, "--versus");
        let e = Request::new("users", Some("feature-first"), None, Some(0), "request.").unwrap_err();
        assert_eq!((e.field.as_str(), e.value.as_str()), ("request.top", "0"));
        let r = Request::new("users", Some("nope"), None, None, "--").unwrap();
        let e = Analysis::new(&Scenario::default(), r, "--").err().unwrap();
        assert_eq!((e.field.as_str(), e.value.as_str()), ("--strategy", "\"nope\""));
    }
}
