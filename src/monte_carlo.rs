//! Monte Carlo: runs × strategies with common random numbers, folded into a
//! fixed-memory `Accumulator`.
//!
//! Every number an accumulator holds is an integer count or a fixed-point
//! integer sum, so accumulators over any split of the run indices merge, in
//! any order, into the same bytes: one thread, N threads and N Web Workers
//! agree exactly.

use crate::collapse::CollapseTracker;
use crate::model::{Derived, RunState, FACTORS};
use crate::params::Params;
use crate::rng::{Draws, Exogenous};
use crate::scenario::Scenario;
use crate::stats::{LogHistogram, MoneyHistogram};
use std::ops::Range;

mod bytes;

/// The weekly metrics reported per strategy, in output order. `velocity` is
/// the smoothed velocity collapse is judged on.
pub const METRICS: [&str; 9] = ["velocity", "users", "team", "debt", "features", "revenue", "burn", "cash", "runway"];
/// Metrics with histograms of their own, in this order: the `FINE` ones
/// (velocity, users, team, debt, features), then burn, cash and runway, which
/// span many powers of two and use the money histogram. Revenue is users ×
/// the revenue per user, so its bands are the users' bands scaled
/// (`result.rs`), and it needs no histogram.
const M: usize = METRICS.len() - 1;
pub const FINE: usize = 5;
const F: usize = FACTORS.len();
/// Runs whose velocity traces are kept for spaghetti lines: run indices 0..20.
pub const SAMPLE_RUNS: u64 = 20;
/// Runs simulated together so each week's histograms stay hot in cache.
const BATCH: usize = 64;
/// A rewrite "overruns badly" at this multiple of its plan (Flyvbjerg & Budzier 2011).
pub const BAD_OVERRUN: f64 = 1.7;
/// Funding rounds counted one by one; more are counted as this many.
pub const MAX_ROUNDS: usize = 16;
/// Fixed-point scale of the summed collapse shares (2^24).
pub const SHARE_SCALE: f64 = 16_777_216.0;

/// How a run ended at the horizon; every run has exactly one outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(usize)]
pub enum Outcome {
    /// Never collapsed, still funded, not in a freeze.
    Healthy = 0,
    /// Collapsed, then came back above the line for a whole window.
    Recovered = 1,
    /// Collapsed and still below the line at the horizon.
    Collapsed = 2,
    /// Ran out of cash (whatever its velocity did before).
    OutOfCash = 3,
    /// Never collapsed, but in a rewrite that had not finished by the horizon.
    Frozen = 4,
}

/// How one run of one strategy ended: what the sensitivity ranking relates
/// to the run's parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunEnd {
    /// The week velocity collapsed (while funded), or the horizon + 1.
    pub collapse_week: u32,
    pub outcome: Outcome,
    /// Feature points shipped by the horizon.
    pub features: f64,
    /// Users at the horizon.
    pub users: f64,
}

/// What one strategy's runs add up to.
#[derive(Debug, Clone, PartialEq)]
pub struct StrategyTally {
    /// Histograms by metric, then week: index `metric * weeks + week`, for
    /// the first `FINE` metrics.
    pub series: Vec<LogHistogram>,
    /// The same for the money metrics: index `(metric − FINE) * weeks + week`.
    pub money: Vec<MoneyHistogram>,
    /// Runs collapsing in each week (index week − 1).
    pub collapse_weeks: Vec<u64>,
    /// Runs running out of cash in each week (index week − 1).
    pub cash_out_weeks: Vec<u64>,
    /// Runs whose first collapse or running out of cash falls in each week.
    pub end_weeks: Vec<u64>,
    /// Collapsed runs by weeks spent collapsed (index = weeks, 0..=horizon).
    pub weeks_collapsed: Vec<u64>,
    /// Runs by outcome (`Outcome` order).
    pub outcomes: [u64; 5],
    pub recovered: u64,
    /// Fixed-point sums of each factor's share of the fall, over collapses.
    pub why_sums: [i64; F],
    pub engineer_weeks: LogHistogram,
    /// Everything spent per feature point shipped, $ (runs that shipped at least one point).
    pub cash_per_feature: LogHistogram,
    /// Sum over runs of min(collapse or out-of-cash week, horizon).
    pub healthy_weeks_sum: u64,
    /// Per other strategy (by index): runs where this one stayed healthy and funded longer, and ties.
    pub wins: Vec<u64>,
    pub ties: Vec<u64>,
    /// Runs by funding rounds raised (index = rounds, the last counts more).
    pub rounds: Vec<u64>,
    pub pivots: u64,
    /// Runs that had product-market fit at the horizon.
    pub fit: u64,
    pub rewrites: u64,
    pub rewrites_finished: u64,
    pub rewrites_overrun_badly: u64,
    /// Actual ÷ planned length of finished rewrites.
    pub rewrite_overrun: LogHistogram,
    /// Runs that spent time in a planned freeze, by weeks frozen (index 0 unused).
    pub freeze_weeks: Vec<u64>,
    /// Smoothed velocity traces of runs 0..SAMPLE_RUNS, by run index.
    pub samples: Vec<(u64, Vec<f32>)>,
}

