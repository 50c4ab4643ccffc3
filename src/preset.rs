//! The built-in scenario archetypes: each is the catalogue defaults with a few
//! parameters changed. The numbers are illustrative, not data about any real
//! company.

use crate::params::Params;

/// One archetype.
pub struct Preset {
    pub id: &'static str,
    pub label: &'static str,
    pub description: &'static str,
    /// `(parameter, value)` pairs that differ from the catalogue defaults.
    pub overrides: &'static [(&'static str, f64)],
}

/// The default preset.
pub const DEFAULT_PRESET: &str = "marketplace";

pub const PRESETS: &[Preset] = &[
    Preset {
        id: "b2b-saas",
        label: "B2B SaaS platform",
        description: "A long-running platform that grows module by module (CRM, warehouse, point of sale, automated decisions); feature breadth and coupling dominate; slow, steady growth of customer accounts.",
        overrides: &[
            ("initial_users", 5.0),
            ("initial_market", 150.0),
            ("market_per_feature", 2.0),
            ("feature_saturation", 4000.0),
            ("bass_p_per_year", 0.02),
            ("bass_q_per_year", 0.5),
            ("churn_per_month", 0.012),
            ("users_per_engineer", 12.0),
            ("pmf_users", 10.0),
            ("fit_weeks", 30.0),
            ("revenue_per_user_week", 350.0),
            ("load_per_user", 40.0),
            ("coupling", 0.7),
            ("debt_contagion", 0.003),
            ("overload_features", 700.0),
            ("user_noise", 0.35),
        ],
    },
    Preset {
        id: "data-platform",
        label: "Data-heavy processing platform",
        description: "Millions of transactions a month; load per user, performance, reliability and automation dominate.",
        overrides: &[
            ("initial_users", 10.0),
            ("initial_market", 400.0),
            ("market_per_feature", 3.0),
            ("bass_q_per_year", 0.6),
            ("churn_per_month", 0.02),
            ("users_per_engineer", 25.0),
            ("pmf_users", 15.0),
            ("revenue_per_user_week", 400.0),
            ("load_per_user", 200.0),
            ("infra_cost_per_unit", 0.05),
            ("capacity_per_engineer_week", 2500.0),
            ("load_incident_rate", 0.05),
            ("incident_cost", 1.0),
            ("incident_churn", 0.08),
            ("slowness_churn", 0.8),
            ("user_noise", 0.35),
        ],
    },
    Preset {
        id: "marketplace",
        label: "Real-time marketplace",
        description: "Customers, shops and couriers depend on synchronised data; coupling across sides is high and an incident hurts every side at once.",
        overrides: &[
            ("coupling", 0.8),
            ("debt_contagion", 0.006),
            ("incident_churn", 0.1),
            ("bass_q_per_year", 1.2),
            ("initial_market", 15000.0),
            ("load_per_user", 2.0),
            ("revenue_per_user_week", 6.0),
            ("capacity_per_engineer_week", 1500.0),
        ],
    },
    Preset {
        id: "media-app",
        label: "Mobile-first media product",
        description: "Thousands of users upload and consume media; media performance and caching dominate and slow pages drive churn.",
        overrides: &[
            ("initial_users", 200.0),
            ("initial_market", 50000.0),
            ("market_per_feature", 120.0),
            ("bass_q_per_year", 2.0),
            ("churn_per_month", 0.05),
            ("users_per_engineer", 2500.0),
            ("pmf_users", 500.0),
            ("revenue_per_user_week", 0.8),
            ("load_per_user", 5.0),
            ("infra_cost_per_unit", 0.02),
            ("capacity_per_engineer_week", 15000.0),
            ("slowness_churn", 1.5),
            ("coupling", 0.4),
        ],
    },
];

/// The preset called `id`.
pub fn preset(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == id)
}

impl Preset {
    /// The preset's full parameter set.
    pub fn params(&self) -> Params {
        let mut params = Params::defaults();
        for (name, value) in self.overrides {
            *params.get_mut(name).expect("preset overrides name catalogue parameters") = *value;
        }
        params
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_are_valid() {
        assert!(preset(DEFAULT_PRESET).is_some());
        for p in PRESETS {
            p.params().validate("params.").unwrap_or_else(|e| panic!("{}: {e}", p.id));
        }
    }
}
