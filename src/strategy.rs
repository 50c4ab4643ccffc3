//! Strategies: the policies a team follows, each a named set of numbers.
//!
//! The five built-in strategies are the typical paths from MVP to scale
//! (feature-first, scale-early, big-rewrite, controlled-evolution,
//! hypergrowth-hiring); a scenario file may define its own with the same fields.

use crate::error::{show_number, InputError};
use crate::params::ParamSpec;
use serde::Serialize;

macro_rules! declare_strategy_fields {
    ($( $field:ident : $label:literal, $unit:literal, $min:expr, $max:expr, $source:literal; )*) => {
        /// A validated strategy.
        #[derive(Debug, Clone, PartialEq, Serialize)]
        pub struct Strategy {
            pub id: String,
            pub label: String,
            /// Waits for the product-market-fit signal before investing in
            /// structure, infrastructure ahead of load, or hiring.
            pub wait_for_pmf: bool,
            $( pub $field: f64, )*
        }

        /// The numeric fields of a strategy, with ranges (`default` holds the
        /// `feature-first` value).
        pub const STRATEGY_SPECS: &[ParamSpec] = &[ $( ParamSpec {
            name: stringify!($field), group: "strategy", label: $label, unit: $unit,
            min: $min, max: $max, default: 0.0, uncertainty: crate::params::Uncertainty::Fixed,
            evidence: crate::params::Evidence::Choice, source: $source,
        }, )* ];

        impl Strategy {
            /// The value of the numeric field called `name`.
            pub fn get(&self, name: &str) -> Option<f64> {
                match name { $( stringify!($field) => Some(self.$field), )* _ => None }
            }

            /// A mutable handle on the numeric field called `name`.
            pub fn get_mut(&mut self, name: &str) -> Option<&mut f64> {
                match name { $( stringify!($field) => Some(&mut self.$field), )* _ => None }
            }
        }
    };
}

declare_strategy_fields! {
    refactor_share: "Capacity to refactoring", "share", 0.0, 0.8,
        "Share of capacity spent on the parts under pressure (critical flows, bottlenecks, fragile code).";
    infra_share: "Capacity to infrastructure when triggered", "share", 0.0, 0.8,
        "Share of capacity spent on infrastructure while utilisation is above the trigger.";
    infra_trigger: "Infrastructure trigger", "utilisation", 0.0, 1.0,
        "Utilisation (load / capacity) above which infrastructure work starts; 0 = always (ahead of load).";
    hire_per_week: "Hiring pace", "engineers / week", 0.0, 20.0,
        "Most engineers hired in one week.";
    hire_ahead: "Hiring ahead of demand", "× demand", 0.0, 10.0,
        "Target team = starting team + this × users / users-per-engineer.";
    team_cap: "Team cap", "engineers", 1.0, 1000.0,
        "Largest team the strategy hires up to.";
    min_runway_months: "Runway kept when hiring", "months", 0.0, 36.0,
        "The strategy hires only while the bigger team's burn still leaves this much runway.";
    split_team_size: "Team split size", "engineers (0 = never split)", 0.0, 50.0,
        "Team size at which the organisation splits into teams; coordination then grows with the number of teams and their coupling.";
    rewrite_trigger: "Rewrite trigger", "share of capacity lost to debt (0 = never)", 0.0, 0.95,
        "Debt interest share at which the team starts rebuilding the system.";
    rewrite_staff_share: "Team share on a rewrite", "share", 0.3, 0.9,
        "Share of the team that builds the new system; the rest keeps the old one alive (fixes, small changes).";
}

/// A built-in strategy: its id, name, description and policy.
pub struct BuiltIn {
    pub description: &'static str,
    pub strategy: fn() -> Strategy,
}

fn named(id: &str, label: &str) -> (String, String) {
    (id.to_string(), label.to_string())
}

fn feature_first() -> Strategy {
    let (id, label) = named("feature-first", "Ignore the structure");
    Strategy {
        id,
        label,
        wait_for_pmf: false,
        refactor_share: 0.0,
        infra_share: 0.3,
        infra_trigger: 0.9,
        hire_per_week: 0.5,
        hire_ahead: 1.0,
        team_cap: 60.0,
        min_runway_months: 12.0,
        // Splits late, when one team is already too big to talk.
        split_team_size: 15.0,
        rewrite_trigger: 0.0,
        rewrite_staff_share: 0.7,
    }
}

fn scale_early() -> Strategy {
    let (id, label) = named("scale-early", "Scale too early");
    Strategy {
        id,
        label,
        wait_for_pmf: false,
        refactor_share: 0.2,
        infra_share: 0.25,
        infra_trigger: 0.0,
        hire_per_week: 1.0,
        hire_ahead: 3.0,
        team_cap: 80.0,
        min_runway_months: 9.0,
        split_team_size: 8.0,
        rewrite_trigger: 0.0,
        rewrite_staff_share: 0.7,
    }
}

fn big_rewrite() -> Strategy {
    let (id, label) = named("big-rewrite", "Rebuild everything");
    Strategy {
        rewrite_trigger: 0.3,
        id,
        label,
        ..feature_first()
    }
}

