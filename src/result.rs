//! The one result type every front serialises: the JSON the CLI prints, the
//! object the page charts, and the CSV of weekly percentiles.

use crate::model::FACTORS;
use crate::monte_carlo::{Accumulator, Outcome, FINE, METRICS, SHARE_SCALE};
use crate::scenario::Scenario;
use crate::stats::{LogHistogram, Ranks};
use crate::version::MODEL_VERSION;
use serde::{Deserialize, Deserializer, Serialize};

const PERCENTILES: [f64; 5] = [0.10, 0.25, 0.50, 0.75, 0.90];

/// Percentile bands of one metric, one value per week.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Bands {
    pub p10: Vec<f32>,
    pub p25: Vec<f32>,
    pub p50: Vec<f32>,
    pub p75: Vec<f32>,
    pub p90: Vec<f32>,
    pub mean: Vec<f32>,
}

impl Bands {
    /// The columns in the order they are declared (and serialised).
    fn columns_mut(&mut self) -> [&mut Vec<f32>; 6] {
        [
            &mut self.p10,
            &mut self.p25,
            &mut self.p50,
            &mut self.p75,
            &mut self.p90,
            &mut self.mean,
        ]
    }
}

/// Weekly bands per metric. `velocity` is the smoothed velocity collapse is
/// judged on; money is in dollars, runway in months (capped at 120).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Series {
    pub velocity: Bands,
    pub users: Bands,
    pub team: Bands,
    pub debt: Bands,
    pub features: Bands,
    pub revenue: Bands,
    pub burn: Bands,
    pub cash: Bands,
    pub runway: Bands,
}

impl Series {
    /// The metrics' bands in the order they are declared (and serialised).
    fn bands_mut(&mut self) -> [&mut Bands; 9] {
        [
            &mut self.velocity,
            &mut self.users,
            &mut self.team,
            &mut self.debt,
            &mut self.features,
            &mut self.revenue,
            &mut self.burn,
            &mut self.cash,
            &mut self.runway,
        ]
    }
}

/// Running out of cash: a competing risk beside collapse.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Cash {
    /// Share of runs that ran out of cash within the horizon.
    pub share: f32,
    pub week_p10: Option<u32>,
    pub week_p50: Option<u32>,
    pub week_p90: Option<u32>,
    /// Share of runs still funded at the end of each week.
    pub survival: Vec<f32>,
    /// Runs running out of cash in each week.
    pub histogram: Vec<u64>,
}

/// How runs ended at the horizon: the shares add up to one.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Outcomes {
    pub healthy: f32,
    pub recovered: f32,
    pub collapsed: f32,
    pub out_of_cash: f32,
    /// In a rewrite that had not finished by the horizon (never collapsed).
    pub frozen: f32,
}

/// Why velocity collapsed: each factor's mean share of the fall from the
/// smoothed peak to the collapse week (log shares; they add up to one;
/// negative where a factor pushed the other way). Null when nothing collapsed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Why {
    pub collapses: u64,
    pub team_size: f32,
    pub onboarding: f32,
    pub coordination: f32,
    pub debt_interest: f32,
    pub size_drag: f32,
    pub overload: f32,
    pub unplanned_work: f32,
    pub allocation: f32,
    pub noise: f32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Collapse {
    /// Share of runs that collapsed within the horizon (while funded).
    pub share: f32,
    /// The week by which 10 / 50 / 90 % of runs had collapsed; null when fewer did.
    pub week_p10: Option<u32>,
    pub week_p50: Option<u32>,
    pub week_p90: Option<u32>,
    /// Share of runs not yet collapsed at the end of each week.
    pub survival: Vec<f32>,
    /// Share of runs neither collapsed nor out of cash at the end of each week.
    pub survival_both: Vec<f32>,
    /// Runs collapsing in each week.
    pub histogram: Vec<u64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
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
    /// Share of runs healthy and funded at the horizon (the `healthy` outcome).
    pub healthy_share: f32,
    pub out_of_cash_share: f32,
    /// Median cash at the horizon, $ (0 for runs out of cash).
    pub cash_p50: f32,
    /// Median of everything spent ÷ feature points shipped, $ / point.
    pub cash_per_feature_p50: Option<f32>,
    pub rounds_per_run: f32,
    /// Median founders' share left after the rounds raised.
    pub ownership_p50: f32,
    pub pivots_per_run: f32,
    /// Share of runs with product-market fit by the horizon.
    pub fit_share: f32,
    pub rewrites_per_run: f32,
    /// Share of rewrites started that finished within the horizon.
    pub rewrite_finished_share: Option<f32>,
    /// Median actual ÷ planned length of finished rewrites.
    pub rewrite_overrun_p50: Option<f32>,
    /// Mean actual ÷ planned length of the worst sixth of finished rewrites.
    pub rewrite_worst_sixth_mean: Option<f32>,
    /// Share of finished rewrites that took at least 1.7× their plan.
    pub rewrite_overrun_share: Option<f32>,
    /// Share of runs that spent time in a planned freeze, and the median length.
    pub freeze_share: f32,
    pub freeze_weeks_p50: Option<u32>,
}

