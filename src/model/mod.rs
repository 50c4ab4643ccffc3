//! The weekly step: one run of one strategy, composed from the mechanisms in
//! the submodules. Pure arithmetic on validated inputs: it cannot fail.

pub mod debt;
pub mod infra;
pub mod team;
pub mod users;

use crate::fastmath;
use crate::params::Params;
use crate::rng::{Exogenous, REWRITE_DRAWS};
use crate::strategy::Strategy;

/// Size of the MVP's codebase at week 0, feature points.
pub const INITIAL_CODEBASE: f64 = 40.0;
/// Debt the MVP starts with (its shortcuts), engineer-weeks.
pub const INITIAL_DEBT: f64 = 4.0;
/// Smallest codebase used as the denominator of the debt ratio.
const MIN_CODEBASE: f64 = 20.0;
/// Weeks after a rewrite before another may start.
const REWRITE_COOLDOWN_WEEKS: u32 = 52;
/// Utilisation at which load "demands" infrastructure: a strategy that waits
/// for the fit signal builds infrastructure before it only above this.
const LOAD_DEMANDS_UTILISATION: f64 = 0.5;
/// Strategies that wait for fit hold hiring while debt interest is above this
/// share: the architecture is strengthened before the team grows.
const STAGED_HIRING_INTEREST: f64 = 0.3;

/// Values derived once per scenario from its parameters.
#[derive(Debug, Clone, Copy)]
pub struct Derived {
    pub bass_p_weekly: f64,
    pub bass_q_weekly: f64,
    pub churn_weekly: f64,
    pub attrition_weekly: f64,
    pub rewrite_log_median: f64,
    /// Per-week decay of the post-rewrite defect boost (halves every 13 weeks).
    pub defect_decay: f64,
    // Reciprocals of parameters the weekly step divides by.
    pub inv_overload_features: f64,
    pub inv_users_per_engineer: f64,
    pub onboarding_rate: f64,
    pub inv_ramp_up_weeks: f64,
}

impl Derived {
    pub fn new(p: &Params) -> Self {
        Derived {
            bass_p_weekly: p.bass_p_per_year / 52.0,
            bass_q_weekly: p.bass_q_per_year / 52.0,
            churn_weekly: users::weekly_from_monthly(p.churn_per_month),
            attrition_weekly: 1.0 - libm::pow(1.0 - p.attrition_per_year, 1.0 / 52.0),
            rewrite_log_median: libm::log(p.rewrite_overrun_median),
            defect_decay: libm::pow(0.5, 1.0 / 13.0),
            inv_overload_features: 1.0 / p.overload_features,
            inv_users_per_engineer: 1.0 / p.users_per_engineer,
            onboarding_rate: if p.onboarding_weeks > 0.0 {
                1.0 / p.onboarding_weeks.max(1.0)
            } else {
                1.0
            },
            inv_ramp_up_weeks: 1.0 / p.ramp_up_weeks,
        }
    }
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
    pub peak_velocity: f64,
    pub last_velocity: f64,
    pub product_market_fit: bool,
    /// Weeks left in the rewrite under way (0 = none).
    pub rewrite_weeks_left: u32,
    pub rewrites: u32,
    pub weeks_since_rewrite: u32,
    pub defect_boost: f64,
    pub engineer_weeks: f64,
}

/// What one week produced.
#[derive(Debug, Clone, Copy, Default)]
pub struct Week {
    /// Feature points delivered this week: the velocity collapse is judged on.
    pub velocity: f64,
    pub users: f64,
    /// Headcount, experienced plus new hires.
    pub team: f64,
    pub debt: f64,
    /// Feature points shipped so far.
    pub features: f64,
    /// Share of capacity lost to debt interest.
    pub interest_share: f64,
    pub incidents: u32,
    pub communication_overhead: f64,
    /// Set in the week a rewrite starts: (planned, actual) length in weeks.
    pub rewrite_started: Option<(f64, u32)>,
}

