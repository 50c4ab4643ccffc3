//! Strategies: the policies a team follows, each a named set of numbers.
//!
//! The five built-in strategies are the typical paths from MVP to scale
//! (feature-first, scale-early, big-rewrite, controlled-evolution,
//! hypergrowth-hiring); a scenario file may define its own with the same fields.

use crate::error::{show_number, InputError};
use crate::params::ParamSpec;
use crate::rules::{Action, Condition, Mode, Observable, Rule, Test, MAX_RULES};
use serde::Serialize;

macro_rules! declare_strategy_fields {
    ($( $field:ident : $label:literal, $unit:literal, $min:expr, $max:expr, $source:literal; )*) => {
        /// The numeric fields of a strategy: what its rules' `set` actions
        /// change week by week.
        #[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
        pub struct Levers {
            $( pub $field: f64, )*
        }

        /// The numeric fields of a strategy, with ranges (`default` is unused: 0).
        pub const LEVER_SPECS: &[ParamSpec] = &[ $( ParamSpec {
            name: stringify!($field), group: "strategy", label: $label, unit: $unit,
            min: $min, max: $max, default: 0.0, uncertainty: crate::params::Uncertainty::Fixed,
            evidence: crate::params::Evidence::Choice, source: $source,
        }, )* ];

        impl Levers {
            /// The value of the field called `name`.
            pub fn get(&self, name: &str) -> Option<f64> {
                match name { $( stringify!($field) => Some(self.$field), )* _ => None }
            }

            /// A mutable handle on the field called `name`.
            pub fn get_mut(&mut self, name: &str) -> Option<&mut f64> {
                match name { $( stringify!($field) => Some(&mut self.$field), )* _ => None }
            }

            /// Sets the field at `index` of [`LEVER_SPECS`] (an index a rule
            /// was validated with; any other is ignored).
            #[inline]
            pub fn set(&mut self, index: usize, value: f64) {
                if let Some(slot) = [$( &mut self.$field, )*].into_iter().nth(index) {
                    *slot = value;
                }
            }
        }
    };
}

/// The numeric fields of a strategy (the catalogue's `strategy_fields`).
pub const STRATEGY_SPECS: &[ParamSpec] = LEVER_SPECS;

/// A validated strategy: its numbers, and the rules that change them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Strategy {
    pub id: String,
    pub label: String,
    /// Refactors only what real use shows is under pressure: refactoring
    /// before the fit signal keeps its full value (for the others it is worth
    /// `premature_fit` of it).
    pub targeted_refactoring: bool,
    #[serde(flatten)]
    pub levers: Levers,
    pub rules: Vec<Rule>,
}

impl Strategy {
    /// The value of the numeric field called `name`.
    pub fn get(&self, name: &str) -> Option<f64> {
        self.levers.get(name)
    }

    /// A mutable handle on the numeric field called `name`.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut f64> {
        self.levers.get_mut(name)
    }
}

declare_strategy_fields! {
    refactor_share: "Capacity to refactoring", "share", 0.0, 0.8,
        "Share of capacity spent on the parts under pressure (critical flows, bottlenecks, fragile code).";
    infra_share: "Capacity to infrastructure", "share", 0.0, 0.8,
        "Share of capacity spent on infrastructure (the built-ins set it by rules, when utilisation demands it).";
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
    rewrite_staff_share: "Team share on a rewrite", "share", 0.3, 0.9,
        "Share of the team that builds the new system; the rest keeps the old one alive (fixes, small changes).";
}

/// How schema 2 (model 2.0) described a strategy's triggers, before rules.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Legacy {
    /// Waited for the fit signal before investing in infrastructure ahead of
    /// load or hiring beyond the starting team, and held hiring while debt
    /// interest was above 30 %; refactored only what real use strained.
    pub wait_for_pmf: bool,
    /// Share of capacity to infrastructure while triggered.
    pub infra_share: f64,
    /// Utilisation at which infrastructure work started (0 = always).
    pub infra_trigger: f64,
    /// Debt interest share at which a rewrite started (0 = never).
    pub rewrite_trigger: f64,
}

