//! The one result type every front serialises: the JSON the CLI prints, the
//! object the page charts, and the CSV of weekly percentiles.

use crate::monte_carlo::{Accumulator, METRICS};
use crate::scenario::Scenario;
use crate::MODEL_VERSION;
use serde::Serialize;

const PERCENTILES: [f64; 5] = [0.10, 0.25, 0.50, 0.75, 0.90];

/// Percentile bands of one metric, one value per week.
#[derive(Debug, Clone, Serialize)]
pub struct Bands {
    pub p10: Vec<f32>,
    pub p25: Vec<f32>,
    pub p50: Vec<f32>,
    pub p75: Vec<f32>,
    pub p90: Vec<f32>,
    pub mean: Vec<f32>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Series {
    pub velocity: Bands,
    pub users: Bands,
    pub team: Bands,
    pub debt: Bands,
    pub features: Bands,
}

#[derive(Debug, Clone, Serialize)]
pub struct Collapse {
    /// Share of runs that collapsed within the horizon.
    pub share: f32,
    /// The week by which 10 / 50 / 90 % of runs had collapsed; null when fewer did.
    pub week_p10: Option<u32>,
    pub week_p50: Option<u32>,
    pub week_p90: Option<u32>,
    /// Share of runs not yet collapsed at the end of each week.
    pub survival: Vec<f32>,
    /// Runs collapsing in each week.
    pub histogram: Vec<u64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub collapsed_share: f32,
    pub collapse_week_p50: Option<u32>,
    /// Share of collapsed runs whose velocity came back above the line for a whole window.
    pub recovered_share: Option<f32>,
    /// Median weeks spent collapsed, over collapsed runs.
    pub median_weeks_collapsed: Option<u32>,
    /// Mean weeks before collapse, survivors counted to the horizon.
    pub mean_healthy_weeks: f32,
    pub features_p50: f32,
    pub final_users_p50: f32,
    pub final_team_p50: f32,
    pub engineer_weeks_p50: f32,
    pub rewrites_per_run: f32,
    /// Share of rewrites that took at least 1.7× their plan.
    pub rewrite_overrun_share: Option<f32>,
}

/// P(this strategy stays healthy longer than `against`) over paired runs.
#[derive(Debug, Clone, Serialize)]
pub struct Paired {
    pub against: String,
    pub win: f32,
    pub tie: f32,
    pub loss: f32,
}

#[derive(Debug, Clone, Serialize)]
pub struct StrategyResult {
    pub id: String,
    pub label: String,
    pub collapse: Collapse,
    pub series: Series,
    /// Velocity traces of runs 0, 1, 2, ... (at most 20).
    pub samples: Vec<Vec<f32>>,
    pub summary: Summary,
    pub paired: Vec<Paired>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SimulationResult {
    pub model_version: &'static str,
    pub seed: u64,
    pub runs: u64,
    pub weeks: u32,
    pub scenario: serde_json::Value,
    pub strategies: Vec<StrategyResult>,
}

fn share(count: u64, of: u64) -> f32 {
    if of == 0 {
        0.0
    } else {
        (count as f64 / of as f64) as f32
    }
}

/// The week by which a share `p` of `runs` had collapsed.
fn collapse_percentile(histogram: &[u64], runs: u64, p: f64) -> Option<u32> {
    let need = ((p * runs as f64).ceil() as u64).max(1);
    let mut seen = 0;
    for (i, &c) in histogram.iter().enumerate() {
        seen += c;
        if seen >= need {
            return Some(i as u32 + 1);
        }
    }
    None
}

impl SimulationResult {
    /// Turns an accumulator into the result. The scenario in the result says
    /// `runs` = the runs accumulated, so it reproduces exactly this result.
    pub fn finish(acc: &Accumulator, scenario: &Scenario) -> SimulationResult {
        let weeks = acc.weeks;
        let runs = acc.runs;
        let mut resolved = scenario.clone();
        resolved.runs = runs;
        let strategies = scenario
            .strategies
            .iter()
            .zip(&acc.strategies)
            .map(|(s, t)| {
                let bands = |m: usize| {
                    let mut b = Bands {
                        p10: vec![],
                        p25: vec![],
                        p50: vec![],
                        p75: vec![],
                        p90: vec![],
                        mean: vec![],
                    };
                    for h in &t.series[m * weeks..(m + 1) * weeks] {
                        let q = h.quantiles(PERCENTILES);
                        b.p10.push(q[0] as f32);
                        b.p25.push(q[1] as f32);
                        b.p50.push(q[2] as f32);
                        b.p75.push(q[3] as f32);
                        b.p90.push(q[4] as f32);
                        b.mean.push(h.mean() as f32);
                    }
                    b
                };
                let series = Series {
                    velocity: bands(0),
                    users: bands(1),
                    team: bands(2),
                    debt: bands(3),
                    features: bands(4),
                };
                let collapsed: u64 = t.collapse_weeks.iter().sum();
                let mut left = runs;
                let survival = t
                    .collapse_weeks
                    .iter()
                    .map(|c| {
                        left -= c;
                        share(left, runs)
                    })
                    .collect();
                let collapse = Collapse {
                    share: share(collapsed, runs),
                    week_p10: collapse_percentile(&t.collapse_weeks, runs, 0.1),
                    week_p50: collapse_percentile(&t.collapse_weeks, runs, 0.5),
                    week_p90: collapse_percentile(&t.collapse_weeks, runs, 0.9),
                    survival,
                    histogram: t.collapse_weeks.clone(),
                };
                let last = |b: &Bands| b.p50.last().copied().unwrap_or(0.0);
                let summary = Summary {
                    collapsed_share: collapse.share,
                    collapse_week_p50: collapse.week_p50,
                    recovered_share: (collapsed > 0).then(|| share(t.recovered, collapsed)),
                    median_weeks_collapsed: collapse_percentile(&t.weeks_collapsed, collapsed, 0.5).map(|i| i - 1),
                    mean_healthy_weeks: if runs == 0 {
                        0.0
                    } else {
                        (t.healthy_weeks_sum as f64 / runs as f64) as f32
                    },
                    features_p50: last(&series.features),
                    final_users_p50: last(&series.users),
                    final_team_p50: last(&series.team),
                    engineer_weeks_p50: t.engineer_weeks.quantiles([0.5])[0] as f32,
                    rewrites_per_run: share(t.rewrites, runs),
                    rewrite_overrun_share: (t.rewrites > 0).then(|| share(t.rewrites_overrun_badly, t.rewrites)),
                };
                let paired = scenario
                    .strategies
                    .iter()
                    .enumerate()
                    .filter(|(_, o)| o.id != s.id)
                    .map(|(oi, o)| {
                        let (win, tie) = (t.wins[oi], t.ties[oi]);
                        Paired {
                            against: o.id.clone(),
                            win: share(win, runs),
                            tie: share(tie, runs),
                            loss: share(runs - win - tie, runs),
                        }
                    })
                    .collect();
                StrategyResult {
                    id: s.id.clone(),
                    label: s.label.clone(),
                    collapse,
                    series,
                    samples: t.samples.iter().map(|(_, trace)| trace.clone()).collect(),
                    summary,
                    paired,
                }
            })
            .collect();
        SimulationResult {
            model_version: MODEL_VERSION,
            seed: scenario.seed,
            runs,
            weeks: weeks as u32,
            scenario: resolved.to_json(),
            strategies,
        }
    }