impl StrategyTally {
    fn new(weeks: usize, strategies: usize) -> Self {
        StrategyTally {
            series: vec![LogHistogram::default(); FINE * weeks],
            money: vec![MoneyHistogram::default(); (M - FINE) * weeks],
            collapse_weeks: vec![0; weeks],
            cash_out_weeks: vec![0; weeks],
            end_weeks: vec![0; weeks],
            weeks_collapsed: vec![0; weeks + 1],
            outcomes: [0; 5],
            recovered: 0,
            why_sums: [0; F],
            engineer_weeks: LogHistogram::default(),
            cash_per_feature: LogHistogram::default(),
            healthy_weeks_sum: 0,
            wins: vec![0; strategies],
            ties: vec![0; strategies],
            rounds: vec![0; MAX_ROUNDS + 1],
            pivots: 0,
            fit: 0,
            rewrites: 0,
            rewrites_finished: 0,
            rewrites_overrun_badly: 0,
            rewrite_overrun: LogHistogram::default(),
            freeze_weeks: vec![0; weeks + 1],
            samples: Vec::new(),
        }
    }

    fn merge(&mut self, other: &StrategyTally) {
        for (a, b) in self.series.iter_mut().zip(&other.series) {
            a.merge(b);
        }
        for (a, b) in self.money.iter_mut().zip(&other.money) {
            a.merge(b);
        }
        add(&mut self.collapse_weeks, &other.collapse_weeks);
        add(&mut self.cash_out_weeks, &other.cash_out_weeks);
        add(&mut self.end_weeks, &other.end_weeks);
        add(&mut self.weeks_collapsed, &other.weeks_collapsed);
        add(&mut self.outcomes, &other.outcomes);
        add(&mut self.wins, &other.wins);
        add(&mut self.ties, &other.ties);
        add(&mut self.rounds, &other.rounds);
        add(&mut self.freeze_weeks, &other.freeze_weeks);
        for (a, b) in self.why_sums.iter_mut().zip(other.why_sums) {
            *a = a.wrapping_add(b);
        }
        self.recovered += other.recovered;
        self.engineer_weeks.merge(&other.engineer_weeks);
        self.cash_per_feature.merge(&other.cash_per_feature);
        self.rewrite_overrun.merge(&other.rewrite_overrun);
        self.healthy_weeks_sum += other.healthy_weeks_sum;
        self.pivots += other.pivots;
        self.fit += other.fit;
        self.rewrites += other.rewrites;
        self.rewrites_finished += other.rewrites_finished;
        self.rewrites_overrun_badly += other.rewrites_overrun_badly;
        for sample in &other.samples {
            if !self.samples.iter().any(|s| s.0 == sample.0) {
                self.samples.push(sample.clone());
            }
        }
        self.samples.sort_by_key(|s| s.0);
    }
}

fn add(a: &mut [u64], b: &[u64]) {
    for (x, y) in a.iter_mut().zip(b) {
        *x += y;
    }
}

/// Everything a set of runs adds up to, for every strategy.
#[derive(Debug, Clone, PartialEq)]
pub struct Accumulator {
    pub weeks: usize,
    pub runs: u64,
    pub strategies: Vec<StrategyTally>,
}

impl Accumulator {
    /// An empty accumulator for `scenario`.
    pub fn new(scenario: &Scenario) -> Self {
        let weeks = scenario.weeks as usize;
        let n = scenario.strategies.len();
        Accumulator {
            weeks,
            runs: 0,
            strategies: (0..n).map(|_| StrategyTally::new(weeks, n)).collect(),
        }
    }

