//! Monte Carlo: runs × strategies with common random numbers, folded into a
//! fixed-memory `Accumulator`.
//!
//! Every number an accumulator holds is an integer count or a fixed-point
//! integer sum, so accumulators over any split of the run indices merge, in
//! any order, into the same bytes: one thread, N threads and N Web Workers
//! agree exactly.

use crate::collapse::CollapseTracker;
use crate::fastmath;
use crate::model::{Derived, RunState, StartInputs, StartParams, WeekStart, FACTORS, TRACKED};
use crate::params::Params;
use crate::rng::{Draws, Exogenous, WeekShocks};
use crate::scenario::Scenario;
use crate::stats::{LogHistogram, MoneyHistogram};
use crate::strategy::Strategy;
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
/// Runs simulated together, at most: each week's histograms are visited
/// once per batch and strategy, so a wide batch fills each cache line of
/// them with many counts (256 ran about 14 % faster than 64 natively; 512
/// no faster than 256).
const BATCH: usize = 256;
/// The metrics (in `values` order) that are zero in every week after a run
/// ran out of cash: all but its debt and features.
const DEAD_ZERO: [bool; M] = [true, true, true, false, false, true, true, true];
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

/// Whether a batch computes its runs' [`WeekStart`]s in a pass of their own
/// before stepping them: where that loop vectorises, on x86-64 (natively
/// 1.3× faster in all) and in wasm built with `simd128`. In wasm without
/// SIMD the branching forms inside each step are faster, and the pass would
/// only add a store and a load.
const VECTOR_STARTS: bool = cfg!(any(target_arch = "x86_64", target_feature = "simd128"));

/// The [`WeekStart`]s of a batch of runs, one array per quantity: its
/// inputs (debt and codebase as the week starts, the velocity shock), each
/// run's parameters, and the results. The loop over runs then reads and
/// writes consecutive values, which every target vectorises: two runs at a
/// time with SSE2 (the x86-64 baseline) or wasm `simd128`, four with AVX2
/// where the CPU has it (wasm has no gather, and did not vectorise the loop
/// over the runs' own structs). Every operation of
/// [`WeekStart::interest_and_size`] and [`WeekStart::rest`] is an IEEE
/// addition, multiplication, division, square root, comparison or bit mask,
/// each exact in any vector width, and no multiply-add is fused (FMA is not
/// enabled), so the bits are the same on every path.
struct WeekStarts {
    inputs: StartLanes,
    params: ParamLanes,
    out: OutLanes,
    /// Every run of the batch has curvature 2, or size exponent ½ (as
    /// without parameter uncertainty at the defaults): the pass then skips
    /// that `pow`.
    all_square: bool,
    all_root: bool,
}

/// A struct of `BATCH`-long arrays, one per field of `$one`, with the
/// field's value of lane `i` read whole (and, for `settable` ones, written
/// whole; the results are written by field, pass by pass).
macro_rules! lanes {
    ($name:ident of $one:ident { $($f:ident),* $(,)? }) => {
        struct $name { $( $f: [f64; BATCH], )* }

        impl $name {
            fn new() -> Self {
                $name { $( $f: [0.0; BATCH], )* }
            }

            #[inline(always)]
            fn get(&self, i: usize) -> $one {
                $one { $( $f: self.$f[i], )* }
            }

            fn swap(&mut self, i: usize, j: usize) {
                $( self.$f.swap(i, j); )*
            }
        }
    };
    ($name:ident of $one:ident, settable { $($f:ident),* $(,)? }) => {
        lanes!($name of $one { $($f),* });

        impl $name {
            #[inline(always)]
            fn set(&mut self, i: usize, v: &$one) {
                $( self.$f[i] = v.$f; )*
            }
        }
    };
}

lanes!(StartLanes of StartInputs, settable {
    debt,
    codebase,
    velocity_shock,
    users,
    infra_capacity,
    features,
    team,
    last_velocity,
    defect_boost,
    incidents_u,
    incidents_ln,
});
lanes!(ParamLanes of StartParams, settable {
    debt_half_ratio,
    debt_curvature,
    size_scale,
    size_exponent,
    noise_base,
    noise_debt,
    load_per_user,
    overload_slowdown,
    inv_overload_features,
    coupling,
    debt_coupling,
    communication_overhead,
    inter_team_overhead,
    load_incident_rate,
    deploys_per_point,
    change_failure_rate,
    defects_from_debt,
    split_team_size,
});
lanes!(OutLanes of WeekStart {
    interest,
    size,
    noise,
    rho,
    overload,
    coordination,
    slowness,
    mean_incidents,
    no_incident,
    incidents,
});

impl WeekStarts {
    fn new() -> Box<Self> {
        Box::new(WeekStarts {
            inputs: StartLanes::new(),
            params: ParamLanes::new(),
            out: OutLanes::new(),
            all_square: false,
            all_root: false,
        })
    }

    /// Notes which special cases every run of `0..n` shares, once their
    /// parameters are set.
    fn params_set(&mut self, n: usize) {
        let n = n.min(BATCH);
        self.all_square = self.params.debt_curvature[..n].iter().all(|&c| c == 2.0);
        self.all_root = self.params.size_exponent[..n].iter().all(|&e| e == 0.5);
    }

    /// Run `b`'s parameters.
    fn set_params(&mut self, b: usize, p: &StartParams) {
        self.params.set(b, p);
    }

    /// Run `b`'s parameters, as [`WeekStarts::set_params`] set them.
    #[inline(always)]
    fn params(&self, b: usize) -> StartParams {
        self.params.get(b)
    }

    /// Run `b`'s stocks as its week starts, and its velocity shock.
    #[inline(always)]
    fn set_inputs(&mut self, b: usize, x: &StartInputs) {
        self.inputs.set(b, x);
    }

    /// Exchanges lanes `i` and `j`: their parameters, inputs and results.
    fn swap(&mut self, i: usize, j: usize) {
        self.params.swap(i, j);
        self.inputs.swap(i, j);
        self.out.swap(i, j);
    }

    /// Run `b`'s week start, once [`WeekStarts::compute`] has run.
    #[inline(always)]
    fn get(&self, b: usize) -> WeekStart {
        self.out.get(b)
    }