    /// The result as JSON text (the CLI's and the browser's shared contract).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a result always serialises")
    }

    /// One row per (strategy, metric, week) with the percentile columns.
    pub fn to_csv(&self) -> String {
        let mut out = String::from("strategy,metric,week,p10,p25,p50,p75,p90,mean\n");
        for s in &self.strategies {
            for metric in METRICS {
                let b = match metric {
                    "velocity" => &s.series.velocity,
                    "users" => &s.series.users,
                    "team" => &s.series.team,
                    "debt" => &s.series.debt,
                    _ => &s.series.features,
                };
                for w in 0..self.weeks as usize {
                    out.push_str(&format!(
                        "{},{},{},{},{},{},{},{},{}\n",
                        s.id,
                        metric,
                        w + 1,
                        b.p10[w],
                        b.p25[w],
                        b.p50[w],
                        b.p75[w],
                        b.p90[w],
                        b.mean[w]
                    ));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapse_percentiles_need_that_share_collapsed() {
        let h = [0, 3, 0, 2, 0];
        assert_eq!(collapse_percentile(&h, 10, 0.1), Some(2));
        assert_eq!(collapse_percentile(&h, 10, 0.5), Some(4));
        assert_eq!(collapse_percentile(&h, 10, 0.9), None);
    }
}
