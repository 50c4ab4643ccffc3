//! Strategy rules as property tests: a rule that can never fire, or that sets
//! a field to the value it already has, changes no byte of the result; a rule
//! "from week w, set X" is the strategy with X from week w on, week by week.

use crate::run;
use proptest::prelude::*;
use serde_json::{json, Value};
use velocity_cliff::model::{Derived, RunState};
use velocity_cliff::rng::Exogenous;
use velocity_cliff::strategy::{builtin, builtin_ids, LEVER_SPECS};
use velocity_cliff::{Overrides, Scenario};

const PRESETS: [&str; 4] = ["b2b-saas", "data-platform", "marketplace", "media-app"];

/// A scenario with one strategy: the built-in `id` with `rules` put before
/// its own (and `fields` overriding its numbers), under the built-in's label.
fn scenario_with(preset: &str, id: &str, first: &[Value], fields: &[(&str, f64)], runs: u64, weeks: u64, seed: u64) -> Scenario {
    let b = builtin(id).unwrap();
    let mut rules: Vec<Value> = first.to_vec();
    rules.extend(b.rules.iter().map(|r| serde_json::to_value(r).unwrap()));
    let mut s = json!({"id": id, "label": b.label, "base": id, "rules": rules});
    for (name, value) in fields {
        s[*name] = json!(value);
    }
    let file = json!({"preset": preset, "runs": runs, "weeks": weeks, "seed": seed.to_string(), "strategies": [s]});
    Scenario::resolve(Some(&file), &Overrides::default()).unwrap()
}

/// The result's bytes without its scenario (which says what the rules are).
fn result_bytes(sc: Scenario) -> String {
    let mut r = run(sc);
    r.scenario = Value::Null;
    r.to_json()
}

fn builtin_id() -> impl proptest::strategy::Strategy<Value = String> {
    prop::sample::select(builtin_ids().collect::<Vec<_>>())
}

/// Conditions no run can meet (weeks stop at 1040, runway is capped at 120
/// months, fit is reached or not).
fn impossible() -> impl proptest::strategy::Strategy<Value = Value> {
    prop::sample::select(vec![
        json!({"observe": "week", "op": "above", "value": 1040}),
        json!({"observe": "runway_months", "op": "above", "value": 120}),
        json!([{"observe": "fit_reached", "value": true}, {"observe": "fit_reached", "value": false}]),
        json!({"observe": "team_size", "op": "below", "value": 0}),
    ])
}

/// Any valid action (shares kept small enough for every built-in).
fn action() -> impl proptest::strategy::Strategy<Value = Value> {
    prop_oneof![
        Just(json!({"action": "start_rewrite"})),
        Just(json!({"action": "freeze_hiring"})),
        (0.0f64..0.3).prop_map(|v| json!({"action": "set", "field": "refactor_share", "value": v})),
        (0.0f64..0.3).prop_map(|v| json!({"action": "set", "field": "infra_share", "value": v})),
        (0.0f64..20.0).prop_map(|v| json!({"action": "set", "field": "hire_per_week", "value": v})),
        (1.0f64..1000.0).prop_map(|v| json!({"action": "set", "field": "team_cap", "value": v})),
        (3.0f64..50.0).prop_map(|v| json!({"action": "set", "field": "split_team_size", "value": v})),
    ]
}

