//! The stylized facts a credible model reproduces (docs/MODEL.md, "Stylized
//! facts"), as statistical tests with stated tolerances over every preset
//! where they apply. Each test name says whether the fact is *emergent*
//! (it follows from the mechanisms) or *calibrated* (a parameter was set so
//! that the model produces it); docs/MODEL.md gives the argument.

use crate::{run, scenario};
use velocity_cliff::model::{Derived, RunState};
use velocity_cliff::rng::Exogenous;
use velocity_cliff::strategy::builtin;
use velocity_cliff::{Overrides, SimulationResult};

const PRESETS: [&str; 4] = ["b2b-saas", "data-platform", "marketplace", "media-app"];

fn overrides(preset: &str, runs: u64) -> Overrides {
    Overrides {
        preset: Some(preset.into()),
        runs: Some(runs),
        seed: Some(2024),
        ..Default::default()
    }
}

fn compare(preset: &str, runs: u64, weeks: Option<u64>, ids: &[&str]) -> SimulationResult {
    let mut o = overrides(preset, runs);
    o.weeks = weeks;
    o.strategies = Some(ids.iter().map(|s| s.to_string()).collect());
    run(scenario(None, o))
}

/// Fact 1 (calibrated: `debt_per_feature`, `debt_half_ratio`): an unmanaged
/// codebase loses 23–42 % of capacity to debt interest by the time it is
/// mature. Median over 300 feature-first runs of each preset, at the last
/// week the run was still funded within the first three years, for runs that
/// lasted at least two years.
#[test]
fn calibrated_feature_first_loses_23_to_42_percent_to_debt_when_mature() {
    let mut medians = Vec::new();
    for preset in PRESETS {
        let sc = scenario(None, overrides(preset, 300));
        let d = Derived::new(&sc.params, sc.collapse.smoothing);
        let s = builtin("feature-first").unwrap();
        let mut exo = Exogenous::default();
        let mut shares: Vec<f64> = (0..300)
            .filter_map(|run| {
                exo.draw(sc.seed, run, 156, &sc.draws);
                let mut state = RunState::new(&sc.params, &d);
                let mut last = None;
                for w in 0..156 {
                    let week = state.step(&sc.params, &d, &s, &exo, w);
                    if week.out_of_cash {
                        break;
                    }
                    last = Some((w, week.interest_share));
                }
                last.filter(|(w, _)| *w >= 104).map(|(_, share)| share)
            })
            .collect();
        assert!(shares.len() > 30, "{preset}: too few runs lasted two years");
        shares.sort_by(f64::total_cmp);
        medians.push((preset, shares[shares.len() / 2]));
    }
    let inside = medians.iter().filter(|(_, m)| (0.23..=0.42).contains(m)).count();
    assert!(inside >= 3, "median interest share of mature feature-first codebases: {medians:?}");
    assert!(medians.iter().all(|(_, m)| (0.15..=0.5).contains(m)), "{medians:?}");
}

/// Fact 2 (emergent: onboarding, ramp-up and training drag): a hiring burst
/// lowers velocity for weeks before it raises it (Brooks). Noise-free team
/// of 8 with cash to spare; 8 hires join at week 0 in one run only.
#[test]
fn emergent_a_hiring_burst_lowers_velocity_before_raising_it() {
    let mut sc = scenario(None, overrides("marketplace", 1));
    let p = &mut sc.params;
    p.initial_engineers = 8.0;
    p.initial_cash = 1e9;
    p.noise_base = 0.0;
    p.noise_debt = 0.0;
    p.attrition_per_year = 0.0;
    p.load_incident_rate = 0.0;
    p.change_failure_rate = 0.0;
    p.debt_per_feature = 0.0;
    p.debt_contagion = 0.0;
    p.pivot_rate = 0.0;
    let d = Derived::new(&sc.params, sc.collapse.smoothing);
    let mut s = builtin("feature-first").unwrap();
    s.levers.hire_per_week = 0.0;
    let mut exo = Exogenous::default();
    exo.draw(1, 0, 60, &sc.draws);
    let trace = |burst: bool| {
        let mut state = RunState::new(&sc.params, &d);
        if burst {
            state.onboarding = 8.0;
        }
        (0..60)
            .map(|w| state.step(&sc.params, &d, &s, &exo, w).velocity)
            .collect::<Vec<f64>>()
    };
    let (base, burst) = (trace(false), trace(true));
    let worse: Vec<usize> = (0..60).filter(|&w| burst[w] < base[w]).collect();
    assert!(worse.len() >= 3, "velocity dips for some weeks: {worse:?}");
    assert!(worse.iter().all(|&w| w < 20), "the dip comes first: {worse:?}");
    assert!(
        burst[59] > 1.2 * base[59],
        "then the bigger team is faster: {} vs {}",
        burst[59],
        base[59]
    );
}

