//! The weekly step of a batch of runs side by side: the same model as
//! [`RunState::step_with`], with the runs' stocks and parameters held as one
//! array per quantity (struct of arrays), so the step's arithmetic is a few
//! loops over the runs that the compiler vectorises (two or four runs at a
//! time).
//!
//! A week of the batch is five passes:
//!
//! 1. **Rules** (one run at a time): what the team sees, the strategy's
//!    rules on it, and which runs take the general path this week.
//! 2. **Capacity** (vector): effective heads, coordination, overload, the
//!    delivered capacity and the expected incidents.
//! 3. **Incidents** (one run at a time): the Poisson count, an inversion
//!    whose length depends on the draw.
//! 4. **Work, debt and users** (vector): the work split, debt, learning and
//!    pivots, adoption and churn.
//! 5. **Money, hiring and the smoothed view** (vector): revenue, burn,
//!    rounds, runway, hiring and ramp-up, the smoothed velocity and factors,
//!    and the week's reported values.
//!
//! Pivots, rounds, hiring freezes and running out of cash are masks inside
//! the vector passes. A run in its first week or just after a rewrite (no
//! smoothed history yet), with a rewrite under way, or starting one, takes
//! the general path: its state is copied into a [`RunState`], stepped by
//! [`RunState::step_with`] and copied back. A run out of cash keeps its
//! stocks (each store is a select on the mask). Every vector operation is an
//! IEEE addition, multiplication, division, square root, comparison or
//! select in the scalar step's order, with no fused multiply-add, so every
//! run gets the bits the scalar step gives it (tested below).

use super::*;
use crate::rules::Rule;
use crate::strategy::Levers;

/// Runs side by side.
pub const LANES: usize = 256;
/// Runs taken through every pass together (16 measured 1.18× slower natively than all of them).
const TILE: usize = LANES;

/// Declares the per-run copies of the parameters and derived values the
/// vector passes read, by their names in [`Params`] and [`Derived`].
macro_rules! param_lanes {
    (params: [$($p:ident),* $(,)?], derived: [$($d:ident),* $(,)?] $(,)?) => {
        /// Each run's parameters, one array per parameter.
        pub struct ParamLanes {
            $( $p: [f64; LANES], )*
            $( $d: [f64; LANES], )*
        }

        impl ParamLanes {
            fn new() -> Self {
                ParamLanes { $( $p: [0.0; LANES], )* $( $d: [0.0; LANES], )* }
            }

            fn set(&mut self, b: usize, p: &Params, d: &Derived) {
                $( self.$p[b] = p.$p; )*
                $( self.$d[b] = d.$d; )*
            }
        }
    };
}

param_lanes! {
    params: [
        load_per_user, new_hire_weight, experienced_weight, training_drag, coupling, debt_coupling,
        communication_overhead, inter_team_overhead, overload_slowdown, productivity, defects_from_debt,
        deploys_per_point, change_failure_rate, load_incident_rate, incident_cost, premature_fit,
        debt_per_feature, pressure_debt, debt_contagion, refactor_efficiency, capacity_per_engineer_week,
        experiment_points, pmf_users, fit_weeks, pivot_rate, pivot_discard, initial_debt, initial_codebase,
        initial_market, market_per_feature, feature_saturation, incident_churn, slowness_churn,
        staleness_churn, overload_churn, infra_cost_per_unit, raise_when_runway_months, raise_growth_target,
        raise_chance_week, round_months, initial_cash, initial_engineers,
    ],
    derived: [
        bass_p_weekly, bass_q_weekly, churn_weekly, attrition_weekly, defect_decay, inv_overload_features,
        inv_users_per_engineer, onboarding_rate, inv_ramp_up_weeks, smoothing_alpha, revenue_per_user,
        cost_per_head_week, initial_capacity,
    ],
}

/// One week's shocks of the batch's runs, one slice per shock (indexed by run).
#[derive(Clone, Copy)]
pub struct Shocks<'a> {
    pub velocity: &'a [f64],
    pub adoption: &'a [f64],
    pub hiring: &'a [f64],
    pub incidents: &'a [f64],
    pub incidents_ln: &'a [f64],
    pub pivot: &'a [f64],
    pub funding: &'a [f64],
}

/// How many shocks a week has ([`Shocks`]'s fields).
pub const SHOCKS: usize = 7;

