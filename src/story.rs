//! One company's story: a single run of one strategy, week by week, with
//! the values a team follows in a workshop round (velocity, users, team,
//! debt and its interest, the capacity lost to incidents, cash, runway, a
//! rewrite under way) and when it collapsed or ran out of cash.
//!
//! It is the same run the Monte Carlo simulates under that run index: the
//! same parameter set, shocks and collapse rule (`Simulation::run_recording`
//! sets a run up the same way), so a story's collapse and out-of-cash weeks
//! are those of the run in any result. Unlike a result, it keeps every
//! week's exact values rather than their percentile summary.

use crate::collapse::CollapseTracker;
use crate::model::{Derived, RunState};
use crate::rng::{Draws, Exogenous};
use crate::scenario::Scenario;
use serde::Serialize;

/// Index of the smoothed "1 − unplanned work" factor in `Week::factors`:
/// the share of capacity left after incidents.
const UNPLANNED_FACTOR: usize = 6;

/// One run of one strategy, week by week (index 0 = week 1).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Story {
    pub strategy: String,
    pub run: u64,
    pub weeks: u32,
    /// Smoothed velocity (feature points a week), as collapse is judged on.
    pub velocity: Vec<f64>,
    pub users: Vec<f64>,
    pub team: Vec<f64>,
    pub debt: Vec<f64>,
    /// Share of capacity lost to debt interest.
    pub debt_interest: Vec<f64>,
    /// Share of capacity lost to incidents (unplanned work), smoothed like velocity.
    pub incident_loss: Vec<f64>,
    pub cash: Vec<f64>,
    pub runway_months: Vec<f64>,
    /// A rewrite is under way this week.
    pub rewrite: Vec<bool>,
    pub features: Vec<f64>,
    pub collapse_week: Option<u32>,
    pub out_of_cash_week: Option<u32>,
}

