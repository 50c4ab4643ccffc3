//! Every model parameter: its name, unit, allowed range, default and the
//! published source (or the design argument) behind the default.
//!
//! The catalogue is the single place a parameter is declared; the CLI's
//! `params` command, the scenario file validator and the page's parameter
//! panel all read it.

use crate::error::{show_number, InputError};
use serde::Serialize;

/// What the catalogue says about one parameter.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ParamSpec {
    pub name: &'static str,
    pub group: &'static str,
    pub label: &'static str,
    pub unit: &'static str,
    pub min: f64,
    pub max: f64,
    pub default: f64,
    /// How unsure the value is, relative to the scenario's value.
    pub uncertainty: Uncertainty,
    /// How strong the evidence behind the default is.
    pub evidence: Evidence,
    pub source: &'static str,
}

/// A parameter's uncertainty: a distribution over a range stated relative to
/// the scenario's value (the preset's, or a value set in the scenario), so
/// every preset keeps its own centre. The range is clipped to the allowed
/// range; a parameter whose value is 0 under a relative range is then fixed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Uncertainty {
    /// A choice (a unit, a policy, a fact about your company), not an unknown.
    Fixed,
    /// Triangular from `low` × value to `high` × value, the value as mode.
    Triangular { low: f64, high: f64 },
    /// Log-uniform from value ÷ `factor` to value × `factor` (median the
    /// value): for parameters whose plausible values span orders of magnitude.
    LogUniform { factor: f64 },
}

/// The strength of the evidence behind a parameter's default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    /// Several published studies agree on the value and its range.
    Strong,
    /// One published source or an industry benchmark range.
    Moderate,
    /// A design choice bounded only by qualitative evidence: sweep it.
    Weak,
    /// Not an unknown: a unit, a policy or your own company's figure.
    Choice,
}

const FIXED: Uncertainty = Uncertainty::Fixed;

const fn tri(low: f64, high: f64) -> Uncertainty {
    Uncertainty::Triangular { low, high }
}

const fn logu(factor: f64) -> Uncertainty {
    Uncertainty::LogUniform { factor }
}

use Evidence::{Choice, Moderate, Strong, Weak};

impl ParamSpec {
    /// The allowed range in words, as error messages show it.
    pub fn allowed(&self) -> String {
        format!("a number from {} to {}", show_number(self.min), show_number(self.max))
    }

    /// The plausible range around `value`: the ends of its uncertainty,
    /// clipped to the allowed range. Equal ends mean the value is fixed.
    pub fn plausible(&self, value: f64) -> (f64, f64) {
        let (low, high) = match self.uncertainty {
            Uncertainty::Fixed => (value, value),
            Uncertainty::Triangular { low, high } => (value * low, value * high),
            Uncertainty::LogUniform { factor } => (value / factor, value * factor),
        };
        (low.clamp(self.min, self.max), high.clamp(self.min, self.max))
    }

    /// Checks one value against the range; NaN and infinities never pass.
    pub fn check(&self, field: &str, value: f64) -> Result<f64, InputError> {
        if value.is_finite() && value >= self.min && value <= self.max {
            Ok(value)
        } else {
            Err(InputError::new(field, show_number(value), self.allowed()))
        }
    }
}

macro_rules! declare_params {
    ($( $group:literal { $( $field:ident : $label:literal, $unit:literal, $min:expr, $max:expr, $default:expr, $unc:expr, $ev:ident, $source:literal; )* } )*) => {
        /// The resolved, validated parameter set of a scenario.
        #[derive(Debug, Clone, Copy, PartialEq)]
        pub struct Params { $( $( pub $field: f64, )* )* }

        /// How many parameters the catalogue has.
        pub const PARAM_COUNT: usize = [ $( $( stringify!($field), )* )* ].len();

        /// The catalogue, in display order.
        pub const PARAM_SPECS: &[ParamSpec] = &[ $( $( ParamSpec {
            name: stringify!($field), group: $group, label: $label, unit: $unit,
            min: $min, max: $max, default: $default, uncertainty: $unc, evidence: $ev, source: $source,
        }, )* )* ];

        impl Params {
            /// Every parameter at its catalogue default.
            pub fn defaults() -> Self { Params { $( $( $field: $default, )* )* } }

            /// The value of the parameter called `name`.
            pub fn get(&self, name: &str) -> Option<f64> {
                match name { $( $( stringify!($field) => Some(self.$field), )* )* _ => None }
            }

            /// Every value, in catalogue order.
            pub fn to_array(&self) -> [f64; PARAM_COUNT] { [ $( $( self.$field, )* )* ] }

            /// The parameter set whose values are `values`, in catalogue order.
            pub fn from_array(values: [f64; PARAM_COUNT]) -> Self {
                let [ $( $( $field, )* )* ] = values;
                Params { $( $( $field, )* )* }
            }

            /// A mutable handle on the parameter called `name`.
            pub fn get_mut(&mut self, name: &str) -> Option<&mut f64> {
                match name { $( $( stringify!($field) => Some(&mut self.$field), )* )* _ => None }
            }
        }
    };
}