impl RunState {
    pub fn new(p: &Params) -> Self {
        RunState {
            experienced: p.initial_engineers,
            new_hires: 0.0,
            onboarding: 0.0,
            users: p.initial_users,
            features: 0.0,
            codebase: INITIAL_CODEBASE,
            debt: INITIAL_DEBT,
            infra_capacity: p.initial_capacity,
            peak_velocity: 0.0,
            last_velocity: 0.0,
            product_market_fit: p.initial_users >= p.pmf_users,
            rewrite_weeks_left: 0,
            rewrites: 0,
            weeks_since_rewrite: REWRITE_COOLDOWN_WEEKS,
            defect_boost: 1.0,
            engineer_weeks: 0.0,
        }
    }

    /// Advances one week (index `week`, 0-based) and reports it.
    #[inline]
    pub fn step(&mut self, p: &Params, d: &Derived, s: &Strategy, exo: &Exogenous, week: usize) -> Week {
        let team = self.experienced + self.new_hires + self.onboarding;
        self.engineer_weeks += team;
        let invests = !s.wait_for_pmf || self.product_market_fit;

        // Team capacity (Brooks's law).
        let overhead = team::communication_overhead(team, p.communication_overhead, s.split_team_size, p.inter_team_overhead, p.coupling);
        let raw = team::capacity(
            self.experienced,
            self.new_hires,
            self.onboarding,
            p.productivity,
            p.new_hire_weight,
            p.experienced_weight,
            p.training_drag,
            overhead,
        );

        // Debt interest, size drag and noise.
        let ratio = self.debt / self.codebase.max(MIN_CODEBASE);
        let interest = debt::interest_share(ratio, p.debt_half_ratio, p.debt_curvature);
        let size = debt::size_drag(self.codebase, p.size_scale, p.size_exponent);
        let sigma = p.noise_base + p.noise_debt * interest;
        let noise = fastmath::exp(sigma * exo.velocity[week] - 0.5 * sigma * sigma);
        let effective = raw * (1.0 - interest) * size * noise;

        // Incidents from last week's changes and this week's load: unplanned work.
        let load = self.users * p.load_per_user;
        let rho = load / self.infra_capacity;
        let defects = (1.0 + p.defects_from_debt * interest) * self.defect_boost;
        let mean_incidents = infra::expected_incidents(
            self.last_velocity * p.deploys_per_point,
            p.change_failure_rate,
            defects,
            rho,
            p.load_incident_rate,
        );
        let incidents = infra::poisson_from_uniform(mean_incidents, exo.incidents[week], exo.incidents_ln[week]);
        let unplanned = (incidents as f64 * p.incident_cost / team.max(1.0)).min(0.9);
        let available = effective * (1.0 - unplanned);

        // The strategy splits what is left.
        let infra_share = if rho >= s.infra_trigger && (invests || rho >= LOAD_DEMANDS_UTILISATION) {
            s.infra_share
        } else {
            0.0
        };
        let mut rewrite_started = None;
        let (feature_work, refactor_work, infra_work);
        if self.rewrite_weeks_left > 0 {
            infra_work = available * infra_share;
            feature_work = 0.0;
            refactor_work = 0.0;
            self.rewrite_weeks_left -= 1;
            if self.rewrite_weeks_left == 0 {
                self.debt *= p.rewrite_debt_kept;
                self.codebase *= p.rewrite_scope_inflation;
                self.defect_boost = p.rewrite_defect_boost;
                self.weeks_since_rewrite = 0;
            }
        } else {
            let refactor_share = s.refactor_share;
            refactor_work = available * refactor_share;
            infra_work = available * infra_share;
            feature_work = available - refactor_work - infra_work;
            self.weeks_since_rewrite = self.weeks_since_rewrite.saturating_add(1);
            if s.rewrite_trigger > 0.0 && interest >= s.rewrite_trigger && self.weeks_since_rewrite >= REWRITE_COOLDOWN_WEEKS {
                let z = exo.rewrite[self.rewrites as usize % REWRITE_DRAWS];
                let overrun = fastmath::exp(d.rewrite_log_median + p.rewrite_overrun_sigma * z);
                let weeks = (s.rewrite_weeks * overrun).round().max(1.0) as u32;
                self.rewrite_weeks_left = weeks;
                self.rewrites += 1;
                rewrite_started = Some((s.rewrite_weeks, weeks));
            }
        }
        self.defect_boost = 1.0 + (self.defect_boost - 1.0) * d.defect_decay;

        // Structure built before the fit signal by a strategy that does not
        // wait for it is only partly useful; one that waits refactors only
        // what real use shows is under pressure.
        let fit = if self.product_market_fit || s.wait_for_pmf {
            1.0
        } else {
            p.premature_fit
        };
        let inv_peak = if self.peak_velocity > 0.0 { 1.0 / self.peak_velocity } else { 0.0 };
        let pressure = (1.0 - self.last_velocity * inv_peak).clamp(0.0, 1.0) * (inv_peak > 0.0) as u8 as f64;
        let new_debt = debt::inflow(
            feature_work,
            p.debt_per_feature,
            p.pressure_debt,
            pressure,
            p.debt_contagion,
            self.debt,
        );
        self.debt = (self.debt + new_debt - refactor_work * p.refactor_efficiency * fit).max(0.0);
        self.features += feature_work;
        self.codebase += feature_work;
        self.infra_capacity += infra_work * p.capacity_per_engineer_week;

        // Users: Bass adoption into a market widened by features; churn.
        let market = users::market_ceiling(p.initial_market, p.market_per_feature, self.features, p.feature_saturation);
        let adoption = users::bass_adoption(self.users, market, d.bass_p_weekly, d.bass_q_weekly) * exo.adoption[week];
        let staleness = (1.0 - feature_work * inv_peak).clamp(0.0, 1.0) * (inv_peak > 0.0) as u8 as f64;
        let overload = (self.features * d.inv_overload_features - 1.0).max(0.0);
        let churn_multiplier = 1.0
            + p.incident_churn * incidents as f64
            + p.slowness_churn * users::slowness(rho)
            + p.staleness_churn * staleness
            + p.overload_churn * overload;
        let churn = (d.churn_weekly * churn_multiplier).min(0.5);
        self.users = (self.users + adoption - churn * self.users).max(0.0);
        if self.users >= p.pmf_users {
            self.product_market_fit = true;
        }

        // Hiring towards demand, ramp-up and attrition.
        // Every strategy replaces leavers up to the initial team; growth beyond
        // it follows the strategy (after the fit signal for those that wait,
        // and, for them, only once the architecture is in shape).
        let staged_ok = !s.wait_for_pmf || interest <= STAGED_HIRING_INTEREST;
        let demand = p.initial_engineers + s.hire_ahead * self.users * d.inv_users_per_engineer;
        let target = if invests && staged_ok {
            demand.min(s.team_cap)
        } else {
            p.initial_engineers
        };
        if target > team {
            let luck = exo.hiring[week];
            let pace = s.hire_per_week.max(d.attrition_weekly * p.initial_engineers);
            self.onboarding += ((target - team).min(pace) * luck)
                .min(s.team_cap.max(p.initial_engineers) - team)
                .max(0.0);
        }
        let onboarded = self.onboarding * d.onboarding_rate;
        self.onboarding -= onboarded;
        self.new_hires += onboarded;
        let graduating = self.new_hires * d.inv_ramp_up_weeks;
        self.new_hires -= graduating;
        self.experienced += graduating;
        self.experienced = (self.experienced * (1.0 - d.attrition_weekly)).max(1.0);

        self.peak_velocity = self.peak_velocity.max(feature_work);
        self.last_velocity = feature_work;
        Week {
            velocity: feature_work,
            users: self.users,
            team: self.experienced + self.new_hires + self.onboarding,
            debt: self.debt,
            features: self.features,
            interest_share: interest,
            incidents,
            communication_overhead: overhead,
            rewrite_started,
        }
    }
}