impl<'a> Shocks<'a> {
    /// The week's shocks from `rows`: [`SHOCKS`] rows of `width` runs each,
    /// in the order of [`Shocks`]'s fields.
    pub fn of(rows: &'a [f64], width: usize) -> Self {
        let row = |k: usize| &rows[k * width..(k + 1) * width];
        Shocks {
            velocity: row(0),
            adoption: row(1),
            hiring: row(2),
            incidents: row(3),
            incidents_ln: row(4),
            pivot: row(5),
            funding: row(6),
        }
    }

    /// Writes `s` as run `b`'s shocks into `rows` laid out as [`Shocks::of`] reads them.
    pub fn write(rows: &mut [f64], width: usize, b: usize, s: &WeekShocks) {
        let v = [s.velocity, s.adoption, s.hiring, s.incidents, s.incidents_ln, s.pivot, s.funding];
        for (k, x) in v.into_iter().enumerate() {
            rows[k * width + b] = x;
        }
    }

    /// Run `b`'s shocks.
    pub fn get(&self, b: usize) -> WeekShocks {
        WeekShocks {
            velocity: self.velocity[b],
            adoption: self.adoption[b],
            hiring: self.hiring[b],
            incidents: self.incidents[b],
            incidents_ln: self.incidents_ln[b],
            pivot: self.pivot[b],
            funding: self.funding[b],
        }
    }
}

/// Each run's [`WeekStart`] this week, one array per factor.
pub struct StartLanes {
    pub interest: [f64; LANES],
    pub size: [f64; LANES],
    pub noise: [f64; LANES],
}

impl StartLanes {
    pub fn new() -> Self {
        StartLanes {
            interest: [0.0; LANES],
            size: [0.0; LANES],
            noise: [0.0; LANES],
        }
    }

    /// Run `b`'s week start.
    #[inline(always)]
    pub fn get(&self, b: usize) -> WeekStart {
        WeekStart {
            interest: self.interest[b],
            size: self.size[b],
            noise: self.noise[b],
        }
    }
}

impl Default for StartLanes {
    fn default() -> Self {
        StartLanes::new()
    }
}

/// What a batch reports for one week: the values the charts aggregate, by
/// metric (the order of `monte_carlo::METRICS`), then run.
pub const REPORTED: usize = 8;

/// The stocks of a batch of runs, one array per stock (the fields of
/// [`RunState`]), with each run's parameters and the week's scratch values.
pub struct Batch {
    n: usize,
    experienced: [f64; LANES],
    new_hires: [f64; LANES],
    onboarding: [f64; LANES],
    users: [f64; LANES],
    features: [f64; LANES],
    codebase: [f64; LANES],
    debt: [f64; LANES],
    infra_capacity: [f64; LANES],
    /// Product-market fit reached: a mask, all ones or zero (a mask loaded
    /// from memory keeps the vector passes vectorised; a `bool` did not).
    fit: [u64; LANES],
    learning: [f64; LANES],
    // Counts, held as u64 so that the vector passes use one lane width (they
    // stay far below 2^32: a horizon is at most 1,040 weeks).
    pivots: [u64; LANES],
    rewrite: [Option<Rewrite>; LANES],
    rewrites: [u32; LANES],
    weeks_since_rewrite: [u64; LANES],
    defect_boost: [f64; LANES],
    engineer_weeks: [f64; LANES],
    cash: [f64; LANES],
    spent: [f64; LANES],
    rounds: [u64; LANES],
    weeks_since_round: [u64; LANES],
    revenue_history: [[f64; LANES]; 13],
    /// Out of cash: a mask.
    out_of_cash: [u64; LANES],
    smoothed: [f64; LANES],
    smoothed_peak: [f64; LANES],
    factors: [[f64; LANES]; TRACKED],
    fresh: [bool; LANES],
    incidents_smoothed: [f64; LANES],
    incidents_seen: [bool; LANES],
    runway_months: [f64; LANES],
    rule_state: [RuleState; LANES],
    /// How much learning each run's market needs before fit, × the median.
    fit_luck: [f64; LANES],
    params: ParamLanes,
    // ---- this week's scratch values ----
    /// Out of cash as the week starts: the run's stocks stay as they are.
    dead: [u64; LANES],
    /// Takes the general path this week.
    general: [bool; LANES],
    rule_next: [RuleState; LANES],
    split_team_size: [f64; LANES],
    refactor_share: [f64; LANES],
    infra_share: [f64; LANES],
    hire_ahead: [f64; LANES],
    team_cap: [f64; LANES],
    min_runway_months: [f64; LANES],
    hire_per_week: [f64; LANES],
    freeze_hiring: [u64; LANES],
    patience: [f64; LANES],
    team: [f64; LANES],
    rho: [f64; LANES],
    heads: [f64; LANES],
    coordination: [f64; LANES],
    overload: [f64; LANES],
    effective: [f64; LANES],
    mean_incidents: [f64; LANES],
    incidents: [f64; LANES],
    available: [f64; LANES],
    unplanned: [f64; LANES],
    feature_work: [f64; LANES],
    /// Revenue a quarter ago, then this week's.
    revenue: [f64; LANES],
    /// The general path's runs, with their state as the week started.
    pending: Vec<(usize, RunState)>,
}

