//! The byte format of an [`Accumulator`]: how a partial result travels
//! from a Web Worker to the page (`runChunk` → `Merger.add`), and what the
//! `accumulator` fuzz target feeds to [`Accumulator::from_bytes`].
//!
//! The bytes only make sense with the scenario they were computed for: its
//! weeks `W`, its strategies `N` and the constants of `monte_carlo.rs` fix
//! every length, so nothing but counts is written. All integers are
//! little-endian; "varint" is unsigned LEB128 (`stats::write_varint`).
//!
//! ```text
//! magic             4 bytes   "VCA7" (bumped whenever this layout changes)
//! weeks             u64       W, must equal the scenario's
//! runs              u64       runs folded in
//! strategies        u64       N, must equal the scenario's
//! then per strategy, in the scenario's order:
//!   series          FINE × W   histograms, metric by metric, week by week (index metric × W + week)
//!   money           3 × W      money histograms (burn, cash, runway), same order
//!   collapse_weeks  W          varints (index week − 1)
//!   cash_out_weeks  W          varints
//!   end_weeks       W          varints
//!   weeks_collapsed W + 1      varints
//!   outcomes        5          varints, `Outcome` order
//!   wins            N          varints, one per other strategy
//!   ties            N          varints
//!   rounds          MAX_ROUNDS + 1 varints
//!   freeze_weeks    W + 1      varints
//!   counts          8 × u64    recovered, healthy_weeks_sum, pivots, fit, rewrites,
//!                              rewrites_finished, rewrites_overrun_badly, samples S (≤ SAMPLE_RUNS)
//!   why_sums        F × i64    fixed-point sums (× SHARE_SCALE), `FACTORS` order
//!   engineer_weeks, cash_per_feature, rewrite_overrun   3 histograms
//!   samples         S × (u64 run index, W × f32 smoothed velocity)
//! ```
//!
//! A histogram (`LogHistogram::write`, either resolution) is four varints —
//! values at zero, the fixed-point sum, the first bucket's index, and `4L +
//! w` for `L` buckets — then every bucket's count as a little-endian
//! integer of `2^w` bytes, the narrowest that holds the largest count (one
//! byte below 256, two below 65,536, else four). Writing and reading are
//! plain copies of the counts, without a branch per bucket. A chunk's
//! histograms span the range of its values at 64 buckets per power of two,
//! mostly empty for a small chunk, so a first estimate of 20 runs of the
//! default comparison is 1.5 MB, a 500-run partial 2.3 MB; the bytes are
//! transferred, not copied, between threads. (VCA4 wrote every bucket as a
//! varint; VCA5 wrote runs of empty buckets as one token; VCA6 wrote one
//! byte a bucket where counts were below 256 and at least half the buckets
//! filled, tokens otherwise, which took natively 2–4 times as long to write
//! and 2–3 times as long to read.)
//!
//! Reading is strict: a wrong magic, a length that does not match the
//! scenario, bytes left over, a non-finite sample, or tallies that simulating
//! could not have produced (`is_consistent`) make [`Accumulator::from_bytes`]
//! return `None`, so merging and summarising never meet impossible counts.

use super::{Accumulator, Extension, StrategyTally, SAMPLE_RUNS};
use crate::scenario::Scenario;
use crate::stats::{write_varint_u64, Reader};

const MAGIC: &[u8; 4] = b"VCA7";

fn put_list(out: &mut Vec<u8>, list: &[u64]) {
    for &x in list {
        write_varint_u64(out, x);
    }
}

fn read_list(r: &mut Reader<'_>, list: &mut [u64]) -> Option<()> {
    for x in list.iter_mut() {
        *x = r.varint_u64()?;
    }
    Some(())
}

