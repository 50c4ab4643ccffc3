//! Monte Carlo: runs × strategies with common random numbers, folded into a
//! fixed-memory `Accumulator`.
//!
//! Every number an accumulator holds is an integer count or a fixed-point
//! integer sum, so accumulators over any split of the run indices merge, in
//! any order, into the same bytes: one thread, N threads and N Web Workers
//! agree exactly.

use crate::collapse::CollapseTracker;
use crate::model::{Derived, RunState};
use crate::rng::Exogenous;
use crate::scenario::Scenario;
use crate::stats::{write_varint, LogHistogram, Reader};
use std::ops::Range;

/// The weekly metrics reported per strategy, in output order.
pub const METRICS: [&str; 5] = ["velocity", "users", "team", "debt", "features"];
const M: usize = METRICS.len();
/// Runs whose velocity traces are kept for spaghetti lines: run indices 0..20.
pub const SAMPLE_RUNS: u64 = 20;
/// Runs simulated together so each week's histograms stay hot in cache.
const BATCH: usize = 16;
/// A rewrite "overruns badly" at this multiple of its plan (Flyvbjerg & Budzier 2011).
pub const BAD_OVERRUN: f64 = 1.7;
const MAGIC: &[u8; 4] = b"VCA2";

/// What one strategy's runs add up to.
#[derive(Debug, Clone, PartialEq)]
pub struct StrategyTally {
    /// Histograms by metric, then week: index `metric * weeks + week`.
    pub series: Vec<LogHistogram>,
    /// Runs collapsing in each week (index week − 1).
    pub collapse_weeks: Vec<u64>,
    /// Collapsed runs by weeks spent collapsed (index = weeks, 0..=horizon).
    pub weeks_collapsed: Vec<u64>,
    pub recovered: u64,
    pub engineer_weeks: LogHistogram,
    /// Sum over runs of min(collapse week, horizon).
    pub healthy_weeks_sum: u64,
    /// Per other strategy (by index): runs where this one stayed healthy longer, and ties.
    pub wins: Vec<u64>,
    pub ties: Vec<u64>,
    pub rewrites: u64,
    pub rewrites_overrun_badly: u64,
    /// Velocity traces of runs 0..SAMPLE_RUNS, by run index.
    pub samples: Vec<(u64, Vec<f32>)>,
}

impl StrategyTally {
    fn new(weeks: usize, strategies: usize) -> Self {
        StrategyTally {
            series: vec![LogHistogram::default(); M * weeks],
            collapse_weeks: vec![0; weeks],
            weeks_collapsed: vec![0; weeks + 1],
            recovered: 0,
            engineer_weeks: LogHistogram::default(),
            healthy_weeks_sum: 0,
            wins: vec![0; strategies],
            ties: vec![0; strategies],
            rewrites: 0,
            rewrites_overrun_badly: 0,
            samples: Vec::new(),
        }
    }

    fn merge(&mut self, other: &StrategyTally) {
        for (a, b) in self.series.iter_mut().zip(&other.series) {
            a.merge(b);
        }
        add(&mut self.collapse_weeks, &other.collapse_weeks);
        add(&mut self.weeks_collapsed, &other.weeks_collapsed);
        add(&mut self.wins, &other.wins);
        add(&mut self.ties, &other.ties);
        self.recovered += other.recovered;
        self.engineer_weeks.merge(&other.engineer_weeks);
        self.healthy_weeks_sum += other.healthy_weeks_sum;
        self.rewrites += other.rewrites;
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

    /// The accumulator as bytes, for handing between Web Workers.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(1 << 20);
        out.extend_from_slice(MAGIC);
        let put = |out: &mut Vec<u8>, x: u64| out.extend_from_slice(&x.to_le_bytes());
        put(&mut out, self.weeks as u64);
        put(&mut out, self.runs);
        put(&mut out, self.strategies.len() as u64);
        for t in &self.strategies {
            for h in &t.series {
                h.write(&mut out);
            }
            for list in [&t.collapse_weeks, &t.weeks_collapsed, &t.wins, &t.ties] {
                for &x in list.iter() {
                    write_varint(&mut out, x as u128);
                }
            }
            for x in [
                t.recovered,
                t.healthy_weeks_sum,
                t.rewrites,
                t.rewrites_overrun_badly,
                t.samples.len() as u64,
            ] {
                put(&mut out, x);
            }
            t.engineer_weeks.write(&mut out);
            for (run, trace) in &t.samples {
                put(&mut out, *run);
                for v in trace {
                    out.extend_from_slice(&v.to_le_bytes());
                }
            }
        }
        out
    }