impl Batch {
    /// An empty batch, on the heap (it holds a few hundred kilobytes).
    pub fn new() -> Box<Self> {
        let f = [0.0; LANES];
        Box::new(Batch {
            n: 0,
            experienced: f,
            new_hires: f,
            onboarding: f,
            users: f,
            features: f,
            codebase: f,
            debt: f,
            infra_capacity: f,
            fit: [0; LANES],
            learning: f,
            pivots: [0; LANES],
            rewrite: [None; LANES],
            rewrites: [0; LANES],
            weeks_since_rewrite: [0; LANES],
            defect_boost: f,
            engineer_weeks: f,
            cash: f,
            spent: f,
            rounds: [0; LANES],
            weeks_since_round: [0; LANES],
            revenue_history: [f; 13],
            out_of_cash: [0; LANES],
            smoothed: f,
            smoothed_peak: f,
            factors: [f; TRACKED],
            fresh: [false; LANES],
            incidents_smoothed: f,
            incidents_seen: [false; LANES],
            runway_months: f,
            rule_state: [RuleState::default(); LANES],
            fit_luck: f,
            params: ParamLanes::new(),
            dead: [0; LANES],
            general: [false; LANES],
            rule_next: [RuleState::default(); LANES],
            split_team_size: f,
            refactor_share: f,
            infra_share: f,
            hire_ahead: f,
            team_cap: f,
            min_runway_months: f,
            hire_per_week: f,
            freeze_hiring: [0; LANES],
            patience: f,
            team: f,
            rho: f,
            heads: f,
            coordination: f,
            overload: f,
            effective: f,
            mean_incidents: f,
            incidents: f,
            available: f,
            unplanned: f,
            feature_work: f,
            revenue: f,
            pending: Vec::new(),
        })
    }

    /// Runs side by side now.
    pub fn len(&self) -> usize {
        self.n
    }

    /// Whether the batch holds no runs.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Starts a batch of `n` runs (at most [`LANES`]): each stands at its
    /// start, [`Batch::start`] sets its parameters.
    pub fn reset(&mut self, n: usize) {
        self.n = n.min(LANES);
    }

    /// Puts run `b` at its start with parameters `p`, `d` and its draws `exo`.
    pub fn start(&mut self, b: usize, p: &Params, d: &Derived, exo: &Exogenous) {
        self.put(b, &RunState::new(p, d));
        self.params.set(b, p, d);
        self.fit_luck[b] = exo.fit_luck;
    }

    /// Run `b`'s debt and codebase, as its week starts.
    #[inline(always)]
    pub fn debt_and_codebase(&self, b: usize) -> (f64, f64) {
        (self.debt[b], self.codebase[b])
    }

    /// Run `b`'s state as a [`RunState`].
    pub fn take(&self, b: usize) -> RunState {
        RunState {
            experienced: self.experienced[b],
            new_hires: self.new_hires[b],
            onboarding: self.onboarding[b],
            users: self.users[b],
            features: self.features[b],
            codebase: self.codebase[b],
            debt: self.debt[b],
            infra_capacity: self.infra_capacity[b],
            product_market_fit: self.fit[b] != 0,
            learning: self.learning[b],
            pivots: self.pivots[b] as u32,
            rewrite: self.rewrite[b],
            rewrites: self.rewrites[b],
            weeks_since_rewrite: self.weeks_since_rewrite[b] as u32,
            defect_boost: self.defect_boost[b],
            engineer_weeks: self.engineer_weeks[b],
            cash: self.cash[b],
            spent: self.spent[b],
            rounds: self.rounds[b] as u32,
            weeks_since_round: self.weeks_since_round[b] as u32,
            revenue_history: std::array::from_fn(|i| self.revenue_history[i][b]),
            out_of_cash: self.out_of_cash[b] != 0,
            smoothed: self.smoothed[b],
            smoothed_peak: self.smoothed_peak[b],
            factors: std::array::from_fn(|i| self.factors[i][b]),
            fresh: self.fresh[b],
            incidents_smoothed: self.incidents_smoothed[b],
            incidents_seen: self.incidents_seen[b],
            runway_months: self.runway_months[b],
            rule_state: self.rule_state[b],
        }
    }