impl Accumulator {
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
            for h in &t.money {
                h.write(&mut out);
            }
            for list in [
                &t.collapse_weeks[..],
                &t.cash_out_weeks,
                &t.end_weeks,
                &t.weeks_collapsed,
                &t.outcomes,
                &t.wins,
                &t.ties,
                &t.rounds,
                &t.freeze_weeks,
            ] {
                put_list(&mut out, list);
            }
            for x in [
                t.recovered,
                t.healthy_weeks_sum,
                t.pivots,
                t.fit,
                t.rewrites,
                t.rewrites_finished,
                t.rewrites_overrun_badly,
                t.samples.len() as u64,
            ] {
                put(&mut out, x);
            }
            for x in t.why_sums {
                out.extend_from_slice(&x.to_le_bytes());
            }
            for h in [&t.engineer_weeks, &t.cash_per_feature, &t.rewrite_overrun] {
                h.write(&mut out);
            }
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
        let mut acc = Accumulator::new(scenario);
        acc.read_bytes(bytes, scenario).then_some(acc)
    }

    /// [`Accumulator::from_bytes`] into this accumulator (one of `scenario`,
    /// as `new` or an earlier read made it), reusing its histograms' memory:
    /// what a merger reading one partial after another does. False if the
    /// bytes do not fit the scenario; the contents are then unspecified.
    pub fn read_bytes(&mut self, bytes: &[u8], scenario: &Scenario) -> bool {
        self.read_parts(bytes, scenario).is_some() && self.is_consistent(scenario)
    }

    /// Reads the magic and the header (weeks, runs, strategies) into this
    /// accumulator of `scenario`; the reader of what follows.
    fn read_header<'a>(&mut self, bytes: &'a [u8], magic: &[u8; 4], scenario: &Scenario) -> Option<Reader<'a>> {
        let (head, rest) = bytes.split_first_chunk::<4>()?;
        if head != magic || self.weeks != scenario.weeks as usize || self.strategies.len() != scenario.strategies.len() {
            return None;
        }
        let mut r = Reader::new(rest);
        if r.u64()? != self.weeks as u64 {
            return None;
        }
        self.runs = r.u64()?;
        (r.u64()? == self.strategies.len() as u64).then_some(r)
    }

    fn read_parts(&mut self, bytes: &[u8], scenario: &Scenario) -> Option<()> {
        let mut r = self.read_header(bytes, MAGIC, scenario)?;
        let acc = self;
        let weeks = acc.weeks;
        for t in &mut acc.strategies {
            for h in &mut t.series {
                h.read_into(&mut r)?;
            }
            for h in &mut t.money {
                h.read_into(&mut r)?;
            }
            for list in [
                &mut t.collapse_weeks[..],
                &mut t.cash_out_weeks,
                &mut t.end_weeks,
                &mut t.weeks_collapsed,
                &mut t.outcomes,
                &mut t.wins,
                &mut t.ties,
                &mut t.rounds,
                &mut t.freeze_weeks,
            ] {
                read_list(&mut r, list)?;
            }
            t.recovered = r.u64()?;
            t.healthy_weeks_sum = r.u64()?;
            t.pivots = r.u64()?;
            t.fit = r.u64()?;
            t.rewrites = r.u64()?;
            t.rewrites_finished = r.u64()?;
            t.rewrites_overrun_badly = r.u64()?;
            let samples = r.u64()?;
            if samples > SAMPLE_RUNS {
                return None;
            }
            for x in &mut t.why_sums {
                *x = r.u64()? as i64;
            }
            t.engineer_weeks.read_into(&mut r)?;
            t.cash_per_feature.read_into(&mut r)?;
            t.rewrite_overrun.read_into(&mut r)?;
            t.samples.clear();
            for _ in 0..samples {
                let run = r.u64()?;
                // Velocities are finite; a NaN would also never compare equal to itself.
                let trace = (0..weeks)
                    .map(|_| r.f32().filter(|v| v.is_finite()))
                    .collect::<Option<Vec<f32>>>()?;
                t.samples.push((run, trace));
            }
        }
        r.is_empty().then_some(())
    }

    /// Whether the tallies could have come from simulating `runs` runs of
    /// `scenario`: every weekly histogram counts each run once, outcomes add
    /// up to the runs, collapses, cash-outs, recoveries, wins and ties are at
    /// most one per run, sample traces are finite, and so on. Bytes from
    /// elsewhere that parse but fail this are refused, so summarising and
    /// merging a partial never meets impossible counts.
    fn is_consistent(&self, scenario: &Scenario) -> bool {
        let (runs, weeks) = (self.runs, self.weeks as u64);
        let at_most_runs = |xs: &[u64]| total(xs).is_some_and(|c| c <= runs);
        let most = runs.checked_mul(weeks);
        runs <= scenario.runs
            && self.strategies.iter().enumerate().all(|(i, t)| {
                t.series.iter().all(|h| h.count() == runs)
                    && t.money.iter().all(|h| h.count() == runs)
                    && t.engineer_weeks.count() == runs
                    && t.cash_per_feature.count() <= runs
                    && judged_consistent(t, i, runs, weeks)
                    && at_most_runs(&t.cash_out_weeks)
                    && at_most_runs(&t.freeze_weeks)
                    && total(&t.rounds) == Some(runs)
                    && most.is_some_and(|m| t.rewrites <= m && t.pivots <= m)
                    && t.fit <= runs
                    && t.rewrites_finished <= t.rewrites
                    && t.rewrites_overrun_badly <= t.rewrites_finished
                    && t.rewrite_overrun.count() == t.rewrites_finished
                    && t.samples.len() as u64 <= runs
                    && t.samples.iter().all(|s| s.0 < SAMPLE_RUNS)
                    && t.samples.windows(2).all(|p| p[0].0 < p[1].0)
                    && t.samples.iter().all(|s| s.1.iter().all(|v| v.is_finite()))
            })
    }
}