    /// Adds `other`'s runs (from the same scenario) to these.
    pub fn merge(&mut self, other: &Accumulator) {
        self.runs += other.runs;
        for (a, b) in self.strategies.iter_mut().zip(&other.strategies) {
            a.merge(b);
        }
    }
}

/// A scenario made ready to run: its derived values computed once (its
/// distributions are built once in the scenario itself).
pub struct Simulation {
    pub scenario: Scenario,
    derived: Derived,
}

impl Simulation {
    pub fn new(scenario: Scenario) -> Self {
        let derived = Derived::new(&scenario.params, scenario.collapse.smoothing);
        Simulation { scenario, derived }
    }

    /// Simulates run indices `runs` (clipped to the scenario's run count)
    /// under every strategy.
    pub fn run_range(&self, runs: Range<u64>) -> Accumulator {
        let mut acc = Accumulator::new(&self.scenario);
        self.run_into(&mut acc, runs);
        acc
    }

    /// Simulates run indices `runs` (clipped to the scenario's run count) and
    /// adds them to `acc`, which must hold other runs of the same scenario.
    pub fn run_into(&self, acc: &mut Accumulator, runs: Range<u64>) {
        self.run_recording(acc, runs, None);
    }

    /// [`Simulation::run_into`], and when `ends` is given, how each run
    /// ended under each strategy: index `(run − first run) × strategies + strategy`.
    pub fn run_recording(&self, acc: &mut Accumulator, runs: Range<u64>, mut ends: Option<&mut Vec<RunEnd>>) {
        let sc = &self.scenario;
        let start = runs.start.min(sc.runs);
        let runs = start..runs.end.clamp(start, sc.runs);
        let first = runs.start;
        if let Some(ends) = ends.as_deref_mut() {
            let blank = RunEnd {
                collapse_week: 0,
                outcome: Outcome::Healthy,
                features: 0.0,
                users: 0.0,
            };
            ends.clear();
            ends.resize((runs.end - runs.start) as usize * sc.strategies.len(), blank);
        }
        let weeks = sc.weeks as usize;
        let n = sc.strategies.len();
        acc.runs += runs.end.saturating_sub(runs.start);
        let mut exo: Vec<Exogenous> = (0..BATCH).map(|_| Exogenous::default()).collect();
        // Each run's own parameter set when parameters are uncertain.
        let mut drawn: Vec<Option<(Params, Derived)>> = vec![None; BATCH];
        // Traces of the batch: [metric][week][run in batch].
        let mut traces = vec![0.0f64; M * weeks * BATCH];
        let mut healthy = vec![0u32; n * BATCH];
        let mut start = runs.start;
        while start < runs.end {
            let batch = ((runs.end - start) as usize).min(BATCH);
            for (b, e) in exo.iter_mut().enumerate().take(batch) {
                let run = start + b as u64;
                drawn[b] = sc.run_params(run).map(|p| (p, Derived::new(&p, sc.collapse.smoothing)));
                match &drawn[b] {
                    // A drawn set lies in the allowed ranges, which every distribution accepts.
                    Some((p, _)) => e.draw(sc.seed, run, weeks, &Draws::new(p).unwrap_or(sc.draws)),
                    None => e.draw(sc.seed, run, weeks, &sc.draws),
                }
            }
            for (si, strategy) in sc.strategies.iter().enumerate() {
                let tally = &mut acc.strategies[si];
                for b in 0..batch {
                    let run = start + b as u64;
                    let (params, derived) = match &drawn[b] {
                        Some((p, d)) => (p, d),
                        None => (&sc.params, &self.derived),
                    };
                    let mut state = RunState::new(params, derived);
                    let mut tracker = CollapseTracker::new(sc.collapse);
                    let mut cash_out_week = None;
                    for w in 0..weeks {
                        let week = state.step(params, derived, strategy, &exo[b], w);
                        if week.out_of_cash {
                            cash_out_week.get_or_insert(w as u32 + 1);
                        } else {
                            tracker.observe(w as u32 + 1, week.smoothed, &week.factors, week.frozen);
                        }
                        let values = [
                            week.smoothed,
                            week.users,
                            week.team,
                            week.debt,
                            week.features,
                            week.burn,
                            week.cash,
                            week.runway_months,
                        ];
                        for (m, v) in values.into_iter().enumerate() {
                            traces[(m * weeks + w) * BATCH + b] = v;
                        }
                        if let Some((planned, actual)) = week.rewrite_finished {
                            tally.rewrites_finished += 1;
                            let overrun = actual as f64 / planned.max(1.0);
                            tally.rewrite_overrun.insert(overrun);
                            if overrun >= BAD_OVERRUN {
                                tally.rewrites_overrun_badly += 1;
                            }
                        }
                    }
                    tally.rewrites += state.rewrites as u64;
                    tally.pivots += state.pivots as u64;
                    tally.fit += state.product_market_fit as u64;
                    tally.rounds[(state.rounds as usize).min(MAX_ROUNDS)] += 1;
                    if tracker.freeze_weeks > 0 {
                        tally.freeze_weeks[(tracker.freeze_weeks as usize).min(weeks)] += 1;
                    }
                    if let Some(cw) = tracker.collapse_week {
                        tally.collapse_weeks[cw as usize - 1] += 1;
                        let spent = tracker.weeks_collapsed(sc.weeks).unwrap_or(0) as usize;
                        tally.weeks_collapsed[spent.min(weeks)] += 1;
                        if tracker.recovery_week.is_some() {
                            tally.recovered += 1;
                        }
                        if let Some(why) = tracker.why {
                            for (sum, share) in tally.why_sums.iter_mut().zip(why) {
                                *sum = sum.wrapping_add((share.clamp(-1e3, 1e3) * SHARE_SCALE) as i64);
                            }
                        }
                    }
                    if let Some(ow) = cash_out_week {
                        tally.cash_out_weeks[ow as usize - 1] += 1;
                    }
                    let end = match (tracker.collapse_week, cash_out_week) {
                        (Some(c), Some(o)) => Some(c.min(o)),
                        (c, o) => c.or(o),
                    };
                    if let Some(e) = end {
                        tally.end_weeks[e as usize - 1] += 1;
                    }
                    let outcome = if cash_out_week.is_some() {
                        Outcome::OutOfCash
                    } else if tracker.collapse_week.is_some() {
                        if tracker.recovery_week.is_some() {
                            Outcome::Recovered
                        } else {
                            Outcome::Collapsed
                        }
                    } else if state.rewrite.is_some() {
                        Outcome::Frozen
                    } else {
                        Outcome::Healthy
                    };
                    tally.outcomes[outcome as usize] += 1;
                    if let Some(ends) = ends.as_deref_mut() {
                        let last = (FINE - 1) * weeks + weeks - 1;
                        ends[(run - first) as usize * n + si] = RunEnd {
                            collapse_week: tracker.collapse_week.unwrap_or(sc.weeks + 1),
                            outcome,
                            features: traces[last * BATCH + b],
                            users: traces[(weeks + weeks - 1) * BATCH + b],
                        };
                    }
                    let h = end.unwrap_or(sc.weeks + 1);
                    healthy[si * BATCH + b] = h;
                    tally.healthy_weeks_sum += h.min(sc.weeks) as u64;
                    tally.engineer_weeks.insert(state.engineer_weeks);
                    if state.features >= 1.0 {
                        tally.cash_per_feature.insert(state.spent / state.features);
                    }
                    if run < SAMPLE_RUNS {
                        let trace = (0..weeks).map(|w| traces[w * BATCH + b] as f32).collect();
                        tally.samples.push((run, trace));
                    }
                }
                for (slot, hist) in tally.series.iter_mut().enumerate() {
                    for &v in &traces[slot * BATCH..slot * BATCH + batch] {
                        hist.insert(v);
                    }
                }
                let money = FINE * weeks;
                for (slot, hist) in tally.money.iter_mut().enumerate() {
                    let at = (money + slot) * BATCH;
                    for &v in &traces[at..at + batch] {
                        hist.insert(v);
                    }
                }
            }
            for b in 0..batch {
                for a in 0..n {
                    for o in 0..n {
                        let (ha, ho) = (healthy[a * BATCH + b], healthy[o * BATCH + b]);
                        if a != o && ha > ho {
                            acc.strategies[a].wins[o] += 1;
                        } else if a != o && ha == ho {
                            acc.strategies[a].ties[o] += 1;
                        }
                    }
                }
            }
            start += batch as u64;
        }
    }

    /// Every run, on one thread.
    pub fn run_all(&self) -> Accumulator {
        self.run_range(0..self.scenario.runs)
    }
}