    /// Sets run `b`'s state to `s`.
    pub fn put(&mut self, b: usize, s: &RunState) {
        self.experienced[b] = s.experienced;
        self.new_hires[b] = s.new_hires;
        self.onboarding[b] = s.onboarding;
        self.users[b] = s.users;
        self.features[b] = s.features;
        self.codebase[b] = s.codebase;
        self.debt[b] = s.debt;
        self.infra_capacity[b] = s.infra_capacity;
        self.fit[b] = mask(s.product_market_fit);
        self.learning[b] = s.learning;
        self.pivots[b] = s.pivots.into();
        self.rewrite[b] = s.rewrite;
        self.rewrites[b] = s.rewrites;
        self.weeks_since_rewrite[b] = s.weeks_since_rewrite.into();
        self.defect_boost[b] = s.defect_boost;
        self.engineer_weeks[b] = s.engineer_weeks;
        self.cash[b] = s.cash;
        self.spent[b] = s.spent;
        self.rounds[b] = s.rounds.into();
        self.weeks_since_round[b] = s.weeks_since_round.into();
        for (i, &r) in s.revenue_history.iter().enumerate() {
            self.revenue_history[i][b] = r;
        }
        self.out_of_cash[b] = mask(s.out_of_cash);
        self.smoothed[b] = s.smoothed;
        self.smoothed_peak[b] = s.smoothed_peak;
        for (i, &f) in s.factors.iter().enumerate() {
            self.factors[i][b] = f;
        }
        self.fresh[b] = s.fresh;
        self.incidents_smoothed[b] = s.incidents_smoothed;
        self.incidents_seen[b] = s.incidents_seen;
        self.runway_months[b] = s.runway_months;
        self.rule_state[b] = s.rule_state;
    }

    /// Run `b`'s smoothed factors.
    #[inline(always)]
    pub fn factors(&self, b: usize) -> [f64; TRACKED] {
        std::array::from_fn(|i| self.factors[i][b])
    }

