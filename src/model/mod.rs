//! The weekly step: one run of one strategy, composed from the mechanisms in
//! the submodules. Pure arithmetic on validated inputs: it cannot fail.
//!
//! Delivered feature work is a product of factors, each a mechanism a
//! founder would recognise:
//!
//! ```text
//! velocity = productivity × heads × onboarding × coordination × (1 − debt interest)
//!            × size drag × overload × noise × (1 − unplanned work) × allocation
//! ```
//!
//! where `heads × onboarding` are the effective heads after ramp-up and
//! training. The step keeps the team's smoothed view of velocity (an EWMA,
//! as teams read a rolling average), and the smoothed value of every factor,
//! so a collapse can be explained factor by factor (`collapse.rs`).

pub mod debt;
pub mod infra;
pub mod money;
pub mod team;
pub mod users;

use crate::fastmath;
use crate::params::Params;
use crate::rng::{Exogenous, WeekShocks, REWRITE_DRAWS};
use crate::rules::{self, Observed, RuleState};
use crate::strategy::Strategy;

/// Smallest codebase used as the denominator of the debt ratio.
const MIN_CODEBASE: f64 = 20.0;
/// Weeks after a rewrite before another may start.
const REWRITE_COOLDOWN_WEEKS: u32 = rules::REWRITE_COOLDOWN_WEEKS;
/// Share of the keep-alive team's time that still ships small features
/// during a rewrite (the rest is fixes).
const KEEPALIVE_FEATURE_SHARE: f64 = 0.5;
/// Smallest starting load the infrastructure is sized for, in users.
const MIN_SIZED_USERS: f64 = 10.0;

/// The factors of the velocity product, in the order `Week::factors` holds
/// them (the noise share of a collapse is what they leave unexplained).
pub const FACTORS: [&str; 9] = [
    "team_size",
    "onboarding",
    "coordination",
    "debt_interest",
    "size_drag",
    "overload",
    "unplanned_work",
    "allocation",
    "noise",
];
/// Factors tracked explicitly (all but noise).
pub const TRACKED: usize = FACTORS.len() - 1;

/// Values derived once per scenario from its parameters.
#[derive(Debug, Clone, Copy)]
pub struct Derived {
    pub bass_p_weekly: f64,
    pub bass_q_weekly: f64,
    pub churn_weekly: f64,
    pub attrition_weekly: f64,
    /// Per-week decay of the post-rewrite defect boost (halves every 13 weeks).
    pub defect_decay: f64,
    pub inv_overload_features: f64,
    pub inv_users_per_engineer: f64,
    pub onboarding_rate: f64,
    pub inv_ramp_up_weeks: f64,
    /// Weight of this week in the smoothed velocity, `2 / (smoothing + 1)`.
    pub smoothing_alpha: f64,
    pub revenue_per_user: f64,
    /// Burn of one engineer with the rest of the company, $ / week.
    pub cost_per_head_week: f64,
    pub initial_capacity: f64,
}

impl Derived {
    pub fn new(p: &Params, smoothing_weeks: u32) -> Self {
        Derived {
            bass_p_weekly: p.bass_p_per_year / 52.0,
            bass_q_weekly: p.bass_q_per_year / 52.0,
            churn_weekly: users::weekly_from_monthly(p.churn_per_month),
            attrition_weekly: 1.0 - libm::pow(1.0 - p.attrition_per_year, 1.0 / 52.0),
            defect_decay: libm::pow(0.5, 1.0 / 13.0),
            inv_overload_features: 1.0 / p.overload_features,
            inv_users_per_engineer: 1.0 / p.users_per_engineer,
            onboarding_rate: if p.onboarding_weeks > 0.0 {
                1.0 / fastmath::max(p.onboarding_weeks, 1.0)
            } else {
                1.0
            },
            inv_ramp_up_weeks: 1.0 / p.ramp_up_weeks,
            smoothing_alpha: 2.0 / (smoothing_weeks as f64 + 1.0),
            revenue_per_user: p.revenue_per_user(),
            cost_per_head_week: p.engineer_cost_year / 52.0 * (1.0 + p.other_cost_share),
            initial_capacity: p.initial_headroom * p.load_per_user * fastmath::max(p.initial_users, MIN_SIZED_USERS),
        }
    }
}

