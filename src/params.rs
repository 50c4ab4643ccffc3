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
    pub source: &'static str,
}

impl ParamSpec {
    /// The allowed range in words, as error messages show it.
    pub fn allowed(&self) -> String {
        format!("a number from {} to {}", show_number(self.min), show_number(self.max))
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
    ($( $group:literal { $( $field:ident : $label:literal, $unit:literal, $min:expr, $max:expr, $default:expr, $source:literal; )* } )*) => {
        /// The resolved, validated parameter set of a scenario.
        #[derive(Debug, Clone, Copy, PartialEq)]
        pub struct Params { $( $( pub $field: f64, )* )* }

        /// The catalogue, in display order.
        pub const PARAM_SPECS: &[ParamSpec] = &[ $( $( ParamSpec {
            name: stringify!($field), group: $group, label: $label, unit: $unit,
            min: $min, max: $max, default: $default, source: $source,
        }, )* )* ];

        impl Params {
            /// Every parameter at its catalogue default.
            pub fn defaults() -> Self { Params { $( $( $field: $default, )* )* } }

            /// The value of the parameter called `name`.
            pub fn get(&self, name: &str) -> Option<f64> {
                match name { $( $( stringify!($field) => Some(self.$field), )* )* _ => None }
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
        initial_engineers: "Initial engineers", "engineers", 1.0, 100.0, 3.0,
            "Design choice: a seed-stage team; Startup Genome 2011 finds discovery-stage teams of a few people.";
        productivity: "Feature output per engineer", "feature points / engineer-week", 0.1, 10.0, 1.0,
            "Unit of measure: one feature point is the output of one engineer-week of average productivity on a clean, small codebase.";
        new_hire_weight: "New-hire productivity", "× average", 0.0, 1.5, 0.8,
            "Madachy 2008, Software Process Dynamics (Brooks's-law model after Abdel-Hamid & Madnick 1991): w_new = 0.8.";
        experienced_weight: "Experienced productivity", "× average", 0.5, 2.0, 1.2,
            "Madachy 2008: w_exp = 1.2.";
        training_drag: "Training drag per new hire", "experienced-engineer share", 0.0, 1.0, 0.25,
            "Madachy 2008: each new hire takes a quarter of an experienced engineer's time (tau = 0.25).";
        onboarding_weeks: "Onboarding time", "weeks", 0.0, 26.0, 4.0,
            "Design choice: a hire's first weeks go to set-up and learning the codebase with no feature output, while still costing training time (Zhou & Mockus 2010: fluency grows over months).";
        ramp_up_weeks: "Ramp-up time", "weeks", 4.0, 52.0, 12.0,
            "Zhou & Mockus 2010, 'Developer fluency' (FSE): about 12 weeks; up to a year on large codebases.";
        communication_overhead: "Communication overhead coefficient", "share / person²", 0.0, 0.005, 0.0006,
            "Abdel-Hamid & Madnick 1991 curve as coded in public Brooks's-law models: 6 % at 10 people, 24 % at 20, 54 % at 30.";
        inter_team_overhead: "Overhead per pair of teams", "share / team pair at full coupling", 0.0, 0.1, 0.01,
            "Herbsleb & Mockus 2003: cross-site work took about 2.5× longer; overhead per coordinating pair of teams is a design choice (sweep it).";
        coupling: "Coupling between teams", "0 = independent modules, 1 = everything shared", 0.0, 1.0, 0.5,
            "Design choice per preset: how much teams' work depends on each other (system modularity).";
        attrition_per_year: "Engineer attrition", "share / year", 0.0, 0.5, 0.13,
            "Industry turnover surveys put software-engineer attrition near 13 % a year; weakly evidenced, sweep it.";
        hiring_noise: "Hiring luck spread", "lognormal sigma", 0.0, 1.5, 0.4,
            "Design choice: weekly hiring success varies; sigma of a lognormal multiplier on planned hires.";
        users_per_engineer: "Users per engineer (demand)", "users / engineer", 1.0, 1.0e6, 100.0,
            "Design choice per preset: the user base one more engineer is hired for when hiring follows demand.";
    }
    "debt" {
        debt_per_feature: "Debt per feature point", "engineer-weeks / point", 0.0, 2.0, 0.22,
            "Calibrated so that unmanaged codebases lose 23–42 % of capacity to debt by year 3 (Besker et al. 2017, 2018; Stripe Developer Coefficient 2018).";
        pressure_debt: "Extra debt under schedule pressure", "× at full pressure", 0.0, 5.0, 1.0,
            "Design choice after Besker et al. 2019: schedule pressure is the main reported cause of new debt.";
        debt_contagion: "Debt contagion", "share of debt / week", 0.0, 0.02, 0.004,
            "Besker et al. 2019 ('Technical debt cripples software developer productivity'): existing debt forces new debt.";
        refactor_efficiency: "Refactoring efficiency", "debt removed / engineer-week", 0.4, 1.0, 0.7,
            "Design choice; evidence on refactoring payback is weak (range 0.4–1.0), sweep it.";
        debt_half_ratio: "Debt ratio at half interest", "debt / codebase", 0.05, 5.0, 0.5,
            "Calibrated so a debt ratio near 0.4 costs about a third of capacity (Stripe 2018: 33 %); convex per Lehman's laws II and VII.";
        debt_curvature: "Debt interest curvature", "exponent", 1.0, 4.0, 2.0,
            "Design choice: convex (steeper at high debt), per Lehman's laws II and VII.";
        noise_base: "Weekly velocity noise", "lognormal sigma", 0.0, 1.0, 0.1,
            "Design choice: week-to-week variation of delivered work on a healthy codebase.";
        noise_debt: "Extra noise at full debt interest", "lognormal sigma", 0.0, 2.0, 0.35,
            "Tornhill & Borg 2022 ('Code Red'): low-quality code has up to 9× longer maximum cycle time.";
        defects_from_debt: "Extra change failures at full debt interest", "× base rate", 0.0, 14.0, 4.0,
            "Tornhill & Borg 2022: low-quality code has 15× more defects; the full factor applies only where all capacity goes to interest.";
        size_scale: "Codebase size for size drag", "feature points", 10.0, 1.0e6, 2500.0,
            "Lehman et al. 1997 (inverse-square growth): throughput falls as the system grows; the scale is a design choice.";
        size_exponent: "Size drag exponent", "exponent", 0.0, 2.0, 0.5,
            "Lehman et al. 1997; COCOMO II effort exponent ≈ 1.10 (0.91–1.23) implies a mild diseconomy of scale.";
    }
    "rewrite" {
        rewrite_overrun_median: "Rewrite overrun, median", "× planned length", 1.0, 3.0, 1.2,
            "Flyvbjerg & Budzier 2011 (1,471 IT projects): mean cost overrun 27 %; median schedule overrun about 1.2×.";
        rewrite_overrun_sigma: "Rewrite overrun spread", "lognormal sigma", 0.0, 1.5, 0.36,
            "Flyvbjerg & Budzier 2011: about one project in six overruns by 70 % or more (sigma 0.36 gives 1 in 6 at ≥ 1.7×).";
        rewrite_debt_kept: "Debt kept after a rewrite", "share of old debt", 0.0, 1.0, 0.1,
            "Design choice: a new system starts with little debt.";
        rewrite_scope_inflation: "Second-system scope inflation", "× codebase size", 1.0, 2.0, 1.3,
            "Brooks 1975, the second-system effect (factor 1.2–1.5; qualitative evidence only).";
        rewrite_defect_boost: "Change failures after a rewrite", "× base rate, halving every 13 weeks", 1.0, 10.0, 2.5,
            "Spolsky 2000 on Netscape: a rewrite throws away years of bug fixes.";
    }
    "users" {
        initial_users: "Initial users", "users", 0.0, 1.0e7, 50.0,
            "Design choice per preset: early adopters at the MVP.";
        initial_market: "Initial market ceiling", "users", 10.0, 1.0e9, 5000.0,
            "Design choice per preset: who would adopt the MVP as it is.";
        market_per_feature: "Market growth per feature point", "users / point", 0.0, 1.0e6, 30.0,
            "Lehman's law VI (continuing growth): the product must keep growing to keep users; scale is a design choice.";
        feature_saturation: "Feature saturation", "feature points", 10.0, 1.0e6, 2000.0,
            "Design choice (feature overload): each added feature widens the market less than the last; at this many points a feature is worth half the first.";
        bass_p_per_year: "Innovation coefficient p", "per year", 0.0, 0.3, 0.03,
            "Sultan, Farley & Lehmann 1990 (213 applications): p ≈ 0.03 (0.01–0.03).";
        bass_q_per_year: "Imitation coefficient q", "per year", 0.0, 5.0, 0.38,
            "Sultan, Farley & Lehmann 1990: q ≈ 0.38 (0.3–0.5); higher for products with network effects.";
        churn_per_month: "Base churn", "share / month", 0.0, 0.3, 0.03,
            "Industry benchmarks: SMB 3–5 %, mid-market 1.5–3 %, enterprise 0.7–2 % monthly logo churn.";
        incident_churn: "Churn per incident", "× base churn per incident", 0.0, 2.0, 0.05,
            "Design choice: incidents raise churn (strength weakly evidenced, sweep it).";
        slowness_churn: "Churn from slowness", "× base churn per unit of excess latency", 0.0, 5.0, 0.5,
            "Google/SOASTA 2017: bounce rises 32 % from 1 s to 3 s and 90 % at 5 s.";
        staleness_churn: "Churn from stalled delivery", "× base churn when no features ship", 0.0, 5.0, 0.5,
            "Design choice: the market does not wait; users leave a product that stops improving.";
        overload_features: "Feature overload threshold", "feature points", 10.0, 1.0e6, 3000.0,
            "Design choice (feature overload): past this size, complexity itself raises churn.";
        overload_churn: "Churn from feature overload", "× base churn per threshold exceeded", 0.0, 5.0, 0.3,
            "Design choice: more features are not always more users.";
        pmf_users: "Product-market fit signal", "users", 1.0, 1.0e8, 500.0,
            "Design choice per preset: the retained-user count that signals product-market fit.";
        user_noise: "Weekly adoption noise", "lognormal sigma", 0.0, 1.5, 0.25,
            "Design choice: week-to-week variation of new adoption.";
        premature_fit: "Useful share of structure built before fit", "share", 0.0, 1.0, 0.3,
            "Startup Genome 2011: premature scalers wrote 3.4× more code in discovery; structure built before fit often does not fit.";
    }
    "infrastructure" {
        load_per_user: "Load per user", "load units / user", 0.0, 1000.0, 1.0,
            "Design choice per preset: high for data platforms and media products.";
        initial_capacity: "Initial infrastructure capacity", "load units", 1.0, 1.0e9, 2000.0,
            "Design choice per preset.";
        capacity_per_engineer_week: "Capacity added per infrastructure engineer-week", "load units", 0.0, 1.0e7, 600.0,
            "Design choice per preset.";
        deploys_per_point: "Deploys per feature point", "deploys / point", 0.0, 10.0, 0.5,
            "Design choice: delivery cadence (DORA 2023 elite teams deploy on demand).";
        change_failure_rate: "Change failure rate", "share of deploys", 0.0, 0.64, 0.15,
            "DORA 2023: elite 5 %, high 10 %, medium 15 %, low up to 64 %.";
        load_incident_rate: "Load incidents at 50 % utilisation", "incidents / week", 0.0, 5.0, 0.02,
            "Design choice (no empirical formula): a hazard that rises as (rho / (1 - rho))².";
        incident_cost: "Cost per incident", "engineer-weeks", 0.0, 20.0, 0.4,
            "Beyer et al. 2016 (Site Reliability Engineering): ~70 % of outages come from changes; DORA 2023 recovery times set the scale.";
    }
}

impl Params {
    /// Checks every value against its range, naming the first bad one.
    pub fn validate(&self, prefix: &str) -> Result<(), InputError> {
        for spec in PARAM_SPECS {
            let value = self.get(spec.name).unwrap_or(f64::NAN);
            spec.check(&format!("{prefix}{}", spec.name), value)?;
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