/// P(this strategy stays healthy longer than `against`) over paired runs.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Paired {
    pub against: String,
    pub win: f32,
    pub tie: f32,
    pub loss: f32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StrategyResult {
    pub id: String,
    pub label: String,
    pub collapse: Collapse,
    pub cash: Cash,
    pub outcomes: Outcomes,
    pub why: Option<Why>,
    pub series: Series,
    /// Smoothed velocity traces of runs 0, 1, 2, ... (at most 20).
    pub samples: Vec<Vec<f32>>,
    pub summary: Summary,
    pub paired: Vec<Paired>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SimulationResult {
    #[serde(deserialize_with = "this_model_version")]
    pub model_version: String,
    pub seed: u64,
    pub runs: u64,
    pub weeks: u32,
    pub scenario: serde_json::Value,
    pub strategies: Vec<StrategyResult>,
    /// With a calibrated scenario: its observed weeks against each
    /// strategy's first weeks (absent otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calibration: Option<crate::calibration::FitReport>,
}

/// A result read back (the renderer's input in the bindings) must be of
/// this model version: its numbers mean what this code says they mean.
fn this_model_version<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let version = String::deserialize(d)?;
    if version == MODEL_VERSION {
        Ok(version)
    } else {
        Err(serde::de::Error::custom(format_args!(
            "model_version {version:?} is not this model's {MODEL_VERSION:?}"
        )))
    }
}

/// Weekly percentile bands of one metric's histograms.
fn bands_of<const SUB: u32>(histograms: &[LogHistogram<SUB>]) -> Bands {
    let n = histograms.len();
    let mut b = Bands {
        p10: Vec::with_capacity(n),
        p25: Vec::with_capacity(n),
        p50: Vec::with_capacity(n),
        p75: Vec::with_capacity(n),
        p90: Vec::with_capacity(n),
        mean: Vec::with_capacity(n),
    };
    // Every week's histogram of a metric holds one value per run: the same
    // ranks for all, made once (`quantiles_ranked` makes them again for a
    // histogram of another count).
    let ranks = Ranks::new(histograms.first().map_or(0, |h| h.count()), PERCENTILES);
    for h in histograms {
        let q = h.quantiles_ranked(&ranks);
        b.p10.push(q[0] as f32);
        b.p25.push(q[1] as f32);
        b.p50.push(q[2] as f32);
        b.p75.push(q[3] as f32);
        b.p90.push(q[4] as f32);
        b.mean.push(h.mean() as f32);
    }
    b
}

/// Bands of `k ×` a metric: percentiles of a positive multiple are the multiples of its percentiles.
fn scaled(b: &Bands, k: f64) -> Bands {
    let times = |xs: &[f32]| xs.iter().map(|&x| (x as f64 * k) as f32).collect();
    Bands {
        p10: times(&b.p10),
        p25: times(&b.p25),
        p50: times(&b.p50),
        p75: times(&b.p75),
        p90: times(&b.p90),
        mean: times(&b.mean),
    }
}