/// A rewrite under way: a project with its own scope, staffed by part of the team.
#[derive(Debug, Clone, Copy)]
pub struct Rewrite {
    /// Work left on the new system, clean-code feature points.
    pub work_left: f64,
    /// The rewrite squad's pace, clean-code feature points a week: the squad
    /// is staffed at the start and keeps its size (hires join the old system).
    pub pace: f64,
    /// The length the team planned, weeks.
    pub planned_weeks: f64,
    pub weeks: u32,
}

/// The parameters a run's [`WeekStart`] reads (and the strategy's own
/// split size, before any rule changes it).
#[derive(Debug, Clone, Copy, Default)]
pub struct StartParams {
    pub debt_half_ratio: f64,
    pub debt_curvature: f64,
    pub size_scale: f64,
    pub size_exponent: f64,
    pub noise_base: f64,
    pub noise_debt: f64,
    pub load_per_user: f64,
    pub overload_slowdown: f64,
    pub inv_overload_features: f64,
    pub coupling: f64,
    pub debt_coupling: f64,
    pub communication_overhead: f64,
    pub inter_team_overhead: f64,
    pub load_incident_rate: f64,
    pub deploys_per_point: f64,
    pub change_failure_rate: f64,
    pub defects_from_debt: f64,
    pub split_team_size: f64,
}

impl StartParams {
    pub fn of(p: &Params, d: &Derived, s: &Strategy) -> Self {
        StartParams {
            debt_half_ratio: p.debt_half_ratio,
            debt_curvature: p.debt_curvature,
            size_scale: p.size_scale,
            size_exponent: p.size_exponent,
            noise_base: p.noise_base,
            noise_debt: p.noise_debt,
            load_per_user: p.load_per_user,
            overload_slowdown: p.overload_slowdown,
            inv_overload_features: d.inv_overload_features,
            coupling: p.coupling,
            debt_coupling: p.debt_coupling,
            communication_overhead: p.communication_overhead,
            inter_team_overhead: p.inter_team_overhead,
            load_incident_rate: p.load_incident_rate,
            deploys_per_point: p.deploys_per_point,
            change_failure_rate: p.change_failure_rate,
            defects_from_debt: p.defects_from_debt,
            split_team_size: s.levers.split_team_size,
        }
    }
}

/// The stocks of a run as its week starts that its [`WeekStart`] reads,
/// and the week's velocity shock.
#[derive(Debug, Clone, Copy, Default)]
pub struct StartInputs {
    pub debt: f64,
    pub codebase: f64,
    pub velocity_shock: f64,
    pub users: f64,
    pub infra_capacity: f64,
    pub features: f64,
    /// Headcount: experienced, new hires and those onboarding, in that order.
    pub team: f64,
    /// The smoothed velocity of the weeks before (0 in a run's first week,
    /// or the first after a rewrite): what was deployed, as incidents see it.
    pub last_velocity: f64,
    /// The extra defects a rewrite left, fading.
    pub defect_boost: f64,
    /// The week's incident draw, uniform on (0, 1), and its `ln`.
    pub incidents_u: f64,
    pub incidents_ln: f64,
}

impl StartInputs {
    #[inline(always)]
    pub fn of(state: &RunState, shock: &WeekShocks) -> Self {
        StartInputs {
            debt: state.debt,
            codebase: state.codebase,
            velocity_shock: shock.velocity,
            incidents_u: shock.incidents,
            incidents_ln: shock.incidents_ln,
            users: state.users,
            infra_capacity: state.infra_capacity,
            features: state.features,
            team: state.experienced + state.new_hires + state.onboarding,
            last_velocity: state.last_velocity(),
            defect_boost: state.defect_boost,
        }
    }
}