/// Fact 3 (emergent from the team-of-teams form): beyond ~20 people in one
/// team, added engineers add little; with splits and modular structure,
/// capacity keeps growing, sublinearly — through the whole weekly step, not
/// only the formula (see also `model::team` tests, 1–200 engineers).
#[test]
fn emergent_one_big_team_stalls_and_split_teams_keep_growing() {
    let mut sc = scenario(None, overrides("marketplace", 1));
    sc.params.initial_cash = 1e12;
    sc.params.noise_base = 0.0;
    sc.params.noise_debt = 0.0;
    sc.params.attrition_per_year = 0.0;
    sc.params.change_failure_rate = 0.0;
    sc.params.load_incident_rate = 0.0;
    let d = Derived::new(&sc.params, sc.collapse.smoothing);
    let mut exo = Exogenous::default();
    exo.draw(1, 0, 1, &sc.draws);
    let velocity = |n: f64, split: f64| {
        let mut state = RunState::new(&sc.params, &d);
        state.experienced = n;
        let mut s = builtin("feature-first").unwrap();
        s.levers.split_team_size = split;
        s.levers.infra_share = 0.0;
        s.rules.clear();
        state.step(&sc.params, &d, &s, &exo, 0).velocity
    };
    let gain = |split: f64, n: f64| velocity(n + 1.0, split) - velocity(n, split);
    assert!(
        gain(0.0, 22.0) < 0.35 * gain(0.0, 5.0),
        "one team: {} vs {}",
        gain(0.0, 22.0),
        gain(0.0, 5.0)
    );
    assert!(
        velocity(120.0, 0.0) < velocity(40.0, 0.0),
        "one team of 120 delivers less than one of 40"
    );
    assert!(velocity(120.0, 7.0) > velocity(40.0, 7.0) && velocity(200.0, 7.0) > velocity(120.0, 7.0));
    assert!(velocity(200.0, 7.0) < 5.0 * velocity(40.0, 7.0), "sublinear");
}

/// Fact 4 (calibrated body and tail of the overrun draw; the realised
/// schedule also depends on the team during the rewrite, which is emergent):
/// rewrites overrun with a fat tail — the worst sixth of finished rewrites
/// averages about +70 % schedule — and some never finish within the horizon.
#[test]
fn calibrated_rewrites_overrun_with_a_fat_tail_and_some_never_finish() {
    // The worst sixth is judged where nearly every rewrite finished: where
    // many are still under way at the horizon, the finished ones are the
    // lucky ones (survivor bias), which is the second half of the fact.
    let (mut unfinished, mut judged) = (0.0, 0);
    for preset in PRESETS {
        let r = compare(preset, 1500, None, &["big-rewrite"]);
        let s = &r.strategies[0].summary;
        if s.rewrites_per_run < 0.2 {
            continue;
        }
        unfinished += 1.0 - s.rewrite_finished_share.unwrap() as f64;
        if s.rewrite_finished_share.unwrap() < 0.7 {
            continue;
        }
        judged += 1;
        let worst = s.rewrite_worst_sixth_mean.unwrap();
        assert!((1.45..=2.2).contains(&worst), "{preset}: worst sixth averages {worst}× the plan");
        let median = s.rewrite_overrun_p50.unwrap();
        assert!((0.9..=1.4).contains(&median), "{preset}: median overrun {median}");
    }
    assert!(judged >= 2, "too few presets where rewrites finish");
    assert!(unfinished > 0.0, "some rewrites never finish within the horizon");
}

/// Fact 5 (emergent): controlled evolution keeps a healthy, funded velocity
/// longer than feature-first in most runs of most presets — and ships less early.
#[test]
fn emergent_controlled_evolution_outlasts_feature_first_but_ships_less_early() {
    let mut outlasts = Vec::new();
    let mut ships_less = Vec::new();
    for preset in PRESETS {
        let r = compare(preset, 400, None, &["feature-first", "controlled-evolution"]);
        let (ff, ce) = (&r.strategies[0], &r.strategies[1]);
        let paired = ce.paired.iter().find(|p| p.against == "feature-first").unwrap();
        if paired.win > paired.loss && ce.summary.mean_healthy_weeks > ff.summary.mean_healthy_weeks {
            outlasts.push(preset);
        }
        if ce.series.features.p50[25] < ff.series.features.p50[25] {
            ships_less.push(preset);
        }
    }
    assert!(
        outlasts.len() >= 3,
        "controlled evolution outlasted feature-first only in {outlasts:?}"
    );
    assert!(
        ships_less.len() >= 3,
        "controlled evolution shipped less by week 26 only in {ships_less:?}"
    );
}