declare_params! {
    "team" {
        productivity: "Feature output per engineer", "feature points / engineer-week", 0.1, 10.0, 1.0, FIXED, Choice,
            "Unit of measure: one feature point is the output of one engineer-week of average productivity on a clean, small codebase.";
        new_hire_weight: "New-hire productivity", "× average", 0.0, 1.5, 0.8, tri(0.75, 1.25), Moderate,
            "Madachy 2008, Software Process Dynamics (Brooks's-law model after Abdel-Hamid & Madnick 1991): w_new = 0.8.";
        experienced_weight: "Experienced productivity", "× average", 0.5, 2.0, 1.2, tri(0.85, 1.15), Moderate,
            "Madachy 2008: w_exp = 1.2.";
        training_drag: "Training drag per new hire", "experienced-engineer share", 0.0, 1.0, 0.25, tri(0.5, 1.5), Moderate,
            "Madachy 2008: each new hire takes a quarter of an experienced engineer's time (tau = 0.25).";
        onboarding_weeks: "Onboarding time", "weeks", 0.0, 26.0, 4.0, tri(0.5, 1.5), Weak,
            "Design choice: a hire's first weeks go to set-up and learning the codebase with no feature output, while still costing training time (Zhou & Mockus 2010: fluency grows over months).";
        ramp_up_weeks: "Ramp-up time", "weeks", 4.0, 52.0, 12.0, tri(0.6, 2.0), Moderate,
            "Zhou & Mockus 2010, 'Developer fluency' (FSE): about 12 weeks; up to a year on large codebases.";
        communication_overhead: "Coordination inside a team", "overhead / person²", 0.0, 0.005, 0.0008, tri(0.5, 1.5), Moderate,
            "Calibrated to the Abdel-Hamid & Madnick 1991 curve (about 24 % lost at 20 people in one team); efficiency 1 / (1 + c·m²) for a team of m, the shape of Gunther's Universal Scalability Law, so capacity is smooth in headcount.";
        inter_team_overhead: "Coordination per other team", "overhead / team at full coupling", 0.0, 0.2, 0.03, logu(2.0), Weak,
            "Design choice bounded by Herbsleb & Mockus 2003 (cross-site work took about 2.5× longer) and COCOMO II's effort exponent ≈ 1.10: each team coordinates with the others in proportion to their coupling (sweep it).";
        coupling: "Coupling between teams", "0 = independent modules, 1 = everything shared", 0.0, 1.0, 0.5, tri(0.6, 1.4), Weak,
            "Design choice per preset: how much teams' work depends on each other in a clean codebase (system modularity).";
        debt_coupling: "Extra coupling from tangled code", "× coupling at full debt interest", 0.0, 3.0, 1.0, tri(0.5, 1.5), Weak,
            "Design choice: debt tangles modules, so teams must coordinate more; paying debt down is what buys modular structure (weakly evidenced, sweep it).";
        attrition_per_year: "Engineer attrition", "share / year", 0.0, 0.5, 0.13, tri(0.6, 1.5), Moderate,
            "Industry turnover surveys put software-engineer attrition near 13 % a year; weakly evidenced, sweep it.";
        hiring_noise: "Hiring luck spread", "lognormal sigma", 0.0, 1.5, 0.4, tri(0.5, 1.5), Weak,
            "Design choice: weekly hiring success varies; sigma of a lognormal multiplier on planned hires.";
        users_per_engineer: "Users per engineer (demand)", "users / engineer", 1.0, 1.0e6, 100.0, FIXED, Choice,
            "Design choice per preset: the user base one more engineer is hired for when hiring follows demand.";
    }
    "debt" {
        debt_per_feature: "Debt per feature point", "engineer-weeks / point", 0.0, 2.0, 0.22, tri(0.6, 1.4), Moderate,
            "Calibrated so that unmanaged codebases lose 23–42 % of capacity to debt by year 3 (Besker et al. 2017, 2018; Stripe Developer Coefficient 2018).";
        pressure_debt: "Extra debt under schedule pressure", "× at full pressure", 0.0, 5.0, 1.0, tri(0.5, 1.5), Weak,
            "Design choice after Besker et al. 2019: schedule pressure is the main reported cause of new debt.";
        debt_contagion: "Debt contagion", "share of debt / week", 0.0, 0.02, 0.004, tri(0.5, 1.5), Weak,
            "Besker et al. 2019 ('Technical debt cripples software developer productivity'): existing debt forces new debt.";
        refactor_efficiency: "Refactoring efficiency", "debt removed / engineer-week", 0.4, 1.0, 0.7, tri(0.6, 1.4), Weak,
            "Design choice; evidence on refactoring payback is weak (range 0.4–1.0), sweep it.";
        debt_half_ratio: "Debt ratio at half interest", "debt / codebase", 0.05, 5.0, 0.5, tri(0.5, 1.5), Moderate,
            "Calibrated so a debt ratio near 0.4 costs about a third of capacity (Stripe 2018: 33 %); convex per Lehman's laws II and VII.";
        debt_curvature: "Debt interest curvature", "exponent", 1.0, 4.0, 2.0, tri(0.75, 1.25), Weak,
            "Design choice: convex (steeper at high debt), per Lehman's laws II and VII.";
        noise_base: "Weekly velocity noise", "lognormal sigma", 0.0, 1.0, 0.1, tri(0.5, 1.5), Weak,
            "Design choice: week-to-week variation of delivered work on a healthy codebase.";
        noise_debt: "Extra noise at full debt interest", "lognormal sigma", 0.0, 2.0, 0.2, tri(0.5, 1.5), Weak,
            "Tornhill & Borg 2022 ('Code Red'): low-quality code has up to 9× longer maximum cycle time per issue; a team's weekly output sums many issues, so its spread grows far less (design choice, sweep it).";
        defects_from_debt: "Extra change failures at full debt interest", "× base rate", 0.0, 14.0, 4.0, tri(0.5, 1.5), Moderate,
            "Tornhill & Borg 2022: low-quality code has 15× more defects; the full factor applies only where all capacity goes to interest.";
        size_scale: "Codebase size for size drag", "feature points", 10.0, 1.0e6, 2500.0, logu(2.0), Weak,
            "Lehman et al. 1997 (inverse-square growth): throughput falls as the system grows; the scale is a design choice.";
        size_exponent: "Size drag exponent", "exponent", 0.0, 2.0, 0.5, tri(0.5, 1.5), Moderate,
            "Lehman et al. 1997; COCOMO II effort exponent ≈ 1.10 (0.91–1.23) implies a mild diseconomy of scale.";
        overload_slowdown: "Slowdown from feature overload", "× per threshold exceeded", 0.0, 3.0, 0.3, tri(0.5, 1.5), Weak,
            "Design choice (feature overload): past the overload threshold every feature interacts with more old logic and widens the testing surface, so development slows (Lehman's law II; strength weakly evidenced, sweep it).";
    }
    "rewrite" {
        rewrite_cost_per_point: "Rebuild cost per feature point", "engineer-weeks / point", 0.1, 2.0, 0.3, tri(0.6, 1.5), Weak,
            "Design choice: rebuilding known behaviour is faster than discovering it (half the first build); the scope is the old system's size × the second-system factor.";
        rewrite_overrun_median: "Rewrite overrun (typical), median", "× estimated scope", 1.0, 2.0, 1.1, tri(0.9, 1.15), Moderate,
            "Flyvbjerg & Budzier 2011 (1,471 IT projects): most projects overrun modestly (mean cost overrun 27 % over all, the tail included).";
        rewrite_overrun_sigma: "Rewrite overrun (typical), spread", "lognormal sigma", 0.0, 1.0, 0.15, tri(0.5, 1.5), Weak,
            "Design choice for the body of the overrun distribution; the fat tail is separate (below).";
        rewrite_tail_share: "Rewrites in the fat tail", "share", 0.0, 0.5, 0.167, tri(0.6, 1.4), Moderate,
            "Flyvbjerg & Budzier 2011: one IT project in six is a 'black swan'.";
        rewrite_tail_scale: "Fat tail starts at", "× estimated scope", 1.0, 3.0, 1.25, tri(0.9, 1.1), Moderate,
            "Calibrated with the shape so the tail averages about +70 % schedule (Flyvbjerg & Budzier 2011); Pareto tail per Flyvbjerg, Budzier et al. 2022.";
        rewrite_tail_shape: "Fat tail shape", "Pareto alpha", 1.1, 10.0, 3.5, tri(0.7, 1.3), Moderate,
            "Calibrated: a Pareto with scale 1.25 and alpha 3.5 averages 1.75×; Flyvbjerg, Budzier et al. 2022 find a power-law tail (smaller alpha = fatter tail).";
        rewrite_debt_kept: "Debt kept after a rewrite", "share of old debt", 0.0, 1.0, 0.1, tri(0.5, 2.0), Weak,
            "Design choice: a new system starts with little debt.";
        rewrite_scope_inflation: "Second-system scope inflation", "× codebase size", 1.0, 2.0, 1.3, tri(0.92, 1.15), Weak,
            "Brooks 1975, the second-system effect (factor 1.2–1.5; qualitative evidence only).";
        rewrite_defect_boost: "Change failures after a rewrite", "× base rate, halving every 13 weeks", 1.0, 10.0, 2.5, tri(0.6, 1.6), Weak,
            "Spolsky 2000 on Netscape: a rewrite throws away years of bug fixes.";
    }
    "users" {
        initial_market: "Initial market ceiling", "users", 10.0, 1.0e9, 5000.0, logu(3.0), Weak,
            "Design choice per preset: who would adopt the MVP as it is.";
        market_per_feature: "Market growth per feature point", "users / point", 0.0, 1.0e6, 30.0, logu(2.0), Weak,
            "Lehman's law VI (continuing growth): the product must keep growing to keep users; scale is a design choice.";
        feature_saturation: "Feature saturation", "feature points", 10.0, 1.0e6, 2000.0, logu(2.0), Weak,
            "Design choice (feature overload): each added feature widens the market less than the last; at this many points a feature is worth half the first.";
        bass_p_per_year: "Innovation coefficient p", "per year", 0.0, 0.3, 0.03, tri(0.33, 1.33), Strong,
            "Sultan, Farley & Lehmann 1990 (213 applications): p ≈ 0.03 (0.01–0.03).";
        bass_q_per_year: "Imitation coefficient q", "per year", 0.0, 5.0, 0.38, tri(0.8, 1.3), Strong,
            "Sultan, Farley & Lehmann 1990: q ≈ 0.38 (0.3–0.5); higher for products with network effects.";
        churn_per_month: "Base churn", "share / month", 0.0, 0.3, 0.03, tri(0.5, 1.5), Moderate,
            "Industry benchmarks: SMB 3–5 %, mid-market 1.5–3 %, enterprise 0.7–2 % monthly logo churn.";
        incident_churn: "Churn per incident", "× base churn per incident", 0.0, 2.0, 0.05, tri(0.5, 1.5), Weak,
            "Design choice: incidents raise churn (strength weakly evidenced, sweep it).";
        slowness_churn: "Churn from slowness", "× base churn per unit of excess latency", 0.0, 5.0, 0.5, tri(0.5, 1.5), Moderate,
            "Google/SOASTA 2017: bounce rises 32 % from 1 s to 3 s and 90 % at 5 s.";
        staleness_churn: "Churn from stalled delivery", "× base churn when no features ship", 0.0, 5.0, 0.5, tri(0.5, 1.5), Weak,
            "Design choice: the market does not wait; users leave a product that stops improving.";
        overload_features: "Feature overload threshold", "feature points", 10.0, 1.0e6, 1000.0, logu(1.5), Weak,
            "Design choice (feature overload): past this many shipped points, complexity slows development and raises churn (a B2B platform that grows module by module meets it sooner: 700 in b2b-saas).";
        overload_churn: "Churn from feature overload", "× base churn per threshold exceeded", 0.0, 5.0, 0.3, tri(0.5, 1.5), Weak,
            "Design choice: more features are not always more users.";
        user_noise: "Weekly adoption noise", "lognormal sigma", 0.0, 1.5, 0.25, tri(0.5, 1.5), Weak,
            "Design choice: week-to-week variation of new adoption.";
    }
    "fit" {
        fit_weeks: "Learning needed for fit", "weeks of full-speed learning (median)", 4.0, 260.0, 26.0, logu(2.0), Weak,
            "Design choice per preset: product-market fit arrives with learning from shipped, measured changes, not with headcount (Startup Genome 2011).";
        fit_uncertainty: "Spread of the learning needed", "lognormal sigma", 0.0, 1.5, 0.6, tri(0.7, 1.3), Weak,
            "Design choice: some markets reveal themselves quickly, some never within the horizon (62 % of Carta's 2018 cohort had shut down by 2025).";
        experiment_points: "Shipped work that saturates learning", "feature points / week", 0.1, 100.0, 2.5, logu(2.0), Weak,
            "Design choice: a small team ships enough experiments to learn at full speed; more output does not measure faster (premature scaling, Startup Genome 2011).";
        pmf_users: "Users to read experiments", "users (half-speed learning)", 1.0, 1.0e8, 150.0, logu(2.0), Weak,
            "Design choice per preset: learning needs users to measure; with this many users it runs at half speed.";
        pivot_rate: "Pivot hazard before fit", "share / week at no progress", 0.0, 0.1, 0.012, tri(0.5, 1.5), Weak,
            "Design choice: a weekly pivot hazard that falls as fit nears; Startup Genome 2011 finds most successful startups pivot once or twice.";
        pivot_discard: "Share discarded by a pivot", "share of features, code and infrastructure", 0.0, 1.0, 0.5, tri(0.6, 1.4), Weak,
            "Design choice: a pivot discards part of what was built, and the structure and infrastructure built for it.";
        premature_fit: "Useful share of structure built before fit", "share", 0.0, 1.0, 0.3, tri(0.5, 1.5), Weak,
            "Startup Genome 2011: premature scalers wrote 3.4× more code in discovery; structure built before fit often does not fit.";
    }
    "infrastructure" {
        load_per_user: "Load per user", "load units / user", 0.0, 1000.0, 1.0, logu(2.0), Weak,
            "Design choice per preset: high for data platforms and media products.";
        initial_headroom: "Initial infrastructure headroom", "× the starting load", 1.2, 100.0, 10.0, tri(0.5, 1.5), Weak,
            "Design choice: the MVP's infrastructure is sized for its own load with room to grow (at least 10 users' load); the infrastructure trigger does the rest.";
        capacity_per_engineer_week: "Capacity added per infrastructure engineer-week", "load units", 0.0, 1.0e7, 600.0, logu(2.0), Weak,
            "Design choice per preset.";
        deploys_per_point: "Deploys per feature point", "deploys / point", 0.0, 10.0, 0.5, tri(0.5, 1.5), Weak,
            "Design choice: delivery cadence (DORA 2023 elite teams deploy on demand).";
        change_failure_rate: "Change failure rate", "share of deploys", 0.0, 0.64, 0.15, tri(0.5, 1.5), Strong,
            "DORA 2023: elite 5 %, high 10 %, medium 15 %, low up to 64 %.";
        load_incident_rate: "Load incidents at 50 % utilisation", "incidents / week", 0.0, 5.0, 0.02, logu(2.0), Weak,
            "Design choice (no empirical formula): a hazard that rises as (rho / (1 - rho))².";
        incident_cost: "Cost per incident", "engineer-weeks", 0.0, 20.0, 0.4, tri(0.5, 1.5), Moderate,
            "Beyer et al. 2016 (Site Reliability Engineering): ~70 % of outages come from changes; DORA 2023 recovery times set the scale.";
    }
    "money" {
        revenue_per_user_week: "Revenue per user", "$ / user / week", 0.0, 10000.0, 1.5, FIXED, Choice,
            "Illustrative, per preset (never data): B2B accounts pay far more than a media app's users; a marketplace earns a take rate on its volume.";
        engineer_cost_year: "Loaded cost per engineer", "$ / year", 30000.0, 600000.0, 175000.0, FIXED, Choice,
            "BLS 2023: US software developers' median pay about $132k; loaded cost 1.25–1.4× pay.";
        other_cost_share: "Rest of the company", "× engineering cost", 0.0, 3.0, 0.6, FIXED, Choice,
            "Design choice: sales, support and administration as a share of engineering cost (sweep it).";
        infra_cost_per_unit: "Infrastructure cost", "$ / load unit of capacity / week", 0.0, 100.0, 0.1, tri(0.5, 1.5), Weak,
            "Illustrative, per preset: capacity costs money whether or not it is used.";
        raise_when_runway_months: "Start raising at runway", "months", 1.0, 36.0, 9.0, FIXED, Choice,
            "Design choice: founders start a round about 9 months before the money runs out.";
        raise_chance_week: "Chance a round closes", "share / week at full traction", 0.0, 0.5, 0.06, tri(0.5, 1.5), Weak,
            "Design choice: a round with strong traction takes about four months to close; Carta's 2018 cohort: 56 % raised a priced seed, 36 % a Series A.";
        raise_growth_target: "Traction investors want", "revenue growth / quarter", 0.01, 2.0, 0.3, tri(0.7, 1.3), Weak,
            "Design choice: full traction is revenue up 30 % a quarter (about 2.9× a year); less growth makes a round proportionally less likely, and before fit a quarter as likely.";
        round_months: "Runway a round buys", "months of current burn", 6.0, 48.0, 24.0, tri(0.75, 1.25), Moderate,
            "Carta: rounds come about 24 months apart.";
        dilution: "Dilution per round", "share of the company", 0.0, 0.5, 0.2, FIXED, Choice,
            "Carta: a round sells about 20 % of the company.";
    }
    "start" {
        initial_engineers: "Engineers at the start", "engineers", 1.0, 500.0, 3.0, FIXED, Choice,
            "Design choice: a seed-stage team; Startup Genome 2011 finds discovery-stage teams of a few people. Set it to your team today.";
        initial_users: "Users at the start", "users", 0.0, 1.0e7, 50.0, FIXED, Choice,
            "Design choice per preset: early adopters at the MVP. Set it to your users today.";
        initial_codebase: "Codebase at the start", "feature points", 1.0, 1.0e6, 40.0, FIXED, Choice,
            "Design choice: an MVP of about 40 engineer-weeks of work. Set it to your product today.";
        initial_debt: "Debt at the start", "engineer-weeks", 0.0, 1.0e6, 4.0, FIXED, Choice,
            "Design choice: the MVP's shortcuts. Set it to the clean-up work you know of today.";
        initial_cash: "Cash at the start", "$", 0.0, 1.0e10, 2500000.0, FIXED, Choice,
            "Carta: a typical US seed round of a few million dollars.";
        initial_weekly_revenue: "Revenue at the start", "$ / week (0 = users × revenue per user)", 0.0, 1.0e9, 0.0, FIXED, Choice,
            "Your revenue today; when set, it fixes the revenue per user as this ÷ the starting users.";
        initial_fit: "Fit reached at the start", "0 = not yet, 1 = reached", 0.0, 1.0, 0.0, FIXED, Choice,
            "Whether product-market fit is already reached (start from today).";
    }
}