/// Schema 2's fixed rule for strategies that waited for fit: below this
/// utilisation infrastructure waited for the fit signal.
pub const LEGACY_LOAD_DEMANDS_UTILISATION: f64 = 0.5;
/// Schema 2's fixed rule for strategies that waited for fit: hiring held
/// while debt interest was above this share.
pub const LEGACY_STAGED_HIRING_INTEREST: f64 = 0.3;

fn when(observe: Observable, test: Test) -> Condition {
    Condition { observe, test }
}

fn lever(name: &str) -> usize {
    LEVER_SPECS.iter().position(|s| s.name == name).expect("a strategy field")
}

/// Rule: while `conditions` hold, put `share` of capacity into infrastructure.
fn infra_while(conditions: Vec<Condition>, share: f64) -> Rule {
    Rule {
        when: conditions,
        mode: Mode::While,
        actions: vec![Action::Set {
            field: lever("infra_share"),
            value: share,
        }],
    }
}

impl Legacy {
    /// The rules (and base infrastructure share and targeted refactoring)
    /// that do exactly what these schema-2 fields did.
    pub fn translate(&self) -> (bool, f64, Vec<Rule>) {
        let mut rules = Vec::new();
        if self.wait_for_pmf {
            rules.push(Rule {
                when: vec![when(Observable::FitReached, Test::Is(false))],
                mode: Mode::While,
                actions: vec![Action::FreezeHiring],
            });
            rules.push(Rule {
                when: vec![when(Observable::DebtInterest, Test::Above(LEGACY_STAGED_HIRING_INTEREST))],
                mode: Mode::While,
                actions: vec![Action::FreezeHiring],
            });
        }
        let (t, share) = (self.infra_trigger, self.infra_share);
        let mut base_infra = 0.0;
        let utilisation = |v: f64| when(Observable::Utilisation, Test::AtLeast(v));
        let fit = when(Observable::FitReached, Test::Is(true));
        if share > 0.0 {
            if !self.wait_for_pmf || t >= LEGACY_LOAD_DEMANDS_UTILISATION {
                if t > 0.0 {
                    rules.push(infra_while(vec![utilisation(t)], share));
                } else {
                    // Utilisation is never negative: always.
                    base_infra = share;
                }
            } else {
                // Waiting for fit: below the load that demands it, only after fit.
                rules.push(infra_while(vec![utilisation(LEGACY_LOAD_DEMANDS_UTILISATION)], share));
                let after_fit = if t > 0.0 { vec![fit, utilisation(t)] } else { vec![fit] };
                rules.push(infra_while(after_fit, share));
            }
        }
        if self.rewrite_trigger > 0.0 {
            rules.push(Rule {
                when: vec![when(Observable::DebtInterest, Test::AtLeast(self.rewrite_trigger))],
                mode: Mode::While,
                actions: vec![Action::StartRewrite],
            });
        }
        (self.wait_for_pmf, base_infra, rules)
    }

    /// The schema-2 fields of the built-in strategy `id`.
    pub fn of_builtin(id: &str) -> Option<Legacy> {
        let (wait_for_pmf, infra_share, infra_trigger, rewrite_trigger) = match id {
            "feature-first" => (false, 0.3, 0.9, 0.0),
            "scale-early" => (false, 0.25, 0.0, 0.0),
            "big-rewrite" => (false, 0.3, 0.9, 0.3),
            "controlled-evolution" => (true, 0.3, 0.6, 0.0),
            "hypergrowth-hiring" => (false, 0.3, 0.8, 0.0),
            _ => return None,
        };
        Some(Legacy {
            wait_for_pmf,
            infra_share,
            infra_trigger,
            rewrite_trigger,
        })
    }
}