/// The bytes of the tallies that depend on how collapse is judged, as a
/// worker sends them for runs judged again (`Trends::judge`):
///
/// ```text
/// magic             4 bytes   "VCJ1"
/// weeks, runs, strategies     u64 each, as above
/// then per strategy: collapse_weeks (W), end_weeks (W), weeks_collapsed
/// (W + 1), outcomes (5), wins (N), ties (N) as varints; recovered and
/// healthy_weeks_sum as u64; why_sums as F × i64
/// ```
const JUDGED_MAGIC: &[u8; 4] = b"VCJ1";

/// The sum of counts, `None` past `u64::MAX`.
fn total(xs: &[u64]) -> Option<u64> {
    xs.iter().try_fold(0u64, |a, &x| a.checked_add(x))
}

/// Whether strategy `i`'s tallies that depend on how collapse is judged
/// could have come from judging `runs` runs of `weeks` weeks: outcomes add
/// up to the runs; collapses, ends, recoveries, wins and ties are at most
/// one per run; no strategy wins or ties against itself.
fn judged_consistent(t: &StrategyTally, i: usize, runs: u64, weeks: u64) -> bool {
    let collapsed = total(&t.collapse_weeks);
    collapsed.is_some_and(|c| c <= runs && t.recovered <= c)
        && total(&t.weeks_collapsed) == collapsed
        && total(&t.end_weeks).is_some_and(|c| c <= runs)
        && total(&t.outcomes) == Some(runs)
        && runs.checked_mul(weeks).is_some_and(|m| t.healthy_weeks_sum <= m)
        && t.wins
            .iter()
            .zip(&t.ties)
            .all(|(&w, &tie)| w.checked_add(tie).is_some_and(|n| n <= runs))
        && t.wins[i] == 0
        && t.ties[i] == 0
}