/// The factors of a week that follow from its stocks as it starts, its
/// velocity shock and the run's parameters alone: debt interest, size drag
/// and the velocity noise (the step's transcendental functions), and
/// utilisation with what follows from it (the load hazard, slowness),
/// overload, coordination at the strategy's own split size, the incidents
/// expected and the chance of none (the Poisson draw's exponential), and in
/// a batch the incident count itself (`incidents_of`): each a division or
/// worse, or a loop whose length is a draw. They are written for a loop over runs
/// (`fastmath::*_batch` and selects: without branches where the loop
/// vectorises), so a batch computes them for all its runs in one loop
/// (`monte_carlo.rs`) before stepping any run; a single run computes them
/// with the same code.
#[derive(Debug, Clone, Copy, Default)]
pub struct WeekStart {
    /// Share of capacity lost to debt interest ([`debt::interest_share`]).
    pub interest: f64,
    /// The codebase's size drag ([`debt::size_drag`]).
    pub size: f64,
    /// The week's velocity noise, a log-normal factor of mean 1.
    pub noise: f64,
    /// Utilisation: load over capacity.
    pub rho: f64,
    /// The overload factor of a product past its feature budget.
    pub overload: f64,
    /// Coordination efficiency at the strategy's own split size.
    pub coordination: f64,
    /// Extra latency users feel ([`users::slowness`]).
    pub slowness: f64,
    /// Incidents expected this week, from last week's changes and this
    /// week's load hazard ([`infra::expected_incidents`],
    /// [`infra::load_incidents`]).
    pub mean_incidents: f64,
    /// The chance of no incident, `e^(−mean_incidents)`.
    pub no_incident: f64,
    /// The week's incident count from its draw ([`infra::poisson_inline`],
    /// in a batch's pass), or −1 where the step counts them itself
    /// ([`infra::poisson_from_uniform`]): the same count either way.
    pub incidents: f64,
}

impl WeekStart {
    #[inline(always)]
    pub fn of(x: &StartInputs, p: &StartParams) -> Self {
        let ratio = x.debt / fastmath::max(x.codebase, MIN_CODEBASE);
        let interest = debt::interest_share(ratio, p.debt_half_ratio, p.debt_curvature);
        let size = debt::size_drag(x.codebase, p.size_scale, p.size_exponent);
        Self::rest(x, p, interest, size)
    }

    /// The week's incident count from its draw and [`WeekStart::rest`]'s
    /// expectation ([`infra::poisson_inline`]), or −1: a batch's third pass,
    /// which vectorises. A single run (and a batch in wasm without SIMD,
    /// which computes its week starts inside each step) leaves `incidents`
    /// at −1, and the step counts them with the loop.
    #[inline(always)]
    pub fn incidents_of(&self, x: &StartInputs) -> f64 {
        infra::poisson_inline(self.mean_incidents, self.no_incident, x.incidents_u, x.incidents_ln)
    }

    /// The debt interest and size drag of [`WeekStart::of`] without a
    /// branch: the parameters' special cases (a square at curvature 2, a
    /// square root at exponent ½) are chosen by a bit mask after both forms
    /// are computed, so a loop over runs that each have their own
    /// parameters vectorises. Where the caller knows that every run of its
    /// batch has curvature 2 (`SQUARE`) or size exponent ½ (`ROOT`), that
    /// form alone, with no `pow` computed and discarded. The same bits as
    /// `of` either way; [`WeekStart::rest`] then gives the other factors. A
    /// batch computes the two in separate passes (`monte_carlo.rs`).
    #[inline(always)]
    pub fn interest_and_size<const SQUARE: bool, const ROOT: bool>(x: &StartInputs, p: &StartParams) -> (f64, f64) {
        let ratio = x.debt / fastmath::max(x.codebase, MIN_CODEBASE);
        let q = ratio / p.debt_half_ratio;
        let xq = if SQUARE {
            q * q
        } else {
            fastmath::select(p.debt_curvature == 2.0, q * q, fastmath::pow_batch(q, p.debt_curvature))
        };
        let interest = xq / (1.0 + xq);
        let base = 1.0 + x.codebase / p.size_scale;
        let size = if ROOT {
            1.0 / base.sqrt()
        } else {
            fastmath::select(
                p.size_exponent == 0.5,
                1.0 / base.sqrt(),
                fastmath::pow_batch(base, -p.size_exponent),
            )
        };
        (interest, size)
    }