/// The schema-2 fields a schema-3 strategy no longer has (read only from
/// schema-2 files and links, translated into rules).
pub const LEGACY_FIELDS: &[&str] = &["wait_for_pmf", "infra_trigger", "rewrite_trigger"];

/// A built-in strategy: its id, name, description and policy.
pub struct BuiltIn {
    pub description: &'static str,
    pub strategy: fn() -> Strategy,
}

fn named(id: &str, label: &str) -> (String, String) {
    (id.to_string(), label.to_string())
}

/// Rule: while utilisation is at least `trigger`, put `share` into infrastructure.
fn infra_when_loaded(trigger: f64, share: f64) -> Rule {
    infra_while(vec![when(Observable::Utilisation, Test::AtLeast(trigger))], share)
}

fn feature_first() -> Strategy {
    let (id, label) = named("feature-first", "Ignore the structure");
    Strategy {
        id,
        label,
        targeted_refactoring: false,
        levers: Levers {
            refactor_share: 0.0,
            infra_share: 0.0,
            hire_per_week: 0.5,
            hire_ahead: 1.0,
            team_cap: 60.0,
            min_runway_months: 12.0,
            // Splits late, when one team is already too big to talk.
            split_team_size: 15.0,
            rewrite_staff_share: 0.7,
        },
        // Infrastructure only when the load is already near capacity.
        rules: vec![infra_when_loaded(0.9, 0.3)],
    }
}

fn scale_early() -> Strategy {
    let (id, label) = named("scale-early", "Scale too early");
    Strategy {
        id,
        label,
        targeted_refactoring: false,
        levers: Levers {
            refactor_share: 0.2,
            // Ahead of load, from the first week: no rule needed.
            infra_share: 0.25,
            hire_per_week: 1.0,
            hire_ahead: 3.0,
            team_cap: 80.0,
            min_runway_months: 9.0,
            split_team_size: 8.0,
            rewrite_staff_share: 0.7,
        },
        rules: vec![],
    }
}

fn big_rewrite() -> Strategy {
    let (id, label) = named("big-rewrite", "Rebuild everything");
    let mut s = feature_first();
    s.id = id;
    s.label = label;
    // Rebuild whenever debt interest takes 30 % of capacity (one rewrite at a
    // time, 52 weeks apart).
    s.rules.push(Rule {
        when: vec![when(Observable::DebtInterest, Test::AtLeast(0.3))],
        mode: Mode::While,
        actions: vec![Action::StartRewrite],
    });
    s
}

fn controlled_evolution() -> Strategy {
    let (id, label) = named("controlled-evolution", "Evolve under real constraints");
    Strategy {
        id,
        label,
        targeted_refactoring: true,
        levers: Levers {
            refactor_share: 0.2,
            infra_share: 0.0,
            hire_per_week: 0.4,
            hire_ahead: 1.0,
            team_cap: 60.0,
            min_runway_months: 18.0,
            split_team_size: 7.0,
            rewrite_staff_share: 0.7,
        },
        rules: vec![
            // The hiring hold: no growth before fit, nor while the
            // architecture is not in shape.
            Rule {
                when: vec![when(Observable::FitReached, Test::Is(false))],
                mode: Mode::While,
                actions: vec![Action::FreezeHiring],
            },
            Rule {
                when: vec![when(Observable::DebtInterest, Test::Above(LEGACY_STAGED_HIRING_INTEREST))],
                mode: Mode::While,
                actions: vec![Action::FreezeHiring],
            },
            // Infrastructure when load demands it.
            infra_when_loaded(0.6, 0.3),
        ],
    }
}