/// The story of run `run` under the scenario's strategy `strategy` (an index
/// that must be in range: the caller picks it from the scenario).
pub fn story(sc: &Scenario, strategy: usize, run: u64) -> Story {
    let weeks = sc.weeks as usize;
    let base = Derived::new(&sc.params, sc.collapse.smoothing);
    let drawn = sc.run_params(run).map(|p| (p, Derived::new(&p, sc.collapse.smoothing)));
    let mut exo = Exogenous::default();
    match &drawn {
        // A drawn set lies in the allowed ranges, which every distribution accepts.
        Some((p, _)) => exo.draw(sc.seed, run, weeks, &Draws::new(p).unwrap_or(sc.draws)),
        None => exo.draw(sc.seed, run, weeks, &sc.draws),
    }
    let (params, derived) = match &drawn {
        Some((p, d)) => (p, d),
        None => (&sc.params, &base),
    };
    let s = &sc.strategies[strategy];
    let mut state = RunState::new(params, derived);
    let mut tracker = CollapseTracker::new(sc.collapse);
    let mut out = Story {
        strategy: s.id.clone(),
        run,
        weeks: sc.weeks,
        velocity: Vec::with_capacity(weeks),
        users: Vec::with_capacity(weeks),
        team: Vec::with_capacity(weeks),
        debt: Vec::with_capacity(weeks),
        debt_interest: Vec::with_capacity(weeks),
        incident_loss: Vec::with_capacity(weeks),
        cash: Vec::with_capacity(weeks),
        runway_months: Vec::with_capacity(weeks),
        rewrite: Vec::with_capacity(weeks),
        features: Vec::with_capacity(weeks),
        collapse_week: None,
        out_of_cash_week: None,
    };
    for w in 0..weeks {
        let week = state.step(params, derived, s, &exo, w);
        if week.out_of_cash {
            out.out_of_cash_week.get_or_insert(w as u32 + 1);
        } else {
            tracker.observe(w as u32 + 1, week.smoothed, &week.factors, week.frozen);
        }
        out.velocity.push(week.smoothed);
        out.users.push(week.users);
        out.team.push(week.team);
        out.debt.push(week.debt);
        out.debt_interest.push(week.interest_share);
        out.incident_loss.push(if week.out_of_cash {
            0.0
        } else {
            1.0 - week.factors[UNPLANNED_FACTOR]
        });
        out.cash.push(week.cash);
        out.runway_months.push(week.runway_months);
        out.rewrite.push(week.frozen);
        out.features.push(week.features);
    }
    out.collapse_week = tracker.collapse_week;
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::monte_carlo::Simulation;
    use crate::result::SimulationResult;
    use crate::Overrides;
    use serde_json::json;

    /// A rewrite abandoned halfway is under way until the week before the
    /// abandon only, and the strategy's next rewrite waits the cooldown.
    #[test]
    fn an_abandoned_rewrite_stops_in_its_week() {
        let from = |w: usize, action: &str| json!({"when": {"observe": "week", "op": "at_least", "value": w}, "do": [{"action": action}]});
        let run = |rules: Vec<serde_json::Value>| {
            let file = json!({"preset": "marketplace", "uncertainty": "shocks", "seed": 3, "runs": 1, "weeks": 200,
                "strategies": [{"id": "s", "base": "feature-first", "rules": rules}]});
            let sc = Scenario::resolve(Some(&file), &Overrides::default()).unwrap();
            (story(&sc, 0, 0), sc)
        };
        // Without an abandon: the rewrite asked for in week 30 is under way in weeks [first, end).
        let (whole, _) = run(vec![from(30, "start_rewrite")]);
        let first = whole.rewrite.iter().position(|&r| r).unwrap();
        let end = first + whole.rewrite[first..].iter().position(|&r| !r).unwrap();
        assert!(end - first >= 4, "a rewrite of {} weeks", end - first);
        let mid = (first + end) / 2;
        // Abandoned in the week of index `mid` (week mid + 1), asked for again right after.
        let (cut, sc) = run(vec![
            from(30, "start_rewrite"),
            from(mid + 1, "abandon_rewrite"),
            from(mid + 2, "start_rewrite"),
        ]);
        assert_eq!(
            sc.strategies[0].rules[1].text(),
            format!(
                "When the week is at least {}: abandon the rewrite under way, from then on.",
                mid + 1
            )
        );
        assert_eq!(&cut.rewrite[..mid], &whole.rewrite[..mid], "the same until the abandon");
        assert!(
            cut.rewrite[mid..mid + 52].iter().all(|&r| !r),
            "back on the old system for the cooldown"
        );
        // The next rewrite starts once the cooldown has passed (unless the cash ran out first).
        let broke = cut.out_of_cash_week.is_some_and(|w| w as usize <= mid + 53);
        assert!(
            cut.rewrite[mid + 52] || broke,
            "the next rewrite starts once the cooldown has passed"
        );
    }

    /// A one-run result of run 0 and the story of run 0 tell the same ending.
    #[test]
    fn a_story_is_run_zero_of_the_simulation() {
        for (preset, uncertainty, seed) in [
            ("b2b-saas", "parameters", 7u64),
            ("marketplace", "shocks", 3),
            ("media-app", "parameters", 11),
            ("data-platform", "parameters", 5),
        ] {
            let file = json!({"preset": preset, "uncertainty": uncertainty, "seed": seed, "runs": 1, "weeks": 260});
            let sc = Scenario::resolve(Some(&file), &Overrides::default()).unwrap();
            let sim = Simulation::new(sc.clone());
            let result = SimulationResult::finish(&sim.run_all(), &sim.scenario);
            let r: serde_json::Value = serde_json::from_str(&result.to_json()).unwrap();
            for (i, s) in sc.strategies.iter().enumerate() {
                let st = story(&sc, i, 0);
                let strat = &r["strategies"][i];
                let week = |v: &serde_json::Value| v.as_u64().map(|w| w as u32);
                assert_eq!(st.collapse_week, week(&strat["collapse"]["week_p50"]), "{preset} {}", s.id);
                assert_eq!(st.out_of_cash_week, week(&strat["cash"]["week_p50"]), "{preset} {}", s.id);
                assert_eq!(st.velocity.len(), 260);
                // The story's velocity is exact; the result's one-run percentile is its histogram bucket.
                let p50 = strat["series"]["velocity"]["p50"][100].as_f64().unwrap();
                let v = st.velocity[100];
                assert!((p50 - v).abs() <= 0.05 * v.abs() + 1e-9, "{preset} {}: {p50} vs {v}", s.id);
                assert!(st.incident_loss.iter().all(|x| (0.0..=0.9).contains(x)));
            }
        }
    }
}
