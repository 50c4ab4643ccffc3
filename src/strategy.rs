//! Strategies: the policies a team follows, each a named set of numbers.
//!
//! The five built-in strategies are the ones PRODUCT.md describes; a scenario
//! file may define its own with the same fields.

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
            min: $min, max: $max, default: 0.0, source: $source,
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
        "Target team = initial team + this × users / users-per-engineer.";
    team_cap: "Team cap", "engineers", 1.0, 1000.0,
        "Largest team the strategy hires up to.";
    split_team_size: "Team split size", "engineers (0 = never split)", 0.0, 50.0,
        "Team size at which the organisation splits into teams; overhead then grows with teams and coupling.";
    rewrite_trigger: "Rewrite trigger", "share of capacity lost to debt (0 = never)", 0.0, 0.95,
        "Debt interest share at which features freeze and the system is rebuilt.";
    rewrite_weeks: "Planned rewrite length", "weeks", 1.0, 260.0,
        "Planned length of a rewrite; the actual length is this times a fat-tailed overrun.";
}

/// `(id, label, wait_for_pmf, [refactor, infra, trigger, hire/wk, ahead, cap, split, rewrite trigger, rewrite weeks])`.
type BuiltIn = (&'static str, &'static str, bool, [f64; 9]);

const BUILT_INS: &[BuiltIn] = &[
    (
        "feature-first",
        "Ignore the structure",
        false,
        [0.0, 0.3, 0.9, 0.5, 1.0, 60.0, 0.0, 0.0, 26.0],
    ),
    (
        "scale-early",
        "Scale too early",
        false,
        [0.2, 0.25, 0.0, 1.0, 3.0, 80.0, 8.0, 0.0, 26.0],
    ),
    (
        "big-rewrite",
        "Rebuild everything",
        false,
        [0.0, 0.3, 0.9, 0.5, 1.0, 60.0, 0.0, 0.3, 26.0],
    ),
    (
        "controlled-evolution",
        "Evolve under real constraints",
        true,
        [0.2, 0.3, 0.6, 0.4, 1.0, 60.0, 7.0, 0.0, 26.0],
    ),
    (
        "hypergrowth-hiring",
        "Grow the team fast",
        false,
        [0.05, 0.3, 0.8, 2.0, 4.0, 120.0, 15.0, 0.0, 26.0],
    ),
];

/// What `velocity-cliff strategies` prints beside each built-in strategy.
pub const DESCRIPTIONS: &[(&str, &str)] = &[
    ("feature-first", "All capacity to features; hire when demand grows. Risk: debt interest compounds until velocity collapses."),
    ("scale-early", "Architecture, infrastructure and hiring ahead of demand, before product-market fit. Risk: cost without users; structure that does not fit."),
    ("big-rewrite", "Ship features until the pain is high, then freeze features and rebuild. Risk: fat-tailed overruns, churn during the freeze."),
    ("controlled-evolution", "Wait for product-market fit, then strengthen the architecture, scale infrastructure when load demands it, hire at a steady pace, split teams. Risk: slower early output."),
    ("hypergrowth-hiring", "Hire aggressively to go faster. Risk: Brooks's law — ramp-up and communication overhead eat the added capacity."),
];

/// The ids of the built-in strategies, in display order.
pub fn builtin_ids() -> impl Iterator<Item = &'static str> {
    BUILT_INS.iter().map(|b| b.0)
}

/// The built-in strategy called `id`.
pub fn builtin(id: &str) -> Option<Strategy> {
    let (id, label, wait, v) = BUILT_INS.iter().find(|b| b.0 == id)?;
    Some(Strategy {
        id: (*id).into(),
        label: (*label).into(),
        wait_for_pmf: *wait,
        refactor_share: v[0],
        infra_share: v[1],
        infra_trigger: v[2],
        hire_per_week: v[3],
        hire_ahead: v[4],
        team_cap: v[5],
        split_team_size: v[6],
        rewrite_trigger: v[7],
        rewrite_weeks: v[8],
    })
}

/// All built-in strategies, in display order.
pub fn builtins() -> Vec<Strategy> {
    builtin_ids().filter_map(builtin).collect()
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
            assert!(DESCRIPTIONS.iter().any(|d| d.0 == s.id));
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