impl Accumulator {
    /// The tallies that depend on how collapse is judged, as bytes (see
    /// `JUDGED_MAGIC`): a few kilobytes, where `to_bytes` writes megabytes
    /// of histograms.
    pub fn judged_to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(JUDGED_MAGIC);
        for x in [self.weeks as u64, self.runs, self.strategies.len() as u64] {
            out.extend_from_slice(&x.to_le_bytes());
        }
        for t in &self.strategies {
            for list in [
                &t.collapse_weeks[..],
                &t.end_weeks,
                &t.weeks_collapsed,
                &t.outcomes,
                &t.wins,
                &t.ties,
            ] {
                put_list(&mut out, list);
            }
            for x in [t.recovered, t.healthy_weeks_sum] {
                out.extend_from_slice(&x.to_le_bytes());
            }
            for x in t.why_sums {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
        out
    }

    /// Reads `judged_to_bytes` output made for `scenario` into an
    /// accumulator with nothing else (its histograms empty); `None` if the
    /// bytes do not fit the scenario, or hold tallies judging `runs` runs
    /// could not give (outcomes that do not add up to the runs, more
    /// collapses, recoveries, ends, wins or ties than runs).
    pub fn judged_from_bytes(bytes: &[u8], scenario: &Scenario) -> Option<Accumulator> {
        let mut acc = Accumulator::new(scenario);
        let mut r = acc.read_header(bytes, JUDGED_MAGIC, scenario)?;
        for t in &mut acc.strategies {
            for list in [
                &mut t.collapse_weeks[..],
                &mut t.end_weeks,
                &mut t.weeks_collapsed,
                &mut t.outcomes,
                &mut t.wins,
                &mut t.ties,
            ] {
                read_list(&mut r, list)?;
            }
            t.recovered = r.u64()?;
            t.healthy_weeks_sum = r.u64()?;
            for x in &mut t.why_sums {
                *x = r.u64()? as i64;
            }
        }
        let (runs, weeks) = (acc.runs, acc.weeks as u64);
        let consistent = runs <= scenario.runs && acc.strategies.iter().enumerate().all(|(i, t)| judged_consistent(t, i, runs, weeks));
        (r.is_empty() && consistent).then_some(acc)
    }
}

/// An [`Extension`] as bytes, as a worker sends it:
///
/// ```text
/// magic             4 bytes   "VCX1"
/// length            u64, of the judged bytes that follow
/// judged            `judged_to_bytes` of every strategy
/// alone             `to_bytes` of the new strategies simulated alone
/// ```
const EXTENSION_MAGIC: &[u8; 4] = b"VCX1";

impl Extension {
    pub fn to_bytes(&self) -> Vec<u8> {
        let judged = self.judged.judged_to_bytes();
        let mut out = Vec::with_capacity(12 + judged.len() + (1 << 20));
        out.extend_from_slice(EXTENSION_MAGIC);
        out.extend_from_slice(&(judged.len() as u64).to_le_bytes());
        out.extend_from_slice(&judged);
        out.extend_from_slice(&self.alone.to_bytes());
        out
    }