    /// Advances every run of the batch one week (index `week`, 0-based):
    /// `shocks` are the week's shocks, `starts` each run's [`WeekStart`],
    /// `general` the parameters of run `b` for the general path and `exo`
    /// its draws. Writes the week's values to `values` ([metric][run]) and
    /// whether each run is in a rewrite's freeze to `frozen` and whether it
    /// is out of cash to `out_of_cash` (a mask), and calls `finished(b, planned, actual)` for each
    /// rewrite that finishes.
    #[allow(clippy::too_many_arguments)]
    pub fn step<'a>(
        &mut self,
        s: &Strategy,
        shocks: &Shocks,
        starts: &StartLanes,
        exo: &[Exogenous],
        general: impl Fn(usize) -> (&'a Params, &'a Derived),
        week: usize,
        values: &mut [[f64; LANES]; REPORTED],
        frozen: &mut [bool; LANES],
        out_of_cash: &mut [u64; LANES],
        mut finished: impl FnMut(usize, f64, u32),
    ) {
        let n = self.n.min(LANES);
        self.rules(&s.rules, &s.levers, starts, week);
        self.passes(s.targeted_refactoring, shocks, starts, week, values, out_of_cash);
        frozen[..n].fill(false);
        for (b, state) in std::mem::take(&mut self.pending).iter_mut() {
            let b = *b;
            let (p, d) = general(b);
            let out = state.step_with(p, d, s, &shocks.get(b), &starts.get(b), &exo[b], week);
            self.put(b, state);
            let v = [
                out.smoothed,
                out.users,
                out.team,
                out.debt,
                out.features,
                out.burn,
                out.cash,
                out.runway_months,
            ];
            for (row, x) in values.iter_mut().zip(v) {
                row[b] = x;
            }
            frozen[b] = out.frozen;
            out_of_cash[b] = mask(out.out_of_cash);
            if let Some((planned, actual)) = out.rewrite_finished {
                finished(b, planned, actual);
            }
        }
    }

    /// Passes 2 to 5, with AVX2 where the CPU has it (four runs at a time
    /// rather than SSE2's two; the same bits).
    fn passes(
        &mut self,
        targeted: bool,
        shocks: &Shocks,
        starts: &StartLanes,
        week: usize,
        values: &mut [[f64; LANES]; REPORTED],
        out_of_cash: &mut [u64; LANES],
    ) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU has AVX2, checked just above.
            unsafe { self.passes_avx2(targeted, shocks, starts, week, values, out_of_cash) };
            return;
        }
        self.passes_in(targeted, shocks, starts, week, values, out_of_cash);
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn passes_avx2(
        &mut self,
        targeted: bool,
        shocks: &Shocks,
        starts: &StartLanes,
        week: usize,
        values: &mut [[f64; LANES]; REPORTED],
        out_of_cash: &mut [u64; LANES],
    ) {
        self.passes_in(targeted, shocks, starts, week, values, out_of_cash);
    }

    #[inline(always)]
    fn passes_in(
        &mut self,
        targeted: bool,
        shocks: &Shocks,
        starts: &StartLanes,
        week: usize,
        values: &mut [[f64; LANES]; REPORTED],
        out_of_cash: &mut [u64; LANES],
    ) {
        let n = self.n.min(LANES);
        let slot = week % 13;
        // The ring's row in a scratch array of its own, so the money pass's
        // accesses are all at fixed distances from each other.
        self.revenue = self.revenue_history[slot];
        // A tile of runs at a time through every pass, so its values stay in
        // the first-level cache from one pass to the next.
        let mut lo = 0;
        while lo < n {
            let hi = (lo + TILE).min(n);
            self.capacity(lo, hi, starts);
            let (uniform, ln_uniform) = (&shocks.incidents[..n], &shocks.incidents_ln[..n]);
            for b in lo..hi {
                self.incidents[b] = infra::poisson_from_uniform(self.mean_incidents[b], uniform[b], ln_uniform[b]) as f64;
            }
            self.work(lo, hi, targeted, shocks.pivot, shocks.adoption);
            self.money(lo, hi, shocks.funding, shocks.hiring, starts, values, out_of_cash);
            lo = hi;
        }
        self.revenue_history[slot] = self.revenue;
    }

    /// Pass 1: what each run's team sees, its rules, and its path.
    #[inline(never)]
    fn rules(&mut self, rules: &[Rule], levers: &Levers, starts: &StartLanes, week: usize) {
        let mut pending = std::mem::take(&mut self.pending);
        pending.clear();
        for b in 0..self.n {
            let team = self.experienced[b] + self.new_hires[b] + self.onboarding[b];
            let rho = self.users[b] * self.params.load_per_user[b] / self.infra_capacity[b];
            self.team[b] = team;
            self.rho[b] = rho;
            self.dead[b] = self.out_of_cash[b];
            if self.out_of_cash[b] != 0 {
                self.general[b] = false;
                continue;
            }
            let fresh = self.fresh[b];
            let observed = Observed {
                debt_interest: starts.interest[b],
                utilisation: rho,
                incidents_per_week: self.incidents_smoothed[b],
                team_size: team,
                runway_months: self.runway_months[b],
                fit_reached: self.fit[b] != 0,
                week: (week + 1) as f64,
                velocity_vs_peak: if fresh || self.smoothed_peak[b] <= 0.0 {
                    1.0
                } else {
                    self.smoothed[b] / self.smoothed_peak[b]
                },
            };
            let mut state = self.rule_state[b];
            let policy = rules::apply(rules, levers, &observed, &mut state);
            let general = fresh
                || !self.incidents_seen[b]
                || self.rewrite[b].is_some()
                || (policy.start_rewrite && self.weeks_since_rewrite[b] + 1 >= REWRITE_COOLDOWN_WEEKS.into());
            self.general[b] = general;
            if general {
                pending.push((b, self.take(b)));
                continue;
            }
            let lv = &policy.levers;
            self.rule_next[b] = state;
            self.split_team_size[b] = lv.split_team_size;
            self.refactor_share[b] = lv.refactor_share;
            self.infra_share[b] = lv.infra_share;
            self.hire_ahead[b] = lv.hire_ahead;
            self.team_cap[b] = lv.team_cap;
            self.min_runway_months[b] = lv.min_runway_months;
            self.hire_per_week[b] = lv.hire_per_week;
            self.freeze_hiring[b] = mask(policy.freeze_hiring);
            self.patience[b] = money::investor_patience((self.weeks_since_round[b] + 1) as u32);
        }
        self.pending = pending;
        for b in 0..self.n {
            if self.dead[b] == 0 && !self.general[b] {
                self.rule_state[b] = self.rule_next[b];
            }
        }
    }

    /// Pass 2: the week's capacity and its expected incidents.
    #[inline(always)]
    fn capacity(&mut self, lo: usize, hi: usize, starts: &StartLanes) {
        let n = self.n.min(LANES);
        let hi = hi.min(n);
        let p = &self.params;
        for b in lo..hi {
            let team = self.team[b];
            let interest = starts.interest[b];
            let dead = self.dead[b];
            self.engineer_weeks[b] = blend(dead, self.engineer_weeks[b], self.engineer_weeks[b] + team);
            let heads = team::effective_heads(
                self.experienced[b],
                self.new_hires[b],
                self.onboarding[b],
                p.new_hire_weight[b],
                p.experienced_weight[b],
                p.training_drag[b],
            );
            let coupling = p.coupling[b] * (1.0 + p.debt_coupling[b] * interest);
            let split = self.split_team_size[b];
            let teams = fastmath::select(split > 0.0 && team > split, team / split, 1.0);
            let coordination = team::coordination_efficiency(team, teams, p.communication_overhead[b], p.inter_team_overhead[b], coupling);
            let (size, noise) = (starts.size[b], starts.noise[b]);
            let overload = 1.0 / (1.0 + p.overload_slowdown[b] * fastmath::max(self.features[b] * p.inv_overload_features[b] - 1.0, 0.0));
            let clean = p.productivity[b] * heads * coordination * noise;
            let effective = clean * (1.0 - interest) * size * overload;
            let defects = (1.0 + p.defects_from_debt[b] * interest) * self.defect_boost[b];
            let last_velocity = self.smoothed[b];
            self.mean_incidents[b] = infra::expected_incidents(
                last_velocity * p.deploys_per_point[b],
                p.change_failure_rate[b],
                defects,
                self.rho[b],
                p.load_incident_rate[b],
            );
            self.heads[b] = heads;
            self.coordination[b] = coordination;
            self.overload[b] = overload;
            self.effective[b] = effective;
        }
    }

    /// Pass 4: the work split, debt, learning and pivots, and users.
    #[inline(always)]
    fn work(&mut self, lo: usize, hi: usize, targeted: bool, pivots: &[f64], adoptions: &[f64]) {
        let n = self.n.min(LANES);
        let hi = hi.min(n);
        let p = &self.params;
        let (pivots, adoptions) = (&pivots[..n], &adoptions[..n]);
        for b in lo..hi {
            let dead = self.dead[b];
            let team = self.team[b];
            let incidents = self.incidents[b];
            let unplanned = fastmath::min(incidents * p.incident_cost[b] / team, 0.9);
            let smoothed_incidents = self.incidents_smoothed[b] + p.smoothing_alpha[b] * (incidents - self.incidents_smoothed[b]);
            self.incidents_smoothed[b] = blend(dead, self.incidents_smoothed[b], smoothed_incidents);
            let available = self.effective[b] * (1.0 - unplanned);
            let refactor_work = available * self.refactor_share[b];
            let infra_work = available * self.infra_share[b];
            let feature_work = available - refactor_work - infra_work;
            let since = self.weeks_since_rewrite[b];
            self.weeks_since_rewrite[b] = since + (!dead & 1);
            let boost = 1.0 + (self.defect_boost[b] - 1.0) * p.defect_decay[b];
            self.defect_boost[b] = blend(dead, self.defect_boost[b], boost);

            let fit = self.fit[b];
            let fit_use = blend(fit | mask(targeted), 1.0, p.premature_fit[b]);
            let last_velocity = self.smoothed[b];
            let peak = self.smoothed_peak[b];
            let pressure = fastmath::select(peak > 0.0, (1.0 - last_velocity / peak).clamp(0.0, 1.0), 0.0);
            let debt0 = self.debt[b];
            let new_debt = debt::inflow(
                feature_work,
                p.debt_per_feature[b],
                p.pressure_debt[b],
                pressure,
                p.debt_contagion[b],
                debt0,
            );
            let mut debt = fastmath::max(debt0 + new_debt - refactor_work * p.refactor_efficiency[b] * fit_use, 0.0);
            let mut features = self.features[b] + feature_work;
            let mut codebase = self.codebase[b] + feature_work;
            let mut infra = self.infra_capacity[b] + infra_work * p.capacity_per_engineer_week[b];

            // Learning towards fit, and a pivot that may come first.
            let users0 = self.users[b];
            let experiments = fastmath::min(feature_work / p.experiment_points[b], 1.0);
            let learnt = self.learning[b] + experiments * users0 / (users0 + p.pmf_users[b]);
            let needed = p.fit_weeks[b] * self.fit_luck[b];
            let reached = mask(learnt >= needed);
            let pivot = !fit & !reached & mask(pivots[b] < p.pivot_rate[b] * (1.0 - learnt / needed));
            let fit_now = fit | reached;
            let keep = 1.0 - p.pivot_discard[b];
            let mvp_ratio = p.initial_debt[b] / p.initial_codebase[b];
            let ratio = fastmath::max(debt / codebase, mvp_ratio);
            let pivot_codebase = fastmath::max(codebase * keep, fastmath::min(p.initial_codebase[b], codebase));
            let initial_capacity = p.initial_capacity[b];
            features = blend(pivot, features * keep, features);
            codebase = blend(pivot, pivot_codebase, codebase);
            debt = blend(pivot, pivot_codebase * ratio, debt);
            infra = blend(pivot, initial_capacity + fastmath::max(infra - initial_capacity, 0.0) * keep, infra);
            let users = blend(pivot, users0 * keep, users0);

            // Users.
            let market = blend(
                fit_now,
                users::market_ceiling(p.initial_market[b], p.market_per_feature[b], features, p.feature_saturation[b]),
                p.initial_market[b],
            );
            let adoption = bass(users, market, p.bass_p_weekly[b], p.bass_q_weekly[b]) * adoptions[b];
            let staleness = fastmath::select(peak > 0.0, (1.0 - feature_work / peak).clamp(0.0, 1.0), 0.0);
            let overload_excess = fastmath::max(features * p.inv_overload_features[b] - 1.0, 0.0);
            let churn_multiplier = 1.0
                + p.incident_churn[b] * incidents
                + p.slowness_churn[b] * users::slowness(self.rho[b])
                + p.staleness_churn[b] * staleness
                + p.overload_churn[b] * overload_excess;
            let churn = fastmath::min(p.churn_weekly[b] * churn_multiplier, 0.5);
            let users = fastmath::max(users + adoption - churn * users, 0.0);

            self.debt[b] = blend(dead, debt0, debt);
            self.features[b] = blend(dead, self.features[b], features);
            self.codebase[b] = blend(dead, self.codebase[b], codebase);
            self.infra_capacity[b] = blend(dead, self.infra_capacity[b], infra);
            self.users[b] = blend(dead, users0, users);
            self.learning[b] = blend(dead | fit, self.learning[b], learnt);
            self.fit[b] = (fit_now & !dead) | fit;
            self.pivots[b] += pivot & !dead & 1;
            self.available[b] = available;
            self.unplanned[b] = unplanned;
            self.feature_work[b] = feature_work;
        }
    }

    /// Pass 5: money, hiring, the smoothed view, and the week's values.
    #[inline(always)]
    fn money(
        &mut self,
        lo: usize,
        hi: usize,
        funding: &[f64],
        hiring: &[f64],
        starts: &StartLanes,
        values: &mut [[f64; LANES]; REPORTED],
        out_of_cash_now: &mut [u64; LANES],
    ) {
        let n = self.n.min(LANES);
        let hi = hi.min(n);
        let p = &self.params;
        let (funding, hiring) = (&funding[..n], &hiring[..n]);
        for b in lo..hi {
            let dead = self.dead[b];
            let team = self.team[b];
            let users = self.users[b];
            let fit = self.fit[b];
            let revenue = users * p.revenue_per_user[b];
            let infra_cost = self.infra_capacity[b] * p.infra_cost_per_unit[b];
            let burn = team * p.cost_per_head_week[b] + infra_cost;
            let cash0 = self.cash[b];
            let mut cash = cash0 + (revenue - burn);
            let spent = self.spent[b] + burn;
            let mut since_round = self.weeks_since_round[b] + 1;
            let quarter_ago = self.revenue[b];
            let mut runway = money::runway_months(cash, revenue, burn);
            let traction = traction(revenue, quarter_ago, p.raise_growth_target[b], fit);
            let chance = p.raise_chance_week[b] * traction * self.patience[b];
            let raised = (runway < p.raise_when_runway_months[b]) & (funding[b] < chance);
            cash = fastmath::select(
                raised,
                cash + fastmath::max(p.round_months[b] * money::WEEKS_PER_MONTH * burn, p.initial_cash[b]),
                cash,
            );
            let rounds = self.rounds[b] + raised as u64;
            since_round &= !mask(raised);
            runway = fastmath::select(raised, money::runway_months(cash, revenue, burn), runway);
            let out_of_cash = mask(cash < 0.0);

            // Hiring towards demand, ramp-up and attrition.
            let initial_engineers = p.initial_engineers[b];
            let demand = initial_engineers + self.hire_ahead[b] * users * p.inv_users_per_engineer[b];
            let wanted = blend(!self.freeze_hiring[b], fastmath::min(demand, self.team_cap[b]), initial_engineers);
            let affordable = money::affordable_heads(cash, revenue, infra_cost, p.cost_per_head_week[b], self.min_runway_months[b]);
            let target = fastmath::min(wanted, affordable);
            let pace = fastmath::max(self.hire_per_week[b], p.attrition_weekly[b] * initial_engineers);
            let hired = fastmath::max(fastmath::min(fastmath::min(target - team, pace) * hiring[b], target - team), 0.0);
            let onboarding = self.onboarding[b];
            let onboarding = blend(mask(target > team) & !out_of_cash, onboarding + hired, onboarding);
            let onboarded = onboarding * p.onboarding_rate[b];
            let onboarding = onboarding - onboarded;
            let new_hires = self.new_hires[b] + onboarded;
            let graduating = new_hires * p.inv_ramp_up_weeks[b];
            let new_hires = new_hires - graduating;
            let experienced = self.experienced[b] + graduating;
            let experienced = fastmath::max(experienced * (1.0 - p.attrition_weekly[b]), 1.0);

            // The smoothed view of velocity and of each factor.
            let feature_work = self.feature_work[b];
            let available = self.available[b];
            let allocation = fastmath::select(available > 0.0, feature_work / available, 0.0);
            let a = p.smoothing_alpha[b];
            let x = [
                team,
                self.heads[b] / team,
                self.coordination[b],
                1.0 - starts.interest[b],
                starts.size[b],
                self.overload[b],
                1.0 - self.unplanned[b],
                allocation,
            ];
            let smoothed = self.smoothed[b] + a * (feature_work - self.smoothed[b]);
            for (f, x) in self.factors.iter_mut().zip(x) {
                f[b] = blend(dead, f[b], f[b] + a * (x - f[b]));
            }
            let peak = fastmath::max(self.smoothed_peak[b], smoothed);

            let gone = out_of_cash | dead;
            self.revenue[b] = blend(dead, quarter_ago, revenue);
            self.cash[b] = blend(dead, cash0, cash);
            self.spent[b] = blend(dead, self.spent[b], spent);
            let keep = dead;
            self.rounds[b] = (self.rounds[b] & keep) | (rounds & !keep);
            self.weeks_since_round[b] = (self.weeks_since_round[b] & keep) | (since_round & !keep);
            self.out_of_cash[b] = gone;
            self.runway_months[b] = blend(dead, self.runway_months[b], runway);
            self.onboarding[b] = blend(dead, self.onboarding[b], onboarding);
            self.new_hires[b] = blend(dead, self.new_hires[b], new_hires);
            self.experienced[b] = blend(dead, self.experienced[b], experienced);
            self.smoothed[b] = blend(dead, self.smoothed[b], smoothed);
            self.smoothed_peak[b] = blend(dead, self.smoothed_peak[b], peak);

            values[0][b] = blend(gone, 0.0, smoothed);
            values[1][b] = blend(gone, 0.0, users);
            values[2][b] = blend(gone, 0.0, experienced + new_hires + onboarding);
            values[3][b] = self.debt[b];
            values[4][b] = self.features[b];
            values[5][b] = blend(dead, 0.0, burn);
            values[6][b] = blend(dead, 0.0, fastmath::max(cash, 0.0));
            values[7][b] = blend(gone, 0.0, runway);
            out_of_cash_now[b] = gone;
        }
    }
}

/// [`users::bass_adoption`] without its early return.
#[inline(always)]
fn bass(adopters: f64, market: f64, p_weekly: f64, q_weekly: f64) -> f64 {
    fastmath::select(
        market <= adopters || market <= 0.0,
        0.0,
        (p_weekly + q_weekly * adopters / market) * (market - adopters),
    )
}

/// `c` as a mask: all ones when it holds, else zero.
#[inline(always)]
fn mask(c: bool) -> u64 {
    (c as u64).wrapping_neg()
}

/// `a` where mask `m` is all ones, `b` where it is zero.
#[inline(always)]
fn blend(m: u64, a: f64, b: f64) -> f64 {
    f64::from_bits((a.to_bits() & m) | (b.to_bits() & !m))
}

/// [`money::traction`] with fit as a mask.
#[inline(always)]
fn traction(revenue: f64, revenue_quarter_ago: f64, target_growth: f64, fit: u64) -> f64 {
    let growth = fastmath::select(
        revenue_quarter_ago > 0.0,
        revenue / revenue_quarter_ago - 1.0,
        fastmath::select(revenue > 0.0, target_growth, 0.0),
    );
    let t = (growth / target_growth).clamp(0.0, 1.0);
    blend(fit, t, 0.25 * t)
}