fn share(count: u64, of: u64) -> f32 {
    if of == 0 {
        0.0
    } else {
        (count as f64 / of as f64) as f32
    }
}

/// The week by which a share `p` of `runs` had collapsed.
pub(crate) fn collapse_percentile(histogram: &[u64], runs: u64, p: f64) -> Option<u32> {
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
        let revenue_per_user = scenario.params.revenue_per_user();
        let strategies: Vec<StrategyResult> = scenario
            .strategies
            .iter()
            .zip(&acc.strategies)
            .map(|(s, t)| {
                let bands = |m: usize| {
                    if m < FINE {
                        bands_of(&t.series[m * weeks..(m + 1) * weeks])
                    } else {
                        bands_of(&t.money[(m - FINE) * weeks..(m - FINE + 1) * weeks])
                    }
                };
                let series = Series {
                    velocity: bands(0),
                    users: bands(1),
                    team: bands(2),
                    debt: bands(3),
                    features: bands(4),
                    revenue: scaled(&bands(1), revenue_per_user),
                    burn: bands(5),
                    cash: bands(6),
                    runway: bands(7),
                };
                let collapsed: u64 = t.collapse_weeks.iter().sum();
                let cashed_out: u64 = t.cash_out_weeks.iter().sum();
                let survival = |events: &[u64]| {
                    let mut left = runs;
                    events
                        .iter()
                        .map(|c| {
                            left -= c;
                            share(left, runs)
                        })
                        .collect::<Vec<f32>>()
                };
                let collapse = Collapse {
                    share: share(collapsed, runs),
                    week_p10: collapse_percentile(&t.collapse_weeks, runs, 0.1),
                    week_p50: collapse_percentile(&t.collapse_weeks, runs, 0.5),
                    week_p90: collapse_percentile(&t.collapse_weeks, runs, 0.9),
                    survival: survival(&t.collapse_weeks),
                    survival_both: survival(&t.end_weeks),
                    histogram: t.collapse_weeks.clone(),
                };
                let cash = Cash {
                    share: share(cashed_out, runs),
                    week_p10: collapse_percentile(&t.cash_out_weeks, runs, 0.1),
                    week_p50: collapse_percentile(&t.cash_out_weeks, runs, 0.5),
                    week_p90: collapse_percentile(&t.cash_out_weeks, runs, 0.9),
                    survival: survival(&t.cash_out_weeks),
                    histogram: t.cash_out_weeks.clone(),
                };
                let o = |k: Outcome| share(t.outcomes[k as usize], runs);
                let outcomes = Outcomes {
                    healthy: o(Outcome::Healthy),
                    recovered: o(Outcome::Recovered),
                    collapsed: o(Outcome::Collapsed),
                    out_of_cash: o(Outcome::OutOfCash),
                    frozen: o(Outcome::Frozen),
                };
                let why = (collapsed > 0).then(|| {
                    let mean = |k: usize| (t.why_sums[k] as f64 / SHARE_SCALE / collapsed as f64) as f32;
                    debug_assert_eq!(FACTORS.len(), 9);
                    Why {
                        collapses: collapsed,
                        team_size: mean(0),
                        onboarding: mean(1),
                        coordination: mean(2),
                        debt_interest: mean(3),
                        size_drag: mean(4),
                        overload: mean(5),
                        unplanned_work: mean(6),
                        allocation: mean(7),
                        noise: mean(8),
                    }
                });
                let rounds_p50 = collapse_percentile(&t.rounds, runs, 0.5).map_or(0, |i| i - 1);
                let froze: u64 = t.freeze_weeks.iter().sum();
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
                    healthy_share: outcomes.healthy,
                    out_of_cash_share: cash.share,
                    cash_p50: last(&series.cash),
                    cash_per_feature_p50: (t.cash_per_feature.count() > 0).then(|| t.cash_per_feature.quantiles([0.5])[0] as f32),
                    rounds_per_run: share(t.rounds.iter().enumerate().map(|(i, &c)| i as u64 * c).sum(), runs),
                    ownership_p50: libm::pow(1.0 - scenario.params.dilution, rounds_p50 as f64) as f32,
                    pivots_per_run: share(t.pivots, runs),
                    fit_share: share(t.fit, runs),
                    rewrites_per_run: share(t.rewrites, runs),
                    rewrite_finished_share: (t.rewrites > 0).then(|| share(t.rewrites_finished, t.rewrites)),
                    rewrite_overrun_p50: (t.rewrites_finished > 0).then(|| t.rewrite_overrun.quantiles([0.5])[0] as f32),
                    rewrite_worst_sixth_mean: (t.rewrites_finished > 0).then(|| t.rewrite_overrun.upper_mean(1.0 / 6.0) as f32),
                    rewrite_overrun_share: (t.rewrites_finished > 0).then(|| share(t.rewrites_overrun_badly, t.rewrites_finished)),
                    freeze_share: share(froze, runs),
                    freeze_weeks_p50: collapse_percentile(&t.freeze_weeks, froze, 0.5).map(|i| i - 1),
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
                    cash,
                    outcomes,
                    why,
                    series,
                    samples: t.samples.iter().map(|(_, trace)| trace.clone()).collect(),
                    summary,
                    paired,
                }
            })
            .collect();
        SimulationResult {
            model_version: MODEL_VERSION.to_string(),
            seed: scenario.seed,
            runs,
            weeks: weeks as u32,
            scenario: resolved.to_json(),
            calibration: scenario.calibration.as_ref().map(|t| {
                crate::calibration::report(
                    t,
                    scenario.collapse.smoothing,
                    weeks as u32,
                    strategies.iter().map(|s: &StrategyResult| {
                        let v = &s.series.velocity;
                        (s.id.as_str(), &v.p10[..], &v.p50[..], &v.p90[..])
                    }),
                )
            }),
            strategies,
        }
    }

    /// The result as JSON text (the CLI's and the browser's shared contract).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a result always serialises")
    }

    /// The result split for a reader that takes numbers in bulk (the page,
    /// whose results cross from a worker or out of the core): JSON text in which every
    /// weekly column — each band of each metric's series, each sample trace —
    /// is an empty array, and those columns' values, each `weeks` long, in
    /// the text's order: strategy by strategy, the series' metrics and bands
    /// as declared, then the samples. Filling the empty arrays in that order
    /// gives back the result, its columns as the f32 values [`Self::to_json`]
    /// writes in shortest decimal form. About a tenth of the text, and no
    /// decimal digits written or read for the other nine tenths.
    pub fn into_columns(mut self) -> (String, Vec<f32>) {
        let weeks = self.weeks as usize;
        let traces: usize = self.strategies.iter().map(|s| s.samples.len()).sum();
        let mut columns = Vec::with_capacity((self.strategies.len() * 9 * 6 + traces) * weeks);
        for s in &mut self.strategies {
            for bands in s.series.bands_mut() {
                for column in bands.columns_mut() {
                    columns.append(column);
                }
            }
            for trace in &mut s.samples {
                columns.append(trace);
            }
        }
        (self.to_json(), columns)
    }

    /// The exact text of a result [`Self::into_columns`] split — what
    /// [`Self::to_json`] writes, byte for byte — from its text and columns
    /// (a result that crossed to the page that way, whose text is asked for
    /// later: an export, a figure). Every other byte of the text is kept as
    /// it is: the text is read only as far as finding each emptied column
    /// (each band of `strategies[i].series`, each trace of
    /// `strategies[i].samples`, strings skipped whole), and each is written
    /// as `to_json` writes its f32 values. `Err` names what does not fit: a
    /// column that is not empty, more or fewer values than the columns
    /// hold, or text that is not such a result.
    pub fn text_from_columns(text: &str, columns: &[f32]) -> Result<String, String> {
        splice_columns(text, columns)
    }

    /// Reads a result back from its JSON text (what [`Self::to_json`] wrote,
    /// of this model version). f32 values round-trip exactly.
    pub fn from_json(text: &str) -> Result<SimulationResult, serde_json::Error> {
        serde_json::from_str(text)
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
                    "features" => &s.series.features,
                    "revenue" => &s.series.revenue,
                    "burn" => &s.series.burn,
                    "cash" => &s.series.cash,
                    _ => &s.series.runway,
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

/// Where the reader of [`SimulationResult::text_from_columns`] stands: in
/// an object (the key last read, and whether a key comes next) or in an array.
enum Frame {
    Object { key: String, key_next: bool },
    Array,
}

/// Whether an array that starts here is a column [`SimulationResult::into_columns`]
/// empties: `strategies[i].series.<metric>.<band>` or `strategies[i].samples[j]`.
fn is_column(stack: &[Frame]) -> bool {
    let key = |at: usize| match stack.get(at) {
        Some(Frame::Object { key, .. }) => Some(key.as_str()),
        _ => None,
    };
    let array = |at: usize| matches!(stack.get(at), Some(Frame::Array));
    if key(0) != Some("strategies") || !array(1) {
        return false;
    }
    match stack.len() {
        5 => key(2) == Some("series") && key(3).is_some() && key(4).is_some(),
        4 => key(2) == Some("samples") && array(3),
        _ => false,
    }
}

/// [`SimulationResult::text_from_columns`]: the text copied as it is, each
/// emptied column filled in from `columns`, `weeks` values each (the
/// `weeks` field, which comes before the strategies).
fn splice_columns(text: &str, columns: &[f32]) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + columns.len() * 12);
    let mut stack: Vec<Frame> = Vec::new();
    let mut weeks: Option<usize> = None;
    let mut rest = columns;
    let mut copied = 0;
    let mut i = 0;
    let broken = |at: usize| format!("the text is not a result's JSON at byte {at}");
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                if i >= bytes.len() {
                    return Err(broken(start - 1));
                }
                if let Some(Frame::Object {
                    key,
                    key_next: key_next @ true,
                }) = stack.last_mut()
                {
                    *key = text[start..i].to_string();
                    *key_next = false;
                }
                i += 1;
            }
            b'{' => {
                stack.push(Frame::Object {
                    key: String::new(),
                    key_next: true,
                });
                i += 1;
            }
            b'[' => {
                if is_column(&stack) {
                    if bytes.get(i + 1) != Some(&b']') {
                        return Err("a column with values in the text, not an empty one".to_string());
                    }
                    let weeks = weeks.ok_or_else(|| broken(i))?;
                    if rest.len() < weeks {
                        return Err(format!("the columns end at {} values", columns.len()));
                    }
                    let (this, next) = rest.split_at(weeks);
                    rest = next;
                    out.push_str(&text[copied..i]);
                    out.push_str(&serde_json::to_string(this).expect("f32 values always serialise"));
                    i += 2;
                    copied = i;
                } else {
                    stack.push(Frame::Array);
                    i += 1;
                }
            }
            b'}' | b']' => {
                stack.pop().ok_or_else(|| broken(i))?;
                i += 1;
            }
            b',' => {
                if let Some(Frame::Object { key_next, .. }) = stack.last_mut() {
                    *key_next = true;
                }
                i += 1;
            }
            _ => {
                // A number, literal or `:`; the horizon is read where it stands.
                if stack.len() == 1 && bytes[i] != b':' {
                    if let Some(Frame::Object { key, .. }) = stack.first() {
                        if key == "weeks" && weeks.is_none() {
                            let end = text[i..].find([',', '}']).map_or(text.len(), |n| i + n);
                            weeks = Some(text[i..end].parse().map_err(|_| broken(i))?);
                            i = end;
                            continue;
                        }
                    }
                }
                i += 1;
            }
        }
    }
    if !stack.is_empty() {
        return Err(broken(text.len()));
    }
    if !text.starts_with('{') || rest.len() == columns.len() {
        return Err("the text is not a result's JSON: it has no weekly columns".to_string());
    }
    if !rest.is_empty() {
        return Err(format!(
            "the columns hold {} values, {} more than the text's empty columns",
            columns.len(),
            rest.len()
        ));
    }
    out.push_str(&text[copied..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::monte_carlo::Simulation;

    #[test]
    fn a_result_split_into_columns_fills_back_to_the_same_text() {
        let sim = Simulation::new(Scenario {
            runs: 30,
            weeks: 40,
            ..Scenario::default()
        });
        let result = SimulationResult::finish(&sim.run_all(), &sim.scenario);
        let text = result.to_json();
        let samples: usize = result.strategies.iter().map(|s| s.samples.len()).sum();
        let (skeleton, columns) = result.into_columns();
        assert_eq!(columns.len(), (sim.scenario.strategies.len() * 54 + samples) * 40);
        assert!(
            samples > 0 && skeleton.len() * 5 < text.len(),
            "{} of {} bytes",
            skeleton.len(),
            text.len()
        );
        assert_eq!(SimulationResult::text_from_columns(&skeleton, &columns).unwrap(), text);
        let err = |columns: &[f32]| SimulationResult::text_from_columns(&skeleton, columns).unwrap_err();
        assert_eq!(err(&columns[1..]), format!("the columns end at {} values", columns.len() - 1));
        let longer = [&columns[..], &[1.0]].concat();
        assert_eq!(
            err(&longer),
            format!("the columns hold {} values, 1 more than the text's empty columns", longer.len())
        );
        let whole = SimulationResult::text_from_columns(&text, &columns).unwrap_err();
        assert_eq!(whole, "a column with values in the text, not an empty one");
        assert_eq!(
            SimulationResult::text_from_columns(&skeleton[..skeleton.len() - 1], &columns).unwrap_err(),
            format!("the text is not a result's JSON at byte {}", skeleton.len() - 1)
        );
        assert_eq!(
            SimulationResult::text_from_columns("not a result", &[]).unwrap_err(),
            "the text is not a result's JSON: it has no weekly columns"
        );
    }

    /// Labels that look like the text's own structure, escapes, one
    /// strategy (no pairs: an empty array that is not a column), observed
    /// weeks and the largest seed: only the columns are filled in.
    #[test]
    fn only_the_columns_are_filled_in_whatever_the_labels_say() {
        let label = r#"[] \"series\":{\"p10\":[]} \\ \"samples\":[[]] ]["#;
        for strategies in [
            format!(r#"[{{"id":"odd","label":"{label}","refactor_share":0.2}},"feature-first"]"#),
            format!(r#"[{{"id":"odd","label":"{label}"}}]"#),
        ] {
            let file = format!(
                r#"{{"runs":25,"weeks":30,"seed":18446744073709551615,"strategies":{strategies},
                "calibration":{{"unit":"items","delivered":[5,6,7,5,8,6,7,9]}}}}"#
            );
            let scenario = Scenario::from_json(&file, &crate::scenario::Overrides::default()).unwrap();
            let sim = Simulation::new(scenario);
            let result = SimulationResult::finish(&sim.run_all(), &sim.scenario);
            let text = result.to_json();
            assert!(text.contains("series\\\":{") && text.contains("\"calibration\":{"), "{text}");
            let (skeleton, columns) = result.into_columns();
            assert_eq!(SimulationResult::text_from_columns(&skeleton, &columns).unwrap(), text);
        }
    }

    #[test]
    fn collapse_percentiles_need_that_share_collapsed() {
        let h = [0, 3, 0, 2, 0];
        assert_eq!(collapse_percentile(&h, 10, 0.1), Some(2));
        assert_eq!(collapse_percentile(&h, 10, 0.5), Some(4));
        assert_eq!(collapse_percentile(&h, 10, 0.9), None);
    }
}