fn hypergrowth_hiring() -> Strategy {
    let (id, label) = named("hypergrowth-hiring", "Grow the team fast");
    Strategy {
        id,
        label,
        targeted_refactoring: false,
        levers: Levers {
            refactor_share: 0.05,
            infra_share: 0.0,
            hire_per_week: 2.0,
            hire_ahead: 4.0,
            team_cap: 120.0,
            min_runway_months: 6.0,
            split_team_size: 12.0,
            rewrite_staff_share: 0.7,
        },
        rules: vec![infra_when_loaded(0.8, 0.3)],
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
        for spec in LEVER_SPECS {
            let value = self.get(spec.name).unwrap_or(f64::NAN);
            spec.check(&format!("{prefix}{}", spec.name), value)?;
        }
        if self.levers.refactor_share + self.levers.infra_share > 0.9 {
            return Err(InputError::new(
                format!("{prefix}refactor_share + infra_share"),
                show_number(self.levers.refactor_share + self.levers.infra_share),
                "at most 0.9 (some capacity must go to features)",
            ));
        }
        if self.levers.split_team_size > 0.0 && self.levers.split_team_size < 3.0 {
            return Err(InputError::new(
                format!("{prefix}split_team_size"),
                show_number(self.levers.split_team_size),
                "0 (never split) or a number from 3 to 50",
            ));
        }
        if self.rules.len() > MAX_RULES {
            return Err(InputError::new(
                format!("{prefix}rules"),
                format!("{} entries", self.rules.len()),
                format!("at most {MAX_RULES} rules"),
            ));
        }
        // Whatever the rules do, refactoring and infrastructure together
        // leave at least 10 % to features: checked on the largest value each
        // can take in any week (see `share_timeline`).
        if let Some((i, j, value, other)) = self.share_overflow() {
            return Err(InputError::new(
                format!("{prefix}rules[{i}].do[{j}].value"),
                show_number(value),
                format!(
                    "at most {} (refactoring + infrastructure at most 0.9; the other can reach {})",
                    show_number(((0.9 - other) * 1e9).round() / 1e9),
                    show_number(other)
                ),
            ));
        }
        Ok(())
    }
}

/// The first week a `once` rule fires when all its conditions are "the week
/// is at least / above w" (from then on it holds to the end of every run);
/// `None` for any other rule, which may hold in any week.
fn from_week(rule: &Rule) -> Option<f64> {
    if rule.mode != Mode::Once {
        return None;
    }
    let mut first = 1.0f64;
    for c in &rule.when {
        let w = match (c.observe, c.test) {
            (Observable::Week, Test::AtLeast(v)) => v.ceil(),
            (Observable::Week, Test::Above(v)) => v.floor() + 1.0,
            _ => return None,
        };
        first = first.max(w);
    }
    Some(first)
}