    /// The week starts of runs `0..n`.
    fn compute(&mut self, n: usize) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU has AVX2, checked just above.
            unsafe { self.compute_avx2(n) };
            return;
        }
        self.compute_in(n);
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn compute_avx2(&mut self, n: usize) {
        self.compute_in(n);
    }

    #[inline(always)]
    fn compute_in(&mut self, n: usize) {
        match (self.all_square, self.all_root) {
            (true, true) => self.compute_known::<true, true>(n),
            (true, false) => self.compute_known::<true, false>(n),
            (false, true) => self.compute_known::<false, true>(n),
            (false, false) => self.compute_known::<false, false>(n),
        }
    }

    #[inline(always)]
    fn compute_known<const SQUARE: bool, const ROOT: bool>(&mut self, n: usize) {
        let n = n.min(BATCH);
        // Several loops rather than one: debt interest and size drag (their
        // powers); the velocity noise (an exponential), utilisation,
        // overload and slowness; coordination, the incidents expected and
        // the chance of none (another exponential). Each holds fewer values
        // at once, which Chromium's wasm engine then keeps in registers
        // rather than on the stack (two loops instead of one: a twentieth
        // less time for a simulation in a worker; the second split in two:
        // a few per cent less there and natively, BENCHMARKS.md). The same
        // operations either way.
        let (inputs, params, out) = (&self.inputs, &self.params, &mut self.out);
        for i in 0..n {
            (out.interest[i], out.size[i]) = WeekStart::interest_and_size::<SQUARE, ROOT>(&inputs.get(i), &params.get(i));
        }
        for i in 0..n {
            let (x, p) = (inputs.get(i), params.get(i));
            (out.noise[i], out.rho[i], out.overload[i], out.slowness[i]) = WeekStart::rest_a(&x, &p, out.interest[i]);
        }
        for i in 0..n {
            let (x, p) = (inputs.get(i), params.get(i));
            (out.coordination[i], out.mean_incidents[i], out.no_incident[i]) = WeekStart::rest_b(&x, &p, out.interest[i], out.rho[i]);
        }
        // The incident counts in a third loop, for the same reason: the
        // inversion's first INLINE_INCIDENTS terms for every run, so that the
        // step no longer counts in a loop as long as the draw (whose exit the
        // processor mispredicted about every other run-week). A run with more
        // incidents, or a mean so large that the chance of none underflows
        // to zero, is left to it.
        for i in 0..n {
            out.incidents[i] = out.get(i).incidents_of(&inputs.get(i));
        }
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

    /// These runs without the tallies that depend on how collapse is judged
    /// (the threshold and window): collapse and end weeks, weeks collapsed,
    /// recoveries, the causes of the fall, outcomes, healthy weeks, wins and
    /// ties. [`Accumulator::add_judged`] adds them back under any rule.
    pub fn without_judged(&self) -> Accumulator {
        let mut acc = self.clone();
        acc.strategies.iter_mut().for_each(StrategyTally::clear_judged);
        acc
    }

    /// Adds the tallies of `part` (from [`Trends::judge`] for some of these
    /// runs) that depend on how collapse is judged.
    pub fn add_judged(&mut self, part: &Accumulator) {
        for (a, b) in self.strategies.iter_mut().zip(&part.strategies) {
            a.add_judged(b);
        }
    }

    /// These runs of some of the strategies: `picks[k]` is where the new
    /// set's strategy `k` stands here (see [`Scenario::picks_from`]). The
    /// runs of a strategy meet the same draws whatever strategies stand
    /// beside it, so its tallies are its own; its wins and ties are kept
    /// against the strategies picked. The accumulator a simulation of the
    /// new set gives, byte for byte.
    pub fn pick(&self, picks: &[usize]) -> Accumulator {
        Accumulator {
            weeks: self.weeks,
            runs: self.runs,
            strategies: picks
                .iter()
                .map(|&i| {
                    let t = &self.strategies[i];
                    StrategyTally {
                        wins: picks.iter().map(|&j| t.wins[j]).collect(),
                        ties: picks.iter().map(|&j| t.ties[j]).collect(),
                        ..t.clone()
                    }
                })
                .collect(),
        }
    }

    /// These runs as runs of a scenario that adds strategies to theirs
    /// ([`Scenario::extends`]; `picks[k]` is where its strategy `k` stands
    /// here, none for a new one): the held strategies' tallies without the
    /// judged ones, the new strategies' empty, what [`Trends::extend`]'s
    /// accumulators of the same runs complete.
    pub fn carried(&self, picks: &[Option<usize>]) -> Accumulator {
        let n = picks.len();
        Accumulator {
            weeks: self.weeks,
            runs: self.runs,
            strategies: picks
                .iter()
                .map(|pick| match pick {
                    Some(i) => {
                        let mut t = self.strategies[*i].clone();
                        t.clear_judged();
                        t.wins = vec![0; n];
                        t.ties = vec![0; n];
                        t
                    }
                    None => StrategyTally::new(self.weeks, n),
                })
                .collect(),
        }
    }

    /// Adds `part` (from [`Trends::extend`] for some of the runs this
    /// accumulator, made by [`Accumulator::carried`] with the same
    /// `picks`, holds): the new strategies' own tallies and every
    /// strategy's judged ones, without counting the runs again.
    pub fn add_extension(&mut self, part: &Extension, picks: &[Option<usize>]) {
        let fresh = (0..picks.len()).filter(|&k| picks[k].is_none());
        for (k, tally) in fresh.zip(&part.alone.strategies) {
            let mut own = tally.clone();
            // Judged among the new strategies alone: `judged` has them among all.
            own.clear_judged();
            self.strategies[k].merge(&own);
        }
        self.add_judged(&part.judged);
    }
}

impl StrategyTally {
    /// Forgets every tally that depends on how collapse is judged (the
    /// threshold and window), keeping the weekly histograms and everything
    /// else the runs did: what [`Trends::judge`] counts again.
    fn clear_judged(&mut self) {
        self.collapse_weeks.fill(0);
        self.end_weeks.fill(0);
        self.weeks_collapsed.fill(0);
        self.outcomes = [0; 5];
        self.recovered = 0;
        self.why_sums = [0; F];
        self.healthy_weeks_sum = 0;
        self.wins.fill(0);
        self.ties.fill(0);
    }

    /// Adds `other`'s tallies that depend on how collapse is judged.
    fn add_judged(&mut self, other: &StrategyTally) {
        let add = |a: &mut [u64], b: &[u64]| a.iter_mut().zip(b).for_each(|(a, b)| *a += b);
        add(&mut self.collapse_weeks, &other.collapse_weeks);
        add(&mut self.end_weeks, &other.end_weeks);
        add(&mut self.weeks_collapsed, &other.weeks_collapsed);
        add(&mut self.outcomes, &other.outcomes);
        add(&mut self.wins, &other.wins);
        add(&mut self.ties, &other.ties);
        self.recovered += other.recovered;
        self.healthy_weeks_sum += other.healthy_weeks_sum;
        for (a, b) in self.why_sums.iter_mut().zip(other.why_sums) {
            *a = a.wrapping_add(b);
        }
    }

    /// Adds how one run ended as `tracker` judged it: its collapse, its
    /// end (collapse or running out of cash), its outcome and healthy weeks.
    /// Returns the healthy weeks (the end week, or `weeks + 1`) and the outcome.
    fn judge_end(&mut self, tracker: &CollapseTracker, cash_out: Option<u32>, rewriting: bool, weeks: u32) -> (u32, Outcome) {
        let horizon = weeks as usize;
        if let Some(cw) = tracker.collapse_week {
            self.collapse_weeks[cw as usize - 1] += 1;
            let spent = tracker.weeks_collapsed(weeks).unwrap_or(0) as usize;
            self.weeks_collapsed[spent.min(horizon)] += 1;
            if tracker.recovery_week.is_some() {
                self.recovered += 1;
            }
            if let Some(why) = tracker.why {
                for (sum, share) in self.why_sums.iter_mut().zip(why) {
                    *sum = sum.wrapping_add((share.clamp(-1e3, 1e3) * SHARE_SCALE) as i64);
                }
            }
        }
        let end = match (tracker.collapse_week, cash_out) {
            (Some(c), Some(o)) => Some(c.min(o)),
            (c, o) => c.or(o),
        };
        if let Some(e) = end {
            self.end_weeks[e as usize - 1] += 1;
        }
        let outcome = if cash_out.is_some() {
            Outcome::OutOfCash
        } else if tracker.collapse_week.is_some() {
            if tracker.recovery_week.is_some() {
                Outcome::Recovered
            } else {
                Outcome::Collapsed
            }
        } else if rewriting {
            Outcome::Frozen
        } else {
            Outcome::Healthy
        };
        self.outcomes[outcome as usize] += 1;
        let h = end.unwrap_or(weeks + 1);
        self.healthy_weeks_sum += h.min(weeks) as u64;
        (h, outcome)
    }
}