fn controlled_evolution() -> Strategy {
    let (id, label) = named("controlled-evolution", "Evolve under real constraints");
    Strategy {
        id,
        label,
        wait_for_pmf: true,
        refactor_share: 0.2,
        infra_share: 0.3,
        infra_trigger: 0.6,
        hire_per_week: 0.4,
        hire_ahead: 1.0,
        team_cap: 60.0,
        min_runway_months: 18.0,
        split_team_size: 7.0,
        rewrite_trigger: 0.0,
        rewrite_staff_share: 0.7,
    }
}

fn hypergrowth_hiring() -> Strategy {
    let (id, label) = named("hypergrowth-hiring", "Grow the team fast");
    Strategy {
        id,
        label,
        wait_for_pmf: false,
        refactor_share: 0.05,
        infra_share: 0.3,
        infra_trigger: 0.8,
        hire_per_week: 2.0,
        hire_ahead: 4.0,
        team_cap: 120.0,
        min_runway_months: 6.0,
        split_team_size: 12.0,
        rewrite_trigger: 0.0,
        rewrite_staff_share: 0.7,
    }
}

/// The five built-in strategies, in display order.
pub const BUILT_INS: &[BuiltIn] = &[
    BuiltIn {
        description: "All capacity to features; hire when demand grows; split teams late. Risk: debt interest and tangled code compound until velocity collapses.",
        strategy: feature_first,
    },
    BuiltIn {
        description: "Architecture, infrastructure and hiring ahead of demand, before product-market fit. Risk: cash burnt without learning; structure lost when the product pivots.",
        strategy: scale_early,
    },
    BuiltIn {
        description: "Ship features until the pain is high, then staff a rewrite while the rest keeps the old system alive. Risk: fat-tailed overruns, churn during the freeze.",
        strategy: big_rewrite,
    },
    BuiltIn {
        description: "Wait for product-market fit, then strengthen the architecture, scale infrastructure when load demands it, hire at a steady pace with 18 months of runway, split teams early. Risk: slower early output.",
        strategy: controlled_evolution,
    },
    BuiltIn {
        description: "Hire aggressively (keeping only 6 months of runway) to go faster. Risk: Brooks's law — ramp-up and coordination eat the added capacity — and the cash runs out.",
        strategy: hypergrowth_hiring,
    },
];

/// The ids of the built-in strategies, in display order.
pub fn builtin_ids() -> impl Iterator<Item = String> {
    BUILT_INS.iter().map(|b| (b.strategy)().id)
}

/// The built-in strategy called `id`.
pub fn builtin(id: &str) -> Option<Strategy> {
    BUILT_INS.iter().map(|b| (b.strategy)()).find(|s| s.id == id)
}

/// What the built-in strategy called `id` does and risks.
pub fn description(id: &str) -> Option<&'static str> {
    BUILT_INS.iter().find(|b| (b.strategy)().id == id).map(|b| b.description)
}

/// All built-in strategies, in display order.
pub fn builtins() -> Vec<Strategy> {
    BUILT_INS.iter().map(|b| (b.strategy)()).collect()
}

impl Strategy {
    /// Checks every field; `prefix` names where the strategy sits in the input.
    pub fn validate(&self, prefix: &str) -> Result<(), InputError> {
        validate_id(&format!("{prefix}id"), &self.id)?;
        if self.label.is_empty() || self.label.chars().count() > 80 || self.label.chars().any(char::is_control) {
            return Err(InputError::new(
                format!("{prefix}label"),
                format!("{:?}", self.label),
                "1 to 80 characters, no control characters",
            ));
        }
        for spec in STRATEGY_SPECS {
            let value = self.get(spec.name).unwrap_or(f64::NAN);
            spec.check(&format!("{prefix}{}", spec.name), value)?;
        }
        if self.refactor_share + self.infra_share > 0.9 {
            return Err(InputError::new(
                format!("{prefix}refactor_share + infra_share"),
                show_number(self.refactor_share + self.infra_share),
                "at most 0.9 (some capacity must go to features)",
            ));
        }
        if self.split_team_size > 0.0 && self.split_team_size < 3.0 {
            return Err(InputError::new(
                format!("{prefix}split_team_size"),
                show_number(self.split_team_size),
                "0 (never split) or a number from 3 to 50",
            ));
        }
        Ok(())
    }
}

/// Strategy ids are short, lower-case, and safe to put in a URL, a CSV cell or
/// an HTML attribute as they are.
pub fn validate_id(field: &str, id: &str) -> Result<(), InputError> {
    let ok = !id.is_empty()
        && id.len() <= 40
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && id.as_bytes()[0].is_ascii_lowercase();
    if ok {
        Ok(())
    } else {
        Err(InputError::new(
            field,
            format!("{id:?}"),
            "1 to 40 characters a-z, 0-9 and '-', starting with a letter",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_are_valid_and_described() {
        for s in builtins() {
            s.validate("strategy.").unwrap();
            assert!(description(&s.id).is_some());
        }
        assert_eq!(builtins().len(), 5);
    }

    #[test]
    fn ids_are_checked() {
        assert!(validate_id("id", "my-plan-2").is_ok());
        for bad in ["", "Upper", "<script>", "2fast", "a b", &"x".repeat(41)] {
            assert!(validate_id("id", bad).is_err(), "{bad}");
        }
    }
}