    /// The factors after interest and size, the same branch-free code for
    /// [`WeekStart::of`] and a batch's passes ([`WeekStart::rest_a`], then
    /// [`WeekStart::rest_b`]).
    #[inline(always)]
    pub fn rest(x: &StartInputs, p: &StartParams, interest: f64, size: f64) -> Self {
        let (noise, rho, overload, slowness) = Self::rest_a(x, p, interest);
        let (coordination, mean_incidents, no_incident) = Self::rest_b(x, p, interest, rho);
        WeekStart {
            interest,
            size,
            noise,
            rho,
            overload,
            coordination,
            slowness,
            mean_incidents,
            no_incident,
            // Counted by a batch's pass (`incidents_of`), after.
            incidents: -1.0,
        }
    }

    /// The velocity noise, utilisation, overload and slowness.
    #[inline(always)]
    pub fn rest_a(x: &StartInputs, p: &StartParams, interest: f64) -> (f64, f64, f64, f64) {
        let sigma = p.noise_base + p.noise_debt * interest;
        let noise = fastmath::exp_batch(sigma * x.velocity_shock - 0.5 * sigma * sigma);
        let rho = x.users * p.load_per_user / x.infra_capacity;
        let overload = 1.0 / (1.0 + p.overload_slowdown * fastmath::max(x.features * p.inv_overload_features - 1.0, 0.0));
        (noise, rho, overload, users::slowness(rho))
    }

    /// Coordination, the incidents expected and the chance of none.
    #[inline(always)]
    pub fn rest_b(x: &StartInputs, p: &StartParams, interest: f64, rho: f64) -> (f64, f64, f64) {
        let coordination = coordination(x.team, p.split_team_size, p, interest);
        let load_incidents = infra::load_incidents(rho, p.load_incident_rate);
        let defects = (1.0 + p.defects_from_debt * interest) * x.defect_boost;
        let mean_incidents = infra::expected_incidents(
            x.last_velocity * p.deploys_per_point,
            p.change_failure_rate,
            defects,
            load_incidents,
        );
        (coordination, mean_incidents, fastmath::exp_batch(-mean_incidents))
    }
}

/// Coordination efficiency of `team` people split at `split_size`, with
/// coupling raised by debt interest.
#[inline(always)]
fn coordination(team: f64, split_size: f64, p: &StartParams, interest: f64) -> f64 {
    let coupling = p.coupling * (1.0 + p.debt_coupling * interest);
    team::coordination_efficiency(
        team,
        team::teams(team, split_size),
        p.communication_overhead,
        p.inter_team_overhead,
        coupling,
    )
}

/// The stocks of one run at the start of a week.
#[derive(Debug, Clone)]
pub struct RunState {
    pub experienced: f64,
    pub new_hires: f64,
    /// Hires in their first weeks: no output yet, but they take training.
    pub onboarding: f64,
    pub users: f64,
    pub features: f64,
    pub codebase: f64,
    pub debt: f64,
    pub infra_capacity: f64,
    pub product_market_fit: bool,
    /// Learning towards fit, in weeks of full-speed learning.
    pub learning: f64,
    pub pivots: u32,
    pub rewrite: Option<Rewrite>,
    pub rewrites: u32,
    pub weeks_since_rewrite: u32,
    pub defect_boost: f64,
    pub engineer_weeks: f64,
    pub cash: f64,
    /// Everything spent so far, $.
    pub spent: f64,
    pub rounds: u32,
    pub weeks_since_round: u32,
    /// Revenue of the last 13 weeks (ring buffer), for traction.
    revenue_history: [f64; 13],
    pub out_of_cash: bool,
    /// The team's smoothed velocity and its peak so far.
    pub smoothed: f64,
    pub smoothed_peak: f64,
    /// The smoothed value of each tracked factor.
    pub factors: [f64; TRACKED],
    fresh: bool,
    /// Incidents a week, smoothed like velocity (what rules observe).
    pub incidents_smoothed: f64,
    incidents_seen: bool,
    /// Last week's runway, months (what rules observe).
    pub runway_months: f64,
    /// Which of the strategy's rules have fired.
    pub rule_state: RuleState,
}