impl Params {
    /// Revenue per user per week, $: the starting weekly revenue ÷ the
    /// starting users when a starting revenue is set, else the preset's figure.
    pub fn revenue_per_user(&self) -> f64 {
        if self.initial_weekly_revenue > 0.0 && self.initial_users > 0.0 {
            self.initial_weekly_revenue / self.initial_users
        } else {
            self.revenue_per_user_week
        }
    }

    /// Checks every value against its range, naming the first bad one.
    pub fn validate(&self, prefix: &str) -> Result<(), InputError> {
        for spec in PARAM_SPECS {
            let value = self.get(spec.name).unwrap_or(f64::NAN);
            spec.check(&format!("{prefix}{}", spec.name), value)?;
        }
        if self.initial_fit != 0.0 && self.initial_fit != 1.0 {
            return Err(InputError::new(
                format!("{prefix}initial_fit"),
                show_number(self.initial_fit),
                "0 (fit not yet reached) or 1 (reached)",
            ));
        }
        Ok(())
    }
}

/// The catalogue entry called `name`.
pub fn spec(name: &str) -> Option<&'static ParamSpec> {
    PARAM_SPECS.iter().find(|s| s.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_lie_in_their_ranges_and_names_are_unique() {
        Params::defaults().validate("params.").unwrap();
        let mut names: Vec<_> = PARAM_SPECS.iter().map(|s| s.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), PARAM_SPECS.len());
    }

    #[test]
    fn check_names_field_value_and_range() {
        let ramp = spec("ramp_up_weeks").unwrap();
        let err = ramp.check("params.ramp_up_weeks", 80.0).unwrap_err();
        assert_eq!(err.to_string(), "invalid params.ramp_up_weeks: 80 (allowed: a number from 4 to 52)");
        assert!(ramp.check("x", f64::NAN).is_err());
        assert!(ramp.check("x", f64::INFINITY).is_err());
    }
}