/// Counts one run's wins and ties between every pair of strategies from
/// each strategy's healthy weeks in that run (`healthy(s)`).
fn count_pairs(tallies: &mut [StrategyTally], healthy: impl Fn(usize) -> u32) {
    for (a, tally) in tallies.iter_mut().enumerate() {
        let ha = healthy(a);
        for (o, (win, tie)) in tally.wins.iter_mut().zip(&mut tally.ties).enumerate() {
            let ho = healthy(o);
            if a != o && ha > ho {
                *win += 1;
            } else if a != o && ha == ho {
                *tie += 1;
            }
        }
    }
}

/// One judged week of a run (funded, not in a planned freeze): what the
/// collapse tracker reads of it. Its week is the row of its [`Segment`].
#[derive(Debug, Clone, Copy, PartialEq)]
struct JudgedWeek {
    /// The run's place in its batch.
    lane: u32,
    smoothed: f64,
    factors: [f64; TRACKED],
}

/// The judged weeks of one batch of runs under one strategy, week by week
/// as the batch was stepped: one week's entries follow the week before's,
/// so recording them is writing one array from start to end.
#[derive(Debug, Clone)]
struct Segment {
    strategy: u32,
    /// The index in [`Trends::ends`] of the batch's first run; the others
    /// follow it every `strategies` entries.
    first: usize,
    runs: u32,
    /// Where each week's entries end: week `w` (1-based) has
    /// `entries[rows[w − 2]..rows[w − 1]]` (from 0 for the first).
    rows: Vec<u32>,
    entries: Vec<JudgedWeek>,
}

/// How one run of one strategy went, as far as judging its collapse needs
/// beyond its judged weeks.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct TrendEnd {
    freeze_weeks: u32,
    /// The week it ran out of cash.
    cash_out: Option<u32>,
    /// A rewrite under way at the horizon.
    rewriting: bool,
}

/// The smoothed velocity and factors of every judged week of some runs,
/// for every strategy: enough to judge their collapse again under another
/// threshold or window ([`Trends::judge`]) without simulating them. A
/// judged week takes 80 bytes, so a worker keeps these only for jobs of
/// modest size (the page's pool decides).
#[derive(Debug, Clone, Default)]
pub struct Trends {
    strategies: usize,
    /// The run indices held, in the order their entries stand in `ends`.
    ranges: Vec<Range<u64>>,
    /// Run by run, then strategy.
    ends: Vec<TrendEnd>,
    /// One per batch and strategy, written in the order the batch is
    /// stepped (a run's weeks one after another would be written scattered
    /// and copied again).
    segments: Vec<Segment>,
}

impl Trends {
    /// Empty trends for runs of `scenario`.
    pub fn new(scenario: &Scenario) -> Self {
        Trends {
            strategies: scenario.strategies.len(),
            ranges: Vec::new(),
            ends: Vec::new(),
            segments: Vec::new(),
        }
    }

    /// Runs held.
    pub fn runs(&self) -> u64 {
        (self.ends.len() / self.strategies.max(1)) as u64
    }

    /// These runs judged under `scenario`'s collapse rule (`scenario` is
    /// theirs, or one that differs only in its threshold and window:
    /// [`Scenario::same_runs_as`]): an accumulator of these runs holding
    /// only the tallies that depend on the rule (see
    /// [`Accumulator::without_judged`]), its histograms empty. Added to the
    /// accumulator of the same runs without those tallies
    /// ([`Accumulator::add_judged`]), it gives the bytes simulating them
    /// under that rule gives, since the rule changes nothing a run does,
    /// only how its smoothed velocity is read.
    pub fn judge(&self, scenario: &Scenario) -> Accumulator {
        let n = self.strategies;
        let mut acc = Accumulator::new(scenario);
        acc.runs = self.runs();
        // Each run's healthy weeks under each strategy, as `ends` is laid out.
        let mut healthy = vec![0u32; self.ends.len()];
        let to: Vec<Option<usize>> = (0..n).map(Some).collect();
        self.judge_into(scenario, &to, &mut acc, &mut healthy);
        for run in healthy.chunks_exact(n.max(1)) {
            count_pairs(&mut acc.strategies, |s| run[s]);
        }
        acc
    }

    /// Judges these runs under `scenario`'s rule into `acc` (an accumulator
    /// of `scenario`): the runs of strategy `i` here into its strategy
    /// `to[i]` (none: not judged), each run's healthy weeks into
    /// `healthy[run's place × scenario's strategies + to[i]]`.
    fn judge_into(&self, scenario: &Scenario, to: &[Option<usize>], acc: &mut Accumulator, healthy: &mut [u32]) {
        let (n, into) = (self.strategies, acc.strategies.len());
        let mut trackers = Vec::new();
        for seg in &self.segments {
            let Some(k) = to[seg.strategy as usize] else { continue };
            // The batch's runs side by side, week by week, as they were stepped.
            trackers.clear();
            trackers.resize(seg.runs as usize, CollapseTracker::new(scenario.collapse));
            let mut from = 0;
            for (w, &to) in seg.rows.iter().enumerate() {
                for j in &seg.entries[from as usize..to as usize] {
                    trackers[j.lane as usize].observe(w as u32 + 1, j.smoothed, &j.factors, false);
                }
                from = to;
            }
            let tally = &mut acc.strategies[k];
            let place = seg.first / n;
            for (b, tracker) in trackers.iter_mut().enumerate() {
                let end = &self.ends[seg.first + b * n];
                tracker.freeze_weeks = end.freeze_weeks;
                healthy[(place + b) * into + k] = tally.judge_end(tracker, end.cash_out, end.rewriting, scenario.weeks).0;
            }
        }
    }