    /// Reads `to_bytes` output made for `scenario`; `None` if the bytes do not fit it.
    pub fn from_bytes(bytes: &[u8], scenario: &Scenario) -> Option<Accumulator> {
        let (magic, rest) = bytes.split_first_chunk::<4>()?;
        if magic != MAGIC {
            return None;
        }
        let mut r = Reader::new(rest);
        let mut acc = Accumulator::new(scenario);
        if r.u64()? != acc.weeks as u64 {
            return None;
        }
        acc.runs = r.u64()?;
        if r.u64()? != acc.strategies.len() as u64 {
            return None;
        }
        let weeks = acc.weeks;
        for t in &mut acc.strategies {
            for h in &mut t.series {
                *h = LogHistogram::read(&mut r)?;
            }
            for list in [&mut t.collapse_weeks, &mut t.weeks_collapsed, &mut t.wins, &mut t.ties] {
                for x in list.iter_mut() {
                    *x = u64::try_from(r.varint()?).ok()?;
                }
            }
            t.recovered = r.u64()?;
            t.healthy_weeks_sum = r.u64()?;
            t.rewrites = r.u64()?;
            t.rewrites_overrun_badly = r.u64()?;
            let samples = r.u64()?;
            if samples > SAMPLE_RUNS {
                return None;
            }
            t.engineer_weeks = LogHistogram::read(&mut r)?;
            for _ in 0..samples {
                let run = r.u64()?;
                // Velocities are finite; a NaN would also never compare equal to itself.
                let trace = (0..weeks)
                    .map(|_| r.f32().filter(|v| v.is_finite()))
                    .collect::<Option<Vec<f32>>>()?;
                t.samples.push((run, trace));
            }
        }
        (r.is_empty() && acc.is_consistent(scenario)).then_some(acc)
    }

    /// Whether the tallies could have come from simulating `runs` runs of
    /// `scenario`: every weekly histogram counts each run once, collapses,
    /// recoveries, wins and ties are at most one per run, sample traces are
    /// finite, and so on. Bytes
    /// from elsewhere that parse but fail this are refused, so summarising
    /// and merging a partial never meets impossible counts.
    fn is_consistent(&self, scenario: &Scenario) -> bool {
        let (runs, weeks) = (self.runs, self.weeks as u64);
        let total = |xs: &[u64]| xs.iter().try_fold(0u64, |a, &x| a.checked_add(x));
        runs <= scenario.runs
            && self.strategies.iter().enumerate().all(|(i, t)| {
                let collapsed = total(&t.collapse_weeks);
                t.series.iter().all(|h| h.count() == runs)
                    && t.engineer_weeks.count() == runs
                    && collapsed.is_some_and(|c| c <= runs)
                    && total(&t.weeks_collapsed) == collapsed
                    && collapsed.is_some_and(|c| t.recovered <= c)
                    && runs.checked_mul(weeks).is_some_and(|most| t.healthy_weeks_sum <= most)
                    && t.wins
                        .iter()
                        .zip(&t.ties)
                        .all(|(&w, &tie)| w.checked_add(tie).is_some_and(|n| n <= runs))
                    && t.wins[i] == 0
                    && t.ties[i] == 0
                    && runs.checked_mul(weeks).is_some_and(|most| t.rewrites <= most)
                    && t.rewrites_overrun_badly <= t.rewrites
                    && t.samples.len() as u64 <= runs
                    && t.samples.iter().all(|s| s.0 < SAMPLE_RUNS)
                    && t.samples.windows(2).all(|p| p[0].0 < p[1].0)
                    && t.samples.iter().all(|s| s.1.iter().all(|v| v.is_finite()))
            })
    }
}