/// Any condition a run may meet.
fn possible() -> impl proptest::strategy::Strategy<Value = Value> {
    prop_oneof![
        (0.0f64..0.6).prop_map(|v| json!({"observe": "debt_interest", "op": "at_least", "value": v})),
        (0.0f64..1.5).prop_map(|v| json!({"observe": "utilisation", "op": "above", "value": v})),
        (0.0f64..3.0).prop_map(|v| json!({"observe": "incidents_per_week", "op": "at_least", "value": v})),
        (0.0f64..30.0).prop_map(|v| json!({"observe": "team_size", "op": "above", "value": v})),
        (0.0f64..40.0).prop_map(|v| json!({"observe": "runway_months", "op": "below", "value": v})),
        any::<bool>().prop_map(|b| json!({"observe": "fit_reached", "value": b})),
        (1.0f64..60.0).prop_map(|v| json!({"observe": "week", "op": "at_least", "value": v.floor()})),
        (0.3f64..1.0).prop_map(|v| json!({"observe": "velocity_vs_peak", "op": "below", "value": v})),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, .. ProptestConfig::default() })]

    #[test]
    fn a_rule_that_never_fires_changes_nothing(
        preset in prop::sample::select(PRESETS.to_vec()), id in builtin_id(), when in impossible(),
        actions in prop::collection::vec(action(), 1..4), once in any::<bool>(), seed in any::<u64>(),
    ) {
        let rule = json!({"when": when, "mode": if once { "once" } else { "while" }, "do": actions});
        let plain = scenario_with(preset, &id, &[], &[], 20, 120, seed);
        let with_rule = scenario_with(preset, &id, &[rule], &[], 20, 120, seed);
        prop_assert_eq!(with_rule.strategies[0].rules.len(), plain.strategies[0].rules.len() + 1);
        prop_assert_eq!(result_bytes(plain), result_bytes(with_rule));
    }

    #[test]
    fn a_rule_that_sets_a_field_to_its_value_changes_nothing(
        preset in prop::sample::select(PRESETS.to_vec()), id in builtin_id(), when in possible(),
        field in 0..LEVER_SPECS.len(), once in any::<bool>(), seed in any::<u64>(),
    ) {
        let name = LEVER_SPECS[field].name;
        let value = builtin(&id).unwrap().levers.get(name).unwrap();
        let rule = json!({"when": when, "mode": if once { "once" } else { "while" },
            "do": [{"action": "set", "field": name, "value": value}]});
        let plain = scenario_with(preset, &id, &[], &[], 20, 120, seed);
        let with_rule = scenario_with(preset, &id, &[rule], &[], 20, 120, seed);
        prop_assert_eq!(result_bytes(plain), result_bytes(with_rule));
    }

    /// From week 1 the rule is the strategy with the field set; from week w
    /// it is the strategy until w, then the strategy with the field set,
    /// week by week and bit for bit.
    #[test]
    fn a_rule_from_week_w_is_the_strategy_with_that_value_from_week_w(
        preset in prop::sample::select(PRESETS.to_vec()), id in builtin_id(),
        change in prop::sample::select(vec![("refactor_share", 0.35), ("hire_per_week", 3.0), ("team_cap", 8.0), ("split_team_size", 4.0), ("min_runway_months", 3.0)]),
        from in 1u32..100, seed in any::<u64>(),
    ) {
        let (name, value) = change;
        let rule = |w: u32| json!({"when": {"observe": "week", "op": "at_least", "value": w}, "do": [{"action": "set", "field": name, "value": value}]});
        let with_field = scenario_with(preset, &id, &[], &[(name, value)], 20, 120, seed);
        prop_assert_eq!(result_bytes(scenario_with(preset, &id, &[rule(1)], &[], 20, 120, seed)), result_bytes(with_field.clone()));

        let with_rule = scenario_with(preset, &id, &[rule(from)], &[], 1, 120, seed);
        let plain = scenario_with(preset, &id, &[], &[], 1, 120, seed);
        let d = Derived::new(&plain.params, plain.collapse.smoothing);
        for run in 0..4 {
            let mut exo = Exogenous::default();
            exo.draw(seed, run, 120, &plain.draws);
            let (mut a, mut b) = (RunState::new(&plain.params, &d), RunState::new(&plain.params, &d));
            for w in 0..120 {
                let switched = if w + 1 >= from as usize { &with_field.strategies[0] } else { &plain.strategies[0] };
                let x = a.step(&plain.params, &d, &with_rule.strategies[0], &exo, w);
                let y = b.step(&plain.params, &d, switched, &exo, w);
                let bits = |k: &velocity_cliff::model::Week| [k.velocity, k.smoothed, k.users, k.team, k.debt, k.cash, k.runway_months].map(f64::to_bits);
                prop_assert_eq!(bits(&x), bits(&y), "run {} week {}", run, w + 1);
            }
        }
    }
}

/// Rules that can fire do change the outcome, and in the expected direction:
/// freezing hiring from the start keeps the team at its starting size.
#[test]
fn rules_act_freezing_hiring_keeps_the_starting_team() {
    let freeze = json!({"when": {"observe": "week", "op": "at_least", "value": 1}, "do": [{"action": "freeze_hiring"}]});
    let sc = scenario_with("marketplace", "hypergrowth-hiring", &[freeze], &[], 50, 156, 3);
    let start = sc.params.initial_engineers;
    let r = run(sc);
    let team = &r.strategies[0].series.team;
    assert!(team.p90.iter().all(|&t| t <= start as f32 + 1e-3), "never above the starting team");
    let free = run(scenario_with("marketplace", "hypergrowth-hiring", &[], &[], 50, 156, 3));
    let most = free.strategies[0].series.team.p90.iter().fold(0.0f32, |m, &t| m.max(t));
    assert!(most > 2.0 * start as f32, "without the rule the team grows: {most}");
}