    /// These runs of `held` (their scenario) as runs of `scenario`, where
    /// `scenario` is `held` with strategies it does not have among its own
    /// and perhaps another collapse threshold or window
    /// ([`Scenario::extends`]): the strategies it does not have simulated
    /// for these runs alone, every strategy judged under its rule. Added to
    /// [`Accumulator::carried`] of the held runs
    /// ([`Accumulator::add_extension`]), it gives the bytes a simulation of
    /// `scenario` gives: a strategy's runs meet the same draws whatever
    /// strategies stand beside it, so the held strategies' own tallies need
    /// nothing new. With it, the new strategies' trends, which
    /// [`Trends::adopt`] joins to these. `None` where `scenario` does not
    /// extend `held`.
    pub fn extend(&self, held: &Scenario, scenario: &Scenario) -> Option<(Extension, Fresh)> {
        if held.strategies.len() != self.strategies {
            return None;
        }
        let picks = scenario.extends(held)?;
        let sim = Simulation::new(scenario.alone(&picks));
        let mut alone = Accumulator::new(&sim.scenario);
        let mut trends = Trends::new(&sim.scenario);
        for range in &self.ranges {
            sim.run_trends(&mut alone, range.clone(), &mut trends);
        }
        let n = scenario.strategies.len();
        let mut judged = Accumulator::new(scenario);
        judged.runs = self.runs();
        let mut healthy = vec![0u32; self.ends.len() / self.strategies.max(1) * n];
        let mut to_held = vec![None; self.strategies];
        for (k, pick) in picks.iter().enumerate() {
            if let Some(i) = *pick {
                to_held[i] = Some(k);
            }
        }
        self.judge_into(scenario, &to_held, &mut judged, &mut healthy);
        let to_fresh: Vec<Option<usize>> = (0..n).filter(|&k| picks[k].is_none()).map(Some).collect();
        trends.judge_into(scenario, &to_fresh, &mut judged, &mut healthy);
        for run in healthy.chunks_exact(n) {
            count_pairs(&mut judged.strategies, |s| run[s]);
        }
        Some((Extension { judged, alone }, Fresh { picks, trends }))
    }

    /// These runs as runs of the scenario `fresh` extended them to
    /// ([`Trends::extend`]): its strategies held here (the others dropped)
    /// and its new ones, in its order — the trends simulating that scenario
    /// over the same run ranges gives, so it can be judged again or
    /// extended in turn without simulating the held strategies.
    pub fn adopt(self, fresh: Fresh) -> Trends {
        let Fresh { picks, trends: alone } = fresh;
        let (n, a, m) = (self.strategies.max(1), alone.strategies.max(1), picks.len());
        debug_assert_eq!(self.ranges, alone.ranges);
        // Where each held and each new strategy stands in the new scenario,
        // and where each of its strategies comes from: held (`Ok`) or new (`Err`).
        let mut from_held = vec![None; self.strategies];
        let mut from_alone = Vec::with_capacity(alone.strategies);
        let mut source = Vec::with_capacity(m);
        for (k, pick) in picks.iter().enumerate() {
            match *pick {
                Some(i) => {
                    from_held[i] = Some(k);
                    source.push(Ok(i));
                }
                None => {
                    source.push(Err(from_alone.len()));
                    from_alone.push(k);
                }
            }
        }
        let runs = self.ends.len() / n;
        let mut ends = vec![TrendEnd::default(); runs * m];
        for (place, run) in ends.chunks_exact_mut(m).enumerate() {
            for (end, from) in run.iter_mut().zip(&source) {
                *end = match *from {
                    Ok(i) => self.ends[place * n + i],
                    Err(j) => alone.ends[place * a + j],
                };
            }
        }
        let mut segments = Vec::with_capacity(self.segments.len() + alone.segments.len());
        let moved = |mut seg: Segment, per: usize, to: usize| {
            seg.first = seg.first / per * m + to;
            seg.strategy = to as u32;
            seg
        };
        for seg in self.segments {
            if let Some(k) = from_held[seg.strategy as usize] {
                segments.push(moved(seg, n, k));
            }
        }
        for seg in alone.segments {
            let k = from_alone[seg.strategy as usize];
            segments.push(moved(seg, a, k));
        }
        Trends {
            strategies: m,
            ranges: self.ranges,
            ends,
            segments,
        }
    }
}

/// The strategies an extension simulated alone ([`Trends::extend`]): where
/// each strategy of the new scenario stands among the held ones, and the new
/// ones' trends over the held runs.
#[derive(Debug, Clone)]
pub struct Fresh {
    picks: Vec<Option<usize>>,
    trends: Trends,
}

/// Some held runs of a scenario as runs of a scenario that adds strategies
/// to it ([`Trends::extend`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Extension {
    /// Every strategy of the new scenario judged under its rule: the
    /// tallies the rule decides (wins and ties among all of them).
    pub judged: Accumulator,
    /// The new strategies simulated alone for the held runs
    /// ([`Scenario::alone`]).
    pub alone: Accumulator,
}

/// The state of a batch of runs stepped side by side, reused from batch to
/// batch so the weekly loop allocates nothing.
struct Lanes {
    /// Runs side by side: `BATCH`, or fewer for a short range (a first
    /// estimate, a story), which then allocates only what it uses.
    width: usize,
    exo: Vec<Exogenous>,
    /// The weekly shocks of the batch by week, then run: [week][run in batch].
    shocks: Vec<WeekShocks>,
    /// Each run's own parameter set when parameters are uncertain.
    drawn: Vec<Option<(Params, Derived)>>,
    states: Vec<RunState>,
    /// Each run's [`WeekStart`] this week, and the parameters behind it,
    /// by position (see `order`).
    starts: Box<WeekStarts>,
    /// The run at each position of `starts` and `values`: the runs still
    /// funded first, then those out of cash (whose weeks no longer change).
    order: [u16; BATCH],
    /// The position of each run: the inverse of `order`.
    at: [u16; BATCH],
    trackers: Vec<CollapseTracker>,
    /// The week each run ran out of cash.
    cash_out: [Option<u32>; BATCH],
    /// Whether the run at each position was in a rewrite this week.
    frozen: [bool; BATCH],
    /// This week's values of the batch: [metric][position].
    values: [[f64; BATCH]; M],
    /// Smoothed velocity traces of the batch's sample runs.
    samples: Vec<Vec<f32>>,
    /// How each run of the batch ended under the last strategy.
    ends: [RunEnd; BATCH],
    /// Its healthy weeks under the last strategy.
    healthy: [u32; BATCH],
    /// The shocks of this week and the next, by position (see `order`),
    /// taking turns: copied from `shocks` in one loop a week, so that the
    /// runs' steps read them in order.
    week_shocks: Box<[[WeekShocks; BATCH]; 2]>,
}

