//! The stylized facts of MODEL.md, as statistical tests with stated tolerances.

use crate::{run, scenario};
use velocity_cliff::model::{Derived, RunState};
use velocity_cliff::rng::Exogenous;
use velocity_cliff::strategy::builtin;
use velocity_cliff::Overrides;

fn overrides(preset: &str, runs: u64) -> Overrides {
    Overrides {
        preset: Some(preset.into()),
        runs: Some(runs),
        seed: Some(2024),
        ..Default::default()
    }
}

/// Fact 1: unmanaged codebases lose 23–42 % of capacity to debt interest by
/// year 3 of `b2b-saas` (the median over 400 runs at week 156).
#[test]
fn feature_first_loses_23_to_42_percent_to_debt_by_year_three() {
    let sc = scenario(None, overrides("b2b-saas", 400));
    let d = Derived::new(&sc.params);
    let s = builtin("feature-first").unwrap();
    let mut exo = Exogenous::default();
    let mut shares: Vec<f64> = (0..400)
        .map(|run| {
            exo.draw(sc.seed, run, 156, sc.params.user_noise, sc.params.hiring_noise);
            let mut state = RunState::new(&sc.params);
            (0..156)
                .map(|w| state.step(&sc.params, &d, &s, &exo, w).interest_share)
                .last()
                .unwrap()
        })
        .collect();
    shares.sort_by(f64::total_cmp);
    let median = shares[200];
    assert!((0.23..=0.42).contains(&median), "median interest share at week 156: {median}");
}

/// Fact 2: a hiring burst lowers velocity for some weeks before it raises it
/// (Brooks). Noise-free team of 8; 8 hires join at week 0 in one run only.
#[test]
fn a_hiring_burst_lowers_velocity_before_raising_it() {
    let mut sc = scenario(None, overrides("marketplace", 1));
    let p = &mut sc.params;
    p.initial_engineers = 8.0;
    p.noise_base = 0.0;
    p.noise_debt = 0.0;
    p.attrition_per_year = 0.0;
    p.load_incident_rate = 0.0;
    p.change_failure_rate = 0.0;
    p.debt_per_feature = 0.0;
    p.debt_contagion = 0.0;
    let d = Derived::new(&sc.params);
    let mut s = builtin("feature-first").unwrap();
    s.hire_per_week = 0.0;
    let mut exo = Exogenous::default();
    exo.draw(1, 0, 60, 0.0, 0.0);
    let trace = |burst: bool| {
        let mut state = RunState::new(&sc.params);
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

/// Fact 5: controlled evolution stays healthy longer than feature-first
/// (mean weeks before collapse, survivors counted to the horizon) in at least
/// three of the four presets; and it ships less early.
#[test]
fn controlled_evolution_outlasts_feature_first_in_most_presets() {
    let mut wins = Vec::new();
    for preset in ["b2b-saas", "data-platform", "marketplace", "media-app"] {
        let mut o = overrides(preset, 400);
        o.strategies = Some(vec!["feature-first".into(), "controlled-evolution".into()]);
        let r = run(scenario(None, o));
        let (ff, ce) = (&r.strategies[0].summary, &r.strategies[1].summary);
        if ce.mean_healthy_weeks > ff.mean_healthy_weeks {
            wins.push(preset);
        }
        if preset == "marketplace" {
            let early = |i: usize| r.strategies[i].series.features.p50[25];
            assert!(
                early(1) < early(0),
                "controlled evolution ships less by week 26: {} vs {}",
                early(1),
                early(0)
            );
        }
    }
    assert!(wins.len() >= 3, "controlled evolution outlasted feature-first only in {wins:?}");
}

/// Fact 4: about one rewrite in six overruns its plan by 70 % or more.
/// 2,000 runs give ~2,000 rewrites: binomial standard error 0.008; tolerance ±0.045.
#[test]
fn about_one_rewrite_in_six_overruns_by_seventy_percent() {
    let mut o = overrides("marketplace", 2000);
    o.strategies = Some(vec!["big-rewrite".into()]);
    let r = run(scenario(None, o));
    let s = &r.strategies[0].summary;
    assert!(s.rewrites_per_run > 0.5, "rewrites happen: {}", s.rewrites_per_run);
    let share = s.rewrite_overrun_share.unwrap();
    assert!((share - 1.0 / 6.0).abs() < 0.045, "share overrunning by ≥ 70 %: {share}");
}

/// Fact 6: scale-early spends more engineer-weeks per user in the first year.
#[test]
fn scale_early_spends_more_engineer_weeks_per_user_in_year_one() {
    for preset in ["b2b-saas", "marketplace", "media-app"] {
        let mut o = overrides(preset, 300);
        o.weeks = Some(52);
        o.strategies = Some(vec!["feature-first".into(), "scale-early".into()]);
        let r = run(scenario(None, o));
        let cost = |i: usize| r.strategies[i].summary.engineer_weeks_p50 / r.strategies[i].summary.final_users_p50;
        assert!(cost(1) > 1.1 * cost(0), "{preset}: {} vs {}", cost(1), cost(0));
    }
}

/// A feature freeze is a collapse of feature velocity; a rewrite that pays
/// off shows as recovery.
#[test]
fn rewrites_collapse_and_mostly_recover() {
    let mut o = overrides("marketplace", 300);
    o.strategies = Some(vec!["big-rewrite".into()]);
    let r = run(scenario(None, o));
    let s = &r.strategies[0].summary;
    assert!(s.collapsed_share > 0.8, "{}", s.collapsed_share);
    assert!(s.recovered_share.unwrap() > 0.5, "{:?}", s.recovered_share);
}
