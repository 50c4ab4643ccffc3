//! Invariants, as property tests over random small scenarios.

use crate::run;
use proptest::prelude::*;
use velocity_cliff::collapse::CollapseRule;
use velocity_cliff::monte_carlo::Trends;
use velocity_cliff::scenario::UncertaintyMode;
use velocity_cliff::{simulate, Accumulator, Overrides, Scenario, Simulation, SimulationResult};

fn small_scenario() -> impl Strategy<Value = Scenario> {
    (
        prop::sample::select(vec!["b2b-saas", "data-platform", "marketplace", "media-app"]),
        1u64..60,
        any::<u64>(),
        1u64..80,
        0.05f64..0.95,
        1u64..8,
        1u64..20,
        any::<bool>(),
    )
        .prop_map(|(preset, runs, seed, weeks, threshold, window, smoothing, shocks_only)| {
            let o = Overrides {
                preset: Some(preset.into()),
                runs: Some(runs),
                seed: Some(seed),
                weeks: Some(weeks),
                threshold: Some(threshold),
                window: Some(window),
                smoothing: Some(smoothing),
                strategies: None,
                // Both modes: weekly shocks only, and uncertain parameters drawn per run.
                uncertainty: Some(if shocks_only {
                    UncertaintyMode::Shocks
                } else {
                    UncertaintyMode::Parameters
                }),
            };
            Scenario::resolve(None, &o).unwrap()
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn results_are_internally_consistent(sc in small_scenario()) {
        let runs = sc.runs;
        let r = run(sc);
        for s in &r.strategies {
            let x = &s.series;
            for bands in [&x.velocity, &x.users, &x.team, &x.debt, &x.features, &x.revenue, &x.burn, &x.cash, &x.runway] {
                for w in 0..r.weeks as usize {
                    let q = [bands.p10[w], bands.p25[w], bands.p50[w], bands.p75[w], bands.p90[w]];
                    prop_assert!(q.windows(2).all(|x| x[0] <= x[1]), "percentiles ordered: {q:?}");
                    prop_assert!(q.iter().all(|x| x.is_finite() && *x >= 0.0));
                }
            }
            prop_assert!(s.collapse.survival.windows(2).all(|x| x[0] >= x[1]), "survival non-increasing");
            let collapsed: u64 = s.collapse.histogram.iter().sum();
            prop_assert!(collapsed <= runs);
            prop_assert!((s.collapse.share as f64 - collapsed as f64 / runs as f64).abs() < 1e-6);
            prop_assert!((s.collapse.survival.last().copied().unwrap() as f64 - (1.0 - s.collapse.share as f64)).abs() < 1e-6);
            for p in &s.paired {
                prop_assert!((p.win + p.tie + p.loss - 1.0).abs() < 1e-5);
            }
            prop_assert_eq!(s.samples.len() as u64, runs.min(20));
            // Every run has one outcome; the shares of a collapse add up to one.
            let o = &s.outcomes;
            prop_assert!((o.healthy + o.recovered + o.collapsed + o.out_of_cash + o.frozen - 1.0).abs() < 1e-5, "{o:?}");
            prop_assert!((o.out_of_cash - s.cash.share).abs() < 1e-6);
            prop_assert!(s.cash.survival.windows(2).all(|x| x[0] >= x[1]), "funded survival non-increasing");
            for (both, (healthy, funded)) in s.collapse.survival_both.iter().zip(s.collapse.survival.iter().zip(&s.cash.survival)) {
                prop_assert!(both <= healthy && both <= funded);
            }
            if let Some(w) = &s.why {
                let total = w.team_size + w.onboarding + w.coordination + w.debt_interest + w.size_drag
                    + w.overload + w.unplanned_work + w.allocation + w.noise;
                prop_assert!((total - 1.0).abs() < 1e-3, "why shares sum to {total}");
            }
        }
        // Paired comparisons are antisymmetric.
        for a in &r.strategies {
            for pa in &a.paired {
                let b = r.strategies.iter().find(|s| s.id == pa.against).unwrap();
                let pb = b.paired.iter().find(|p| p.against == a.id).unwrap();
                prop_assert_eq!(pa.win, pb.loss);
                prop_assert_eq!(pa.tie, pb.tie);
            }
        }
    }

    #[test]
    fn any_split_of_the_runs_gives_the_same_bytes(sc in small_scenario(), cut in 0.0f64..1.0) {
        let whole = run(sc.clone()).to_json();
        let sim = Simulation::new(sc);
        let runs = sim.scenario.runs;
        let k = (cut * runs as f64) as u64;
        // Later part first, through bytes, as Web Workers would hand them over.
        let mut acc = Accumulator::from_bytes(&sim.run_range(k..runs).to_bytes(), &sim.scenario).unwrap();
        acc.merge(&Accumulator::from_bytes(&sim.run_range(0..k).to_bytes(), &sim.scenario).unwrap());
        prop_assert_eq!(whole, SimulationResult::finish(&acc, &sim.scenario).to_json());
    }

    /// Runs simulated under one collapse rule and judged again under
    /// another from their trends (in two ranges, as two workers would hold
    /// them) give the bytes of simulating under the other rule.
    #[test]
    fn runs_judged_again_under_another_threshold_and_window_give_its_bytes(
        sc in small_scenario(),
        threshold in 0.05f64..0.95,
        window in 1u32..8,
        cut in 0.0f64..1.0,
    ) {
        let sim = Simulation::new(sc.clone());
        let runs = sim.scenario.runs;
        let k = (cut * runs as f64) as u64;
        let mut other = sc;
        other.collapse = CollapseRule { threshold, window, ..other.collapse };
        prop_assert!(other.same_runs_as(&sim.scenario) && sim.scenario.same_runs_as(&other));
        let mut base = Accumulator::new(&sim.scenario);
        let mut parts = Vec::new();
        for range in [k..runs, 0..k] {
            let (mut acc, mut trends) = (Accumulator::new(&sim.scenario), Trends::new(&sim.scenario));
            sim.run_trends(&mut acc, range.clone(), &mut trends);
            // Recording the trends changes nothing the runs add up to.
            prop_assert_eq!(acc.to_bytes(), sim.run_range(range).to_bytes());
            base.merge(&acc);
            // Through bytes, as a worker sends them.
            let part = trends.judge(&other);
            prop_assert_eq!(part.runs, trends.runs());
            parts.push(Accumulator::judged_from_bytes(&part.judged_to_bytes(), &other).unwrap());
        }
        let mut judged = base.without_judged();
        for part in &parts {
            judged.add_judged(part);
        }
        let expected = Simulation::new(other.clone()).run_all();
        prop_assert_eq!(judged.to_bytes(), expected.to_bytes());
        prop_assert_eq!(SimulationResult::finish(&judged, &other).to_json(), run(other).to_json());
    }

    #[test]
    fn the_same_seed_gives_the_same_bytes_and_another_seed_differs(sc in small_scenario()) {
        let a = run(sc.clone()).to_json();
        prop_assert_eq!(&a, &run(sc.clone()).to_json());
        let mut other = sc;
        other.seed = other.seed.wrapping_add(1);
        other.runs = other.runs.max(5);
        other.weeks = other.weeks.max(10);
        let mut base = other.clone();
        base.seed = base.seed.wrapping_sub(1);
        prop_assert_ne!(run(base).to_json(), run(other).to_json());
    }

    #[test]
    fn accumulator_bytes_reject_garbage(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let sc = Scenario::default();
        prop_assert!(Accumulator::from_bytes(&bytes, &sc).is_none());
    }
}

#[test]
fn one_thread_gives_the_same_bytes_as_many() {
    let o = Overrides {
        runs: Some(1500),
        weeks: Some(120),
        seed: Some(99),
        ..Default::default()
    };
    let scenario = Scenario::resolve(None, &o).unwrap();
    let on = |threads| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        simulate(scenario.clone(), |sim| {
            pool.install(|| velocity_cliff::parallel::run_all(sim, &|_| {}))
        })
        .to_json()
    };
    let one = on(1);
    assert_eq!(one, on(2));
    assert_eq!(one, on(5));
    assert_eq!(one, run(scenario).to_json());
}

#[test]
fn common_random_numbers_pair_the_strategies() {
    // The same strategy listed under two ids sees the same draws, run by run:
    // every paired comparison is a tie.
    let text = r#"{"strategies":["feature-first",{"id":"twin","base":"feature-first"}],"runs":200,"weeks":150}"#;
    let r = run(Scenario::from_json(text, &Overrides::default()).unwrap());
    assert_eq!(r.strategies[0].paired[0].tie, 1.0);
    assert_eq!(r.strategies[0].series.velocity.p50, r.strategies[1].series.velocity.p50);
}

mod sensitivity {
    use super::*;
    use velocity_cliff::params::PARAM_SPECS;
    use velocity_cliff::sensitivity::{Analysis, Cell, Request};

    fn analysis(text: &str, measure: &str, versus: &[&str], top: u64) -> Analysis {
        let sc = Scenario::from_json(text, &Overrides::default()).unwrap();
        let pair: Vec<String> = versus.iter().map(|s| s.to_string()).collect();
        let request = if pair.len() == 1 {
            Request::new(measure, Some(&pair[0]), None, Some(top), "--")
        } else {
            Request::new(measure, None, Some(&pair), Some(top), "--")
        };
        Analysis::new(&sc, request.unwrap(), "--").unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 8, .. ProptestConfig::default() })]

        /// A cell with a parameter at the scenario's own value is the base,
        /// byte for byte, whichever parameter it is.
        #[test]
        fn a_parameter_at_its_value_gives_the_base(
            preset in prop::sample::select(vec!["b2b-saas", "data-platform", "marketplace", "media-app"]),
            seed in any::<u64>(),
            pick in 0usize..1000,
        ) {
            let text = format!(r#"{{"preset":"{preset}","seed":"{seed}","runs":12,"weeks":60}}"#);
            let a = analysis(&text, "features", &["feature-first", "controlled-evolution"], 3);
            let i = a.candidates[pick % a.candidates.len()];
            let value = a.base.params.to_array()[i];
            let at = a.chunk(Cell::At { param: Some(i), value }, 0..12).unwrap();
            prop_assert_eq!(at, a.chunk(Cell::BASE, 0..12).unwrap());
            // And a value elsewhere in its range is a different scenario.
            let (low, high) = PARAM_SPECS[i].plausible(value);
            prop_assert!(low < high);
        }

        /// A parameter set to its catalogue default in the file: the cell
        /// at the default is the base, byte for byte (the tornado's base is
        /// every parameter at its value).
        #[test]
        fn a_tornado_cell_at_a_parameters_default_is_the_base(
            preset in prop::sample::select(vec!["b2b-saas", "data-platform", "marketplace", "media-app"]),
            seed in any::<u64>(),
            pick in 0usize..1000,
        ) {
            let probe = analysis(&format!(r#"{{"preset":"{preset}","runs":4,"weeks":20}}"#), "users", &["feature-first"], 2);
            let i = probe.candidates[pick % probe.candidates.len()];
            let spec = &PARAM_SPECS[i];
            let text = format!(
                r#"{{"preset":"{preset}","seed":"{seed}","runs":10,"weeks":52,"params":{{"{}":{}}},"fixed":[]}}"#,
                spec.name, spec.default
            );
            let a = analysis(&text, "features", &["feature-first", "scale-early"], 2);
            prop_assert_eq!(a.base.params.to_array()[i], spec.default);
            let at = a.chunk(Cell::At { param: Some(i), value: spec.default }, 0..10).unwrap();
            prop_assert_eq!(at, a.chunk(Cell::BASE, 0..10).unwrap());
        }

        /// Whatever the preset, seed and outcome, the tornado's bars are in
        /// order of swing, each swing the distance between its two ends.
        #[test]
        fn tornado_swings_are_ordered(
            preset in prop::sample::select(vec!["b2b-saas", "data-platform", "marketplace", "media-app"]),
            outcome in prop::sample::select(vec!["collapse-week", "healthy", "out-of-cash", "features", "users"]),
            seed in any::<u64>(),
        ) {
            let text = format!(r#"{{"preset":"{preset}","seed":"{seed}","runs":16,"weeks":52}}"#);
            let report = analysis(&text, outcome, &["feature-first", "controlled-evolution"], 4).run().unwrap();
            prop_assert!(!report.tornado.is_empty());
            prop_assert!(report.tornado.windows(2).all(|w| w[0].swing >= w[1].swing), "{:?}", report.tornado);
            for bar in &report.tornado {
                prop_assert_eq!(bar.swing, (bar.outcome_high - bar.outcome_low).abs());
            }
        }

        /// Any split of a cell's runs into chunks reduces to the same outcome.
        #[test]
        fn any_split_of_a_cell_gives_the_same_outcome(seed in any::<u64>(), cut in 0u64..=30) {
            let text = format!(r#"{{"seed":"{seed}","runs":30,"weeks":50}}"#);
            let a = analysis(&text, "users", &["scale-early"], 2);
            let i = a.candidates[0];
            let cell = Cell::At { param: Some(i), value: PARAM_SPECS[i].plausible(a.base.params.to_array()[i]).1 };
            let whole = a.reduce(cell, &[a.chunk(cell, 0..30).unwrap()]).unwrap();
            let parts = [a.chunk(cell, 0..cut).unwrap(), a.chunk(cell, cut..30).unwrap()];
            prop_assert_eq!(&whole, &a.reduce(cell, &parts).unwrap());
            let ranking = a.reduce(Cell::Ranking, &[a.chunk(Cell::Ranking, 0..30).unwrap()]).unwrap();
            let parts = [a.chunk(Cell::Ranking, 0..cut).unwrap(), a.chunk(Cell::Ranking, cut..30).unwrap()];
            prop_assert_eq!(ranking, a.reduce(Cell::Ranking, &parts).unwrap());
        }
    }

    #[test]
    fn the_tornado_is_sorted_by_swing_and_bars_span_their_ranges() {
        let a = analysis(
            r#"{"runs":60,"weeks":104}"#,
            "healthy",
            &["controlled-evolution", "feature-first"],
            6,
        );
        let report = a.run().unwrap();
        assert_eq!(report.tornado.len(), 6);
        assert!(report.tornado.windows(2).all(|w| w[0].swing >= w[1].swing), "{:?}", report.tornado);
        for bar in &report.tornado {
            assert!(bar.low <= bar.value && bar.value <= bar.high && bar.low < bar.high, "{bar:?}");
            assert_eq!(bar.swing, (bar.outcome_high - bar.outcome_low).abs());
        }
        // The tornado's parameters are the top of the ranking.
        let top: Vec<&str> = report.ranking.iter().take(6).map(|r| r.param).collect();
        assert!(report.tornado.iter().all(|b| top.contains(&b.param)));
        assert_eq!(report.ranking.len(), a.candidates.len());
        assert_eq!(report.ranking_runs, 60);
        assert!(!report.sentences.is_empty());
    }

    #[test]
    fn one_thread_gives_the_same_report_as_many() {
        let a = analysis(
            r#"{"runs":700,"weeks":80,"seed":3}"#,
            "collapse-week",
            &["hypergrowth-hiring", "scale-early"],
            4,
        );
        let on = |threads| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            pool.install(|| velocity_cliff::parallel::sensitivity(&a)).unwrap().to_json()
        };
        let one = on(1);
        assert_eq!(one, on(3));
        assert_eq!(one, a.run().unwrap().to_json());
    }

    #[test]
    fn a_switch_point_lies_where_the_preference_changes() {
        // In data-platform, whether rebuilding beats ignoring the structure
        // depends on how fast debt compounds: the decision flips inside the ranges.
        let a = analysis(
            r#"{"preset":"data-platform","runs":200,"weeks":156,"seed":11}"#,
            "healthy",
            &["feature-first", "big-rewrite"],
            12,
        );
        let report = a.run().unwrap();
        assert!(!report.switch_points.is_empty());
        assert!(report.sentences.iter().any(|s| s.contains(" unless ")), "{:?}", report.sentences);
        for s in &report.switch_points {
            let i = PARAM_SPECS.iter().position(|p| p.name == s.param).unwrap();
            let bar = report.tornado.iter().find(|b| b.param == s.param).unwrap();
            assert!(bar.low <= s.value && s.value <= bar.high, "{s:?}");
            assert_ne!(s.below, s.above);
            // Re-check on either side of the point: the preference is as stated.
            let pref = |v: f64| {
                let cell = Cell::At { param: Some(i), value: v };
                match a.reduce(cell, &[a.chunk(cell, 0..200).unwrap()]).unwrap() {
                    velocity_cliff::sensitivity::Reduced::Outcome(o) => o,
                    _ => unreachable!(),
                }
            };
            let (lo, hi) = (pref(bar.low), pref(bar.high));
            let who = |o: f64| {
                if o > 0.0 {
                    Some("feature-first")
                } else if o < 0.0 {
                    Some("big-rewrite")
                } else {
                    None
                }
            };
            if s.value < bar.value {
                assert_eq!(who(lo).map(String::from), s.below, "{s:?}");
            } else {
                assert_eq!(who(hi).map(String::from), s.above, "{s:?}");
            }
        }
    }
}

/// The strategies of `sc` picked by `keep` (indices, in that order).
fn with_strategies(sc: &Scenario, keep: &[usize]) -> Scenario {
    Scenario {
        strategies: keep.iter().map(|&i| sc.strategies[i].clone()).collect(),
        ..sc.clone()
    }
}

/// The result of `sub` read off the runs of `whole`, without simulating (as
/// the page does when strategies are unticked after a result).
fn picked(whole: &Scenario, sub: &Scenario) -> Option<SimulationResult> {
    let picks = sub.picks_from(whole)?;
    let acc = Simulation::new(whole.clone()).run_all();
    Some(SimulationResult::finish(&acc.pick(&picks), sub))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    /// Some of a scenario's strategies, in any order, read off its runs give
    /// the bytes of simulating those strategies alone.
    #[test]
    fn some_strategies_read_off_the_runs_of_all_are_the_result_of_those_strategies(
        sc in small_scenario(),
        keep in prop::sample::subsequence((0..5).collect::<Vec<usize>>(), 1..=5),
        order in any::<prop::sample::Index>(),
    ) {
        prop_assume!(sc.strategies.len() == 5);
        let mut keep = keep;
        let turn = order.index(keep.len());
        keep.rotate_left(turn);
        if turn % 2 == 1 {
            keep.reverse();
        }
        let sub = with_strategies(&sc, &keep);
        prop_assert_eq!(sub.picks_from(&sc), Some(keep.clone()));
        prop_assert_eq!(picked(&sc, &sub).map(|r| r.to_json()), Some(run(sub).to_json()), "strategies {:?}", keep);
    }
}

#[test]
fn only_a_choice_of_a_scenarios_own_strategies_is_read_off_its_runs() {
    let o = Overrides {
        preset: Some("b2b-saas".into()),
        runs: Some(12),
        weeks: Some(30),
        ..Overrides::default()
    };
    let sc = Scenario::resolve(None, &o).unwrap();
    // With a calibration: each strategy's fit goes with it.
    let csv = "week,delivered\n1,10\n2,12\n3,9\n4,14\n5,13\n6,15\n7,11\n8,16\n";
    let calibrated = Scenario {
        calibration: Some(velocity_cliff::calibration::Throughput::from_csv(csv).unwrap()),
        ..sc.clone()
    };
    let sub = with_strategies(&calibrated, &[3, 0]);
    let read = picked(&calibrated, &sub).unwrap();
    assert!(read.calibration.is_some());
    assert_eq!(read.to_json(), run(sub).to_json());

    let first_two = with_strategies(&sc, &[0, 1]);
    assert_eq!(with_strategies(&sc, &[1]).picks_from(&first_two), Some(vec![1]));
    // A strategy the first two do not hold; one twice; none.
    for sub in [
        with_strategies(&sc, &[0, 2]),
        with_strategies(&sc, &[1, 1]),
        with_strategies(&sc, &[]),
    ] {
        assert_eq!(sub.picks_from(&first_two), None);
    }
    // Anything else changed: the seed, the runs, a parameter, a strategy's settings.
    let mut coupling = first_two.clone();
    coupling.params.coupling *= 1.5;
    let mut lever = first_two.clone();
    lever.strategies[0].levers.refactor_share = if lever.strategies[0].levers.refactor_share > 0.4 {
        0.1
    } else {
        0.5
    };
    for changed in [
        Scenario {
            seed: sc.seed + 1,
            ..first_two.clone()
        },
        Scenario {
            runs: 11,
            ..first_two.clone()
        },
        coupling,
        lever,
    ] {
        assert_eq!(with_strategies(&changed, &[0]).picks_from(&first_two), None);
    }
}
