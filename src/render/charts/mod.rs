//! One file per figure; this one picks the figure and holds what they share.

mod bars;
mod fan;
mod histogram;
mod survival;

use super::palette::{self, FACTORS};
use super::svg::{self, Key, Svg};
use super::{Chart, Options};
use crate::result::{SimulationResult, StrategyResult};

pub use bars::why_shares;

/// The figure for `options`, with `desc` as its description.
pub fn draw(result: &SimulationResult, options: &Options, desc: &str) -> String {
    let mut svg = Svg::new(options.width, options.height, options.theme.ink(), options.chart.title(), desc);
    let top = svg.title(options.chart.title());
    match options.chart {
        Chart::Velocity => fan::draw(&mut svg, top, result, |s| &s.series.velocity, "velocity (points / week)", &|v| {
            super::whole(v)
        }),
        Chart::Cash => fan::draw(&mut svg, top, result, |s| &s.series.cash, "cash ($)", &super::money),
        Chart::Survival(measure) => survival::draw(&mut svg, top, result, measure),
        Chart::Histogram => histogram::draw(&mut svg, top, result),
        Chart::Outcomes => bars::outcomes(&mut svg, top, result),
        Chart::Why => bars::why(&mut svg, top, result),
    }
    svg.finish()
}

/// One legend entry per strategy, a line in its colour.
fn strategy_keys(result: &SimulationResult) -> Vec<Key> {
    result
        .strategies
        .iter()
        .enumerate()
        .map(|(i, s)| Key {
            label: s.label.clone(),
            colour: palette::strategy(&s.id, i),
            line: true,
        })
        .collect()
}

/// Every `step`-th week (and the last), so a line has about one point per 2 px.
fn weeks_to_draw(weeks: usize, width: f64) -> Vec<usize> {
    let step = weeks.div_ceil(((width / 2.0) as usize).max(1)).max(1);
    let mut out: Vec<usize> = (0..weeks).step_by(step).collect();
    if weeks > 0 && out.last() != Some(&(weeks - 1)) {
        out.push(weeks - 1);
    }
    out
}

/// The week ticks of an x axis from 0 to `weeks`.
fn week_ticks(weeks: u32, width: f64) -> Vec<f64> {
    let target = ((width / 90.0) as usize).clamp(2, 12);
    super::svg::ticks(0.0, weeks as f64, target)
        .into_iter()
        .filter(|&t| t <= weeks as f64)
        .collect()
}

/// How many y ticks fit a height.
fn y_target(height: f64) -> usize {
    ((height / 50.0) as usize).clamp(2, 10)
}

/// The plot area below `below` for values from `lo` to `hi`, and the value
/// ticks: ticks chosen for the area's height, then a left gutter as wide as
/// the widest tick label `label` writes.
fn value_area(svg: &Svg, below: f64, lo: f64, hi: f64, label: &dyn Fn(f64) -> String) -> (svg::Area, Vec<f64>) {
    let probe = svg::Area::below(svg, below, 0.0);
    let ticks = svg::ticks(lo, hi, y_target(probe.bottom - probe.top));
    let widest = ticks.iter().map(|&t| svg::text_width(&label(t), svg::SMALL)).fold(0.0, f64::max);
    (svg::Area::below(svg, below, widest), ticks)
}

/// Factor label and colour, in the result's order.
fn factor(key: &str) -> (&'static str, &'static str) {
    FACTORS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map_or(("noise", "#BBBBBB"), |(_, l, c)| (*l, *c))
}

/// A strategy's label, for the figures' left-hand labels.
fn label(s: &StrategyResult) -> &str {
    &s.label
}

/// A percent tick label: `40 %`, `2.5 %`, `−50 %` (a true minus sign).
fn percent_tick(v: f64) -> String {
    let p = v * 100.0;
    let text = if libm::round(p) == libm::round(p * 10.0) / 10.0 {
        format!("{} %", libm::round(p).abs() as i64)
    } else {
        format!("{:.1} %", p.abs())
    };
    if p < -1e-9 {
        format!("−{text}")
    } else {
        text
    }
}