/// Fact 6 (emergent: hiring and infrastructure ahead of demand, learning
/// that headcount cannot speed up, pivots that discard structure):
/// scale-early spends more engineer-weeks per user in the first year than the
/// strategy that waits for fit, and runs out of cash more often.
#[test]
fn emergent_scale_early_costs_more_per_user_and_runs_out_of_cash_more_often() {
    for preset in PRESETS {
        let year = compare(preset, 400, Some(52), &["controlled-evolution", "scale-early"]);
        let cost = |i: usize| {
            let s = &year.strategies[i].summary;
            s.engineer_weeks_p50 / s.final_users_p50.max(1.0)
        };
        assert!(cost(1) > 1.1 * cost(0), "{preset}: {} vs {}", cost(1), cost(0));
        let whole = compare(preset, 400, None, &["controlled-evolution", "scale-early"]);
        let cash_out = |i: usize| whole.strategies[i].cash.share;
        assert!(cash_out(1) > cash_out(0) + 0.1, "{preset}: {} vs {}", cash_out(1), cash_out(0));
    }
}

/// Fact 7 (emergent: Brooks's law in money): in the first year hypergrowth
/// burns more cash per feature shipped than every strategy that invests in
/// features. (Scale-early burns more still, on structure rather than
/// features; docs/MODEL.md discusses the difference.)
#[test]
fn emergent_hypergrowth_burns_more_cash_per_feature_than_feature_strategies() {
    for preset in PRESETS {
        let r = compare(
            preset,
            400,
            Some(52),
            &["feature-first", "big-rewrite", "controlled-evolution", "hypergrowth-hiring"],
        );
        let cost = |i: usize| r.strategies[i].summary.cash_per_feature_p50.unwrap();
        for i in 0..3 {
            assert!(
                cost(3) > cost(i),
                "{preset}: hypergrowth {} vs {} {}",
                cost(3),
                r.strategies[i].id,
                cost(i)
            );
        }
    }
}

/// Fact 8 (emergent; the robustness check of the collapse definition):
/// collapse survives turning the weekly noise off. Every strategy's collapse
/// share stays within 0.15 of the noisy one, and the median collapse week
/// within 30 weeks where both exist.
#[test]
fn emergent_collapse_survives_turning_the_noise_off() {
    for preset in PRESETS {
        let noisy = run(scenario(None, overrides(preset, 600)));
        let quiet_text = r#"{"params":{"noise_base":0,"noise_debt":0}}"#;
        let quiet = run(scenario(Some(quiet_text), overrides(preset, 600)));
        for (a, b) in noisy.strategies.iter().zip(&quiet.strategies) {
            let (x, y) = (a.collapse.share, b.collapse.share);
            assert!(
                (x - y).abs() <= 0.15,
                "{preset} {}: collapse share {x} with noise, {y} without",
                a.id
            );
            if let (Some(wa), Some(wb)) = (a.collapse.week_p50, b.collapse.week_p50) {
                assert!(wa.abs_diff(wb) <= 30, "{preset} {}: median week {wa} vs {wb}", a.id);
            }
        }
    }
}

/// A rewrite is a planned freeze, not a collapse: the freeze is reported
/// with its length, and feature-first's twin that rewrites does not show
/// its freeze as collapse.
#[test]
fn emergent_rewrites_are_reported_as_freezes_not_collapses() {
    for preset in PRESETS {
        let r = compare(preset, 300, None, &["big-rewrite"]);
        let s = &r.strategies[0];
        if s.summary.rewrites_per_run < 0.2 {
            continue;
        }
        assert!(s.summary.freeze_share > 0.2, "{preset}: {}", s.summary.freeze_share);
        assert!(s.summary.freeze_weeks_p50.unwrap() > 4);
        assert!(s.collapse.share < s.summary.freeze_share, "{preset}: freezes counted as collapses");
    }
}

/// Feature overload acts (emergent from the overload terms, swept as a user
/// would): in b2b-saas, turning its strength up from 0 to 3 costs
/// feature-first features and users, and changes nothing below the threshold.
#[test]
fn emergent_feature_overload_slows_work_and_costs_users() {
    let with = |strength: f64| {
        let text = format!(r#"{{"params":{{"overload_slowdown":{strength},"overload_churn":{strength}}}}}"#);
        let mut o = overrides("b2b-saas", 400);
        o.strategies = Some(vec!["feature-first".into()]);
        run(scenario(Some(&text), o)).strategies.remove(0)
    };
    let (none, strong) = (with(0.0), with(3.0));
    let features = |s: &velocity_cliff::result::StrategyResult| s.summary.features_p50;
    assert!(
        features(&strong) < 0.95 * features(&none),
        "{} vs {}",
        features(&strong),
        features(&none)
    );
    assert!(strong.series.users.mean.last() < none.series.users.mean.last());
    // Before anyone reaches the threshold, the two are the same run for run.
    assert_eq!(strong.series.velocity.p50[..52], none.series.velocity.p50[..52]);
}