/// What one week produced.
#[derive(Debug, Clone, Copy, Default)]
pub struct Week {
    /// Feature points delivered this week.
    pub velocity: f64,
    /// The smoothed velocity collapse is judged on (and the charts show).
    pub smoothed: f64,
    pub users: f64,
    /// Headcount, experienced plus new hires.
    pub team: f64,
    pub debt: f64,
    /// Feature points shipped so far.
    pub features: f64,
    pub burn: f64,
    pub cash: f64,
    pub runway_months: f64,
    /// Share of capacity lost to debt interest.
    pub interest_share: f64,
    /// A rewrite is under way (a planned freeze).
    pub frozen: bool,
    /// The company ran out of cash this week or before.
    pub out_of_cash: bool,
    /// The smoothed factors (see `FACTORS`).
    pub factors: [f64; TRACKED],
    /// Set in the week a rewrite finishes: (planned, actual) length in weeks.
    pub rewrite_finished: Option<(f64, u32)>,
}

impl RunState {
    pub fn new(p: &Params, d: &Derived) -> Self {
        RunState {
            experienced: p.initial_engineers,
            new_hires: 0.0,
            onboarding: 0.0,
            users: p.initial_users,
            features: 0.0,
            codebase: p.initial_codebase,
            debt: p.initial_debt,
            infra_capacity: d.initial_capacity,
            product_market_fit: p.initial_fit == 1.0,
            learning: 0.0,
            pivots: 0,
            rewrite: None,
            rewrites: 0,
            weeks_since_rewrite: REWRITE_COOLDOWN_WEEKS,
            defect_boost: 1.0,
            engineer_weeks: 0.0,
            cash: p.initial_cash,
            spent: 0.0,
            rounds: 0,
            weeks_since_round: 0,
            revenue_history: [p.initial_users * d.revenue_per_user; 13],
            out_of_cash: false,
            smoothed: 0.0,
            smoothed_peak: 0.0,
            factors: [0.0; TRACKED],
            fresh: true,
            incidents_smoothed: 0.0,
            incidents_seen: false,
            runway_months: money::runway_months(
                p.initial_cash,
                p.initial_users * d.revenue_per_user,
                p.initial_engineers * d.cost_per_head_week + d.initial_capacity * p.infra_cost_per_unit,
            ),
            rule_state: RuleState::default(),
        }
    }

    /// Advances one week (index `week`, 0-based) and reports it.
    #[inline]
    pub fn step(&mut self, p: &Params, d: &Derived, s: &Strategy, exo: &Exogenous, week: usize) -> Week {
        let shock = exo.week(week);
        let start = WeekStart::of(&StartInputs::of(self, &shock), &StartParams::of(p, d, s));
        self.step_with(p, d, s, &shock, &start, exo, week)
    }