impl Strategy {
    /// Whether refactoring + infrastructure can exceed 0.9 in some week:
    /// `(rule, action, value, the other field's largest value then)` of the
    /// action that makes it so. Rules "from week w" (see [`from_week`]) hold
    /// exactly from their week, in list order, so a play that sets both
    /// shares round by round is judged week by week; any other rule may hold
    /// in any week, so its values are added to what each field can be.
    fn share_overflow(&self) -> Option<(usize, usize, f64, f64)> {
        let (refactor, infra) = (lever("refactor_share"), lever("infra_share"));
        let fires: Vec<Option<f64>> = self.rules.iter().map(from_week).collect();
        let mut weeks: Vec<f64> = fires.iter().flatten().copied().collect();
        weeks.push(0.0);
        weeks.sort_by(f64::total_cmp);
        weeks.dedup();
        // Each field's possible values in a week: (value, the action that set it).
        type Values = Vec<(f64, Option<(usize, usize)>)>;
        for week in weeks {
            let mut values: [Values; 2] = [vec![(self.levers.refactor_share, None)], vec![(self.levers.infra_share, None)]];
            for (i, rule) in self.rules.iter().enumerate() {
                let holds_for_sure = match fires[i] {
                    Some(first) if first <= week => true,
                    Some(_) => continue,
                    None => false,
                };
                for (j, a) in rule.actions.iter().enumerate() {
                    let Action::Set { field, value } = *a else { continue };
                    let slot = if field == refactor {
                        0
                    } else if field == infra {
                        1
                    } else {
                        continue;
                    };
                    if holds_for_sure {
                        values[slot].clear();
                    }
                    values[slot].push((value, Some((i, j))));
                }
            }
            let most = |v: &Values| {
                v.iter()
                    .copied()
                    .fold((f64::NEG_INFINITY, None), |best, x| if x.0 > best.0 { x } else { best })
            };
            let (r, i) = (most(&values[0]), most(&values[1]));
            if r.0 + i.0 > 0.9 {
                // Blame the later of the two actions, as a reader of the list would.
                let (blamed, other) = if i.1 >= r.1 { (i, r.0) } else { (r, i.0) };
                let (rule, action) = blamed.1?;
                return Some((rule, action, blamed.0, other));
            }
        }
        None
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
    fn builtins_are_the_rules_their_schema_2_fields_meant() {
        for s in builtins() {
            let legacy = Legacy::of_builtin(&s.id).unwrap();
            let (targeted, infra_share, rules) = legacy.translate();
            assert_eq!(s.targeted_refactoring, targeted, "{}", s.id);
            assert_eq!(s.levers.infra_share, infra_share, "{}", s.id);
            assert_eq!(s.rules, rules, "{}", s.id);
        }
    }

    #[test]
    fn rules_cannot_leave_features_less_than_a_tenth() {
        let mut s = builtin("feature-first").unwrap();
        s.levers.refactor_share = 0.5;
        s.validate("s.").unwrap();
        s.rules.push(Rule {
            when: vec![when(Observable::Week, Test::AtLeast(10.0))],
            mode: Mode::Once,
            actions: vec![Action::Set {
                field: lever("infra_share"),
                value: 0.45,
            }],
        });
        assert_eq!(
            s.validate("s.").unwrap_err().to_string(),
            "invalid s.rules[1].do[0].value: 0.45 (allowed: at most 0.4 (refactoring + infrastructure at most 0.9; the other can reach 0.5))"
        );
    }

    #[test]
    fn rules_from_a_week_are_judged_week_by_week() {
        let set = |name: &str, value: f64| Action::Set { field: lever(name), value };
        let from = |w: f64, actions: Vec<Action>| Rule {
            when: vec![when(Observable::Week, Test::AtLeast(w))],
            mode: Mode::Once,
            actions,
        };
        let mut s = builtin("scale-early").unwrap();
        // A play: most capacity to refactoring in the first quarter, to
        // infrastructure in the second. Never more than 0.9 in one week.
        s.rules = vec![
            from(1.0, vec![set("refactor_share", 0.7), set("infra_share", 0.1)]),
            from(14.0, vec![set("refactor_share", 0.1), set("infra_share", 0.7)]),
        ];
        s.validate("s.").unwrap();
        // Keeping the first quarter's refactoring while adding infrastructure is refused.
        s.rules[1] = from(14.0, vec![set("infra_share", 0.7)]);
        assert_eq!(
            s.validate("s.").unwrap_err().to_string(),
            "invalid s.rules[1].do[0].value: 0.7 (allowed: at most 0.2 (refactoring + infrastructure at most 0.9; the other can reach 0.7))"
        );
        // A rule that may hold in any week still counts in every week.
        s.rules[1] = Rule {
            when: vec![when(Observable::DebtInterest, Test::AtLeast(0.3))],
            mode: Mode::Once,
            actions: vec![set("infra_share", 0.5)],
        };
        s.rules.insert(0, from(1.0, vec![set("refactor_share", 0.2)]));
        assert!(s
            .validate("s.")
            .unwrap_err()
            .to_string()
            .starts_with("invalid s.rules[2].do[0].value: 0.5"));
    }

    #[test]
    fn ids_are_checked() {
        assert!(validate_id("id", "my-plan-2").is_ok());
        for bad in ["", "Upper", "<script>", "2fast", "a b", &"x".repeat(41)] {
            assert!(validate_id("id", bad).is_err(), "{bad}");
        }
    }
}