/// A scenario made ready to run.
pub struct Simulation {
    pub scenario: Scenario,
    derived: Derived,
}

impl Simulation {
    pub fn new(scenario: Scenario) -> Self {
        let derived = Derived::new(&scenario.params);
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
        let sc = &self.scenario;
        let start = runs.start.min(sc.runs);
        let runs = start..runs.end.clamp(start, sc.runs);
        let weeks = sc.weeks as usize;
        let n = sc.strategies.len();
        acc.runs += runs.end.saturating_sub(runs.start);
        let mut exo: Vec<Exogenous> = (0..BATCH).map(|_| Exogenous::default()).collect();
        // Traces of the batch: [metric][week][run in batch].
        let mut traces = vec![0.0f64; M * weeks * BATCH];
        let mut healthy = vec![0u32; n * BATCH];
        let mut start = runs.start;
        while start < runs.end {
            let batch = ((runs.end - start) as usize).min(BATCH);
            for (b, e) in exo.iter_mut().enumerate().take(batch) {
                e.draw(sc.seed, start + b as u64, weeks, sc.params.user_noise, sc.params.hiring_noise);
            }
            for (si, strategy) in sc.strategies.iter().enumerate() {
                let tally = &mut acc.strategies[si];
                for b in 0..batch {
                    let run = start + b as u64;
                    let mut state = RunState::new(&sc.params);
                    let mut tracker = CollapseTracker::new(sc.collapse);
                    for w in 0..weeks {
                        let week = state.step(&sc.params, &self.derived, strategy, &exo[b], w);
                        tracker.observe(w as u32 + 1, week.velocity);
                        let values = [week.velocity, week.users, week.team, week.debt, week.features];
                        for (m, v) in values.into_iter().enumerate() {
                            traces[(m * weeks + w) * BATCH + b] = v;
                        }
                        if let Some((planned, actual)) = week.rewrite_started {
                            tally.rewrites += 1;
                            if actual as f64 >= BAD_OVERRUN * planned {
                                tally.rewrites_overrun_badly += 1;
                            }
                        }
                    }
                    if let Some(cw) = tracker.collapse_week {
                        tally.collapse_weeks[cw as usize - 1] += 1;
                        let spent = tracker.weeks_collapsed(sc.weeks).unwrap_or(0) as usize;
                        tally.weeks_collapsed[spent.min(weeks)] += 1;
                        if tracker.recovery_week.is_some() {
                            tally.recovered += 1;
                        }
                    }
                    let h = tracker.healthy_weeks(sc.weeks);
                    healthy[si * BATCH + b] = h;
                    tally.healthy_weeks_sum += h.min(sc.weeks) as u64;
                    tally.engineer_weeks.insert(state.engineer_weeks);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Overrides;

    #[test]
    fn partials_with_non_finite_sample_values_are_refused() {
        let scenario = Scenario::resolve(
            None,
            &Overrides {
                runs: Some(4),
                weeks: Some(3),
                ..Overrides::default()
            },
        )
        .unwrap();
        let bytes = Simulation::new(scenario.clone()).run_range(0..4).to_bytes();
        assert!(Accumulator::from_bytes(&bytes, &scenario).is_some());
        // The last strategy's last sample trace ends the bytes: poison its last value.
        let mut finite = bytes.clone();
        let n = finite.len();
        finite[n - 4..].copy_from_slice(&1.5f32.to_le_bytes());
        assert!(
            Accumulator::from_bytes(&finite, &scenario).is_some(),
            "a finite value there is fine"
        );
        for bad in [f32::NAN, f32::INFINITY] {
            let mut poisoned = bytes.clone();
            let n = poisoned.len();
            poisoned[n - 4..].copy_from_slice(&bad.to_le_bytes());
            assert!(Accumulator::from_bytes(&poisoned, &scenario).is_none(), "{bad}");
        }
    }
}