    /// Reads `to_bytes` output made for `scenario`, which extends a held
    /// scenario with `picks` ([`Scenario::extends`]); `None` if the bytes do
    /// not fit it, or its two parts hold different runs.
    pub fn from_bytes(bytes: &[u8], scenario: &Scenario, picks: &[Option<usize>]) -> Option<Extension> {
        let (head, rest) = bytes.split_first_chunk::<4>()?;
        let (len, rest) = rest.split_first_chunk::<8>()?;
        if head != EXTENSION_MAGIC || picks.len() != scenario.strategies.len() {
            return None;
        }
        let len = usize::try_from(u64::from_le_bytes(*len)).ok().filter(|&l| l <= rest.len())?;
        let judged = Accumulator::judged_from_bytes(&rest[..len], scenario)?;
        let alone = Accumulator::from_bytes(&rest[len..], &scenario.alone(picks))?;
        (judged.runs == alone.runs).then_some(Extension { judged, alone })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::monte_carlo::{Simulation, Trends};
    use crate::scenario::Overrides;

    /// The default scenario with these runs and weeks.
    fn scenario(runs: u64, weeks: u64) -> Scenario {
        let overrides = Overrides {
            runs: Some(runs),
            weeks: Some(weeks),
            ..Overrides::default()
        };
        Scenario::resolve(None, &overrides).unwrap()
    }

    #[test]
    fn reading_into_an_earlier_partial_gives_the_fresh_read() {
        let scenario = scenario(90, 30);
        let sim = Simulation::new(scenario.clone());
        // Different run counts, so the histograms' ranges and the samples differ.
        let (a, b) = (sim.run_range(0..70), sim.run_range(70..90));
        let mut scratch = Accumulator::new(&scenario);
        assert!(scratch.read_bytes(&a.to_bytes(), &scenario));
        assert_eq!(scratch, a);
        assert!(scratch.read_bytes(&b.to_bytes(), &scenario));
        assert_eq!(scratch, b, "nothing of the first partial is left");
        // A refused read leaves nothing that a later read would keep.
        let bytes = a.to_bytes();
        assert!(!scratch.read_bytes(&bytes[..bytes.len() - 3], &scenario));
        assert!(scratch.read_bytes(&bytes, &scenario));
        assert_eq!(scratch, a);
        // The first partial taken as the sum, the next merged: every run once.
        let mut sum = Accumulator::new(&scenario);
        std::mem::swap(&mut sum, &mut scratch);
        sum.merge(&b);
        assert_eq!(sum.to_bytes(), sim.run_range(0..90).to_bytes());
    }

    #[test]
    fn partials_of_any_size_read_back_as_written() {
        let scenario = scenario(1000, 260);
        let sim = Simulation::new(scenario.clone());
        // Counts below 256 in every bucket (1 and 20 runs), and past it (500).
        for runs in [1, 20, 500] {
            let part = sim.run_range(0..runs);
            assert_eq!(Accumulator::from_bytes(&part.to_bytes(), &scenario), Some(part), "{runs} runs");
        }
    }

    #[test]
    fn partials_with_non_finite_sample_values_are_refused() {
        let scenario = scenario(4, 3);
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

    /// The tallies a rule decides go through their bytes unchanged, added
    /// back to the runs without them give the runs' accumulator, and bytes
    /// judging could not give are refused.
    #[test]
    fn judged_tallies_round_trip_and_refuse_what_judging_could_not_give() {
        let sc = scenario(30, 40);
        let sim = Simulation::new(sc.clone());
        let (mut acc, mut trends) = (Accumulator::new(&sc), Trends::new(&sc));
        sim.run_trends(&mut acc, 0..30, &mut trends);
        let judged = trends.judge(&sc);
        let bytes = judged.judged_to_bytes();
        let back = Accumulator::judged_from_bytes(&bytes, &sc).unwrap();
        assert_eq!(back.judged_to_bytes(), bytes);
        let mut whole = acc.without_judged();
        assert_ne!(whole, acc);
        whole.add_judged(&back);
        assert_eq!(whole, acc);
        let mut more = judged.clone();
        more.strategies[0].outcomes[0] += 1;
        assert!(
            Accumulator::judged_from_bytes(&more.judged_to_bytes(), &sc).is_none(),
            "outcomes past the runs"
        );
        let mut itself = judged.clone();
        itself.strategies[1].wins[1] = 1;
        assert!(
            Accumulator::judged_from_bytes(&itself.judged_to_bytes(), &sc).is_none(),
            "a win against itself"
        );
        assert!(
            Accumulator::judged_from_bytes(&bytes[..bytes.len() - 1], &sc).is_none(),
            "a byte short"
        );
        assert!(Accumulator::judged_from_bytes(&acc.to_bytes(), &sc).is_none(), "a partial's bytes");
        assert!(
            Accumulator::judged_from_bytes(&bytes, &scenario(30, 41)).is_none(),
            "another horizon"
        );
    }
}