    /// [`RunState::step`] with the week's shocks `shock` already read from
    /// the run's `exo` (whose per-run draws it still reads) and its
    /// [`WeekStart`] computed from this state as the week starts.
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    pub fn step_with(
        &mut self,
        p: &Params,
        d: &Derived,
        s: &Strategy,
        shock: &WeekShocks,
        start: &WeekStart,
        exo: &Exogenous,
        week: usize,
    ) -> Week {
        if self.out_of_cash {
            return Week {
                debt: self.debt,
                features: self.features,
                out_of_cash: true,
                factors: self.factors,
                ..Week::default()
            };
        }
        let team = self.experienced + self.new_hires + self.onboarding;
        self.engineer_weeks += team;
        let interest = start.interest;
        let rho = start.rho;

        // The strategy's rules, on what the team sees as the week starts.
        let observed = Observed {
            debt_interest: interest,
            utilisation: rho,
            incidents_per_week: self.incidents_smoothed,
            team_size: team,
            runway_months: self.runway_months,
            fit_reached: self.product_market_fit,
            week: (week + 1) as f64,
            velocity_vs_peak: if self.fresh || self.smoothed_peak <= 0.0 {
                1.0
            } else {
                self.smoothed / self.smoothed_peak
            },
        };
        let policy = rules::apply(&s.rules, &s.levers, &observed, &mut self.rule_state);
        let lv = &policy.levers;

        // Team capacity: effective heads (Brooks's law) and coordination in a team of teams.
        let heads = team::effective_heads(
            self.experienced,
            self.new_hires,
            self.onboarding,
            p.new_hire_weight,
            p.experienced_weight,
            p.training_drag,
        );
        // At the strategy's own split size, as the week started; a rule
        // that changed it this week changes coordination with it.
        let coordination = if lv.split_team_size == s.levers.split_team_size {
            start.coordination
        } else {
            coordination(team, lv.split_team_size, &StartParams::of(p, d, s), interest)
        };
        let (size, noise, overload) = (start.size, start.noise, start.overload);
        let clean = p.productivity * heads * coordination * noise;
        let effective = clean * (1.0 - interest) * size * overload;

        // Incidents from last week's changes and this week's load: unplanned work.
        let last_velocity = self.last_velocity();
        let incidents = if start.incidents >= 0.0 {
            start.incidents as u32
        } else {
            infra::poisson_from_uniform(start.mean_incidents, start.no_incident, shock.incidents, shock.incidents_ln)
        };
        let unplanned = fastmath::min(incidents as f64 * p.incident_cost / team, 0.9);
        if self.incidents_seen {
            self.incidents_smoothed += d.smoothing_alpha * (incidents as f64 - self.incidents_smoothed);
        } else {
            self.incidents_smoothed = incidents as f64;
            self.incidents_seen = true;
        }
        let available = effective * (1.0 - unplanned);

        // The strategy splits what is left; a rewrite takes part of the team.
        let infra_share = lv.infra_share;
        let mut out = Week::default();
        let (feature_work, refactor_work, infra_work);
        if policy.abandon_rewrite && self.rewrite.take().is_some() {
            // The squad's work is lost; the old system carries on as it is.
            self.weeks_since_rewrite = 0;
        }
        if let Some(mut rw) = self.rewrite {
            // The squad works on a clean, new system: no old interest, size
            // drag, overload or incidents; only the week's noise.
            rw.work_left -= rw.pace * noise;
            rw.weeks += 1;
            let keepalive = available * (1.0 - lv.rewrite_staff_share);
            infra_work = keepalive * infra_share;
            feature_work = (keepalive - infra_work) * KEEPALIVE_FEATURE_SHARE;
            refactor_work = 0.0;
            out.frozen = true;
            if rw.work_left <= 0.0 {
                self.debt *= p.rewrite_debt_kept;
                self.codebase *= p.rewrite_scope_inflation;
                self.defect_boost = p.rewrite_defect_boost;
                self.weeks_since_rewrite = 0;
                self.rewrite = None;
                self.fresh = true;
                out.rewrite_finished = Some((rw.planned_weeks, rw.weeks));
            } else {
                self.rewrite = Some(rw);
            }
        } else {
            refactor_work = available * lv.refactor_share;
            infra_work = available * infra_share;
            feature_work = available - refactor_work - infra_work;
            self.weeks_since_rewrite = self.weeks_since_rewrite.saturating_add(1);
            if policy.start_rewrite && self.weeks_since_rewrite >= REWRITE_COOLDOWN_WEEKS {
                // The plan: the old system's scope × the second-system factor,
                // at the rewrite team's clean-code pace today. The real scope
                // is the plan × a fat-tailed overrun.
                let estimate = self.codebase * p.rewrite_scope_inflation * p.rewrite_cost_per_point;
                let pace = p.productivity * heads * coordination * lv.rewrite_staff_share;
                let overrun = exo.rewrite[self.rewrites as usize % REWRITE_DRAWS];
                self.rewrite = Some(Rewrite {
                    work_left: estimate * overrun,
                    pace,
                    planned_weeks: estimate / fastmath::max(pace, 1e-9),
                    weeks: 0,
                });
                self.rewrites += 1;
                self.rule_state.rewrite_pending = false;
            }
        }
        self.defect_boost = 1.0 + (self.defect_boost - 1.0) * d.defect_decay;

        // Structure built before the fit signal is only partly useful, unless
        // the strategy refactors only what real use shows is under pressure.
        let fit_use = if self.product_market_fit || s.targeted_refactoring {
            1.0
        } else {
            p.premature_fit
        };
        let pressure = if self.smoothed_peak > 0.0 {
            (1.0 - last_velocity / self.smoothed_peak).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let new_debt = debt::inflow(
            feature_work,
            p.debt_per_feature,
            p.pressure_debt,
            pressure,
            p.debt_contagion,
            self.debt,
        );
        self.debt = fastmath::max(self.debt + new_debt - refactor_work * p.refactor_efficiency * fit_use, 0.0);
        self.features += feature_work;
        self.codebase += feature_work;
        self.infra_capacity += infra_work * p.capacity_per_engineer_week;

        // Learning towards fit, and the pivots that may come first.
        if !self.product_market_fit {
            let experiments = fastmath::min(feature_work / p.experiment_points, 1.0);
            self.learning += experiments * self.users / (self.users + p.pmf_users);
            let needed = p.fit_weeks * exo.fit_luck;
            if self.learning >= needed {
                self.product_market_fit = true;
            } else if shock.pivot < p.pivot_rate * (1.0 - self.learning / needed) {
                self.pivot(p, d);
            }
        }

        // Users: Bass adoption into a market that features widen once the
        // product fits; churn from incidents, slowness, stalls and overload.
        let market = if self.product_market_fit {
            users::market_ceiling(p.initial_market, p.market_per_feature, self.features, p.feature_saturation)
        } else {
            p.initial_market
        };
        let adoption = users::bass_adoption(self.users, market, d.bass_p_weekly, d.bass_q_weekly) * shock.adoption;
        let staleness = if self.smoothed_peak > 0.0 {
            (1.0 - feature_work / self.smoothed_peak).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let overload_excess = fastmath::max(self.features * d.inv_overload_features - 1.0, 0.0);
        let churn_multiplier = 1.0
            + p.incident_churn * incidents as f64
            + p.slowness_churn * start.slowness
            + p.staleness_churn * staleness
            + p.overload_churn * overload_excess;
        let churn = fastmath::min(d.churn_weekly * churn_multiplier, 0.5);
        self.users = fastmath::max(self.users + adoption - churn * self.users, 0.0);

        // Money: revenue, burn, rounds and runway.
        let revenue = self.users * d.revenue_per_user;
        let infra_cost = self.infra_capacity * p.infra_cost_per_unit;
        let burn = team * d.cost_per_head_week + infra_cost;
        self.cash += revenue - burn;
        self.spent += burn;
        self.weeks_since_round = self.weeks_since_round.saturating_add(1);
        let slot = week % 13;
        let quarter_ago = self.revenue_history[slot];
        self.revenue_history[slot] = revenue;
        let mut runway = money::runway_months(self.cash, revenue, burn);
        if runway < p.raise_when_runway_months {
            let traction = money::traction(revenue, quarter_ago, p.raise_growth_target, self.product_market_fit);
            if shock.funding < money::round_chance(p.raise_chance_week, traction, self.weeks_since_round) {
                self.cash += fastmath::max(p.round_months * money::WEEKS_PER_MONTH * burn, p.initial_cash);
                self.rounds += 1;
                self.weeks_since_round = 0;
                runway = money::runway_months(self.cash, revenue, burn);
            }
        }
        if self.cash < 0.0 {
            self.out_of_cash = true;
        }
        self.runway_months = runway;

        // Hiring towards demand, within the runway rule; ramp-up and attrition.
        // Every strategy replaces leavers up to the starting team; growth beyond
        // it follows the strategy, unless its rules freeze hiring this week.
        let demand = p.initial_engineers + lv.hire_ahead * self.users * d.inv_users_per_engineer;
        let wanted = if !policy.freeze_hiring {
            fastmath::min(demand, lv.team_cap)
        } else {
            p.initial_engineers
        };
        let affordable = money::affordable_heads(self.cash, revenue, infra_cost, d.cost_per_head_week, lv.min_runway_months);
        let target = fastmath::min(wanted, affordable);
        if target > team && !self.out_of_cash {
            let pace = fastmath::max(lv.hire_per_week, d.attrition_weekly * p.initial_engineers);
            self.onboarding += fastmath::max(fastmath::min(fastmath::min(target - team, pace) * shock.hiring, target - team), 0.0);
        }
        let onboarded = self.onboarding * d.onboarding_rate;
        self.onboarding -= onboarded;
        self.new_hires += onboarded;
        let graduating = self.new_hires * d.inv_ramp_up_weeks;
        self.new_hires -= graduating;
        self.experienced += graduating;
        self.experienced = fastmath::max(self.experienced * (1.0 - d.attrition_weekly), 1.0);

        // The team's smoothed view of velocity, and of each factor.
        let allocation = if available > 0.0 { feature_work / available } else { 0.0 };
        let factors = [
            team,
            heads / team,
            coordination,
            1.0 - interest,
            size,
            overload,
            1.0 - unplanned,
            allocation,
        ];
        if self.fresh {
            self.smoothed = feature_work;
            self.factors = factors;
            self.fresh = false;
        } else {
            let a = d.smoothing_alpha;
            self.smoothed += a * (feature_work - self.smoothed);
            for (f, x) in self.factors.iter_mut().zip(factors) {
                *f += a * (x - *f);
            }
        }
        if !out.frozen {
            self.smoothed_peak = fastmath::max(self.smoothed_peak, self.smoothed);
        }

        let dead = self.out_of_cash;
        out.velocity = feature_work;
        out.smoothed = if dead { 0.0 } else { self.smoothed };
        out.users = if dead { 0.0 } else { self.users };
        out.team = if dead {
            0.0
        } else {
            self.experienced + self.new_hires + self.onboarding
        };
        out.debt = self.debt;
        out.features = self.features;
        out.burn = burn;
        out.cash = fastmath::max(self.cash, 0.0);
        out.runway_months = if dead { 0.0 } else { runway };
        out.interest_share = interest;
        out.out_of_cash = dead;
        out.factors = self.factors;
        out
    }

    /// The smoothed velocity of the weeks before: what was deployed, as
    /// incidents and schedule pressure see it (0 in a run's first week, or
    /// the first after a rewrite).
    #[inline(always)]
    pub fn last_velocity(&self) -> f64 {
        if self.fresh {
            0.0
        } else {
            self.smoothed
        }
    }

    /// A pivot before fit: part of what was built is discarded, with the
    /// structure and infrastructure built for it; what was learnt is kept.
    fn pivot(&mut self, p: &Params, d: &Derived) {
        let keep = 1.0 - p.pivot_discard;
        let mvp_ratio = p.initial_debt / p.initial_codebase;
        let ratio = fastmath::max(self.debt / self.codebase, mvp_ratio);
        self.features *= keep;
        self.codebase = fastmath::max(self.codebase * keep, fastmath::min(p.initial_codebase, self.codebase));
        self.debt = self.codebase * ratio;
        self.infra_capacity = d.initial_capacity + fastmath::max(self.infra_capacity - d.initial_capacity, 0.0) * keep;
        self.users *= keep;
        self.pivots += 1;
    }
}