impl Lanes {
    fn new(sc: &Scenario, derived: &Derived, width: usize) -> Self {
        let blank = RunEnd {
            collapse_week: 0,
            outcome: Outcome::Healthy,
            features: 0.0,
            users: 0.0,
        };
        Lanes {
            width,
            exo: (0..width).map(|_| Exogenous::default()).collect(),
            shocks: vec![WeekShocks::default(); sc.weeks as usize * width],
            drawn: vec![None; width],
            states: vec![RunState::new(&sc.params, derived); width],
            starts: WeekStarts::new(),
            order: [0; BATCH],
            at: [0; BATCH],
            trackers: vec![CollapseTracker::new(sc.collapse); width],
            cash_out: [None; BATCH],
            frozen: [false; BATCH],
            values: [[0.0; BATCH]; M],
            samples: Vec::new(),
            ends: [blank; BATCH],
            healthy: [0; BATCH],
            week_shocks: Box::new([[WeekShocks::default(); BATCH]; 2]),
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

    /// [`Simulation::run_into`], and the runs' trends added to `trends`
    /// (which must hold runs of the same scenario, or none), so that they
    /// can be judged again under another collapse rule
    /// ([`Trends::judge`]).
    pub fn run_trends(&self, acc: &mut Accumulator, runs: Range<u64>, trends: &mut Trends) {
        self.run_with(acc, runs, None, Some(trends));
    }

    /// [`Simulation::run_into`], and when `ends` is given, how each run
    /// ended under each strategy: index `(run − first run) × strategies + strategy`.
    pub fn run_recording(&self, acc: &mut Accumulator, runs: Range<u64>, ends: Option<&mut Vec<RunEnd>>) {
        self.run_with(acc, runs, ends, None);
    }

    fn run_with(&self, acc: &mut Accumulator, runs: Range<u64>, mut ends: Option<&mut Vec<RunEnd>>, mut trends: Option<&mut Trends>) {
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
        let width = ((runs.end - runs.start) as usize).clamp(1, BATCH);
        // With trends: this range's entries after the ones held.
        let trends_from = match trends.as_deref_mut() {
            Some(t) => {
                if runs.end > runs.start {
                    t.ranges.push(runs.clone());
                }
                let from = t.ends.len();
                t.ends.resize(from + (runs.end - runs.start) as usize * n, TrendEnd::default());
                from
            }
            None => 0,
        };
        let mut lanes = Lanes::new(sc, &self.derived, width);
        let mut healthy = vec![0u32; n * width];
        let mut start = runs.start;
        while start < runs.end {
            let batch = ((runs.end - start) as usize).min(width);
            for b in 0..batch {
                let run = start + b as u64;
                lanes.drawn[b] = sc.run_params(run).map(|p| (p, Derived::new(&p, sc.collapse.smoothing)));
                let e = &mut lanes.exo[b];
                match &lanes.drawn[b] {
                    // A drawn set lies in the allowed ranges, which every distribution accepts.
                    Some((p, _)) => e.draw(sc.seed, run, weeks, &Draws::new(p).unwrap_or(sc.draws)),
                    None => e.draw(sc.seed, run, weeks, &sc.draws),
                }
                for w in 0..weeks {
                    lanes.shocks[w * width + b] = e.week(w);
                }
            }
            for (si, strategy) in sc.strategies.iter().enumerate() {
                let tally = &mut acc.strategies[si];
                // This batch's entries in the trends: run by run, then strategy.
                let record = trends
                    .as_deref_mut()
                    .map(|t| (t, trends_from + (start - first) as usize * n + si, si));
                self.run_batch(&mut lanes, tally, strategy, start, batch, record);
                healthy[si * width..si * width + batch].copy_from_slice(&lanes.healthy[..batch]);
                if let Some(ends) = ends.as_deref_mut() {
                    for (b, &end) in lanes.ends[..batch].iter().enumerate() {
                        ends[(start - first) as usize * n + b * n + si] = end;
                    }
                }
            }
            for b in 0..batch {
                count_pairs(&mut acc.strategies, |s| healthy[s * width + b]);
            }
            start += batch as u64;
        }
    }

    /// Runs `start..start + batch` (their shocks and parameters already in
    /// `lanes`) under `strategy`, week by week side by side, into `tally`;
    /// leaves how each ended in `lanes.ends`, and its healthy weeks (the
    /// first collapse or running out of cash, or the horizon + 1) in
    /// `lanes.healthy`. With `record` — trends, the index of the batch's
    /// first run's entry for this strategy (the runs' entries are a
    /// strategy count apart), and the strategy's index — also each run's
    /// judged weeks and how it ended.
    ///
    /// Not inlined by Rust: a wasm engine swaps in its optimised code for a
    /// function at its next call, so the hot loop was meant to live in a
    /// function called once per batch rather than once per simulation.
    /// binaryen (`wasm-opt -O3`) inlines it into its one caller all the
    /// same; kept out of line there too (`--no-inline`), neither a cold
    /// load's first chart nor a warm worker moved (BENCHMARKS.md).
    #[inline(never)]
    fn run_batch(
        &self,
        lanes: &mut Lanes,
        tally: &mut StrategyTally,
        strategy: &Strategy,
        start: u64,
        batch: usize,
        mut record: Option<(&mut Trends, usize, usize)>,
    ) {
        let sc = &self.scenario;
        let weeks = sc.weeks as usize;
        let Lanes {
            width,
            exo,
            shocks,
            drawn,
            states,
            starts,
            order,
            at,
            trackers,
            cash_out,
            frozen,
            values,
            samples,
            ends,
            healthy,
            week_shocks,
        } = lanes;
        // With trends, the batch's judged weeks, written as they are stepped.
        let mut segment = record.as_ref().map(|&(_, first, strategy)| Segment {
            strategy: strategy as u32,
            first,
            runs: batch as u32,
            rows: Vec::with_capacity(weeks),
            entries: Vec::with_capacity(batch * weeks),
        });
        let params_of = |b: usize| match &drawn[b] {
            Some((p, d)) => (p, d),
            None => (&sc.params, &self.derived),
        };
        for b in 0..batch {
            let (params, derived) = params_of(b);
            states[b] = RunState::new(params, derived);
            starts.set_params(b, &StartParams::of(params, derived, strategy));
            trackers[b] = CollapseTracker::new(sc.collapse);
            cash_out[b] = None;
            order[b] = b as u16;
            at[b] = b as u16;
        }
        starts.params_set(batch);
        // Positions `0..live` hold the runs still funded. A run out of cash
        // steps no more: its week is the same from then on (nothing but its
        // debt and features, frozen, is other than zero), so it moves to the
        // end, where its values stay as they are, and the week's start and
        // step are computed for the funded runs alone. The histograms count
        // the same values (their bytes do not depend on the order of values).
        let mut live = batch;
        let sampled = (SAMPLE_RUNS.saturating_sub(start) as usize).min(batch);
        samples.resize_with(sampled, Vec::new);
        for trace in samples.iter_mut() {
            trace.clear();
            trace.reserve(weeks);
        }
        // The first week's shocks by position (every run is at its own index).
        week_shocks[0][..batch].copy_from_slice(&shocks[..batch]);
        if VECTOR_STARTS {
            for (b, (state, shock)) in states[..batch].iter().zip(&shocks[..batch]).enumerate() {
                starts.set_inputs(b, &StartInputs::of(state, shock));
            }
        }
        for w in 0..weeks {
            // Next week's histograms brought into cache while this week is
            // stepped: between two visits to one, a batch visits every other
            // week's and strategy's, more than the core's cache holds (5 %
            // less time natively, 2 % in a Chromium worker; BENCHMARKS.md).
            if w + 1 < weeks {
                let mut touched = 0;
                for m in 0..FINE {
                    touched += tally.series[m * weeks + w + 1].prefetch();
                }
                for m in 0..M - FINE {
                    touched += tally.money[m * weeks + w + 1].prefetch();
                }
                std::hint::black_box(touched);
            }
            // This week's shocks by position, and next week's gathered.
            let [this, other] = &mut **week_shocks;
            let (this, next) = if w % 2 == 0 { (this, other) } else { (other, this) };
            let has_next = w + 1 < weeks;
            if has_next {
                // One loop of independent loads: in the runs' loop, each
                // run's would wait on memory (about an eighth of a native
                // simulation's time went to that wait).
                let row = &shocks[(w + 1) * *width..][..batch];
                for (s, &b) in next[..live].iter_mut().zip(&order[..live]) {
                    *s = row[b as usize];
                }
            }
            if VECTOR_STARTS {
                // The week's transcendental factors of every funded run first,
                // in one loop of independent, branch-free lanes (see
                // `WeekStarts`); their inputs were set once every run's last
                // week was stepped.
                starts.compute(live);
            }
            let mut gone = false;
            for i in 0..live {
                let b = order[i] as usize;
                let (params, derived) = params_of(b);
                let start = if VECTOR_STARTS {
                    starts.get(i)
                } else {
                    WeekStart::of(&StartInputs::of(&states[b], &this[i]), &starts.params(i))
                };
                let week = states[b].step_with(params, derived, strategy, &this[i], &start, &exo[b], w);
                if week.out_of_cash {
                    cash_out[b] = Some(w as u32 + 1);
                    gone = true;
                }
                frozen[i] = week.frozen;
                values[0][i] = week.smoothed;
                values[1][i] = week.users;
                values[2][i] = week.team;
                values[3][i] = week.debt;
                values[4][i] = week.features;
                values[5][i] = week.burn;
                values[6][i] = week.cash;
                values[7][i] = week.runway_months;
                if let Some((planned, actual)) = week.rewrite_finished {
                    tally.rewrites_finished += 1;
                    let overrun = actual as f64 / fastmath::max(planned, 1.0);
                    tally.rewrite_overrun.insert(overrun);
                    if overrun >= BAD_OVERRUN {
                        tally.rewrites_overrun_badly += 1;
                    }
                }
            }
            // The week judged, in a loop of its own too: each funded run's
            // smoothed velocity and factors (its state's, as the step left
            // them) to its collapse tracker, and to the trends.
            for (i, &b) in order[..live].iter().enumerate() {
                let b = b as usize;
                if cash_out[b].is_some() {
                    continue; // out of cash this week
                }
                let (smoothed, factors) = (values[0][i], &states[b].factors);
                trackers[b].observe(w as u32 + 1, smoothed, factors, frozen[i]);
                if let (Some(seg), false) = (segment.as_mut(), frozen[i]) {
                    seg.entries.push(JudgedWeek {
                        lane: b as u32,
                        smoothed,
                        factors: *factors,
                    });
                }
            }
            if VECTOR_STARTS && has_next {
                // Next week's inputs, in a loop of their own rather than
                // in the step's, which then holds fewer values at once
                // (a few per cent less time in a Chromium worker;
                // BENCHMARKS.md).
                for (i, &b) in order[..live].iter().enumerate() {
                    starts.set_inputs(i, &StartInputs::of(&states[b as usize], &next[i]));
                }
            }
            // Past `live`, every value of these is zero (see `DEAD_ZERO`).
            for (m, row) in values.iter().enumerate().take(FINE) {
                let h = &mut tally.series[m * weeks + w];
                if DEAD_ZERO[m] {
                    h.insert_all(&row[..live]);
                    h.insert_zeros((batch - live) as u64);
                } else {
                    h.insert_all(&row[..batch]);
                }
            }
            for (m, row) in values.iter().enumerate().skip(FINE) {
                let h = &mut tally.money[(m - FINE) * weeks + w];
                if DEAD_ZERO[m] {
                    h.insert_all(&row[..live]);
                    h.insert_zeros((batch - live) as u64);
                } else {
                    h.insert_all(&row[..batch]);
                }
            }
            for (b, trace) in samples.iter_mut().enumerate() {
                trace.push(values[0][at[b] as usize] as f32);
            }
            if let Some(seg) = segment.as_mut() {
                seg.rows.push(seg.entries.len() as u32);
            }
            if gone {
                // The runs out of cash since last week to the end.
                let mut i = 0;
                while i < live {
                    if cash_out[order[i] as usize].is_none() {
                        i += 1;
                        continue;
                    }
                    live -= 1;
                    for row in values.iter_mut() {
                        row.swap(i, live);
                    }
                    starts.swap(i, live);
                    next.swap(i, live);
                    order.swap(i, live);
                    at[order[i] as usize] = i as u16;
                    at[order[live] as usize] = live as u16;
                }
            }
        }
        for b in 0..batch {
            let (state, tracker, cash_out_week) = (&states[b], &trackers[b], cash_out[b]);
            tally.rewrites += state.rewrites as u64;
            tally.pivots += state.pivots as u64;
            tally.fit += state.product_market_fit as u64;
            tally.rounds[(state.rounds as usize).min(MAX_ROUNDS)] += 1;
            if tracker.freeze_weeks > 0 {
                tally.freeze_weeks[(tracker.freeze_weeks as usize).min(weeks)] += 1;
            }
            if let Some(ow) = cash_out_week {
                tally.cash_out_weeks[ow as usize - 1] += 1;
            }
            let rewriting = state.rewrite.is_some();
            let (h, outcome) = tally.judge_end(tracker, cash_out_week, rewriting, sc.weeks);
            if let Some((trends, first, _)) = record.as_mut() {
                trends.ends[*first + b * trends.strategies] = TrendEnd {
                    freeze_weeks: tracker.freeze_weeks,
                    cash_out: cash_out_week,
                    rewriting,
                };
            }
            tally.engineer_weeks.insert(state.engineer_weeks);
            if state.features >= 1.0 {
                tally.cash_per_feature.insert(state.spent / state.features);
            }
            // `values` holds the last week's.
            let i = at[b] as usize;
            healthy[b] = h;
            ends[b] = RunEnd {
                collapse_week: tracker.collapse_week.unwrap_or(sc.weeks + 1),
                outcome,
                features: values[4][i],
                users: values[1][i],
            };
        }
        for (b, trace) in samples.drain(..).enumerate() {
            tally.samples.push((start + b as u64, trace));
        }
        if let (Some((trends, ..)), Some(mut seg)) = (record, segment) {
            // Made for every week judged; about a third come after a run ran
            // out of cash. Shrinking gives the rest back without copying.
            seg.entries.shrink_to_fit();
            trends.segments.push(seg);
        }
    }

    /// Every run, on one thread.
    pub fn run_all(&self) -> Accumulator {
        self.run_range(0..self.scenario.runs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::infra;
    use rand::rngs::Xoshiro256PlusPlus;
    use rand::{RngExt, SeedableRng};

    /// The batch pass gives every run the bits of [`WeekStart::of`] on its
    /// own, whatever the mix of parameters side by side: the special cases
    /// (curvature 2, exponent ½) next to drawn values or shared by the whole
    /// batch, teams split or not, and the edges of the inputs (no debt, no
    /// codebase, no capacity, a negative or huge shock).
    #[test]
    fn batch_week_starts_have_the_bits_of_a_single_run() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        let edges = [0.0, 1e-300, 5e-324, 1.0, 19.999, 20.0, 1e6, 1e12];
        let pick = |rng: &mut Xoshiro256PlusPlus, hi: f64| {
            if rng.random_bool(0.1) {
                edges[rng.random_range(0..edges.len())]
            } else {
                rng.random_range(0.0..=hi)
            }
        };
        let mut starts = WeekStarts::new();
        let mut params = [StartParams::default(); BATCH];
        // How many runs' incidents the pass counted, by count, and left to the step.
        let (mut counted, mut left) = ([0u32; infra::INLINE_INCIDENTS + 1], 0);
        for round in 0..20 {
            for (b, p) in params.iter_mut().enumerate() {
                *p = StartParams {
                    debt_half_ratio: rng.random_range(0.05..=5.0),
                    debt_curvature: if round % 4 == 1 || round % 4 == 3 || rng.random_bool(0.3) {
                        2.0
                    } else {
                        rng.random_range(1.0..=4.0)
                    },
                    size_scale: rng.random_range(10.0..=1e6),
                    size_exponent: match if round % 4 >= 2 { 0 } else { rng.random_range(0..4) } {
                        0 => 0.5,
                        1 => 0.0,
                        _ => rng.random_range(0.0..=2.0),
                    },
                    noise_base: rng.random_range(0.0..=1.0),
                    noise_debt: rng.random_range(0.0..=2.0),
                    load_per_user: rng.random_range(0.0..=10.0),
                    overload_slowdown: rng.random_range(0.0..=2.0),
                    inv_overload_features: 1.0 / rng.random_range(1.0..=1e5),
                    coupling: rng.random_range(0.0..=1.0),
                    debt_coupling: rng.random_range(0.0..=3.0),
                    communication_overhead: rng.random_range(0.0..=0.01),
                    inter_team_overhead: rng.random_range(0.0..=0.2),
                    load_incident_rate: rng.random_range(0.0..=1.0),
                    deploys_per_point: rng.random_range(0.0..=2.0),
                    change_failure_rate: rng.random_range(0.0..=0.5),
                    defects_from_debt: rng.random_range(0.0..=5.0),
                    split_team_size: if rng.random_bool(0.3) { 0.0 } else { rng.random_range(2.0..=30.0) },
                };
                starts.set_params(b, p);
                let (debt, codebase) = (pick(&mut rng, 5e4), pick(&mut rng, 2e4));
                let u: f64 = rng.sample(rand_distr::Open01);
                let shock = if round == 0 && b < 4 {
                    [-40.0, 40.0, -1e300, f64::MIN_POSITIVE][b]
                } else {
                    rng.random_range(-6.0..=6.0)
                };
                let x = StartInputs {
                    debt,
                    codebase,
                    velocity_shock: shock,
                    users: pick(&mut rng, 1e6),
                    infra_capacity: pick(&mut rng, 1e6),
                    features: pick(&mut rng, 2e4),
                    team: pick(&mut rng, 200.0),
                    last_velocity: pick(&mut rng, 500.0),
                    defect_boost: if rng.random_bool(0.8) { 1.0 } else { rng.random_range(1.0..=3.0) },
                    incidents_u: u,
                    incidents_ln: libm::log(u),
                };
                starts.set_inputs(b, &x);
            }
            let n = BATCH - round;
            // Rounds 1 and 3 share curvature 2, rounds 2 and 3 exponent ½:
            // the pass's forms without the `pow` it then skips.
            starts.params_set(n);
            assert_eq!(
                (starts.all_square, starts.all_root),
                (round % 4 == 1 || round % 4 == 3, round % 4 >= 2)
            );
            starts.compute(n);
            for (b, p) in params.iter().enumerate().take(n) {
                let x = starts.inputs.get(b);
                let want = WeekStart::of(&x, p);
                let got = starts.get(b);
                let bits = |w: WeekStart| {
                    [
                        w.interest,
                        w.size,
                        w.noise,
                        w.rho,
                        w.overload,
                        w.coordination,
                        w.slowness,
                        w.mean_incidents,
                        w.no_incident,
                    ]
                    .map(|v| if v.is_nan() { u64::MAX } else { v.to_bits() })
                };
                assert_eq!(bits(got), bits(want), "run {b} of round {round}: {p:?}, {x:?}");
                // The chance of no incident, as the step's Poisson draw computed it alone.
                assert_eq!(got.no_incident.to_bits(), fastmath::exp(-got.mean_incidents).to_bits(), "run {b}");
                // The count, or −1 where the step counts it (a single run's start always leaves it to the step).
                assert_eq!(want.incidents, -1.0);
                let count = infra::poisson_from_uniform(got.mean_incidents, got.no_incident, x.incidents_u, x.incidents_ln);
                if got.incidents < 0.0 {
                    assert!(
                        count > infra::INLINE_INCIDENTS as u32 || got.no_incident == 0.0,
                        "run {b}: {count} left to the step"
                    );
                    left += 1;
                } else {
                    assert_eq!(got.incidents, count as f64, "run {b}");
                    counted[count as usize] += 1;
                }
            }
        }
        // Every count the pass finds, and some it leaves, came up.
        assert!(counted.iter().all(|&n| n > 0) && left > 0, "{counted:?}, {left} left");
    }

    /// Runs stepped one at a time, each week's values inserted one by one,
    /// give a batch's histograms, cash-out weeks and sample traces: the
    /// batch moves runs out of cash behind the funded ones and counts their
    /// zeros at once, and that changes nothing. The preset and strategies
    /// run most runs out of cash, some in their first weeks, others later.
    #[test]
    fn runs_stepped_alone_give_a_batch_s_histograms_with_runs_out_of_cash() {
        for uncertainty in ["parameters", "shocks"] {
            let overrides = crate::Overrides {
                runs: Some(BATCH as u64 + 37),
                weeks: Some(150),
                ..crate::Overrides::default()
            };
            let file = serde_json::json!({"uncertainty": uncertainty, "strategies": ["hypergrowth-hiring", "scale-early", "controlled-evolution"]});
            let sc = Scenario::resolve(Some(&file), &overrides).unwrap();
            let mut acc = Accumulator::new(&sc);
            let mut ends = Vec::new();
            Simulation::new(sc.clone()).run_recording(&mut acc, 0..sc.runs, Some(&mut ends));
            let n = sc.strategies.len();
            let weeks = sc.weeks as usize;
            let mut broke = 0;
            for (si, strategy) in sc.strategies.iter().enumerate() {
                let tally = &acc.strategies[si];
                let mut series = vec![LogHistogram::default(); FINE * weeks];
                let mut money = vec![MoneyHistogram::default(); (M - FINE) * weeks];
                let mut cash_out_weeks = vec![0u64; weeks];
                let mut samples = Vec::new();
                for run in 0..sc.runs {
                    let drawn = sc.run_params(run);
                    let params = drawn.unwrap_or(sc.params);
                    let derived = Derived::new(&params, sc.collapse.smoothing);
                    let mut exo = Exogenous::default();
                    exo.draw(sc.seed, run, weeks, &drawn.map(|p| Draws::new(&p).unwrap()).unwrap_or(sc.draws));
                    let mut state = RunState::new(&params, &derived);
                    let mut trace = Vec::new();
                    let mut out = None;
                    let mut last = crate::model::Week::default();
                    for w in 0..weeks {
                        let week = state.step(&params, &derived, strategy, &exo, w);
                        last = week;
                        if week.out_of_cash && out.is_none() {
                            out = Some(w);
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
                        for (m, &v) in values.iter().enumerate() {
                            if m < FINE {
                                series[m * weeks + w].insert(v);
                            } else {
                                money[(m - FINE) * weeks + w].insert(v);
                            }
                        }
                        trace.push(week.smoothed as f32);
                    }
                    if let Some(w) = out {
                        cash_out_weeks[w] += 1;
                        broke += 1;
                    }
                    let end = ends[run as usize * n + si];
                    assert_eq!(end.outcome == Outcome::OutOfCash, out.is_some(), "{uncertainty}, run {run}");
                    assert_eq!((end.features, end.users), (last.features, last.users), "{uncertainty}, run {run}");
                    if run < SAMPLE_RUNS {
                        samples.push((run, trace));
                    }
                }
                for w in 0..weeks {
                    for m in 0..FINE {
                        assert!(
                            series[m * weeks + w] == tally.series[m * weeks + w],
                            "{uncertainty}, strategy {si}, metric {m}, week {w}"
                        );
                    }
                    for m in 0..M - FINE {
                        assert!(
                            money[m * weeks + w] == tally.money[m * weeks + w],
                            "{uncertainty}, strategy {si}, money {m}, week {w}"
                        );
                    }
                }
                assert_eq!(cash_out_weeks, tally.cash_out_weeks, "{uncertainty}, strategy {si}");
                assert_eq!(samples, tally.samples, "{uncertainty}, strategy {si}");
            }
            // Most runs of the first two strategies ran out of cash.
            assert!(broke > sc.runs, "{uncertainty}: {broke} runs out of cash");
        }
    }

    /// Trends held as a worker holds them — several ranges in turn into one
    /// holder, one longer than a batch, one shorter — and judged under
    /// another threshold and window, added to the runs without their judged
    /// tallies, give the bytes of simulating every run under that rule.
    #[test]
    fn trends_of_several_ranges_and_batches_judge_as_simulating_would() {
        let overrides = crate::Overrides {
            runs: Some(BATCH as u64 * 2 + 40),
            weeks: Some(60),
            ..crate::Overrides::default()
        };
        let sc = Scenario::resolve(None, &overrides).unwrap();
        let sim = Simulation::new(sc.clone());
        let (mut acc, mut trends) = (Accumulator::new(&sc), Trends::new(&sc));
        let cuts = [0, BATCH as u64 + 7, BATCH as u64 + 20, sc.runs];
        for range in cuts.windows(2) {
            sim.run_trends(&mut acc, range[0]..range[1], &mut trends);
        }
        assert_eq!(trends.runs(), sc.runs);
        assert_eq!(acc.to_bytes(), sim.run_all().to_bytes());
        let mut other = sc.clone();
        other.collapse = crate::collapse::CollapseRule {
            threshold: 0.8,
            window: 2,
            ..other.collapse
        };
        let mut judged = acc.without_judged();
        judged.add_judged(&trends.judge(&other));
        assert_eq!(judged.to_bytes(), Simulation::new(other).run_all().to_bytes());
        let mut same = acc.without_judged();
        same.add_judged(&trends.judge(&sc));
        assert_eq!(same, acc);
    }

    #[test]
    fn held_runs_with_new_strategies_simulated_alone_give_a_simulation_s_bytes() {
        for uncertainty in ["parameters", "shocks"] {
            let overrides = crate::Overrides {
                runs: Some(BATCH as u64 + 90),
                weeks: Some(80),
                ..crate::Overrides::default()
            };
            let file =
                serde_json::json!({"uncertainty": uncertainty, "strategies": ["feature-first", "big-rewrite", "controlled-evolution"]});
            let held = Scenario::resolve(Some(&file), &overrides).unwrap();
            let sim = Simulation::new(held.clone());
            // Two workers' runs, each in two ranges, neither in run order.
            let mut acc = Accumulator::new(&held);
            let mut trends = [Trends::new(&held), Trends::new(&held)];
            for (w, range) in [
                (1, 0..30),
                (0, 30..BATCH as u64 + 3),
                (1, BATCH as u64 + 3..BATCH as u64 + 40),
                (0, BATCH as u64 + 40..held.runs),
            ] {
                sim.run_trends(&mut acc, range, &mut trends[w]);
            }
            // A new strategy (one of the held ones with a setting changed), one held left out,
            // the others reordered, and another threshold.
            let mut edited = held.strategies[0].clone();
            edited.levers.refactor_share = 0.15;
            edited.id = "custom".into();
            let mut scenario = held.clone();
            scenario.strategies = vec![held.strategies[2].clone(), edited, held.strategies[0].clone()];
            scenario.collapse.threshold = 0.6;
            let picks = scenario.extends(&held).unwrap();
            assert_eq!(picks, vec![Some(2), None, Some(0)]);
            let mut extended = acc.carried(&picks);
            let mut adopted = Vec::new();
            for t in trends.clone() {
                let (part, fresh) = t.extend(&held, &scenario).unwrap();
                assert_eq!(Extension::from_bytes(&part.to_bytes(), &scenario, &picks).as_ref(), Some(&part));
                extended.add_extension(&part, &picks);
                adopted.push(t.adopt(fresh));
            }
            assert_eq!(
                extended.to_bytes(),
                Simulation::new(scenario.clone()).run_all().to_bytes(),
                "{uncertainty}"
            );
            // The held runs with the new strategy adopted are the runs of the new
            // scenario: judged under another rule as its simulation's trends are,
            // and extended again (the new strategy edited once more, one held one
            // added back) with a simulation's bytes.
            let direct = Simulation::new(scenario.clone());
            let mut rule = scenario.clone();
            rule.collapse.threshold = 0.45;
            rule.collapse.window += 2;
            for t in &adopted {
                let mut own = Trends::new(&scenario);
                for range in &t.ranges {
                    direct.run_trends(&mut Accumulator::new(&scenario), range.clone(), &mut own);
                }
                assert_eq!(
                    t.judge(&rule).judged_to_bytes(),
                    own.judge(&rule).judged_to_bytes(),
                    "{uncertainty}"
                );
            }
            let mut again = scenario.clone();
            again.strategies[1].levers.refactor_share = 0.25;
            again.strategies.push(held.strategies[1].clone());
            let picks = again.extends(&scenario).unwrap();
            assert_eq!(picks, vec![Some(0), None, Some(2), None]);
            let mut twice = extended.carried(&picks);
            for t in &adopted {
                twice.add_extension(&t.extend(&scenario, &again).unwrap().0, &picks);
            }
            assert_eq!(twice.to_bytes(), Simulation::new(again).run_all().to_bytes(), "{uncertainty}");
            // Nothing new, another seed or another smoothing: not an extension.
            assert!(held.extends(&held).is_none());
            let mut seed = scenario.clone();
            seed.seed += 1;
            assert!(seed.extends(&held).is_none() && trends[0].extend(&held, &seed).is_none());
            let mut smoothing = scenario.clone();
            smoothing.collapse.smoothing += 2;
            assert!(smoothing.extends(&held).is_none());
        }
    }
}
